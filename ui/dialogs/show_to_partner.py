"""ShowToPartnerDialog: one phrase full screen, in type as large as fits, to turn the laptop round.

The text fills the upper part of the screen in the language's own font
(right to left for Arabic), the romanization sits beneath it and the English
small at the bottom. Esc or a click closes; the arrow keys step through the
phrases of the list it was opened from.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QTextOption
from PySide6.QtWidgets import QDialog, QWidget

from core.i18n import _
from ui.style import MUTED, TEXT
from ui.widgets.ink import ink_overflow


def fit_point_size(font: QFont, text: str, width: float, height: float, *, largest: float = 200.0,
                   smallest: float = 12.0, rtl: bool = False) -> float:
    """The largest point size (bisected) at which *text*, wrapped to *width*, fits *height*."""
    option = _text_option(rtl)
    low, high = smallest, largest
    probe = QFont(font)
    for _step in range(14):
        middle = (low + high) / 2
        probe.setPointSizeF(middle)
        # The ink counts too: Nastaliq's letters reach far past the lines (ui.widgets.ink).
        if _text_height(probe, text, width, option) + sum(ink_overflow(probe, text)) <= height \
                and _widest_word(probe, text) <= width:
            low = middle
        else:
            high = middle
    return low


def _text_option(rtl: bool) -> QTextOption:
    option = QTextOption(Qt.AlignmentFlag.AlignHCenter)
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    option.setTextDirection(Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight)
    return option


def _text_height(font: QFont, text: str, width: float, option: QTextOption) -> float:
    from PySide6.QtGui import QTextLayout

    layout = QTextLayout(text, font)
    layout.setTextOption(option)
    layout.beginLayout()
    height = 0.0
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        height += line.height()
    layout.endLayout()
    return height


def _widest_word(font: QFont, text: str) -> float:
    metrics = QFontMetricsF(font)
    # Words of spaced scripts must not be broken mid-word; CJK and Thai wrap anywhere.
    return max((metrics.horizontalAdvance(w) for w in text.split() if len(w) <= 24), default=0.0)


class ShowToPartnerDialog(QDialog):
    """A full-screen card showing one phrase large; arrows step through *phrases*, Esc or a click closes."""

    phrase_shown = Signal(object)

    def __init__(self, phrases: list, index: int, font_for, parent: QWidget | None = None,
                 *, full_screen: bool = True):
        super().__init__(parent)
        self.setObjectName("showToPartner")
        self.setWindowTitle(_("Show to partner"))
        self.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._phrases = list(phrases)
        self._font_for = font_for
        self.index = max(0, min(index, len(self._phrases) - 1))
        self._full_screen = full_screen
        self.setStyleSheet("QDialog#showToPartner { background: white; }")

    @property
    def phrase(self):
        """The phrase shown."""
        return self._phrases[self.index] if self._phrases else None

    def open_card(self) -> None:
        """Show the card full screen (or normal size when not full screen, for tests)."""
        if self._full_screen:
            # The whole screen the app is on (some window managers, and none, ignore
            # showFullScreen's size until the window is mapped).
            screen = (self.parentWidget().screen() if self.parentWidget() else None) or self.screen()
            self.setGeometry(screen.geometry())
            self.showFullScreen()
        else:
            self.resize(1024, 640)
            self.show()
        self.activateWindow()

    def step(self, delta: int) -> None:
        """Show the next (+1) or previous (-1) phrase of the list, stopping at its ends."""
        new = max(0, min(self.index + delta, len(self._phrases) - 1))
        if new != self.index:
            self.index = new
            self.update()
            self.phrase_shown.emit(self.phrase)

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_Space, Qt.Key.Key_PageDown):
            self.step(1)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Up, Qt.Key.Key_PageUp):
            self.step(-1)
        elif key in (Qt.Key.Key_Escape, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.accept()
        else:
            super().keyPressEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.accept()
        else:
            super().mouseReleaseEvent(event)

    def paintEvent(self, _event) -> None:
        phrase = self.phrase
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("white"))
        if phrase is None:
            return
        width, height = float(self.width()), float(self.height())
        margin = width * 0.06
        inner = width - 2 * margin
        rtl = phrase.direction == "rtl"

        text_font = QFont(self._font_for(phrase.language) or self.font())
        text_font.setWeight(QFont.Weight.Medium)
        text_area = height * 0.58
        text_font.setPointSizeF(fit_point_size(text_font, phrase.text, inner, text_area, rtl=rtl,
                                               largest=min(220.0, height / 4)))
        roman_font = QFont(self.font())
        roman_text = phrase.romanization or ""
        roman_font.setPointSizeF(min(text_font.pointSizeF() * 0.42,
                                     fit_point_size(roman_font, roman_text or " ", inner, height * 0.16,
                                                    largest=60.0)))
        english_font = QFont(self.font())
        english_font.setPointSizeF(max(12.0, min(22.0, height / 40)))

        above, below = ink_overflow(text_font, phrase.text)
        text_height = _text_height(text_font, phrase.text, inner, _text_option(rtl)) + above + below
        roman_height = _text_height(roman_font, roman_text, inner, _text_option(False)) if roman_text else 0.0
        gap = height * 0.04
        block = text_height + (gap + roman_height if roman_text else 0.0)
        top = max(margin * 0.5, (height * 0.86 - block) / 2)

        painter.setPen(QColor(TEXT))
        painter.setFont(text_font)
        painter.drawText(QRectF(margin, top + above, inner, text_height - above - below), phrase.text,
                         _text_option(rtl))
        if roman_text:
            painter.setPen(QColor("#334155"))
            painter.setFont(roman_font)
            painter.drawText(QRectF(margin, top + text_height + gap, inner, roman_height), roman_text,
                             _text_option(False))
        painter.setPen(QColor(MUTED))
        painter.setFont(english_font)
        english_top = height - margin * 0.5 - QFontMetricsF(english_font).height() * 2.6
        painter.drawText(QRectF(margin, english_top, inner, QFontMetricsF(english_font).height() * 1.3),
                         phrase.english, _text_option(False))
        hint = QFont(english_font)
        hint.setPointSizeF(english_font.pointSizeF() * 0.7)
        painter.setFont(hint)
        painter.setPen(QColor("#98a2b3"))
        count = _("{n} of {total}").format(n=self.index + 1, total=len(self._phrases))
        painter.drawText(QRectF(margin, height - margin * 0.5 - QFontMetricsF(hint).height() * 1.2, inner,
                                QFontMetricsF(hint).height() * 1.2),
                         _("Esc or click to close · ← → other phrases · {count}").format(count=count),
                         _text_option(False))
