"""Which way text runs: the Unicode bidirectional classes, read once for the GUI and the PDFs."""

from __future__ import annotations

import unicodedata

_RIGHT_TO_LEFT = ("R", "AL")


def has_right_to_left(text: str | None) -> bool:
    """True when *text* holds any Arabic, Hebrew or other right-to-left letter."""
    return any(unicodedata.bidirectional(char) in _RIGHT_TO_LEFT for char in text or "")


def is_right_to_left(text: str | None) -> bool:
    """True when the first strongly directional letter of *text* runs right to left."""
    for char in text or "":
        direction = unicodedata.bidirectional(char)
        if direction in _RIGHT_TO_LEFT:
            return True
        if direction == "L":
            return False
    return False
