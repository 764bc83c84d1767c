"""Exchange commands: import and export files, your card as a QR code, cards read from photos."""

from __future__ import annotations

from pathlib import Path

from core.book.fields import EMAILS, JOB_TITLE, PHONES
from core.book.validation import check_range
from core.cli.common import CommandError, check_output, written_or_failed
from core.i18n import _, ngettext

# Core modules are imported inside the handlers: see core/cli/main.py (`fairmate --help` stays fast).


def register(add) -> None:
    """Add this module's commands: ``add(name, help, handler)`` returns the command's parser."""
    p = add("import", _("import contacts from a vCard (.vcf) or CSV file, all or nothing"), _import)
    p.add_argument("file")
    p.add_argument("--dry-run", action="store_true",
                   help=_("show what the import would do; write nothing"))
    p.add_argument("--map", action="append", default=[], metavar="COLUMN=FIELD",
                   help=_("CSV: read COLUMN as FIELD (e.g. 'Mobil=phone:mobile'); repeat"))

    p = add("export", _("export contacts (vCard, CSV) or meetings and follow-ups (iCalendar)"), _export)
    p.add_argument("--format", choices=("vcf", "csv", "ics"), required=True)
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p.add_argument("--version", dest="vcard_version", choices=("4.0", "3.0"), default="4.0",
                   help=_("vCard version (default 4.0)"))
    p.add_argument("--contact", action="append", metavar="ID",
                   help=_("export only this contact; repeat for several (default: everyone)"))

    p = add("qr", _("save your own card (Preferences ▸ Your card) as a QR code to scan"), _qr)
    p.add_argument("--mine", action="store_true", required=True, help=_("your own card"))
    p.add_argument("-o", "--output", required=True, metavar="FILE",
                   help=_("FILE.png or FILE.svg"))
    p.add_argument("--scale", type=int, default=10, help=_("pixels per module (PNG)"))

    p = add("read-qr", _("read a vCard or MECARD QR code from a photo or screenshot"), _read_qr)
    p.add_argument("image", metavar="IMAGE")
    p.add_argument("--add", action="store_true", help=_("add the card to the contact book"))


def _qr(db, args):
    from core.exchange.qr import QrError, my_card_vcard, render_qr
    from core.store.files import write_file_atomically

    target = Path(args.output)
    kind = target.suffix.lower().lstrip(".")
    if kind not in ("png", "svg"):
        raise CommandError(_("{file}: the QR code is saved as .png or .svg").format(file=target))
    check_range(args.scale, "scale")
    try:
        text = my_card_vcard(db)
    except QrError as exc:
        raise CommandError(str(exc)) from None
    check_output(args.output, db)
    written_or_failed(args.output, lambda: write_file_atomically(target, render_qr(text, kind, scale=args.scale)))
    return ({"file": str(target), "vcard": text},
            lambda r: _("Saved your card as a QR code: {file}").format(file=r["file"]))


def _read_qr(db, args):
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
        if f.get(JOB_TITLE.name):
            lines.append(f[JOB_TITLE.name])
        lines += [_("Phone: {value}").format(value=p["value"]) for p in f.get(PHONES.name, [])]
        lines += [_("Email: {value}").format(value=e["value"]) for e in f.get(EMAILS.name, [])]
        for match in r["duplicates"]:
            lines.append(_("Possible duplicate of {name} ({id}): {reason}").format(**match))
        if "id" in r:
            lines.append(_("Added {name} ({id})").format(name=r["name"], id=r["id"]))
        return "\n".join(lines)

    return result, render


def _import(db, args):
    from core.exchange.model import ImportProblem
    from core.exchange.csv_files import CSV_FIELDS, guess_csv_mapping, sniff_csv
    from core.exchange.pipeline import ImportRejected, apply_import, preview_import, read_import_file

    mapping = None
    if args.map:
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
        lines += [_("warning: {problem}").format(problem=ImportProblem(**p)) for p in r["warnings"]]
        return "\n".join(lines)

    return summary, render


def _export(db, args):
    from core.exchange.pipeline import write_export

    check_output(args.output, db)
    count = written_or_failed(args.output, lambda: write_export(
        db, args.output, args.format, contact_ids=args.contact, version=args.vcard_version))
    result = {"path": args.output, "format": args.format, "contacts": count}
    if args.format == "ics":
        from core.exchange.ical import count_calendar_events

        # A calendar holds meetings and follow-ups, not contacts: say how many of each were written.
        result.update(count_calendar_events(Path(args.output).read_bytes()))
    if args.format == "csv":
        from core.exchange.formula_guard import count_guarded_cells

        result["guarded_cells"] = count_guarded_cells(Path(args.output).read_text(encoding="utf-8-sig"))

    def render(r):
        from core.exchange.formula_guard import describe_guarded_cells

        if r["format"] == "ics":
            lines = [_("Exported {meetings} and {follow_ups} to {path}").format(
                meetings=ngettext("{n} meeting", "{n} meetings", r["meetings"]).format(n=r["meetings"]),
                follow_ups=ngettext("{n} follow-up", "{n} follow-ups", r["follow_ups"]).format(
                    n=r["follow_ups"]), path=r["path"])]
        else:
            lines = [ngettext("Exported {n} contact to {path}", "Exported {n} contacts to {path}",
                              r["contacts"]).format(n=r["contacts"], path=r["path"])]
        if r.get("guarded_cells"):
            lines.append(describe_guarded_cells(r["guarded_cells"]))
        return "\n".join(lines)

    return result, render
