"""Reading core's declared settings from QSettings, with their declared types and defaults."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSettings


def read_setting(settings: QSettings, setting) -> Any:
    """The value of a ``core.book.settings.Setting`` stored under its key, or its default."""
    from core.book.settings import coerce_setting

    return coerce_setting(setting.key, settings.value(setting.key))
