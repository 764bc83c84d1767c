"""File names Fairmate suggests: valid on Windows, macOS and Linux alike.

A name made from a partner's name or a window title can hold characters that
Windows refuses (``Dossier: Yamada Yumi.pdf``), a name Windows reserves
(``CON``, ``NUL``), a trailing dot or space Windows drops, or more bytes than
a Linux file system takes. ``make_safe_file_name`` turns any text into a name
every one of them accepts, keeping the text as readable as it can.
"""

from __future__ import annotations

import re
import unicodedata

# Refused by Windows in a file name; "/" also by every POSIX system, ":" by macOS's Finder.
_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
# A colon between words reads best as a dash: "Dossier: Yamada" → "Dossier - Yamada".
_COLON_BETWEEN_WORDS = re.compile(r"\s*:\s+")
_RESERVED = {"CON", "PRN", "AUX", "NUL", "CLOCK$", "CONIN$", "CONOUT$",
             *(f"COM{n}" for n in "123456789¹²³"), *(f"LPT{n}" for n in "123456789¹²³")}
# ext4 and most others take 255 bytes; some sync tools and archives fewer: leave room.
MAX_NAME_BYTES = 200


def make_safe_file_name(text: str, suffix: str = "", *, fallback: str = "file") -> str:
    """*text* as a file name valid everywhere, ending in *suffix* (".pdf"); *fallback* when nothing is left.

    >>> make_safe_file_name("Dossier: Yamada Yumi", ".pdf")
    'Dossier - Yamada Yumi.pdf'
    >>> make_safe_file_name("con", ".vcf")
    'con_.vcf'
    """
    name = unicodedata.normalize("NFC", text)
    name = _COLON_BETWEEN_WORDS.sub(" - ", name).replace('"', "'")
    name = _FORBIDDEN.sub("-", name)
    name = " ".join(name.split())  # tabs, newlines, runs of spaces
    name = name.strip(". ")  # Windows drops trailing dots and spaces; a leading dot hides the file
    stem, dot, rest = name.partition(".")
    if stem.rstrip().upper() in _RESERVED:  # Windows reserves "CON" and "con.txt" alike
        name = f"{stem.rstrip()}_{dot}{rest}"
    budget = MAX_NAME_BYTES - len(suffix.encode("utf-8"))
    if len(name.encode("utf-8")) > budget:
        name = name.encode("utf-8")[:budget].decode("utf-8", errors="ignore")
        name = name.rstrip(". ")
    return (name or fallback) + suffix
