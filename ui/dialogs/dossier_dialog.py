"""DossierDialog: a partner's dossier (or a day's batch) previewed inside the app, printed or saved."""

from __future__ import annotations

import threading

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QSize, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (QComboBox, QDialog, QHBoxLayout, QLabel, QMessageBox,
                               QProgressDialog, QPushButton, QVBoxLayout, QWidget)

from core.i18n import _, match_shipped_language, ngettext
from core.store.files import write_file_atomically
from core.store.file_names import make_safe_file_name
from ui.dialogs.file_dialogs import choose_save_file, follow_saved_link, saved_file_text
from ui.widgets.common import fit_to_screen


class ProgressRelay(QObject):
    """Carries a worker's progress to the GUI thread (signals cross threads queued)."""

    progressed = Signal(int, int)


def print_pdf(document: QPdfDocument, printer: QPrinter) -> int:
    """Draw every page of *document* on *printer* at its resolution; return the pages printed."""
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    try:
        for index in range(document.pageCount()):
            if index:
                printer.newPage()
            target = painter.viewport()
            points = document.pagePointSize(index)
            scale = min(target.width() / points.width(), target.height() / points.height())
            size = QSize(int(points.width() * scale), int(points.height() * scale))
            painter.drawImage(0, 0, document.render(index, size))
    finally:
        painter.end()
    return document.pageCount()


class DossierDialog(QDialog):
    """Preview of a dossier made in the background, with Print…, Save as… and the dossier language.

    Give a *contact_id* (and optionally *meeting_id*) for one partner, or a *day*
    for the batch of that day's meetings with its cover agenda.
    """

    dossier_ready = Signal()

    def __init__(self, runner, *, contact_id: str | None = None, meeting_id: str | None = None,
                 day=None, title: str = "", language: str = "en", parent: QWidget | None = None):
        super().__init__(parent)
        from core.dossier.render import dossier_languages

        self.runner = runner
        self.contact_id, self.meeting_id, self.day = contact_id, meeting_id, day
        self.pdf_bytes: bytes | None = None
        self._handle = None
        self._cancel = threading.Event()
        self.setObjectName("dossierDialog")
        self.setWindowTitle(title or _("Dossier"))
        fit_to_screen(self, 900, 1000)  # at 1280×720 a fixed 1000 px would put the lower third off-screen

        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        self._buffer: QBuffer | None = None

        self.status_label = QLabel(_("Preparing the dossier…"))
        self.status_label.setProperty("role", "muted")
        self.saved_path = ""
        self.status_label.linkActivated.connect(lambda link: follow_saved_link(link, self.saved_path))
        self.language_combo = QComboBox()
        for code, name in dossier_languages().items():
            self.language_combo.addItem(name, code)
        index = self.language_combo.findData(match_shipped_language(language))
        self.language_combo.setCurrentIndex(max(index, 0))
        self.language_combo.setToolTip(_("Language of the labels, dates and numbers"))
        self.language_combo.currentIndexChanged.connect(lambda _index: self.render())
        self.print_button = QPushButton(_("Print…"))
        self.print_button.setProperty("role", "primary")
        self.print_button.clicked.connect(self.print_dossier)
        self.save_button = QPushButton(_("Save as PDF…"))
        self.save_button.clicked.connect(self.save_dossier)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.reject)

        bar = QHBoxLayout()
        bar.addWidget(self.status_label, 1)
        bar.addWidget(QLabel(_("Language")))
        bar.addWidget(self.language_combo)
        bar.addWidget(self.save_button)
        bar.addWidget(self.print_button)
        bar.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self._set_ready(False)
        self.render()

    @property
    def language(self) -> str:
        """The language the dossier is written in."""
        return self.language_combo.currentData() or "en"

    def _set_ready(self, ready: bool) -> None:
        self.print_button.setEnabled(ready)
        self.save_button.setEnabled(ready)

    def render(self) -> None:
        """Make the dossier again in the background (e.g. after the language changed)."""
        from core.dossier.render import render_dossier, render_dossier_batch

        self._set_ready(False)
        self.status_label.setText(_("Preparing the dossier…"))
        self.runner.cancel(self._handle)
        self._cancel = threading.Event()
        if self.day is not None:
            relay = ProgressRelay(self)
            progress = QProgressDialog(_("Preparing the day's dossiers…"), _("Cancel"), 0, 100, self)
            progress.setObjectName("dossierProgress")
            progress.setWindowModality(Qt.WindowModality.WindowModal)
            progress.setMinimumDuration(300)
            cancel = self._cancel
            progress.canceled.connect(cancel.set)
            relay.progressed.connect(lambda done, total: (progress.setMaximum(total), progress.setValue(done)))
            self._progress = progress

            def work(db, day, language):
                return render_dossier_batch(db, None, day=day, language=language,
                                            progress=relay.progressed.emit, is_cancelled=cancel.is_set)

            self._handle = self.runner.run_db(work, self.day, self.language, on_done=self._show,
                                              on_error=self._failed)
        else:
            self._progress = None
            self._handle = self.runner.run_db(
                lambda db, cid, mid, lang: render_dossier(db, cid, None, language=lang, meeting_id=mid),
                self.contact_id, self.meeting_id, self.language, on_done=self._show, on_error=self._failed)

    def _close_progress(self) -> None:
        if self._progress is not None:
            self._progress.reset()
            self._progress = None

    def _show(self, result) -> None:
        self._close_progress()
        self.pdf_bytes = result.data
        self._buffer = QBuffer(self)
        self._buffer.setData(QByteArray(result.data))
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        text = ngettext("{n} page", "{n} pages", result.pages).format(n=result.pages)
        if result.missing_fonts:
            text += " · " + _("no font installed for {scripts}").format(scripts=", ".join(result.missing_fonts))
        self.status_label.setText(text)
        self._set_ready(True)
        self.dossier_ready.emit()

    def _failed(self, exc: BaseException) -> None:
        from core.dossier.render import DossierCancelled

        self._close_progress()
        if isinstance(exc, DossierCancelled):
            self.status_label.setText(_("Cancelled: nothing was made."))
            return
        self.status_label.setText(_("The dossier could not be made: {error}").format(error=exc))

    def suggested_file_name(self) -> str:
        """A file name for Save as…: the partner's name or the day."""
        if self.day is not None:
            return make_safe_file_name(_("Dossiers {date}").format(date=self.day.isoformat()), ".pdf")
        return make_safe_file_name(self.windowTitle(), ".pdf", fallback=_("Dossier"))

    def save_dossier(self, path: str | None = None) -> str | None:
        """Save the PDF (asking where unless *path* is given); return the path written."""
        if not self.pdf_bytes:
            return None
        if not path:
            path = choose_save_file(self, _("Save dossier"), _("PDF files (*.pdf)"), self.suggested_file_name())
        if not path:
            return None
        try:
            write_file_atomically(path, self.pdf_bytes)
        except OSError as exc:
            QMessageBox.warning(self, _("Save dossier"), _("Could not save {path}: {error}").format(
                path=path, error=exc.strerror or exc))
            return None
        self.saved_path = path
        self.status_label.setText(saved_file_text(path))  # with Open and Show in folder
        return path

    def print_dossier(self) -> None:
        """Print through the system's print dialog."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.windowTitle())
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            pages = print_pdf(self.document, printer)
            self.status_label.setText(ngettext("Sent {n} page to the printer", "Sent {n} pages to the printer",
                                               pages).format(n=pages))
