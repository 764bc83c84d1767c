"""QR codes in the GUI: "Show my card" for a partner to scan, and reading a badge's QR code.

``MyCardDialog`` draws your card's QR code large, black on white, with its
quiet zone, crisp at any size (it paints the modules itself). ``ReadQrDialog``
takes a badge photo (file dialog or drag and drop), an image on the
clipboard, or the camera (QtMultimedia, a frame decoded every 300 ms), and
hands image bytes to ``core.qr`` through the task runner. Core never sees a
Qt object: images travel as PNG bytes.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QImage, QKeySequence, QPainter, QPixmap, QShortcut
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFrame, QHBoxLayout,
                               QLabel, QMessageBox, QPushButton, QSizePolicy, QVBoxLayout, QWidget)

from core.book.fields import DISPLAY_NAME, JOB_TITLE
from core.i18n import _
from core.store.files import write_file_atomically
from ui.dialogs.file_dialogs import choose_open_file, choose_save_file, follow_saved_link, saved_file_text
from ui.widgets.common import dialog_layout, muted_label, fit_to_screen

IMAGE_FILTER = "*.png *.jpg *.jpeg *.gif *.bmp *.webp *.tif *.tiff"
SCAN_INTERVAL_MS = 300
QUIET_ZONE = 4  # modules of white around the code, as the standard asks


def image_to_png(image: QImage, max_side: int = 0) -> bytes:
    """A QImage as PNG bytes (what core reads), optionally scaled down to *max_side* pixels."""
    if max_side and max(image.width(), image.height()) > max_side:
        image = image.scaled(max_side, max_side, Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG", 100)  # 100: least compression, the fastest to write
    buffer.close()
    return bytes(data)


class QrCodeWidget(QWidget):
    """A QR code drawn module by module: whole pixels per module, centred, with its quiet zone."""

    def __init__(self, matrix: list[list[bool]] | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("qrCode")
        self._matrix = matrix or []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(260, 260)

    def set_matrix(self, matrix: list[list[bool]]) -> None:
        """Show the code with these modules (rows of booleans, True = dark)."""
        self._matrix = matrix
        self.update()

    def module_size(self) -> int:
        """Pixels per module at the current size (0 when there is no code)."""
        count = len(self._matrix) + 2 * QUIET_ZONE
        return min(self.width(), self.height()) // count if self._matrix else 0

    def sizeHint(self) -> QSize:
        return QSize(560, 560)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return width

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        module = self.module_size()
        if not module:
            return
        count = len(self._matrix)
        side = module * (count + 2 * QUIET_ZONE)
        left = (self.width() - side) // 2 + module * QUIET_ZONE
        top = (self.height() - side) // 2 + module * QUIET_ZONE
        black = QColor("black")
        for y, row in enumerate(self._matrix):
            for x, dark in enumerate(row):
                if dark:
                    painter.fillRect(QRect(left + x * module, top + y * module, module, module), black)


class MyCardDialog(QDialog):
    """Show my card: your details as a large QR code a partner scans across the table."""

    edit_card_requested = Signal()

    def __init__(self, db, parent: QWidget | None = None):
        super().__init__(parent)
        from core.exchange.qr import QrError, my_card_contact, my_card_vcard, qr_matrix

        self.setObjectName("myCardDialog")
        self.setWindowTitle(_("My card"))
        self._db = db
        self.contact = my_card_contact(db)
        try:
            self.vcard = my_card_vcard(db)
        except QrError:
            self.vcard = None
        # Pure white around the code: scanners need contrast, the app's grey lowers it.
        self.setStyleSheet("QDialog#myCardDialog { background: white; }")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(28, 24, 28, 18)
        outer.setSpacing(10)
        self.code = QrCodeWidget(qr_matrix(self.vcard) if self.vcard else None)
        if self.vcard is None:
            outer.addStretch(1)
            empty = QLabel(_("Your card is empty."))
            empty.setObjectName("pageTitle")
            empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
            outer.addWidget(empty)
            hint = muted_label(_("Enter your name, company, email and phone once under "
                                 "Edit ▸ Preferences ▸ Your card; then show them here as a QR code."),
                               wrap=True)
            hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
            outer.addWidget(hint)
            edit = QPushButton(_("Fill in your card…"))
            edit.setObjectName("editCardButton")
            edit.setProperty("role", "primary")
            edit.clicked.connect(self._request_edit)
            outer.addWidget(edit, 0, Qt.AlignmentFlag.AlignCenter)
            outer.addStretch(1)
            self.code.hide()
        else:
            outer.addWidget(self.code, 1)
            name = QLabel(self.contact[DISPLAY_NAME.name])
            name.setObjectName("myCardName")
            font = QFont(name.font())
            font.setPointSizeF(font.pointSizeF() * 2.2)
            font.setWeight(QFont.Weight.Bold)
            name.setFont(font)
            name.setAlignment(Qt.AlignmentFlag.AlignCenter)
            outer.addWidget(name)
            work = " · ".join(p for p in (self.contact.get(JOB_TITLE.name), self.contact.get("company")) if p)
            if work:
                work_label = QLabel(work)
                big = QFont(work_label.font())
                big.setPointSizeF(big.pointSizeF() * 1.4)
                work_label.setFont(big)
                work_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
                outer.addWidget(work_label)
            hint = muted_label(_("Scan with a phone camera to save my contact details."))
            hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
            outer.addWidget(hint)
        buttons = QHBoxLayout()
        self.save_button = QPushButton(_("Save as image…"))
        self.save_button.setObjectName("saveQrButton")
        self.save_button.clicked.connect(self.save_image)
        self.full_screen_button = QPushButton(_("Full screen"))
        self.full_screen_button.setObjectName("fullScreenButton")
        self.full_screen_button.setCheckable(True)
        self.full_screen_button.toggled.connect(self.set_full_screen)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.reject)
        for button in (self.save_button, self.full_screen_button, close):
            button.setAutoDefault(False)  # nothing here is the main action; none looks like one
        for button in (self.save_button, self.full_screen_button):
            button.setEnabled(self.vcard is not None)
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        outer.addLayout(buttons)
        # After Save as image: where it went, with Open and Show in folder.
        self.saved_note = muted_label(wrap=True)
        self.saved_note.setObjectName("savedNote")
        self.saved_note.linkActivated.connect(lambda link: follow_saved_link(link, self.saved_path))
        self.saved_note.hide()
        self.saved_path = ""
        outer.addWidget(self.saved_note)
        QShortcut(QKeySequence("F11"), self, activated=self.full_screen_button.toggle)
        fit_to_screen(self, 640, 820)  # or less: the screen it opens on

    def _request_edit(self) -> None:
        self.edit_card_requested.emit()
        self.reject()

    def set_full_screen(self, on: bool) -> None:
        """Fill the screen with the code (a partner scans from further away), or go back."""
        self.full_screen_button.setText(_("Leave full screen") if on else _("Full screen"))
        if on:
            self._normal_geometry = self.geometry()
            self.showFullScreen()
            # Without a window manager (or with one that ignores the request) fill the screen anyway.
            self.setGeometry(self.screen().geometry())
        else:
            self.showNormal()
            if getattr(self, "_normal_geometry", None) is not None:
                self.setGeometry(self._normal_geometry)

    def save_image(self, path: str | None = None) -> str | None:
        """Save the code as PNG or SVG (asks where when *path* is None); return the path written."""
        from core.exchange.qr import render_qr

        if self.vcard is None:
            return None
        if path is None:
            path = choose_save_file(self, _("Save my card as"), _("PNG image (*.png);;SVG image (*.svg)"),
                                    _("My card") + ".png")
            if not path:
                return None
        kind = "svg" if path.lower().endswith(".svg") else "png"
        if not path.lower().endswith(f".{kind}"):
            path += f".{kind}"
        try:
            write_file_atomically(path, render_qr(self.vcard, kind))
        except OSError as exc:
            QMessageBox.warning(self, _("Save my card as"), _("Could not save {path}: {error}").format(
                path=path, error=exc.strerror or exc))
            return None
        self.saved_path = path
        self.saved_note.setText(saved_file_text(path))
        self.saved_note.show()
        return path


class _DropArea(QFrame):
    """The dashed box that takes a dropped badge photo (a file or an image dragged from a browser)."""

    image_dropped = Signal(bytes)
    unreadable_drop = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("qrDropArea")
        self.setProperty("role", "emptyState")
        self.setAcceptDrops(True)
        self.setMinimumHeight(260)
        layout = QVBoxLayout(self)
        self.preview = QLabel()
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.text = muted_label(_("Drop a photo of the badge or card here"), wrap=True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.text)

    def show_image(self, image: QImage) -> None:
        """Show *image* (a photo or a camera frame) scaled into the box."""
        pixmap = QPixmap.fromImage(image).scaled(
            self.preview.size(), Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation)
        self.preview.setPixmap(pixmap)

    def dragEnterEvent(self, event) -> None:
        mime = event.mimeData()
        if mime.hasImage() or any(u.isLocalFile() for u in mime.urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        mime = event.mimeData()
        files = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]
        if files:
            try:
                self.image_dropped.emit(Path(files[0]).read_bytes())
            except OSError as exc:
                self.unreadable_drop.emit(f"{files[0]}: {exc.strerror or exc}")
        elif mime.hasImage():
            self.image_dropped.emit(image_to_png(QImage(mime.imageData())))
        event.acceptProposedAction()


class CameraScanner(QWidget):
    """The camera's picture, with a frame decoded every 300 ms until a card is found.

    QCamera → QMediaCaptureSession → QVideoSink; each decode runs on the task
    runner with the frame as PNG bytes, one at a time.
    """

    card_found = Signal(object)  # core.exchange.qr.ScannedCard
    message_changed = Signal(str)

    def __init__(self, runner, device, parent: QWidget | None = None):
        super().__init__(parent)
        from PySide6.QtMultimedia import QCamera, QMediaCaptureSession, QVideoSink

        self._runner = runner
        self._frame = None
        self._busy = False
        self.camera = QCamera(device, self)
        self.session = QMediaCaptureSession(self)
        self.sink = QVideoSink(self)
        self.session.setCamera(self.camera)
        self.session.setVideoSink(self.sink)
        self.sink.videoFrameChanged.connect(self._on_frame)
        self.camera.errorOccurred.connect(lambda _error, text: self.message_changed.emit(
            _("The camera stopped: {error}").format(error=text)))
        self.timer = QTimer(self)
        self.timer.setInterval(SCAN_INTERVAL_MS)
        self.timer.timeout.connect(self.decode_latest)
        self.frame_shown = None  # a callable taking a QImage, for the preview

    def start(self) -> None:
        """Start the camera and the decoding."""
        self.camera.start()
        self.timer.start()

    def stop(self) -> None:
        """Stop decoding and release the camera."""
        self.timer.stop()
        self.camera.stop()

    def _on_frame(self, frame) -> None:
        self._frame = frame
        if self.frame_shown is not None and frame.isValid():
            self.frame_shown(frame.toImage())

    def decode_latest(self) -> None:
        """Hand the newest frame to the decoder unless one is still being decoded."""
        from core.exchange.qr import read_card_from_image

        if self._busy or self._frame is None or not self._frame.isValid():
            return
        image = self._frame.toImage().convertToFormat(QImage.Format.Format_Grayscale8)
        self._busy = True
        self._runner.run(read_card_from_image, image_to_png(image, 1280),
                         on_done=self._found, on_error=self._not_yet)

    def _found(self, card) -> None:
        self._busy = False
        self.stop()
        self.card_found.emit(card)

    def _not_yet(self, exc: BaseException) -> None:
        from core.exchange.qr import QrError

        self._busy = False
        if isinstance(exc, QrError) and "no business card" in str(exc):
            self.message_changed.emit(str(exc))  # a code was seen, but not a card: say so


def has_camera() -> bool:
    """True when the system offers at least one camera."""
    from PySide6.QtMultimedia import QMediaDevices

    return bool(QMediaDevices.videoInputs())


class ReadQrDialog(QDialog):
    """Add contact from QR code: a badge photo, a pasted screenshot or the camera → a card."""

    card_read = Signal(object)  # core.exchange.qr.ScannedCard

    def __init__(self, runner, parent: QWidget | None = None, *, camera_available: bool | None = None):
        super().__init__(parent)
        self.setObjectName("readQrDialog")
        self.setWindowTitle(_("Add contact from QR code"))
        self._runner = runner
        self.card = None
        self.scanner: CameraScanner | None = None

        outer = dialog_layout(self, _("Add contact from QR code"), _(
            "Reads the vCard or MECARD QR code on a badge or business card. "
            "You check the details before the contact is saved."))
        self.drop_area = _DropArea()
        self.drop_area.image_dropped.connect(self.read_bytes)
        self.drop_area.unreadable_drop.connect(self.show_error)
        outer.addWidget(self.drop_area, 1)
        self.message = QLabel()
        self.message.setObjectName("qrMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        outer.addWidget(self.message)

        row = QHBoxLayout()
        # Made on the dialog, as the form dialogs' Save: setDefault() registers it as the dialog's default
        # only while its window is the dialog.
        self.open_button = QPushButton(_("Open photo…"), self)
        self.open_button.setObjectName("openPhotoButton")
        self.open_button.clicked.connect(self.open_photo)
        self.paste_button = QPushButton(_("Paste image"))
        self.paste_button.setObjectName("pasteImageButton")
        self.paste_button.setToolTip(_("A screenshot or an image copied to the clipboard (Ctrl+V)"))
        self.paste_button.clicked.connect(self.paste_image)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Paste), self, activated=self.paste_image)
        self.camera_button = QPushButton(_("Scan with camera"))
        self.camera_button.setObjectName("cameraButton")
        self.camera_button.setCheckable(True)
        self.camera_button.toggled.connect(self.set_camera_on)
        for button in (self.open_button, self.paste_button, self.camera_button):
            button.setAutoDefault(False)
            row.addWidget(button)
        self.open_button.setDefault(True)
        row.addStretch(1)
        outer.addLayout(row)
        if camera_available is None:
            camera_available = has_camera()
        self.camera_button.setEnabled(camera_available)
        self.camera_note = muted_label(
            "" if camera_available else
            _("No camera found on this computer. Open a photo of the badge, drop it above, or paste "
              "a screenshot instead."), wrap=True)
        self.camera_note.setObjectName("cameraNote")
        self.camera_note.setVisible(not camera_available)
        outer.addWidget(self.camera_note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        fit_to_screen(self, 620, 600)  # or less: the screen it opens on

    # Sources ------------------------------------------------------------------------------------

    def open_photo(self) -> None:
        """Pick an image file and read it."""
        path = choose_open_file(self, _("Open a photo of the badge"),
                                _("Images ({patterns})").format(patterns=IMAGE_FILTER))
        if path:
            self.read_file(path)

    def read_file(self, path: str) -> None:
        """Read the QR code in the image file at *path*."""
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            self.show_error(f"{path}: {exc.strerror or exc}")
            return
        self.read_bytes(data)

    def paste_image(self) -> None:
        """Read the image on the clipboard (a screenshot of an email signature, a badge)."""
        from PySide6.QtWidgets import QApplication

        clipboard = QApplication.clipboard()
        image = clipboard.image()
        if image.isNull():
            urls = [u for u in clipboard.mimeData().urls() if u.isLocalFile()] if clipboard.mimeData() else []
            if urls:
                self.read_file(urls[0].toLocalFile())
                return
            self.show_error(_("The clipboard holds no image. Copy a screenshot or a photo first."))
            return
        self.read_bytes(image_to_png(image))

    def set_camera_on(self, on: bool) -> None:
        """Start or stop scanning with the first camera."""
        from PySide6.QtMultimedia import QMediaDevices

        if not on:
            if self.scanner is not None:
                self.scanner.stop()
            return
        devices = QMediaDevices.videoInputs()
        if not devices:
            self.camera_button.setChecked(False)
            self.show_error(_("No camera found on this computer."))
            return
        if self.scanner is None:
            self.scanner = CameraScanner(self._runner, devices[0], self)
            self.scanner.frame_shown = self.drop_area.show_image
            self.scanner.card_found.connect(self._on_card)
            self.scanner.message_changed.connect(self.show_error)
        self.show_note(_("Hold the badge's QR code in front of the camera…"))
        self.scanner.start()

    # Reading ------------------------------------------------------------------------------------

    def read_bytes(self, data: bytes) -> None:
        """Decode image bytes in the background; a card closes the dialog, a problem is shown here."""
        from core.exchange.qr import read_card_from_image

        image = QImage.fromData(data)
        if not image.isNull():
            self.drop_area.show_image(image)
        self.show_note(_("Reading the QR code…"))
        self._runner.run(read_card_from_image, data, on_done=self._on_card,
                         on_error=lambda exc: self.show_error(str(exc)))

    def _on_card(self, card) -> None:
        self.card = card
        if self.scanner is not None:
            self.scanner.stop()
        self.card_read.emit(card)
        self.accept()

    def show_error(self, text: str) -> None:
        """Show a problem (in red) under the picture."""
        self.message.setProperty("role", "error")
        self.message.setText(text)
        self.message.show()
        self._repolish()

    def show_note(self, text: str) -> None:
        """Show progress (in grey) under the picture."""
        self.message.setProperty("role", "muted")
        self.message.setText(text)
        self.message.show()
        self._repolish()

    def _repolish(self) -> None:
        from ui.style import repolish

        repolish(self.message)

    def done(self, result: int) -> None:
        if self.scanner is not None:
            self.scanner.stop()
        super().done(result)


def duplicate_notice(db, card) -> QLabel | None:
    """A line for the prefilled contact dialog when the scanned card may already be in the book."""
    from core.book.duplicates import find_duplicates_for_fields

    fields = {k: v for k, v in card.fields.items() if not k.startswith("_")}
    matches = find_duplicates_for_fields(db, fields, company=card.company)
    if not matches:
        return None
    label = QLabel(_("Possibly already in your contacts: {who}").format(
        who="; ".join(f"{m.display_name} ({m.reason_label})" for m in matches[:3])))
    label.setObjectName("scanDuplicateNotice")
    label.setProperty("role", "overdue")
    label.setWordWrap(True)
    return label
