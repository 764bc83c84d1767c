"""Two countries' etiquette cards side by side: where they differ most, and what to do about it.

Comparing puts the dimensions that differ most first, each with a line of
advice, then the partner's dos and don'ts in the same order::

    comparison = compare_etiquette("DE", "JP")
    comparison.rows[0].key      # 'communication': the biggest gap
    comparison.tips[0].text     # a tip about communication
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from core.content.etiquette import (DIMENSION_KEYS, EtiquetteCard, EtiquetteLibrary, Tip, card_code,
                                    dimension_labels, load_etiquette_cards)
from core.i18n import N_, _

# A gap of this many steps or more is marked in the comparison chart.
LARGE_DIFFERENCE = 2
# (partner lower than home, partner higher than home): what a visitor should do about the gap.
_ADVICE = {
    "specific_diffuse": (
        N_("Get to business soon; personal topics and long meals can wait until you know each other."),
        N_("Make time for personal conversation and meals; the relationship comes before the deal.")),
    "trust_basis": (
        N_("Earn trust with facts: references, certificates, samples and promises kept on time."),
        N_("Invest in the relationship: an introduction, repeated visits and time together build trust.")),
    "communication": (
        N_("Expect plain words and a clear no; it is not rudeness, and they expect the same from you."),
        N_("Listen for what is not said; a 'we will study it' may be a no.")),
    "hierarchy": (
        N_("Talk to whoever is responsible; juniors may decide and rank is shown less."),
        N_("Greet the most senior person first and expect the decision to be made at the top.")),
    "punctuality": (
        N_("Expect waiting and changed plans; confirm again the day before and stay patient."),
        N_("Be on time to the minute and keep to the agreed agenda and dates.")),
    "negotiation_pace": (
        N_("Come ready to decide: prices, terms and the authority to agree in the first meeting."),
        N_("Plan for several meetings; pressing for a quick decision can cost you the deal.")),
    "formality": (
        N_("Expect first names and an easy tone; too much formality can seem distant."),
        N_("Use surnames and titles and follow protocol until you are invited to be less formal.")),
}

def advise_on_difference(key: str, difference: int, translate: Callable[[str], str] | None = None) -> str:
    """One line of advice for a partner *difference* steps above (+) or below (−) home on *key*."""
    if not difference:
        return ""
    lower, higher = _ADVICE[key]
    return (translate or _)(higher if difference > 0 else lower)


@dataclass(frozen=True)
class DimensionComparison:
    """One dimension of a comparison; *difference* is partner − home (None without a home card)."""

    key: str
    label: str
    home_score: int | None
    partner_score: int
    difference: int | None
    partner_reason: str
    home_reason: str | None
    advice: str

    @property
    def is_large(self) -> bool:
        """True when the gap is big enough to stand out (``LARGE_DIFFERENCE`` steps or more)."""
        return self.difference is not None and abs(self.difference) >= LARGE_DIFFERENCE


@dataclass(frozen=True)
class EtiquetteComparison:
    """The partner's card against home: rows most different first, then the tips in that order.

    ``home`` is None when the home country has no card or is the partner's
    own country (``is_home_country``): the rows then show the partner alone,
    in the usual order.
    """

    home: EtiquetteCard | None
    partner: EtiquetteCard
    rows: list[DimensionComparison]
    tips: list[Tip]
    home_country: str | None = None  # the home asked for, with or without a card

    @property
    def is_home_country(self) -> bool:
        """True when the partner's country is the user's own."""
        return self.home_country == self.partner.country

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {
            "home_country": self.home_country,
            "home_has_card": self.home is not None,
            "partner": self.partner.country,
            "rows": [{"key": r.key, "label": r.label, "home_score": r.home_score,
                      "partner_score": r.partner_score, "difference": r.difference,
                      "partner_reason": r.partner_reason, "home_reason": r.home_reason,
                      "advice": r.advice} for r in self.rows],
            "tips": [{"kind": t.kind, "text": t.text, "dimension": t.dimension} for t in self.tips],
        }


class EtiquetteCardMissing(LookupError):
    """There is no card for the country asked for."""


def compare_etiquette(home: str | None, partner: str, library: EtiquetteLibrary | None = None, *,
                      translate: Callable[[str], str] | None = None) -> EtiquetteComparison:
    """Compare *partner*'s card with *home*'s: dimensions by size of the gap, then the tips.

    Labels and advice are in the interface language, or through *translate* (a
    dossier's ``gettext``); the card's own text is as written.

    Without a home card (e.g. Norway) or when home is the partner's country,
    the rows show the partner's scores alone, with advice where the partner
    is at either end of a scale. Raises ``EtiquetteCardMissing`` when
    *partner* has no card.
    """
    library = library or load_etiquette_cards()
    partner_code = card_code(partner)
    partner_card = library.get(partner_code) if partner_code else None
    if partner_card is None:
        raise EtiquetteCardMissing(_("there is no etiquette card for {country!r}").format(country=partner))
    home_code = card_code(home)
    home_card = library.get(home_code) if home_code and home_code != partner_card.country else None
    labels = dimension_labels(translate)

    rows = []
    for key in DIMENSION_KEYS:
        theirs = partner_card.dimensions[key]
        ours = home_card.dimensions[key] if home_card else None
        if ours is not None:
            difference = theirs.score - ours.score
            advice = advise_on_difference(key, difference, translate)
        elif partner_card.country == home_code:
            difference, advice = None, ""  # the user's own country: just the card
        else:
            difference = None
            # Alone, a score says most at the ends of the scale; 3 is the middle ground.
            advice = advise_on_difference(key, theirs.score - 3, translate) if theirs.score != 3 else ""
        rows.append(DimensionComparison(key, labels[key][0], ours.score if ours else None, theirs.score,
                                        difference, theirs.reason, ours.reason if ours else None, advice))
    if home_card is not None:
        rows.sort(key=lambda r: -abs(r.difference))  # stable: ties keep the usual order
    tips = _order_tips(partner_card, rows if home_card is not None else None)
    return EtiquetteComparison(home_card, partner_card, rows, tips, home_code)


def _order_tips(card: EtiquetteCard, rows: list[DimensionComparison] | None) -> list[Tip]:
    """Tips of the dimensions that differ come first (biggest gap first, dos before don'ts);
    then tips without a dimension; last, tips where the partner is like home."""
    if rows is None:
        return list(card.tips)
    position = {row.key: index for index, row in enumerate(rows)}
    gap = {row.key: abs(row.difference) for row in rows}

    def order(item: tuple[int, Tip]) -> tuple:
        index, tip = item
        if tip.dimension is None:
            group, rank = 1, 0
        else:
            group, rank = (0 if gap[tip.dimension] else 2), position[tip.dimension]
        return (group, rank, tip.kind != "do", index)

    return [tip for _index, tip in sorted(enumerate(card.tips), key=order)]
