"""Small building blocks shared by the pages: headers, pills, chips, a flow layout."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (QApplication, QComboBox, QFrame, QHBoxLayout, QLabel, QLayout, QLineEdit,
                               QScrollArea, QSizePolicy, QVBoxLayout, QWidget)

from ui.style import stage_colors


class PageHeader(QFrame):
    """The white band at the top of each page: a title, a subtitle and room for actions."""

    def __init__(self, title: str, subtitle: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("pageHeader")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 14)
        texts = QVBoxLayout()
        texts.setSpacing(2)
        self.title_label = QLabel(title)
        self.title_label.setObjectName("pageTitle")
        self.subtitle_label = QLabel(subtitle)
        self.subtitle_label.setObjectName("pageSubtitle")
        # Wraps on a narrow screen instead of widening the window.
        self.subtitle_label.setWordWrap(True)
        self.subtitle_label.setMinimumWidth(120)
        self.subtitle_label.setVisible(bool(subtitle))
        texts.addWidget(self.title_label)
        texts.addWidget(self.subtitle_label)
        layout.addLayout(texts, 1)
        self.actions = QHBoxLayout()
        self.actions.setSpacing(8)
        layout.addLayout(self.actions)

    def set_subtitle(self, text: str) -> None:
        """Change the line under the title (hidden when empty)."""
        self.subtitle_label.setText(text)
        self.subtitle_label.setVisible(bool(text))


class SearchBox(QLineEdit):
    """A search field that Escape empties (as in a browser); on an empty box Escape goes to the parent."""

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            event.accept()
            return
        super().keyPressEvent(event)


def search_row(placeholder: str, count_width: int = 110,
               count_samples: tuple[str, ...] = ()) -> tuple[QHBoxLayout, QLineEdit, QLabel]:
    """A search box as the pages have it (clear button, placeholder, Escape empties it) and a muted count.

    The count is at least *count_width* pixels wide, and as wide as the longest of *count_samples*:
    a count wider than its place would lay the row out again (and repaint what is under it) at
    every keystroke.
    """
    row = QHBoxLayout()
    box = SearchBox()
    box.setObjectName("searchBox")
    box.setPlaceholderText(placeholder)
    box.setClearButtonEnabled(True)
    row.addWidget(box, 1)
    count = QLabel()
    count.setObjectName("countLabel")
    count.setProperty("role", "muted")
    metrics = count.fontMetrics()
    count.setMinimumWidth(max([count_width] + [metrics.horizontalAdvance(text + "00") for text in count_samples]))
    count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    row.addWidget(count)
    return row, box, count


def fit_to_screen(window: QWidget, width: int, height: int) -> None:
    """Give *window* width×height, or less where the screen it opens on (its parent's) is smaller."""
    from PySide6.QtGui import QGuiApplication

    parent = window.parentWidget()
    screen = (parent.screen() if parent is not None else window.screen()) or QGuiApplication.primaryScreen()
    area = screen.availableGeometry()
    # The window manager's title bar and borders come on top of the widget's own size.
    window.resize(min(width, area.width() - 16), min(height, area.height() - 48))


def configure_row_table(table) -> None:
    """A read-only table whose rows are picked whole, one at a time, without a grid (Contacts, Phrasebook)."""
    from PySide6.QtWidgets import QAbstractItemView

    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.setCornerButtonEnabled(False)
    table.verticalHeader().hide()


def dialog_layout(dialog: QWidget, title: str, intro: str = "") -> QVBoxLayout:
    """The column of a dialog: Fairmate's margins, the title as a heading, an optional grey intro."""
    outer = QVBoxLayout(dialog)
    outer.setContentsMargins(20, 18, 20, 16)
    outer.setSpacing(10)
    heading = QLabel(title)
    heading.setObjectName("pageTitle")
    outer.addWidget(heading)
    if intro:
        outer.addWidget(muted_label(intro, wrap=True))
    return outer


def section_title(text: str) -> QLabel:
    """A bold heading inside a page or card."""
    label = QLabel(text)
    label.setObjectName("sectionTitle")
    return label


def card_frame(title: str | None = None, subtitle: str = "",
               margins: tuple[int, int, int, int] = (18, 14, 18, 16)) -> tuple[QFrame, QVBoxLayout]:
    """A white rounded card with an optional bold title and grey subtitle; returns (frame, its layout)."""
    frame = QFrame()
    frame.setProperty("role", "card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(*margins)
    layout.setSpacing(8)
    if title:
        layout.addWidget(section_title(title))
    if subtitle:
        layout.addWidget(muted_label(subtitle, wrap=True))
    return frame, layout


def muted_label(text: str = "", *, wrap: bool = False) -> QLabel:
    """Secondary grey text."""
    label = QLabel(text)
    label.setProperty("role", "muted")
    label.setWordWrap(wrap)
    return label


class StagePillLabel(QLabel):
    """A relationship stage as a rounded coloured pill."""

    def __init__(self, stage: str = "", text: str = "", parent: QWidget | None = None):
        super().__init__(text, parent)
        self._stage = stage
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_stage(self, stage: str, text: str) -> None:
        """Show *stage* with its display *text*."""
        self._stage = stage
        self.setText(text)
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        metrics = self.fontMetrics()
        return QSize(metrics.horizontalAdvance(self.text()) + 22, metrics.height() + 8)

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()

    def paintEvent(self, _event) -> None:
        background, foreground = stage_colors(self._stage)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = self.rect().adjusted(0, 0, -1, -1)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(background)
        painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
        font = painter.font()
        font.setWeight(font.Weight.DemiBold)
        painter.setFont(font)
        painter.setPen(foreground)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.text())


class ScrollSafeComboBox(QComboBox):
    """A combo box that ignores the mouse wheel unless focused.

    In a scrolling pane, a plain combo box changes its value when the wheel
    passes over it; for the stage selector that would silently write history.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def wheelEvent(self, event) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()  # the pane around it scrolls instead


def chip_label(text: str, max_width: int = 180) -> QLabel:
    """A tag shown as a small rounded chip (long tags are shortened, the tooltip has them whole)."""
    label = QLabel()
    label.setProperty("role", "chip")
    shown = label.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, max_width)
    label.setText(shown)
    if shown != text:
        label.setToolTip(text)
    return label


class EmptyStateFrame(QFrame):
    """A friendly dashed box saying there is nothing here (and that this is fine)."""

    def __init__(self, text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setProperty("role", "emptyState")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        self.label = muted_label(text, wrap=True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(self.label)


class FlowLayout(QLayout):
    """Lays widgets out left to right, wrapping onto new lines (for tag chips)."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6):
        super().__init__(parent)
        self._items = []
        self._spacing = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def addItem(self, item) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int):
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int):
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self):
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._arrange(QRect(0, 0, width, 0), apply=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._arrange(rect, apply=True)

    def sizeHint(self) -> QSize:
        return self.minimumSize()

    def minimumSize(self) -> QSize:
        # Only as wide as the narrowest item needs: the rest wraps onto more lines.
        widths = [item.minimumSize().width() for item in self._items]
        heights = [item.minimumSize().height() for item in self._items]
        return QSize(min(widths, default=0), max(heights, default=0))

    def _arrange(self, rect: QRect, apply: bool) -> int:
        x, y, line_height = rect.x(), rect.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if x + hint.width() > rect.right() and line_height > 0:
                x = rect.x()
                y += line_height + self._spacing
                line_height = 0
            if apply:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._spacing
            line_height = max(line_height, hint.height())
        return y + line_height - rect.y()


def clear_layout(layout: QLayout) -> None:
    """Remove and delete every widget and sub-layout of *layout*."""
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget()
        if widget is not None:
            widget.hide()
            widget.deleteLater()
        elif item.layout() is not None:
            clear_layout(item.layout())


def settle_scroll_area(scroll: QScrollArea) -> None:
    """Lay out *scroll*'s widget and its scroll bar now, not in the next turns of the event loop.

    The scroll bar comes or goes by the content's height, which narrows or widens wrapped texts
    and so changes the height again: twice settles it. Sent to the scroll area alone (processing
    every posted layout request would run other queued work too).
    """
    for _attempt in range(2):
        widget = scroll.widget()
        if widget is not None and widget.layout() is not None:
            widget.layout().activate()
        QApplication.sendEvent(scroll, QEvent(QEvent.Type.LayoutRequest))
