"""Which encoding an import file is in: declared (BOM, UTF-8) or detected, and never a silent guess.

Outlook writes CSV (and old vCards) in the Windows code page of the system it
runs on: 1252 in Western Europe, 1250 in Central Europe, 1251 for Cyrillic,
1253 Greek, 1254 Turkish, and so on. charset-normalizer proposes the code
pages the bytes could be in; on a short contact list several Latin ones read
without a single invalid byte (Łukasz in 1250 is £ukasz in 1252), so each
proposal is then scored by how many of its words a language written in that
code page can spell, and the best one wins (on a tie, Western European).
The result says whether the encoding was detected, so the preview can say so.
"""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata
from dataclasses import dataclass

from charset_normalizer import from_bytes

from core.i18n import N_

# The code pages Outlook and Windows address books write, most common first.
CANDIDATES = ("cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1257", "cp1255", "cp1256",
              "cp1258", "cp874", "cp932", "cp936", "cp949", "cp950")
_LATIN = ("cp1252", "cp1250", "cp1254", "cp1257")
# Names the preview shows (translated when shown).
LABELS = {
    "utf-8": N_("UTF-8"), "utf-8-sig": N_("UTF-8"), "utf-16": N_("UTF-16"),
    "utf-16-le": N_("UTF-16"), "utf-16-be": N_("UTF-16"),
    "cp1252": N_("Windows-1252 (Western European)"), "cp1250": N_("Windows-1250 (Central European)"),
    "cp1251": N_("Windows-1251 (Cyrillic)"), "cp1253": N_("Windows-1253 (Greek)"),
    "cp1254": N_("Windows-1254 (Turkish)"), "cp1257": N_("Windows-1257 (Baltic)"),
    "cp1255": N_("Windows-1255 (Hebrew)"), "cp1256": N_("Windows-1256 (Arabic)"),
    "cp1258": N_("Windows-1258 (Vietnamese)"), "cp874": N_("Windows-874 (Thai)"),
    "cp932": N_("Shift JIS (Japanese)"), "cp936": N_("GBK (Simplified Chinese)"),
    "cp949": N_("Windows-949 (Korean)"), "cp950": N_("Big5 (Traditional Chinese)"),
}
# Letters beyond ASCII that the languages written in a Latin code page use.
_ALPHABETS = (
    "àâæçéèêëîïôœùûüÿ", "äöüß", "áéíñóúü", "ãõáâàçéêíóôú", "àèéìíîòóùú", "åäöæøé", "äöåšž",
    "ąćęłńóśźż", "áčďéěíňóřšťúůýž", "áäčďéíĺľňóôŕšťúýž", "áéíóöőúüű", "čćđšž", "ăâîșțşţ", "ëç",
    "çğıöşüâîû", "ąčęėįšųūž", "āčēģīķļņšūž", "äöõüšž", "àáâãèéêìíòóôõùúýăđĩũơư",
)
# Punctuation a code page's upper half holds and real text uses.
_PUNCTUATION = set("–—„“”‘’‚«»€°§·…•\u00a0")
_WORDS = re.compile(r"[^\W\d_]+")


@dataclass
class Encoding:
    """How an import file's bytes were read: ``name`` (a Python codec) and whether it was
    ``detected`` from the content (then the preview says so) rather than declared."""

    name: str
    detected: bool = False

    @property
    def label(self) -> str:
        """The encoding's name for people, untranslated (show it through ``_()``)."""
        return LABELS.get(self.name, self.name)


def detect_encoding(data: bytes) -> Encoding:
    """The encoding of *data*: a BOM's, UTF-8 when it decodes, else the best-scored code page."""
    if data.startswith(codecs.BOM_UTF8):
        return Encoding("utf-8-sig")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return Encoding("utf-16")
    if len(data) >= 4 and data[1:2] == b"\x00" and data[3:4] == b"\x00" and data[0:1] != b"\x00":
        return Encoding("utf-16-le")
    if len(data) >= 4 and data[0:1] == b"\x00" and data[2:3] == b"\x00":
        return Encoding("utf-16-be")
    try:
        data.decode("utf-8")
        return Encoding("utf-8")
    except UnicodeDecodeError:
        pass
    sample = data[:262_144]  # a quarter megabyte tells; the whole file would take seconds
    if len(data) > len(sample) and b"\n" in sample:
        sample = sample[:sample.rindex(b"\n") + 1]  # not in the middle of a two-byte character
    proposed = [_codec(match.encoding) for match in from_bytes(sample, cp_isolation=list(CANDIDATES))]
    # On a short list charset-normalizer may offer one Latin code page: the others compete too.
    proposed = [name for name in dict.fromkeys(proposed + list(_LATIN)) if name in CANDIDATES]
    texts = {}
    for name in proposed:
        try:
            texts[name] = sample.decode(name)
        except UnicodeDecodeError:
            continue
    proposed = [name for name in proposed if name in texts] or ["cp1252"]
    texts.setdefault("cp1252", sample.decode("cp1252", errors="replace"))
    # On a tie: Western European when it is among the best, else charset-normalizer's order.
    best = max(proposed, key=lambda name: (_plausibility(texts[name]), name == "cp1252",
                                           -proposed.index(name)))
    return Encoding(best, detected=True)


def _codec(name: str) -> str:
    try:
        return codecs.lookup(name).name.replace("_", "-").replace("windows-", "cp")
    except LookupError:
        return name


def _plausibility(text: str) -> int:
    """Words a language could spell, less stray symbols (mojibake shows as both)."""
    score = 0
    for word in _WORDS.findall(text):
        letters = {low for ch in word if ord(ch) > 127 and ch.isalpha()
                   for low in ch.lower() if ord(low) > 127 and low.isalpha()}  # İ: i and a dot
        if letters:
            latin = any(ch.isascii() and ch.isalpha() for ch in word)
            score += 1 if _spelled(frozenset(letters), latin) and _cased(word) else -1
    score -= sum(1 for ch in text if ord(ch) > 127 and not ch.isalnum() and not ch.isspace()
                 and ch not in _PUNCTUATION and not unicodedata.category(ch).startswith("M"))
    return score


def _cased(word: str) -> bool:
    """A word is written lower case, Capitalized or in CAPITALS; mojibake mixes them."""
    letters = "".join(ch for ch in word if ch.isalpha())
    return letters.islower() or letters.isupper() or (letters[:1].isupper() and letters[1:].islower()) \
        or not any(ch.isupper() for ch in letters[1:] if ord(ch) > 127)


@functools.lru_cache(maxsize=4096)
def _spelled(letters: frozenset, latin: bool) -> bool:
    """True when one language (or one non-Latin script, without Latin letters beside it) has
    all these letters."""
    scripts = {unicodedata.name(ch, "?").split()[0] for ch in letters}
    if len(scripts) == 1 and scripts != {"LATIN"}:
        return not latin
    return any(letters <= set(alphabet) for alphabet in _ALPHABETS)
