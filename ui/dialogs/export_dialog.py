"""File ▸ Export…: all or the selected contacts as vCard or CSV, or their meetings as iCalendar."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtWidgets import (QButtonGroup, QDialog, QDialogButtonBox, QPushButton, QRadioButton, QVBoxLayout,
                               QWidget)

from core.i18n import _, ngettext
from ui.widgets.common import muted_label, section_title


def _write_export(db, path: str, kind: str, ids: list[str] | None, version: str) -> tuple[int, int]:
    """Write the export; return how many contacts, and how many CSV cells were kept from running."""
    from core.exchange.formula_guard import count_guarded_cells
    from core.exchange.pipeline import write_export

    count = write_export(db, path, kind, contact_ids=ids, version=version)
    guarded = count_guarded_cells(Path(path).read_text(encoding="utf-8-sig")) if kind == "csv" else 0
    return count, guarded



class ExportDialog(QDialog):
    """Export all or the selected contacts as vCard 4.0/3.0 or CSV, or their meetings as iCalendar."""

    FORMATS = (("vcf-4.0", "vcf", "4.0"), ("vcf-3.0", "vcf", "3.0"), ("csv", "csv", "4.0"),
               ("ics", "ics", "4.0"))

    def __init__(self, db, runner, selected_ids: list[str] | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle(_("Export"))
        self._db = db
        self._runner = runner
        self._selected = list(selected_ids or [])
        self.path_chooser = self._choose_path
        self.written: str | None = None
        self.guarded_cells = 0  # CSV cells written with a leading ' (core.exchange.formula_guard)
        self._handle = None

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(8)
        layout.addWidget(section_title(_("What to export")))
        self.format_group = QButtonGroup(self)
        labels = {"vcf-4.0": _("vCard 4.0 (.vcf) — Apple, Google, Outlook"),
                  "vcf-3.0": _("vCard 3.0 (.vcf) — older phones and address books"),
                  "csv": _("CSV (.csv) — spreadsheets"),
                  "ics": _("iCalendar (.ics) — their meetings and follow-ups")}
        self.format_buttons = {}
        for key, _kind, _version in self.FORMATS:
            button = QRadioButton(labels[key])
            button.setObjectName(f"format_{key}")
            self.format_group.addButton(button)
            self.format_buttons[key] = button
            layout.addWidget(button)
        self.format_buttons["vcf-4.0"].setChecked(True)
        layout.addSpacing(6)
        layout.addWidget(section_title(_("Which contacts")))
        self.all_button = QRadioButton(_("All contacts"))
        self.selected_button = QRadioButton(ngettext("The selected contact ({n})",
                                                     "The selected contacts ({n})",
                                                     len(self._selected)).format(n=len(self._selected)))
        self.selected_button.setEnabled(bool(self._selected))
        (self.selected_button if self._selected else self.all_button).setChecked(True)
        layout.addWidget(self.all_button)
        layout.addWidget(self.selected_button)
        self.status = muted_label("", wrap=True)
        layout.addWidget(self.status)
        buttons = QDialogButtonBox()
        self.export_button = QPushButton(_("Export…"))
        self.export_button.setProperty("role", "primary")
        self.export_button.clicked.connect(self.export)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel).clicked.connect(self.reject)
        layout.addWidget(buttons)

    def choice(self) -> tuple[str, str]:
        """(format, vCard version) chosen."""
        for key, kind, version in self.FORMATS:
            if self.format_buttons[key].isChecked():
                return kind, version
        return "vcf", "4.0"

    def _choose_path(self, kind: str) -> str:
        from ui.dialogs.file_dialogs import choose_save_file

        filters = {"vcf": _("vCard (*.vcf)"), "csv": _("CSV (*.csv)"), "ics": _("iCalendar (*.ics)")}
        path = choose_save_file(self, _("Export to"), filters[kind], _("Fairmate contacts {date}.{kind}").format(
            date=date.today().isoformat(), kind=kind))
        if path and not path.lower().endswith("." + kind):
            path += "." + kind
        return path

    def export(self) -> None:
        """Ask where, then write the file through the runner."""
        kind, version = self.choice()
        path = self.path_chooser(kind)
        if not path:
            return
        ids = self._selected if self.selected_button.isChecked() else None
        self.export_button.setEnabled(False)
        self.status.setText(_("Exporting…"))
        self._handle = self._runner.run_db(_write_export, path, kind, ids, version,
                                           on_done=lambda done: self._on_done(path, *done),
                                           on_error=self._on_failed)

    def reject(self) -> None:
        """Cancel: an export not yet started is dropped (one that runs writes its whole file)."""
        self._runner.cancel(self._handle)
        super().reject()

    def _on_done(self, path: str, _count: int, guarded: int) -> None:
        self.written = path
        self.guarded_cells = guarded
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        from ui.tasks import describe_error

        self.export_button.setEnabled(True)
        self.status.setText(_("Export failed: {error}").format(error=describe_error(exc)))
