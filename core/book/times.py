"""One time model: every time is entered and shown in the zone where it happens, named as a city.

Stored: UTC text plus the IANA zone it was entered in (see docs/time.md).
Shown: the wall-clock time in that zone with the zone's city, and home time
beside it when that differs: ``09:00 Las Vegas · 18:00 Berlin (home)``.
The GUI (ui/formatting.py), the command line and the dossiers all format
through these functions, so they say the same.

>>> format_zoned_time("2026-12-07T17:00:00+00:00", "America/Los_Angeles", "Europe/Berlin",
...                   locale="en_GB", city="Las Vegas")
'09:00 Las Vegas · 18:00 Berlin (home)'
"""

from __future__ import annotations

import functools
import re
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from core.i18n import N_, _

# Translated by the caller's catalog (a dossier's language may not be the app's).
_HOME = N_("{city} (home)")
_TIME_AT = N_("{time} {city}")
_DATE_TIME = N_("{date}, {time}")
_WEEKDAY_TIME = N_("{weekday} {time}")


def parse_utc(value: datetime | str) -> datetime:
    """An aware datetime from stored ISO text (UTC assumed when no offset is given)."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def zone_info(zone: str | None) -> ZoneInfo | None:
    """The ZoneInfo of *zone*, or None when blank or unknown (an odd synced value still shows)."""
    if not zone:
        return None
    try:
        return ZoneInfo(zone)
    except (KeyError, ValueError, OSError):
        return None


@functools.lru_cache(maxsize=2048)
def zone_city(zone: str | None, locale: str = "en") -> str:
    """The city that names *zone* in *locale*: ``America/Los_Angeles`` → ``Los Angeles`` (de: same),
    ``Asia/Kolkata`` → ``Kalkutta`` in German; ``UTC`` for UTC; ``''`` for no zone."""
    if not zone:
        return ""
    from babel.dates import get_timezone_location

    try:
        city = get_timezone_location(zone, locale=locale.replace("-", "_"), return_city=True)
    except Exception:  # noqa: BLE001 - an unknown locale or zone still gets a name
        city = ""
    return city or zone.rsplit("/", 1)[-1].replace("_", " ")


@functools.lru_cache(maxsize=2048)
def zone_place(zone: str, locale: str = "en") -> str:
    """City and country of *zone*, to tell zones apart in a list: ``Los Angeles — United States``."""
    from babel import Locale
    from babel.core import get_global

    city = zone_city(zone, locale)
    territory = get_global("zone_territories").get(zone)
    if not territory or territory == "001":
        return city
    try:
        country = Locale.parse(locale.replace("-", "_")).territories.get(territory, territory)
    except Exception:  # noqa: BLE001
        country = territory
    return city if country == city else _("{city} — {country}").format(city=city, country=country)


@functools.lru_cache(maxsize=8)
def list_zone_places(locale: str = "en") -> tuple[tuple[str, str], ...]:
    """Every zone to choose from as ``(zone, "City — Country")``, sorted by city in *locale*.

    CLDR's canonical zones that this computer's zone database knows (no old aliases
    such as Asia/Calcutta, which would show twice).
    """
    from zoneinfo import available_timezones

    from babel import Locale
    from babel.core import get_global

    try:
        data = Locale.parse(locale.replace("-", "_"))
    except Exception:  # noqa: BLE001
        data = Locale.parse("en")
    cities, countries = data.time_zones, data.territories
    known = available_timezones()
    places = []
    for zone, territory in get_global("zone_territories").items():
        if zone not in known or "/" not in zone or zone.startswith("Etc/"):
            continue
        city = (cities.get(zone) or {}).get("city") or zone.rsplit("/", 1)[-1].replace("_", " ")
        country = countries.get(territory) if territory != "001" else None
        places.append((zone, _("{city} — {country}").format(city=city, country=country) if country else city))
    return tuple(sorted(places, key=lambda place: place[1].casefold()))


def home_label(city: str, tr=None) -> str:
    """``Berlin (home)``: the home zone is named by its city and marked as home.

    *tr* translates (a catalog's ``gettext``; the app's language by default).
    """
    return (tr or _)(_HOME).format(city=city)


def _babel_time(moment: datetime, locale: str) -> str:
    from babel.dates import format_time

    return format_time(moment, format="short", tzinfo=moment.tzinfo, locale=locale)


def _babel_date(day: date, locale: str, style: str = "medium") -> str:
    from babel.dates import format_date

    return format_date(day, format=style, locale=locale)


def same_clock(moment: datetime, zone: str | None, other: str | None) -> bool:
    """True when *zone* and *other* show the same wall time at *moment* (no need to say it twice)."""
    a, b = zone_info(zone), zone_info(other)
    if a is None or b is None:
        return a is b
    return moment.astimezone(a).utcoffset() == moment.astimezone(b).utcoffset()


def format_zoned_time(moment: datetime | str, zone: str | None, home_zone: str | None, *,
                      locale: str = "en_GB", names_locale: str | None = None, city: str | None = None,
                      with_date: bool = False, day: date | None = None, tr=None) -> str:
    """A moment where it happens, with home time after it when that differs.

    ``09:00 Las Vegas · 18:00 Berlin (home)``; ``10:00 Berlin (home)`` when it
    happens at home. *city* names the place (a fair's city) instead of the
    zone's own; *with_date* puts the date (in the place's zone) in front:
    ``7 Dec 2026, 09:00 Las Vegas · …``. With *day*, a time that falls on
    another date than *day* says its weekday (``Tue 02:00``).
    *locale* formats dates and times; *names_locale* (default: *locale*) names the cities;
    *tr* translates (a dossier's catalog; the app's language by default).
    """
    tr = tr or _
    value = parse_utc(moment)
    names = names_locale or locale
    there, home = zone_info(zone), zone_info(home_zone)
    if there is None:
        there, zone, city = (home, home_zone, None) if home else (timezone.utc, "UTC", None)
    local = value.astimezone(there)
    at_home = home is not None and (zone == home_zone or (
        not city and same_clock(value, zone, home_zone) and zone_city(zone, names) == zone_city(home_zone, names)))
    place = home_label(city or zone_city(zone, names), tr) if at_home else (city or zone_city(zone, names))
    text = tr(_TIME_AT).format(time=_clock(local, locale, day, tr), city=place)
    if with_date:
        text = tr(_DATE_TIME).format(date=_babel_date(local.date(), locale), time=text)
    if home is not None and not at_home:
        home_local = value.astimezone(home)
        clock = _clock(home_local, locale, day if day else (local.date() if with_date else None), tr)
        text += " · " + tr(_TIME_AT).format(time=clock, city=home_label(zone_city(home_zone, names), tr))
    return text


def _clock(local: datetime, locale: str, day: date | None, tr) -> str:
    clock = _babel_time(local, locale)
    if day is None or local.date() == day:
        return clock
    return tr(_WEEKDAY_TIME).format(weekday=_babel_date(local.date(), locale, "EEE"), time=clock)


def wall_to_utc(wall: datetime, zone: str) -> datetime:
    """A wall-clock time typed in *zone*, as an aware UTC datetime.

    Ambiguous times (the hour repeated when clocks go back) are the first of
    the two; times that do not exist (skipped when clocks go forward) move
    forward by the gap, so 02:30 on a spring-forward night is 03:30.
    """
    there = zone_info(zone)
    if there is None:
        raise ValueError(zone)
    local = wall.replace(tzinfo=there, fold=0)
    return local.astimezone(timezone.utc)


def utc_to_wall(moment: datetime | str, zone: str) -> datetime:
    """The naive wall-clock time of *moment* in *zone* (what a picker shows)."""
    there = zone_info(zone) or timezone.utc
    return parse_utc(moment).astimezone(there).replace(tzinfo=None)


def choose_entry_zone(db, contact_id: str | None, home_zone: str, *,
                      now: datetime | None = None) -> tuple[str, str | None]:
    """The zone a time about *contact_id* is typed in, and the city to call it by.

    The fair's zone when the contact was met at, or has a meeting at, a fair running
    now (the user is there), else the partner's zone, else home. Returns ``(zone, city)``;
    *city* is the fair's city or None (then the zone's own city names it).
    """
    from core.book.events import find_running_event
    from core.book.fields import MET_EVENT_ID, TIME_ZONE_FIELD
    from core.store.records import fetch_row

    contact = fetch_row(db, "contacts", contact_id) if contact_id else None
    running = find_running_event(db, now)
    if contact and running and running.get("time_zone") and (
            contact.get(MET_EVENT_ID.name) == running["id"] or db.conn.execute(
                "SELECT 1 FROM meetings WHERE contact_id = ? AND event_id = ? AND deleted_at IS NULL",
                (contact_id, running["id"])).fetchone()):
        return running["time_zone"], running.get("city") or None
    if contact and zone_info(contact.get(TIME_ZONE_FIELD.name)):
        return contact[TIME_ZONE_FIELD.name], None
    return home_zone, None


def fair_cities(db, contact_id: str) -> dict[str, str]:
    """Zone → city of the fairs a contact is linked to (met at, or meeting at).

    A time typed in such a fair's zone is named after the fair's city, as the picker
    offered it ("09:00 Las Vegas", not the zone's own "Los Angeles").
    """
    rows = db.conn.execute(
        "SELECT e.time_zone, e.city FROM events e JOIN contacts c ON c.met_event_id = e.id "
        "WHERE c.id = ? AND e.city IS NOT NULL AND e.time_zone IS NOT NULL "
        "UNION ALL SELECT e.time_zone, e.city FROM meetings m JOIN events e ON e.id = m.event_id "
        "WHERE m.contact_id = ? AND m.deleted_at IS NULL AND e.city IS NOT NULL AND e.time_zone IS NOT NULL",
        (contact_id, contact_id)).fetchall()
    cities: dict[str, str] = {}
    for zone, city in rows:
        cities.setdefault(zone, city)  # the fair met at first
    return cities


# Date patterns -------------------------------------------------------------------------------

def date_pattern(locale: str, *, with_time: bool = False) -> str:
    """The CLDR pattern a date (and time) is written with in *locale*, as ``format_date`` writes it.

    Pickers and PDFs use it, so a date looks the same everywhere: ``d MMM y`` (en_GB),
    ``dd.MM.y`` (de_DE), ``MMM d, y`` (en_US); with time ``d MMM y, HH:mm``.
    """
    from babel.dates import get_date_format, get_time_format

    pattern = get_date_format("medium", locale=locale).pattern
    if with_time:
        pattern = _("{date}, {time}").format(date=pattern, time=get_time_format("short", locale=locale).pattern)
    return pattern


def date_locale_for(language: str, date_locale: str | None) -> str:
    """The locale a text in *language* (a dossier) writes dates with: the user's date locale when it is
    of that language (English for en_GB writes "7 Dec 2026", as the app does), else the language's own."""
    language = (language or "en").replace("-", "_")
    if date_locale and date_locale.replace("-", "_").split("_")[0] == language.split("_")[0]:
        return date_locale.replace("-", "_")
    return language


# CLDR letters → Qt's (QDateTimeEdit.setDisplayFormat); quoted text stays as it is.
_QT_FIELDS = {"y": "yyyy", "yy": "yyyy", "yyyy": "yyyy", "a": "AP", "E": "ddd", "EEE": "ddd",
              "EEEE": "dddd", "L": "M", "LL": "MM", "LLL": "MMM", "LLLL": "MMMM"}


def qt_date_format(pattern: str) -> str:
    """A CLDR date pattern as a Qt display format: ``dd.MM.y`` → ``dd.MM.yyyy``, ``h:mm a`` → ``h:mm AP``."""
    out = []
    for token in re.finditer(r"'[^']*'|([A-Za-z])\1*|[^A-Za-z']+", pattern):
        text = token.group(0)
        if text.startswith("'") or not ("a" <= text[0].lower() <= "z"):
            out.append(text)
        elif text in _QT_FIELDS:
            out.append(_QT_FIELDS[text])
        elif text[0] in "dMHhms":
            out.append(text[:4] if text[0] == "M" else text[:2])
        # Anything else (era, zone, week) has no Qt field: left out.
    return "".join(out).strip(" ,")
