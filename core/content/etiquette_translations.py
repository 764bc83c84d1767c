"""Etiquette cards in other languages: overlay files that replace a card's text.

An overlay ``resources/etiquette/<lang>/<cc>.toml`` holds the translated
summary, dos, don'ts, dimension reasons and sections of the English card
``<cc>.toml`` (format: resources/etiquette/README.md). Scores, dimensions of
tips and phrase choices always come from the English card. An overlay is used
only when it is complete and its ``translates`` date equals the card's
``reviewed``: an outdated translation is never shown as current, the English
card is shown instead. Problems are ``CardError``s with file and line, never
exceptions::

    card = translated_card(get_etiquette_card("CN"), "de")
    library = translated_library(load_etiquette_cards(), "de")   # every card, for compare_etiquette
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from core.content.etiquette import (_SYNTAX_POSITION, DIMENSION_KEYS, SECTION_KEYS, TIP_KINDS, CardError,
                                    DimensionScore, EtiquetteCard, EtiquetteLibrary, Tip, _Checker,
                                    load_etiquette_cards)
from core.i18n import _

OVERLAY_KEYS = ("translates", "summary", "dos", "donts", "dimensions", "sections")


@dataclass(frozen=True)
class CardOverlay:
    """The translated text of one card, as read from ``<lang>/<cc>.toml``."""

    country: str
    language: str
    translates: date
    summary: str
    reasons: dict[str, str]
    sections: dict[str, str]
    dos: tuple[str, ...]
    donts: tuple[str, ...]
    path: Path
    line_of: dict[str, int | None] = field(default_factory=dict, compare=False)  # 'translates', 'dos', 'donts'


@dataclass
class OverlaySet:
    """Every overlay of one language that parsed (by upper-case country code) and the errors of the rest."""

    language: str
    directory: Path
    overlays: dict[str, CardOverlay] = field(default_factory=dict)
    errors: list[CardError] = field(default_factory=list)


def _language_folder(language: str | None) -> str:
    return (language or "en").replace("-", "_").split("_")[0].lower()


def overlay_directory(language: str, cards_directory: Path | None = None) -> Path:
    """The folder of *language*'s overlays beside the English cards (``resources/etiquette/de``)."""
    return load_etiquette_cards(cards_directory).directory / _language_folder(language)


def _read_overlay(path: Path, language: str) -> tuple[CardOverlay | None, list[CardError]]:
    name = f"{path.parent.name}/{path.name}"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [CardError(name, None, _("cannot be read: {reason}").format(reason=exc))]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        position = _SYNTAX_POSITION.search(message)
        line = int(position.group(1)) if position else None
        if position:
            message = message[:position.start()]
        return None, [CardError(name, line, _("TOML syntax error: {problem}").format(problem=message))]

    check = _Checker(name, text)
    for key in data:
        if key not in OVERLAY_KEYS:
            check.fail((key,) if isinstance(data[key], dict) else (), key, _("unknown key {key!r}").format(key=key))
    translates = data.get("translates")
    if translates is None:
        check.fail((), "translates", _("translates is missing: the reviewed date of the card it translates"))
    elif isinstance(translates, datetime) or not isinstance(translates, date):
        check.fail((), "translates", _("translates must be a date such as 2026-11-23, without quotes"))
    summary = check.text(data, (), "summary", "summary")
    reasons = _read_texts(check, data.get("dimensions"), "dimensions", DIMENSION_KEYS)
    sections = _read_texts(check, data.get("sections"), "sections", SECTION_KEYS)
    tips = {}
    for kind in TIP_KINDS:
        value = data.get(kind)
        if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
            check.fail((), kind, _("{kind} must be a list of translated tips in quotes, one per [[{kind}]] "
                                   "of the card").format(kind=kind))
            value = []
        tips[kind] = tuple(v.strip() for v in value)
    if check.errors:
        return None, check.errors
    return CardOverlay(country=path.stem.upper(), language=language, translates=translates, summary=summary,
                       reasons=reasons, sections=sections, dos=tips["dos"], donts=tips["donts"], path=path,
                       line_of=_key_lines(text)), []


def _key_lines(text: str) -> dict[str, int | None]:
    """The lines of the top-level keys a later check against the card may name."""
    lines: dict[str, int | None] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("["):
            break  # top-level keys come before the first table
        for key in ("translates", "dos", "donts"):
            if key not in lines and line.split("=")[0].strip() == key:
                lines[key] = number
    return lines


def _read_texts(check: _Checker, table: Any, name: str, keys: tuple[str, ...]) -> dict[str, str]:
    where = (name,)
    if not isinstance(table, dict):
        check.fail(where, name, _("the [{name}] table is missing").format(name=name) if table is None
                   else _("{name} must be a table").format(name=name))
        return {}
    for key in table:
        if key not in keys:
            check.fail(where, key, _("unknown key {key!r}").format(key=key))
    result = {}
    for key in keys:
        value = check.text(table, where, key, f"{name}.{key}")
        if value is not None:
            result[key] = value
    return result


def load_card_overlays(language: str, cards_directory: Path | None = None) -> OverlaySet:
    """Read every overlay of *language* (``resources/etiquette/<lang>/*.toml``); never raises."""
    folder = overlay_directory(language, cards_directory)
    result = OverlaySet(_language_folder(language), folder)
    if folder.is_dir():
        for path in sorted(folder.glob("*.toml")):
            overlay, errors = _read_overlay(path, result.language)
            if overlay is not None:
                result.overlays[overlay.country] = overlay
            result.errors.extend(errors)
    return result


def check_overlay(overlay: CardOverlay, card: EtiquetteCard | None) -> list[CardError]:
    """What keeps *overlay* from replacing *card*: no such card, an outdated date, other counts of tips."""
    name = f"{overlay.path.parent.name}/{overlay.path.name}"
    if card is None:
        return [CardError(name, None, _("there is no English card {file} to translate").format(
            file=overlay.path.name))]
    errors = []
    if overlay.translates != card.reviewed:
        errors.append(CardError(name, overlay.line_of.get("translates"), _(
            "outdated: translates the card of {old}, but {file} was reviewed on {new}").format(
            old=overlay.translates.isoformat(), file=overlay.path.name, new=card.reviewed.isoformat())))
    for kind in TIP_KINDS:
        have, want = len(getattr(overlay, kind)), len(getattr(card, kind))
        if have != want:
            errors.append(CardError(name, overlay.line_of.get(kind), _(
                "{kind} has {have} entries, but the card has {want} [[{kind}]]").format(
                kind=kind, have=have, want=want)))
    return errors


def check_card_overlays(language: str, cards_directory: Path | None = None) -> list[CardError]:
    """Every problem of *language*'s overlays: unreadable or incomplete files, outdated or mismatched ones."""
    library = load_etiquette_cards(cards_directory)
    overlays = load_card_overlays(language, library.directory)
    errors = list(overlays.errors)
    for code, overlay in overlays.overlays.items():
        errors += check_overlay(overlay, library.get(code))
    return errors


def apply_overlay(card: EtiquetteCard, overlay: CardOverlay) -> EtiquetteCard:
    """*card* with *overlay*'s text (scores, tip dimensions and phrases stay the card's)."""
    dimensions = {key: dataclasses.replace(score, reason=overlay.reasons[key])
                  for key, score in card.dimensions.items()}
    return dataclasses.replace(
        card, summary=overlay.summary, sections=dict(overlay.sections), dimensions=dimensions,
        dos=tuple(Tip(t.kind, text, t.dimension) for t, text in zip(card.dos, overlay.dos)),
        donts=tuple(Tip(t.kind, text, t.dimension) for t, text in zip(card.donts, overlay.donts)))


# Overlays read once per language and folder; an edited file is read again.
_cache: dict[tuple[str, Path], tuple[tuple, OverlaySet]] = {}


def _overlays(language: str, cards_directory: Path) -> OverlaySet:
    folder = cards_directory / _language_folder(language)
    try:
        state = tuple(sorted((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in folder.glob("*.toml")))
    except OSError:
        state = ()
    key = (_language_folder(language), folder.resolve())
    cached = _cache.get(key)
    if cached is None or cached[0] != state:
        cached = _cache[key] = (state, load_card_overlays(language, cards_directory))
    return cached[1]


def translated_card(card: EtiquetteCard | None, language: str | None) -> EtiquetteCard | None:
    """*card* in *language* when a complete, current overlay exists; else *card* unchanged (English)."""
    if card is None or card.path is None or _language_folder(language) == "en":
        return card
    overlay = _overlays(language, card.path.parent).overlays.get(card.country)
    if overlay is None or check_overlay(overlay, card):
        return card
    return apply_overlay(card, overlay)


def translated_library(library: EtiquetteLibrary, language: str | None) -> EtiquetteLibrary:
    """A copy of *library* with each card in *language* where it has a current translation."""
    if _language_folder(language) == "en":
        return library
    return EtiquetteLibrary(library.directory, {code: translated_card(card, language)
                                                for code, card in library.cards.items()}, list(library.errors))
