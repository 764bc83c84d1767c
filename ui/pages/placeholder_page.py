"""Pages whose features are not built yet: they say so plainly, and what will come."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from core.i18n import _
from ui.icons import page_pixmap
from ui.widgets.common import PageHeader, muted_label


class PlaceholderPage(QWidget):
    """A page with a header, an icon, "coming in a later release" and one sentence of what."""

    def __init__(self, key: str, title: str, promise: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.key = key
        self.setObjectName(f"page_{key}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(PageHeader(title, _("Coming soon")))

        card = QFrame()
        card.setProperty("role", "card")
        # A fixed width lets the wrapped sentence claim the height it needs.
        card.setFixedWidth(560)
        inner = QVBoxLayout(card)
        inner.setContentsMargins(32, 32, 32, 32)
        inner.setSpacing(12)
        icon = QLabel()
        icon.setPixmap(page_pixmap(key, 72))
        icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        heading = QLabel(_("{title} is not built yet").format(title=title))
        heading.setObjectName("sectionTitle")
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.promise_label = muted_label(promise, wrap=True)
        self.promise_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        inner.addWidget(icon)
        inner.addWidget(heading)
        inner.addWidget(self.promise_label)

        layout.addStretch(1)
        layout.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)


def placeholder_promises() -> dict[str, tuple[str, str]]:
    """Title and one-sentence promise of each page that is still to come, by page key."""
    # Every page is built now; a page still to come adds its (title, promise) here.
    return {}
