"""EmptyBookPanel: what an empty contact book offers — import, add the first partner, or try demo data."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from core.i18n import _
from ui.widgets.common import muted_label

# How many sample people "Try demo data" adds (the CLI's demo-data default).
DEMO_CONTACTS = 200


class EmptyBookPanel(QFrame):
    """Shown on Contacts and Today while the book has no contact: three ways to start."""

    import_requested = Signal()
    add_requested = Signal()
    demo_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("emptyBook")
        self.setProperty("role", "emptyState")
        column = QVBoxLayout(self)
        column.setContentsMargins(24, 24, 24, 24)
        column.setSpacing(10)
        title = QLabel(_("Your contact book is empty"))
        title.setObjectName("emptyBookTitle")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setWeight(font.Weight.DemiBold)
        title.setFont(font)
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addWidget(title)
        text = muted_label(_("Bring in the contacts you already have, add the first partner you meet, "
                             "or look around in a book of sample partners from around the world."), wrap=True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        column.addWidget(text)
        row = QHBoxLayout()
        row.setSpacing(8)
        row.addStretch(1)
        self.import_button = self._button(row, _("Import your contacts…"), self.import_requested,
                                          _("vCard or CSV from your phone, Outlook or Google Contacts"))
        self.add_button = self._button(row, _("Add your first partner…"), self.add_requested,
                                       _("Type in a name, a company and how you met"), primary=True)
        self.demo_button = self._button(row, _("Try demo data"), self.demo_requested,
                                        _("Add {n} sample partners with meetings, promises and follow-ups; "
                                          "Undo removes them").format(n=DEMO_CONTACTS))
        row.addStretch(1)
        column.addLayout(row)

    def _button(self, row, text: str, signal, tip: str, primary: bool = False) -> QPushButton:
        button = QPushButton(text)
        button.setToolTip(tip)
        if primary:
            button.setProperty("role", "primary")
        button.clicked.connect(signal)
        row.addWidget(button)
        return button

    def set_read_only(self, read_only: bool) -> None:
        """Nothing can be added to a book that can only be read."""
        for button in (self.import_button, self.add_button, self.demo_button):
            button.setEnabled(not read_only)
