"""Every user setting, declared once with its type, default and meaning.

The GUI stores values in QSettings and the command line reads the same keys
from the database's ``settings`` table; both go through this registry so a
setting has one name and one default everywhere (as in Picard's options).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.db import write_transaction
from core.i18n import _


@dataclass(frozen=True)
class Setting:
    key: str
    type: type
    default: Any
    label: str


SETTINGS: dict[str, Setting] = {}


def declare_setting(key: str, type_: type, default: Any, label: str) -> Setting:
    """Register a setting; declaring the same key twice is a programming error."""
    if key in SETTINGS:
        raise ValueError(f"setting {key!r} declared twice")
    setting = Setting(key, type_, default, label)
    SETTINGS[key] = setting
    return setting


HOME_COUNTRY = declare_setting("home_country", str, "DE", _("Home country (ISO code)"))
HOME_TIME_ZONE = declare_setting("home_time_zone", str, "Europe/Berlin", _("Home time zone"))
DISPLAY_LOCALE = declare_setting("display_locale", str, "en_GB", _("Locale for dates and numbers"))
FOLLOW_UP_HOURS = declare_setting(
    "follow_up_hours", int, 48, _("Default follow-up after a first meeting (hours)")
)
LAST_PAGE = declare_setting("ui/last_page", str, "today", _("Page shown at start"))


def coerce_setting(key: str, value: Any) -> Any:
    """Convert a stored value (often text) to the setting's declared type."""
    setting = SETTINGS[key]
    if value is None or value == "":
        return setting.default
    try:
        return setting.type(value)
    except (TypeError, ValueError):
        return setting.default


def get_setting(db, key: str) -> Any:
    """Read a setting from the database, falling back to its declared default."""
    row = db.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return coerce_setting(key, row[0] if row else None)


def set_setting(db, key: str, value: Any) -> None:
    """Store a setting in the database (device-local, not synced)."""
    if key not in SETTINGS:
        raise KeyError(f"unknown setting {key!r}")
    with write_transaction(db):
        db.conn.execute(
            "INSERT INTO settings(key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, str(value)),
        )
