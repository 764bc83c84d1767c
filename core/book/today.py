"""The Today view: meetings today, follow-ups due or overdue, promises due.

"Today" for a meeting is the calendar day in the fair's own time zone, so a
09:00 meeting in Tokyo is today's even if the laptop still runs on Berlin time.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from core.book.events import list_meetings
from core.book.validation import to_utc_text


# The city of a fair the follow-up's contact is linked to, in the follow-up's zone (core.book.times.fair_cities).
_FAIR_CITY = ("COALESCE((SELECT e.city FROM events e WHERE e.id = c.met_event_id AND e.time_zone = f.time_zone), "
              "(SELECT e.city FROM meetings m JOIN events e ON e.id = m.event_id WHERE m.contact_id = f.contact_id "
              "AND m.deleted_at IS NULL AND e.time_zone = f.time_zone AND e.city IS NOT NULL LIMIT 1))")


def list_today(db, *, now: datetime | None = None, home_time_zone: str = "UTC") -> dict:
    """Everything that needs the user today, each item carrying its ``contact_id``.

    Returns ``{"date", "meetings", "follow_ups", "commitments"}``; follow-ups and
    commitments carry ``overdue`` (True when past due).
    """
    now = now or datetime.now(timezone.utc)
    home = ZoneInfo(home_time_zone)
    home_today = now.astimezone(home).date()

    meetings = []
    for meeting in list_meetings(db, start=now - timedelta(hours=36), end=now + timedelta(hours=36)):
        zone = ZoneInfo(meeting["time_zone"])
        start = datetime.fromisoformat(meeting["starts_at"])
        if start.astimezone(zone).date() != now.astimezone(zone).date():
            continue
        meeting["fair_time"] = start.astimezone(zone).isoformat()
        meeting["home_time"] = start.astimezone(home).isoformat()
        meeting["past"] = start + timedelta(minutes=meeting["duration_minutes"]) < now
        meetings.append(meeting)

    end_of_day = datetime.combine(home_today + timedelta(days=1), datetime.min.time(), home)
    now_text = to_utc_text(now)
    cursor = db.conn.execute(
        "SELECT f.id, f.contact_id, c.display_name, c.native_name, f.due_at, f.reason, f.time_zone, "
        f"({_FAIR_CITY}) "
        "FROM follow_ups f JOIN contacts c ON c.id = f.contact_id "
        "WHERE f.done_at IS NULL AND f.deleted_at IS NULL AND c.deleted_at IS NULL "
        "AND f.due_at < ? ORDER BY f.due_at", (to_utc_text(end_of_day),))
    # fair_city: the fair's, when the follow-up is in the zone of a fair the contact was met at or meets at.
    keys = ("id", "contact_id", "display_name", "native_name", "due_at", "reason", "time_zone", "fair_city")
    follow_ups = [{**dict(zip(keys, r)), "overdue": r[4] < now_text} for r in cursor]

    cursor = db.conn.execute(
        "SELECT k.id, k.contact_id, c.display_name, c.native_name, k.description, k.owed_by, "
        "k.due_on FROM commitments k JOIN contacts c ON c.id = k.contact_id "
        "WHERE k.done_at IS NULL AND k.deleted_at IS NULL AND c.deleted_at IS NULL "
        "AND k.due_on IS NOT NULL AND k.due_on <= ? ORDER BY k.due_on, k.owed_by",
        (home_today.isoformat(),))
    keys = ("id", "contact_id", "display_name", "native_name", "description", "owed_by", "due_on")
    commitments = [{**dict(zip(keys, r)), "overdue": r[6] < home_today.isoformat()} for r in cursor]

    return {"date": home_today.isoformat(), "meetings": meetings, "follow_ups": follow_ups,
            "commitments": commitments}


def count_overdue(today: dict) -> int:
    """How many follow-ups and promises in a ``list_today`` result are past due."""
    return sum(1 for item in today["follow_ups"] + today["commitments"] if item["overdue"])

