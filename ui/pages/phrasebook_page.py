"""PhrasebookPage: pick a language, browse by category or search as you type, star, copy, speak,
and turn the laptop round with the full-screen show-to-partner card.

The phrasebooks load once through the task runner (a few hundred
milliseconds of TOML); lookups after that take well under a millisecond,
so search runs on the GUI thread after a short pause in typing.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QComboBox, QFrame, QHBoxLayout, QHeaderView,
                               QLabel, QListWidget, QListWidgetItem, QPushButton, QScrollArea,
                               QSizePolicy, QSplitter, QStackedWidget, QStyle, QTableView, QVBoxLayout, QWidget)

from core.book.fields import DISPLAY_NAME, FEMININE, MASCULINE, PHRASE_GENDER
from core.book.settings import MY_PHRASE_GENDER, get_setting
from core.content.phrase_labels import (category_title, phrasebook_language_label, phrasebook_language_name,
                                       with_reader_meanings)
from core.i18n import _, current_language, ngettext
from core.store.changes import LOCAL
from ui import operations as op
from ui.fonts import font_for_language
from ui.formatting import names_locale
from ui.models.phrase_model import PhraseDelegate, PhraseTableModel
from ui.widgets.common import PageHeader, muted_label
from ui.widgets.common import configure_row_table
from ui.widgets.common import search_row as search_row_widgets
from ui.widgets.phrase_detail import PhraseDetailPanel

SEARCH_DELAY_MS = 60
LANGUAGE_KEY = "ui/phrase_language"
ALL = "__all__"
FAVOURITES = "__favourites__"
SEARCH_LIMIT = 200


def load_indexed_phrasebooks(directory: Path | None = None):
    """The phrase library with its search index built (worker-side: the first keystroke must not wait)."""
    from core.content.phrasebooks import load_phrasebooks

    library = load_phrasebooks(directory)
    library.search_index()
    return library


class PhrasebookPage(QWidget):
    """Phrases in every shipped language: language picker, categories, search as you type, details and actions."""

    library_loaded = Signal()
    favourite_changed = Signal(str, str, bool)
    phrases_shown = Signal(int)

    def __init__(self, db, runner, parent: QWidget | None = None, *, settings: QSettings | None = None,
                 directory: Path | None = None, speech_engine: str | None = None):
        super().__init__(parent)
        self.setObjectName("page_phrasebook")
        self._db = db
        self._ops = op.operations_for(runner)
        self._ops.changes_applied.connect(self._on_changes_applied)
        self._runner = runner
        self._settings = settings
        self._directory = directory
        self._speech_engine = speech_engine
        self._speaker = None
        self.library = None
        self.partner_dialog = None
        self._fonts: dict[str, QFont] = {}
        self._pending_language: str | None = None
        self._pending_message = ""

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.header = PageHeader(_("Phrasebook"), _("Loading phrasebooks…"))
        picker_label = QLabel(_("Language"))
        picker_label.setProperty("role", "muted")
        self.language_combo = QComboBox()
        self.language_combo.setObjectName("phraseLanguage")
        # As wide as its longest name where there is room; on a 1024-px screen it gives way
        # (a set minimum width overrides the contents' size) and the list still shows names whole.
        self.language_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.language_combo.setMinimumWidth(160)
        self.language_combo.setMaxVisibleItems(20)
        self.header.actions.addWidget(picker_label)
        self.header.actions.addWidget(self.language_combo)
        # Some languages change their words for a woman: the partner's gender picks the form.
        listener_label = QLabel(_("Speaking to"))
        listener_label.setProperty("role", "muted")
        self.listener_combo = QComboBox()
        self.listener_combo.setObjectName("phraseListener")
        for text, value in ((_("Anyone (both forms)"), None), (_("A woman"), FEMININE), (_("A man"), MASCULINE)):
            self.listener_combo.addItem(text, value)
        self.listener_combo.setToolTip(_("Hebrew, Arabic, Hindi, Thai, Russian and others say some phrases "
                                         "differently to a woman; your own gender is in Preferences."))
        self.listener_combo.currentIndexChanged.connect(lambda _index: self.refresh())
        self.header.actions.addWidget(listener_label)
        self.header.actions.addWidget(self.listener_combo)
        layout.addWidget(self.header)

        self.banner = QFrame()
        self.banner.setObjectName("phrasebookBanner")
        self.banner.setStyleSheet("QFrame#phrasebookBanner { background: #fff4e5; border-bottom: 1px solid #f5c98b; }"
                                  "QFrame#phrasebookBanner QLabel { color: #7a4b00; }")
        banner_layout = QHBoxLayout(self.banner)
        banner_layout.setContentsMargins(24, 8, 24, 8)
        self.banner_label = QLabel()
        self.banner_label.setWordWrap(True)
        self.banner_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        banner_layout.addWidget(self.banner_label, 1)
        self.banner.hide()
        layout.addWidget(self.banner)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.setHandleWidth(6)
        layout.addWidget(splitter, 1)
        self.splitter = splitter

        self.category_list = QListWidget()
        self.category_list.setObjectName("phraseCategories")
        self.category_list.setMinimumWidth(236)
        self.category_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.category_list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.category_list.setStyleSheet(
            "QListWidget#phraseCategories { background: transparent; border: none; outline: 0; }"
            "QListWidget#phraseCategories::item { padding: 6px 10px; border-radius: 6px; }"
            "QListWidget#phraseCategories::item:selected { background: #e8efff; color: #1d4ed8; }")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(16, 14, 4, 16)
        left_layout.addWidget(self.category_list)
        splitter.addWidget(left)

        middle = QWidget()
        middle_layout = QVBoxLayout(middle)
        middle_layout.setContentsMargins(8, 14, 8, 16)
        middle_layout.setSpacing(10)
        # A short placeholder that fits at 1280 px; the whole of what it searches in the tooltip.
        search_row, self.search_box, self.count_label = search_row_widgets(_("Search phrases…"), count_width=90)
        self.search_box.setToolTip(_("Search in English, the language itself, or its romanization"))
        middle_layout.addLayout(search_row)

        self.model = PhraseTableModel(self, font_for=self.font_for)
        self.table = QTableView()
        self.table.setObjectName("phraseTable")
        self.table.setModel(self.model)
        self._setup_table()
        self.empty_label = muted_label(wrap=True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.list_stack = QStackedWidget()
        self.list_stack.addWidget(self.table)
        self.list_stack.addWidget(self.empty_label)
        middle_layout.addWidget(self.list_stack, 1)
        splitter.addWidget(middle)

        self.detail = PhraseDetailPanel()
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        holder = QWidget()
        holder_layout = QVBoxLayout(holder)
        holder_layout.setContentsMargins(4, 14, 16, 16)
        holder_layout.addWidget(self.detail)
        scroll.setWidget(holder)
        scroll.setMinimumWidth(320)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 2)
        splitter.setSizes([256, 600, 400])

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.refresh)
        self.search_box.textChanged.connect(self._on_search_text)
        self.language_combo.currentIndexChanged.connect(self._on_language_picked)
        self.category_list.currentRowChanged.connect(lambda _row: self._on_category_picked())
        self.table.selectionModel().currentRowChanged.connect(lambda current, _prev: self._show_detail(current.row()))
        self.table.clicked.connect(self._on_clicked)
        self.table.doubleClicked.connect(lambda index: self.show_to_partner(index.row()))
        self.model.favourite_toggled.connect(self._store_favourite)
        self.detail.show_requested.connect(lambda: self.show_to_partner())
        self.detail.copy_requested.connect(self.copy_phrase)
        self.detail.speak_requested.connect(self.speak_phrase)
        self.detail.favourite_requested.connect(self.toggle_favourite)
        for keys, slot in ((QKeySequence.StandardKey.Copy, self.copy_phrase), (Qt.Key.Key_Space, self.show_to_partner),
                           (Qt.Key.Key_Return, self.show_to_partner), (Qt.Key.Key_Enter, self.show_to_partner)):
            shortcut = QShortcut(QKeySequence(keys), self.table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(lambda s=slot: s())
        self.search_box.returnPressed.connect(self._focus_results)
        self._set_empty(_("Loading phrasebooks…"))

        self._runner.run(load_indexed_phrasebooks, directory, on_done=self._on_library_loaded)

    def _setup_table(self) -> None:
        table = self.table
        configure_row_table(table)
        table.horizontalHeader().hide()
        table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        table.setItemDelegate(PhraseDelegate(table))
        header = table.horizontalHeader()
        header.setSectionResizeMode(PhraseTableModel.PHRASE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(PhraseTableModel.STAR, QHeaderView.ResizeMode.Fixed)
        table.setColumnWidth(PhraseTableModel.STAR, 44)
        vertical = table.verticalHeader()
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self._fit_row_height()

    def _fit_row_height(self, codes=()) -> None:
        """Rows as tall as the tallest shown language's three lines (CJK and Thai faces have taller lines)."""
        self.table.ensurePolished()
        base = self.table.font()
        delegate = self.table.itemDelegate()
        heights = [delegate.row_height(base, self.font_for(code)) for code in set(codes)]
        heights.append(delegate.row_height(base, base))
        self.table.verticalHeader().setDefaultSectionSize(max(heights))

    # Fonts --------------------------------------------------------------------------------------

    def font_for(self, code: str) -> QFont | None:
        """The font that draws language *code* (its own CJK face, Arabic, Thai…), cached."""
        if code not in self._fonts:
            book = self.library.languages.get(code) if self.library else None
            self._fonts[code] = font_for_language(QApplication.font(), code, book.script if book else None)
        return self._fonts[code]

    def language_name(self, code: str) -> str:
        """The name of phrasebook language *code* in the interface language (``ja`` → ``Japanisch``)."""
        book = self.library.languages.get(code) if self.library else None
        return phrasebook_language_name(book or code, names_locale())

    # Loading -------------------------------------------------------------------------------------------

    def _on_library_loaded(self, library) -> None:
        self.library = library
        self._fonts.clear()
        self.model.set_language_names({code: self.language_name(code) for code in library.languages})
        self._show_banner(library)
        count = len(library.languages)
        self.header.set_subtitle(ngettext("{n} business phrases in {count} language",
                                          "{n} business phrases in {count} languages", count)
                                 .format(n=len(library.catalog), count=count))
        combo = self.language_combo
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(_("All languages"), None)
        from core.content.phrasebooks import list_phrase_languages

        labels = [(phrasebook_language_label(book, names_locale()), book.code)
                  for book in list_phrase_languages(library=library)]
        for label, code in sorted(labels, key=lambda pair: self.language_name(pair[1]).casefold()):
            combo.addItem(label, code)
        view = combo.view()
        view.setMinimumWidth(view.sizeHintForColumn(0) + view.verticalScrollBar().sizeHint().width() + 12)
        wanted = self._pending_language or self._saved_language()
        index = combo.findData(wanted) if wanted else -1
        combo.setCurrentIndex(index if index >= 0 else min(1, combo.count() - 1))
        combo.blockSignals(False)
        self._pending_language = None
        self._fill_categories()
        self.refresh()
        if self._pending_message:
            self.detail.show_message(self._pending_message)
            self._pending_message = ""
        self.library_loaded.emit()

    def _show_banner(self, library) -> None:
        if not library.errors:
            self.banner.hide()
            return
        files = library.broken_files()
        lines = [ngettext("A phrasebook file has problems: {files}. Broken entries are left out; "
                          "the other languages work as usual.",
                          "Phrasebook files have problems: {files}. Broken entries are left out; "
                          "the other languages work as usual.", len(files)).format(files=", ".join(files))]
        lines += [str(e) for e in library.errors[:3]]
        if len(library.errors) > 3:
            lines.append(_("… and {n} more (fairmate phrasebooks lists them all)").format(n=len(library.errors) - 3))
        self.banner_label.setText("\n".join(lines))
        self.banner_label.setToolTip("\n".join(str(e) for e in library.errors[:40]))
        self.banner.show()

    def _saved_language(self) -> str | None:
        return self._settings.value(LANGUAGE_KEY) if self._settings is not None else None

    # Choosing ----------------------------------------------------------------------------------------------

    def language(self) -> str | None:
        """The code of the chosen language, or None for all languages."""
        return self.language_combo.currentData()

    def set_language(self, code: str | None) -> None:
        """Choose language *code* (None: all languages); remembered until the library has loaded."""
        if self.library is None:
            self._pending_language = code
            return
        index = self.language_combo.findData(code)
        if index >= 0:
            self.language_combo.setCurrentIndex(index)

    def open_for_contact(self, contact: dict) -> str | None:
        """Choose the language of *contact* (their languages, then country); return it, or None if none fits."""
        if self.library is None:
            from core.content.phrasebooks import load_phrasebooks

            self._on_library_loaded(load_phrasebooks(self._directory))
        from core.content.phrasebooks import phrase_language_for_contact

        code = phrase_language_for_contact(contact, library=self.library)
        name = contact.get(DISPLAY_NAME.name) or ""
        if code is None:
            self.detail.show_message(_("No phrasebook matches the languages or country of {name}.").format(name=name))
            return None
        self.search_box.clear()
        self.listener_combo.setCurrentIndex(max(0, self.listener_combo.findData(contact.get(PHRASE_GENDER.name))))
        self.set_language(code)
        self.category_list.setCurrentRow(0)
        book = self.library.languages[code]
        self.detail.show_message(_("Phrases in {language} for {name}.").format(language=self.language_name(code),
                                                                                name=name))
        return code

    def _on_language_picked(self, _index: int) -> None:
        if self._settings is not None and self.language():
            self._settings.setValue(LANGUAGE_KEY, self.language())
        self._fill_categories()
        self.refresh()

    def _fit_category_width(self) -> None:
        """Wide enough for the longest category and its count ("Greetings and introductions (14)")."""
        self.category_list.ensurePolished()
        metrics = self.category_list.fontMetrics()
        widest = max((metrics.horizontalAdvance(self.category_list.item(i).text())
                      for i in range(self.category_list.count())), default=0)
        scroll_bar = self.category_list.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        self.category_list.setMinimumWidth(max(236, widest + 2 * 10 + scroll_bar + 12))  # item padding, frame

    def _fill_categories(self) -> None:
        if self.library is None:
            return
        from core.content.phrase_favourites import list_favourite_keys

        language = self.language()
        current = self.category()
        book = self.library.languages.get(language) if language else None
        counts: dict[str, int] = {}
        for phrase in (book.phrases.values() if book else []):
            counts[phrase.category] = counts.get(phrase.category, 0) + 1
        favourites = len(list_favourite_keys(self._db, language=language))
        self.category_list.blockSignals(True)
        self.category_list.clear()
        entries = [(ALL, _("All phrases"), sum(counts.values()) if book else None),
                   (FAVOURITES, _("★ Favourites"), favourites)]
        entries += [(key, category_title(key, title), counts.get(key) if book else None)
                    for key, title in self.library.categories.items()]
        for key, title, count in entries:
            item = QListWidgetItem(f"{title}  ({count})" if count is not None else title)
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.category_list.addItem(item)
        self._fit_category_width()
        rows = [self.category_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.category_list.count())]
        self.category_list.setCurrentRow(rows.index(current) if current in rows else 0)
        self.category_list.blockSignals(False)

    def category(self) -> str:
        """The chosen category key (``__all__`` and ``__favourites__`` for the two lists above them)."""
        item = self.category_list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else ALL

    def _on_category_picked(self) -> None:
        if self.search_box.text().strip():
            self.search_box.blockSignals(True)
            self.search_box.clear()
            self.search_box.blockSignals(False)
        self.refresh()

    def _on_search_text(self, text: str) -> None:
        if text.strip() and self.category() != ALL:
            self.category_list.blockSignals(True)
            self.category_list.setCurrentRow(0)
            self.category_list.blockSignals(False)
        self._search_timer.start()

    def query(self) -> str:
        """What the search box holds, trimmed."""
        return self.search_box.text().strip()

    # Listing -----------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Show the phrases for the chosen language, category and search."""
        self._search_timer.stop()
        if self.library is None:
            return
        from core.content.phrase_favourites import list_favourite_keys, list_favourite_phrases
        from core.content.phrase_forms import expand_phrase_forms
        from core.content.phrasebooks import list_phrases, search_phrases

        language, category, query = self.language(), self.category(), self.query()
        keep = self.current_phrase()
        if query:
            phrases = search_phrases(query, language=language, limit=SEARCH_LIMIT, library=self.library)
        elif category == FAVOURITES:
            phrases = list_favourite_phrases(self._db, language=language, library=self.library)
        elif language is None:
            phrases = [] if category == ALL else [
                p for book in self._books() for p in list_phrases(book.code, category=category, library=self.library)]
        else:
            phrases = list_phrases(language, category=None if category == ALL else category, library=self.library)
        # In a German or Japanese interface the meaning is the German or Japanese book's wording.
        phrases = with_reader_meanings(phrases, self.library, current_language())
        phrases = expand_phrase_forms(phrases, speaker=get_setting(self._db, MY_PHRASE_GENDER.key) or None,
                                      listener=self.listener_combo.currentData())
        self.model.set_favourites(list_favourite_keys(self._db))
        self._fit_row_height({p.language for p in phrases})
        self.model.set_phrases(phrases, show_language=language is None)
        self._update_count(len(phrases), query)
        if not phrases:
            self._set_empty(self._empty_text(language, category, query))
        else:
            self.list_stack.setCurrentWidget(self.table)
        row = self.model.row_of(keep.language, keep.key) if keep else -1
        self.table.selectRow(row if row >= 0 else 0) if phrases else self._show_detail(-1)
        self.phrases_shown.emit(len(phrases))

    def _books(self):
        from core.content.phrasebooks import list_phrase_languages

        return list_phrase_languages(library=self.library)

    def _empty_text(self, language, category, query) -> str:
        if query:
            return _("No phrase matches “{query}”. Try an English word, or fewer letters.").format(query=query)
        if category == FAVOURITES:
            return _("No favourites yet. Click the star beside a phrase to keep it here.")
        if language is None:
            return _("Pick a language above, or type to search every language at once.")
        return _("No phrases here.")

    def _set_empty(self, text: str) -> None:
        self.empty_label.setText(text)
        self.list_stack.setCurrentWidget(self.empty_label)

    def _update_count(self, count: int, query: str) -> None:
        if query and count >= SEARCH_LIMIT:
            text = _("first {n}").format(n=count)
        else:
            text = ngettext("{n} phrase", "{n} phrases", count).format(n=count)
        self.count_label.setText(text)

    def current_phrase(self):
        """The selected phrase, or None."""
        index = self.table.currentIndex()
        return self.model.phrase(index.row()) if index.isValid() else None

    def _show_detail(self, row: int) -> None:
        phrase = self.model.phrase(row)
        if phrase is None:
            self.detail.show_phrase(None)
            return
        book = self.library.languages.get(phrase.language)
        self.detail.show_phrase(phrase, font=self.font_for(phrase.language), favourite=self.model.is_favourite(phrase),
                                category=category_title(phrase.category,
                                                        self.library.categories.get(phrase.category, "")),
                                language=self.language_name(phrase.language))

    def _focus_results(self) -> None:
        if self._search_timer.isActive():
            self.refresh()
        if self.model.rowCount():
            self.table.setFocus()
            if not self.table.currentIndex().isValid():
                self.table.selectRow(0)

    def focus_search(self) -> None:
        """Put the cursor in the search box, ready to type."""
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    # Actions -------------------------------------------------------------------------------------------------

    def _on_clicked(self, index) -> None:
        if index.column() == PhraseTableModel.STAR:
            self.model.toggle_favourite(index.row())

    def toggle_favourite(self) -> None:
        """Star or unstar the selected phrase."""
        index = self.table.currentIndex()
        if index.isValid():
            self.model.toggle_favourite(index.row())

    def _store_favourite(self, language: str, key: str, starred: bool) -> None:
        def stored(_value) -> None:
            self.favourite_changed.emit(language, key, starred)
            row = self.table.currentIndex().row()
            if self.category() == FAVOURITES and not starred:
                self.refresh()
            else:
                self._show_detail(row)
            self._update_favourite_count()

        if starred:
            self._ops.run(op.add_favourite_phrase, language, key, on_done=stored)
        else:
            self._ops.run(op.remove_favourite_phrase, language, key,
                          on_done=stored)

    def _on_changes_applied(self, changes) -> None:
        # A star set here refreshes itself when stored; an undo or another device's does not.
        if changes.origin != LOCAL and changes.touches("phrase_favourites") and self.library is not None:
            self.refresh()
            self._update_favourite_count()

    def _update_favourite_count(self) -> None:
        from core.content.phrase_favourites import list_favourite_keys

        item = self.category_list.item(1)
        if item is not None:
            item.setText(f"{_('★ Favourites')}  ({len(list_favourite_keys(self._db, language=self.language()))})")

    def copy_phrase(self) -> str:
        """Copy the selected phrase and its romanization to the clipboard; return what was copied."""
        phrase = self.current_phrase()
        if phrase is None:
            return ""
        text = "\n".join(v for v in (phrase.text, phrase.romanization) if v)
        QApplication.clipboard().setText(text)
        self.detail.show_message(_("Copied."))
        return text

    def speak_phrase(self) -> str | None:
        """Say the selected phrase aloud; return the message shown when no voice exists (else None)."""
        phrase = self.current_phrase()
        if phrase is None:
            return None
        if self._speaker is None:
            from ui.speech import PhraseSpeaker

            self._speaker = PhraseSpeaker(self._speech_engine, self)
        book = self.library.languages.get(phrase.language)
        message = self._speaker.speak(phrase.text, book.speech if book else None,
                                      self.language_name(phrase.language))
        self.detail.show_message(message or _("Speaking…"))
        return message

    def show_to_partner(self, row: int | None = None, *, full_screen: bool = True):
        """Open the full-screen card on the phrase of *row* (default: the selected one); return the dialog."""
        from ui.dialogs.show_to_partner import ShowToPartnerDialog

        if row is None:
            row = self.table.currentIndex().row()
        if self.model.phrase(row) is None:
            return None
        dialog = ShowToPartnerDialog(self.model.phrases(), row, self.font_for, self, full_screen=full_screen)
        dialog.phrase_shown.connect(lambda p: self.table.selectRow(self.model.row_of(p.language, p.key)))
        dialog.finished.connect(lambda _code: self._partner_closed(dialog))
        self.partner_dialog = dialog
        dialog.open_card()
        return dialog

    def _partner_closed(self, dialog) -> None:
        if self.partner_dialog is dialog:
            self.partner_dialog = None
        dialog.deleteLater()
        self.table.setFocus()
