"""Dialogs that add to a contact's history: log an interaction, a promise, a follow-up, a meeting.

Each is a ``FormDialog``: Save submits one core write through the operation
runner, and core's refusals appear in red under their fields.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from PySide6.QtWidgets import (QButtonGroup, QComboBox, QHBoxLayout, QLineEdit, QPlainTextEdit,
                               QPushButton, QRadioButton, QSpinBox, QWidget)

from core.book.fields import MET_EVENT_ID, TIME_ZONE_FIELD
from core.book.times import zone_info
from core.i18n import _
from ui import operations as op
from ui.dialogs.contact_dialogs import FormDialog
from ui.formatting import zone_city
from ui.widgets.form_fields import OptionalDateField
from ui.widgets.zoned_time import ZonedTimeField


def _home_zone(db) -> str:
    from core.book.settings import HOME_TIME_ZONE, get_setting

    return get_setting(db, HOME_TIME_ZONE.key) if db is not None else "UTC"


def _zoned_field(dialog: FormDialog, form, field: str, label: str, contact_id: str,
                 home_zone: str) -> ZonedTimeField:
    """The When row: a time in the zone where it happens (docs/time.md: the fair's when the
    contact was met at the fair running now, else the partner's, else home), and a way to switch."""
    from core.book.times import choose_entry_zone

    from core.book.contacts import get_contact

    when = dialog.add_field(form, field, label, ZonedTimeField(home_zone), aliases=("time_zone",))
    zone, city = choose_entry_zone(dialog._db, contact_id, home_zone)
    if city:
        when.suggest(zone, _("{city} (fair)").format(city=city))
    partner = (get_contact(dialog._db, contact_id) or {}).get(TIME_ZONE_FIELD.name)
    if zone_info(partner) and partner != home_zone:
        when.suggest(partner, _("{city} (partner)").format(city=zone_city(partner)))
    when.set_zone(zone)
    return when


class InteractionDialog(FormDialog):
    """Log a meeting, call, email, message or note with a contact, at a time in a named zone."""

    def __init__(self, operations, contact_id: str, parent: QWidget | None = None):
        super().__init__(_("Log interaction"), parent, operations)
        from core.book.activity import INTERACTION_KINDS, interaction_kind_label

        self.contact_id = contact_id
        form = self.new_form()
        self.body.addLayout(form)
        self.kind = self.add_field(form, "kind", _("Kind"), QComboBox())
        for kind in INTERACTION_KINDS:
            self.kind.addItem(interaction_kind_label(kind), kind)
        self.when = _zoned_field(self, form, "occurred_at", _("When"), contact_id, _home_zone(self._db))
        self.when.set_hours_from_now(0)
        self.occurred_at = self.when.editor
        self.place = self.add_field(form, "place", _("Place"), QLineEdit())
        self.place.setPlaceholderText(_("e.g. Hall 4, booth B12"))
        self.summary = self.add_field(form, "summary", _("What happened"), QPlainTextEdit())
        self.summary.setPlaceholderText(_("What was discussed, agreed, asked…"))
        self.summary.setMinimumHeight(110)
        self.resize(560, 400)
        self.summary.setFocus()

    def save(self) -> None:
        # The clock time as typed, read by core in the zone it was typed in.
        self.submit(op.log_interaction, self.contact_id,
                    kind=self.kind.currentData(), summary=self.summary.toPlainText(),
                    occurred_at=self.when.wall(), time_zone=self.when.zone() or None,
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
    """Plan when to get back to a contact, at a time in a named zone (usually the partner's)."""

    def __init__(self, operations, contact_id: str, parent: QWidget | None = None,
                 default_hours: int = 48):
        super().__init__(_("Set follow-up"), parent, operations)
        self.contact_id = contact_id
        form = self.new_form()
        self.body.addLayout(form)
        self.when = _zoned_field(self, form, "due_at", _("When"), contact_id, _home_zone(self._db))
        self.due_at = self.when.editor
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
        self.resize(560, 260)

    def set_hours_from_now(self, hours: int) -> None:
        """Put the due time *hours* from now (shown in the picker's zone)."""
        self.when.set_hours_from_now(hours)

    def save(self) -> None:
        self.submit(op.schedule_follow_up, self.contact_id, due_at=self.when.wall(),
                    time_zone=self.when.zone() or None, reason=self.reason.text().strip() or None)


class MeetingDialog(FormDialog):
    """Plan a meeting at a fair, in the fair's own time zone (named by its city)."""

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
        self._events = {"": {}}
        for event in list_events(db):
            self.event.addItem(event["name"], event["id"])
            self._events[event["id"]] = event
        self.when = self.add_field(form, "starts_at", _("Starts"), ZonedTimeField(home_time_zone),
                                   aliases=("time_zone",))
        self.time_zone, self.starts_at, self.home_hint = self.when.zone_box, self.when.editor, self.when.hint
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
        partner_zone = contact.get(TIME_ZONE_FIELD.name)
        if partner_zone and partner_zone != home_time_zone:
            self.when.suggest(partner_zone, _("{city} (partner)").format(city=zone_city(partner_zone)))
        self._use_event_zone()
        if not self._events.get(event_id, {}).get("time_zone"):
            self.when.set_zone(partner_zone or home_time_zone)
        self._start_next_half_hour()
        self.event.currentIndexChanged.connect(self._use_event_zone)
        self.resize(560, 440)

    def _start_next_half_hour(self) -> None:
        now = datetime.now(timezone.utc)
        zone = self.when.zone()
        minute = now.astimezone(ZoneInfo(zone)).minute if zone_info(zone) else now.minute
        self.when.set_moment((now + timedelta(minutes=30 - minute % 30)).replace(second=0, microsecond=0))

    def _use_event_zone(self, _index: int = 0) -> None:
        event = self._events.get(self.event.currentData() or "") or {}
        zone = event.get("time_zone")
        if zone:
            city = event.get("city") or zone_city(zone)
            self.when.suggest(zone, _("{city} ({event})").format(city=city, event=event["name"]))
            self.when.set_zone(zone)

    def save(self) -> None:
        self.submit(op.add_meeting, self.contact_id, starts_at=self.when.wall().isoformat(),
                    time_zone=self.when.zone() or None, place=self.place.text().strip() or None,
                    event_id=self.event.currentData() or None,
                    agenda=self.agenda.toPlainText().strip() or None,
                    duration_minutes=self.duration.value())
