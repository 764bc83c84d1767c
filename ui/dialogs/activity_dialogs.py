"""Dialogs that add to a contact's history: log an interaction, a promise, a follow-up, a meeting.

Each is a ``FormDialog``: Save submits one core write through the operation
runner, and core's refusals appear in red under their fields.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (QButtonGroup, QComboBox, QDateTimeEdit, QHBoxLayout, QLineEdit, QPlainTextEdit,
                               QPushButton, QRadioButton, QSpinBox, QWidget)

from core.book.fields import MET_EVENT_ID, TIME_ZONE_FIELD
from core.i18n import _
from ui import operations as op
from ui.dialogs.contact_dialogs import FormDialog
from ui.widgets.common import muted_label
from ui.widgets.form_fields import OptionalDateField, TimeZoneComboBox


class InteractionDialog(FormDialog):
    """Log a meeting, call, email, message or note with a contact."""

    def __init__(self, operations, contact_id: str, parent: QWidget | None = None):
        super().__init__(_("Log interaction"), parent, operations)
        from core.book.activity import INTERACTION_KINDS, interaction_kind_label

        self.contact_id = contact_id
        form = self.new_form()
        self.body.addLayout(form)
        self.kind = self.add_field(form, "kind", _("Kind"), QComboBox())
        for kind in INTERACTION_KINDS:
            self.kind.addItem(interaction_kind_label(kind), kind)
        self.occurred_at = self.add_field(form, "occurred_at", _("When"), QDateTimeEdit())
        self.occurred_at.setCalendarPopup(True)
        self.occurred_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.occurred_at.setDateTime(QDateTime.currentDateTime())
        self.place = self.add_field(form, "place", _("Place"), QLineEdit())
        self.place.setPlaceholderText(_("e.g. Hall 4, booth B12"))
        self.summary = self.add_field(form, "summary", _("What happened"), QPlainTextEdit())
        self.summary.setPlaceholderText(_("What was discussed, agreed, asked…"))
        self.summary.setMinimumHeight(110)
        self.resize(520, 380)
        self.summary.setFocus()

    def save(self) -> None:
        self.submit(op.log_interaction, self.contact_id,
                    kind=self.kind.currentData(), summary=self.summary.toPlainText(),
                    occurred_at=self.occurred_at.dateTime().toPython().astimezone(),
                    place=self.place.text().strip() or None)


class CommitmentDialog(FormDialog):
    """Record a promise, ours or theirs, with a due date."""

    def __init__(self, operations, contact_id: str, parent: QWidget | None = None):
        super().__init__(_("Add promise"), parent, operations)
        self.contact_id = contact_id
        form = self.new_form()
        self.body.addLayout(form)
        sides = QWidget()
        row = QHBoxLayout(sides)
        row.setContentsMargins(0, 0, 0, 0)
        self.ours = QRadioButton(_("We promised"))
        self.theirs = QRadioButton(_("They promised"))
        self.ours.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.ours)
        group.addButton(self.theirs)
        row.addWidget(self.ours)
        row.addWidget(self.theirs)
        row.addStretch(1)
        self.add_field(form, "owed_by", _("Who"), sides)
        self.description = self.add_field(form, "description", _("Promise"), QLineEdit())
        self.description.setPlaceholderText(_("e.g. send samples, send the CE certificate"))
        self.due_on = self.add_field(form, "due_on", _("Due"), OptionalDateField(_("By"), checked=True))
        self.due_on.editor.setDate(self.due_on.editor.date().addDays(7))
        self.owner = self.add_field(form, "owner", _("Owner"), QLineEdit())
        self.owner.setPlaceholderText(_("Who takes care of it (optional)"))
        self.resize(480, 300)
        self.description.setFocus()

    def owed_by(self) -> str:
        """``'us'`` or ``'them'``."""
        return "us" if self.ours.isChecked() else "them"

    def save(self) -> None:
        self.submit(op.add_commitment, self.contact_id,
                    description=self.description.text(), owed_by=self.owed_by(), due_on=self.due_on.value(),
                    owner=self.owner.text().strip() or None)


class FollowUpDialog(FormDialog):
    """Plan when to get back to a contact."""

    def __init__(self, operations, contact_id: str, parent: QWidget | None = None,
                 default_hours: int = 48):
        super().__init__(_("Set follow-up"), parent, operations)
        self.contact_id = contact_id
        form = self.new_form()
        self.body.addLayout(form)
        self.due_at = self.add_field(form, "due_at", _("When"), QDateTimeEdit())
        self.due_at.setCalendarPopup(True)
        self.due_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.set_hours_from_now(default_hours)
        quick = QWidget()
        row = QHBoxLayout(quick)
        row.setContentsMargins(0, 0, 0, 0)
        for label, hours in ((_("In 24 h"), 24), (_("In 48 h"), 48), (_("In a week"), 24 * 7)):
            button = QPushButton(label)
            button.setProperty("role", "small")
            button.setAutoDefault(False)
            button.clicked.connect(lambda _checked=False, h=hours: self.set_hours_from_now(h))
            row.addWidget(button)
        row.addStretch(1)
        form.addRow("", quick)
        self.reason = self.add_field(form, "reason", _("Why"), QLineEdit())
        self.reason.setPlaceholderText(_("e.g. send the price list we talked about"))
        self.resize(460, 240)

    def set_hours_from_now(self, hours: int) -> None:
        """Put the due time *hours* from now."""
        self.due_at.setDateTime(QDateTime.currentDateTime().addSecs(hours * 3600))

    def save(self) -> None:
        self.submit(op.schedule_follow_up, self.contact_id,
                    due_at=self.due_at.dateTime().toPython().astimezone(),
                    reason=self.reason.text().strip() or None)


class MeetingDialog(FormDialog):
    """Plan a meeting at a fair, in the fair's own time zone."""

    def __init__(self, operations, contact_id: str, parent: QWidget | None = None,
                 home_time_zone: str = "UTC"):
        super().__init__(_("Plan meeting"), parent, operations)
        from core.book.contacts import get_contact
        from core.book.events import find_running_event, list_events

        db = self._db
        self.contact_id = contact_id
        self._home = home_time_zone
        contact = get_contact(db, contact_id) or {}
        form = self.new_form()
        self.body.addLayout(form)
        self.event = self.add_field(form, "event_id", _("Event"), QComboBox())
        self.event.addItem(_("— no event —"), "")
        self._event_zones = {"": None}
        for event in list_events(db):
            self.event.addItem(event["name"], event["id"])
            self._event_zones[event["id"]] = event.get("time_zone")
        self.time_zone = self.add_field(form, "time_zone", _("Time zone"), TimeZoneComboBox(),
                                        hint=_("The fair's local time zone"))
        self.starts_at = self.add_field(form, "starts_at", _("Starts"), QDateTimeEdit())
        self.starts_at.setCalendarPopup(True)
        self.starts_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.home_hint = muted_label()
        form.addRow("", self.home_hint)
        self.duration = self.add_field(form, "duration_minutes", _("Duration"), QSpinBox())
        self.duration.setRange(5, 600)
        self.duration.setSingleStep(15)
        self.duration.setValue(30)
        self.duration.setSuffix(" " + _("min"))
        self.place = self.add_field(form, "place", _("Place"), QLineEdit())
        self.place.setPlaceholderText(_("e.g. Hall 4.2, booth C31"))
        self.agenda = self.add_field(form, "agenda", _("Agenda"), QPlainTextEdit())
        self.agenda.setFixedHeight(80)

        # The fair running now comes first: a meeting planned at the booth is at this fair.
        running = find_running_event(db)
        event_id = (running or {}).get("id") or contact.get(MET_EVENT_ID.name) or ""
        self.event.setCurrentIndex(max(self.event.findData(event_id), 0))
        zone = self._event_zones.get(event_id) or contact.get(TIME_ZONE_FIELD.name) or home_time_zone
        self.time_zone.set_zone(zone)
        self._start_next_half_hour(zone)
        self.event.currentIndexChanged.connect(self._use_event_zone)
        self.time_zone.currentTextChanged.connect(self._update_home_hint)
        self.starts_at.dateTimeChanged.connect(self._update_home_hint)
        self._update_home_hint()
        self.resize(500, 420)

    def _start_next_half_hour(self, zone: str | None) -> None:
        try:
            now = datetime.now(ZoneInfo(zone)) if zone else datetime.now()
        except (KeyError, ValueError):
            now = datetime.now()
        start = (now + timedelta(minutes=30 - now.minute % 30)).replace(second=0, microsecond=0)
        self.starts_at.setDateTime(QDateTime(start.replace(tzinfo=None)))

    def _use_event_zone(self, _index: int) -> None:
        zone = self._event_zones.get(self.event.currentData() or "")
        if zone:
            self.time_zone.set_zone(zone)

    def _update_home_hint(self, *_args) -> None:
        from ui.formatting import format_moment, zone_city

        zone = self.time_zone.zone()
        try:
            local = self.starts_at.dateTime().toPython().replace(tzinfo=ZoneInfo(zone))
        except (KeyError, ValueError):
            self.home_hint.setText("")
            return
        self.home_hint.setText(_("That is {moment} in {city} (your time)").format(
            moment=format_moment(local.astimezone(timezone.utc), self._home),
            city=zone_city(self._home)))

    def save(self) -> None:
        wall = self.starts_at.dateTime().toPython().replace(second=0, microsecond=0)
        self.submit(op.add_meeting, self.contact_id, starts_at=wall.isoformat(),
                    time_zone=self.time_zone.zone() or None, place=self.place.text().strip() or None,
                    event_id=self.event.currentData() or None,
                    agenda=self.agenda.toPlainText().strip() or None,
                    duration_minutes=self.duration.value())
