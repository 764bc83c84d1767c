"""ContactTableModel: a lazy table over any number of contacts.

The model holds only the ordered list of row ids (from ``list_contact_rowids``
or ``search_contact_rowids``); display rows are fetched in pages of
``PAGE_SIZE`` through ``get_contact_summaries`` when the view first asks for
them, and a bounded number of pages is cached. Scrolling through 100,000
contacts therefore costs one small query per screenful.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from core.book.fields import CITY, COUNTRY, DISPLAY_NAME, JOB_TITLE, NATIVE_NAME, STAGE
from core.book.summaries import get_contact_summaries, list_contact_rowids
from core.i18n import _
from ui.fonts import font_for_country
from ui.formatting import country_display_name

ContactIdRole = Qt.ItemDataRole.UserRole + 1
StageRole = Qt.ItemDataRole.UserRole + 2
NativeNameRole = Qt.ItemDataRole.UserRole + 3
RowIdRole = Qt.ItemDataRole.UserRole + 4
DisplayNameRole = Qt.ItemDataRole.UserRole + 5

# The rows read with the ids (in the worker): more than a tall window shows (the rest when painted).
FIRST_SUMMARIES = 60

# Plain ints: a repaint asks data() ~1,200 times, and each use of a
# PySide enum member or operator there costs Python enum machinery.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_FONT = int(Qt.ItemDataRole.FontRole)
_ROLES = frozenset((_DISPLAY, _TOOLTIP, _FONT, ContactIdRole, StageRole, NativeNameRole,
                    DisplayNameRole))


class ContactTableModel(QAbstractTableModel):
    """Contacts as rows (Name, Company, Title, Country, City, Stage), fetched page by page."""

    PAGE_SIZE = 200
    MAX_CACHED_PAGES = 64
    NAME, COMPANY, TITLE, COUNTRY, CITY, STAGE = range(6)

    def __init__(self, db, parent=None):
        super().__init__(parent)
        self._db = db
        self._rowids: list[int] = []
        self._pages: OrderedDict[int, dict[int, dict]] = OrderedDict()
        self._row_by_rowid: dict[int, int] | None = None
        self._fonts: dict[str, QFont] = {}
        # The texts of the rows shown (rowid -> one per column), made once, not per paint.
        self._texts: dict[int, tuple[str, ...]] = {}
        self._last: tuple[int, dict | None] = (-1, None)  # the row asked for last and its summary
        self.pages_fetched = 0  # how many page queries ran (tests check laziness with it)
        self._headers = (_("Name"), _("Company"), _("Title"), _("Country"), _("City"), _("Stage"))

    # Contents ------------------------------------------------------------------

    def set_rowids(self, rowids: list[int], first_page: dict[int, dict] | None = None) -> None:
        """Show these contacts, in this order (a fresh list, or a search's results).

        *first_page*: the summaries of the first rows if already read (by a worker thread, as
        ``get_contact_summaries`` gives them), so painting reads nothing; the rest of the first
        ``PAGE_SIZE`` rows is read when asked for.
        """
        self.beginResetModel()
        self._rowids = list(rowids)
        self._forget_rows()
        if first_page is not None:
            self._pages[0] = first_page
        self._row_by_rowid = None
        self.endResetModel()

    def extend_rowids(self, rowids: list[int]) -> None:
        """Show *rowids* where the rows shown are their beginning (the rest of a list shown
        page first): the new rows are added below, keeping the selection, scroll and fetched rows."""
        shown = len(self._rowids)
        if rowids[:shown] != self._rowids:
            self.set_rowids(rowids)
            return
        if len(rowids) > shown:
            self.beginInsertRows(QModelIndex(), shown, len(rowids) - 1)
            self._rowids = list(rowids)
            self._row_by_rowid = None
            self.endInsertRows()

    def rowids(self) -> list[int]:
        """The row ids shown, in order."""
        return self._rowids

    def invalidate(self) -> None:
        """Forget cached rows (after an edit) and let the view fetch what it shows again."""
        self._forget_rows()
        if self._rowids:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._rowids) - 1, self.columnCount() - 1))

    def refresh_texts(self) -> None:
        """Make the cells' texts again (country names now in the locale's words)."""
        self._texts.clear()
        if self._rowids:
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(len(self._rowids) - 1, self.columnCount() - 1))

    def _forget_rows(self) -> None:
        self._pages.clear()
        self._texts.clear()
        self._last = (-1, None)

    def summary(self, row: int) -> dict | None:
        """The summary dict of *row* (``id``, ``display_name``, ``company``…), fetched if needed."""
        last_row, last = self._last
        if row == last_row:
            return last
        if not 0 <= row < len(self._rowids):
            return None
        page_number = row // self.PAGE_SIZE
        page = self._pages.get(page_number)
        rowid = self._rowids[row]
        if page is None or rowid not in page:  # not read, or past the first rows read with the ids
            page = self._fetch_page(page_number)
        else:
            self._pages.move_to_end(page_number)
        found = page[rowid]
        self._last = (row, found)
        return found

    def contact_id(self, row: int) -> str | None:
        """The contact id shown in *row*, or None."""
        found = self.summary(row)
        return found["id"] if found else None

    def row_of_rowid(self, rowid: int) -> int:
        """The row showing *rowid*, or -1."""
        if self._row_by_rowid is None:
            self._row_by_rowid = {value: row for row, value in enumerate(self._rowids)}
        return self._row_by_rowid.get(rowid, -1)

    def cached_row_of_contact(self, contact_id: str) -> int:
        """The row of *contact_id* if its page is already fetched, else -1 (no query runs)."""
        for page in self._pages.values():
            for rowid, summary in page.items():
                if summary is not None and summary["id"] == contact_id:
                    return self.row_of_rowid(rowid)
        return -1

    def _fetch_page(self, page_number: int) -> dict[int, dict]:
        start = page_number * self.PAGE_SIZE
        rowids = self._rowids[start:start + self.PAGE_SIZE]
        found = get_contact_summaries(self._db, rowids)
        page = {rowid: found.get(rowid) for rowid in rowids}  # None: gone since the ids were read
        self.pages_fetched += 1
        self._pages[page_number] = page
        while len(self._pages) > self.MAX_CACHED_PAGES:
            self._pages.popitem(last=False)
            self._texts.clear()  # rebuilt for what is shown: a few rows
        return page

    # QAbstractTableModel ---------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rowids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def name_cell(self, row: int) -> tuple[str, str | None, QFont | None] | None:
        """What the Name cell of *row* paints: (display name, native name if it differs, font or None).

        The delegates ask for their cells here, in one Python call: ``index.data(role)`` for a
        user role goes through PySide's enum conversion, several times per cell and repaint.
        """
        found = self.summary(row)
        if found is None:
            return None
        name, native = found[DISPLAY_NAME.name], found[NATIVE_NAME.name]
        return name, native if native != name else None, self._font_for(found[COUNTRY.name])

    def stage_cell(self, row: int) -> tuple[str, str | None] | None:
        """What the Stage cell of *row* paints: (its label, the stage), or None."""
        found = self.summary(row)
        if found is None:
            return None
        return self._row_texts(row, found)[self.STAGE], found[STAGE.name]

    def _row_texts(self, row: int, found: dict) -> tuple[str | None, ...]:
        rowid = self._rowids[row]
        texts = self._texts.get(rowid)
        if texts is None:
            texts = self._texts[rowid] = tuple(self._display_text(found, c) for c in range(len(self._headers)))
        return texts

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY):
        if role not in _ROLES:
            if role == RowIdRole and index.isValid():
                return self._rowids[index.row()]
            return None
        if not index.isValid():
            return None
        row = self.summary(index.row())
        if row is None:
            return None
        column = index.column()
        if role == _DISPLAY or role == _TOOLTIP:
            return self._row_texts(index.row(), row)[column]
        if role == ContactIdRole:
            return row["id"]
        if role == StageRole:
            return row[STAGE.name]
        if role == NativeNameRole:
            return row[NATIVE_NAME.name] if row[NATIVE_NAME.name] != row[DISPLAY_NAME.name] else None
        if role == DisplayNameRole:
            return row[DISPLAY_NAME.name]
        return self._font_for(row[COUNTRY.name]) if column == self.NAME else None  # FontRole

    def _display_text(self, row: dict, column: int) -> str | None:
        if column == self.NAME:
            native = row[NATIVE_NAME.name]
            if native and native != row[DISPLAY_NAME.name]:
                return f"{row[DISPLAY_NAME.name]}  {native}"
            return row[DISPLAY_NAME.name]
        if column == self.COMPANY:
            return row["company"] or ""
        if column == self.TITLE:
            return row[JOB_TITLE.name] or ""
        if column == self.COUNTRY:
            return country_display_name(row[COUNTRY.name])
        if column == self.CITY:
            return row[CITY.name] or ""
        if column == self.STAGE:
            from core.book.fields import stage_label

            return stage_label(row[STAGE.name])
        return None

    def _font_for(self, country: str | None) -> QFont | None:
        # Han characters look different in Chinese, Japanese and Korean faces.
        key = (country or "").upper()
        if key not in self._fonts:
            from PySide6.QtWidgets import QApplication

            base = QApplication.font()
            font = font_for_country(base, key)
            self._fonts[key] = font if font is not base else None
        return self._fonts[key]


def load_contact_rowids(db, query: str, limit: int) -> tuple[list[int], int, dict[int, dict]]:
    """Row ids to show, how many contacts match in all, and the summaries of the first page.

    Without a query: every live contact, by name. With one: core's best
    matches (at most *limit*; more letters narrow them) and the count, so
    the label can say "500 of 2,345 matches" (or "3,000+", see
    ``search_contact_page``). The first page is read here, in the worker, so
    the GUI thread only paints it.
    """
    from core.book.search import search_contact_page

    query = query.strip()
    if not query:
        rowids = list_contact_rowids(db)
        total = len(rowids)
    else:
        rowids, total = search_contact_page(db, query, limit)
    return rowids, total, get_contact_summaries(db, rowids[:FIRST_SUMMARIES])


def load_first_contact_rowids(db) -> tuple[list[int], dict[int, dict]]:
    """The first page of the whole list by name, and its summaries: shown at start while the rest loads."""
    rowids = list_contact_rowids(db, limit=ContactTableModel.PAGE_SIZE)
    return rowids, get_contact_summaries(db, rowids[:FIRST_SUMMARIES])
