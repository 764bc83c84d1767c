"""How contact-table cells are painted: the name with its native script, the stage pill."""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ui.models.contact_model import DisplayNameRole, NativeNameRole, StageRole
from ui.formatting import is_right_to_left
from ui.style import MUTED, stage_colors


class PlainItemDelegate(QStyledItemDelegate):
    """The default cell look, without the dotted focus frame (rows are selected whole)."""

    def initStyleOption(self, option: QStyleOptionViewItem, index) -> None:
        super().initStyleOption(option, index)
        option.state &= ~QStyle.StateFlag.State_HasFocus


# Between the display name and the native one.
NATIVE_GAP = 12


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

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        name = index.data(DisplayNameRole)
        if name is None:
            super().paint(painter, option, index)
            return
        native = index.data(NativeNameRole)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        painter.save()
        painter.setFont(opt.font)
        rect = option.rect.adjusted(10, 0, -6, 0)
        metrics = opt.fontMetrics
        bold = QRect(rect)
        font = painter.font()
        font.setWeight(font.Weight.Medium)
        painter.setFont(font)
        name_text, native_text = fit_name_and_native(painter.fontMetrics(), metrics, name, native, rect.width())
        painter.setPen(opt.palette.color(opt.palette.ColorRole.Text))
        painter.drawText(bold, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                         name_text)
        if native_text:
            name_advance = painter.fontMetrics().horizontalAdvance(name_text)
            painter.setFont(opt.font)
            rest = rect.adjusted(name_advance + NATIVE_GAP, 0, 0, 0)
            painter.setPen(QColor(MUTED))
            flags = int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
                        | Qt.AlignmentFlag.AlignAbsolute)
            if is_right_to_left(native):
                # Arabic or Hebrew: read right to left, so a cut name ends in "…" on its left.
                flags |= int(Qt.TextFlag.TextForceRightToLeft)
            painter.drawText(rest, flags, native_text)
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

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        text = index.data(Qt.ItemDataRole.DisplayRole)
        if not text:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        if opt.widget is not None:
            opt.widget.style().drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter,
                                           opt.widget)
        background, foreground = stage_colors(index.data(StageRole))
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setFont(self.pill_font(option.font))
        metrics = painter.fontMetrics()
        width = metrics.horizontalAdvance(text) + self.PADDING
        height = metrics.height() + 4
        rect = option.rect
        pill = QRectF(rect.x() + self.MARGIN, rect.y() + (rect.height() - height) / 2, width, height)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(background)
        painter.drawRoundedRect(pill, height / 2, height / 2)
        painter.setPen(foreground)
        painter.drawText(pill, int(Qt.AlignmentFlag.AlignCenter), text)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width() + 24, hint.height())
