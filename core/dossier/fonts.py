"""Fonts for PDFs: one TrueType font per script, registered with reportlab once.

reportlab embeds TrueType outlines only, and each Noto script font lacks the
others' letters (and often ASCII punctuation), so every character is given the
first font of its script's chain that has a glyph for it. Latin, Cyrillic,
Greek, Arabic, Hebrew, Thai, Devanagari and Bengali come from the Noto fonts
shipped in ``core/fonts`` (identical output on every system); Urdu text is drawn
in Noto Naskh Arabic, the book hand Urdu readers know besides Nastaliq (whose
cascading joins need shaping that reportlab cannot do for right-to-left text). CJK fonts are too large to
ship: they are found on the system (Debian: fonts-ipafont-gothic, fonts-nanum,
fonts-wqy-microhei; Windows and macOS: their own CJK fonts), in a fixed order
per variant, so Japanese gets Japanese glyph forms and Korean gets Hangul.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"

# Bundled fonts: (regular, bold) file names per script.
BUNDLED = {
    "latin": ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    "arabic": ("NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf"),
    "hebrew": ("NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf"),
    "thai": ("NotoSansThai-Regular.ttf", "NotoSansThai-Bold.ttf"),
    "devanagari": ("NotoSansDevanagari-Regular.ttf", "NotoSansDevanagari-Bold.ttf"),
    "bengali": ("NotoSansBengali-Regular.ttf", "NotoSansBengali-Bold.ttf"),
    "urdu": ("NotoNaskhArabic-Regular.ttf", "NotoNaskhArabic-Bold.ttf"),  # Arabic letters of Urdu text
}

# Letters Urdu (and Persian) write that Arabic does not: a paragraph with one of them is drawn in
# the "urdu" font. Base letters and their presentation forms (text is joined before it is measured).
URDU_LETTERS = frozenset(
    "\u0679\u0688\u0691\u06ba\u06be\u06c1\u06c3\u06d2\u06d3\u06a9\u06cc"
    + "".join(chr(c) for c in (*range(0xFB66, 0xFB6A), *range(0xFB88, 0xFB8A), *range(0xFB8C, 0xFB92),
                               *range(0xFB9E, 0xFBB2), *range(0xFBFC, 0xFC00))))

CJK_VARIANTS = ("ja", "ko", "zh-Hans", "zh-Hant")

_WINDOWS_FONTS = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
# (path, subfont index) candidates per CJK variant, TrueType outlines only, best first.
CJK_CANDIDATES: dict[str, list[tuple[Path, int]]] = {
    "ja": [(Path("/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf"), 0),
           (Path("/usr/share/fonts/truetype/fonts-japanese-gothic.ttf"), 0),
           (_WINDOWS_FONTS / "YuGothM.ttc", 0), (_WINDOWS_FONTS / "meiryo.ttc", 0),
           (_WINDOWS_FONTS / "msgothic.ttc", 0),
           (Path("/System/Library/Fonts/ヒラギノ角ゴシック W3.ttc"), 0),
           (Path("/Library/Fonts/Arial Unicode.ttf"), 0),
           (Path("/System/Library/Fonts/Supplemental/Arial Unicode.ttf"), 0)],
    "ko": [(Path("/usr/share/fonts/truetype/nanum/NanumGothic.ttf"), 0),
           (Path("/usr/share/fonts/truetype/unfonts-core/UnDotum.ttf"), 0),
           (_WINDOWS_FONTS / "malgun.ttf", 0), (_WINDOWS_FONTS / "gulim.ttc", 0),
           (Path("/System/Library/Fonts/AppleSDGothicNeo.ttc"), 0),
           (Path("/Library/Fonts/Arial Unicode.ttf"), 0),
           (Path("/System/Library/Fonts/Supplemental/Arial Unicode.ttf"), 0)],
    "zh-Hans": [(Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"), 0),
                (Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"), 0),
                (Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"), 0),
                (_WINDOWS_FONTS / "msyh.ttc", 0), (_WINDOWS_FONTS / "simsun.ttc", 0),
                (Path("/System/Library/Fonts/STHeiti Medium.ttc"), 0),
                (Path("/Library/Fonts/Arial Unicode.ttf"), 0),
                (Path("/System/Library/Fonts/Supplemental/Arial Unicode.ttf"), 0)],
    "zh-Hant": [(Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"), 0),
                (Path("/usr/share/fonts/truetype/arphic/uming.ttc"), 0),
                (Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"), 0),
                (_WINDOWS_FONTS / "msjh.ttc", 0), (_WINDOWS_FONTS / "mingliu.ttc", 0),
                (Path("/System/Library/Fonts/STHeiti Medium.ttc"), 0),
                (Path("/Library/Fonts/Arial Unicode.ttf"), 0),
                (Path("/System/Library/Fonts/Supplemental/Arial Unicode.ttf"), 0)],
}

# Code point ranges of the scripts that need their own font; the rest is "latin".
_RANGES = (
    # The danda and double danda end Bengali sentences too: like ASCII punctuation they stay in
    # the run they sit in, so "হবে।" is one word in one font (reportlab shapes a word with one font).
    (0x0964, 0x0965, "latin"),
    (0x0590, 0x05FF, "hebrew"), (0xFB1D, 0xFB4F, "hebrew"),
    (0x0600, 0x06FF, "arabic"), (0x0750, 0x077F, "arabic"), (0x08A0, 0x08FF, "arabic"),
    (0xFB50, 0xFDFF, "arabic"), (0xFE70, 0xFEFF, "arabic"),
    (0x0900, 0x097F, "devanagari"), (0xA8E0, 0xA8FF, "devanagari"),
    (0x0980, 0x09FF, "bengali"),
    (0x0E00, 0x0E7F, "thai"),
    (0x1100, 0x11FF, "hangul"), (0x3130, 0x318F, "hangul"), (0xAC00, 0xD7AF, "hangul"),
    (0x3040, 0x30FF, "kana"), (0x31F0, 0x31FF, "kana"), (0xFF66, 0xFF9F, "kana"),
    (0x2E80, 0x2FFF, "han"), (0x3000, 0x303F, "han"), (0x3400, 0x4DBF, "han"),
    (0x4E00, 0x9FFF, "han"), (0xF900, 0xFAFF, "han"), (0xFF00, 0xFF65, "han"),
    (0xFFA0, 0xFFEF, "han"), (0x20000, 0x3FFFF, "han"),
)


def script_of(char: str) -> str:
    """The font script of *char*: latin, arabic, hebrew, thai, devanagari, bengali, hangul, kana or han."""
    code = ord(char)
    if code < 0x0590:
        return "latin"
    for low, high, script in _RANGES:
        if low <= code <= high:
            return script
    return "latin"


@dataclass
class PdfFonts:
    """The reportlab font names registered for each script, and what could not be found."""

    names: dict[tuple[str, bool], str] = field(default_factory=dict)  # (script, bold) → name
    glyphs: dict[str, frozenset[int] | dict] = field(default_factory=dict)  # name → code points
    missing: list[str] = field(default_factory=list)  # CJK variants with no font here
    # CJK fonts are large: each is registered the first time a character needs it.
    pending: dict[str, tuple[Path, int]] = field(default_factory=dict)

    def has_glyph(self, name: str, char: str) -> bool:
        """True when the font registered as *name* can draw *char*."""
        return ord(char) in self.glyphs.get(name, ())

    def font_for(self, script: str, *, bold: bool = False) -> str | None:
        """The font registered for *script* (a script of ``script_of`` or a CJK variant)."""
        if script in self.pending:
            source = self.pending.pop(script)
            font = _register(f"Fairmate-CJK-{script}", *source)
            if font is None:
                self.missing.append(script)
            else:
                self.names[(script, False)] = font.fontName
                self.glyphs[font.fontName] = font.face.charToGlyph
        return self.names.get((script, bold)) or self.names.get((script, False))


def _register(name: str, path: Path, index: int = 0) -> TTFont | None:
    try:
        font = TTFont(name, str(path), subfontIndex=index)
    except (TTFError, OSError, ValueError):
        return None
    pdfmetrics.registerFont(font)
    try:
        # reportlab 5 gives a font its hook for unencoded shaped glyphs (Bengali and Devanagari
        # conjuncts) only once harfbuzz has opened it; a word whose shaping reaches a second font
        # would otherwise fail with AttributeError: hbAddPrivate.
        font.hbFont()
    except (AttributeError, ValueError):
        pass  # no uharfbuzz: reportlab does not shape at all
    return font


def _cjk_source(variant: str) -> tuple[Path, int] | None:
    override = os.environ.get("FAIRMATE_CJK_FONT_" + variant.replace("-", "_").upper())
    candidates = [(Path(override), 0)] if override else []
    return next(((path, index) for path, index in candidates + CJK_CANDIDATES[variant]
                 if path.is_file()), None)


@functools.lru_cache(maxsize=1)
def load_pdf_fonts() -> PdfFonts:
    """Register the shipped script fonts and the system's CJK fonts with reportlab (once)."""
    fonts = PdfFonts()
    for script, files in BUNDLED.items():
        for bold, file_name in zip((False, True), files):
            name = "Fairmate-" + Path(file_name).stem
            font = _register(name, FONT_DIR / file_name)
            if font is not None:
                fonts.names[(script, bold)] = name
                fonts.glyphs[name] = font.face.charToGlyph
    for variant in CJK_VARIANTS:
        source = _cjk_source(variant)
        if source is None:
            fonts.missing.append(variant)
        else:
            fonts.pending[variant] = source
    return fonts


def arabic_face_for(text: str, language: str | None = None, country: str | None = None) -> str:
    """The font script for the Arabic letters of *text*: "urdu" (Naskh) or "arabic".

    Urdu when the text has Urdu letters, or is known to be Urdu (language "ur", a partner from
    Pakistan): "خدا حافظ" has no letter of its own to tell it from Arabic.
    """
    if (language or "").lower().split("-")[0] == "ur" or (country or "").upper() == "PK":
        return "urdu"
    return "urdu" if any(char in URDU_LETTERS for char in text) else "arabic"


def cjk_variant_for(country: str | None, language: str | None = None) -> str:
    """Which CJK glyph forms suit a partner: Japanese, Korean, Traditional or Simplified Chinese."""
    language = (language or "").lower()
    if language.startswith("ja") or country == "JP":
        return "ja"
    if language.startswith("ko") or country == "KR":
        return "ko"
    # Cantonese is written in Traditional characters, wherever the partner lives.
    if language in ("zh-hant", "zh-tw", "zh-hk") or language.startswith("yue") or country in ("TW", "HK", "MO"):
        return "zh-Hant"
    return "zh-Hans"

