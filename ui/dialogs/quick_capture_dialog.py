"""QuickCaptureDialog: "Met at the booth" — a new contact in seconds, with the fair, today and a follow-up.

Five lines (name, company, email, phone, a note) and what the booth implies
already filled in: the fair running now, met today, the first follow-up after
the hours of the settings. Return saves (one write: the contact and its
follow-up together); Ctrl+Return saves and clears the form for the next
person in the queue. A badge's QR code can fill the form.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox, QWidget

from core.book.fields import DISPLAY_NAME, EMAILS, MET_EVENT_ID, MET_ON, NOTES, PHONES
from core.i18n import _
from ui import operations as op
from ui.dialogs.contact_dialogs import FormDialog
from ui.widgets.common import fit_to_screen, muted_label
from ui.widgets.form_fields import CompanyEdit, EventComboBox


def _entries(value) -> list[str]:
    """The values of a card's emails or phones (strings, or dicts with a value)."""
    return [entry.get("value", "") if isinstance(entry, dict) else str(entry) for entry in value or []]


class QuickCaptureDialog(FormDialog):
    """Met at the booth: name, company, email, phone and a note; the fair, today and a follow-up by default."""

    contact_captured = Signal(str, str)  # contact id, name: saved (the dialog may stay open for the next)

    def __init__(self, operations, parent: QWidget | None = None, *, follow_up_hours: int = 48,
                 badge_reader=None):
        super().__init__(_("Met at the booth"), parent, operations)
        self.setObjectName("quickCaptureDialog")
        self._badge_reader = badge_reader  # () -> ScannedCard | None (the window's QR dialog)
        self.captured: list[str] = []
        self._carried: dict = {}
        self._add_another = False

        intro = muted_label(_("Who you just met. Return saves; Ctrl+Return saves and starts the next one."),
                            wrap=True)
        self.body.addWidget(intro)
        form = self.new_form()
        self.body.addLayout(form)
        self.display_name = self.add_field(form, DISPLAY_NAME.name, _("Name"), QLineEdit())
        self.display_name.setPlaceholderText(_("As you say it, e.g. Zhang Wei"))
        self.company = self.add_field(form, "company", _("Company"), CompanyEdit(self._db))
        self.email = self.add_field(form, EMAILS.name, _("Email"), QLineEdit())
        self.email.setPlaceholderText(_("name@company.com"))
        self.phone = self.add_field(form, PHONES.name, _("Phone"), QLineEdit())
        self.phone.setPlaceholderText(_("+86 138 0013 8000"))
        self.note = self.add_field(form, NOTES.name, _("Note"), QLineEdit())
        self.note.setPlaceholderText(_("What they need, what you promised"))
        self.event = self.add_field(form, MET_EVENT_ID.name, _("Met at"), EventComboBox(self._db))

        follow_row = QHBoxLayout()
        self.follow_up_check = QCheckBox(_("Follow up in"))
        self.follow_up_check.setChecked(True)
        self.follow_up_hours = QSpinBox()
        self.follow_up_hours.setRange(1, 24 * 60)
        self.follow_up_hours.setValue(follow_up_hours)
        self.follow_up_hours.setSuffix(" " + _("hours"))
        self.follow_up_check.toggled.connect(self.follow_up_hours.setEnabled)
        follow_row.addWidget(self.follow_up_check)
        follow_row.addWidget(self.follow_up_hours)
        follow_row.addStretch(1)
        self.body.addLayout(follow_row)

        # After "Save and add another": who was saved, with a link to open them.
        self.saved_note = QLabel()
        self.saved_note.setObjectName("quickCaptureSaved")
        self.saved_note.setWordWrap(True)
        self.saved_note.hide()
        self.body.addWidget(self.saved_note)

        self.scan_button = QPushButton(_("Scan badge…"))
        self.scan_button.setObjectName("scanBadgeButton")
        self.scan_button.setToolTip(_("Fill the form from the QR code on a badge or business card"))
        self.scan_button.setAutoDefault(False)
        self.scan_button.clicked.connect(self.scan_badge)
        self.scan_button.setVisible(badge_reader is not None)
        self.footer.insertWidget(0, self.scan_button)
        self.another_button = self.buttons.addButton(_("Save and add another"),
                                                     QDialogButtonBox.ButtonRole.ActionRole)
        self.another_button.setObjectName("saveAnotherButton")
        self.another_button.setToolTip(_("Save, then clear the form for the next person (Ctrl+Return)"))
        self.another_button.setAutoDefault(False)  # Return is Save
        self.another_button.clicked.connect(self.save_and_add_another)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self.save_and_add_another)

        self._running_today = self._propose_booth_facts()
        self._pristine = self._snapshot()
        self.display_name.setFocus()
        fit_to_screen(self, 480, 460)

    # Defaults ----------------------------------------------------------------------------

    def _propose_booth_facts(self) -> str:
        """The fair running now (if any) and the day met there; return that day."""
        from core.book.events import find_running_event

        running = find_running_event(self._db)
        if running is not None:
            self.event.set_field_value(running["id"])
        return running["today"] if running else date.today().isoformat()

    def prefill(self, card) -> None:
        """Fill the form from a scanned badge (``core.exchange.qr.ScannedCard``); its other fields are kept."""
        fields = {k: v for k, v in card.fields.items() if not k.startswith("_")}
        self.display_name.setText(card.name)
        if card.company:
            self.company.setText(card.company)
        emails, phones = _entries(fields.pop(EMAILS.name, None)), _entries(fields.pop(PHONES.name, None))
        self.email.setText(emails[0] if emails else "")
        self.phone.setText(phones[0] if phones else "")
        fields.pop(DISPLAY_NAME.name, None)
        self._carried = {**fields, "_emails": emails[1:], "_phones": phones[1:]}

    def scan_badge(self) -> None:
        """Read a badge's QR code (the window's dialog) and fill the form from it."""
        card = self._badge_reader() if self._badge_reader is not None else None
        if card is not None:
            self.prefill(card)
            self.display_name.setFocus()

    # Saving --------------------------------------------------------------------------------

    def _snapshot(self) -> tuple:
        return tuple(w.text() for w in (self.display_name, self.company, self.email, self.phone, self.note))

    def has_changes(self) -> bool:
        """True when something was typed since the dialog opened (or since the last person was saved)."""
        return self._snapshot() != self._pristine

    def confirm_discard(self) -> bool:
        """Ask before throwing typed work away (Esc is easy to hit at a busy booth)."""
        from PySide6.QtWidgets import QMessageBox

        return QMessageBox.question(
            self, _("Discard changes?"), _("Close without saving? What you typed for this contact will be lost."),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel) == QMessageBox.StandardButton.Discard

    def reject(self) -> None:
        if self.has_changes() and not self.confirm_discard():
            return
        super().reject()

    def fields(self) -> dict:
        """What ``add_contact`` gets: the typed fields, the fair, the day and what a scanned card carried."""
        carried = dict(self._carried)
        emails = [e for e in [self.email.text().strip(), *carried.pop("_emails", [])] if e]
        phones = [p for p in [self.phone.text().strip(), *carried.pop("_phones", [])] if p]
        fields = {**carried, DISPLAY_NAME.name: self.display_name.text().strip(),
                  MET_EVENT_ID.name: self.event.field_value(), MET_ON.name: self._running_today}
        if emails:
            fields[EMAILS.name] = emails
        if phones:
            fields[PHONES.name] = phones
        if self.note.text().strip():
            fields[NOTES.name] = self.note.text().strip()
        return {key: value for key, value in fields.items() if value not in (None, "")}

    def save(self) -> None:
        """One write: the contact, met at the fair today, and its first follow-up."""
        hours = self.follow_up_hours.value() if self.follow_up_check.isChecked() else None
        name = self.display_name.text().strip()
        company = self.company.text().strip() or None
        self.save_button.setEnabled(False)
        self.another_button.setEnabled(False)
        another = self._add_another  # the write may finish after this returns
        self._ops.run(op.add_contact, company=company, follow_up_hours=hours, **self.fields(),
                      on_done=lambda contact_id: self._saved(contact_id, name, another), on_error=self._refused,
                      toast=True)

    def save_and_add_another(self) -> None:
        """Save, then clear the form for the next person (the dialog stays open)."""
        self._add_another = True
        self.accept()
        self._add_another = False

    def _refused(self, exc: BaseException) -> None:
        self.another_button.setEnabled(True)
        super()._refused(exc)

    def _saved(self, contact_id: str, name: str, another: bool) -> None:
        self.saved_id = contact_id
        self.captured.append(contact_id)
        self.contact_captured.emit(contact_id, name)
        self.save_button.setEnabled(True)
        self.another_button.setEnabled(True)
        if not another:
            QDialog.accept(self)
            return
        for edit in (self.display_name, self.company, self.email, self.phone, self.note):
            edit.clear()
        self._carried = {}
        self.saved_note.setText(_("Saved {name}. Next person:").format(name=name))
        self.saved_note.show()
        self._pristine = self._snapshot()
        self.display_name.setFocus()
