"""EtiquetteChartWidget: the seven dimensions, home against partner on the 1–5 scales, at a glance.

One row per dimension, in the comparison's order (most different first): the
dimension's name, the low end's label, a five-step track, the high end's label.
The partner is a filled dot, home a ring; a bar joins them, and rows whose gap is
large get a tinted band and a bold name. Hovering a row shows both reasons.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from core.i18n import _
from ui.style import ACCENT, BORDER, MUTED, TEXT

PARTNER_COLOR = QColor(ACCENT)
HOME_COLOR = QColor("#475467")
LARGE_BAND = QColor("#fff4e0")
LARGE_BAR = QColor("#d97706")
SMALL_BAR = QColor("#b9c6dc")
TRACK = QColor(BORDER)

ROW_HEIGHT = 38
LEGEND_HEIGHT = 30
DOT = 7.0  # radius of a marker
END_GAP = 17  # between the track's ends and their labels: room for the ring around a dot


class EtiquetteChartWidget(QWidget):
    """Draws an ``EtiquetteComparison``'s rows; ``set_comparison(None)`` clears it."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("etiquetteChart")
        self._rows: list = []
        self._labels: dict[str, tuple[str, str, str]] = {}
        self._home_name = ""
        self._partner_name = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)

    def set_comparison(self, comparison, home_name: str = "", partner_name: str = "") -> None:
        """Show *comparison* (rows in its order); *home_name* empty when there is no home to draw."""
        from core.content.etiquette import dimension_labels

        self._rows = list(comparison.rows) if comparison is not None else []
        self._labels = dimension_labels()
        self._home_name = home_name if comparison is not None and comparison.home is not None else ""
        self._partner_name = partner_name
        self.updateGeometry()
        self.update()

    @property
    def rows(self) -> list:
        """The rows drawn, top to bottom."""
        return self._rows

    def has_home(self) -> bool:
        """True when home markers are drawn."""
        return bool(self._home_name)

    # Geometry ---------------------------------------------------------------------------------

    def _fonts(self) -> tuple[QFont, QFont, QFont]:
        base = QFont(self.font())
        bold = QFont(base)
        bold.setWeight(QFont.Weight.DemiBold)
        small = QFont(base)
        small.setPointSizeF(max(base.pointSizeF() - 1, 7))
        return base, bold, small

    def _columns(self) -> tuple[float, float, float, float]:
        """x of: name column end, track start, track end; and the width of the end labels."""
        _base, bold, small = self._fonts()
        name_width = max([QFontMetrics(bold).horizontalAdvance(v[0]) for v in self._labels.values()] or [0])
        small_metrics = QFontMetrics(small)
        end_width = max([small_metrics.horizontalAdvance(t) for v in self._labels.values() for t in v[1:]]
                        or [0])
        name_end = 12 + name_width + 16
        track_start = name_end + end_width + END_GAP + 4
        track_end = self.width() - end_width - END_GAP - 16
        return name_end, track_start, max(track_end, track_start + 120), end_width

    def _row_rect(self, index: int) -> QRectF:
        return QRectF(0, LEGEND_HEIGHT + index * ROW_HEIGHT, self.width(), ROW_HEIGHT)

    def sizeHint(self) -> QSize:
        return QSize(640, LEGEND_HEIGHT + ROW_HEIGHT * max(len(self._rows), 1) + 6)

    def minimumSizeHint(self) -> QSize:
        return QSize(460, self.sizeHint().height())

    def heightForWidth(self, _width: int) -> int:
        return self.sizeHint().height()

    def row_at(self, y: float) -> int | None:
        """The index of the row under *y*, or None."""
        index = int((y - LEGEND_HEIGHT) // ROW_HEIGHT)
        return index if y >= LEGEND_HEIGHT and 0 <= index < len(self._rows) else None

    def marker_x(self, score: int) -> float:
        """The x of step *score* (1–5) on the track."""
        _name_end, start, end, _ends = self._columns()
        return start + (end - start) * (score - 1) / 4

    # Painting ---------------------------------------------------------------------------------

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        base, bold, small = self._fonts()
        name_end, start, end, end_width = self._columns()
        self._paint_legend(painter, small)
        for index, row in enumerate(self._rows):
            rect = self._row_rect(index)
            mid = rect.center().y()
            low, high = self._labels[row.key][1:]
            if row.is_large:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(LARGE_BAND)
                painter.drawRoundedRect(rect.adjusted(2, 3, -2, -3), 6, 6)
            elif index:
                painter.setPen(QPen(QColor("#f0f2f5"), 1))
                painter.drawLine(QPointF(10, rect.top()), QPointF(self.width() - 10, rect.top()))

            painter.setFont(bold if row.is_large else base)
            painter.setPen(QColor(TEXT))
            painter.drawText(QRectF(12, rect.top(), name_end - 12, rect.height()),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, row.label)
            painter.setFont(small)
            painter.setPen(QColor(MUTED))
            painter.drawText(QRectF(start - END_GAP - end_width, rect.top(), end_width, rect.height()),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, low)
            painter.drawText(QRectF(end + END_GAP, rect.top(), end_width + 4, rect.height()),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, high)

            painter.setPen(QPen(TRACK, 2, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            painter.drawLine(QPointF(start, mid), QPointF(end, mid))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor("#cdd5e0"))
            for step in range(1, 6):
                painter.drawEllipse(QPointF(self.marker_x(step), mid), 2.2, 2.2)

            partner_x = self.marker_x(row.partner_score)
            if row.home_score is not None:
                home_x = self.marker_x(row.home_score)
                if row.difference:
                    bar = LARGE_BAR if row.is_large else SMALL_BAR
                    painter.setPen(QPen(bar, 4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
                    painter.drawLine(QPointF(home_x, mid), QPointF(partner_x, mid))
                self._paint_home(painter, QPointF(home_x, mid), around=not row.difference)
            self._paint_partner(painter, QPointF(partner_x, mid))
        painter.end()

    def _paint_partner(self, painter: QPainter, centre: QPointF) -> None:
        painter.setPen(QPen(QColor("white"), 1.5))
        painter.setBrush(PARTNER_COLOR)
        painter.drawEllipse(centre, DOT, DOT)

    def _paint_home(self, painter: QPainter, centre: QPointF, around: bool = False) -> None:
        # On the same step as the partner, home is a wider ring around the partner's dot.
        radius = DOT + 4 if around else DOT
        painter.setPen(QPen(HOME_COLOR, 2.4))
        painter.setBrush(Qt.BrushStyle.NoBrush if around else QColor("white"))
        painter.drawEllipse(centre, radius, radius)

    def _paint_legend(self, painter: QPainter, font: QFont) -> None:
        painter.setFont(font)
        metrics = QFontMetrics(font)
        y = LEGEND_HEIGHT / 2 - 2
        x = 12.0
        entries = [(self._partner_name, self._paint_partner)]
        if self._home_name:
            entries.append((_("{country} (you)").format(country=self._home_name), self._paint_home))
        for text, paint in entries:
            paint(painter, QPointF(x + DOT, y))
            painter.setPen(QColor(TEXT))
            painter.drawText(QPointF(x + 2 * DOT + 6, y + metrics.ascent() / 2 - 1), text)
            x += 2 * DOT + 6 + metrics.horizontalAdvance(text) + 22
        if self._home_name and any(r.is_large for r in self._rows):
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(LARGE_BAND)
            band = QRectF(x, y - 8, 18, 16)
            painter.drawRoundedRect(band, 4, 4)
            painter.setPen(QPen(LARGE_BAR, 3))
            painter.drawLine(QPointF(x + 4, y), QPointF(x + 14, y))
            painter.setPen(QColor(TEXT))
            painter.drawText(QPointF(x + 24, y + metrics.ascent() / 2 - 1), _("big difference"))

    # Tooltips ---------------------------------------------------------------------------------

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            index = self.row_at(event.pos().y())
            if index is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self.row_tooltip(index), self)
            return True
        return super().event(event)

    def row_tooltip(self, index: int) -> str:
        """The reasons behind row *index*, as rich text."""
        import html

        row = self._rows[index]
        parts = [f"<b>{html.escape(row.label)}</b>",
                 f"{html.escape(self._partner_name)}: {row.partner_score}/5 — {html.escape(row.partner_reason)}"]
        if row.home_score is not None and row.home_reason:
            parts.append(f"{html.escape(self._home_name)}: {row.home_score}/5 — {html.escape(row.home_reason)}")
        return "<p style='white-space:pre-wrap'>" + "<br>".join(parts) + "</p>"
