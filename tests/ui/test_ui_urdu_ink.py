"""Urdu in Nastaliq: its letters stack and drop past the font's own line, and nothing may cut them."""

import pytest
from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics

from ui.models.phrase_model import PhraseDelegate
from ui.widgets.ink import ink_overflow, line_overflow

SAMPLE = "کیا سیمپل مفت ہے؟"  # سیمپل was cut off in the list and ran into the romanization


@pytest.fixture
def nastaliq(qapp):
    if "Noto Nastaliq Urdu" not in QFontDatabase.families():
        pytest.skip("Noto Nastaliq Urdu is not installed (make system-deps installs fonts-noto-core)")
    return QFont("Noto Nastaliq Urdu")


def test_nastaliq_ink_leaves_its_line(nastaliq):
    nastaliq.setPointSizeF(14)
    assert ink_overflow(nastaliq, SAMPLE)[1] > 0
    assert line_overflow(nastaliq) >= tuple(int(v) for v in ink_overflow(nastaliq, SAMPLE))
    assert line_overflow(QFont("Noto Sans")) == (0, 0)


def test_an_urdu_row_is_tall_enough_for_its_ink(nastaliq):
    base = QFont()
    text_font = QFont(nastaliq)
    text_font.setPointSizeF(base.pointSizeF() * 1.45)
    english = QFont(base)
    english.setPointSizeF(base.pointSizeF() * 0.92)
    above, below = ink_overflow(text_font, SAMPLE)
    needed = (QFontMetrics(text_font).height() + above + below + QFontMetrics(base).height()
              + QFontMetrics(english).height() + 2 * PhraseDelegate.PADDING)
    assert PhraseDelegate.row_height(base, nastaliq) >= needed


def test_the_partner_card_fits_the_ink_not_just_the_lines(nastaliq):
    from ui.dialogs.show_to_partner import _text_height, _text_option, fit_point_size

    size = fit_point_size(nastaliq, SAMPLE, 1100, 400, rtl=True)
    probe = QFont(nastaliq)
    probe.setPointSizeF(size)
    assert _text_height(probe, SAMPLE, 1100, _text_option(True)) + sum(ink_overflow(probe, SAMPLE)) <= 400
