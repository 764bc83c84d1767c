"""Where a script's ink leaves its font's line: Nastaliq's letters stack and drop far past it.

Qt lays lines out by the font's ascent and descent; Noto Nastaliq Urdu's
words reach well beyond both (سیمپل drops 70% below the line), so a row, a
label or a card sized by the metrics alone cuts them off or lets them run
into the next line. Other faces keep to their metrics: (0, 0).
"""

from __future__ import annotations

import functools
import math

from PySide6.QtGui import QFont, QFontMetricsF

# Urdu words whose letters stack highest and drop lowest in Nastaliq (سیمپل, آپ, ٹھیک).
NASTALIQ_DEEP_SAMPLE = "کیا سیمپل مفت ہے؟ آپ سے مل کر خوشی ہوئی ٹھیک ہے"


def ink_overflow(font: QFont, text: str) -> tuple[float, float]:
    """How far *text*'s ink reaches above *font*'s ascent and below its descent, never negative."""
    metrics = QFontMetricsF(font)
    ink = metrics.tightBoundingRect(text)
    return max(0.0, -ink.top() - metrics.ascent()), max(0.0, ink.bottom() - metrics.descent())


@functools.lru_cache(maxsize=64)
def _nastaliq_overflow(family: str, pixel_size: int, point_size: float) -> tuple[int, int]:
    font = QFont(family)
    if pixel_size > 0:
        font.setPixelSize(pixel_size)
    else:
        font.setPointSizeF(point_size)
    above, below = ink_overflow(font, NASTALIQ_DEEP_SAMPLE)
    return math.ceil(above), math.ceil(below)


def line_overflow(font: QFont) -> tuple[int, int]:
    """Pixels a line of *font* needs above and below its own height, for any Urdu text."""
    if "Nastaliq" not in font.family():
        return 0, 0
    return _nastaliq_overflow(font.family(), font.pixelSize(), font.pointSizeF())
