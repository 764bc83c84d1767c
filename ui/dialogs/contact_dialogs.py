"""FormDialog, the base of every dialog that writes, and ContactDialog (add or edit a person).

Every dialog submits one core write on Save, through the operation runner.
When core refuses (``InvalidContact`` or ``ValidationError``), each message
appears in red right under its field and nothing is written; the dialog
stays open. The dialogs for a contact's history are in ``activity_dialogs``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QFrame, QHBoxLayout, QLabel,
                               QLineEdit, QMessageBox, QPlainTextEdit, QScrollArea, QSpinBox, QTabWidget,
                               QVBoxLayout, QWidget)

from core.i18n import N_, _
from core.book.validation import ValidationError
from ui import operations as op
from ui.widgets.form_fields import (ContactPickerEdit, CountryComboBox, OptionalDateField,
                            TimeZoneComboBox, split_entries)
from ui.style import DANGER, repolish
from ui.widgets.common import ScrollSafeComboBox, muted_label


def error_dot_icon() -> QIcon:
    """A small red dot that marks a tab holding a field with an error."""
    pixmap = QPixmap(12, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(DANGER))
    painter.drawEllipse(2, 2, 8, 8)
    painter.end()
    return QIcon(pixmap)


def _sentence(message: str) -> str:
    # Core messages are lower-case fragments ("a contact needs a name").
    return message[:1].upper() + message[1:] if message else message


class FormDialog(QDialog):
    """A dialog of labelled fields with a red error line under each, and Save/Cancel.

    Subclasses build their fields with ``add_field`` and implement ``save()``,
    which ``submit``s one core write through the operation runner (*operations*).
    When core refuses it (``ValidationError``), the errors are shown inline
    and the dialog stays open; on success it closes.
    """

    def __init__(self, title: str, parent: QWidget | None = None, operations=None):
        super().__init__(parent)
        self._ops = operations
        self._db = operations.db if operations is not None else None
        self.setWindowTitle(title)
        self.setModal(True)
        self._errors: dict[str, QLabel] = {}
        self._inputs: dict[str, QWidget] = {}
        self._field_tabs: dict[str, int] = {}
        self._tabs: QTabWidget | None = None
        self.saved_id: str | None = None

        self.outer = QVBoxLayout(self)
        self.outer.setContentsMargins(20, 18, 20, 16)
        self.outer.setSpacing(12)
        heading = QLabel(title)
        heading.setObjectName("pageTitle")
        self.outer.addWidget(heading)
        self.body = QVBoxLayout()
        self.outer.addLayout(self.body, 1)
        self.general_error = QLabel()
        self.general_error.setProperty("role", "error")
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        self.outer.addWidget(self.general_error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setProperty("role", "primary")
        self.save_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.footer = QHBoxLayout()
        self.footer.addStretch(1)
        self.footer.addWidget(self.buttons)
        self.outer.addLayout(self.footer)

    # Building ------------------------------------------------------------------

    def new_form(self) -> QFormLayout:
        """A form layout with Fairmate's spacing."""
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.setFormAlignment(Qt.AlignmentFlag.AlignTop)
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(8)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        return form

    def add_field(self, form: QFormLayout, field: str, label: str, widget: QWidget,
                  hint: str = "", aliases: tuple[str, ...] = (), tab: int | None = None) -> QWidget:
        """Add a labelled input with its (hidden) error line; *aliases* are other core field names."""
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(3)
        column.addWidget(widget)
        if hint:
            column.addWidget(muted_label(hint, wrap=True))
        error = QLabel()
        error.setObjectName(f"error_{field}")
        error.setProperty("role", "error")
        error.setWordWrap(True)
        error.hide()
        column.addWidget(error)
        form.addRow(label, box)
        for name in (field, *aliases):
            self._errors[name] = error
            self._inputs[name] = widget
            if tab is not None:
                self._field_tabs[name] = tab
        return widget

    def error_label(self, field: str) -> QLabel:
        """The red line under *field* (tests read it)."""
        return self._errors[field]

    # Errors ----------------------------------------------------------------------

    def clear_errors(self) -> None:
        """Hide every error line."""
        for field, label in self._errors.items():
            label.clear()
            label.hide()
            widget = self._inputs[field]
            if widget.property("invalid"):
                widget.setProperty("invalid", False)
                repolish(widget)
        self.general_error.clear()
        self.general_error.hide()
        if self._tabs is not None:
            for index in range(self._tabs.count()):
                self._tabs.setTabIcon(index, QIcon())

    def show_errors(self, errors: dict[str, str]) -> None:
        """Show each message under its field (unknown fields under the form)."""
        self.clear_errors()
        general = []
        first_widget = None
        first_tab = None
        for field, message in errors.items():
            label = self._errors.get(field)
            if label is None:
                general.append(_sentence(message))
                continue
            label.setText(_sentence(message))
            label.show()
            widget = self._inputs[field]
            widget.setProperty("invalid", True)
            repolish(widget)
            tab = self._field_tabs.get(field)
            if self._tabs is not None and tab is not None:
                # Errors on a hidden tab must still be findable: its title gets a red dot.
                self._tabs.setTabIcon(tab, error_dot_icon())
            if first_widget is None:
                first_widget = widget
                first_tab = tab
        if general:
            self.general_error.setText("\n".join(general))
            self.general_error.show()
        if self._tabs is not None and first_tab is not None:
            self._tabs.setCurrentIndex(first_tab)
        if first_widget is not None:
            first_widget.setFocus()

    # Saving -----------------------------------------------------------------------

    def save(self) -> None:
        """Check what core cannot, then ``submit`` the write. Raise ValidationError when refused here."""
        raise NotImplementedError

    def submit(self, write, *args, label: str, saved_id: str | None = None, then=None, **kwargs) -> None:
        """Run *write* through the operation runner; close on success, show core's refusal inline.

        ``saved_id`` is what the dialog reports as saved (default: the write's value);
        ``then(value)`` runs on success before the dialog closes.
        """
        self.save_button.setEnabled(False)

        def saved(value) -> None:
            self.saved_id = saved_id if saved_id is not None else value
            if then is not None:
                then(value)
            QDialog.accept(self)

        self._ops.run(write, *args, label=label, on_done=saved, on_error=self._refused, **kwargs)

    def _refused(self, exc: BaseException) -> None:
        from ui.operations import describe_failure

        self.save_button.setEnabled(True)
        if isinstance(exc, ValidationError):
            self.show_errors(exc.by_field() if hasattr(exc, "by_field") else {exc.field: exc.message})
        else:
            self.show_errors({"": describe_failure(exc)})

    def accept(self) -> None:
        self.clear_errors()
        try:
            self.save()
        except ValidationError as exc:
            self._refused(exc)


# Card fields a prefilled contact keeps without showing them (see ContactDialog.prefill).
_CARRIED_FIELDS = ("addresses", "urls", "birthday", "geo", "extras", "photo")


class ContactDialog(FormDialog):
    """Add a contact, or edit one: every field of a person, checked by core on Save."""

    def __init__(self, operations, parent: QWidget | None = None, contact_id: str | None = None,
                 follow_up_hours: int = 48):
        super().__init__(_("Edit contact") if contact_id else _("New contact"), parent, operations)
        self.setObjectName("contactDialog")
        self.contact_id = contact_id
        self._original: dict | None = None
        self._carried: dict = {}  # fields of a prefilled card that have no input here
        self._zone_touched = False
        self.resize(660, 640)

        self._tabs = QTabWidget()
        self.body.addWidget(self._tabs)
        self._build_person_tab()
        self._build_reach_tab()
        self._build_meeting_tab()
        self._build_notes_tab()

        self.follow_up_check = QCheckBox(_("Follow up in"))
        self.follow_up_hours = QSpinBox()
        self.follow_up_hours.setRange(1, 24 * 60)
        self.follow_up_hours.setValue(follow_up_hours)
        self.follow_up_hours.setSuffix(" " + _("hours"))
        self.follow_up_check.setChecked(True)
        self.follow_up_check.toggled.connect(self.follow_up_hours.setEnabled)
        if contact_id is None:
            self.footer.insertWidget(0, self.follow_up_check)
            self.footer.insertWidget(1, self.follow_up_hours)
        else:
            self.follow_up_check.setChecked(False)
            self.follow_up_check.hide()
            self.follow_up_hours.hide()

        if contact_id is not None:
            self._load(contact_id)
        self.display_name.setFocus()
        self._pristine = self._snapshot()

    def _snapshot(self) -> tuple:
        return self.fields(), self.company.text()

    def has_changes(self) -> bool:
        """True when something was typed or changed since the dialog opened."""
        return self._snapshot() != self._pristine

    def confirm_discard(self) -> bool:
        """Ask before throwing typed work away (Esc and Cancel are easy to hit at a busy booth)."""
        answer = QMessageBox.question(
            self, _("Discard changes?"),
            _("Close without saving? What you typed for this contact will be lost."),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Discard

    def reject(self) -> None:
        if self.has_changes() and not self.confirm_discard():
            return
        super().reject()

    # Tabs ---------------------------------------------------------------------------

    def _tab(self, title: str) -> tuple[QFormLayout, int]:
        page = QWidget()
        column = QVBoxLayout(page)
        column.setContentsMargins(16, 16, 16, 16)
        form = self.new_form()
        column.addLayout(form)
        column.addStretch(1)  # spare height goes below the fields, not between them
        # Error lines make a tab taller; it scrolls rather than squeezing its fields.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(page)
        # A literal "&" in a tab title would otherwise become a keyboard mnemonic.
        return form, self._tabs.addTab(scroll, title.replace("&", "&&"))

    def _build_person_tab(self) -> None:
        form, tab = self._tab(_("Person"))
        self.display_name = self.add_field(form, "display_name", _("Name"), QLineEdit(), tab=tab)
        self.display_name.setPlaceholderText(_("As you say it, e.g. Zhang Wei"))
        self.given_name = self.add_field(form, "given_name", _("Given name"), QLineEdit(), tab=tab)
        self.family_name = self.add_field(form, "family_name", _("Family name"), QLineEdit(), tab=tab)
        self.native_name = self.add_field(form, "native_name", _("Native script"), QLineEdit(), tab=tab)
        self.native_name.setPlaceholderText(_("e.g. 张伟, 田中 太郎, محمد"))
        self.native_reading = self.add_field(form, "native_reading", _("Reading (kana)"),
                                             QLineEdit(), tab=tab)
        self.native_reading.setPlaceholderText(_("e.g. たなか たろう"))
        self.romanized_name = self.add_field(form, "romanized_name", _("Romanized"), QLineEdit(),
                                             tab=tab)
        self.form_of_address = self.add_field(form, "form_of_address", _("Address as"),
                                              QLineEdit(), tab=tab)
        self.form_of_address.setPlaceholderText(_("e.g. Herr Dr. Weber, Tanaka-san"))
        self.job_title = self.add_field(form, "job_title", _("Job title"), QLineEdit(), tab=tab)
        self.company = self.add_field(form, "company", _("Company"), QLineEdit(), tab=tab,
                                      aliases=("company_id",))
        from PySide6.QtWidgets import QCompleter

        from core.book.contacts import list_companies

        completer = QCompleter([c["name"] for c in list_companies(self._db)], self.company)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.company.setCompleter(completer)

    def _build_reach_tab(self) -> None:
        form, tab = self._tab(_("Reach"))
        self.emails = self.add_field(form, "emails", _("Emails"), self._small_text(), tab=tab,
                                     hint=_("One per line"))
        self.phones = self.add_field(form, "phones", _("Phones"), self._small_text(), tab=tab,
                                     hint=_("One per line; a local number is read in the chosen country, "
                                            "otherwise start with + and the country code"))
        self.country = self.add_field(form, "country", _("Country"), CountryComboBox(), tab=tab)
        self.city = self.add_field(form, "city", _("City"), QLineEdit(), tab=tab)
        self.time_zone = self.add_field(form, "time_zone", _("Time zone"), TimeZoneComboBox(),
                                        tab=tab)
        self.languages = self.add_field(form, "languages", _("Languages"), QLineEdit(), tab=tab)
        self.languages.setPlaceholderText(_("e.g. zh, en  or  Chinese, English"))
        self.tags = self.add_field(form, "tags", _("Tags"), QLineEdit(), tab=tab)
        self.tags.setPlaceholderText(_("e.g. distributor, LED, priority"))
        self.country.currentIndexChanged.connect(self._suggest_time_zone)
        self.time_zone.lineEdit().textEdited.connect(self._mark_zone_touched)

    def _build_meeting_tab(self) -> None:
        from core.book.events import list_events

        form, tab = self._tab(_("How we met"))
        self.met_event = self.add_field(form, "met_event_id", _("Met at"), ScrollSafeComboBox(), tab=tab)
        self.met_event.addItem(_("— no event —"), "")
        for event in list_events(self._db):
            place = ", ".join(p for p in (event.get("city"), (event.get("starts_on") or "")[:4]) if p)
            self.met_event.addItem(f"{event['name']} ({place})" if place else event["name"],
                                   event["id"])
        self.met_booth = self.add_field(form, "met_booth", _("Booth"), QLineEdit(), tab=tab)
        self.met_on = self.add_field(form, "met_on", _("Met on"),
                                     OptionalDateField(_("Date")), tab=tab)
        self.introducer = self.add_field(form, "introduced_by_contact_id", _("Introduced by"),
                                         ContactPickerEdit(self._db, exclude_id=self.contact_id),
                                         tab=tab, hint=_("A contact who introduced you"))
        self.introducer_org = self.add_field(form, "introduced_by_org", _("…or organization"),
                                             QLineEdit(), tab=tab)
        self.introducer_org.setPlaceholderText(_("e.g. German Chamber of Commerce, a freight forwarder"))
        self.trust_path = self.add_field(form, "trust_path", _("Trust path"), ScrollSafeComboBox(),
                                        tab=tab)
        self.trust_path.addItem(_("Direct: we built it ourselves"), "direct")
        self.trust_path.addItem(_("Via an intermediary: introduced or referred"), "intermediary")
        self.introducer.contact_chosen.connect(self._prefer_intermediary)
        self.introducer_org.textEdited.connect(self._prefer_intermediary)

    def _build_notes_tab(self) -> None:
        form, tab = self._tab(_("Notes & consent"))
        self.notes = self.add_field(form, "notes", _("Notes"), QPlainTextEdit(), tab=tab)
        self.notes.setMinimumHeight(120)
        self.consent_at = self.add_field(form, "consent_given_at", _("Consent"),
                                         OptionalDateField(_("Agreed to be contacted on"),
                                                           with_time=True), tab=tab)
        self.consent_method = self.add_field(form, "consent_method", _("How"), QLineEdit(), tab=tab)
        self.consent_method.setPlaceholderText(_("e.g. handed over a business card, badge scan"))
        self.consent_note = self.add_field(form, "consent_note", _("Consent note"), QLineEdit(),
                                           tab=tab)

    @staticmethod
    def _small_text() -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setTabChangesFocus(True)
        edit.setFixedHeight(64)
        return edit

    # Behaviour ------------------------------------------------------------------------

    def _mark_zone_touched(self, _text: str) -> None:
        self._zone_touched = True

    def _suggest_time_zone(self, _index: int) -> None:
        if self._zone_touched:
            return
        from core.book.validation import default_time_zone

        self.time_zone.set_zone(default_time_zone(self.country.code() or None) or "")

    def _prefer_intermediary(self, *_args) -> None:
        self.trust_path.setCurrentIndex(self.trust_path.findData("intermediary"))

    def _load(self, contact_id: str) -> None:
        from core.book.contacts import get_contact

        contact = get_contact(self._db, contact_id)
        if contact is None:
            raise KeyError(_("Contact {id} not found").format(id=contact_id))
        self._original = contact
        for name, edit in self._line_edits().items():
            edit.setText(contact.get(name) or "")
        self.company.setText((contact.get("company") or {}).get("name", ""))
        self.emails.setPlainText("\n".join(e["value"] for e in contact["emails"]))
        self.phones.setPlainText("\n".join(p.get("display") or p["value"] for p in contact["phones"]))
        self.country.set_code(contact.get("country"))
        self.time_zone.set_zone(contact.get("time_zone"))
        self._zone_touched = bool(contact.get("time_zone"))
        self.languages.setText(", ".join(contact["languages"]))
        self.tags.setText(", ".join(contact["tags"]))
        self.notes.setPlainText(contact.get("notes") or "")
        index = self.met_event.findData(contact.get("met_event_id") or "")
        self.met_event.setCurrentIndex(max(index, 0))
        self.met_on.set_value(contact.get("met_on"))
        introducer = contact.get("introduced_by")
        if introducer:
            self.introducer.set_contact(introducer["id"], introducer["display_name"])
        self.trust_path.setCurrentIndex(max(self.trust_path.findData(contact.get("trust_path")), 0))
        self.consent_at.set_value(contact.get("consent_given_at"))

    def _line_edits(self) -> dict[str, QLineEdit]:
        return {"display_name": self.display_name, "given_name": self.given_name,
                "family_name": self.family_name, "native_name": self.native_name,
                "native_reading": self.native_reading, "romanized_name": self.romanized_name,
                "form_of_address": self.form_of_address, "job_title": self.job_title,
                "city": self.city, "met_booth": self.met_booth,
                "introduced_by_org": self.introducer_org,
                "consent_method": self.consent_method, "consent_note": self.consent_note}

    def prefill(self, fields: dict, company: str | None = None) -> None:
        """Fill a new contact's form from a card read elsewhere (a QR code, a vCard).

        Fields the form has no input for (addresses, websites, birthday…) are
        kept and saved with the contact, so nothing on the card is lost.
        """
        edits = self._line_edits()
        for name, edit in edits.items():
            if fields.get(name):
                edit.setText(str(fields[name]))
        self.company.setText(company or "")
        entries = {key: [e if isinstance(e, dict) else {"value": e} for e in fields.get(key) or []]
                   for key in ("emails", "phones")}
        self._original = entries  # keeps the card's labels (work, mobile)
        self.emails.setPlainText("\n".join(e["value"] for e in entries["emails"]))
        self.phones.setPlainText("\n".join(e["value"] for e in entries["phones"]))
        if fields.get("country"):
            self.country.set_code(fields["country"])
        if fields.get("time_zone"):
            self.time_zone.set_zone(fields["time_zone"])
        self.languages.setText(", ".join(fields.get("languages") or []))
        self.tags.setText(", ".join(fields.get("tags") or []))
        if fields.get("notes"):
            self.notes.setPlainText(fields["notes"])
        shown = set(edits) | {"emails", "phones", "country", "time_zone", "languages", "tags", "notes"}
        self._carried = {k: v for k, v in fields.items()
                         if k not in shown and k in _CARRIED_FIELDS and v not in (None, "", [])}

    def _entries(self, text: str, original: list[dict]) -> list[dict]:
        # Keep labels ("work", "mobile") that came from an imported card.
        labels = {}
        for entry in original:
            labels[entry["value"]] = entry.get("label") or ""
            if entry.get("display"):
                labels[entry["display"]] = entry.get("label") or ""
        return [{"value": value, "label": labels.get(value, "")}
                for value in split_entries(text, "\n,;")]

    def fields(self) -> dict:
        """The contact fields as core expects them (everything but the company name)."""
        original = self._original or {"emails": [], "phones": []}
        met_on = self.met_on.value()
        consent = self.consent_at.value()
        return {**self._carried,
            "display_name": self.display_name.text(),
            "given_name": self.given_name.text(),
            "family_name": self.family_name.text(),
            "native_name": self.native_name.text(),
            "native_reading": self.native_reading.text(),
            "romanized_name": self.romanized_name.text(),
            "form_of_address": self.form_of_address.text(),
            "job_title": self.job_title.text(),
            "emails": self._entries(self.emails.toPlainText(), original["emails"]),
            "phones": self._entries(self.phones.toPlainText(), original["phones"]),
            "country": self.country.code(),
            "city": self.city.text(),
            "time_zone": self.time_zone.zone(),
            "languages": split_entries(self.languages.text(), ",;"),
            "tags": split_entries(self.tags.text(), ",;"),
            "notes": self.notes.toPlainText(),
            "met_event_id": self.met_event.currentData() or None,
            "met_booth": self.met_booth.text(),
            "met_on": met_on.isoformat() if met_on else "",
            "introduced_by_contact_id": self.introducer.contact_id(),
            "introduced_by_org": self.introducer_org.text(),
            "trust_path": self.trust_path.currentData(),
            "consent_given_at": consent.replace(microsecond=0).isoformat() if consent else "",
            "consent_method": self.consent_method.text(),
            "consent_note": self.consent_note.text(),
        }

    def save(self) -> None:
        fields = self.fields()
        if self.introducer.text().strip() and not fields["introduced_by_contact_id"]:
            raise ValidationError("introduced_by_contact_id",
                                  _("choose the introducer from the list, or clear the field"))
        company = self.company.text().strip()
        if self.contact_id is None:
            hours = self.follow_up_hours.value() if self.follow_up_check.isChecked() else None
            self.submit(op.add_contact, company=company or None, follow_up_hours=hours,
                        label=N_("Add contact"), **fields)
        else:
            self.submit(op.update_contact, self.contact_id, company=company, label=N_("Edit contact"),
                        saved_id=self.contact_id, toast=True, **fields)
