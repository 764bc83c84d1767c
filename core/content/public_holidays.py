"""Public holidays near a date in a partner's country, from the ``holidays`` package (offline data).

A meeting in the week of Eid, Golden Week or Chuseok goes differently: offices
close, people travel, replies wait. Etiquette cards say which periods matter
and roughly when; this module gives the dated list for one country around one
day, so a dossier can name the holidays of the meeting's week.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache


@dataclass(frozen=True)
class PublicHoliday:
    """One public holiday: its day and its name (in English, or the language asked for where known)."""

    day: date
    name: str


def list_public_holidays(country: str | None, around: date, *, days: int = 7,
                         language: str | None = None) -> list[PublicHoliday]:
    """The public holidays in *country* from *days* before *around* to *days* after, in date order.

    Empty for an unknown country or none in range. *language* (e.g. "de") names them in
    that language where the data has it, else in English. Names of one day are joined.
    """
    if not country:
        return []
    first, last = around - timedelta(days=days), around + timedelta(days=days)
    calendar = _calendar(country.upper(), tuple(range(first.year, last.year + 1)), language)
    if calendar is None:
        return []
    return [PublicHoliday(day, "; ".join(dict.fromkeys(name.strip() for name in names.split(";"))))
            for day, names in sorted(calendar.items()) if first <= day <= last]


@lru_cache(maxsize=64)
def _calendar(country: str, years: tuple[int, ...], language: str | None):
    # Imported here: the data of every country loads lazily, and only dossiers need it.
    import holidays

    try:
        calendar = holidays.country_holidays(country, years=years, language=_supported(country, language))
    except (NotImplementedError, KeyError):
        return None
    return dict(calendar.items())


def _supported(country: str, language: str | None) -> str | None:
    """*language* or its en_US/English fallback, as the country's data knows it (None: its default)."""
    import holidays

    try:
        supported = holidays.country_holidays(country).supported_languages
    except (NotImplementedError, KeyError):
        return None
    for wanted in ([language, language.split("_")[0]] if language else []) + ["en_US", "en_GB", "en"]:
        if wanted and wanted in supported:
            return wanted
    return None


def group_public_holidays(found: list[PublicHoliday]) -> list[tuple[date, date, str]]:
    """Holidays of one name on days close together as one span: (first day, last day, name)."""
    spans: list[list] = []
    for holiday in found:
        name = holiday.name.replace(" (observed)", "")
        if spans and spans[-1][2] == name and (holiday.day - spans[-1][1]).days <= 2:
            spans[-1][1] = holiday.day
        else:
            spans.append([holiday.day, holiday.day, name])
    return [tuple(span) for span in spans]
