"""The window's left column: the app's name, one row per page, and the offline promise."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QFrame, QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from core.i18n import _
from ui.icons import page_icon
from ui.main_menus import PAGE_KEYS, page_titles


class LoadingPage(QWidget):
    """Shown for a data page in the instant between the window appearing and the database opening."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        label = QLabel(_("Opening your contact book…"))
        label.setProperty("role", "muted")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(label)


def build_sidebar() -> tuple[QFrame, QListWidget]:
    """The sidebar panel and its list of pages (each item's UserRole data is the page key)."""
    panel = QFrame()
    panel.setObjectName("sidebarPanel")
    panel.setFixedWidth(208)
    layout = QVBoxLayout(panel)
    layout.setContentsMargins(10, 16, 10, 10)
    layout.setSpacing(2)
    brand = QLabel(_("Fairmate"))
    brand.setObjectName("sidebarBrand")
    tagline = QLabel(_("Your trade-fair companion"))
    tagline.setObjectName("sidebarTagline")
    layout.addWidget(brand)
    layout.addWidget(tagline)
    pages = QListWidget()
    pages.setObjectName("sidebar")
    pages.setIconSize(QSize(20, 20))
    pages.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    pages.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    titles = page_titles()
    for number, key in enumerate(PAGE_KEYS, start=1):
        item = QListWidgetItem(page_icon(key), titles[key])
        item.setData(Qt.ItemDataRole.UserRole, key)
        item.setToolTip(_("{page} (Ctrl+{number})").format(page=titles[key], number=number))
        item.setSizeHint(QSize(0, 40))
        pages.addItem(item)
    layout.addWidget(pages, 1)
    footer = QLabel(_("Works offline · data stays on this computer"))
    footer.setObjectName("sidebarFooter")
    footer.setWordWrap(True)
    layout.addWidget(footer)
    return panel, pages
