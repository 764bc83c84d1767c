"""SyncStatusLabel: where sync stands, in the status bar ("Offline — 12 changes waiting", "Synced 2 min ago")."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QLabel, QWidget


class SyncStatusLabel(QLabel):
    """Follows a ``SyncController``: its words, the last error as tooltip; hidden when the book is not connected.

    "2 min ago" ages, so the text is said again twice a minute. A click asks
    for the Sync page (``clicked``).
    """

    clicked = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("syncStatusLabel")
        self.hide()
        self._controller = None
        self._clock = QTimer(self)
        self._clock.setInterval(30_000)
        self._clock.timeout.connect(self.refresh)

    def follow(self, controller) -> None:
        """Show *controller*'s status from now on."""
        self._controller = controller
        controller.status_changed.connect(self.show_status)
        self._clock.start()
        self.show_status(controller.status)

    def refresh(self) -> None:
        """Say the controller's status again (the minutes since the last sync moved on)."""
        if self._controller is not None:
            self.show_status(self._controller.status)

    def show_status(self, status) -> None:
        """Show *status* in words; nothing when the book is not connected."""
        from ui.sync_controller import describe_status

        text = describe_status(status)
        self.setText(text)
        self.setToolTip(status.message)
        self.setVisible(bool(text))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        self.clicked.emit()
