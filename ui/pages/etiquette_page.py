"""EtiquettePage: a searchable list of countries and the chosen country's card, compared with home.

At the top of a card: the summary, then the comparison with the user's home
country (a chart of the seven dimensions, the differences with their advice,
and the dos and don'ts that matter most for this user), then every section.
Cards come from ``core.etiquette``; broken card files show in a quiet banner.
"""

from __future__ import annotations

import html
import unicodedata
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QFrame, QGridLayout, QHBoxLayout, QLabel, QListWidget,
                               QListWidgetItem, QPushButton, QScrollArea, QSizePolicy, QSplitter,
                               QVBoxLayout, QWidget)

from core.content.etiquette_translations import translated_library
from core.i18n import _, current_language, ngettext
from ui.widgets.etiquette_chart import EtiquetteChartWidget
from ui.formatting import format_date
from ui.widgets.common import (EmptyStateFrame, PageHeader, SearchBox, card_frame, chip_label, clear_layout,
                               muted_label)

READING_WIDTH = 860  # px: lines of card text stay short enough to read
BANNER_LINES = 3  # broken files named in the banner; the tooltip has them all


def country_display_name(code: str | None) -> str:
    """A country's name in the UI language (babel), so it reads well inside the translated sentences."""
    from core.i18n import current_language
    from core.book.validation import country_name

    if not code:
        return ""
    try:
        return country_name(code, current_language())
    except Exception:  # noqa: BLE001 - an odd language code still shows the English name
        return country_name(code)


def _fold(text: str) -> str:
    """Lower case without accents, so "turkiye" finds "Türkiye"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def section_html(text: str) -> str:
    """A section's plain text (paragraphs, "- " bullets) as rich text for a QLabel."""
    from core.content.etiquette import split_section_text

    parts = []
    for block in split_section_text(text):
        if block.kind == "bullets":
            items = "".join(f"<li>{html.escape(item)}</li>" for item in block.items)
            parts.append(f"<ul style='margin-top:0; margin-bottom:8px'>{items}</ul>")
        else:
            parts.append(f"<p style='margin-top:0; margin-bottom:8px; line-height:135%'>"
                         f"{html.escape(block.items[0])}</p>")
    return "".join(parts)


def _text_label(text: str, name: str = "", *, rich: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    if name:
        label.setObjectName(name)
    return label


def _card(title: str | None = None, subtitle: str = "") -> tuple[QFrame, QVBoxLayout]:
    return card_frame(title, subtitle, margins=(22, 16, 22, 18))  # roomier: this is reading text


class EtiquettePage(QWidget):
    """Countries on the left; the chosen country's card, compared with home, on the right."""

    country_shown = Signal(str)
    preferences_requested = Signal()

    def __init__(self, parent: QWidget | None = None, *, home_country: str | None = None,
                 directory: Path | None = None):
        super().__init__(parent)
        from core.content.etiquette import load_etiquette_cards

        self.setObjectName("page_etiquette")
        self._home = (home_country or "").upper() or None
        self._directory = directory
        self._library = load_etiquette_cards(directory)
        self._country: str | None = None
        self.comparison = None
        self.chart: EtiquetteChartWidget | None = None
        # The widgets of the card shown (tests and screenshots read them).
        self.title_label: QLabel | None = None
        self.tip_labels: list[QLabel] = []
        self.section_frames: dict[str, QFrame] = {}

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.header = PageHeader(_("Etiquette"))
        self.home_button = QPushButton(_("Change home country…"))
        self.home_button.setProperty("role", "link")
        self.home_button.clicked.connect(self.preferences_requested)
        self.header.actions.addWidget(self.home_button)
        layout.addWidget(self.header)

        self.banner = QLabel()
        self.banner.setObjectName("etiquetteBanner")
        self.banner.setWordWrap(True)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.banner)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self._build_country_list())
        self._scroll = QScrollArea()
        self._scroll.setWidgetResizable(True)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        holder = QWidget()
        centred = QHBoxLayout(holder)
        centred.setContentsMargins(20, 16, 20, 24)
        column = QWidget()
        column.setMaximumWidth(READING_WIDTH)
        self._content = QVBoxLayout(column)
        self._content.setContentsMargins(0, 0, 0, 0)
        self._content.setSpacing(14)
        centred.addWidget(column, 1)
        self._scroll.setWidget(holder)
        self.splitter.addWidget(self._scroll)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([250, 900])
        layout.addWidget(self.splitter, 1)

        self._fill_country_list()
        self._update_banner()
        self._update_subtitle()
        first = self._home if self._home in self._library.cards else next(iter(sorted(self._library.cards)), None)
        self.show_country(first)

    # Public ------------------------------------------------------------------------------------

    @property
    def country(self) -> str | None:
        """The ISO code of the country shown, or None."""
        return self._country

    @property
    def home_country(self) -> str | None:
        """The home country the cards are compared with."""
        return self._home

    @property
    def errors(self) -> list:
        """The broken card files (``CardError``) the banner names."""
        return list(self._library.errors)

    def show_country(self, code: str | None) -> None:
        """Show the card of *code* (a country without a card shows a short note instead)."""
        self._country = (code or "").upper() or None
        self._select_in_list(self._country)
        self._rebuild()
        if self._country:
            self.country_shown.emit(self._country)

    def set_home_country(self, code: str | None) -> None:
        """Compare with *code* from now on and redraw the card (names follow the display locale)."""
        self._home = (code or "").upper() or None
        self._fill_country_list()
        self._select_in_list(self._country)
        self._update_subtitle()
        self._rebuild()

    def focus_search(self) -> None:
        """Put the cursor in the country search box."""
        self.search_box.setFocus()
        self.search_box.selectAll()

    # Country list ------------------------------------------------------------------------------

    def _build_country_list(self) -> QWidget:
        panel = QFrame()
        panel.setObjectName("etiquetteCountries")
        panel.setMinimumWidth(200)
        panel.setMaximumWidth(340)
        column = QVBoxLayout(panel)
        column.setContentsMargins(16, 16, 8, 16)
        column.setSpacing(8)
        self.search_box = SearchBox()
        self.search_box.setObjectName("searchBox")
        self.search_box.setPlaceholderText(_("Search countries"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.textChanged.connect(self._filter_countries)
        self.search_box.returnPressed.connect(self._open_first_visible)
        self.country_list = QListWidget()
        self.country_list.setObjectName("etiquetteCountryList")
        self.country_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.country_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        # "Sonderverwaltungsregion Hongkong", "中華人民共和国香港特別行政区": wrapped, not cut.
        self.country_list.setWordWrap(True)
        self.country_list.setUniformItemSizes(False)
        self.country_list.currentItemChanged.connect(self._on_country_picked)
        self.count_label = muted_label()
        column.addWidget(self.search_box)
        column.addWidget(self.country_list, 1)
        column.addWidget(self.count_label)
        return panel

    def _fill_country_list(self) -> None:
        from core.book.validation import country_search_names

        self.country_list.blockSignals(True)
        self.country_list.clear()
        entries = []
        for code in self._library.cards:
            name = country_display_name(code)
            # Also findable by English name, common aliases, its own name and code.
            keys = _fold(" | ".join((name, *country_search_names(code), code)))
            entries.append((_fold(name), name, code, keys))
        for _sort, name, code, keys in sorted(entries):
            item = QListWidgetItem(name)
            item.setData(Qt.ItemDataRole.UserRole, code)
            item.setData(Qt.ItemDataRole.UserRole + 1, keys)
            item.setToolTip(name)
            if code == self._home:
                item.setToolTip(name + "\n" + _("Your home country"))
            self.country_list.addItem(item)
        self.country_list.blockSignals(False)
        self._filter_countries(self.search_box.text())

    def _filter_countries(self, text: str) -> None:
        wanted = _fold(text.strip())
        shown = 0
        for row in range(self.country_list.count()):
            item = self.country_list.item(row)
            hidden = bool(wanted) and wanted not in item.data(Qt.ItemDataRole.UserRole + 1)
            item.setHidden(hidden)
            shown += not hidden
        total = self.country_list.count()
        self.count_label.setText(
            ngettext("{n} country", "{n} countries", total).format(n=total) if shown == total
            else _("{shown} of {total} countries").format(shown=shown, total=total))

    def visible_countries(self) -> list[str]:
        """The codes the list shows now (after the search filter), top to bottom."""
        return [self.country_list.item(r).data(Qt.ItemDataRole.UserRole)
                for r in range(self.country_list.count()) if not self.country_list.item(r).isHidden()]

    def _open_first_visible(self) -> None:
        visible = self.visible_countries()
        if visible:
            self.show_country(visible[0])

    def _select_in_list(self, code: str | None) -> None:
        self.country_list.blockSignals(True)
        self.country_list.setCurrentRow(-1)
        for row in range(self.country_list.count()):
            if self.country_list.item(row).data(Qt.ItemDataRole.UserRole) == code:
                self.country_list.setCurrentRow(row)
                self.country_list.scrollToItem(self.country_list.item(row))
                break
        self.country_list.blockSignals(False)

    def _on_country_picked(self, item: QListWidgetItem | None, _previous=None) -> None:
        if item is not None:
            self.show_country(item.data(Qt.ItemDataRole.UserRole))

    # Header and banner -------------------------------------------------------------------------

    def _update_subtitle(self) -> None:
        if not self._home:
            text = _("Choose your home country in Preferences to compare each card with it.")
        elif self._home in self._library.cards:
            text = _("Each card is compared with your home country, {home}.").format(
                home=country_display_name(self._home))
        else:
            text = _("There is no card for your home country, {home}, yet: cards show the partner's "
                     "scores alone.").format(home=country_display_name(self._home))
        self.header.set_subtitle(text)

    def _update_banner(self) -> None:
        errors = self._library.errors
        if not errors:
            self.banner.hide()
            return
        lines = [ngettext("A card file has a problem; its card is not shown:",
                          "{n} problems in card files; those cards are not shown:", len(errors)).format(n=len(errors))]
        shown = errors[:BANNER_LINES]
        for error in shown:
            where = (_("{file}, line {line}").format(file=error.file, line=error.line) if error.line
                     else error.file)
            lines.append(f"{where}: {error.message}")
        if len(errors) > len(shown):
            lines.append(_("… and {n} more (hover for all)").format(n=len(errors) - len(shown)))
        self.banner.setText("\n".join(lines))
        self.banner.setToolTip("\n".join(str(e) for e in errors)
                               + "\n" + _("Folder: {path}").format(path=self._library.directory))
        self.banner.show()

    # The card ----------------------------------------------------------------------------------

    def _rebuild(self) -> None:
        from core.content.etiquette_comparison import compare_etiquette

        clear_layout(self._content)
        self.chart = None
        self.comparison = None
        self.title_label = None
        self.tip_labels = []
        self.section_frames = {}
        code = self._country
        # The cards in the interface language where a current translation exists, else in English.
        library = translated_library(self._library, current_language())
        card = library.get(code)
        if card is None:
            if not self._library.cards:
                message = _("No etiquette cards could be loaded.")
            elif code:
                message = _("There is no etiquette card for {country} yet.").format(
                    country=country_display_name(code))
            else:
                message = _("Choose a country on the left to read its etiquette card.")
            self._content.addWidget(EmptyStateFrame(message))
            self._content.addStretch(1)
            return
        self.comparison = compare_etiquette(self._home, card.country, library)
        self._content.addWidget(self._title_card(card))
        self._content.addWidget(self._comparison_card(self.comparison))
        self._content.addWidget(self._tips_card(self.comparison))
        from core.content.etiquette import section_titles

        for key, title in section_titles().items():
            frame, layout = _card(title)
            frame.setObjectName(f"section_{key}")
            self.section_frames[key] = frame
            layout.addWidget(_text_label(section_html(card.sections[key]), "etiquetteText", rich=True))
            self._content.addWidget(frame)
        self._content.addStretch(1)
        self._scroll.verticalScrollBar().setValue(0)

    def _title_card(self, card) -> QFrame:
        frame, layout = _card()
        frame.setObjectName("etiquetteTitleCard")
        top = QHBoxLayout()
        name = self.title_label = QLabel(country_display_name(card.country))
        name.setObjectName("etiquetteCountry")
        top.addWidget(name, 1)
        reviewed = muted_label(_("Reviewed {date}").format(date=format_date(card.reviewed)))
        reviewed.setObjectName("etiquetteReviewed")
        top.addWidget(reviewed, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(top)
        layout.addWidget(_text_label(card.summary, "etiquetteSummary"))
        return frame

    def _comparison_card(self, comparison) -> QFrame:
        partner = country_display_name(comparison.partner.country)
        if comparison.home is not None:
            title = _("{partner} compared with {home}").format(
                partner=partner, home=country_display_name(comparison.home.country))
            note = _("Most different first. Hover a row for the reasons.")
        elif comparison.is_home_country:
            title = _("{partner} on Fairmate's scales").format(partner=partner)
            note = _("This is your home country: the card shows what visitors meet here.")
        elif comparison.home_country:
            title = _("{partner} on Fairmate's scales").format(partner=partner)
            note = _("There is no card for {home} yet, so {partner}'s scores are shown alone.").format(
                home=country_display_name(comparison.home_country), partner=partner)
        else:
            title = _("{partner} on Fairmate's scales").format(partner=partner)
            note = _("Choose your home country in Preferences to see what differs from home.")
        frame, layout = _card(title, note)
        frame.setObjectName("etiquetteComparison")
        self.chart = EtiquetteChartWidget()
        home_name = country_display_name(comparison.home.country) if comparison.home else ""
        self.chart.set_comparison(comparison, home_name, partner)
        layout.addWidget(self.chart)

        rows = [r for r in comparison.rows if r.advice]
        if rows:
            grid = QGridLayout()
            grid.setHorizontalSpacing(14)
            grid.setVerticalSpacing(10)
            grid.setColumnStretch(1, 1)
            for index, row in enumerate(rows):
                label = QLabel(row.label)
                label.setObjectName("adviceLabel")
                label.setProperty("large", "true" if row.is_large else "false")
                label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
                texts = QVBoxLayout()
                texts.setSpacing(2)
                advice = _text_label(row.advice, "adviceText")
                reason = _text_label(_("{country}: {reason}").format(country=partner, reason=row.partner_reason))
                reason.setProperty("role", "muted")
                texts.addWidget(advice)
                texts.addWidget(reason)
                grid.addWidget(label, index, 0, Qt.AlignmentFlag.AlignTop)
                grid.addLayout(texts, index, 1)
            layout.addSpacing(4)
            layout.addLayout(grid)
        return frame

    def _tips_card(self, comparison) -> QFrame:
        from core.content.etiquette import dimension_labels

        subtitle = (_("What matters most for you comes first.") if comparison.home is not None else "")
        frame, layout = _card(_("Dos and don'ts"), subtitle)
        frame.setObjectName("etiquetteTips")
        labels = dimension_labels()
        gaps = {r.key: r.difference for r in comparison.rows}
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(8)
        grid.setColumnStretch(1, 1)
        for index, tip in enumerate(comparison.tips):
            mark = QLabel("✓" if tip.kind == "do" else "✗")
            mark.setObjectName("tipDo" if tip.kind == "do" else "tipDont")
            mark.setToolTip(_("Do") if tip.kind == "do" else _("Don't"))
            mark.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
            grid.addWidget(mark, index, 0, Qt.AlignmentFlag.AlignTop)
            text = _text_label(tip.text, "tipText")
            self.tip_labels.append(text)
            grid.addWidget(text, index, 1)
            if tip.dimension and gaps.get(tip.dimension):
                grid.addWidget(chip_label(labels[tip.dimension][0]), index, 2, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(grid)
        return frame
