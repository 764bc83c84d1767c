"""Quick capture on the main window: "Met at the booth…" (Ctrl+Shift+N), from the menu, Contacts and Today."""

from __future__ import annotations

from core.i18n import N_, _


class CaptureActions:
    """The window's quick capture; it provides ``db``, ``operations``, ``runner``, ``toast`` and the pages."""

    quick_capture_dialog = None

    def add_capture_button(self, header) -> None:
        """A "Met at the booth" button first in a page header's actions (Contacts, Today)."""
        from PySide6.QtWidgets import QPushButton

        button = QPushButton(_("Met at the booth"))
        button.setObjectName("quickCaptureButton")
        button.setToolTip(self.quick_capture_action.toolTip())
        button.clicked.connect(self.quick_capture_action.trigger)
        button.setEnabled(self.quick_capture_action.isEnabled())
        self.quick_capture_action.enabledChanged.connect(button.setEnabled)
        header.actions.insertWidget(0, button)
        header.quick_capture_button = button

    def connect_empty_book(self, panel) -> None:
        """The buttons of an empty book's panel (Contacts, Today): import, a first partner, demo data."""
        panel.import_requested.connect(lambda: self.import_contacts())
        panel.add_requested.connect(lambda: self.new_contact())
        panel.demo_requested.connect(self.add_demo_data)
        if getattr(self.db, "read_only", None):
            panel.set_read_only(True)

    def add_demo_data(self) -> None:
        """Try demo data: sample partners with their history, in one operation (Undo removes them)."""
        from ui import operations as op
        from ui.widgets.empty_book import DEMO_CONTACTS

        if self.db is None:
            return
        self.statusBar().showMessage(_("Adding sample partners…"))
        self.operations.run(op.add_demo_data, DEMO_CONTACTS, label=N_("Add demo data"), toast=True,
                            on_done=lambda _counts: self.statusBar().clearMessage())

    def read_badge(self):
        """Read a badge's QR code in the QR dialog; the card read, or None."""
        from PySide6.QtWidgets import QDialog

        from ui.dialogs.qr_dialogs import ReadQrDialog

        dialog = ReadQrDialog(self.runner, self)
        self.read_qr_dialog = dialog  # reachable while open (tests)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        card = dialog.card if accepted else None
        self.read_qr_dialog = None
        dialog.deleteLater()
        return card

    def quick_capture(self, card=None) -> list[str]:
        """Met at the booth: add people met now, one after another; return the ids saved."""
        if self.db is None or getattr(self.db, "read_only", None):
            return []
        from core.book.settings import FOLLOW_UP_HOURS, get_setting
        from ui.dialogs.quick_capture_dialog import QuickCaptureDialog

        dialog = QuickCaptureDialog(self.operations, self, badge_reader=self.read_badge,
                                    follow_up_hours=get_setting(self.db, FOLLOW_UP_HOURS.key))
        if card is not None:
            dialog.prefill(card)
        dialog.contact_captured.connect(self._announce_captured)
        self.quick_capture_dialog = dialog  # reachable while open (tests, shortcuts)
        dialog.exec()
        self.quick_capture_dialog = None
        dialog.deleteLater()
        return list(dialog.captured)

    def _announce_captured(self, contact_id: str, name: str) -> None:
        # Undo is there as for every write; Open shows the new contact in Contacts.
        self.toast.show_message(_("Added {name}").format(name=name), can_undo=True,
                                on_open=lambda: self.show_contact(contact_id))
