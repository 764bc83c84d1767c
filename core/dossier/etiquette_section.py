"""The dossier's etiquette section: how the partner's country differs from home, do's and don'ts, holidays.

A mixin of the dossier writer (core.dossier.render), which provides ``text``,
``heading``, ``facts_table``, ``date``, ``tr`` (the dossier's translation),
``locale`` and ``language``.
"""

from __future__ import annotations

from datetime import date, timedelta

from reportlab.lib.units import mm

from core.book.validation import country_name
from core.content.etiquette import dimension_labels, load_etiquette_cards, section_titles, split_section_text
from core.content.etiquette_comparison import EtiquetteCardMissing, compare_etiquette
from core.content.etiquette_translations import translated_library
from core.content.public_holidays import group_public_holidays, list_public_holidays


# Card sections every dossier prints the opening of, whatever the dimensions' differences.
MUST_KNOW_SECTIONS = ("business_cards", "gifts")


def _first_paragraph(text: str) -> str:
    blocks = split_section_text(text)
    return next((block.items[0] for block in blocks if block.kind == "paragraph"), "")


class EtiquetteSection:
    """Etiquette and public holidays, in the dossier's language."""

    def etiquette(self, data) -> list:
        """The partner country's biggest differences from home, its do's and don'ts, and holidays soon."""
        _ = self.tr.gettext
        country = data.contact.get("country")
        if not country or country == data.home_country:
            return []  # a partner from home needs no etiquette lesson
        try:
            comparison = compare_etiquette(data.home_country, country,
                                           translated_library(load_etiquette_cards(), self.language),
                                           translate=self.tr.gettext)
        except EtiquetteCardMissing:
            return []
        title = _("Etiquette: {country}").format(country=country_name(country, self.locale))
        flow = [self.heading(title)]
        if data.home_country and comparison.home is not None and data.home_country != country:
            flow.append(self.text(_("What differs most from {home}:").format(
                home=country_name(data.home_country, self.locale)), "small"))
        rows = []
        ends = dimension_labels(self.tr.gettext)
        for row in comparison.rows[:3]:
            scores = (f"{row.home_score} → {row.partner_score}" if row.home_score is not None
                      else f"{row.partner_score}/5")
            _label, low, high = ends[row.key]
            scale = _("1 = {low}, 5 = {high}").format(low=low, high=high)
            rows.append((f"{row.label} ({scores})\n{scale}", f"{row.advice} {row.partner_reason}".strip()))
        flow.append(self.facts_table(rows, widths=(44 * mm, None)))
        tips = comparison.tips[:6]
        rows = [(_("Do") if tip.kind == "do" else _("Avoid"), tip.text) for tip in tips]
        flow.append(self.facts_table(rows, widths=(16 * mm, None)))
        # What a first meeting must not get wrong whatever the dimensions say (a Japan dossier
        # never mentioned the card ritual or gifts): the opening paragraph of those sections.
        titles = section_titles(self.tr.gettext)
        flow.append(self.facts_table([(titles[key], _first_paragraph(comparison.partner.sections.get(key, "")))
                                      for key in MUST_KNOW_SECTIONS], widths=(28 * mm, None)))
        if not data.meeting and (near := self.holidays_near(country, data.now.date() + timedelta(days=7))):
            flow.append(self.facts_table([(_("Holidays"), near)], widths=(16 * mm, None)))
        return flow

    def holidays_near(self, country: str | None, day: date, days: int = 7) -> str:
        """The public holidays in *country* within *days* of *day*, as one line ('' for none)."""
        spans = group_public_holidays(list_public_holidays(country, day, days=days, language=self.language))
        return "; ".join(f"{self.date(first)}{' – ' + self.date(last) if last != first else ''}: {name}"
                         for first, last, name in spans)
