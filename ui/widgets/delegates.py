"""How contact-table cells are painted: the name with its native script, the stage pill."""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette, QPixmap, QStaticText, QTextOption
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ui.models.contact_model import DisplayNameRole, NativeNameRole, StageRole
from ui.formatting import is_right_to_left
from ui.style import MUTED, stage_colors


# Built once: PySide enum operators cost Python time in every cell of every repaint.
# An Arabic or Hebrew native name is read right to left, so a cut one ends in "…" on its left.
_RIGHT_TO_LEFT = int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute
                     | Qt.TextFlag.TextForceRightToLeft)
_NOT_FOCUSED = ~QStyle.StateFlag.State_HasFocus
_ITEM_VIEW_ITEM = QStyle.ControlElement.CE_ItemViewItem
_FONT_ROLE = int(Qt.ItemDataRole.FontRole)
_TEXT = QPalette.ColorRole.Text
# Cells laid out or drawn once are kept; past this many the cache starts afresh.
_CACHE_MAX = 4000


class PlainItemDelegate(QStyledItemDelegate):
    """The default cell look, without the dotted focus frame (rows are selected whole).

    A view whose style sheet already draws no focus frame (``outline: 0``, as the contact
    table's) needs no such delegate for plain cells; its custom delegates then get
    ``focus_frame = False``, which spares them work in every cell.
    """

    focus_frame = True  # the style may draw a focus frame on the current cell: clear it
    _base_font: QFont | None = None
    _base_key = ""

    def base_font_key(self, base: QFont) -> str:
        """``base.key()`` of a cell's font: the view's, the same cell after cell, compared in C++
        rather than spelled out again (a key is a string built in every call)."""
        if self._base_font is None or base != self._base_font:
            # A copy: *base* belongs to the view's option, gone after this paint.
            self._base_font, self._base_key = QFont(base), base.key()
        return self._base_key

    def initStyleOption(self, option: QStyleOptionViewItem, index) -> None:
        super().initStyleOption(option, index)
        option.state &= _NOT_FOCUSED

    @staticmethod
    def draw_background(painter: QPainter, option: QStyleOptionViewItem, *, focus_frame: bool = True) -> None:
        """The cell's background (alternate rows, selection) as the default look draws it, no text.

        Without ``initStyleOption``: it asks the model for seven roles a cell, in Python.
        *focus_frame* False: the view's style sheet draws none (``outline: 0``), so the
        option is drawn as the view made it, without a copy and PySide's enum operators.
        """
        widget = option.widget
        if widget is None:
            return
        if focus_frame:
            option = QStyleOptionViewItem(option)
            option.state &= _NOT_FOCUSED
        widget.style().drawControl(_ITEM_VIEW_ITEM, option, painter, widget)


# Between the display name and the native one.
NATIVE_GAP = 12
_MUTED = QColor(MUTED)


def _centred_top(static: QStaticText, height: int) -> int:
    """Where *static* starts in a cell *height* pixels tall, centred as drawText(AlignVCenter) puts it
    (rounded half up, as Qt rounds)."""
    return math.floor((height - static.size().height()) / 2 + 0.5)


def _static_text(text: str, font: QFont) -> QStaticText:
    """*text* laid out once in *font*, on one line."""
    static = QStaticText(text)
    static.setTextFormat(Qt.TextFormat.PlainText)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.NoWrap)
    static.setTextOption(option)
    static.setPerformanceHint(QStaticText.PerformanceHint.AggressiveCaching)
    static.prepare(font=font)
    return static


def fit_name_and_native(name_metrics: QFontMetrics, native_metrics: QFontMetrics, name: str,
                        native: str | None, width: int) -> tuple[str, str]:
    """(name, native) as they fit in *width* pixels: the native name kept whole where it can be.

    A narrow column shortens the display name in its middle ("Chang C…-han") before it
    touches the native one (張承翰 is what the partner's card says); only a very narrow
    column shortens both, and the native name goes when not even a few letters would show.
    """
    name_width = name_metrics.horizontalAdvance(name)
    if not native:
        return name_metrics.elidedText(name, Qt.TextElideMode.ElideRight, width), ""
    native_width = native_metrics.horizontalAdvance(native)
    if name_width + NATIVE_GAP + native_width <= width:
        return name, native
    # The native name keeps up to 40% of the cell (a CJK name is whole); the display name, elided in
    # its middle, the rest.
    native_room = min(native_width, width * 2 // 5)
    name_room = width - NATIVE_GAP - native_room
    if name_room < 4 * name_metrics.averageCharWidth():
        # Too narrow for both to say anything: the display name alone.
        return name_metrics.elidedText(name, Qt.TextElideMode.ElideRight, width), ""
    name_text = name_metrics.elidedText(name, Qt.TextElideMode.ElideMiddle, name_room)
    native_room = width - NATIVE_GAP - name_metrics.horizontalAdvance(name_text)
    return name_text, native_metrics.elidedText(native, Qt.TextElideMode.ElideRight, native_room)


class ContactNameDelegate(PlainItemDelegate):
    """Paints "Zhang Wei  张伟": the display name, then the native-script name in grey."""

    def __init__(self, parent=None):
        super().__init__(parent)
        # Per cell font: its key, its medium weight and both metrics; per name and width: the layout.
        self._fonts: dict[str, tuple[str, QFont, QFontMetrics, QFontMetrics]] = {}
        self._layouts: dict[tuple, tuple[QStaticText, int, QStaticText | str | None, int, int | None]] = {}
        # (id of the model's country face, cell font key) -> (that face, resolved, its key)
        self._resolved: dict[tuple[int, str], tuple[QFont, QFont, str]] = {}

    def _fonts_for(self, font: QFont, key: str) -> tuple[str, QFont, QFontMetrics, QFontMetrics]:
        found = self._fonts.get(key)
        if found is None:
            medium = QFont(font)
            medium.setWeight(QFont.Weight.Medium)
            found = self._fonts[key] = (key, medium, QFontMetrics(medium), QFontMetrics(font))
        return found

    def _layout(self, name: str, native: str | None, width: int, height: int, fonts: tuple, font: QFont) -> tuple:
        # The elided texts laid out (QStaticText: shaped once, not in every paint), where the native
        # name starts and how far down both are: once per name, cell size and font.
        key = (name, native, width, height, fonts[0])
        found = self._layouts.get(key)
        if found is None:
            _key, medium, name_metrics, metrics = fonts
            # The native name kept whole where it can be; the display name shortened in its middle first.
            name_text, native = fit_name_and_native(name_metrics, metrics, name, native, width)
            name_width = name_metrics.horizontalAdvance(name_text)
            name_static = _static_text(name_text, medium)
            native_static = native_top = None
            if native and is_right_to_left(native):
                native_static = native  # drawn by drawText, as Qt cuts and places right-to-left text
            elif native:
                native_static = _static_text(native, font)
                native_top = _centred_top(native_static, height)
            if len(self._layouts) > _CACHE_MAX:
                self._layouts.clear()
            found = self._layouts[key] = (name_static, name_width, native_static, _centred_top(name_static, height),
                                          native_top)
        return found

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        cell_of = getattr(index.model(), "name_cell", None)
        if cell_of is not None:  # a ContactTableModel: the cell in one call
            cell = cell_of(index.row())
            if cell is None:
                super().paint(painter, option, index)
                return
            name, native, font = cell
        else:
            name = index.data(DisplayNameRole)
            if name is None:
                super().paint(painter, option, index)
                return
            native, font = index.data(NativeNameRole), index.data(_FONT_ROLE)
        self.draw_background(painter, option, focus_frame=self.focus_frame)
        # The country's face for Han characters, if any; resolved against the cell's font once
        # (the model hands out one QFont object per country: kept here, so its id stays its own).
        base = option.font
        base_key = self.base_font_key(base)
        if font is None:
            font, font_key = base, base_key
        else:
            key = (id(font), base_key)
            resolved = self._resolved.get(key)
            if resolved is None or resolved[0] is not font:
                if len(self._resolved) > _CACHE_MAX:  # a model handing out a new QFont each time
                    self._resolved.clear()
                face = font.resolve(base)
                resolved = self._resolved[key] = (font, face, face.key())
            _font, font, font_key = resolved
        fonts = self._fonts_for(font, font_key)
        rect = option.rect
        x, y = rect.x() + 10, rect.y()
        name_static, name_width, native_static, name_top, native_top = self._layout(
            name, native, rect.width() - 16, rect.height(), fonts, font)
        painter.save()
        painter.setFont(fonts[1])
        painter.setPen(option.palette.color(_TEXT))
        painter.drawStaticText(QPointF(x, y + name_top), name_static)
        if native_static is not None:
            painter.setFont(font)
            painter.setPen(_MUTED)
            if native_top is None:
                painter.drawText(rect.adjusted(10 + name_width + NATIVE_GAP, 0, -6, 0), _RIGHT_TO_LEFT, native_static)
            else:
                painter.drawStaticText(QPointF(x + name_width + NATIVE_GAP, y + native_top), native_static)
        painter.restore()


class StagePillDelegate(PlainItemDelegate):
    """Paints the stage as a small coloured pill instead of plain text."""

    MARGIN = 8  # between the cell's left edge and the pill
    PADDING = 18  # around the text inside the pill

    @staticmethod
    def pill_font(cell_font: QFont) -> QFont:
        """The pill's text: a little smaller than the cell's, semi-bold."""
        font = QFont(cell_font)
        font.setPointSizeF(font.pointSizeF() * 0.9)
        font.setWeight(font.Weight.DemiBold)
        return font

    @classmethod
    def cell_width(cls, cell_font: QFont, text: str) -> int:
        """The column width that shows the pill for *text* whole, with the same margin both sides."""
        return QFontMetrics(cls.pill_font(cell_font)).horizontalAdvance(text) + cls.PADDING + 2 * cls.MARGIN

    def __init__(self, parent=None):
        super().__init__(parent)
        self._pills: dict[tuple, QPixmap] = {}  # drawn once per stage, font and pixel ratio

    def _pill(self, text: str, stage, font: QFont, font_key: str, ratio: float) -> QPixmap:
        key = (text, stage, font_key, ratio)
        pixmap = self._pills.get(key)
        if pixmap is None:
            pill_font = self.pill_font(font)
            metrics = QFontMetrics(pill_font)
            width = metrics.horizontalAdvance(text) + self.PADDING
            height = metrics.height() + 4
            pixmap = QPixmap(round(width * ratio), round(height * ratio))
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            background, foreground = stage_colors(stage)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setFont(pill_font)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(background)
            shape = QRectF(0, 0, width, height)
            painter.drawRoundedRect(shape, height / 2, height / 2)
            painter.setPen(foreground)
            painter.drawText(shape, int(Qt.AlignmentFlag.AlignCenter), text)
            painter.end()
            if len(self._pills) > _CACHE_MAX:
                self._pills.clear()
            self._pills[key] = pixmap
        return pixmap

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        cell_of = getattr(index.model(), "stage_cell", None)
        cell = cell_of(index.row()) if cell_of is not None else \
            (index.data(Qt.ItemDataRole.DisplayRole), index.data(StageRole))
        if cell is None or not cell[0]:
            super().paint(painter, option, index)
            return
        text, stage = cell
        self.draw_background(painter, option, focus_frame=self.focus_frame)
        ratio = painter.device().devicePixelRatioF()
        font = option.font
        pixmap = self._pill(text, stage, font, self.base_font_key(font), ratio)
        rect = option.rect
        height = pixmap.height() / ratio
        painter.drawPixmap(QPointF(rect.x() + self.MARGIN, rect.y() + (rect.height() - height) / 2),
                           pixmap)

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width() + 24, hint.height())
