"""Content commands: phrasebook look-ups and etiquette cards."""

from __future__ import annotations

import sys
import textwrap

from core.book.validation import check_range
from core.cli.common import CommandError
from core.i18n import _, current_language, ngettext

# Core modules are imported inside the handlers: see core/cli/main.py (`fairmate --help` stays fast).


def register(add) -> None:
    """Add this module's commands: ``add(name, help, handler)`` returns the command's parser."""
    p = add("phrase", _("look a phrase up in the phrasebooks, in English or any language"), _phrase)
    p.add_argument("query", help=_("English, the target script, romanization or pronunciation"))
    p.add_argument("--lang", metavar="CODE", help=_("only this language, e.g. ko, ja, zh-Hans"))
    p.add_argument("--limit", type=int, default=20)

    add("phrasebooks", _("list the phrasebook languages, their phrase counts and any problems"), _phrasebooks)

    p = add("etiquette", _("a country's etiquette card, compared with your home country first"), _etiquette)
    p.add_argument("country", nargs="?", help=_("ISO code such as JP, or an English name"))
    p.add_argument("--home", help=_("your home country (default: the saved setting)"))
    p.add_argument("--list", action="store_true", help=_("list the countries with a card, and broken card files"))


def _library_for_cli():
    from core.content.phrasebooks import load_phrasebooks

    library = load_phrasebooks()
    for error in library.errors:
        print(f"fairmate: {error}", file=sys.stderr)
    return library


def _phrase(db, args):
    from core.content.phrasebooks import search_phrases

    library = _library_for_cli()
    if args.lang and args.lang not in library.languages:
        raise CommandError(_("no phrasebook for {code!r}; one of: {codes}").format(
            code=args.lang, codes=", ".join(sorted(library.languages))))
    phrases = search_phrases(args.query, language=args.lang, limit=check_range(args.limit, "limit"),
                             library=library)

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


def _etiquette(db, args):
    from core.content.etiquette import list_etiquette_cards, load_etiquette_cards
    from core.content.etiquette_comparison import EtiquetteCardMissing, compare_etiquette
    from core.content.etiquette_translations import translated_library
    from core.book.settings import HOME_COUNTRY, get_setting
    from core.book.validation import country_name, normalize_country

    # In the interface language where a complete, current translation exists (as the app shows it).
    library = translated_library(load_etiquette_cards(), current_language())
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
    from core.content.etiquette import dimension_labels, section_titles, split_section_text
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
