"""ContactsPage: search as you type over the whole contact book, a lazy table, the detail pane.

The list of row ids (all contacts, or a search's matches) is loaded through
the task runner, so typing never waits on the database; a newer query makes
older results obsolete, and they are dropped.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QHeaderView,
                               QPushButton, QSplitter, QTableView, QVBoxLayout, QWidget)

from core.i18n import _, ngettext
from core.store.changes import RESTORED
from ui.models.contact_model import ContactTableModel, load_contact_rowids, load_first_contact_rowids
from ui.widgets.delegates import ContactNameDelegate, StagePillDelegate
from ui.formatting import format_count, load_locale_data, use_saved_country_names
from ui.operations import operations_for
from ui.widgets.common import PageHeader
from ui.widgets.empty_book import EmptyBookPanel
from ui.widgets.common import configure_row_table
from ui.widgets.contact_columns import fit_contact_columns, stage_column_width
from ui.widgets.common import search_row as search_row_widgets

SEARCH_DELAY_MS = 120
# Work waiting for the first rows on screen starts anyway after this long (e.g. a minimized window).
FIRST_ROWS_WAIT_MS = 1000
# A search shows its best matches, at most this many (more letters narrow them).
SEARCH_PAGE_ROWS = 500


class ContactsPage(QWidget):
    """The contact book: search box, table of every contact, and the selected one's details."""

    phrases_requested = Signal(str)  # contact id: open the Phrasebook in their language
    # The detail pane's requests, passed on (the pane itself is built after the first rows).
    dossier_requested = Signal(str, str)
    etiquette_requested = Signal(str)
    contacts_merged = Signal(str, str, str)
    merge_undone = Signal(str, str, str)
    contacts_loaded = Signal(int)

    def __init__(self, db, runner, parent: QWidget | None = None, *, home_time_zone: str | None = "UTC",
                 follow_up_hours: int = 48):
        super().__init__(parent)
        self.setObjectName("page_contacts")
        self._db = db
        self._runner = runner
        self._ops = operations_for(runner)
        self._ops.changes_applied.connect(self._on_changes_applied)
        self._follow_up_hours = follow_up_hours
        self._load_handle = None
        self._load_after_paint = None  # at start: the whole list's load, begun once the first page is painted
        self._first_page_generation = 0  # the load whose first page is on screen
        self._locale_data_planned = False
        self._loading = False
        self._generation = 0
        self._pending_select: str | None = None
        self._loaded_query: str | None = None
        self._keep_scroll: int | None = None
        # Callbacks for when the first list is on screen; None once it is.
        self._after_first_rows: list | None = []
        self._awaiting_first_paint = False
        self._first_rows_timer = QTimer(self)
        self._first_rows_timer.setSingleShot(True)
        self._first_rows_timer.timeout.connect(lambda: self._run_after_first_rows(waited=True))
        self._first_rows_painted = False  # the first page is on screen, the whole list not yet in

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.header = PageHeader(_("Contacts"), _("Everyone you met, in every script"))
        self.new_button = QPushButton(_("New contact"))
        self.new_button.setProperty("role", "primary")
        self.new_button.setToolTip(_("Add a contact (Ctrl+N)"))
        self.new_button.clicked.connect(self.open_new_contact_dialog)
        self.header.actions.addWidget(self.new_button)
        layout.addWidget(self.header)

        # An empty book offers a start instead of an empty list (the window connects its buttons).
        self.empty_book = EmptyBookPanel()
        self._empty_book_area = QWidget()
        area = QVBoxLayout(self._empty_book_area)
        area.setContentsMargins(40, 24, 40, 24)
        area.addWidget(self.empty_book)
        area.addStretch(1)
        self._empty_book_area.hide()
        layout.addWidget(self._empty_book_area, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("contactsSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setHandleWidth(6)
        layout.addWidget(self.splitter, 1)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(20, 14, 8, 16)
        left_layout.setSpacing(10)
        # The longest counts it says (digits: the locale's grouping is not loaded yet at start).
        widest = (_("{shown} of {n}+ matches").format(shown=SEARCH_PAGE_ROWS, n="3,000"),
                  _("{shown} of {n} matches").format(shown=SEARCH_PAGE_ROWS, n="3,000"),
                  ngettext("{n} contact", "{n} contacts", 888_888).format(n="888,888"))
        search_row, self.search_box, self.count_label = search_row_widgets(
            _("Search names in any script, pinyin, company, city, tags…"), count_samples=widest)
        # The pane can be hidden to give the list the width (a 13-inch screen); the window remembers it.
        self.details_button = QPushButton(_("Details"))
        self.details_button.setObjectName("detailsToggle")
        self.details_button.setCheckable(True)
        self.details_button.setChecked(True)
        self.details_button.setToolTip(_("Show or hide the selected contact's details (F9)"))
        self.details_button.toggled.connect(self.set_detail_shown)
        QShortcut(QKeySequence("F9"), self, activated=self.details_button.toggle)
        # Edit moved into the pane's More menu: a double-click on the row or F2 opens it directly.
        QShortcut(QKeySequence("F2"), self, activated=self.edit_current_contact)
        search_row.addWidget(self.details_button)
        left_layout.addLayout(search_row)

        self.model = ContactTableModel(db, self)
        self.table = QTableView()
        self.table.setObjectName("contactTable")
        self.table.setModel(self.model)
        self._setup_table()
        self.search_box.installEventFilter(self)
        left_layout.addWidget(self.table, 1)
        self.splitter.addWidget(left)

        # The detail pane is built once the first rows are painted (or when asked for): at start
        # it shows no contact, and building it (with its imports) took ~15 ms before the first page.
        self._detail = None
        self._read_only = False
        self._home_time_zone = home_time_zone  # None: the suggested one (none is saved), worked out later
        self._detail_placeholder = QWidget()
        self._detail_placeholder.setObjectName("contactDetailPlaceholder")
        self._detail_placeholder.setMinimumWidth(self.DETAIL_MIN_WIDTH)
        self.splitter.addWidget(self._detail_placeholder)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([800, 400])

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.reload)
        # Each keystroke restarts the wait: the search runs once typing pauses.
        self.search_box.textChanged.connect(lambda _text: self._search_timer.start())
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self.table.doubleClicked.connect(lambda _index: self.edit_current_contact())
        self.after_first_rows_shown(self._build_detail)

    DETAIL_MIN_WIDTH = 380  # the pane's main actions on one line

    @property
    def detail(self):
        """The detail pane (a ContactDetailView), built now if it was not yet."""
        return self._build_detail()

    def _build_detail(self):
        if self._detail is None:
            # Imported here: the pane and its cards are not needed for the first page of contacts.
            from ui.widgets.contact_detail import ContactDetailView

            if self._home_time_zone is None:
                # None: none saved, so the one suggested from the system's locale, worked out now:
                # it takes babel's data (~30 ms), which the first page of contacts does not wait for.
                from core.book.settings import suggest_home_time_zone

                self._home_time_zone = suggest_home_time_zone()

            detail = ContactDetailView(self._ops, home_time_zone=self._home_time_zone,
                                       follow_up_hours=self._follow_up_hours)
            detail.setMinimumWidth(self.DETAIL_MIN_WIDTH)
            # In the splitter first: shown before, it would open as a window of its own.
            self.splitter.replaceWidget(1, detail)  # same size as the placeholder
            detail.setVisible(self.details_button.isChecked())
            self._detail_placeholder.deleteLater()
            self._detail_placeholder = None
            detail.contact_requested.connect(self.show_contact)
            for name in ("phrases_requested", "dossier_requested", "etiquette_requested",
                         "contacts_merged", "merge_undone"):
                getattr(detail, name).connect(getattr(self, name))
            self._detail = detail
            detail.set_read_only(self._read_only)
        return self._detail

    def set_detail_shown(self, shown: bool) -> None:
        """Show or hide the detail pane (the list takes the whole width while it is hidden)."""
        if self.details_button.isChecked() != shown:
            self.details_button.setChecked(shown)  # comes back here through toggled
            return
        self.splitter.widget(1).setVisible(shown)
        self._fit_columns()

    def edit_current_contact(self) -> None:
        """Open the contact dialog on the contact of the current row (double-click, F2)."""
        if self._read_only:
            return
        current = self.table.currentIndex()
        contact_id = self.model.contact_id(current.row()) if current.isValid() else None
        if contact_id:
            if self.detail.contact_id != contact_id:
                self.detail.show_contact(contact_id)
            self.detail.edit_contact()

    def detail_shown(self) -> bool:
        """True while the detail pane is shown (not hidden with Details)."""
        return self.details_button.isChecked()

    def set_read_only(self, read_only: bool) -> None:
        """Switch off adding and editing contacts (the book can only be read), or on again."""
        self._read_only = read_only
        self.new_button.setEnabled(not read_only)
        self.empty_book.set_read_only(read_only)
        if self._detail is not None:
            self._detail.set_read_only(read_only)

    def _shown_contact_id(self) -> str | None:
        # Without building the pane: none is shown before it exists.
        return self._detail.contact_id if self._detail is not None else None

    def _setup_table(self) -> None:
        table = self.table
        configure_row_table(table)
        # Several rows can be selected for an export; the current row is the one shown.
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setAlternatingRowColors(True)
        table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vertical = table.verticalHeader()
        vertical.hide()
        # Fixed heights: the view never measures 100,000 rows.
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(34)
        header = table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionsClickable(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setMinimumSectionSize(60)
        header.sectionResized.connect(self._on_section_resized)
        self._user_sized_columns = False
        self._sizing_columns = False
        table.viewport().installEventFilter(self)
        self._fit_columns()
        # The style sheet draws no focus frame in this table (outline: 0): plain cells keep Qt's
        # own delegate (no Python call in each), and the two drawn in Python skip clearing it.
        for column, delegate in ((ContactTableModel.NAME, ContactNameDelegate(table)),
                                 (ContactTableModel.STAGE, StagePillDelegate(table))):
            delegate.focus_frame = False
            table.setItemDelegateForColumn(column, delegate)

    def _fit_columns(self) -> None:
        """Column widths for the table's room (see ``fit_contact_columns``), unless the user sized them."""
        if self._user_sized_columns:
            return
        available = self.table.viewport().width() - stage_column_width(self.table) - 2  # no needless scroll bar
        widths, show_title = fit_contact_columns(available, self.table.fontMetrics())
        self._sizing_columns = True
        self.table.setColumnHidden(ContactTableModel.TITLE, not show_title)
        for column, width in widths.items():
            self.table.setColumnWidth(column, width)
        self._sizing_columns = False

    def _on_section_resized(self, *_args) -> None:
        # Once the user drags a column edge, their widths win over the automatic ones.
        if not self._sizing_columns and self.table.horizontalHeader().underMouse():
            self._user_sized_columns = True

    # Loading ----------------------------------------------------------------------------

    def query(self) -> str:
        """What the search box holds, trimmed."""
        return self.search_box.text().strip()

    def reload(self, select_contact_id: str | None = None, *, keep_scroll: bool = False) -> None:
        """Load the row ids for the current search (through the runner), keeping the selection.

        With *keep_scroll* the list stays where the reader left it (a refresh after a write).
        """
        self._search_timer.stop()
        self._keep_scroll = self.table.verticalScrollBar().value() if keep_scroll else None
        if select_contact_id is not None:
            self._pending_select = select_contact_id
        elif self._pending_select is None:
            self._pending_select = self._shown_contact_id()
        self._runner.cancel(self._load_handle)
        self._load_after_paint = None
        self._generation += 1
        generation = self._generation
        query = self.query()
        self._loading = True

        def load() -> None:
            self._load_after_paint = None
            self._load_handle = self._runner.run_db(
                load_contact_rowids, query, SEARCH_PAGE_ROWS,
                on_done=lambda loaded: self._on_rowids_loaded(generation, query, *loaded))

        if self._after_first_rows is not None and not query and self._pending_select is None \
                and not self.model.rowCount():
            # At start the first page comes first (reading all 100,000 row ids takes ~45 ms);
            # the rest and the count follow, added below it. It is read here, with the GUI
            # thread's connection (~1 ms through the name index): the window's first paint has
            # its rows, without waiting for the worker thread to start and open its own.
            self._on_first_page_loaded(generation, *load_first_contact_rowids(self._db))
        if self._awaiting_first_paint and self._first_page_generation == generation \
                and self._runner.reads_in_background():
            # The whole list once that page is painted: starting the worker, its connection
            # and 100,000 ids would compete with the paint (~35 ms of CPU).
            self._load_after_paint = load
        else:
            load()
        self._plan_locale_data()

    def _start_load_after_paint(self) -> None:
        if self._load_after_paint is not None:  # else a newer reload started its own
            self._load_after_paint()

    def _plan_locale_data(self) -> None:
        if self._after_first_rows is not None and not self._locale_data_planned:
            self._locale_data_planned = True
            # The Country column needs names: those of the last start if saved (babel's data takes
            # ~45 ms, and then loads after the first page), else babel's now.
            if use_saved_country_names():
                self.after_first_rows_shown(self._load_locale_data)
            else:
                load_locale_data()

    def _on_first_page_loaded(self, generation: int, rowids: list[int], first_page: dict) -> None:
        if generation != self._generation or not self._loading:
            return  # a newer query, or the whole list came first
        self._first_page_generation = generation
        self.model.set_rowids(rowids, first_page)
        self._await_first_paint(len(rowids))

    def _on_rowids_loaded(self, generation: int, query: str, rowids: list[int], total: int,
                          first_page: dict) -> None:
        if generation != self._generation:
            return  # the user typed on; a newer query is on its way
        self._loading = False
        self._loaded_query = query
        keep_scroll, self._keep_scroll = self._keep_scroll, None
        if self._first_page_generation == generation:
            self.model.extend_rowids(rowids)  # below the first page, on screen already
        else:
            self.model.set_rowids(rowids, first_page)
        if keep_scroll is not None:
            self._restore_scroll(keep_scroll)
        count = len(rowids)
        if query and total > count:
            from core.book.search import RANKED_MATCHES_MAX

            if total > RANKED_MATCHES_MAX:  # counted no further: "500 of 3,000+ matches"
                text = _("{shown} of {n}+ matches").format(shown=format_count(count),
                                                           n=format_count(RANKED_MATCHES_MAX))
            else:
                text = _("{shown} of {n} matches").format(shown=format_count(count),
                                                          n=format_count(total))
            self.count_label.setToolTip(_("Type more letters to narrow the search"))
        elif query:
            text = ngettext("{n} match", "{n} matches", count).format(n=format_count(count))
            self.count_label.setToolTip("")
        else:
            text = ngettext("{n} contact", "{n} contacts", count).format(n=format_count(count))
            self.count_label.setToolTip("")
        self.count_label.setText(text)
        self.show_empty_book(not query and count == 0)
        pending, self._pending_select = self._pending_select, None
        if pending:
            self._select_in_table(pending, scroll=keep_scroll is None)
        self.contacts_loaded.emit(count)
        if self._first_rows_painted and self._after_first_rows is not None:
            QTimer.singleShot(0, self._run_after_first_rows)  # after this list's paint
        else:
            self._await_first_paint(count)

    def show_empty_book(self, empty: bool) -> None:
        """Offer import, a first partner or demo data instead of the list while the book is empty."""
        self._empty_book_area.setVisible(empty)
        self.splitter.setVisible(not empty)

    def _await_first_paint(self, count: int) -> None:
        # Before the first list is on screen: its callbacks wait for the paint of its rows.
        if self._after_first_rows is not None and not self._awaiting_first_paint:
            if count and self.table.viewport().isVisible():
                self._awaiting_first_paint = True  # eventFilter sees the paint
                self._first_rows_timer.start(FIRST_ROWS_WAIT_MS)
            else:
                self._run_after_first_rows(waited=True)  # nothing to paint: nothing to wait for

    def _load_locale_data(self) -> None:
        if load_locale_data():  # the saved names were not babel's (a new babel): show its own
            self.model.refresh_texts()
            if self._detail is not None:
                self._detail.refresh()

    def after_first_rows_shown(self, callback) -> None:
        """Call *callback* once the first list load is on screen: painted, or loaded when nothing shows.

        At start that is once its first page is painted and the whole list is in.

        Start-up uses it to load everything else only after the first page of contacts.
        """
        if self._after_first_rows is None:
            callback()
        else:
            self._after_first_rows.append(callback)

    def _run_after_first_rows(self, *, waited: bool = False) -> None:
        if self._loading and not waited:
            # The first page is painted, the whole list still loading: it comes first (with its
            # count), then the rest; FIRST_ROWS_WAIT_MS still bounds the wait.
            self._first_rows_painted = True
            return
        if waited and self._load_after_paint is not None:
            # No paint came (a minimized window): the whole list now, and its callbacks once it is in.
            self._awaiting_first_paint = False
            self._start_load_after_paint()
            return
        callbacks, self._after_first_rows = self._after_first_rows, None
        self._awaiting_first_paint = False
        self._first_rows_timer.stop()
        if waited:  # nothing painted (an empty book, a hidden page): all of it now
            for callback in callbacks or ():
                callback()
        elif callbacks:
            self._run_in_turns(callbacks)

    def _run_in_turns(self, callbacks: list) -> None:
        # After the paint, one callback a turn of the event loop (the first too: what the paint
        # queued comes first); the window answers clicks in between.
        def run_next() -> None:
            callbacks.pop(0)()
            if callbacks:
                QTimer.singleShot(0, self, run_next)

        QTimer.singleShot(0, self, run_next)

    # Selection ------------------------------------------------------------------------------

    def show_contact(self, contact_id: str) -> None:
        """Show *contact_id* in the detail pane and select its row (clearing a search that hides it)."""
        self.detail.show_contact(contact_id)
        if self._loading:
            self._pending_select = contact_id  # selected when the list arrives
        elif self._select_in_table(contact_id) < 0:
            # Hidden by the search, or new since the list was loaded: load it afresh.
            if self.query():
                self.search_box.blockSignals(True)
                self.search_box.clear()
                self.search_box.blockSignals(False)
            self.reload(contact_id)

    def _select_in_table(self, contact_id: str, *, scroll: bool = True) -> int:
        row = self.model.cached_row_of_contact(contact_id)
        if row < 0:
            from core.book.summaries import get_contact_rowid

            rowid = get_contact_rowid(self._db, contact_id)
            row = self.model.row_of_rowid(rowid) if rowid is not None else -1
        if row < 0:
            return -1
        index = self.model.index(row, 0)
        selection = self.table.selectionModel()
        position = self.table.verticalScrollBar().value()
        if selection.currentIndex().row() != row:
            selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                      | QItemSelectionModel.SelectionFlag.Rows)
        if scroll:
            self.table.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        else:
            self.table.verticalScrollBar().setValue(position)  # a new current row would scroll to itself
        if self._shown_contact_id() != contact_id:
            self.detail.show_contact(contact_id)
        return row

    def _restore_scroll(self, position: int) -> None:
        # The view sets its scroll range after the reset, in a later turn of the event loop:
        # follow the range until it holds the old position.
        bar = self.table.verticalScrollBar()
        following = [True]

        def follow(*_range) -> None:
            bar.setValue(min(position, bar.maximum()))
            if bar.maximum() >= position:
                stop()

        def stop() -> None:
            if following[0]:
                following[0] = False
                bar.rangeChanged.disconnect(follow)

        bar.rangeChanged.connect(follow)
        follow()
        QTimer.singleShot(500, stop)

    def _on_current_row_changed(self, current, _previous) -> None:
        if not current.isValid():
            return
        contact_id = self.model.contact_id(current.row())
        if contact_id and contact_id != self._shown_contact_id():
            self.detail.show_contact(contact_id)

    def selected_contact_ids(self) -> list[str]:
        """Ids of the contacts selected in the list, in list order."""
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [cid for cid in (self.model.contact_id(row) for row in rows) if cid]

    def focus_search(self) -> None:
        """Put the cursor in the search box, text selected, ready to type."""
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_columns()
            return False
        if watched is self.table.viewport() and event.type() == QEvent.Type.Paint \
                and self._awaiting_first_paint and self.model.rowCount():
            # The filter runs before the paint: the callbacks run after it, in the next turn.
            self._awaiting_first_paint = False
            if self._load_after_paint is not None:
                QTimer.singleShot(0, self, self._start_load_after_paint)
            QTimer.singleShot(0, self._run_after_first_rows)
            return False
        # Down or Enter in the search box moves to the results, as in a mail client.
        if watched is self.search_box and event.type() == QEvent.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if self._search_timer.isActive():
                    self.reload()
                if self.model.rowCount():
                    self.table.setFocus()
                    if not self.table.selectionModel().hasSelection():
                        current = self.table.currentIndex()
                        self.table.selectRow(current.row() if current.isValid() else 0)
                    return True
        return super().eventFilter(watched, event)

    def set_home_time_zone(self, zone: str) -> None:
        """Compare local times with *zone* from now on (in the detail view)."""
        self._home_time_zone = zone
        if self._detail is not None:
            self._detail.set_home_time_zone(zone)

    def set_follow_up_hours(self, hours: int) -> None:
        """Propose follow-ups *hours* ahead for new contacts and in the detail view."""
        self._follow_up_hours = hours
        if self._detail is not None:
            self._detail.set_follow_up_hours(hours)

    # Writes -------------------------------------------------------------------------------------

    def open_new_contact_dialog(self) -> str | None:
        """Ask for a new contact; on Save, show it and return its id."""
        from PySide6.QtWidgets import QDialog

        from ui.dialogs.contact_dialogs import ContactDialog

        dialog = ContactDialog(self._ops, self, follow_up_hours=self._follow_up_hours)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        contact_id = dialog.saved_id if accepted else None
        dialog.deleteLater()
        if contact_id:
            self.contact_added(contact_id)
        return contact_id

    def contact_added(self, contact_id: str) -> None:
        """Show *contact_id*, just added (or kept by a merge), clearing a search that would hide it."""
        self.detail.show_contact(contact_id)
        if self.query():
            self.search_box.blockSignals(True)
            self.search_box.clear()
            self.search_box.blockSignals(False)
        self.reload(contact_id)

    def _on_changes_applied(self, changes) -> None:
        # A new name moves a contact in the sort order, a stage changes its pill: reload the ids.
        restored = changes.rows.get("contacts", frozenset()) if RESTORED in changes.kinds.get("contacts", ()) \
            else frozenset()
        if len(restored) == 1:  # an undone delete: show who came back
            (contact_id,) = restored
            self.detail.show_contact(contact_id)
            self.reload(contact_id)
        elif changes.touches("contacts", "companies"):
            self.reload(keep_scroll=True)
