"""Relationship commands: stages, interactions, promises, follow-ups and the day's agenda."""

from __future__ import annotations

from core.book.times import zone_city
from core.book.validation import check_range
from core.cli.common import CommandError, local_time, require_contact
from core.i18n import _

# Core modules are imported inside the handlers: see core/cli/main.py (`fairmate --help` stays fast).


def register(add) -> None:
    """Add this module's commands: ``add(name, help, handler)`` returns the command's parser."""
    p = add("set-stage", _("move a contact to a relationship stage"), _set_stage)
    p.add_argument("id")
    p.add_argument("stage", help="met, rapport, trial_order, partner, dormant, lost")
    p.add_argument("--note")

    p = add("log", _("log an interaction with a contact"), _log)
    p.add_argument("id")
    p.add_argument("--kind", default="note", help="meeting, call, email, message, note")
    p.add_argument("--summary", required=True)
    p.add_argument("--place")
    p.add_argument("--when", help=_("when it happened, e.g. 2026-11-23T15:30+01:00 (default: now)"))
    p.add_argument("--zone", help=_("where it happened, e.g. America/Los_Angeles: shown in that zone, "
                                    "and a --when without offset is read in it"))

    p = add("promise", _("record a commitment owed by us or by them"), _promise)
    p.add_argument("id")
    p.add_argument("--what", required=True)
    p.add_argument("--owed-by", choices=("us", "them"), required=True)
    p.add_argument("--due", help="YYYY-MM-DD")

    p = add("follow-up", _("plan a follow-up with a contact"), _follow_up)
    p.add_argument("id")
    p.add_argument("--in-hours", type=int, default=48)
    p.add_argument("--reason")
    p.add_argument("--zone", help=_("the zone it is shown in, e.g. Asia/Seoul (default: the partner's)"))

    p = add("done", _("mark a promise kept or a follow-up done"), _done)
    p.add_argument("item_id", help=_("id of the promise or follow-up"))

    p = add("today", _("meetings, follow-ups and promises due today"), _today)
    p.add_argument("--home-tz", help=_("home time zone (default: the saved setting)"))


def _set_stage(db, args):
    from core.book.activity import change_stage
    from core.book.fields import stage_label

    require_contact(db, args.id)
    changed = change_stage(db, args.id, args.stage, note=args.note)
    return ({"id": args.id, "stage": args.stage, "changed": changed},
            lambda r: _("Stage is now {stage}").format(stage=stage_label(r["stage"])))


def _log(db, args):
    from core.book.activity import log_interaction

    require_contact(db, args.id)
    new = log_interaction(db, args.id, kind=args.kind, summary=args.summary, place=args.place,
                          occurred_at=args.when, time_zone=args.zone)
    return {"id": new}, lambda r: _("Logged {id}").format(id=r["id"])


def _promise(db, args):
    from core.book.activity import add_commitment

    require_contact(db, args.id)
    new = add_commitment(db, args.id, description=args.what, owed_by=args.owed_by, due_on=args.due)
    return {"id": new}, lambda r: _("Recorded promise {id}").format(id=r["id"])


def _follow_up(db, args):
    from core.book.activity import schedule_follow_up_in

    from core.book.fields import TIME_ZONE_FIELD

    contact = require_contact(db, args.id)
    check_range(args.in_hours, "in_hours", "follow_up_hours")
    new = schedule_follow_up_in(db, args.id, hours=args.in_hours, reason=args.reason,
                                time_zone=args.zone or (contact or {}).get(TIME_ZONE_FIELD.name))
    return {"id": new}, lambda r: _("Follow-up planned ({id})").format(id=r["id"])


def _today(db, args):
    from core.book.settings import HOME_TIME_ZONE, get_setting
    from core.book.today import list_today
    from core.book.validation import normalize_time_zone

    zone = normalize_time_zone(args.home_tz, "--home-tz") or get_setting(db, HOME_TIME_ZONE.key)
    today = list_today(db, home_time_zone=zone)

    def render(t):
        lines = [_("Today, {date}").format(date=t["date"])]
        lines.append(_("Meetings:") if t["meetings"] else _("Meetings: none"))
        for m in t["meetings"]:
            lines.append(f"  {m['fair_time'][11:16]} ({m.get('fair_city') or zone_city(m['time_zone'])}) / "
                         f"{m['home_time'][11:16]} ({zone_city(zone)})  {m['display_name']}  {m['place'] or ''}")
        lines.append(_("Follow-ups:") if t["follow_ups"] else _("Follow-ups: none due"))
        for f in t["follow_ups"]:
            flag = _("OVERDUE") if f["overdue"] else _("due")
            lines.append(f"  [{flag}] {local_time(f['due_at'], zone)}  {f['display_name']}  {f['reason'] or ''}")
        lines.append(_("Promises:") if t["commitments"] else _("Promises: none due"))
        for c in t["commitments"]:
            flag = _("OVERDUE") if c["overdue"] else _("due")
            side = _("we owe") if c["owed_by"] == "us" else _("they owe")
            lines.append(f"  [{flag}] {c['due_on']}  {side}: {c['description']} — {c['display_name']}")
        return "\n".join(lines)

    return today, render


def _done(db, args):
    from core.book.activity import complete_commitment, complete_follow_up
    from core.store.records import fetch_row

    if fetch_row(db, "commitments", args.item_id):
        complete_commitment(db, args.item_id)
        kind = "commitment"
    elif fetch_row(db, "follow_ups", args.item_id):
        complete_follow_up(db, args.item_id)
        kind = "follow_up"
    else:
        raise CommandError(_("no promise or follow-up with id {id}").format(id=args.item_id))
    return {"id": args.item_id, "kind": kind}, lambda r: _("Done: {id}").format(id=r["id"])
