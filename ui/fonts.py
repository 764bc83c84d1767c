"""Fonts for every script a partner's name may use: Latin, CJK, Arabic, Hebrew, Thai, Devanagari.

Qt falls back through fontconfig on Linux, but the order matters: Chinese,
Japanese and Korean share code points whose glyphs differ (Han
unification), so a Japanese name is drawn with the Japanese CJK face and a
Taiwanese one with the traditional face. Fonts shipped in
``resources/fonts`` (if any) are registered first, so a machine without
Noto still shows names instead of boxes.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QLoggingCategory
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

FONT_DIR = Path(__file__).resolve().parent.parent / "resources" / "fonts"

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
                    "Devanagari")


def register_bundled_fonts() -> list[str]:
    """Register the fonts shipped in ``resources/fonts``; return the families added."""
    families: list[str] = []
    if not FONT_DIR.is_dir():
        return families
    from PySide6.QtGui import QFontDatabase

    for path in sorted(FONT_DIR.iterdir()):
        if path.suffix.lower() in (".ttf", ".otf", ".ttc"):
            font_id = QFontDatabase.addApplicationFont(str(path))
            if font_id >= 0:
                families += QFontDatabase.applicationFontFamilies(font_id)
    return families


def install_fonts(app: QApplication, point_size: float = 10.0) -> QFont:
    """Set the application font with a fallback face for each script; return it."""
    # Qt logs each fallback face that lacks a script; that is the fallback working, not a fault.
    QLoggingCategory.setFilterRules("qt.text.font.db=false")
    extra = register_bundled_fonts()
    font = QFont(app.font())
    # Missing families are skipped by Qt, so listing them costs nothing at start-up.
    font.setFamilies(UI_FAMILIES[:1] + extra + UI_FAMILIES[1:] + SCRIPT_FAMILIES)
    font.setPointSizeF(point_size)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    app.setFont(font)
    return font


def font_for_country(base: QFont, country: str | None) -> QFont:
    """*base* with the CJK face that suits a contact from *country* put first among fallbacks."""
    face = _CJK_FACE_BY_COUNTRY.get((country or "").upper())
    if face is None:
        return base
    font = QFont(base)
    families = [f for f in base.families() if not f.startswith("Noto Sans CJK")]
    # Keep the Latin face first so digits and Latin letters look like the rest of the UI.
    font.setFamilies(families[:1] + [face] + families[1:])
    return font


def missing_scripts() -> list[str]:
    """Names of required scripts for which no installed font exists (empty when all render)."""
    from PySide6.QtGui import QFontDatabase

    return [name for name in REQUIRED_SCRIPTS
            if not QFontDatabase.families(getattr(QFontDatabase.WritingSystem, name))]
