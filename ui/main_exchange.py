"""File ▸ Import… and File ▸ Export… of the main window (a mixin of ``MainWindow``)."""

from __future__ import annotations

from core.i18n import _


class ExchangeActions:
    """Import and export with their dialogs; the window provides ``db``, ``operations``,
    ``runner``, ``contacts_page`` and ``statusBar``."""

    def import_contacts(self, path: str | None = None) -> bool:
        """File ▸ Import…: pick a vCard or CSV file, map and preview it, import all or nothing."""
        if self.db is None:
            return False
        from PySide6.QtWidgets import QDialog

        from ui.dialogs.exchange_dialogs import IMPORT_FILTER, ImportDialog
        from ui.dialogs.file_dialogs import choose_open_file

        if path is None:
            path = choose_open_file(self, _("Import contacts"), IMPORT_FILTER)
            if not path:
                return False
        dialog = ImportDialog(self.operations, path, self)
        self.import_dialog = dialog  # reachable while open (tests)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        self.import_dialog = None
        result = dialog.result
        dialog.deleteLater()
        if accepted and result is not None:
            from core.i18n import ngettext

            self.statusBar().showMessage(ngettext(
                "Imported {n} new contact, updated {m}", "Imported {n} new contacts, updated {m}",
                len(result.added)).format(n=len(result.added), m=len(result.updated)), 10_000)
        return accepted

    def export_contacts(self, contact_ids: list[str] | None = None) -> bool:
        """File ▸ Export…: all or the selected contacts as vCard or CSV, or their meetings as iCalendar."""
        if self.db is None:
            return False
        from PySide6.QtWidgets import QDialog

        from ui.dialogs.export_dialog import ExportDialog

        selected = contact_ids if contact_ids is not None else self.contacts_page.selected_contact_ids()
        dialog = ExportDialog(self.db, self.runner, selected, self)
        self.export_dialog = dialog  # reachable while open (tests)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        self.export_dialog = None
        if accepted and dialog.written:
            message = _("Exported to {path}").format(path=dialog.written)
            if dialog.guarded_cells:
                from core.exchange.formula_guard import describe_guarded_cells

                message += " — " + describe_guarded_cells(dialog.guarded_cells)
            self.statusBar().showMessage(message, 20_000)
            self.toast.show_saved_file(dialog.written)
        dialog.deleteLater()
        return accepted
