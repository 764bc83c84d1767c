"""Every setting, declared once with its type, default and meaning (as in Picard's options).

User settings (home country and zone, locale, follow-up hours) live in the
database's ``settings`` table, so the app and the command line agree. Window
state (keys starting ``ui/``) lives in the GUI's QSettings.
"""

from __future__ import annotations

import importlib.util
import os
import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

from core.store.db import write_transaction
from core.i18n import N_, _, shipped_languages
from core.store.changes import UPDATED, note_row
from core.book.validation import (ValidationError, default_time_zone, normalize_country, normalize_email,
                                  normalize_phone, normalize_time_zone)


@dataclass(frozen=True)
class Setting:
    key: str
    type: type
    default: Any
    label: str  # untranslated; see display_label
    # Checks a value and returns the form to store; raises ValidationError.
    normalize: Callable[[Any], Any] | None = None

    def default_value(self) -> Any:
        """The default; a callable default is asked each time (e.g. the system's locale)."""
        return self.default() if callable(self.default) else self.default

    def display_label(self) -> str:
        """The label in the user's language (translated when shown, not when declared)."""
        return _(self.label)


SETTINGS: dict[str, Setting] = {}


def declare_setting(key: str, type_: type, default: Any, label: str,
                    normalize: Callable[[Any], Any] | None = None) -> Setting:
    """Register a setting; declaring the same key twice is a programming error."""
    if key in SETTINGS:
        raise ValueError(f"setting {key!r} declared twice")
    setting = Setting(key, type_, default, label, normalize)
    SETTINGS[key] = setting
    return setting


def read_system_locale() -> str:
    """The locale the system asks for dates and numbers (LC_ALL, LC_TIME, LANG…), else en_GB."""
    found = next((os.environ[name] for name in ("LC_ALL", "LC_TIME", "LANG") if os.environ.get(name)), "")
    code = found.split(".")[0]
    if code in ("", "C", "POSIX"):
        return "en_GB"
    if "@" not in code and _babel_has_data_for(code):
        # Read at every start before the first contacts are shown: a data file's presence
        # is answer enough, where parsing the locale loads babel's data (~25 ms).
        return code
    from babel import Locale, UnknownLocaleError
    from babel.core import default_locale

    found = default_locale(("LC_ALL", "LC_TIME", "LANG"))
    if not found or "POSIX" in found:
        return "en_GB"
    try:
        return str(Locale.parse(found))
    except (ValueError, UnknownLocaleError):
        return "en_GB"


def _babel_has_data_for(code: str) -> bool:
    spec = importlib.util.find_spec("babel")
    folders = spec.submodule_search_locations if spec else None
    return bool(folders) and (Path(folders[0]) / "locale-data" / f"{code}.dat").is_file()


def _required(normalize: Callable[..., Any], key: str, missing: str) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        result = normalize(str(value or ""), key)
        if result is None:
            raise ValidationError(key, _(missing))
        return result
    return check


def _known_locale(value: Any) -> str:
    from babel import Locale, UnknownLocaleError

    try:
        return str(Locale.parse(str(value).replace("-", "_")))
    except (ValueError, UnknownLocaleError):
        raise ValidationError("display_locale", _("{value!r} is not a locale such as de_DE or en_GB").format(
            value=value)) from None


def _interface_language(value: Any) -> str:
    code = str(value or "").strip().replace("-", "_")
    if not code:
        return ""  # the system's language
    if code not in shipped_languages():
        raise ValidationError("interface_language", _("{value!r} is not an interface language; one of: {codes}")
                              .format(value=value, codes=", ".join(shipped_languages())))
    return code


def _hours(value: Any) -> int:
    try:
        hours = int(value)
    except (TypeError, ValueError):
        hours = 0
    if not 1 <= hours <= 14 * 24:
        raise ValidationError("follow_up_hours", _("a follow-up is 1 to 336 hours away"))
    return hours


def _suggested_country() -> str:
    return suggest_home_country()


def _suggested_time_zone() -> str:
    return suggest_home_time_zone()


# Until chosen, both follow the system's locale, so home time and home country agree (en_GB: London, GB).
HOME_COUNTRY = declare_setting(
    "home_country", str, _suggested_country, N_("Home country"),
    _required(normalize_country, "home_country", N_("choose your home country")))
HOME_TIME_ZONE = declare_setting(
    "home_time_zone", str, _suggested_time_zone, N_("Home time zone"),
    _required(normalize_time_zone, "home_time_zone", N_("choose your home time zone")))
DISPLAY_LOCALE = declare_setting("display_locale", str, read_system_locale,
                                 N_("Locale for dates and numbers"), _known_locale)
# Empty: the language of the system (LANGUAGE, LANG…); else a shipped catalog's code (de, ja…).
# Dates and numbers follow DISPLAY_LOCALE instead.
INTERFACE_LANGUAGE = declare_setting("interface_language", str, "", N_("Interface language"),
                                     _interface_language)
FOLLOW_UP_HOURS = declare_setting(
    "follow_up_hours", int, 48, N_("Default follow-up after a first meeting (hours)"), _hours)
LAST_PAGE = declare_setting("ui/last_page", str, "today", N_("Page shown at start"))
# 1 once the first-run question about the home country was shown, answered or not.
HOME_COUNTRY_ASKED = declare_setting("ui/home_country_asked", int, 0, N_("Home country asked at first start"))


def _optional(normalize: Callable[..., Any], key: str) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        text = str(value or "").strip()
        return normalize(text, key) if text else ""
    return check


def _website(value: Any, field: str) -> str:
    text = str(value or "").strip()
    if " " in text or "." not in text:
        raise ValidationError(field, _("{value!r} is not a web address such as example.com").format(
            value=text))
    return text if "://" in text else f"https://{text}"


def _choice_or_empty(value: Any, choices: tuple[str, ...], key: str) -> str:
    text = str(value or "").strip().lower()
    if text and text not in choices:
        raise ValidationError(key, _("{value!r} is not one of: {choices}").format(
            value=text, choices=", ".join(choices)))
    return text


def _plain(value: Any) -> str:
    return " ".join(str(value or "").split())


# Your own card, shown as a QR code for partners to scan (core.exchange.qr).
MY_NAME = declare_setting("my_name", str, "", N_("Your name"), _plain)
MY_COMPANY = declare_setting("my_company", str, "", N_("Your company"), _plain)
MY_TITLE = declare_setting("my_title", str, "", N_("Your job title"), _plain)
MY_EMAIL = declare_setting("my_email", str, "", N_("Your email"),
                           _optional(lambda text, key: normalize_email(text, key), "my_email"))
MY_PHONE = declare_setting("my_phone", str, "", N_("Your phone"),
                           _optional(lambda text, key: normalize_phone(text, None, key), "my_phone"))
MY_PHRASE_GENDER = declare_setting(
    "my_phrase_gender", str, "", N_("Your gender for phrases"),
    lambda value: _choice_or_empty(value, ("feminine", "masculine"), "my_phrase_gender"))
MY_WEBSITE = declare_setting("my_website", str, "", N_("Your website"), _optional(_website, "my_website"))
MY_CARD_KEYS = (MY_NAME.key, MY_COMPANY.key, MY_TITLE.key, MY_EMAIL.key, MY_PHONE.key, MY_WEBSITE.key)


def coerce_setting(key: str, value: Any) -> Any:
    """Convert a stored value (often text) to the setting's declared type."""
    setting = SETTINGS[key]
    if value is None or value == "":
        return setting.default_value()
    try:
        return setting.type(value)
    except (TypeError, ValueError):
        return setting.default_value()


def has_saved_setting(db, key: str) -> bool:
    """True when the user (or the command line) has stored *key*, False while it is at its default."""
    row = db.conn.execute("SELECT 1 FROM settings WHERE key = ?", (key,)).fetchone()
    return row is not None


FALLBACK_COUNTRY, FALLBACK_TIME_ZONE = "DE", "Europe/Berlin"


def suggest_home_country(time_zone: str | None = None) -> str:
    """The country of *time_zone* when it lies in one, else of the system's locale (``de_DE`` → ``DE``).

    >>> suggest_home_country("Asia/Tokyo")
    'JP'
    """
    from babel.core import get_global

    if time_zone and get_global("zone_territories").get(time_zone):
        return get_global("zone_territories")[time_zone]
    return _locale_territory(read_system_locale()) or FALLBACK_COUNTRY


def suggest_home_time_zone() -> str:
    """The main zone of the suggested home country (``en_GB`` → ``Europe/London``), else Berlin."""
    return default_time_zone(suggest_home_country()) or FALLBACK_TIME_ZONE


@lru_cache(maxsize=8)
def _locale_territory(code: str) -> str:
    # Asked whenever an unsaved home setting is read: babel parses each locale once.
    from babel import Locale, UnknownLocaleError

    try:
        territory = Locale.parse(code).territory
    except (ValueError, UnknownLocaleError):
        return ""
    return territory if territory and len(territory) == 2 and territory.isalpha() else ""


def peek_setting(path, key: str) -> str | None:
    """A setting as stored in the book at *path*, read before the book is opened; None when unset or unreadable.

    The app needs the interface language before its window exists, and the book
    opens only after the window is on screen; this reads one row, read-only.
    """
    try:
        uri = Path(path).resolve().as_uri() + "?mode=ro"
        conn = sqlite3.connect(uri, uri=True, timeout=0.5)
        try:
            row = conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        finally:
            conn.close()
    except (sqlite3.Error, OSError, ValueError):
        return None  # no book yet, or one that opening will report on
    return row[0] if row else None


# Set in the environment of one command, these win over the saved interface language in the
# command line (LANGUAGE=de fairmate today, LC_ALL=C for English output in a script); LANG,
# which every desktop sets, does not.
LANGUAGE_OVERRIDES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES")


def choose_interface_language(saved: str | None, environ=None, *, environment_wins: bool = False) -> str | None:
    """The catalog to install for a saved interface language: the saved code, or None for the system's.

    With *environment_wins* (the command line), LANGUAGE, LC_ALL or LC_MESSAGES set in the
    environment win over the saved choice.

    >>> choose_interface_language("de", {"LANG": "en_GB.UTF-8"}, environment_wins=True)
    'de'
    >>> choose_interface_language("de", {"LANGUAGE": "fr"}, environment_wins=True) is None
    True
    """
    environ = os.environ if environ is None else environ
    if not saved or saved not in shipped_languages():
        return None
    if environment_wins and any(environ.get(name) for name in LANGUAGE_OVERRIDES):
        return None
    return saved


def get_setting(db, key: str) -> Any:
    """Read a setting from the database, falling back to its declared default."""
    row = db.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    if row is None and key == DISPLAY_LOCALE.key:
        return _default_display_locale(db)
    return coerce_setting(key, row[0] if row else None)


def _default_display_locale(db) -> str:
    """An unset date locale: the system's, unless the interface language chosen in the app is
    another language — then that language's, so a German interface on an English system does
    not write "Monday, 7 December"."""
    system = read_system_locale()
    row = db.conn.execute("SELECT value FROM settings WHERE key = ?", (INTERFACE_LANGUAGE.key,)).fetchone()
    chosen = (row[0] or "") if row else ""
    if not chosen or chosen.split("_")[0] == system.split("_")[0]:
        return system
    return chosen


def set_setting(db, key: str, value: Any) -> Any:
    """Check and store a setting in the database (device-local, not synced); return what was stored.

    Raises ``ValidationError`` naming the setting when the value is not acceptable.
    """
    if key not in SETTINGS:
        raise KeyError(f"unknown setting {key!r}")
    normalize = SETTINGS[key].normalize
    if normalize is not None:
        value = normalize(value)
    with write_transaction(db, N_("Change setting")):
        db.conn.execute(
            "INSERT INTO settings(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, str(value)),
        )
        # Device-local, so not logged; announced so pages that show it refresh.
        note_row(db, "settings", key, UPDATED, ("value",))
    return value
