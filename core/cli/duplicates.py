"""Duplicate commands: likely duplicates, merges and their undoing."""

from __future__ import annotations

from core.book.fields import DISPLAY_NAME
from core.book.validation import check_range
from core.cli.common import CommandError, local_time, require_contact, row_field_label
from core.i18n import _

# Core modules are imported inside the handlers: see core/cli/main.py (`fairmate --help` stays fast).


def register(add) -> None:
    """Add this module's commands: ``add(name, help, handler)`` returns the command's parser."""
    p = add("duplicates", _("list contacts that are likely the same person"), _duplicates)
    p.add_argument("--limit", type=int, default=200)
    p.add_argument("--contact", metavar="ID", help=_("only the likely duplicates of this contact"))

    p = add("merge", _("merge two records of one person; the first one is kept"), _merge)
    p.add_argument("survivor_id", metavar="SURVIVOR_ID")
    p.add_argument("other_id", metavar="OTHER_ID")
    p.add_argument("--choose", action="append", default=[], metavar="FIELD=CHOICE",
                   help=_("survivor, merged or (lists, notes) both, e.g. job_title=merged; repeat"))

    p = add("undo-merge", _("undo a merge: both contacts and their histories come back"), _undo_merge)
    p.add_argument("merge_id", metavar="MERGE_ID")

    p = add("merges", _("list merges (of one contact when given)"), _merges)
    p.add_argument("id", nargs="?")


def _duplicates(db, args):
    from core.book.duplicates import find_duplicates_for_contact, list_duplicate_pairs

    if args.contact:
        contact = require_contact(db, args.contact)
        matches = find_duplicates_for_contact(db, args.contact)
        rows = [{"contact_id": args.contact, "contact_name": contact[DISPLAY_NAME.name],
                 "other_id": m.contact_id, "other_name": m.display_name, "reason": m.reason,
                 "reason_label": m.reason_label} for m in matches]
    else:
        rows = [{"contact_id": p.contact_id, "contact_name": p.contact[DISPLAY_NAME.name],
                 "other_id": p.other_id, "other_name": p.other[DISPLAY_NAME.name], "reason": p.reason,
                 "reason_label": p.reason_label} for p in list_duplicate_pairs(db, limit=check_range(args.limit, "limit"))]

    def render(rows):
        if not rows:
            return _("No likely duplicates")
        return "\n".join(f"{r['contact_id']}  {r['contact_name']}\n{r['other_id']}  {r['other_name']}"
                         f"\n  {r['reason_label']}" for r in rows)

    return rows, render


def _merge(db, args):
    from core.book.duplicates import list_merges, merge_contacts

    choices = {}
    for item in args.choose:
        field, sep, choice = item.partition("=")
        if not sep:
            raise CommandError(_("--choose takes FIELD=CHOICE, e.g. job_title=merged"))
        choices[field.strip()] = choice.strip()
    require_contact(db, args.survivor_id)
    require_contact(db, args.other_id)
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


def _undo_merge(db, args):
    from core.book.duplicates import undo_merge

    result = undo_merge(db, args.merge_id)

    def render(r):
        text = _("Undone: {merged} and {survivor} are two contacts again").format(
            merged=r["merged_id"], survivor=r["survivor_id"])
        if r["kept_edits"]:
            text += "\n" + _("Edited since the merge, kept as they are: {fields}").format(
                fields=", ".join(row_field_label("contacts", f) for f in r["kept_edits"]))
        return text

    return result, render


def _merges(db, args):
    from core.book.duplicates import list_merges
    from core.book.settings import HOME_TIME_ZONE, get_setting

    rows = list_merges(db, args.id)
    zone = get_setting(db, HOME_TIME_ZONE.key)

    def render(rows):
        if not rows:
            return _("No merges")
        return "\n".join(
            f"{m['id']}  {local_time(m['merged_at'], zone)}  {m['merged_name']} → {m['survivor_name']}"
            + (" " + _("(undone)") if m["undone_at"] else "") for m in rows)

    return rows, render
