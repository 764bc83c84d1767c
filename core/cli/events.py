"""Trade fair and meeting commands."""

from __future__ import annotations

from core.cli.common import CommandError, require_contact
from core.i18n import _

# Core modules are imported inside the handlers: see core/cli/main.py (`fairmate --help` stays fast).


def register(add) -> None:
    """Add this module's commands: ``add(name, help, handler)`` returns the command's parser."""
    p = add("add-event", _("add a trade fair"), _add_event)
    p.add_argument("--name", required=True)
    p.add_argument("--city")
    p.add_argument("--country")
    p.add_argument("--time-zone", help=_("e.g. Asia/Shanghai"))
    p.add_argument("--starts", help="YYYY-MM-DD")
    p.add_argument("--ends", help="YYYY-MM-DD")

    add("events", _("list trade fairs"), _events)

    p = add("add-meeting", _("plan a meeting with a contact"), _add_meeting)
    p.add_argument("id")
    p.add_argument("--at", required=True, help=_("start in the fair's time, e.g. 2026-11-24T09:30"))
    p.add_argument("--event", help=_("event id (its time zone is used)"))
    p.add_argument("--time-zone")
    p.add_argument("--place")
    p.add_argument("--minutes", type=int, default=30)

    p = add("cancel-meeting", _("cancel a planned meeting"), _cancel_meeting)
    p.add_argument("meeting_id")


def _add_event(db, args):
    from core.book.events import add_event

    new = add_event(db, name=args.name, city=args.city, country=args.country,
                    time_zone=args.time_zone, starts_on=args.starts, ends_on=args.ends)
    return {"id": new}, lambda r: _("Added event {id}").format(id=r["id"])


def _events(db, args):
    from core.book.events import list_events

    rows = list_events(db)
    return rows, lambda rows: "\n".join(
        f"{e['id']}  {e['name']} — {e['city'] or ''} {e['starts_on'] or ''}" for e in rows) or _("No events")


def _add_meeting(db, args):
    from core.book.events import add_meeting

    require_contact(db, args.id)
    new = add_meeting(db, args.id, starts_at=args.at, event_id=args.event, time_zone=args.time_zone,
                      place=args.place, duration_minutes=args.minutes)
    return {"id": new}, lambda r: _("Planned meeting {id}").format(id=r["id"])


def _cancel_meeting(db, args):
    from core.book.events import cancel_meeting
    from core.store.records import fetch_row

    if fetch_row(db, "meetings", args.meeting_id) is None:
        raise CommandError(_("no meeting with id {id}").format(id=args.meeting_id))
    cancel_meeting(db, args.meeting_id)
    return {"id": args.meeting_id, "cancelled": True}, lambda r: _("Cancelled {id}").format(id=r["id"])
