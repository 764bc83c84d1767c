"""Dates, times, numbers and place names for display, in the user's locale (babel).

Babel (and zoneinfo, core.book.times) is imported on first use, never at start-up. Dates and numbers follow
the DISPLAY_LOCALE setting (``set_display_locale`` is called once the settings
are read); words — country and language names, "overdue by 2 days" — follow
the interface language (``core.i18n.current_language``), so German dates
never put German words into an English interface. Country names and the
number grouping are saved for the next start (``load_locale_data``), so the
first page of contacts and its count can show before babel's data is loaded.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import os
import re
from pathlib import Path
from datetime import date, datetime, timedelta, timezone

from core.i18n import _, current_language
# Re-exported: the GUI asks ui.formatting how to lay text out.
from core.dossier.text_direction import is_right_to_left  # noqa: F401

_locale = "en_GB"
_LOCALE_CODE = re.compile(r"[a-z]{2,3}(_[A-Z][a-z]{3})?(_[A-Z]{2})?")
# Country names saved by an earlier start ({names locale: {code: name}}), used until babel's are loaded.
_saved_names: dict[str, dict[str, str]] | None = None
# The same for whole numbers: (group symbol, first group size, later group sizes).
_saved_grouping: tuple[str, int, int] | None = None
# Numbers a saved grouping must format as babel does, or it is not saved.
_GROUPING_SAMPLES = (0, 7, 999, 1000, 12345, 100000, 1234567, 12345678, 1234567890)


def set_display_locale(code: str | None) -> None:
    """Format for *code* (e.g. ``'de_DE'``) from now on; unknown codes fall back to en_GB."""
    global _locale
    new = code or "en_GB"
    # At start a data file's presence is answer enough: importing babel to parse takes ~25 ms.
    if not _babel_has_data_for(new):
        try:
            from babel import Locale

            Locale.parse(new)
        except Exception:  # noqa: BLE001 - a bad setting must not stop the app
            new = "en_GB"
    if new != _locale:
        global _saved_names, _saved_grouping
        _locale = new
        _saved_names = _saved_grouping = None


def _babel_has_data_for(code: str) -> bool:
    """True when *code* is a locale as babel spells it (``de``, ``en_GB``, ``zh_Hant``) and babel has its data.

    Asked at start instead of ``Locale.parse``, which imports babel (~25 ms) before the first page.
    """
    if not _LOCALE_CODE.fullmatch(code):
        return False
    spec = importlib.util.find_spec("babel")  # found, not imported
    folders = spec.submodule_search_locations if spec else None
    return bool(folders) and (Path(folders[0]) / "locale-data" / f"{code}.dat").is_file()


def display_locale() -> str:
    """The locale used for formatting dates and numbers, e.g. ``'en_GB'``."""
    return _locale


@functools.lru_cache(maxsize=16)
def _babel_code(language: str) -> str:
    if _babel_has_data_for(language):
        return language  # as Locale.parse would say, without importing babel at start
    from babel import Locale, UnknownLocaleError

    try:
        return str(Locale.parse(language))
    except (ValueError, UnknownLocaleError):
        return "en"


def names_locale() -> str:
    """The locale of words shown with data: the interface language, not the date locale.

    The date locale's own variant when it is of the same language (an English interface with
    en_GB dates says "2 min ago", with en_US "2 min. ago"); else the language itself
    (``'de'``, ``'en'``), so German dates never put German words into an English interface.
    """
    return _names_locale(current_language(), _locale)


@functools.lru_cache(maxsize=16)
def _names_locale(language: str, date_locale: str) -> str:
    code = _babel_code(language)
    if date_locale.split("_")[0] == code.split("_")[0] and len(date_locale) > len(code):
        return date_locale
    return code


def format_count(number: int) -> str:
    """A whole number with the locale's grouping: ``12,345``."""
    if _saved_grouping is not None:  # at start, before babel's data is loaded
        return _group_digits(number, *_saved_grouping)
    from babel.numbers import format_decimal

    return format_decimal(number, locale=_locale)


def _group_digits(number: int, symbol: str, first: int, later: int) -> str:
    digits = str(abs(number))
    if len(digits) <= first:
        return str(number)
    groups, rest = [digits[-first:]], digits[:-first]
    while len(rest) > later:
        groups.insert(0, rest[-later:])
        rest = rest[:-later]
    return ("-" if number < 0 else "") + symbol.join([rest, *groups])


def _babel_grouping() -> tuple[str, int, int] | None:
    # The locale's grouping, if the simple rule above formats the samples exactly as babel does.
    from babel import Locale
    from babel.numbers import format_decimal, get_group_symbol

    first, later = Locale.parse(_locale).decimal_formats[None].grouping
    grouping = (get_group_symbol(_locale), first, later)
    if all(_group_digits(n, *grouping) == format_decimal(n, locale=_locale) for n in _GROUPING_SAMPLES):
        return grouping
    return None


def load_locale_data() -> bool:
    """Read the display locale's numbers and country names now (babel takes ~45 ms the first time).

    The names are saved for the next start. True when they differ from saved ones shown until now
    (what shows them should be redrawn).
    """
    global _saved_names, _saved_grouping
    from babel import Locale

    _saved_grouping = None
    format_count(0)
    grouping = _babel_grouping()
    if grouping != _read_saved_grouping():
        _write_saved(_saved_grouping_path(), {"group": grouping[0], "grouping": grouping[1:]}
                     if grouping else None)
    names = dict(Locale.parse(names_locale()).territories)
    shown = _saved_names.get(names_locale()) if _saved_names else None
    _saved_names = None
    if names != (shown if shown is not None else _read_saved_names()):
        _write_saved(_saved_names_path(), names)
    return shown is not None and shown != names


def use_saved_country_names() -> bool:
    """Show the country names saved by an earlier start until ``load_locale_data`` runs; False if none.

    Start-up uses them so the first page of contacts does not wait for babel's locale data.
    """
    global _saved_names, _saved_grouping
    names = _read_saved_names()
    _saved_names = {names_locale(): names} if names is not None else None
    _saved_grouping = _read_saved_grouping() if names is not None else None
    return names is not None


def saved_names_folder() -> str:
    """Where country names are kept between starts (the user's cache folder for Fairmate)."""
    from PySide6.QtCore import QStandardPaths

    return QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation)


def _saved_names_path() -> Path | None:
    folder = saved_names_folder()
    return Path(folder) / f"country-names-{names_locale()}.json" if folder else None


def _saved_grouping_path() -> Path | None:
    folder = saved_names_folder()
    return Path(folder) / f"number-format-{_locale}.json" if folder else None


def _read_saved(path: Path | None):
    try:
        return json.loads(path.read_text(encoding="utf-8")) if path else None
    except (OSError, ValueError):
        return None


def _read_saved_names() -> dict[str, str] | None:
    names = _read_saved(_saved_names_path())
    return names if isinstance(names, dict) and names else None


def _read_saved_grouping() -> tuple[str, int, int] | None:
    saved = _read_saved(_saved_grouping_path())
    try:
        symbol, (first, later) = saved["group"], saved["grouping"]
    except (TypeError, KeyError, ValueError):
        return None
    valid = isinstance(symbol, str) and all(isinstance(n, int) and n > 0 for n in (first, later))
    return (symbol, first, later) if valid else None


def _write_saved(path: Path | None, value) -> None:
    # *value* as JSON at *path*; None removes the file.
    if path is None:
        return
    try:
        if value is None:
            path.unlink(missing_ok=True)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        partial.write_text(json.dumps(value, ensure_ascii=False), encoding="utf-8")
        os.replace(partial, path)  # whole or not at all, for a start that reads it meanwhile
    except OSError:
        pass  # only a quicker next start is lost


def format_percent(share: float) -> str:
    """A share (0–1) as a percentage: ``75%``."""
    from babel.numbers import format_percent as babel_percent

    return babel_percent(share, locale=_locale)


def parse_day(value: date | datetime | str) -> date:
    """A date from a date, datetime or ISO text."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(value[:10])


def parse_moment(value: datetime | str) -> datetime:
    """An aware datetime from ISO text (UTC assumed when no offset is given)."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def format_date(value: date | datetime | str | None, style: str = "medium") -> str:
    """A calendar date: ``23 Nov 2026`` (medium), ``Monday, 23 November 2026`` (full)."""
    if not value:
        return ""
    from babel.dates import format_date as babel_date

    return babel_date(parse_day(value), format=style, locale=_locale)


def format_time(moment: datetime | str, zone: str | None = None) -> str:
    """A clock time (``09:30``), in *zone* when given."""
    from zoneinfo import ZoneInfo

    from babel.dates import format_time as babel_time

    value = parse_moment(moment)
    if zone:
        value = value.astimezone(ZoneInfo(zone))
    return babel_time(value, format="short", locale=_locale)


def format_time_on(moment: datetime | str, zone: str, day: date) -> str:
    """A clock time in *zone*, with the weekday when that is not *day* there: ``Tue 02:00``."""
    from zoneinfo import ZoneInfo

    from babel.dates import format_date as babel_date

    value = parse_moment(moment).astimezone(ZoneInfo(zone))
    time = format_time(value)
    if value.date() == day:
        return time
    return _("{weekday} {time}").format(weekday=babel_date(value.date(), format="EEE", locale=_locale),
                                        time=time)


def format_moment(moment: datetime | str, zone: str | None = None) -> str:
    """Date and time, in *zone* when given, else in the computer's zone: ``23 Nov 2026, 09:30``."""
    from zoneinfo import ZoneInfo

    value = parse_moment(moment)
    value = value.astimezone(ZoneInfo(zone)) if zone else value.astimezone()
    return _("{date}, {time}").format(date=format_date(value), time=format_time(value))


def format_span(delta: timedelta) -> str:
    """A rough duration: ``2 days``, ``5 hours``."""
    from babel.dates import format_timedelta

    return format_timedelta(delta, granularity="hour", threshold=1.0, locale=names_locale())


def overdue_text(due: datetime | date, now: datetime | date) -> str:
    """``overdue by 2 days`` (or ``due today``) for a past due moment or day."""
    delta = now - due
    if isinstance(delta, timedelta) and delta <= timedelta(0):
        return _("due today")
    return _("overdue by {span}").format(span=format_span(delta))


def zone_city(zone: str | None) -> str:
    """The city that names a zone, in the interface language: ``Asia/Kolkata`` → ``Kolkata``."""
    from core.book import times

    return times.zone_city(zone, names_locale())


def home_label(city: str) -> str:
    """``Berlin (home)``."""
    from core.book import times

    return times.home_label(city)


def zone_place(zone: str) -> str:
    """City and country of a zone, for choosing one from a list: ``Los Angeles — United States``."""
    from core.book import times

    return times.zone_place(zone, names_locale())


def format_zoned(moment: datetime | str, zone: str | None, home_zone: str | None, *, city: str | None = None,
                 with_date: bool = False, day: date | None = None) -> str:
    """A moment where it happens, then home time: ``09:00 Las Vegas · 18:00 Berlin (home)`` (core.book.times)."""
    from core.book import times

    return times.format_zoned_time(moment, zone, home_zone, locale=_locale, names_locale=names_locale(),
                                   city=city, with_date=with_date, day=day)


def qt_display_format(with_time: bool = False) -> str:
    """The display format for a QDateEdit/QDateTimeEdit: the locale's medium date, as format_date writes it."""
    from core.book import times

    return times.qt_date_format(times.date_pattern(_locale, with_time=with_time))


def apply_date_format(editor, with_time: bool = False) -> None:
    """Make a QDateEdit/QDateTimeEdit show dates as the rest of the app does (month names in the locale)."""
    from PySide6.QtCore import QLocale

    editor.setLocale(QLocale(_locale))
    editor.setDisplayFormat(qt_display_format(with_time))


def zone_offset_text(zone: str, home_zone: str, now: datetime | None = None) -> str:
    """How far *zone* is from *home_zone* now: ``7 h ahead of you``, ``same time as you``."""
    from zoneinfo import ZoneInfo

    now = now or datetime.now(timezone.utc)
    there = now.astimezone(ZoneInfo(zone)).utcoffset() or timedelta(0)
    here = now.astimezone(ZoneInfo(home_zone)).utcoffset() or timedelta(0)
    minutes = int((there - here).total_seconds() // 60)
    if minutes == 0:
        return _("same time as you")
    hours, rest = divmod(abs(minutes), 60)
    amount = f"{hours}" if not rest else f"{hours}:{rest:02d}"
    if minutes > 0:
        return _("{hours} h ahead of you").format(hours=amount)
    return _("{hours} h behind you").format(hours=amount)


def country_display_name(code: str | None) -> str:
    """A country's name in the interface language (``JP`` → ``Japan``); the code if unknown."""
    if not code:
        return ""
    locale = names_locale()
    saved = _saved_names.get(locale) if _saved_names else None
    if saved is not None:
        return saved.get(code, code)  # as babel: an unknown code shows as itself
    return _country_name(code, locale)


@functools.lru_cache(maxsize=1024)
def _country_name(code: str, locale: str) -> str:
    from core.book.validation import country_name

    try:
        return country_name(code, locale)
    except Exception:  # noqa: BLE001 - an odd stored code still shows as itself
        return code


def language_display_name(code: str) -> str:
    """A language's name in the interface language (``ko`` → ``Korean``)."""
    return _language_name(code, names_locale())


@functools.lru_cache(maxsize=1024)
def _language_name(code: str, locale: str) -> str:
    from core.book.validation import language_name

    return language_name(code, locale)


def country_choices() -> list[tuple[str, str]]:
    """(code, name) of every country, sorted by name in the interface language."""
    from babel import Locale

    territories = Locale.parse(names_locale()).territories
    pairs = [(code, name) for code, name in territories.items()
             if len(code) == 2 and code.isalpha() and code not in ("ZZ", "XA", "XB", "QO", "EU", "EZ", "UN")]
    return sorted(pairs, key=lambda pair: pair[1].casefold())
