"""Line icons drawn with QPainter, so the app looks the same on every desktop.

Icon themes are missing on a fresh Linux install and QStyle's standard icons
do not say "phrasebook" or "etiquette"; a few strokes do.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

_SIZE = 64


def _pen(color: QColor) -> QPen:
    pen = QPen(color, 4.6)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


def _draw_today(p: QPainter) -> None:
    p.drawRoundedRect(QRectF(10, 14, 44, 40), 6, 6)
    p.drawLine(QPointF(10, 26), QPointF(54, 26))
    p.drawLine(QPointF(22, 8), QPointF(22, 18))
    p.drawLine(QPointF(42, 8), QPointF(42, 18))
    p.drawLine(QPointF(22, 40), QPointF(29, 46))
    p.drawLine(QPointF(29, 46), QPointF(42, 33))


def _draw_contacts(p: QPainter) -> None:
    p.drawEllipse(QPointF(32, 22), 10, 10)
    path = QPainterPath()
    path.moveTo(12, 54)
    path.cubicTo(14, 38, 50, 38, 52, 54)
    p.drawPath(path)


def _draw_phrasebook(p: QPainter) -> None:
    path = QPainterPath()
    path.addRoundedRect(QRectF(8, 10, 40, 28), 8, 8)
    p.drawPath(path)
    p.drawLine(QPointF(18, 38), QPointF(14, 48))
    p.drawLine(QPointF(14, 48), QPointF(26, 38))
    bubble = QPainterPath()
    bubble.addRoundedRect(QRectF(30, 30, 26, 20), 6, 6)
    # The answer bubble sits in front: clear what it covers before outlining it.
    p.save()
    p.setCompositionMode(QPainter.CompositionMode.CompositionMode_Clear)
    p.fillPath(bubble, Qt.GlobalColor.transparent)
    p.setPen(QPen(Qt.GlobalColor.transparent, 9))
    p.drawPath(bubble)
    p.restore()
    p.drawPath(bubble)
    p.drawLine(QPointF(48, 50), QPointF(52, 57))


def _draw_etiquette(p: QPainter) -> None:
    p.drawEllipse(QPointF(32, 32), 22, 22)
    p.drawEllipse(QRectF(22, 10, 20, 44))
    p.drawLine(QPointF(10, 32), QPointF(54, 32))


def _draw_dossiers(p: QPainter) -> None:
    path = QPainterPath()
    path.moveTo(16, 8)
    path.lineTo(40, 8)
    path.lineTo(50, 18)
    path.lineTo(50, 56)
    path.lineTo(16, 56)
    path.closeSubpath()
    p.drawPath(path)
    p.drawLine(QPointF(24, 28), QPointF(42, 28))
    p.drawLine(QPointF(24, 37), QPointF(42, 37))
    p.drawLine(QPointF(24, 46), QPointF(36, 46))


def _draw_sync(p: QPainter) -> None:
    centre, radius = QPointF(32, 32), 20.0
    for start in (40, 220):
        span = 140
        p.drawArc(QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius),
                  start * 16, span * 16)
        # An arrowhead at the end of each arc, pointing along it (counter-clockwise).
        end = math.radians(start + span)
        tip = QPointF(centre.x() + radius * math.cos(end), centre.y() - radius * math.sin(end))
        along = QPointF(-math.sin(end), -math.cos(end))
        across = QPointF(-along.y(), along.x())
        back = tip - along * 9
        p.drawLine(tip, back + across * 7)
        p.drawLine(tip, back - across * 7)


_DRAWERS = {"today": _draw_today, "contacts": _draw_contacts, "phrasebook": _draw_phrasebook,
            "etiquette": _draw_etiquette, "dossiers": _draw_dossiers, "sync": _draw_sync}


def _pixmap(name: str, color: QColor, size: int) -> QPixmap:
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.scale(size / _SIZE, size / _SIZE)
    painter.setPen(_pen(color))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    _DRAWERS[name](painter)
    painter.end()
    return pixmap


def page_icon(name: str, color: str = "#4b5563", selected_color: str = "#1d4ed8") -> QIcon:
    """The icon of a page (``today``, ``contacts``, ``phrasebook``, ``etiquette``, ``dossiers``, ``sync``)."""
    icon = QIcon()
    for size in (40,):  # drawn once, large enough for high-DPI; Qt scales it down smoothly
        icon.addPixmap(_pixmap(name, QColor(color), size), QIcon.Mode.Normal)
        icon.addPixmap(_pixmap(name, QColor(selected_color), size), QIcon.Mode.Selected)
    return icon


def page_pixmap(name: str, size: int = 64, color: str = "#94a3b8") -> QPixmap:
    """A large pixmap of a page's icon, for empty states and placeholder pages."""
    return _pixmap(name, QColor(color), size)
