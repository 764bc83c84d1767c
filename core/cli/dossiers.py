"""Dossier commands: one partner's dossier, or a day's meetings as one PDF."""

from __future__ import annotations

from datetime import date

from core.cli.common import CommandError, check_output, require_contact, written_or_failed
from core.i18n import _, current_language, match_shipped_language, ngettext

# Core modules are imported inside the handlers: see core/cli/main.py (`fairmate --help` stays fast).


def register(add) -> None:
    """Add this module's commands: ``add(name, help, handler)`` returns the command's parser."""
    p = add("dossier", _("write a partner's dossier as PDF"), _dossier)
    p.add_argument("contact_id")
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    p.add_argument("--lang", help=_("language of the dossier, e.g. de (default: the interface language)"))
    p.add_argument("--meeting", metavar="MEETING_ID", help=_("the meeting to prepare (default: the next one)"))

    p = add("dossiers", _("write the dossiers of a day's meetings as one PDF with a cover agenda"), _dossiers)
    p.add_argument("--date", required=True, metavar="YYYY-MM-DD", help=_("the day of the meetings, at the fair"))
    p.add_argument("-o", "--output", required=True, metavar="FILE.pdf")
    p.add_argument("--lang", help=_("language of the dossiers, e.g. de (default: the interface language)"))


def _dossier_language(db, args) -> str:
    from core.dossier.render import dossier_languages
    if args.lang and match_shipped_language(args.lang) is None:
        raise CommandError(_("--lang: {lang!r} is not a dossier language; one of: {codes}").format(
            lang=args.lang, codes=", ".join(dossier_languages())))
    # The interface language (the app's, or LANGUAGE…) unless asked otherwise.
    return match_shipped_language(args.lang or current_language()) or "en"


def _dossier_summary(result) -> dict:
    return {"path": result.path, "partners": result.partners, "pages": result.pages,
            "bytes": result.size, "missing_fonts": result.missing_fonts}


def _render_dossier_summary(summary: dict) -> str:
    line = ngettext("Wrote {path}: {pages} page", "Wrote {path}: {pages} pages", summary["pages"]).format(
        path=summary["path"], pages=summary["pages"])
    if summary["missing_fonts"]:
        line += "\n" + _("No font found here for: {scripts}").format(scripts=", ".join(summary["missing_fonts"]))
    return line


def _dossier(db, args):
    from core.dossier.render import render_dossier

    require_contact(db, args.contact_id)
    language = _dossier_language(db, args)
    check_output(args.output, db)
    try:
        result = written_or_failed(args.output, lambda: render_dossier(
            db, args.contact_id, args.output, language=language, meeting_id=args.meeting))
    except KeyError as exc:
        raise CommandError(_("no meeting {id} with this contact").format(id=args.meeting)) from exc
    return _dossier_summary(result), _render_dossier_summary


def _dossiers(db, args):
    from core.dossier.render import render_dossier_batch
    from core.dossier.data import list_dossier_meetings
    from core.book.validation import normalize_date

    day_text = normalize_date(args.date, "date")
    if day_text is None:
        raise CommandError(_("--date: give a day like 2026-11-24"))
    day = date.fromisoformat(day_text)
    if not list_dossier_meetings(db, day):
        raise CommandError(_("no meetings on {date}: nothing written").format(date=day.isoformat()))
    language = _dossier_language(db, args)
    check_output(args.output, db)
    result = written_or_failed(args.output,
                                lambda: render_dossier_batch(db, args.output, day=day, language=language))
    return _dossier_summary(result), _render_dossier_summary
