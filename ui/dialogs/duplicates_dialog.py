"""DuplicatesDialog (Contacts ▸ Duplicates…): likely duplicate pairs, and the merge history.

The pairs are found in the background (one grouping query over the key
index); each pair opens the MergeDialog, or is set aside as two different
people. The second tab lists every merge with an Undo button.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QHBoxLayout,
                               QHeaderView, QMessageBox, QPushButton, QTableWidget,
                               QTableWidgetItem, QTabWidget, QVBoxLayout, QWidget)

from core.book.fields import DISPLAY_NAME, NATIVE_NAME
from core.i18n import _, ngettext
from ui import operations as op
from ui.widgets.common import configure_row_table, dialog_layout, muted_label, fit_to_screen

PAIR_LIMIT = 500


def _item(text: str, data=None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    return item


def _person(summary: dict) -> str:
    name = summary[DISPLAY_NAME.name]
    if summary.get(NATIVE_NAME.name) and summary[NATIVE_NAME.name] != name:
        name += " (" + summary[NATIVE_NAME.name] + ")"
    return name + (f" — {summary['company']}" if summary.get("company") else "")


def _table(columns: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(columns)
    configure_row_table(table)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setDefaultSectionSize(32)
    header = table.horizontalHeader()
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setHighlightSections(False)
    for column in range(len(columns) - 1):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(len(columns) - 1, QHeaderView.ResizeMode.ResizeToContents)
    return table


class DuplicatesDialog(QDialog):
    """Likely duplicate pairs with their reason; compare and merge, or set a pair aside; undo merges."""

    contacts_merged = Signal(str, str, str)   # merge id, kept contact, merged-away contact
    merge_undone = Signal(str, str, str)      # merge id, kept contact, restored contact

    def __init__(self, operations, parent: QWidget | None = None, *, home_time_zone: str | None = None):
        super().__init__(parent)
        self.setObjectName("duplicatesDialog")
        self._home = home_time_zone
        self.setWindowTitle(_("Duplicates"))
        self._ops = operations
        self._db = operations.db
        self._runner = operations.tasks
        operations.changes_applied.connect(self._on_changes_applied)
        self.pairs: list = []
        self.merges: list[dict] = []
        self.merge_dialog = None

        outer = dialog_layout(self, _("Duplicates"), _(
            "Contacts that are likely the same person: same email or phone, same name at the "
            "same company, or a name in its own script that reads like another contact's."))
        self.tabs = QTabWidget()
        outer.addWidget(self.tabs, 1)
        self.tabs.addTab(self._build_pairs_tab(), _("Likely duplicates"))
        self.tabs.addTab(self._build_history_tab(), _("Merge history"))
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        outer.addWidget(close)
        fit_to_screen(self, 960, 600)  # or less: the screen it opens on
        self.reload()

    def _build_pairs_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(12, 12, 12, 12)
        self.pairs_status = muted_label(_("Looking for duplicates…"))
        self.pairs_status.setObjectName("pairsStatus")
        layout.addWidget(self.pairs_status)
        self.pairs_table = _table([_("Contact"), _("Possible duplicate"), _("Why")], "pairsTable")
        self.pairs_table.itemSelectionChanged.connect(self._update_buttons)
        self.pairs_table.doubleClicked.connect(lambda _index: self.compare_selected())
        layout.addWidget(self.pairs_table, 1)
        row = QHBoxLayout()
        self.distinct_button = QPushButton(_("Not the same person"))
        self.distinct_button.setObjectName("distinctButton")
        self.distinct_button.setToolTip(_("These are two people: stop offering them as duplicates"))
        self.distinct_button.clicked.connect(self.mark_selected_distinct)
        self.distinct_button.setAutoDefault(False)  # Enter compares; it never dismisses a pair
        # Made on the dialog: setDefault() registers it as the dialog's default only while its window is
        # the dialog; otherwise Return does nothing once the button has had the focus and lost it.
        self.compare_button = QPushButton(_("Compare and merge…"), self)
        self.compare_button.setObjectName("compareButton")
        self.compare_button.setProperty("role", "primary")
        self.compare_button.clicked.connect(self.compare_selected)
        self.compare_button.setDefault(True)
        row.addStretch(1)
        row.addWidget(self.distinct_button)
        row.addWidget(self.compare_button)
        layout.addLayout(row)
        return page

    def _build_history_tab(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(12, 12, 12, 12)
        self.history_status = muted_label()
        layout.addWidget(self.history_status)
        self.history_table = _table([_("Merged"), _("Into"), _("When"), _("Status")], "historyTable")
        self.history_table.itemSelectionChanged.connect(self._update_buttons)
        layout.addWidget(self.history_table, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        self.undo_button = QPushButton(_("Undo merge"))
        self.undo_button.setObjectName("undoMergeButton")
        self.undo_button.clicked.connect(self.undo_selected)
        row.addWidget(self.undo_button)
        layout.addLayout(row)
        return page

    # Loading ----------------------------------------------------------------------------------

    def reload(self) -> None:
        """Find the pairs again (in the background) and re-read the merge history."""
        from core.book.duplicates import list_duplicate_pairs, list_merges

        self.pairs_status.setText(_("Looking for duplicates…"))
        self.compare_button.setEnabled(False)
        self.distinct_button.setEnabled(False)
        self._runner.run_db(lambda db: list_duplicate_pairs(db, limit=PAIR_LIMIT),
                            on_done=self._show_pairs)
        self._runner.run_db(list_merges, on_done=self._show_merges)

    def _show_pairs(self, pairs: list) -> None:
        self.pairs = pairs
        table = self.pairs_table
        table.setRowCount(len(pairs))
        for row, pair in enumerate(pairs):
            table.setItem(row, 0, _item(_person(pair.contact), pair.contact_id))
            table.setItem(row, 1, _item(_person(pair.other), pair.other_id))
            table.setItem(row, 2, _item(pair.reason_label))
        if not pairs:
            text = _("No likely duplicates: every contact looks like a different person.")
        elif len(pairs) >= PAIR_LIMIT:
            text = _("The first {n} likely duplicates, strongest evidence first.").format(n=len(pairs))
        else:
            text = ngettext("{n} likely duplicate pair, strongest evidence first.",
                            "{n} likely duplicate pairs, strongest evidence first.",
                            len(pairs)).format(n=len(pairs))
        self.pairs_status.setText(text)
        if pairs:
            table.selectRow(0)
        self._update_buttons()

    def _show_merges(self, merges: list[dict]) -> None:
        from ui.formatting import format_moment

        self.merges = merges
        table = self.history_table
        table.setRowCount(len(merges))
        for row, merge in enumerate(merges):
            table.setItem(row, 0, _item(merge["merged_name"], merge["id"]))
            table.setItem(row, 1, _item(merge["survivor_name"]))
            table.setItem(row, 2, _item(format_moment(merge["merged_at"], self._home)))
            status = (_("Undone {when}").format(when=format_moment(merge["undone_at"], self._home))
                      if merge["undone_at"] else _("Merged"))
            table.setItem(row, 3, _item(status))
        self.history_status.setText(
            ngettext("{n} merge", "{n} merges", len(merges)).format(n=len(merges)) if merges
            else _("No merges yet."))
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_pair = self._selected_pair() is not None
        self.compare_button.setEnabled(has_pair)
        self.distinct_button.setEnabled(has_pair)
        merge = self._selected_merge()
        self.undo_button.setEnabled(merge is not None and not merge["undone_at"])

    def _selected_pair(self):
        rows = self.pairs_table.selectionModel().selectedRows()
        return self.pairs[rows[0].row()] if rows and rows[0].row() < len(self.pairs) else None

    def _selected_merge(self) -> dict | None:
        rows = self.history_table.selectionModel().selectedRows()
        return self.merges[rows[0].row()] if rows and rows[0].row() < len(self.merges) else None

    # Actions -------------------------------------------------------------------------------------

    def compare_selected(self) -> bool:
        """Open the MergeDialog on the selected pair; True when the user merged."""
        from ui.dialogs.merge_dialog import MergeDialog

        pair = self._selected_pair()
        if pair is None:
            return False
        dialog = MergeDialog(self._ops, pair.contact_id, pair.other_id, self)
        self.merge_dialog = dialog  # reachable while open (tests)
        dialog.contacts_merged.connect(self.contacts_merged)
        merged = dialog.exec() == QDialog.DialogCode.Accepted
        self.merge_dialog = None
        dialog.deleteLater()
        return merged

    def mark_selected_distinct(self) -> None:
        """Set the selected pair aside: they are two different people."""
        pair = self._selected_pair()
        if pair is not None:
            self._ops.run(op.mark_not_duplicates, pair.contact_id, pair.other_id, toast=True)

    def undo_selected(self) -> bool:
        """Undo the selected merge; True when it was asked for."""
        merge = self._selected_merge()
        if merge is None or merge["undone_at"]:
            return False

        def failed(exc: BaseException) -> None:
            QMessageBox.warning(self, _("Cannot undo merge"), op.describe_failure(exc))

        self._ops.run(op.undo_merge, merge["id"], on_error=failed, on_done=lambda result:
                      self.merge_undone.emit(merge["id"], result["survivor_id"], result["merged_id"]))
        return True

    def _on_changes_applied(self, changes) -> None:
        if changes.touches("contacts", "merges", "distinct_contacts"):
            self.reload()
