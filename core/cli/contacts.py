"""Contact commands: add, find, list, show, edit, delete and erase contacts."""

from __future__ import annotations

import sys

from core.book.fields import (DISPLAY_NAME, EMAILS, IMAGE, NATIVE_NAME, PHONES, list_fields)
from core.book.times import zone_city
from core.book.validation import check_range
from core.cli.common import (CommandError, add_field_options, contact_line, field_text, fields_from_options,
                             local_time, require_contact, row_field_label)
from core.i18n import _

# Core modules are imported inside the handlers: see core/cli/main.py (`fairmate --help` stays fast).


def register(add) -> None:
    """Add this module's commands: ``add(name, help, handler)`` returns the command's parser."""
    p = add("add-contact", _("add a person to the contact book"), _add_contact)
    add_field_options(p, replacing=False)
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

    p = add("erase", _("erase a contact and their whole history for good, here and on every synced device "
                       "(GDPR Art. 17; unlike delete-contact it cannot be undone)"), _erase)
    p.add_argument("id")
    p.add_argument("--yes", action="store_true", help=_("erase without asking"))
    p.add_argument("--vacuum", action="store_true",
                   help=_("also rewrite the whole book file (VACUUM): it shrinks, and nothing an older "
                          "version left in its free space stays"))

    p = add("edit-contact", _("change fields of a contact"), _edit)
    p.add_argument("id")
    add_field_options(p, replacing=True)


def _add_contact(db, args):
    from core.book.contacts import add_contact, get_contact

    values, company = fields_from_options(args)
    contact_id = add_contact(db, company=company, follow_up_hours=args.follow_up, **values)
    contact = get_contact(db, contact_id)
    result = {"id": contact_id, DISPLAY_NAME.name: contact[DISPLAY_NAME.name],
              NATIVE_NAME.name: contact[NATIVE_NAME.name],
              PHONES.name: [p["value"] for p in contact[PHONES.name]],
              EMAILS.name: [e["value"] for e in contact[EMAILS.name]]}
    return result, lambda r: _("Added {name} ({id})").format(name=r[DISPLAY_NAME.name], id=r["id"])


def _search(db, args):
    from core.book.search import search_contacts

    results = search_contacts(db, args.query, limit=check_range(args.limit, "limit"))
    return results, lambda rows: "\n".join(contact_line(r) for r in rows) or _("No contact matches {query!r}").format(
        query=args.query)


def _list(db, args):
    from core.book.contacts import count_contacts, list_contacts

    rows = list_contacts(db, limit=check_range(args.limit, "limit"), offset=check_range(args.offset, "offset"))
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
    from core.book.events import list_meetings
    from core.book.settings import HOME_TIME_ZONE, get_setting

    contact = require_contact(db, args.id)
    for field in list_fields(type=IMAGE):
        contact.pop(field.name, None)  # bytes: no text, no JSON
    contact["stage_history"] = list_stage_history(db, args.id)
    contact["commitments"] = list_commitments(db, args.id)
    contact["promises_kept"] = summarize_promises(
        db, args.id, time_zone=get_setting(db, HOME_TIME_ZONE.key))
    contact["follow_ups"] = list_follow_ups(db, args.id)
    contact["interactions"] = list_interactions(db, args.id)
    contact["meetings"] = list_meetings(db, contact_id=args.id)

    zone = get_setting(db, HOME_TIME_ZONE.key)
    # Every other field the contact has, by its declaration (core.book.fields); the text is
    # made now, while the database is open (render runs after it is closed).
    facts = [f"{field.display_label()}: {field_text(db, field, contact[field.name])}"
             for field in list_fields()
             if field not in (DISPLAY_NAME, NATIVE_NAME)
             and contact.get(field.name) not in (None, "", [])]

    def render(c):
        from core.book.activity import interaction_kind_label

        lines = [c[DISPLAY_NAME.name] + (f"  {c[NATIVE_NAME.name]}" if c[NATIVE_NAME.name] else "")]
        lines += facts
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
                when=local_time(item["starts_at"], item["time_zone"]),
                zone=item.get("fair_city") or zone_city(item["time_zone"]),
                place=item["place"] or ""))
        for item in c["interactions"][:5]:
            lines.append(f"{local_time(item['occurred_at'], zone)[:10]} "
                         f"{interaction_kind_label(item['kind'])}: {item['summary']}")
        return "\n".join(lines)

    return contact, render


def _delete(db, args):
    from core.book.contacts import delete_contact

    require_contact(db, args.id)
    delete_contact(db, args.id)
    return {"id": args.id, "deleted": True}, lambda r: _("Deleted {id}").format(id=r["id"])


def _erase(db, args):
    from core.book.erasure import erase_contact, is_erased_contact, vacuum_book

    row = db.conn.execute("SELECT display_name FROM contacts WHERE id = ?", (args.id,)).fetchone()
    if row is None:
        if is_erased_contact(db, args.id):
            raise CommandError(_("{id} was erased already").format(id=args.id))
        raise CommandError(_("no contact with id {id}").format(id=args.id))
    if not args.yes and not _confirmed(_("Erase {name} ({id}) and their whole history for good? It cannot be "
                                         "undone. [y/N] ").format(name=row[0], id=args.id)):
        raise CommandError(_("not erased: erasing {name} ({id}) removes them and their whole history for good, "
                             "here and on every synced device; add --yes to erase").format(name=row[0], id=args.id))
    erased = erase_contact(db, args.id)
    if args.vacuum:
        vacuum_book(db)
    result = {"id": args.id, "erased": erased.names, "records": erased.rows, "vacuumed": args.vacuum}

    def render(r):
        text = _("Erased {names}: {count} records, and every earlier value of them").format(
            names=", ".join(r["erased"]), count=r["records"])
        if not r["vacuumed"]:
            text += "\n" + _("fairmate erase … --vacuum (or a later VACUUM) also shrinks the file")
        return text
    return result, render


def _confirmed(question: str) -> bool:
    """Ask on the terminal; False without one (a script must say --yes)."""
    if not sys.stdin.isatty():
        return False
    try:
        return input(question).strip().lower() in ("y", "yes", _("y"), _("yes"))
    except EOFError:
        return False


def _edit(db, args):
    from core.book.contacts import update_contact

    require_contact(db, args.id)
    values, company = fields_from_options(args)
    changed = update_contact(db, args.id, company=company, **values)
    return ({"id": args.id, "changed": sorted(changed)},
            lambda r: _("Changed: {fields}").format(
                fields=", ".join(row_field_label("contacts", f) for f in r["changed"]) or _("nothing")))
