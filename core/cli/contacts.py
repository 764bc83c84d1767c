"""Contact commands: add, find, list, show, edit and delete contacts."""

from __future__ import annotations

from core.cli.common import contact_line, local_time, require_contact
from core.i18n import _

# Core modules are imported inside the handlers: see core/cli/main.py (`fairmate --help` stays fast).


def register(add) -> None:
    """Add this module's commands: ``add(name, help, handler)`` returns the command's parser."""
    p = add("add-contact", _("add a person to the contact book"), _add_contact)
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

    p = add("search", _("find contacts as you would type in the search box"), _search)
    p.add_argument("query")
    p.add_argument("--limit", type=int, default=20)

    p = add("list", _("list contacts in name order"), _list)
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--offset", type=int, default=0)

    p = add("show", _("show everything about one contact"), _show)
    p.add_argument("id")

    p = add("delete-contact", _("delete a contact (kept as a tombstone for sync)"), _delete)
    p.add_argument("id")

    p = add("edit-contact", _("change fields of a contact"), _edit)
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


def _search(db, args):
    from core.book.search import search_contacts

    results = search_contacts(db, args.query, limit=args.limit)
    return results, lambda rows: "\n".join(contact_line(r) for r in rows) or _("No contact matches {query!r}").format(
        query=args.query)


def _list(db, args):
    from core.book.contacts import count_contacts, list_contacts

    rows = list_contacts(db, limit=args.limit, offset=args.offset)
    total = count_contacts(db)

    def render(rows):
        if not rows:
            return _("The contact book is empty") if not total else _("No contacts at this offset")
        text = "\n".join(contact_line(r) for r in rows)
        if args.offset + len(rows) < total:
            text += "\n" + _("({shown} of {total}; see more with --offset {next} or --limit)").format(
                shown=len(rows), total=total, next=args.offset + len(rows))
        return text

    return rows, render


def _show(db, args):
    from core.book.activity import (list_commitments, list_follow_ups, list_interactions,
                               list_stage_history, summarize_promises)
    from core.book.contacts import stage_label
    from core.book.events import list_meetings
    from core.book.settings import HOME_TIME_ZONE, get_setting

    contact = require_contact(db, args.id)
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
                lines.append(_("Follow up: {due}").format(due=local_time(item["due_at"], zone))
                             + (f" — {item['reason']}" if item["reason"] else ""))
        for item in c["meetings"]:
            lines.append(_("Meeting: {when} ({zone}) {place}").format(
                when=local_time(item["starts_at"], item["time_zone"]), zone=item["time_zone"],
                place=item["place"] or ""))
        for item in c["interactions"][:5]:
            lines.append(f"{local_time(item['occurred_at'], zone)[:10]} "
                         f"{interaction_kind_label(item['kind'])}: {item['summary']}")
        if c["notes"]:
            lines.append(_("Notes: {notes}").format(notes=c["notes"]))
        return "\n".join(lines)

    return contact, render


def _delete(db, args):
    from core.book.contacts import delete_contact

    require_contact(db, args.id)
    delete_contact(db, args.id)
    return {"id": args.id, "deleted": True}, lambda r: _("Deleted {id}").format(id=r["id"])


def _edit(db, args):
    from core.book.contacts import update_contact

    require_contact(db, args.id)
    given = {"display_name": args.name, "native_name": args.native_name, "job_title": args.title,
             "country": args.country, "city": args.city, "phones": args.phone,
             "emails": args.email, "tags": args.tag, "notes": args.notes}
    fields = {k: v for k, v in given.items() if v is not None}
    changed = update_contact(db, args.id, company=args.company, **fields)
    return ({"id": args.id, "changed": sorted(changed)},
            lambda r: _("Changed: {fields}").format(fields=", ".join(r["changed"]) or _("nothing")))
