"""Which received values a field can take: the store's own checks and those of each table's owner.

Another device's change is applied only where this version can store and use
its values. The store checks what it owns (a value SQLite can hold, its
bookkeeping times); the layer that owns a table registers a check of its
fields (``register_value_check``; the book registers the contacts' one),
so the store never imports the book.

A check looks at the value alone, never at the book: every device running the
same version then takes or refuses the same values, whatever the order they
arrive in, and books stay identical. ``core.store.receive`` keeps a refused
value in ``unknown_fields`` (a newer version may take it) and applies the rest.
"""

from __future__ import annotations

import base64
import binascii
import math
import re
from datetime import datetime
from typing import Any, Callable

from core.store.ids import to_utc_text

# (field name, decoded value) -> None when the value is fine, else why not (short English).
ValueCheck = Callable[[str, Any], "str | None"]

_CHECKS: dict[str, list[ValueCheck]] = {}

# SQLite integers are signed 64-bit.
_INT_RANGE = range(-(2 ** 63), 2 ** 63)
_UTC_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\+00:00")
# Bookkeeping times the store writes itself: name -> may it be NULL.
_TIMES = {"created_at": False, "deleted_at": True}


def register_value_check(table: str, check: ValueCheck) -> ValueCheck:
    """Call ``check(field, value)`` for every value received for *table*; it returns None or a reason.

    *value* is decoded (photos as bytes) and already storable. The check must
    depend on the value alone (not on the book), or devices would diverge.
    """
    checks = _CHECKS.setdefault(table, [])
    if check not in checks:
        checks.append(check)
    return check


def check_value(table: str, name: str, encoded: Any, *, nullable: bool = True) -> str | None:
    """Why field *name* of *table* cannot take the received *encoded* value, or None when it can.

    *nullable* is False for a NOT NULL column. A registered check that fails
    with an exception refuses the value (a stuck sync is worse than a kept value).
    """
    problem = _storage_problem(encoded)
    if problem:
        return problem
    value = _decode(encoded)
    if value is None and not nullable:
        return "must not be empty (null)"
    if name in _TIMES:
        return _time_problem(value, _TIMES[name])
    for check in _CHECKS.get(table, ()):
        try:
            problem = check(name, value)
        except Exception as exc:  # noqa: BLE001 - untrusted data must not stall sync
            problem = f"check failed: {type(exc).__name__}: {exc}"
        if problem:
            return problem
    return None


def _storage_problem(encoded: Any) -> str | None:
    """Why SQLite cannot hold *encoded* (wire form) as it is, or None."""
    if encoded is None or isinstance(encoded, bool):
        return None
    if isinstance(encoded, str):
        return None if is_utf8(encoded) else "text is not valid Unicode"
    if isinstance(encoded, int):
        return None if encoded in _INT_RANGE else "integer out of the 64-bit range"
    if isinstance(encoded, float):
        return None if math.isfinite(encoded) else "number is not finite"
    if isinstance(encoded, dict) and set(encoded) == {"$base64"}:
        data = encoded["$base64"]
        if not isinstance(data, str) or not data.isascii():
            return "$base64 must be text"
        try:
            base64.b64decode(data, validate=True)
        except (binascii.Error, ValueError):
            return "$base64 is not valid base64"
        return None
    return f"{type(encoded).__name__} is not a storable value"


def _decode(encoded: Any) -> Any:
    if isinstance(encoded, dict):
        return base64.b64decode(encoded["$base64"], validate=True)
    return encoded


def _time_problem(value: Any, nullable: bool) -> str | None:
    if value is None:
        return None if nullable else "must be a time"
    if isinstance(value, str) and _UTC_TEXT.fullmatch(value):
        try:
            if to_utc_text(datetime.fromisoformat(value)) == value:
                return None
        except ValueError:
            pass
    return "must be a UTC time like 2026-11-23T14:05:00+00:00"


def is_utf8(text: str) -> bool:
    """True when *text* can be stored: JSON may carry lone surrogates (``"\\ud800"``), SQLite cannot."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
