"""The command line: every core job, headless (``fairmate [--db PATH] COMMAND``).

Each command prints human-readable text, or one JSON document with
``--json``. Errors exit with status 1 (2 for usage) and one line on stderr
that names the problem. Nothing here imports Qt.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date, datetime, timezone
from typing import Any, Callable

from core import __version__
from core.i18n import _, ngettext

COMMANDS: dict[str, Callable[[Any, argparse.Namespace], Any]] = {}


class CommandError(Exception):
    """A command could not do its job; the message is shown to the user as is."""


def command(name: str):
    """Register a function ``(db, args) -> result`` as the handler of *name*."""

    def register(func):
        COMMANDS[name] = func
        return func
    return register


def _build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                        help=_("database file (default: fairmate.db in your data folder)"))
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                        help=_("print machine-readable JSON"))

    parser = argparse.ArgumentParser(
        prog="fairmate", parents=[common],
        description=_("Fairmate: your offline companion at overseas trade fairs. "
                      "Without a command, the app opens."))
    parser.add_argument("--version", action="version", version=f"fairmate {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name, help_text):
        return sub.add_parser(name, parents=[common], help=help_text, description=help_text)

    p = add("add-contact", _("add a person to the contact book"))
    p.add_argument("--name", required=True, help=_("name as you say it, e.g. 'Zhang Wei'"))
    p.add_argument("--native-name", help=_("name in its own script, e.g. 张伟"))
    p.add_argument("--reading", help=_("kana reading of a Japanese name"))
    p.add_argument("--romanized-name")
    p.add_argument("--form-of-address", help=_("e.g. 'Herr Dr. Weber', 'Tanaka-san'"))
    p.add_argument("--title", help=_("job title"))
    p.add_argument("--company")
    p.add_argument("--country", help=_("ISO code such as CN, or an English name"))
    p.add_argument("--city")
    p.add_argument("--phone", action="append", default=[], help=_("repeat for several"))
    p.add_argument("--email", action="append", default=[], help=_("repeat for several"))
    p.add_argument("--language", action="append", default=[], help=_("repeat for several"))
    p.add_argument("--tag", action="append", default=[], help=_("repeat for several"))
    p.add_argument("--time-zone")
    p.add_argument("--notes")
    p.add_argument("--follow-up", type=int, metavar="HOURS",
                   help=_("plan a follow-up this many hours from now"))

    p = add("search", _("find contacts as you would type in the search box"))
    p.add_argument("query")
    p.add_argument("--limit", type=int, default=20)

    p = add("list", _("list contacts in name order"))
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--offset", type=int, default=0)

    p = add("show", _("show everything about one contact"))
    p.add_argument("id")

    p = add("delete-contact", _("delete a contact (kept as a tombstone for sync)"))
    p.add_argument("id")

    p = add("set-stage", _("move a contact to a relationship stage"))
    p.add_argument("id")
    p.add_argument("stage", help="met, rapport, trial_order, partner, dormant, lost")
    p.add_argument("--note")

    p = add("log", _("log an interaction with a contact"))
    p.add_argument("id")
    p.add_argument("--kind", default="note", help="meeting, call, email, message, note")
    p.add_argument("--summary", required=True)
    p.add_argument("--place")
    p.add_argument("--when", help=_("when it happened, e.g. 2026-11-23T15:30+01:00 (default: now)"))

    p = add("promise", _("record a commitment owed by us or by them"))
    p.add_argument("id")
    p.add_argument("--what", required=True)
    p.add_argument("--owed-by", choices=("us", "them"), required=True)
    p.add_argument("--due", help="YYYY-MM-DD")

    p = add("follow-up", _("plan a follow-up with a contact"))
    p.add_argument("id")
    p.add_argument("--in-hours", type=int, default=48)
    p.add_argument("--reason")

    p = add("edit-contact", _("change fields of a contact"))
    p.add_argument("id")
    p.add_argument("--name")
    p.add_argument("--native-name")
    p.add_argument("--title", help=_("job title"))
    p.add_argument("--company")
    p.add_argument("--country")
    p.add_argument("--city")
    p.add_argument("--phone", action="append", help=_("replaces all phones; repeat for several"))
    p.add_argument("--email", action="append", help=_("replaces all emails; repeat for several"))
    p.add_argument("--tag", action="append", help=_("replaces all tags; repeat for several"))
    p.add_argument("--notes")

    p = add("done", _("mark a promise kept or a follow-up done"))
    p.add_argument("item_id", help=_("id of the promise or follow-up"))

    p = add("add-event", _("add a trade fair"))
    p.add_argument("--name", required=True)
    p.add_argument("--city")
    p.add_argument("--country")
    p.add_argument("--time-zone", help=_("e.g. Asia/Shanghai"))
    p.add_argument("--starts", help="YYYY-MM-DD")
    p.add_argument("--ends", help="YYYY-MM-DD")

    add("events", _("list trade fairs"))

    p = add("add-meeting", _("plan a meeting with a contact"))
    p.add_argument("id")
    p.add_argument("--at", required=True, help=_("start in the fair's time, e.g. 2026-11-24T09:30"))
    p.add_argument("--event", help=_("event id (its time zone is used)"))
    p.add_argument("--time-zone")
    p.add_argument("--place")
    p.add_argument("--minutes", type=int, default=30)

    p = add("cancel-meeting", _("cancel a planned meeting"))
    p.add_argument("meeting_id")

    p = add("settings", _("show or change a setting"))
    p.add_argument("key", nargs="?")
    p.add_argument("value", nargs="?")

    p = add("today", _("meetings, follow-ups and promises due today"))
    p.add_argument("--home-tz", help=_("home time zone (default: the saved setting)"))

    p = add("dossier", _("write a partner's dossier as PDF"))
    p.add_argument("contact_id")
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    p.add_argument("--lang", help=_("language of the dossier, e.g. de (default: your display language)"))
    p.add_argument("--meeting", metavar="MEETING_ID", help=_("the meeting to prepare (default: the next one)"))

    p = add("dossiers", _("write the dossiers of a day's meetings as one PDF with a cover agenda"))
    p.add_argument("--date", required=True, metavar="YYYY-MM-DD", help=_("the day of the meetings, at the fair"))
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    p.add_argument("--lang", help=_("language of the dossiers, e.g. de (default: your display language)"))

    p = add("phrase", _("look a phrase up in the phrasebooks, in English or any language"))
    p.add_argument("query", help=_("English, the target script, romanization or pronunciation"))
    p.add_argument("--lang", metavar="CODE", help=_("only this language, e.g. ko, ja, zh-Hans"))
    p.add_argument("--limit", type=int, default=20)

    add("phrasebooks", _("list the phrasebook languages, their phrase counts and any problems"))

    p = add("etiquette", _("a country's etiquette card, compared with your home country first"))
    p.add_argument("country", nargs="?", help=_("ISO code such as JP, or an English name"))
    p.add_argument("--home", help=_("your home country (default: the saved setting)"))
    p.add_argument("--list", action="store_true", help=_("list the countries with a card, and broken card files"))

    p = add("duplicates", _("list contacts that are likely the same person"))
    p.add_argument("--limit", type=int, default=200)
    p.add_argument("--contact", metavar="ID", help=_("only the likely duplicates of this contact"))

    p = add("merge", _("merge two records of one person; the first one is kept"))
    p.add_argument("survivor_id", metavar="SURVIVOR_ID")
    p.add_argument("other_id", metavar="OTHER_ID")
    p.add_argument("--choose", action="append", default=[], metavar="FIELD=CHOICE",
                   help=_("survivor, merged or (lists, notes) both, e.g. job_title=merged; repeat"))

    p = add("undo-merge", _("undo a merge: both contacts and their histories come back"))
    p.add_argument("merge_id", metavar="MERGE_ID")

    p = add("merges", _("list merges (of one contact when given)"))
    p.add_argument("id", nargs="?")

    p = add("import", _("import contacts from a vCard (.vcf) or CSV file, all or nothing"))
    p.add_argument("file")
    p.add_argument("--dry-run", action="store_true",
                   help=_("show what the import would do; write nothing"))
    p.add_argument("--map", action="append", default=[], metavar="COLUMN=FIELD",
                   help=_("CSV: read COLUMN as FIELD (e.g. 'Mobil=phone:mobile'); repeat"))

    p = add("export", _("export contacts (vCard, CSV) or meetings and follow-ups (iCalendar)"))
    p.add_argument("--format", choices=("vcf", "csv", "ics"), required=True)
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p.add_argument("--version", dest="vcard_version", choices=("4.0", "3.0"), default="4.0",
                   help=_("vCard version (default 4.0)"))
    p.add_argument("--contact", action="append", metavar="ID",
                   help=_("export only this contact; repeat for several (default: everyone)"))

    p = add("qr", _("save your own card (Preferences ▸ Your card) as a QR code to scan"))
    p.add_argument("--mine", action="store_true", required=True, help=_("your own card"))
    p.add_argument("-o", "--output", required=True, metavar="FILE",
                   help=_("FILE.png or FILE.svg"))
    p.add_argument("--scale", type=int, default=10, help=_("pixels per module (PNG)"))

    p = add("read-qr", _("read a vCard or MECARD QR code from a photo or screenshot"))
    p.add_argument("image", metavar="IMAGE")
    p.add_argument("--add", action="store_true", help=_("add the card to the contact book"))

    p = add("demo-data", _("fill the database with realistic international sample data"))
    p.add_argument("--contacts", type=int, default=200)
    p.add_argument("--seed", type=int, default=7)
    return parser


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    """Parse the command line; ``command`` is None when the GUI should start."""
    args = _build_parser().parse_args(argv)
    args.db = getattr(args, "db", None)
    args.json = getattr(args, "json", False)
    return args


def _print(args, result: Any, render: Callable[[Any], str]) -> None:
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2, default=str))
    else:
        text = render(result)
        if text:
            print(text)


# Field names in core errors, as the options a command-line user typed.
_OPTION_NAMES = {"display_name": "--name", "phones": "--phone", "emails": "--email",
                 "languages": "--language", "time_zone": "--time-zone", "country": "--country",
                 "native_name": "--native-name", "due_on": "--due"}


def run_command(args: argparse.Namespace) -> int:
    """Open the database and run ``args.command``; return the process exit code."""
    from core.store.db import DatabaseError, open_database
    from core.i18n import install_language
    from core.book.validation import ValidationError

    install_language(None)  # the language of the environment (LANGUAGE, LANG…)
    try:
        db = open_database(args.db)
        try:
            result, render = COMMANDS[args.command](db, args)
        finally:
            db.close()
    except ValidationError as exc:
        problems = getattr(exc, "errors", [exc])
        print("fairmate: " + "; ".join(
            f"{_OPTION_NAMES.get(p.field, p.field)}: {p.message}" for p in problems), file=sys.stderr)
        return 1
    except (DatabaseError, CommandError) as exc:
        print(f"fairmate: {exc}", file=sys.stderr)
        return 1
    except KeyError as exc:
        print(f"fairmate: {exc.args[0] if exc.args else exc}", file=sys.stderr)
        return 1
    _print(args, result, render)
    return 0


def _local_time(stored: str, zone: str) -> str:
    """A stored UTC time as ``YYYY-MM-DD HH:MM`` in *zone*."""
    from zoneinfo import ZoneInfo

    return datetime.fromisoformat(stored).astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")


def _line(contact: dict) -> str:
    name = contact["display_name"]
    if contact.get("native_name") and contact["native_name"] != name:
        name += f" ({contact['native_name']})"
    where = ", ".join(p for p in (contact.get("company"), contact.get("city"), contact.get("country")) if p)
    return f"{contact['id']}  {name}" + (f" — {where}" if where else "")


def _require(db, contact_id: str) -> dict:
    from core.book.contacts import get_contact

    contact = get_contact(db, contact_id)
    if contact is None:
        raise CommandError(_("no contact with id {id}").format(id=contact_id))
    return contact


@command("add-contact")
def _add_contact(db, args):
    from core.book.contacts import add_contact, get_contact

    contact_id = add_contact(
        db, display_name=args.name, native_name=args.native_name, native_reading=args.reading,
        romanized_name=args.romanized_name, form_of_address=args.form_of_address,
        job_title=args.title, company=args.company, country=args.country, city=args.city,
        phones=args.phone, emails=args.email, languages=args.language, tags=args.tag,
        time_zone=args.time_zone, notes=args.notes, follow_up_hours=args.follow_up)
    contact = get_contact(db, contact_id)
    result = {"id": contact_id, "display_name": contact["display_name"],
              "native_name": contact["native_name"],
              "phones": [p["value"] for p in contact["phones"]],
              "emails": [e["value"] for e in contact["emails"]]}
    return result, lambda r: _("Added {name} ({id})").format(name=r["display_name"], id=r["id"])


@command("search")
def _search(db, args):
    from core.book.search import search_contacts

    results = search_contacts(db, args.query, limit=args.limit)
    return results, lambda rows: "\n".join(_line(r) for r in rows) or _("No contact matches {query!r}").format(
        query=args.query)


@command("list")
def _list(db, args):
    from core.book.contacts import count_contacts, list_contacts

    rows = list_contacts(db, limit=args.limit, offset=args.offset)
    total = count_contacts(db)

    def render(rows):
        if not rows:
            return _("The contact book is empty") if not total else _("No contacts at this offset")
        text = "\n".join(_line(r) for r in rows)
        if args.offset + len(rows) < total:
            text += "\n" + _("({shown} of {total}; see more with --offset {next} or --limit)").format(
                shown=len(rows), total=total, next=args.offset + len(rows))
        return text

    return rows, render


@command("show")
def _show(db, args):
    from core.book.activity import (list_commitments, list_follow_ups, list_interactions,
                               list_stage_history, summarize_promises)
    from core.book.contacts import stage_label
    from core.book.events import list_meetings
    from core.book.settings import HOME_TIME_ZONE, get_setting

    contact = _require(db, args.id)
    contact.pop("photo", None)
    contact["stage_history"] = list_stage_history(db, args.id)
    contact["commitments"] = list_commitments(db, args.id)
    contact["promises_kept"] = summarize_promises(
        db, args.id, time_zone=get_setting(db, HOME_TIME_ZONE.key))
    contact["follow_ups"] = list_follow_ups(db, args.id)
    contact["interactions"] = list_interactions(db, args.id)
    contact["meetings"] = list_meetings(db, contact_id=args.id)

    zone = get_setting(db, HOME_TIME_ZONE.key)

    def render(c):
        from core.book.activity import interaction_kind_label
        from core.book.validation import country_name

        lines = [c["display_name"] + (f"  {c['native_name']}" if c["native_name"] else "")]
        if c["romanized_name"] and c["romanized_name"] != c["display_name"]:
            lines.append(c["romanized_name"])
        if c["form_of_address"]:
            lines.append(_("Address as: {value}").format(value=c["form_of_address"]))
        company = (c["company"] or {}).get("name")
        if c["job_title"] or company:
            lines.append(" @ ".join(p for p in (c["job_title"], company) if p))
        place = ", ".join(p for p in (c["city"], country_name(c["country"])) if p)
        if place:
            lines.append(_("Based in: {place}").format(place=place)
                         + (f" ({c['time_zone']})" if c["time_zone"] else ""))
        for phone in c["phones"]:
            lines.append(_("Phone: {value}").format(value=phone["display"]))
        for email in c["emails"]:
            lines.append(_("Email: {value}").format(value=email["value"]))
        if c["languages"]:
            lines.append(_("Speaks: {languages}").format(languages=", ".join(c["languages"])))
        if c["tags"]:
            lines.append(_("Tags: {tags}").format(tags=", ".join(c["tags"])))
        met = ", ".join(p for p in ((c["met_event"] or {}).get("name"), c["met_booth"], c["met_on"]) if p)
        if met:
            lines.append(_("Met: {where}").format(where=met))
        introducer = (c["introduced_by"] or {}).get("display_name") or c["introduced_by_org"]
        if introducer:
            lines.append(_("Introduced by: {who}").format(who=introducer))
        lines.append(_("Stage: {stage}").format(stage=stage_label(c["stage"])))
        kept = c["promises_kept"]
        if kept["us"]["due"]:
            lines.append(_("Promises we kept: {kept} of {due}").format(**kept["us"]))
        if kept["them"]["due"]:
            lines.append(_("Promises they kept: {kept} of {due}").format(**kept["them"]))
        for item in c["commitments"]:
            if item["done_at"]:
                continue
            owed = _("We owe") if item["owed_by"] == "us" else _("They owe")
            due = _(" (due {date})").format(date=item["due_on"]) if item["due_on"] else ""
            lines.append(f"{owed}: {item['description']}{due}")
        for item in c["follow_ups"]:
            if not item["done_at"]:
                lines.append(_("Follow up: {due}").format(due=_local_time(item["due_at"], zone))
                             + (f" — {item['reason']}" if item["reason"] else ""))
        for item in c["meetings"]:
            lines.append(_("Meeting: {when} ({zone}) {place}").format(
                when=_local_time(item["starts_at"], item["time_zone"]), zone=item["time_zone"],
                place=item["place"] or ""))
        for item in c["interactions"][:5]:
            lines.append(f"{_local_time(item['occurred_at'], zone)[:10]} "
                         f"{interaction_kind_label(item['kind'])}: {item['summary']}")
        if c["notes"]:
            lines.append(_("Notes: {notes}").format(notes=c["notes"]))
        return "\n".join(lines)

    return contact, render


@command("delete-contact")
def _delete(db, args):
    from core.book.contacts import delete_contact

    _require(db, args.id)
    delete_contact(db, args.id)
    return {"id": args.id, "deleted": True}, lambda r: _("Deleted {id}").format(id=r["id"])


@command("set-stage")
def _set_stage(db, args):
    from core.book.activity import change_stage

    _require(db, args.id)
    changed = change_stage(db, args.id, args.stage, note=args.note)
    return ({"id": args.id, "stage": args.stage, "changed": changed},
            lambda r: _("Stage is now {stage}").format(stage=r["stage"]))


@command("log")
def _log(db, args):
    from core.book.activity import log_interaction

    _require(db, args.id)
    new = log_interaction(db, args.id, kind=args.kind, summary=args.summary, place=args.place,
                          occurred_at=args.when)
    return {"id": new}, lambda r: _("Logged {id}").format(id=r["id"])


@command("promise")
def _promise(db, args):
    from core.book.activity import add_commitment

    _require(db, args.id)
    new = add_commitment(db, args.id, description=args.what, owed_by=args.owed_by, due_on=args.due)
    return {"id": new}, lambda r: _("Recorded promise {id}").format(id=r["id"])


@command("follow-up")
def _follow_up(db, args):
    from core.book.activity import schedule_follow_up_in

    _require(db, args.id)
    new = schedule_follow_up_in(db, args.id, hours=args.in_hours, reason=args.reason)
    return {"id": new}, lambda r: _("Follow-up planned ({id})").format(id=r["id"])


@command("today")
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
            lines.append(f"  {m['fair_time'][11:16]} ({m['time_zone']}) / {m['home_time'][11:16]} "
                         f"({zone})  {m['display_name']}  {m['place'] or ''}")
        lines.append(_("Follow-ups:") if t["follow_ups"] else _("Follow-ups: none due"))
        for f in t["follow_ups"]:
            flag = _("OVERDUE") if f["overdue"] else _("due")
            lines.append(f"  [{flag}] {_local_time(f['due_at'], zone)}  {f['display_name']}  {f['reason'] or ''}")
        lines.append(_("Promises:") if t["commitments"] else _("Promises: none due"))
        for c in t["commitments"]:
            flag = _("OVERDUE") if c["overdue"] else _("due")
            side = _("we owe") if c["owed_by"] == "us" else _("they owe")
            lines.append(f"  [{flag}] {c['due_on']}  {side}: {c['description']} — {c['display_name']}")
        return "\n".join(lines)

    return today, render


@command("edit-contact")
def _edit(db, args):
    from core.book.contacts import update_contact

    _require(db, args.id)
    given = {"display_name": args.name, "native_name": args.native_name, "job_title": args.title,
             "country": args.country, "city": args.city, "phones": args.phone,
             "emails": args.email, "tags": args.tag, "notes": args.notes}
    fields = {k: v for k, v in given.items() if v is not None}
    changed = update_contact(db, args.id, company=args.company, **fields)
    return ({"id": args.id, "changed": sorted(changed)},
            lambda r: _("Changed: {fields}").format(fields=", ".join(r["changed"]) or _("nothing")))


@command("done")
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


@command("add-event")
def _add_event(db, args):
    from core.book.events import add_event

    new = add_event(db, name=args.name, city=args.city, country=args.country,
                    time_zone=args.time_zone, starts_on=args.starts, ends_on=args.ends)
    return {"id": new}, lambda r: _("Added event {id}").format(id=r["id"])


@command("events")
def _events(db, args):
    from core.book.events import list_events

    rows = list_events(db)
    return rows, lambda rows: "\n".join(
        f"{e['id']}  {e['name']} — {e['city'] or ''} {e['starts_on'] or ''}" for e in rows) or _("No events")


@command("add-meeting")
def _add_meeting(db, args):
    from core.book.events import add_meeting

    _require(db, args.id)
    new = add_meeting(db, args.id, starts_at=args.at, event_id=args.event, time_zone=args.time_zone,
                      place=args.place, duration_minutes=args.minutes)
    return {"id": new}, lambda r: _("Planned meeting {id}").format(id=r["id"])


@command("cancel-meeting")
def _cancel_meeting(db, args):
    from core.book.events import cancel_meeting
    from core.store.records import fetch_row

    if fetch_row(db, "meetings", args.meeting_id) is None:
        raise CommandError(_("no meeting with id {id}").format(id=args.meeting_id))
    cancel_meeting(db, args.meeting_id)
    return {"id": args.meeting_id, "cancelled": True}, lambda r: _("Cancelled {id}").format(id=r["id"])


@command("settings")
def _settings(db, args):
    from core.book.settings import SETTINGS, get_setting, set_setting

    user_settings = {k: s for k, s in SETTINGS.items() if not k.startswith("ui/")}
    if args.key is None:
        values = {k: get_setting(db, k) for k in user_settings}
        return values, lambda v: "\n".join(f"{k} = {value}" for k, value in v.items())
    if args.key not in user_settings:
        raise CommandError(_("unknown setting {key!r}; one of: {keys}").format(
            key=args.key, keys=", ".join(user_settings)))
    if args.value is not None:
        set_setting(db, args.key, args.value)
    value = get_setting(db, args.key)
    return {args.key: value}, lambda v: f"{args.key} = {value}"


def _dossier_language(db, args) -> str:
    from core.dossier.render import dossier_languages
    from core.book.settings import DISPLAY_LOCALE, get_setting

    languages = dossier_languages()
    if args.lang and args.lang not in languages:
        raise CommandError(_("--lang: {lang!r} is not a dossier language; one of: {codes}").format(
            lang=args.lang, codes=", ".join(languages)))
    language = args.lang or get_setting(db, DISPLAY_LOCALE.key).split("_")[0]
    return language if language in languages else "en"


def _written_or_failed(path: str, write: Callable[[], Any]) -> Any:
    """Run *write*; a file system error becomes the command's one-line message naming *path*."""
    try:
        return write()
    except OSError as exc:
        raise CommandError(_("cannot write {path}: {error}").format(path=path, error=exc.strerror or exc)) from exc


def _check_output(path: str) -> None:
    from pathlib import Path

    folder = Path(path).expanduser().resolve().parent
    if not folder.is_dir():
        raise CommandError(_("cannot write {path}: the folder {folder} does not exist").format(
            path=path, folder=folder))


def _dossier_summary(result) -> dict:
    return {"path": result.path, "partners": result.partners, "pages": result.pages,
            "bytes": result.size, "missing_fonts": result.missing_fonts}


def _render_dossier_summary(summary: dict) -> str:
    line = ngettext("Wrote {path}: {pages} page", "Wrote {path}: {pages} pages", summary["pages"]).format(
        path=summary["path"], pages=summary["pages"])
    if summary["missing_fonts"]:
        line += "\n" + _("No font found here for: {scripts}").format(scripts=", ".join(summary["missing_fonts"]))
    return line


@command("dossier")
def _dossier(db, args):
    from core.dossier.render import render_dossier

    _require(db, args.contact_id)
    language = _dossier_language(db, args)
    _check_output(args.output)
    try:
        result = _written_or_failed(args.output, lambda: render_dossier(
            db, args.contact_id, args.output, language=language, meeting_id=args.meeting))
    except KeyError as exc:
        raise CommandError(_("no meeting {id} with this contact").format(id=args.meeting)) from exc
    return _dossier_summary(result), _render_dossier_summary


@command("dossiers")
def _dossiers(db, args):
    from core.dossier.render import render_dossier_batch
    from core.dossier.data import list_dossier_meetings
    from core.book.validation import normalize_date

    day = date.fromisoformat(normalize_date(args.date, "date"))
    if not list_dossier_meetings(db, day):
        raise CommandError(_("no meetings on {date}: nothing written").format(date=day.isoformat()))
    language = _dossier_language(db, args)
    _check_output(args.output)
    result = _written_or_failed(args.output,
                                lambda: render_dossier_batch(db, args.output, day=day, language=language))
    return _dossier_summary(result), _render_dossier_summary


@command("duplicates")
def _duplicates(db, args):
    from core.book.duplicates import find_duplicates_for_contact, list_duplicate_pairs

    if args.contact:
        contact = _require(db, args.contact)
        matches = find_duplicates_for_contact(db, args.contact)
        rows = [{"contact_id": args.contact, "contact_name": contact["display_name"],
                 "other_id": m.contact_id, "other_name": m.display_name, "reason": m.reason,
                 "reason_label": m.reason_label} for m in matches]
    else:
        rows = [{"contact_id": p.contact_id, "contact_name": p.contact["display_name"],
                 "other_id": p.other_id, "other_name": p.other["display_name"], "reason": p.reason,
                 "reason_label": p.reason_label} for p in list_duplicate_pairs(db, limit=args.limit)]

    def render(rows):
        if not rows:
            return _("No likely duplicates")
        return "\n".join(f"{r['contact_id']}  {r['contact_name']}\n{r['other_id']}  {r['other_name']}"
                         f"\n  {r['reason_label']}" for r in rows)

    return rows, render


@command("merge")
def _merge(db, args):
    from core.book.duplicates import list_merges, merge_contacts

    choices = {}
    for item in args.choose:
        field, sep, choice = item.partition("=")
        if not sep:
            raise CommandError(_("--choose takes FIELD=CHOICE, e.g. job_title=merged"))
        choices[field.strip()] = choice.strip()
    _require(db, args.survivor_id)
    _require(db, args.other_id)
    merge_id = merge_contacts(db, args.survivor_id, args.other_id, choices=choices)
    record = next(m for m in list_merges(db, args.survivor_id) if m["id"] == merge_id)

    def render(r):
        from core.book.duplicates import field_label

        lines = [_("Merged {other} into {survivor} (merge {id}; undo with: fairmate undo-merge {id})")
                 .format(other=r["merged_name"], survivor=r["survivor_name"], id=r["id"])]
        for field, value in r["kept_values"].items():
            lines.append("  " + _("Not kept — {field}: {value}").format(
                field=field_label(field), value=value))
        return "\n".join(lines)

    return record, render


@command("undo-merge")
def _undo_merge(db, args):
    from core.book.duplicates import undo_merge

    result = undo_merge(db, args.merge_id)

    def render(r):
        text = _("Undone: {merged} and {survivor} are two contacts again").format(
            merged=r["merged_id"], survivor=r["survivor_id"])
        if r["kept_edits"]:
            text += "\n" + _("Edited since the merge, kept as they are: {fields}").format(
                fields=", ".join(r["kept_edits"]))
        return text

    return result, render


@command("merges")
def _merges(db, args):
    from core.book.duplicates import list_merges
    from core.book.settings import HOME_TIME_ZONE, get_setting

    rows = list_merges(db, args.id)
    zone = get_setting(db, HOME_TIME_ZONE.key)

    def render(rows):
        if not rows:
            return _("No merges")
        return "\n".join(
            f"{m['id']}  {_local_time(m['merged_at'], zone)}  {m['merged_name']} → {m['survivor_name']}"
            + (" " + _("(undone)") if m["undone_at"] else "") for m in rows)

    return rows, render


@command("qr")
def _qr(db, args):
    from pathlib import Path

    from core.exchange.qr import QrError, my_card_vcard, render_qr

    target = Path(args.output)
    kind = target.suffix.lower().lstrip(".")
    if kind not in ("png", "svg"):
        raise CommandError(_("{file}: the QR code is saved as .png or .svg").format(file=target))
    if not 1 <= args.scale <= 100:
        raise CommandError(_("--scale must be between 1 and 100"))
    try:
        text = my_card_vcard(db)
    except QrError as exc:
        raise CommandError(str(exc)) from None
    try:
        target.write_bytes(render_qr(text, kind, scale=args.scale))
    except OSError as exc:
        raise CommandError(_("{file}: {error}").format(file=target, error=exc.strerror or exc)) from None
    return ({"file": str(target), "vcard": text},
            lambda r: _("Saved your card as a QR code: {file}").format(file=r["file"]))


@command("read-qr")
def _read_qr(db, args):
    from pathlib import Path

    from core.book.contacts import add_contact
    from core.book.duplicates import find_duplicates_for_fields
    from core.exchange.qr import QrError, read_card_from_image

    path = Path(args.image)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CommandError(_("{file}: {error}").format(file=path, error=exc.strerror or exc)) from None
    try:
        card = read_card_from_image(data)
    except QrError as exc:
        raise CommandError(f"{path}: {exc}") from None
    fields = {k: v for k, v in card.fields.items() if not k.startswith("_")}
    matches = find_duplicates_for_fields(db, fields, company=card.company)
    result = {"kind": card.kind, "name": card.name, "company": card.company, "fields": fields,
              "problems": card.problems,
              "duplicates": [{"id": m.contact_id, "name": m.display_name, "reason": m.reason_label}
                             for m in matches]}
    if args.add:
        result["id"] = add_contact(db, company=card.company, **fields)

    def render(r):
        lines = [r["name"] + (f" — {r['company']}" if r["company"] else "")]
        f = r["fields"]
        if f.get("job_title"):
            lines.append(f["job_title"])
        lines += [_("Phone: {value}").format(value=p["value"]) for p in f.get("phones", [])]
        lines += [_("Email: {value}").format(value=e["value"]) for e in f.get("emails", [])]
        for match in r["duplicates"]:
            lines.append(_("Possible duplicate of {name} ({id}): {reason}").format(**match))
        if "id" in r:
            lines.append(_("Added {name} ({id})").format(name=r["name"], id=r["id"]))
        return "\n".join(lines)

    return result, render


@command("demo-data")
def _demo(db, args):
    from core.demo.generate import generate_demo_data

    if args.contacts < 1:
        raise CommandError(_("--contacts must be at least 1"))
    started = datetime.now(timezone.utc)

    def progress(done, total):
        if not args.json and sys.stderr.isatty():
            print(f"\r{done}/{total}", end="", file=sys.stderr, flush=True)

    counts = generate_demo_data(db, args.contacts, seed=args.seed, progress=progress)
    counts["seconds"] = round((datetime.now(timezone.utc) - started).total_seconds(), 2)
    return counts, lambda c: _("Added demo data: {summary}").format(
        summary=", ".join(f"{k} {v}" for k, v in c.items()))


def _library_for_cli():
    from core.content.phrasebooks import load_phrasebooks

    library = load_phrasebooks()
    for error in library.errors:
        print(f"fairmate: {error}", file=sys.stderr)
    return library


@command("phrase")
def _phrase(db, args):
    from core.content.phrasebooks import search_phrases

    library = _library_for_cli()
    if args.lang and args.lang not in library.languages:
        raise CommandError(_("no phrasebook for {code!r}; one of: {codes}").format(
            code=args.lang, codes=", ".join(sorted(library.languages))))
    phrases = search_phrases(args.query, language=args.lang, limit=args.limit, library=library)

    def render(rows):
        if not rows:
            return _("No phrase matches {query!r}").format(query=args.query)
        blocks = []
        for p in rows:
            lines = [f"[{p['language']}] {p['english']}", f"  {p['text']}"]
            lines += [f"  {p[name]}" for name in ("romanization", "pronunciation") if p[name]]
            if p["note"]:
                lines.append("  " + _("Note: {note}").format(note=p["note"]))
            blocks.append("\n".join(lines))
        return "\n".join(blocks)

    return [p.to_dict() for p in phrases], render


@command("phrasebooks")
def _phrasebooks(db, args):
    from core.content.phrasebooks import list_phrase_languages

    library = _library_for_cli()
    result = {
        "languages": [{"code": b.code, "name": b.name, "native_name": b.native_name, "script": b.script,
                       "phrases": len(b.phrases), "of": len(library.catalog)}
                      for b in list_phrase_languages(library=library)],
        "errors": [{"file": e.file, "line": e.line, "message": e.message} for e in library.errors],
    }

    def render(r):
        lines = [f"{b['code']:<8} {b['name']} ({b['native_name']}): "
                 + _("{n} of {total} phrases").format(n=b["phrases"], total=b["of"]) for b in r["languages"]]
        if not lines:
            lines.append(_("No phrasebook loaded"))
        if r["errors"]:
            lines.append(_("{n} problems found (listed above)").format(n=len(r["errors"])))
        return "\n".join(lines)

    return result, render


@command("etiquette")
def _etiquette(db, args):
    from core.content.etiquette import (EtiquetteCardMissing, compare_etiquette, list_etiquette_cards,
                                load_etiquette_cards)
    from core.book.settings import HOME_COUNTRY, get_setting
    from core.i18n import current_language
    from core.book.validation import country_name, normalize_country

    library = load_etiquette_cards()
    if args.list:
        return _etiquette_list(library)
    if not args.country:
        raise CommandError(_("name a country, e.g. 'fairmate etiquette JP', or use --list"))
    partner = normalize_country(args.country, "etiquette")
    home = normalize_country(args.home, "--home") if args.home else get_setting(db, HOME_COUNTRY.key)
    try:
        comparison = compare_etiquette(home, partner, library)
    except EtiquetteCardMissing:
        broken = [str(e) for e in library.errors if e.file == f"{partner.lower()}.toml"]
        if broken:
            raise CommandError(_("the etiquette card for {country} is broken: {problems}").format(
                country=partner, problems="; ".join(broken))) from None
        raise CommandError(_("there is no etiquette card for {country}; cards exist for: {codes}").format(
            country=f"{country_name(partner, current_language())} ({partner})", codes=" ".join(c.country for c in list_etiquette_cards(library)))) from None
    result = {"card": comparison.partner.to_dict(), "comparison": comparison.to_dict()}
    return result, lambda _r: render_etiquette_text(comparison)


def _etiquette_list(library):
    from core.content.etiquette import list_etiquette_cards
    from core.i18n import current_language
    from core.book.validation import country_name

    cards = [{"country": c.country, "name": country_name(c.country, current_language()), "reviewed": c.reviewed.isoformat(),
              "summary": c.summary} for c in list_etiquette_cards(library)]
    errors = [{"file": e.file, "line": e.line, "message": e.message} for e in library.errors]

    def render(r):
        lines = [f"{c['country']}  {c['name']:<24} " + _("reviewed {date}").format(date=c["reviewed"])
                 for c in r["cards"]] or [_("No etiquette cards")]
        if library.errors:
            lines.append(_("Card files with problems (not loaded):"))
            lines += [f"  {e}" for e in library.errors]
        return "\n".join(lines)

    return {"cards": cards, "errors": errors}, render


def render_etiquette_text(comparison, width: int = 88) -> str:
    """A card as plain text: the comparison with home first, then the tips, then every section."""
    import textwrap

    from core.content.etiquette import dimension_labels, section_titles, split_section_text
    from core.i18n import current_language
    from core.book.validation import country_name

    partner = comparison.partner
    home = comparison.home
    name = country_name(partner.country, current_language())

    def wrap(text, indent="  ", first=None):
        return textwrap.fill(text, width, initial_indent=first if first is not None else indent,
                             subsequent_indent=indent, break_on_hyphens=False)

    lines = [_("{country}: etiquette card (reviewed {date})").format(
        country=name, date=partner.reviewed.isoformat()), wrap(partner.summary, "", ""), ""]
    labels = dimension_labels()
    if home is not None:
        lines.append(_("Compared with {home} (H = {home}, P = {partner}), most different first:").format(
            home=country_name(home.country, current_language()), partner=name))
    elif comparison.is_home_country:
        lines.append(_("Your home country, on Fairmate's 1–5 scales (P = {partner}):").format(partner=name))
    else:
        lines.append(_("No card for your home country {home}; {partner} alone (P), on Fairmate's 1–5 scales:")
                     .format(home=country_name(comparison.home_country, current_language()) if comparison.home_country else "?",
                             partner=name))
    low_width = max(len(v[1]) for v in labels.values())
    label_width = max(len(v[0]) for v in labels.values())
    for row in comparison.rows:
        label, low, high = labels[row.key]
        marks = []
        for step in range(1, 6):
            if step == row.partner_score and step == row.home_score:
                marks.append("=")
            elif step == row.partner_score:
                marks.append("P")
            elif step == row.home_score:
                marks.append("H")
            else:
                marks.append("·")
        gap = ""
        if row.difference:
            gap = "  " + ngettext("{n} step apart", "{n} steps apart", abs(row.difference)).format(
                n=abs(row.difference))
        flag = "!" if row.is_large else " "
        lines.append(f"{flag} {label:<{label_width}}  {low:>{low_width}} {' '.join(marks)} {high}{gap}")
        lines.append(wrap(row.partner_reason, "      "))
        if row.advice:
            lines.append(wrap(row.advice, "      ", "    → "))
    lines.append("")
    lines.append(_("What matters most for you:") if home is not None else _("Dos and don'ts:"))
    for tip in comparison.tips:
        lines.append(wrap(tip.text, "    ", "  ✓ " if tip.kind == "do" else "  ✗ "))
    for key, title in section_titles().items():
        lines += ["", title.upper()]
        for number, block in enumerate(split_section_text(partner.sections[key])):
            if number:
                lines.append("")
            if block.kind == "bullets":
                lines += [wrap(item, "    ", "  • ") for item in block.items]
            else:
                lines.append(wrap(block.items[0]))
    return "\n".join(lines)


@command("import")
def _import(db, args):
    from core.exchange.csv_files import CSV_FIELDS, guess_csv_mapping, sniff_csv
    from core.exchange.pipeline import ImportRejected, apply_import, preview_import, read_import_file

    mapping = None
    if args.map:
        from pathlib import Path

        try:
            table = sniff_csv(Path(args.file).read_bytes(), source=args.file)
        except OSError as exc:
            raise CommandError(_("cannot read {path}: {error}").format(path=args.file,
                                                                      error=exc.strerror)) from None
        mapping = guess_csv_mapping(table.headers)
        for item in args.map:
            column, _sep, target = item.partition("=")
            if column not in mapping:
                raise CommandError(_("--map: no column {column!r}; the columns are: {columns}").format(
                    column=column, columns=", ".join(table.headers)))
            if target not in CSV_FIELDS and not target.startswith(("phone:", "email:")):
                raise CommandError(_("--map: unknown field {field!r}; one of: {fields}").format(
                    field=target, fields=", ".join(k for k in CSV_FIELDS if k)))
            mapping[column] = target
    preview = preview_import(db, read_import_file(args.file, mapping=mapping))
    summary = preview.summary()
    if not preview.ok:
        raise CommandError(str(ImportRejected(preview.errors)))
    if not args.dry_run:
        summary.update(apply_import(db, preview).as_dict())
    summary["dry_run"] = args.dry_run

    def render(r):
        counts = _("{new} new ({duplicates} likely duplicates), {updated} updated").format(**r)
        lines = [(_("Would import: {counts}") if r["dry_run"] else _("Imported: {counts}"))
                 .format(counts=counts)]
        lines += [_("warning: {problem}").format(problem=f"{p['source']}:{p['line']}: {p['field']}: "
                                                        f"{p['message']}") for p in r["warnings"]]
        return "\n".join(lines)

    return summary, render


@command("export")
def _export(db, args):
    from core.exchange.pipeline import write_export

    count = _written_or_failed(args.output, lambda: write_export(
        db, args.output, args.format, contact_ids=args.contact, version=args.vcard_version))
    result = {"path": args.output, "format": args.format, "contacts": count}
    return result, lambda r: ngettext("Exported {n} contact to {path}", "Exported {n} contacts to {path}",
                                      r["contacts"]).format(n=r["contacts"], path=r["path"])
