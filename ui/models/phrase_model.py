"""PhraseTableModel and PhraseDelegate: a list of phrases, each drawn as its text in the
language's own font and direction, the romanization beneath, the English beneath that, and a star."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPointF, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPainterPath, QPolygonF
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from core.i18n import _
from ui.style import MUTED, TEXT
from ui.widgets.ink import line_overflow

PhraseRole = Qt.ItemDataRole.UserRole + 1
FavouriteRole = Qt.ItemDataRole.UserRole + 2
LanguageNameRole = Qt.ItemDataRole.UserRole + 3
STAR_COLOR = "#f59e0b"


class PhraseTableModel(QAbstractTableModel):
    """Phrases (``core.content.phrasebooks.Phrase``) in two columns: the phrase and its favourite star."""

    PHRASE, STAR = 0, 1
    favourite_toggled = Signal(str, str, bool)  # language, key, now starred

    def __init__(self, parent=None, *, font_for=None, language_names: dict[str, str] | None = None):
        super().__init__(parent)
        self._phrases: list = []
        self._favourites: set[tuple[str, str]] = set()
        self._font_for = font_for or (lambda code: None)
        self._language_names = language_names or {}
        self.show_language = False

    def set_phrases(self, phrases: list, *, show_language: bool = False) -> None:
        """Show *phrases*; with ``show_language`` each row names its language (search over all)."""
        self.beginResetModel()
        self._phrases = list(phrases)
        self.show_language = show_language
        self.endResetModel()

    def set_favourites(self, favourites) -> None:
        """The (language, key) pairs that are starred."""
        self._favourites = set(favourites)
        if self._phrases:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._phrases) - 1, self.STAR))

    def set_language_names(self, names: dict[str, str]) -> None:
        """Code → name shown on rows of a search over every language."""
        self._language_names = dict(names)

    def phrases(self) -> list:
        """The phrases shown, in order."""
        return list(self._phrases)

    def phrase(self, row: int):
        """The phrase of *row*, or None."""
        return self._phrases[row] if 0 <= row < len(self._phrases) else None

    def row_of(self, language: str, key: str) -> int:
        """The row showing phrase *key* of *language*, or -1."""
        return next((i for i, p in enumerate(self._phrases) if (p.language, p.key) == (language, key)), -1)

    def is_favourite(self, phrase) -> bool:
        """True when *phrase* is starred."""
        return (phrase.language, phrase.key) in self._favourites

    def toggle_favourite(self, row: int) -> None:
        """Star or unstar the phrase of *row*; the page stores it (``favourite_toggled``)."""
        phrase = self.phrase(row)
        if phrase is None:
            return
        pair = (phrase.language, phrase.key)
        starred = pair not in self._favourites
        if starred:
            self._favourites.add(pair)
        else:
            self._favourites.discard(pair)
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.STAR))
        self.favourite_toggled.emit(phrase.language, phrase.key, starred)

    # Qt model interface ----------------------------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._phrases)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else 2

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        phrase = self.phrase(index.row()) if index.isValid() else None
        if phrase is None:
            return None
        if role == PhraseRole:
            return phrase
        if role == FavouriteRole:
            return self.is_favourite(phrase)
        if role == LanguageNameRole:
            return self._language_names.get(phrase.language, phrase.language) if self.show_language else None
        if index.column() == self.STAR:
            if role == Qt.ItemDataRole.ToolTipRole:
                return _("Remove from favourites") if self.is_favourite(phrase) else _("Add to favourites")
            if role == Qt.ItemDataRole.AccessibleTextRole:
                return _("Favourite") if self.is_favourite(phrase) else _("Not a favourite")
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return phrase.text
        if role == Qt.ItemDataRole.ToolTipRole:
            return "\n".join(v for v in (phrase.text, phrase.romanization, phrase.english) if v)
        if role == Qt.ItemDataRole.FontRole:
            return self._font_for(phrase.language)
        return None


def draw_star(painter: QPainter, center: QPointF, radius: float, filled: bool) -> None:
    """A five-pointed star, filled amber when starred, a grey outline otherwise."""
    import math

    points = []
    for i in range(10):
        r = radius if i % 2 == 0 else radius * 0.45
        angle = -math.pi / 2 + i * math.pi / 5
        points.append(QPointF(center.x() + r * math.cos(angle), center.y() + r * math.sin(angle)))
    path = QPainterPath()
    path.addPolygon(QPolygonF(points))
    path.closeSubpath()
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if filled:
        painter.setPen(QColor(STAR_COLOR))
        painter.setBrush(QColor(STAR_COLOR))
    else:
        painter.setPen(QColor("#b6bfcc"))
        painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(path)
    painter.restore()


class PhraseDelegate(QStyledItemDelegate):
    """Draws a phrase row: the text (large, the language's font and direction), romanization, English."""

    PADDING = 10

    def _fonts(self, option: QStyleOptionViewItem, index) -> tuple[QFont, QFont, QFont]:
        base = QFont(option.font)
        text_font = QFont(index.data(Qt.ItemDataRole.FontRole) or base)
        text_font.setPointSizeF(base.pointSizeF() * 1.45)
        roman = QFont(base)
        english = QFont(base)
        english.setPointSizeF(base.pointSizeF() * 0.92)
        return text_font, roman, english

    @classmethod
    def row_height(cls, base: QFont, language_font: QFont) -> int:
        """The height of a row whose text is drawn with *language_font* (other lines with *base*)."""
        text_font = QFont(language_font)
        text_font.setPointSizeF(base.pointSizeF() * 1.45)
        english = QFont(base)
        english.setPointSizeF(base.pointSizeF() * 0.92)
        above, below = line_overflow(text_font)
        return (QFontMetrics(text_font).height() + above + below + QFontMetrics(base).height()
                + QFontMetrics(english).height() + 2 * cls.PADDING + 4)

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:
        if index.column() == PhraseTableModel.STAR:
            return QSize(40, 0)
        return QSize(200, self.row_height(option.font, index.data(Qt.ItemDataRole.FontRole) or option.font))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.state &= ~QStyle.StateFlag.State_HasFocus
        opt.text = ""
        if opt.widget is not None:
            opt.widget.style().drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        phrase = index.data(PhraseRole)
        if phrase is None:
            return
        if index.column() == PhraseTableModel.STAR:
            draw_star(painter, QPointF(option.rect.center()), 8.5, bool(index.data(FavouriteRole)))
            return
        painter.save()
        text_font, roman_font, english_font = self._fonts(option, index)
        rect = option.rect.adjusted(self.PADDING + 4, self.PADDING, -self.PADDING, -self.PADDING)
        rtl = phrase.direction == "rtl"
        language = index.data(LanguageNameRole)
        tag_width = 0
        if language:
            painter.setFont(english_font)
            tag_width = painter.fontMetrics().horizontalAdvance(language) + 16
            tag = QRect(rect.right() - tag_width, rect.top() + 2, tag_width, painter.fontMetrics().height() + 2)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#eef2f7"))
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.drawRoundedRect(tag, tag.height() / 2, tag.height() / 2)
            painter.setPen(QColor("#334155"))
            painter.drawText(tag, int(Qt.AlignmentFlag.AlignCenter), language)
        y = rect.top()
        for font, text, color, width_cut in (
                (text_font, phrase.text, QColor(TEXT), tag_width + 8),
                (roman_font, phrase.romanization or phrase.pronunciation or "", QColor("#3b4a5e"), 0),
                (english_font, phrase.english, QColor(MUTED), 0)):
            painter.setFont(font)
            metrics = painter.fontMetrics()
            above, below = line_overflow(font) if font is text_font else (0, 0)
            line = QRect(rect.left(), y + above, rect.width() - width_cut, metrics.height())
            flags = int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignAbsolute)
            if above or below:
                flags |= int(Qt.TextFlag.TextDontClip)  # the ink beyond the line has its room in the row
            if font is text_font and rtl:
                # Arabic reads from the right: right-aligned, with a right-to-left base
                # direction so the question mark ends up on the left.
                flags |= int(Qt.AlignmentFlag.AlignRight) | int(Qt.TextFlag.TextForceRightToLeft)
            else:
                flags |= int(Qt.AlignmentFlag.AlignLeft)
            shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, line.width(), flags)
            painter.setPen(color)
            painter.drawText(line, flags, shown)
            y += above + metrics.height() + below + 2
        painter.restore()
