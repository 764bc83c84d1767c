"""Meetings and follow-ups as an iCalendar file for Outlook, Google Calendar or Apple Calendar.

Each meeting starts at its local time with the fair's TZID, and the file
carries a VTIMEZONE for every zone it uses (generated from the tz database
by icalendar), which Outlook needs and Google accepts. Follow-ups are short
events at their due time in the user's home zone, so they show up in the
same calendar (VTODO is ignored by Google and Outlook's calendar view).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from core.book.activity import list_follow_ups
from core.book.events import list_meetings
from core.book.settings import HOME_TIME_ZONE, get_setting
from core.i18n import _

PRODID = "-//Fairmate//Fairmate meetings and follow-ups//EN"
FOLLOW_UP_MINUTES = 15


def _event(uid: str, summary: str, start: datetime, end: datetime, stamp: datetime,
           location: str | None = None, description: str | None = None):
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", summary)
    if location:
        event.add("location", location)
    if description:
        event.add("description", description)
    return event


def _contact_names(db, contact_ids) -> dict[str, str]:
    rows = db.conn.execute(
        "SELECT c.id, c.display_name, c.native_name, co.name FROM contacts c "
        "LEFT JOIN companies co ON co.id = c.company_id WHERE c.deleted_at IS NULL")
    names = {}
    for contact_id, name, native, company in rows:
        if contact_ids is None or contact_id in contact_ids:
            shown = name + (f" ({native})" if native and native != name else "")
            names[contact_id] = shown + (f", {company}" if company else "")
    return names


def export_calendar(db, *, contact_ids: list[str] | None = None,
                    now: datetime | None = None) -> bytes:
    """Planned meetings and open follow-ups (of *contact_ids*, or everyone) as iCalendar bytes."""
    wanted = set(contact_ids) if contact_ids is not None else None
    names = _contact_names(db, wanted)
    stamp = (now or datetime.now(timezone.utc)).replace(microsecond=0)
    home = ZoneInfo(get_setting(db, HOME_TIME_ZONE.key))
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("Fairmate meetings and follow-ups"))
    for meeting in list_meetings(db):
        if meeting["contact_id"] not in names:
            continue
        zone = ZoneInfo(meeting["time_zone"])
        start = datetime.fromisoformat(meeting["starts_at"]).astimezone(zone)
        end = start + timedelta(minutes=meeting["duration_minutes"] or 30)
        details = [p for p in (meeting.get("event"), meeting.get("agenda")) if p]
        calendar.add_component(_event(
            f"meeting-{meeting['id']}@fairmate", _("Meeting: {name}").format(
                name=names[meeting["contact_id"]]), start, end, stamp, meeting.get("place"),
            "\n".join(details) or None))
    for contact_id, name in names.items():
        for item in list_follow_ups(db, contact_id, open_only=True):
            start = datetime.fromisoformat(item["due_at"]).astimezone(home)
            calendar.add_component(_event(
                f"follow-up-{item['id']}@fairmate", _("Follow up: {name}").format(name=name),
                start, start + timedelta(minutes=FOLLOW_UP_MINUTES), stamp,
                description=item.get("reason")))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def count_calendar_events(data: bytes) -> dict[str, int]:
    """How many meetings and follow-ups an ``export_calendar`` file holds (by their UIDs)."""
    uids = [str(event.get("uid", "")) for event in Calendar.from_ical(data).walk("VEVENT")]
    return {"meetings": sum(u.startswith("meeting-") for u in uids),
            "follow_ups": sum(u.startswith("follow-up-") for u in uids)}
