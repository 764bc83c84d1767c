"""What goes into a partner dossier, gathered from the database as plain data.

Kept apart from the PDF layout (``core.dossier``) so the GUI, the CLI and the
tests can check the content without drawing anything, and so a worker thread
can collect it with its own connection.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from core.book.activity import (list_commitments, list_follow_ups, list_interactions, list_stage_history,
                           summarize_promises)
from core.book.contacts import get_contact
from core.book.fields import STAGES
from core.book.events import list_meetings
from core.book.settings import HOME_COUNTRY, HOME_TIME_ZONE, MY_PHRASE_GENDER, get_setting
from core.book.times import fair_cities

# The stage a relationship grows into next; dormant and lost restart at rapport.
NEXT_STAGE = {"met": "rapport", "rapport": "trial_order", "trial_order": "partner",
              "dormant": "rapport", "lost": "rapport"}
RECENT_INTERACTIONS = 5


@dataclass
class DossierData:
    """Everything a dossier shows about one partner, before layout."""

    contact: dict
    home_country: str | None
    home_time_zone: str
    now: datetime
    meeting: dict | None = None  # the meeting this dossier prepares, with fair and home times
    commitments: list[dict] = field(default_factory=list)  # open ones, both ways
    promises: dict = field(default_factory=dict)  # summarize_promises()
    follow_ups: list[dict] = field(default_factory=list)  # open ones
    stage_history: list[dict] = field(default_factory=list)
    interactions: list[dict] = field(default_factory=list)  # the most recent first
    my_phrase_gender: str | None = None  # the reader's, for gendered phrases (None: not set)
    agenda: list[tuple[str, str]] = field(default_factory=list)  # (kind, text)
    next_stage: str | None = None
    fair_cities: dict[str, str] = field(default_factory=dict)  # zone → city of the partner's fairs

    @property
    def today(self) -> date:
        """The date at home when the dossier is made."""
        return self.now.astimezone(ZoneInfo(self.home_time_zone)).date()


def _with_times(meeting: dict, home_time_zone: str) -> dict:
    start = datetime.fromisoformat(meeting["starts_at"])
    return {**meeting,
            "fair_time": start.astimezone(ZoneInfo(meeting["time_zone"])),
            "home_time": start.astimezone(ZoneInfo(home_time_zone)),
            "end_fair_time": (start + timedelta(minutes=meeting["duration_minutes"] or 30))
            .astimezone(ZoneInfo(meeting["time_zone"]))}


def _suggested_agenda(data: DossierData) -> list[tuple[str, str]]:
    """Open items first: what they owe us, what we owe them, then the way forward."""
    items: list[tuple[str, str]] = []
    if data.meeting and data.meeting.get("agenda"):
        items.append(("planned", data.meeting["agenda"]))
    today = data.today.isoformat()
    for item in data.commitments:
        overdue = bool(item["due_on"] and item["due_on"] < today)
        kind = ("ask" if item["owed_by"] == "them" else "report") + ("_overdue" if overdue else "")
        items.append((kind, item["description"]))
    for item in data.follow_ups:
        if item.get("reason"):
            items.append(("follow_up", item["reason"]))
    if data.next_stage:
        items.append(("next_stage", data.next_stage))
    return items


def collect_dossier(db, contact_id: str, *, meeting_id: str | None = None,
                    now: datetime | None = None) -> DossierData:
    """Gather a partner's dossier: profile, meeting, promises, follow-ups, history, agenda.

    Without *meeting_id* the next planned meeting (if any) is the one prepared for.
    Raises ``KeyError`` when the contact does not exist.
    """
    contact = get_contact(db, contact_id)
    if contact is None:
        raise KeyError(contact_id)
    now = now or datetime.now(timezone.utc)
    home_zone = get_setting(db, HOME_TIME_ZONE.key)
    data = DossierData(contact=contact, home_country=get_setting(db, HOME_COUNTRY.key),
                       home_time_zone=home_zone, now=now,
                       my_phrase_gender=get_setting(db, MY_PHRASE_GENDER.key) or None)
    meetings = [_with_times(m, home_zone) for m in list_meetings(db, contact_id=contact_id)]
    if meeting_id:
        data.meeting = next((m for m in meetings if m["id"] == meeting_id), None)
        if data.meeting is None:
            raise KeyError(meeting_id)
    else:
        ahead = [m for m in meetings if m["end_fair_time"] >= now]
        data.meeting = ahead[0] if ahead else None
    data.commitments = sorted(list_commitments(db, contact_id, open_only=True),
                              key=lambda c: (c["due_on"] or "9999", c["owed_by"] != "them"))
    data.promises = summarize_promises(db, contact_id, today=data.today, time_zone=home_zone)
    data.follow_ups = list_follow_ups(db, contact_id, open_only=True)
    data.stage_history = list_stage_history(db, contact_id)
    data.interactions = list_interactions(db, contact_id, limit=RECENT_INTERACTIONS)
    data.fair_cities = fair_cities(db, contact_id)
    stage = contact.get("stage") or STAGES[0]
    data.next_stage = NEXT_STAGE.get(stage)
    data.agenda = _suggested_agenda(data)
    return data


def list_dossier_meetings(db, day: date) -> list[dict]:
    """The meetings held on *day* where they take place (the fair's calendar day), in time order."""
    start = datetime.combine(day, datetime.min.time(), timezone.utc)
    meetings = [m for m in list_meetings(db, start=start - timedelta(hours=14), end=start + timedelta(hours=38))
                if datetime.fromisoformat(m["starts_at"]).astimezone(ZoneInfo(m["time_zone"])).date() == day]
    for meeting in meetings:
        row = db.conn.execute("SELECT co.name FROM contacts c JOIN companies co ON co.id = c.company_id "
                              "WHERE c.id = ?", (meeting["contact_id"],)).fetchone()
        meeting["company"] = row[0] if row else None
    return meetings
