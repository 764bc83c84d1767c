"""ImportPreviewModel: the import preview's contacts as table rows, read from the preview as they are shown.

The preview (core.exchange.preview) keeps its entries packed a thousand at
a time; a row is decoded only when the view asks for it, a chunk at a time,
and a few chunks' texts are kept. Rows are in file order: the contacts that
cannot be imported among the others, by line, shown in red.
"""

from __future__ import annotations

import heapq
from array import array
from collections import OrderedDict
from operator import itemgetter

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
from PySide6.QtGui import QBrush

from core.i18n import _

REJECTED_BRUSH = QBrush(Qt.GlobalColor.red)
DUPLICATE_BRUSH = QBrush(Qt.GlobalColor.darkYellow)


def country_text(entry) -> str:
    """The contact's country and the clue that gave it ("JP · the company's legal form: 株式会社")."""
    guess = entry.country_guess
    if guess is None or not guess.code:
        return ""
    if guess.clue in ("stated", "address"):
        return guess.code
    clue = _(guess.clue_label)
    return f"{guess.code} · {clue}: {guess.detail}" if guess.detail else f"{guess.code} · {clue}"


def status_text(entry) -> str:
    """What importing the entry does: new, new but a likely duplicate (and why), or which fields it updates."""
    if entry.action == "update":
        return _("Update: {fields}").format(fields=", ".join(entry.changes) or _("no change"))
    if entry.duplicates:
        return _("New · likely duplicate: {reason}").format(
            reason=getattr(entry.duplicates[0], "reason_label", None) or entry.duplicates[0].reason)
    return _("New")


def _by_line(lines) -> range | list[int]:
    """Indexes of *lines* in line order, ties in their own order (already so, nearly always)."""
    if all(a <= b for a, b in zip(lines, lines[1:])):
        return range(len(lines))
    return sorted(range(len(lines)), key=lines.__getitem__)


class _HeadedTableModel(QAbstractTableModel):
    """A flat table with fixed column headers (``_headers``); subclasses give ``_row_count`` and ``data``."""

    _headers: list[str]

    def _row_count(self) -> int:
        raise NotImplementedError

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802 (Qt's name)
        return 0 if parent.isValid() else self._row_count()

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None


class ImportPreviewModel(_HeadedTableModel):
    """An ``ImportPreview``'s rejected contacts and entries, by line, in five columns.

    ``chunks_read`` counts the chunks decoded (each up to a thousand entries):
    what showing a 100,000-card preview costs is the few chunks on screen.
    """

    LINE, CONTACT, COMPANY, COUNTRY, STATUS = range(5)
    CACHED_CHUNKS = 4

    def __init__(self, parent=None):
        super().__init__(parent)
        self._preview = None
        # Row → entry index (≥ 0) or ~index of a rejected contact (< 0).
        self._order = array("q")
        self._texts: OrderedDict[int, list[tuple]] = OrderedDict()  # first entry index → rows' texts
        self.chunks_read = 0
        self._headers = [_("Line"), _("Contact"), _("Company"), _("Country (from)"), _("Will be")]

    def set_preview(self, preview) -> None:
        """Show *preview*'s contacts (None: none)."""
        self.beginResetModel()
        self._preview = preview
        self._texts.clear()
        self._order = array("q")
        if preview is not None:
            rejected = [r.line or 0 for r in preview.rejected]
            entries = preview.entry_lines()
            # As the table was filled before: rejected first, then a stable sort by line.
            merged = heapq.merge(((rejected[j], ~j) for j in _by_line(rejected)),
                                 ((entries[i], i) for i in _by_line(entries)), key=itemgetter(0))
            self._order.extend(value for _line, value in merged)
        self.endResetModel()

    def _row_count(self) -> int:
        return len(self._order)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                                               Qt.ItemDataRole.ForegroundRole):
            return None
        texts, kind = self.row_texts(index.row())
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return texts[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return None if kind == "rejected" else texts[column]
        if kind == "rejected":
            return REJECTED_BRUSH
        return DUPLICATE_BRUSH if kind == "duplicate" and column == self.STATUS else None

    def row_texts(self, row: int) -> tuple[tuple[str, ...], str]:
        """The five texts of *row* and its kind: ``"rejected"``, ``"duplicate"`` or ``""``."""
        value = self._order[row]
        if value < 0:
            rejected = self._preview.rejected[~value]
            return (str(rejected.line), rejected.name or _("(no name)"), rejected.company or "", "",
                    _("Cannot be imported: see the problems below")), "rejected"
        chunk_size = self._preview.store.CHUNK
        first = value - value % chunk_size
        rows = self._texts.get(first)
        if rows is None:
            rows = self._read_chunk(value)
        else:
            self._texts.move_to_end(first)
        return rows[value - first]

    def _read_chunk(self, index: int) -> list[tuple]:
        first, entries = self._preview.read_entries(index)
        self.chunks_read += 1
        rows = [((str(e.line), e.name, e.company or "", country_text(e), status_text(e)),
                 "duplicate" if e.duplicates else "") for e in entries]
        self._texts[first] = rows
        while len(self._texts) > self.CACHED_CHUNKS:
            self._texts.popitem(last=False)
        return rows


class ImportProblemsModel(_HeadedTableModel):
    """An import preview's problems by line: line, field, "Error: …" or "Warning: …" (errors in red).

    A 100,000-card file may have a warning a card; each row's texts are made
    when it is shown. ``UserRole`` of a row is the CSV column it names as going
    into no field (double-click maps it), given by *unmapped_column(problem)*.
    """

    def __init__(self, parent=None, *, field_label=str, unmapped_column=lambda problem: None):
        super().__init__(parent)
        self._problems: list = []
        self._field_label = field_label
        self._labels: dict[str, str] = {}  # field name → label: a few fields, thousands of problems
        self._unmapped_column = unmapped_column
        self._headers = [_("Line"), _("Field"), _("Problem")]

    def set_problems(self, problems: list) -> None:
        """Show *problems* (ImportProblem, in line order)."""
        self.beginResetModel()
        self._problems = problems
        self._labels.clear()
        self.endResetModel()

    def _row_count(self) -> int:
        return len(self._problems)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        problem = self._problems[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(problem, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            hint = ("\n" + _("Double-click to map this column to a field")
                    if self._unmapped_column(problem) else "")
            return self._text(problem, index.column()) + hint
        if role == Qt.ItemDataRole.UserRole:
            return self._unmapped_column(problem)
        if role == Qt.ItemDataRole.ForegroundRole and problem.is_error:
            return REJECTED_BRUSH
        return None

    def _text(self, problem, column: int) -> str:
        if column == 0:
            return str(problem.line or "")
        if column == 1:
            label = self._labels.get(problem.field)
            if label is None:
                label = self._labels[problem.field] = self._field_label(problem.field)
            return label
        prefix = _("Error") if problem.is_error else _("Warning")
        return f"{prefix}: {problem.message}"
