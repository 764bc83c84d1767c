"""Trade fairs and the meetings planned at them.

A meeting's start is stored in UTC together with the fair's time zone, so it
can be shown both in fair time and in home time without guessing.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from core.store.db import write_transaction
from core.i18n import N_, _
from core.store.records import fetch_row, insert_row, tombstone_row, update_row
from core.book.validation import (ValidationError, check_range, check_year, clean_text,
                                  normalize_country, normalize_date, normalize_time_zone, to_utc_text)


def add_event(db, *, name: str, city: str | None = None, country: str | None = None,
              venue: str | None = None, time_zone: str | None = None,
              starts_on: str | None = None, ends_on: str | None = None) -> str:
    """Add a trade fair (or any event where partners are met); return its id."""
    name = clean_text(name)
    if not name:
        raise ValidationError("name", _("an event needs a name"))
    values = {"name": name, "city": clean_text(city), "venue": clean_text(venue),
              "country": normalize_country(country),
              "time_zone": normalize_time_zone(time_zone),
              "starts_on": normalize_date(starts_on, "starts_on"),
              "ends_on": normalize_date(ends_on, "ends_on")}
    if values["starts_on"] and values["ends_on"] and values["ends_on"] < values["starts_on"]:
        raise ValidationError("ends_on", _("the event ends before it starts"))
    with write_transaction(db, N_("Add fair")):
        return insert_row(db, "events", values)


def list_events(db) -> list[dict]:
    """Live events, the latest first."""
    cursor = db.conn.execute(
        "SELECT id, name, city, country, venue, time_zone, starts_on, ends_on FROM events "
        "WHERE deleted_at IS NULL ORDER BY starts_on DESC, name")
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r)) for r in cursor]


def find_running_event(db, now: datetime | None = None) -> dict | None:
    """The event whose dates include today at the fair (in its own zone), or None.

    A fair without an end date lasts its first day; of two that overlap, the one that
    started last wins (the evening event inside a week-long fair). The event comes with
    ``today``, the ISO date at the fair, for "Met on".

    >>> find_running_event(db)["name"]  # doctest: +SKIP
    'CES'
    """
    now = now or datetime.now().astimezone()
    running = None
    for event in list_events(db):  # the latest start first
        if not event["starts_on"]:
            continue
        try:
            zone = ZoneInfo(event["time_zone"]) if event["time_zone"] else None
        except (KeyError, ValueError):
            zone = None
        today = (now.astimezone(zone) if zone else now.astimezone()).date().isoformat()
        if event["starts_on"] <= today <= (event["ends_on"] or event["starts_on"]):
            running = {**event, "today": today}
            break
    return running


def add_meeting(db, contact_id: str, *, starts_at: datetime | str, time_zone: str | None = None,
                place: str | None = None, event_id: str | None = None, agenda: str | None = None,
                duration_minutes: int = 30) -> str:
    """Plan a meeting with a contact; return its id.

    *starts_at* is an aware datetime, or ISO text read in *time_zone* (the
    fair's zone; defaults to the event's, then the contact's).
    """
    with write_transaction(db, N_("Plan meeting")):
        contact = fetch_row(db, "contacts", contact_id)
        if contact is None:
            raise KeyError(_("Contact {id} not found").format(id=contact_id))
        event = fetch_row(db, "events", event_id) if event_id else None
        if event_id and event is None:
            raise ValidationError("event_id", _("event {id} does not exist").format(id=event_id))
        zone = normalize_time_zone(time_zone) or (event or {}).get("time_zone") \
            or contact.get("time_zone") or "UTC"
        if isinstance(starts_at, str):
            try:
                starts_at = datetime.fromisoformat(starts_at)
            except ValueError:
                raise ValidationError("starts_at", _("{value!r} is not a date and time").format(
                    value=starts_at)) from None
        if starts_at.tzinfo is None:
            starts_at = starts_at.replace(tzinfo=ZoneInfo(zone))
        check_year(starts_at, "starts_at")
        if isinstance(duration_minutes, int) and duration_minutes <= 0:
            raise ValidationError("duration_minutes", _("a meeting lasts at least a minute"))
        check_range(duration_minutes, "duration_minutes")
        utc = to_utc_text(starts_at)
        return insert_row(db, "meetings", {"contact_id": contact_id, "event_id": event_id,
                                           "starts_at": utc, "time_zone": zone,
                                           "place": clean_text(place),
                                           "agenda": clean_text(agenda, multiline=True),
                                           "duration_minutes": duration_minutes})


def cancel_meeting(db, meeting_id: str) -> None:
    """Cancel a planned meeting (a tombstone, so the cancellation syncs)."""

    with write_transaction(db, N_("Cancel meeting")):
        tombstone_row(db, "meetings", meeting_id)


def move_meeting(db, meeting_id: str, *, starts_at: datetime) -> None:
    """Move a meeting to a new aware start time."""
    if starts_at.tzinfo is None:
        raise ValidationError("starts_at", _("needs a time zone"))
    with write_transaction(db, N_("Move meeting")):
        update_row(db, "meetings", meeting_id,
                   {"starts_at": to_utc_text(starts_at)})


def list_meetings(db, *, contact_id: str | None = None, start: datetime | None = None,
                  end: datetime | None = None) -> list[dict]:
    """Meetings in time order, optionally of one contact and/or between two aware datetimes.

    ``fair_city`` is the fair's city when the meeting is in the fair's zone: its time is named after it.
    """
    sql = ("SELECT m.id, m.contact_id, c.display_name, c.native_name, m.event_id, e.name, "
           "CASE WHEN e.time_zone = m.time_zone THEN e.city END, m.starts_at, m.time_zone, m.duration_minutes, m.place, m.agenda "
           "FROM meetings m JOIN contacts c ON c.id = m.contact_id "
           "LEFT JOIN events e ON e.id = m.event_id "
           "WHERE m.deleted_at IS NULL AND c.deleted_at IS NULL")
    params: list = []
    if contact_id:
        sql += " AND m.contact_id = ?"
        params.append(contact_id)
    if start:
        sql += " AND m.starts_at >= ?"
        params.append(to_utc_text(start))
    if end:
        sql += " AND m.starts_at < ?"
        params.append(to_utc_text(end))
    keys = ("id", "contact_id", "display_name", "native_name", "event_id", "event", "fair_city", "starts_at",
            "time_zone", "duration_minutes", "place", "agenda")
    return [dict(zip(keys, r)) for r in db.conn.execute(sql + " ORDER BY m.starts_at", params)]
