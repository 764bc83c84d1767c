"""Fonts for every script a partner's name may use: Latin, Cyrillic, Greek, CJK, Arabic, Hebrew, Thai,
Devanagari, Bengali.

Qt falls back through fontconfig on Linux, but the order matters: Chinese,
Japanese and Korean share code points whose glyphs differ (Han
unification), so a Japanese name is drawn with the Japanese CJK face and a
Taiwanese one with the traditional face. The Noto fonts Fairmate ships in
``core/fonts`` (the dossier's) are registered for each script the system has
no font for, so a laptop without them shows names instead of boxes; a script
the system can draw keeps the system's face.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QLoggingCategory
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from core.paths import data_path

BUNDLED_FONT_DIR = data_path("core", "fonts")

UI_FAMILIES = ["Noto Sans", "DejaVu Sans", "Liberation Sans", "Segoe UI", "Helvetica Neue", "Arial"]
# After the Latin face: one face per script, so a mixed label never shows boxes.
SCRIPT_FAMILIES = ["Noto Sans CJK SC", "Noto Sans Arabic", "Noto Sans Hebrew", "Noto Sans Thai",
                   "Noto Sans Devanagari", "Noto Sans Bengali", "Noto Sans Tamil",
                   "Noto Sans Georgian", "Noto Sans Armenian", "Noto Sans Ethiopic",
                   "Noto Sans Khmer", "Noto Sans Lao", "Noto Sans Myanmar", "Noto Sans Sinhala",
                   "Noto Sans Symbols", "Noto Sans Symbols 2"]

_CJK_FACE_BY_COUNTRY = {"JP": "Noto Sans CJK JP", "KR": "Noto Sans CJK KR", "KP": "Noto Sans CJK KR",
                        "TW": "Noto Sans CJK TC", "HK": "Noto Sans CJK HK", "MO": "Noto Sans CJK HK"}

# Writing systems a trade-fair contact book must show; checked by ``missing_scripts``.
REQUIRED_SCRIPTS = ("SimplifiedChinese", "Japanese", "Korean", "Arabic", "Hebrew", "Thai",
                    "Devanagari", "Bengali")

# The fonts in core/fonts (file name stem; Regular and Bold of each) and the writing systems
# (QFontDatabase.WritingSystem names) each is the fallback for.
BUNDLED_FONTS = {
    "NotoSans": ("Latin", "Greek", "Cyrillic"),
    "NotoSansArabic": ("Arabic",),
    "NotoNaskhArabic": ("Arabic",),  # Urdu's fallback after Nastaliq (LANGUAGE_FACES["ur"])
    "NotoSansHebrew": ("Hebrew",),
    "NotoSansThai": ("Thai",),
    "NotoSansDevanagari": ("Devanagari",),
    "NotoSansBengali": ("Bengali",),
}

# Qt's fontconfig database lists these aliases for Latin even when no font is installed.
_GENERIC_FAMILIES = frozenset(("Sans Serif", "Serif", "Monospace"))

# The families registered from core/fonts in this process (once per process: Qt keeps them), and
# the writing systems the system's own fonts drew before.
_registered: list[str] | None = None
_system_scripts: set[str] = set()


def system_writing_systems() -> set[str]:
    """The names of the writing systems (of those the bundled fonts cover) some installed font draws."""
    names = {name for systems in BUNDLED_FONTS.values() for name in systems}
    return {name for name in names
            if set(QFontDatabase.families(getattr(QFontDatabase.WritingSystem, name))) - _GENERIC_FAMILIES}


def choose_bundled_fonts(available: set[str]) -> list[str]:
    """The bundled font stems to register when the system draws the writing systems *available*:
    those that cover a writing system it lacks.

    >>> choose_bundled_fonts({"Latin", "Greek", "Cyrillic", "Arabic", "Hebrew", "Devanagari"})
    ['NotoSansThai', 'NotoSansBengali']
    """
    return [stem for stem, systems in BUNDLED_FONTS.items() if not set(systems) <= available]


def register_bundled_fonts() -> list[str]:
    """Register the fonts of ``core/fonts`` for the scripts no installed font draws; return their families.

    Once per process; a script the system has keeps the system's face (nothing is registered for it).
    """
    global _registered, _system_scripts
    if _registered is not None:
        return _registered
    families: list[str] = []
    _system_scripts = system_writing_systems()
    for stem in choose_bundled_fonts(_system_scripts):
        for weight in ("Regular", "Bold"):
            font_id = QFontDatabase.addApplicationFont(str(BUNDLED_FONT_DIR / f"{stem}-{weight}.ttf"))
            for family in QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else ():
                if family not in families:
                    families.append(family)
    _registered = families
    missing = missing_scripts()
    if missing:
        # Not bundled (the CJK fonts are too large to ship): say what to install.
        logging.getLogger(__name__).warning(
            "No font for %s: names in it show as boxes (install Noto Sans CJK)", ", ".join(missing))
    return families


def install_fonts(app: QApplication, point_size: float = 10.0) -> QFont:
    """Set the application font with a fallback face for each script; return it."""
    # Qt logs each fallback face that lacks a script; that is the fallback working, not a fault.
    QLoggingCategory.setFilterRules("qt.text.font.db=false")
    registered = register_bundled_fonts()
    font = QFont(app.font())
    # Missing families are skipped by Qt, so listing them costs nothing at start-up. The bundled
    # faces are among them by name; bundled Noto Sans (registered for a missing Greek or Cyrillic)
    # comes after the system's Latin faces, which stay the interface's.
    ui_families = UI_FAMILIES
    if "Noto Sans" in registered and "Latin" in _system_scripts:
        ui_families = UI_FAMILIES[1:] + UI_FAMILIES[:1]
    font.setFamilies(ui_families + SCRIPT_FAMILIES)
    font.setPointSizeF(point_size)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    app.setFont(font)
    return font


_CJK_FACE_BY_INTERFACE = {"ja": "Noto Sans CJK JP", "ko": "Noto Sans CJK KR", "zh_TW": "Noto Sans CJK TC",
                          "zh_HK": "Noto Sans CJK HK", "zh_Hant": "Noto Sans CJK TC"}


def prefer_interface_cjk_face(app: QApplication, language: str | None) -> QFont:
    """Put the CJK face of the interface *language* ('ja', 'zh_TW'…) first among the fallbacks.

    Han characters are shared between Chinese and Japanese but drawn differently;
    a Japanese interface drawn with the Simplified Chinese face looks foreign.
    """
    font = QFont(app.font())
    code = (language or "").replace("-", "_")
    face = _CJK_FACE_BY_INTERFACE.get(code) or _CJK_FACE_BY_INTERFACE.get(code.split("_")[0])
    if face:
        families = [f for f in font.families() if f != face]
        first_cjk = next((i for i, f in enumerate(families) if f.startswith("Noto Sans CJK")), len(families))
        font.setFamilies(families[:first_cjk] + [face] + families[first_cjk:])
        app.setFont(font)
    return font


def font_for_country(base: QFont, country: str | None) -> QFont:
    """*base* with the CJK face that suits a contact from *country* put first (see ``font_for_language``)."""
    face = _CJK_FACE_BY_COUNTRY.get((country or "").upper())
    if face is None:
        return base
    font = QFont(base)
    families = [f for f in base.families() if not f.startswith("Noto Sans CJK")]
    # First, not after the Latin face: Qt's Han fallback would otherwise pick Simplified glyphs.
    font.setFamilies([face] + families)
    return font


# The faces that draw a phrasebook language well, best first, on Linux (Noto via
# fontconfig), Windows and macOS; Qt skips the ones not installed. Japanese,
# Traditional and Simplified Chinese and Korean each get their own CJK face:
# the same code point is drawn differently in each (Han unification).
LANGUAGE_FACES = {
    "ja": ["Noto Sans CJK JP", "Yu Gothic UI", "Yu Gothic", "Meiryo", "Hiragino Sans",
           "Hiragino Kaku Gothic ProN"],
    "zh-Hant": ["Noto Sans CJK TC", "Microsoft JhengHei UI", "Microsoft JhengHei", "PingFang TC"],
    # Cantonese is Hong Kong's language: the Hong Kong glyph forms first, Taiwan's as fallback.
    "yue": ["Noto Sans CJK HK", "Microsoft JhengHei UI", "Microsoft JhengHei", "PingFang HK", "PingFang TC",
            "Noto Sans CJK TC"],
    "zh-Hans": ["Noto Sans CJK SC", "Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC"],
    "ko": ["Noto Sans CJK KR", "Malgun Gothic", "Apple SD Gothic Neo"],
    # Urdu readers expect Nastaliq; Naskh (and the Arabic faces) where no Nastaliq face is installed.
    "ur": ["Noto Nastaliq Urdu", "Urdu Typesetting", "Noto Naskh Arabic", "Segoe UI", "Geeza Pro"],
}
SCRIPT_FACES = {
    "Hans": LANGUAGE_FACES["zh-Hans"], "Hant": LANGUAGE_FACES["zh-Hant"], "Jpan": LANGUAGE_FACES["ja"],
    "Hang": LANGUAGE_FACES["ko"],
    "Arab": ["Noto Sans Arabic", "Noto Naskh Arabic", "Segoe UI", "Geeza Pro"],
    "Hebr": ["Noto Sans Hebrew", "Segoe UI", "Arial Hebrew"],
    "Thai": ["Noto Sans Thai", "Leelawadee UI", "Leelawadee", "Thonburi"],
    "Deva": ["Noto Sans Devanagari", "Nirmala UI", "Kohinoor Devanagari", "Devanagari Sangam MN"],
    "Beng": ["Noto Sans Bengali", "Nirmala UI", "Vrinda", "Kohinoor Bangla", "Bangla Sangam MN"],
    # The UI faces (Noto Sans, DejaVu Sans, Segoe UI, Helvetica Neue, Arial) draw these themselves.
    "Cyrl": [], "Grek": [], "Latn": [],
}


def font_for_language(base: QFont, code: str, script: str | None = None) -> QFont:
    """*base* drawing phrasebook language *code* (script ISO 15924) with the faces that suit it.

    The language's faces come first: Qt's fallback for Han characters
    ignores a CJK face listed after a Latin one and takes the system's
    default (Simplified Chinese glyphs), so a Latin face first would draw
    Japanese with Chinese glyph shapes. Other languages' CJK faces are
    dropped from the fallbacks for the same reason.
    """
    faces = LANGUAGE_FACES.get(code) or SCRIPT_FACES.get(script or "", [])
    if not faces:
        return QFont(base)
    font = QFont(base)
    cjk = {f for group in LANGUAGE_FACES.values() for f in group}
    rest = [f for f in (list(base.families()) or [base.family()]) if f not in faces and f not in cjk]
    font.setFamilies(faces + rest)
    return font


def font_for_notes(language_font: QFont, base: QFont) -> QFont:
    """A font for English prose that quotes a phrasebook language: Latin from *base*, the rest from the language.

    A language's own face first would draw the English too (Nastaliq's Latin letters are tall and
    heavy); CJK languages keep their face first, since Qt's Han fallback ignores faces after a Latin one.
    """
    families = list(language_font.families())
    cjk = {face for faces in LANGUAGE_FACES.values() if faces[0].startswith("Noto Sans CJK") for face in faces}
    if not families or families[0] in cjk or families[0] == base.family():
        return QFont(language_font)
    font = QFont(language_font)
    font.setFamilies([base.family()] + [f for f in families if f != base.family()])
    return font


def resolved_family(font: QFont, sample: str) -> str:
    """The family Qt draws most of *sample* with (for checks: which face a language really gets)."""
    from PySide6.QtGui import QTextLayout

    layout = QTextLayout(sample, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    runs = layout.glyphRuns()
    if not runs:
        return ""
    return max(runs, key=lambda run: len(run.glyphIndexes())).rawFont().familyName()


def missing_scripts() -> list[str]:
    """Names of required scripts that no font draws, installed or bundled (empty when all render)."""
    bundled = set() if _registered is not None else \
        {name for systems in BUNDLED_FONTS.values() for name in systems}  # not registered yet
    return [name for name in REQUIRED_SCRIPTS if name not in bundled
            and not QFontDatabase.families(getattr(QFontDatabase.WritingSystem, name))]
