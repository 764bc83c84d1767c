"""PhraseDetailPanel: the selected phrase in full, in its own script and font, with its actions."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from core.i18n import _
from ui.fonts import font_for_notes
from ui.widgets.common import FlowLayout, muted_label
from ui.widgets.ink import line_overflow


class PhraseDetailPanel(QFrame):
    """The selected phrase in full: text, romanization, pronunciation, English, register, note; its actions."""

    show_requested = Signal()
    copy_requested = Signal()
    speak_requested = Signal()
    favourite_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("phraseDetail")
        self.setProperty("role", "card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 18)
        layout.setSpacing(8)
        self.category_label = muted_label()
        self.text_label = self._label("phraseText")
        self.romanization_label = self._label("phraseRomanization")
        self.pronunciation_label = self._label("phrasePronunciation")
        self.english_label = self._label("phraseEnglish")
        self.register_label = muted_label()
        self.note_label = self._label("phraseNote")
        self.local_label = self._label("phraseLocalUsage")
        for widget in (self.category_label, self.text_label, self.romanization_label, self.pronunciation_label,
                       self.english_label, self.register_label, self.note_label, self.local_label):
            layout.addWidget(widget)
        button_box = QWidget()
        # The pane can be narrow: the buttons wrap onto a second line instead of being cut off.
        buttons = FlowLayout(button_box, spacing=6)
        self.show_button = QPushButton(_("Show to partner"))
        self.show_button.setProperty("role", "primary")
        self.show_button.setToolTip(_("Full screen, in large type (Space)"))
        self.copy_button = QPushButton(_("Copy"))
        self.copy_button.setToolTip(_("Copy the phrase and its romanization"))
        self.speak_button = QPushButton(_("Speak"))
        self.favourite_button = QPushButton()
        self.favourite_button.setObjectName("favouriteButton")
        self.show_button.clicked.connect(self.show_requested)
        self.copy_button.clicked.connect(self.copy_requested)
        self.speak_button.clicked.connect(self.speak_requested)
        self.favourite_button.clicked.connect(self.favourite_requested)
        for button in (self.show_button, self.copy_button, self.speak_button, self.favourite_button):
            buttons.addWidget(button)
        layout.addSpacing(6)
        layout.addWidget(button_box)
        self.message_label = muted_label(wrap=True)
        self.message_label.setObjectName("phraseMessage")
        layout.addWidget(self.message_label)
        layout.addStretch(1)
        self.show_phrase(None)

    @staticmethod
    def _label(name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        return label

    def show_phrase(self, phrase, *, font: QFont | None = None, favourite: bool = False,
                    category: str = "", language: str = "") -> None:
        """Fill the panel with *phrase* (None: an empty hint)."""
        self.message_label.clear()
        has = phrase is not None
        for button in (self.show_button, self.copy_button, self.speak_button, self.favourite_button):
            button.setEnabled(has)
        if not has:
            self.category_label.setText("")
            self.text_label.setTextFormat(Qt.TextFormat.PlainText)
            self.text_label.setContentsMargins(0, 0, 0, 0)
            self.text_label.setText(_("Select a phrase to see it in full."))
            self.text_label.setFont(self.font())
            for label in (self.romanization_label, self.pronunciation_label, self.english_label,
                          self.register_label, self.note_label, self.local_label):
                label.setText("")
                label.setVisible(False)
            self.favourite_button.setText(_("☆ Favourite"))
            return
        self.category_label.setText(" · ".join(p for p in (language, category) if p))
        big = QFont(font or self.font())
        big.setPointSizeF(self.font().pointSizeF() * 2.0)
        self.text_label.setFont(big)
        above, below = line_overflow(big)
        # Nastaliq's stacked letters reach past the line: room above the first line and below
        # the last, and wider spacing between wrapped lines (rich text: proportional line height).
        self.text_label.setContentsMargins(0, above, 0, below)
        if above or below:
            self.text_label.setTextFormat(Qt.TextFormat.RichText)
            self.text_label.setText(f'<div style="line-height: 170%">{html.escape(phrase.text)}</div>')
        else:
            self.text_label.setTextFormat(Qt.TextFormat.PlainText)
            self.text_label.setText(phrase.text)
        rtl = phrase.direction == "rtl"
        self.text_label.setLayoutDirection(Qt.LayoutDirection.RightToLeft if rtl else Qt.LayoutDirection.LeftToRight)
        self.text_label.setAlignment((Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft)
                                     | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter)
        values = (
            (self.romanization_label, phrase.romanization),
            (self.pronunciation_label, _("Say it: {hint}").format(hint=phrase.pronunciation)
             if phrase.pronunciation else ""),
            (self.english_label, phrase.english),
            (self.register_label, register_label(phrase.register)),
            # Notes are English that may open with a quoted Arabic word: a left-to-right
            # mark keeps the paragraph reading left to right.
            (self.note_label, "\u200e" + phrase.note if phrase.note else ""),
            (self.local_label, _("Taiwan usage: {note}").format(note=phrase.local_usage) if phrase.local_usage else ""),
        )
        for label, text in values:
            label.setText(text or "")
            label.setVisible(bool(text))
        # Notes quote the language ("いらっしゃいませ"): its own face keeps Japanese Japanese.
        self.note_label.setFont(font_for_notes(font, self.font()) if font is not None else self.font())
        self.favourite_button.setText(_("★ Favourite") if favourite else _("☆ Favourite"))
        self.favourite_button.setToolTip(_("Remove from favourites") if favourite else _("Add to favourites"))

    def show_message(self, text: str) -> None:
        """A line under the buttons (e.g. that no voice exists, or that the phrase was copied)."""
        self.message_label.setText(text)


def register_label(register: str) -> str:
    """The display name of a phrase's register."""
    return {"formal": _("Formal"), "neutral": _("Neutral"), "informal": _("Informal")}.get(register, register)
