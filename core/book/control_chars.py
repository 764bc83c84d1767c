"""Control characters: kept out of the book, and shown visibly on a terminal.

A name from a vCard or the command line can carry ESC sequences (clear the
screen, retitle the window), BEL, NUL, or bidi overrides that make text read
differently from what it is ("Trojan Source"). They never belong in a
contact: they are removed on the way in (``core.book.validation``), and
anything already stored is escaped on the way out to a terminal
(``core.cli.main``). Marks real text needs stay: RLM/LRM, zero-width joiners.
"""

from __future__ import annotations

import re

# Bidi embeddings, overrides and isolates (LRE RLE PDF LRO RLO, LRI RLI FSI PDI).
_BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
# C0 controls but tab and newline, DEL, C1 controls, and the bidi controls.
_CONTROLS = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI_CONTROLS}]")
_LINE_BREAKS = re.compile("\r\n|[\r\n\t\x0b\x0c\x85\u2028\u2029]")
_TO_ESCAPE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI_CONTROLS}\u2028\u2029]")


# Lone surrogates: bytes of a command-line argument that were not UTF-8 (Python keeps them
# as U+DC80…U+DCFF); SQLite cannot store them.
_SURROGATES = re.compile("[\ud800-\udfff]")


def remove_control_characters(text: str, *, multiline: bool = False) -> str:
    """*text* without control characters; line breaks and tabs become spaces unless *multiline*.

    Bytes that were not text (lone surrogates) become U+FFFD, the replacement character.

    >>> remove_control_characters("Anna\\x1b[2J Weber")
    'Anna[2J Weber'
    """
    if text.isprintable():
        # Nothing to remove (controls, bidi controls, line breaks, tabs and surrogates are all
        # unprintable): most text, checked at C speed (an import cleans 200,000 values).
        return text
    if multiline:
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    else:
        text = _LINE_BREAKS.sub(" ", text)
    return _SURROGATES.sub("\ufffd", _CONTROLS.sub("", text))


def has_control_characters(text: str) -> bool:
    """True when *text* holds a character ``escape_control_characters`` would escape."""
    return _TO_ESCAPE.search(text) is not None


def _escaped(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_control_characters(text: str, *, json: bool = False) -> str:
    """*text* with every control character shown as ``\\x1b`` or ``\\u202e``; newlines and tabs kept.

    ``json=True``: always the ``\\u009b`` form, valid inside a JSON string.
    """
    if json:
        return _TO_ESCAPE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
    return _TO_ESCAPE.sub(_escaped, text)
