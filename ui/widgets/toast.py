"""UndoToast: a short message at the bottom of the window, with an Undo button, that goes away by itself."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from core.i18n import _


class UndoToast(QFrame):
    """Non-modal: it never takes the focus, so typing goes on; Tab reaches its button, Esc closes it."""

    undo_requested = Signal()

    SHOW_MS = 6000

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("undoToast")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(_("Notification"))
        # Screen readers announce the text of a status-like widget when it changes.
        self.setAccessibleDescription(_("Press Ctrl+Z to undo"))
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 8, 8, 8)
        row.setSpacing(12)
        self.label = QLabel()
        self.label.setObjectName("undoToastText")
        row.addWidget(self.label, 1)
        self.undo_button = QPushButton(_("Undo"))
        self.undo_button.setObjectName("undoToastButton")
        self.undo_button.setProperty("role", "link")
        self.undo_button.setToolTip(_("Undo (Ctrl+Z)"))
        self.undo_button.clicked.connect(self._undo)
        row.addWidget(self.undo_button)
        # Open what was just made (a contact, a file) and, for a file, its folder.
        self.saved_path = ""
        self._on_open = None
        self.open_button = self._link_button(_("Open"), "undoToastOpen", row)
        self.open_button.clicked.connect(self._open)
        self.folder_button = self._link_button(_("Show in folder"), "undoToastFolder", row)
        self.folder_button.clicked.connect(lambda: self._follow("folder"))
        self.close_button = QPushButton("×")
        self.close_button.setObjectName("undoToastClose")
        self.close_button.setProperty("role", "link")
        self.close_button.setAccessibleName(_("Close"))
        self.close_button.clicked.connect(self.hide)
        row.addWidget(self.close_button)
        self.setStyleSheet("#undoToast { background: #1f2937; border-radius: 8px; }"
                           "#undoToast QLabel { color: white; }"
                           "#undoToast QPushButton { color: #93c5fd; font-weight: 600; }")
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.hide)
        parent.installEventFilter(self)
        self.hide()

    def _link_button(self, text: str, name: str, row) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setProperty("role", "link")
        button.hide()
        row.addWidget(button)
        return button

    def show_message(self, text: str, *, can_undo: bool, on_open=None) -> None:
        """Show *text* for a few seconds; with *can_undo* the Undo button too, with *on_open* an Open button."""
        self._on_open = on_open
        self._show(text, undo=can_undo, open_=on_open is not None, folder=False)

    def show_saved_file(self, path: str) -> None:
        """"Saved to NAME" with Open and Show in folder."""
        import os

        self.saved_path = path
        self._on_open = lambda: self._follow("open")
        self._show(_("Saved to {name}").format(name=os.path.basename(path)), undo=False, open_=True, folder=True)
        self.label.setToolTip(path)

    def _open(self) -> None:
        on_open = self._on_open
        self.hide()
        if on_open is not None:
            on_open()

    def _follow(self, link: str) -> None:
        from ui.dialogs.file_dialogs import follow_saved_link

        self.hide()
        follow_saved_link(link, self.saved_path)

    def _show(self, text: str, *, undo: bool, open_: bool, folder: bool) -> None:
        self.label.setText(text)
        self.label.setToolTip("")
        self.label.setAccessibleName(text)
        self.undo_button.setVisible(undo)
        self.open_button.setVisible(open_)
        self.folder_button.setVisible(folder)
        self.adjustSize()
        self._place()
        self.show()
        self.raise_()
        self._timer.start(self.SHOW_MS)

    def _undo(self) -> None:
        self.hide()
        self.undo_requested.emit()

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.hide()
            return
        super().keyPressEvent(event)

    def enterEvent(self, event) -> None:
        self._timer.stop()  # a reader with the mouse on it is still reading
        super().enterEvent(event)

    def leaveEvent(self, event) -> None:
        self._timer.start(self.SHOW_MS // 2)
        super().leaveEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parent() and event.type() == QEvent.Type.Resize and self.isVisible():
            self._place()
        return False

    def _place(self) -> None:
        parent = self.parentWidget()
        width = min(max(self.sizeHint().width(), 320), parent.width() - 40)
        self.resize(width, self.sizeHint().height())
        bottom = parent.height() - 48  # above the status bar
        self.move((parent.width() - width) // 2, bottom - self.height())
