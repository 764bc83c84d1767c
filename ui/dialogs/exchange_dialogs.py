"""File ▸ Import…: the dialog in front of core.exchange.pipeline (Export… is ui/dialogs/export_dialog.py).

ImportDialog reads the file through the task runner, shows the CSV mapping
step when the file is a CSV (each column with its first values and a combo
of Fairmate fields, the preset's choice preselected, or the user's own choice
from the last file with the same headers), then the preview: how many
contacts are new, updated or likely duplicates, each one's country and the
clue that gave it, and every problem with its line and field, the columns
and properties no field takes among them (double-click one to map it). The
encoding the file was read with is shown, with a combo to read it in another.
Import stays disabled while there are errors; the import itself is one
transaction in core, so it is all or nothing.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QDialogButtonBox,
                               QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QStackedWidget, QTableView, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from core.book.fields import field_label as declared_label
from core.i18n import _, ngettext
from ui import operations as op
from ui.models.import_preview_model import ImportPreviewModel, ImportProblemsModel
from ui.widgets.common import muted_label, section_title, fit_to_screen

IMPORT_FILTER = "Contacts (*.vcf *.vcard *.csv *.txt);;All files (*)"


def _read_file(path: str, mapping: dict | None, encoding: str | None = None):
    from core.exchange.pipeline import read_import_data

    return read_import_data(Path(path).read_bytes(), source=Path(path).name, mapping=mapping,
                            encoding=encoding)


def _read_and_preview(db, path: str, mapping: dict | None, encoding: str | None = None):
    from core.exchange.pipeline import preview_import

    return preview_import(db, _read_file(path, mapping, encoding))


def field_label(name: str) -> str:
    """The name of a contact field as the user knows it ("phones" → "Phone")."""
    # Contact fields by their declared label; these names are a card's, not a contact field's.
    labels = {"met_event": _("Event"), "introduced_by": _("Introduced by"),
              "PHOTO": _("Photo"), "LOGO": _("Logo"), "NOTE": _("Notes")}
    return (labels.get(name) or declared_label(name)) if name else "—"


class ImportDialog(QDialog):
    """Import contacts from a vCard or CSV file: mapping (CSV), preview, then all or nothing."""

    contacts_imported = Signal(object)  # the core ImportResult

    def __init__(self, operations, path: str, parent: QWidget | None = None, *,
                 settings: QSettings | None = None):
        super().__init__(parent)
        # Where column mappings are learned: given, or the main window's.
        self._settings = settings if settings is not None else getattr(parent, "settings", None)
        self.setObjectName("importDialog")
        self.setWindowTitle(_("Import contacts"))
        fit_to_screen(self, 860, 600)  # or less: the screen it opens on
        self._ops = operations
        self._db = operations.db
        self._runner = operations.tasks
        self.path = str(path)
        self.source = None
        self.preview = None
        self.result = None
        self._handle = None
        self._importing = False

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(10)
        self.title = QLabel(_("Import {file}").format(file=Path(self.path).name))
        self.title.setObjectName("pageTitle")
        layout.addWidget(self.title)
        self.info = muted_label(_("Reading the file…"), wrap=True)
        layout.addWidget(self.info)
        layout.addLayout(self._build_encoding_row())
        self.pages = QStackedWidget()
        layout.addWidget(self.pages, 1)
        self.pages.addWidget(self._build_mapping_page())
        self.pages.addWidget(self._build_preview_page())

        buttons = QDialogButtonBox()
        self.back_button = QPushButton(_("Back to columns"))
        self.back_button.clicked.connect(self.show_mapping)
        buttons.addButton(self.back_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.preview_button = QPushButton(_("Preview"))
        self.preview_button.setProperty("role", "primary")
        self.preview_button.clicked.connect(self.run_preview)
        buttons.addButton(self.preview_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.import_button = QPushButton(_("Import"))
        self.import_button.setProperty("role", "primary")
        self.import_button.clicked.connect(self.run_import)
        buttons.addButton(self.import_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.clicked.connect(self.reject)
        layout.addWidget(buttons)
        for button in (self.back_button, self.preview_button, self.import_button):
            button.setEnabled(False)
        self.back_button.hide()
        self.import_button.hide()
        self._handle = self._runner.run(_read_file, self.path, None, on_done=self._on_read,
                                        on_error=self._on_failed)

    # Encoding ----------------------------------------------------------------------------------

    def _build_encoding_row(self) -> QHBoxLayout:
        """The encoding the file was read with (detected or chosen), and a combo to choose another."""
        from core.exchange.encodings import CANDIDATES, LABELS

        row = QHBoxLayout()
        self.encoding_label = muted_label("", wrap=True)
        self.encoding_label.setObjectName("importEncoding")
        row.addWidget(self.encoding_label, 1)
        self.encoding_combo = QComboBox()
        self.encoding_combo.setObjectName("importEncodingCombo")
        self.encoding_combo.addItem(_("As detected"), None)
        for name in ("utf-8", "utf-16") + CANDIDATES:
            self.encoding_combo.addItem(_(LABELS[name]), name)
        self.encoding_combo.setToolTip(_("Read the file in another encoding when names look wrong"))
        self.encoding_combo.currentIndexChanged.connect(self._reread)
        row.addWidget(self.encoding_combo)
        self.encoding_combo.hide()
        return row

    def encoding(self) -> str | None:
        """The encoding the user chose, or None to read it as detected."""
        return self.encoding_combo.currentData()

    def _show_encoding(self, source) -> None:
        from core.exchange.encodings import LABELS

        if not source.encoding:
            return
        label = _(LABELS.get(source.encoding, source.encoding))
        self.encoding_label.setText(
            _("Encoding: {encoding}, detected from the content (the file does not say)").format(
                encoding=label) if source.encoding_detected
            else _("Encoding: {encoding}, chosen by you").format(encoding=label) if self.encoding()
            else _("Encoding: {encoding}").format(encoding=label))
        self.encoding_combo.show()

    def _reread(self) -> None:
        """Read the file again in the chosen encoding (the column mapping is guessed anew)."""
        self.preview_button.setEnabled(False)
        self.info.setText(_("Reading the file…"))
        self._handle = self._runner.run(_read_file, self.path, None, self.encoding(),
                                        on_done=self._on_read, on_error=self._on_failed)

    # Mapping (CSV) ---------------------------------------------------------------------------

    def _build_mapping_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        self.mapping_table = QTableWidget(0, 3)
        self.mapping_table.setObjectName("mappingTable")
        self.mapping_table.setHorizontalHeaderLabels([_("Column in the file"), _("First values"),
                                                      _("Fairmate field")])
        self.mapping_table.verticalHeader().hide()
        self.mapping_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.mapping_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.mapping_table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setHighlightSections(False)
        self.mapping_table.setShowGrid(False)
        self.mapping_table.setAlternatingRowColors(True)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.mapping_table.verticalHeader().setDefaultSectionSize(34)
        layout.addWidget(self.mapping_table)
        return page

    def _fill_mapping(self) -> None:
        from core.exchange.csv_files import CSV_FIELDS

        table, mapping = self.source.csv, self.source.mapping
        self.mapping_table.setRowCount(len(table.headers))
        self.combos: dict[str, QComboBox] = {}
        for row, header in enumerate(table.headers):
            self.mapping_table.setItem(row, 0, QTableWidgetItem(header))
            values = " · ".join(table.column_values(row))
            sample = QTableWidgetItem(values)
            sample.setToolTip(values)
            sample.setForeground(Qt.GlobalColor.darkGray)
            self.mapping_table.setItem(row, 1, sample)
            combo = QComboBox()
            combo.setObjectName(f"mapping_{row}")
            for key, label in CSV_FIELDS.items():
                combo.addItem(_(label), key)
            target = mapping.get(header, "extra")
            if combo.findData(target) < 0:  # a preset's own label, e.g. phone:assistant
                combo.addItem(target.replace(":", " · "), target)
            combo.setCurrentIndex(combo.findData(target))
            self.mapping_table.setCellWidget(row, 2, combo)
            self.combos[header] = combo
        learned = self._learned_mapping()
        for header, target in learned.items():
            self.set_mapping(header, target)
        presets = {"google": _("Google Contacts export"), "outlook": _("Outlook export"),
                   "outlook-de": _("Outlook export (German)"), "outlook-fr": _("Outlook export (French)"),
                   "thunderbird": _("Thunderbird export"), "linkedin": _("LinkedIn connections"),
                   "hubspot": _("HubSpot export"), "salesforce": _("Salesforce export"),
                   "zoho": _("Zoho CRM export"), "apple": _("Apple Contacts (via Numbers)"),
                   "fairmate": _("Fairmate export"), "generic": _("no known preset")}
        self.info.setText(_("{rows} · delimiter {delimiter} · {preset}. Check which "
                            "Fairmate field each column fills, then Preview.").format(
            rows=ngettext("{n} row", "{n} rows", len(table.rows)).format(n=len(table.rows)),
            delimiter={"\t": _("tab"), ",": ",", ";": ";", "|": "|"}.get(table.delimiter, table.delimiter),
            preset=presets.get(table.preset, table.preset)))
        if learned:
            self.info.setText(self.info.text() + " " + _(
                "Columns are mapped as you mapped them last time for a file with these headers."))

    def mapping(self) -> dict[str, str]:
        """The column mapping as the user left it."""
        return {header: combo.currentData() for header, combo in self.combos.items()}

    def set_mapping(self, header: str, target: str) -> None:
        """Choose *target* for the column *header* (as the user would in its combo)."""
        combo = self.combos[header]
        combo.setCurrentIndex(combo.findData(target))

    def show_mapping(self) -> None:
        """Go back to the column mapping."""
        self.pages.setCurrentIndex(0)
        self._fill_info_for_mapping()
        self.preview_button.show()
        self.preview_button.setEnabled(True)
        self.back_button.hide()
        self.import_button.hide()

    def _fill_info_for_mapping(self) -> None:
        table = self.source.csv
        self.info.setText(_("{rows}. Check which Fairmate field each column fills, "
                            "then Preview.").format(
            rows=ngettext("{n} row", "{n} rows", len(table.rows)).format(n=len(table.rows))))

    # Preview ---------------------------------------------------------------------------------

    def _build_preview_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.counts_label = QLabel()
        self.counts_label.setObjectName("importCounts")
        self.counts_label.setWordWrap(True)
        layout.addWidget(self.counts_label)
        # A model over the preview, not an item per cell: a 100,000-card file shows the rows on screen.
        self.contacts_model = ImportPreviewModel(self)
        view = QTableView()
        view.setModel(self.contacts_model)
        self.contacts_table = self._table("importContacts", view)
        layout.addWidget(self.contacts_table, 3)
        self.problems_title = section_title(_("Problems"))
        layout.addWidget(self.problems_title)
        self.problems_model = ImportProblemsModel(self, field_label=field_label,
                                                  unmapped_column=self._unmapped_column)
        view = QTableView()
        view.setModel(self.problems_model)
        self.problems_table = self._table("importProblems", view)
        self.problems_table.doubleClicked.connect(lambda index: self.map_from_problem(index.row()))
        layout.addWidget(self.problems_table, 3)
        return page

    @staticmethod
    def _table(name: str, table: QTableView) -> QTableView:
        table.setObjectName(name)
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setWordWrap(False)
        table.setAlternatingRowColors(True)
        table.setShowGrid(False)
        table.verticalHeader().setDefaultSectionSize(30)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setHighlightSections(False)
        for column in range(table.model().columnCount() - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        return table

    def run_preview(self) -> None:
        """Read the file with the current mapping and preview the import (through the runner)."""
        self.preview_button.setEnabled(False)
        self.info.setText(_("Checking every contact…"))
        mapping = self.mapping() if self.source is not None and self.source.kind == "csv" else None
        self._handle = self._runner.run_db(_read_and_preview, self.path, mapping, self.encoding(),
                                           on_done=self._on_preview, on_error=self._on_failed)

    def _on_read(self, source) -> None:
        self.source = source
        self._show_encoding(source)
        if source.kind == "csv" and source.csv is not None and source.csv.headers:
            self._fill_mapping()
            self.pages.setCurrentIndex(0)
            self.preview_button.setEnabled(True)
        else:
            self.preview_button.hide()
            self.run_preview()

    def _on_preview(self, preview) -> None:
        self.preview = preview
        self._show_encoding(preview.source)
        self.pages.setCurrentIndex(1)
        is_csv = self.source is not None and self.source.kind == "csv"
        self.preview_button.setVisible(False)
        self.import_button.show()
        self.import_button.setDefault(True)
        self.back_button.setVisible(is_csv)
        self.back_button.setEnabled(is_csv)
        new, updated, duplicates = preview.new_count, preview.updated_count, preview.duplicate_count
        counts = [ngettext("{n} new contact", "{n} new contacts", new).format(n=new),
                  ngettext("{n} update", "{n} updates", updated).format(n=updated),
                  ngettext("{n} likely duplicate (imported as new, merge later)",
                           "{n} likely duplicates (imported as new, merge later)",
                           duplicates).format(n=duplicates)]
        self.counts_label.setText("<b>" + " · ".join(counts) + "</b>")
        errors, warnings = len(preview.errors), len(preview.warnings)
        if errors:
            self.info.setText(ngettext(
                "{n} error stops this import; fix the file (or the columns) and try again. "
                "Nothing is imported until then.",
                "{n} errors stop this import; fix the file (or the columns) and try again. "
                "Nothing is imported until then.", errors).format(n=errors))
            self.info.setProperty("role", "error")
        else:
            unmapped = len(preview.source.unmapped)
            warnings -= unmapped
            self.info.setText(_("Ready: everything is imported in one go, or nothing.") + (
                " " + ngettext("{n} value needs a look: see the problems below.",
                               "{n} values need a look: see the problems below.",
                               warnings).format(n=warnings) if warnings else "") + (
                " " + ngettext("{n} column or property goes into no field: it is kept among the "
                               "other fields, named below.",
                               "{n} columns or properties go into no field: they are kept among the "
                               "other fields, named below.", unmapped).format(n=unmapped)
                if unmapped else ""))
            self.info.setProperty("role", "muted")
        self.info.style().unpolish(self.info)
        self.info.style().polish(self.info)
        self.contacts_model.set_preview(preview)
        self._fill_problems(preview)
        self.import_button.setEnabled(preview.ok)

    def _fill_problems(self, preview) -> None:
        problems = preview.problems
        self.problems_model.set_problems(problems)
        self.problems_title.setText(ngettext("{n} problem", "{n} problems", len(problems))
                                    .format(n=len(problems)) if problems else _("No problems: every "
                                                                                "value was read"))
        self.problems_table.setVisible(bool(problems))

    def _unmapped_column(self, problem) -> str | None:
        """The CSV column a problem names as going into no field (None for other problems)."""
        source = self.preview.source if self.preview is not None else None
        if (source is None or source.kind != "csv" or problem.line is not None
                or problem.field not in source.unmapped or problem.field not in self.combos):
            return None
        return problem.field

    def map_from_problem(self, row: int, _column: int = 0) -> None:
        """Back to the columns with the combo of the column this problem names, ready to choose."""
        header = self.problems_model.index(row, 0).data(Qt.ItemDataRole.UserRole)
        if not header:
            return
        self.show_mapping()
        index = list(self.combos).index(header)
        self.mapping_table.scrollToItem(self.mapping_table.item(index, 0))
        self.combos[header].setFocus()

    # Import ----------------------------------------------------------------------------------

    def run_import(self) -> None:
        """Write the previewed import (one transaction, through the runner)."""
        if self.preview is None or not self.preview.ok:
            return
        self.import_button.setEnabled(False)
        self.back_button.setEnabled(False)
        self.cancel_button.setEnabled(False)
        self._importing = True
        self.info.setText(_("Importing…"))
        self._handle = self._ops.run(op.apply_import, self.preview, toast=True,
                                     on_done=self._on_imported, on_error=self._on_failed)

    def reject(self) -> None:
        """Cancel: a read or preview on its way is dropped; a running import (one transaction) finishes."""
        if self._importing:
            return
        self._runner.cancel(self._handle)
        super().reject()

    def _learning_key(self) -> str | None:
        table = self.source.csv if self.source is not None else None
        if self._settings is None or table is None or not table.headers:
            return None
        digest = hashlib.sha1("\x1f".join(table.headers).encode("utf-8")).hexdigest()[:16]
        return f"import/csv_mapping/{digest}"

    def _learned_mapping(self) -> dict[str, str]:
        """The mapping the user chose last time for a CSV with these very headers."""
        key = self._learning_key()
        try:
            learned = json.loads(self._settings.value(key, "{}")) if key else {}
        except (TypeError, ValueError):
            return {}
        return {h: t for h, t in learned.items() if h in self.combos and self.combos[h].findData(t) >= 0}

    def _learn_mapping(self) -> None:
        key = self._learning_key()
        if key and self.source.kind == "csv" and getattr(self, "combos", None):
            self._settings.setValue(key, json.dumps(self.mapping(), ensure_ascii=False))

    def _on_imported(self, result) -> None:
        self._learn_mapping()
        self.result = result
        self.contacts_imported.emit(result)
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        from ui.tasks import describe_error

        self._importing = False
        self.cancel_button.setEnabled(True)
        self.info.setText(_("The import failed and wrote nothing: {error}").format(error=describe_error(exc)))
        self.info.setProperty("role", "error")
        self.info.style().polish(self.info)
        self.import_button.setEnabled(False)
