"""A card's time zone: its own when it has one, else its city's or region's in a country of several.

A card's ``TZ`` wins. An offset (``-08:00``, as Outlook and phones write it)
becomes the zone of the card's country (and region) that has that offset, or,
when none does, the fixed zone ``Etc/GMT+8``, so the card's own offset is kept.
A card without a zone in a country of several zones gets its city's zone (a
city IANA names: Chicago, Perth, Novosibirsk) or its state's or province's
(California, TN, Queensland); otherwise it is left open rather than given the
capital's (America/New_York for a Californian).
"""

from __future__ import annotations

import functools
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.core import get_global

from core.book.romanize import fold

# The zone of most of each state or province, by code and name.
_REGION_ZONES = {
    "US": {
        "America/New_York": "CT DE DC FL GA KY ME MD MA NH NJ NY NC OH PA RI SC VT VA WV Connecticut "
                            "Delaware Florida Georgia Kentucky Maine Maryland Massachusetts "
                            "New_Hampshire New_Jersey New_York North_Carolina Ohio Pennsylvania "
                            "Rhode_Island South_Carolina Vermont Virginia West_Virginia "
                            "District_of_Columbia",
        "America/Detroit": "MI Michigan", "America/Indiana/Indianapolis": "IN Indiana",
        "America/Chicago": "AL AR IL IA LA MN MS MO OK WI TX KS NE ND SD TN Alabama Arkansas Illinois "
                           "Iowa Louisiana Minnesota Mississippi Missouri Oklahoma Wisconsin Texas "
                           "Kansas Nebraska North_Dakota South_Dakota Tennessee",
        "America/Denver": "CO MT NM UT WY ID Colorado Montana New_Mexico Utah Wyoming Idaho",
        "America/Phoenix": "AZ Arizona",
        "America/Los_Angeles": "CA NV OR WA California Nevada Oregon Washington",
        "America/Anchorage": "AK Alaska", "Pacific/Honolulu": "HI Hawaii",
    },
    "CA": {
        "America/Vancouver": "BC British_Columbia", "America/Edmonton": "AB Alberta",
        "America/Regina": "SK Saskatchewan", "America/Winnipeg": "MB Manitoba",
        "America/Toronto": "ON QC Ontario Quebec Québec", "America/Halifax": "NS NB PE Nova_Scotia "
                                                                           "New_Brunswick "
                                                                           "Prince_Edward_Island",
        "America/St_Johns": "NL Newfoundland Newfoundland_and_Labrador",
        "America/Whitehorse": "YT Yukon", "America/Yellowknife": "NT Northwest_Territories",
        "America/Iqaluit": "NU Nunavut",
    },
    "AU": {
        "Australia/Sydney": "NSW ACT New_South_Wales Australian_Capital_Territory",
        "Australia/Melbourne": "VIC Victoria", "Australia/Brisbane": "QLD Queensland",
        "Australia/Adelaide": "SA South_Australia", "Australia/Perth": "WA Western_Australia",
        "Australia/Hobart": "TAS Tasmania", "Australia/Darwin": "NT Northern_Territory",
    },
}
_OFFSET = re.compile(r"^(?:utc|gmt)?\s*([+-])(\d{1,2})(?::?(\d{2}))?(?:\s*;.*)?$", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _regions() -> dict[tuple[str, str], str]:
    found = {}
    for country, zones in _REGION_ZONES.items():
        for zone, names in zones.items():
            for name in names.split():
                found[(country, fold(name.replace("_", " ")))] = zone
    return found


def _country_zones(country: str | None) -> list[str]:
    return list(get_global("territory_zones").get((country or "").upper(), []))


def parse_offset(text: str) -> timedelta | None:
    """A UTC offset as a card writes it (``-08:00``, ``+0100``, ``UTC+9``), None for anything else."""
    match = _OFFSET.match((text or "").strip())
    if not match:
        return None
    sign, hours, minutes = match.groups()
    delta = timedelta(hours=int(hours), minutes=int(minutes or 0))
    return -delta if sign == "-" else delta


def _offsets(zone: str) -> set[timedelta]:
    """The standard and summer offsets of a zone this year."""
    try:
        info = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        return set()
    year = datetime.now().year
    return {datetime(year, month, 15, tzinfo=info).utcoffset() for month in (1, 7)}


def _fixed_zone(offset: timedelta) -> str | None:
    """``Etc/GMT+8`` for −08:00 (the sign is POSIX's, reversed); None for a half hour."""
    hours, rest = divmod(int(offset.total_seconds()), 3600)
    if rest:
        return None
    return "Etc/UTC" if hours == 0 else f"Etc/GMT{'-' if hours > 0 else '+'}{abs(hours)}"


def zone_of_place(country: str | None, region: str, city: str) -> str | None:
    """The zone of a city IANA names, or of a state or province, in *country*; None when open."""
    zones = _country_zones(country)
    if len(zones) == 1:
        return zones[0]
    key = fold(city or "")
    for zone in zones:
        if key and fold(zone.rsplit("/", 1)[-1].replace("_", " ")) == key:
            return zone
    return _regions().get(((country or "").upper(), fold(region or "")))


@functools.lru_cache(maxsize=4096)  # asked per card during an import, with few distinct places
def resolve_zone(text: str | None, country: str | None, region: str, city: str) -> tuple[str | None, str]:
    """The zone for a card: (zone, how) with how ``"own"``, ``"offset"``, ``"place"`` or ``""``.

    *text* is the card's TZ as written (an IANA name, an offset, or empty).
    """
    text = (text or "").strip()
    if "/" in text.split(";")[0]:
        return text.split(";")[0].strip(), "own"
    offset = parse_offset(text) if text else None
    place = zone_of_place(country, region, city)
    if offset is not None:
        if place and offset in _offsets(place):
            return place, "offset"
        matching = [zone for zone in _country_zones(country) if offset in _offsets(zone)]
        if matching and len({frozenset(_offsets(zone)) for zone in matching}) == 1:
            return matching[0], "offset"  # zones that keep the same time count as one
        return _fixed_zone(offset), "offset"
    if text:
        return None, ""
    return (place, "place") if place and len(_country_zones(country)) > 1 else (None, "")
