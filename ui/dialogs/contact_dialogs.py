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
                               QMessageBox, QScrollArea, QSpinBox, QTabWidget,
                               QVBoxLayout, QWidget)

from core.i18n import _
from core.book.validation import ValidationError
from ui import operations as op
from core.book.fields import (COMPANY_ID, CONTACT_FIELDS, INTRODUCED_BY_CONTACT_ID, MET_EVENT_ID, MET_ON,
                              TIME_ZONE_FIELD, get_field)
from ui.contact_layout import (MULTILINE, choice_texts, form_sections, hint_text, placeholder_text,
                               resolved_key)
from ui.widgets.form_fields import field_editor
from ui.style import DANGER, repolish
from ui.widgets.common import muted_label, fit_to_screen


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
        # Parented at once: setDefault() only registers Save as the dialog's default while the button's
        # window is the dialog; otherwise Return does nothing once Save has had the focus and lost it.
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel, self)
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

    def scroll_body(self) -> QScrollArea:
        """Put the fields that come next in a scroll area: on a small screen Save and Cancel stay in view."""
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 6, 0)  # room beside the scroll bar
        layout.setSpacing(self.body.spacing())
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(page)
        self.body.addWidget(scroll)
        self.body = layout
        return scroll

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

    def submit(self, write, *args, label: str = "", saved_id: str | None = None, then=None, **kwargs) -> None:
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


class ContactDialog(FormDialog):
    """Add a contact, or edit one: every field of a person, checked by core on Save."""

    def __init__(self, operations, parent: QWidget | None = None, contact_id: str | None = None,
                 follow_up_hours: int = 48):
        super().__init__(_("Edit contact") if contact_id else _("New contact"), parent, operations)
        self.setObjectName("contactDialog")
        self.contact_id = contact_id
        self._carried: dict = {}  # fields of a prefilled card that have no input here
        self._zone_touched = False
        fit_to_screen(self, 660, 640)  # or less: the screen it opens on

        self._tabs = QTabWidget()
        self.body.addWidget(self._tabs)
        self.editors: dict[str, QWidget] = {}  # field name -> its input (ui.widgets.form_fields)
        for title, members in form_sections():
            self._build_tab(title, members)
        # Older names of two inputs (tests and the card readers use them).
        self.company = self.editors[COMPANY_ID.name]
        self.introducer = self.editors[INTRODUCED_BY_CONTACT_ID.name]
        self.country.currentIndexChanged.connect(self._suggest_time_zone)
        self.time_zone.lineEdit().textEdited.connect(self._mark_zone_touched)
        self.introducer.contact_chosen.connect(self._prefer_intermediary)
        self.introduced_by_org.textEdited.connect(self._prefer_intermediary)

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
        else:
            self._propose_meeting_facts()
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

    def _build_tab(self, title: str, members: list) -> None:
        """One tab of inputs, each made by its field's type (fields without one are carried)."""
        editors = [(field, field_editor(field, self._db, placeholder=placeholder_text(field),
                                        multiline=field in MULTILINE, choices=choice_texts(field),
                                        exclude_contact_id=self.contact_id)) for field in members]
        editors = [(field, editor) for field, editor in editors if editor is not None]
        if not editors:
            return  # only fields typed nowhere (addresses, photo): no empty tab
        form, tab = self._tab(title)
        for field, editor in editors:
            editor.setObjectName(f"field_{field.name}")
            aliases = ("company",) if field is COMPANY_ID else ()  # core names the company so
            self.add_field(form, field.name, field.display_label(), editor, hint=hint_text(field),
                           aliases=aliases, tab=tab)
            self.editors[field.name] = editor
            if not hasattr(self, field.name):  # dialog.emails, dialog.country…
                setattr(self, field.name, editor)

    # Behaviour ------------------------------------------------------------------------

    def _mark_zone_touched(self, _text: str) -> None:
        self._zone_touched = True

    def _suggest_time_zone(self, _index: int) -> None:
        if self._zone_touched:
            return
        from core.book.validation import default_time_zone

        self.time_zone.set_zone(default_time_zone(self.country.code() or None) or "")

    def _propose_meeting_facts(self) -> None:
        # At the booth the new contact was met today, at the fair that is running (if one is).
        from datetime import date

        from core.book.events import find_running_event

        running = find_running_event(self._db)
        if running is not None:
            self.editors[MET_EVENT_ID.name].set_field_value(running["id"])
        self.editors[MET_ON.name].set_field_value(running["today"] if running else date.today().isoformat())

    def _prefer_intermediary(self, *_args) -> None:
        self.trust_path.set_field_value("intermediary")

    def _load(self, contact_id: str) -> None:
        from core.book.contacts import get_contact

        contact = get_contact(self._db, contact_id)
        if contact is None:
            raise KeyError(_("Contact {id} not found").format(id=contact_id))
        for name, editor in self.editors.items():
            editor.set_field_value(contact.get(name), contact.get(resolved_key(get_field(name))))
        self._zone_touched = bool(contact.get(TIME_ZONE_FIELD.name))

    def prefill(self, fields: dict, company: str | None = None) -> None:
        """Fill a new contact's form from a card read elsewhere (a QR code, a vCard).

        Fields the form has no input for (addresses, kept card properties…) are
        kept and saved with the contact, so nothing on the card is lost.
        """
        for name, editor in self.editors.items():
            if fields.get(name) not in (None, "", []):
                editor.set_field_value(fields[name])
        self.company.setText(company or "")
        self._carried = {k: v for k, v in fields.items()
                         if k not in self.editors and k in CONTACT_FIELDS and v not in (None, "", [])}

    def fields(self) -> dict:
        """The contact fields as core expects them (everything but the company name)."""
        return {**self._carried, **{name: editor.field_value() for name, editor in self.editors.items()
                                    if editor is not self.company}}

    def save(self) -> None:
        for name, editor in self.editors.items():
            if getattr(editor, "unresolved", lambda: False)():
                raise ValidationError(name, _("choose the introducer from the list, or clear the field"))
        fields = self.fields()
        company = self.company.field_value().strip()
        if self.contact_id is None:
            hours = self.follow_up_hours.value() if self.follow_up_check.isChecked() else None
            self.submit(op.add_contact, company=company or None, follow_up_hours=hours, **fields)
        else:
            self.submit(op.update_contact, self.contact_id, company=company,
                        saved_id=self.contact_id, toast=True, **fields)
