"""Etiquette cards: one TOML file per country, loaded, checked and looked up.

The files live in ``resources/etiquette/<cc>.toml`` (format: that folder's
README.md). Loading never raises: a broken file becomes a ``CardError`` naming
the file and line, and the other cards still load. Comparing a card with the
home country's is ``core.content.etiquette_comparison``.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable

from babel import Locale

from core.book.validation import ValidationError, normalize_country
from core.content.data_files import DataFileError
from core.i18n import N_, _
from core.paths import resource_path

DIMENSION_KEYS = ("specific_diffuse", "trust_basis", "communication", "hierarchy", "punctuality",
                  "negotiation_pace", "formality")
SECTION_KEYS = ("greetings", "names_titles", "business_cards", "meeting_protocol", "punctuality",
                "negotiation", "decisions_hierarchy", "communication", "trust", "gifts",
                "dining_drinking", "dress", "small_talk", "gestures", "working_week", "follow_up",
                "regional_variation")
TOP_LEVEL_KEYS = ("country", "reviewed", "summary", "dimensions", "sections", "dos", "donts", "phrases")
PHRASE_CHOICES = ("exclude", "add")  # the optional [phrases] table: key phrases for dossiers
TIP_KINDS = {"dos": "do", "donts": "dont"}
SCALE = range(1, 6)

# Untranslated; _() is applied where they are shown (the language may change at run time).
_DIMENSION_LABELS = {
    "specific_diffuse": (N_("Specific or diffuse"), N_("Specific"), N_("Diffuse")),
    "trust_basis": (N_("Basis of trust"), N_("Task"), N_("Relationship")),
    "communication": (N_("Communication"), N_("Direct"), N_("Indirect")),
    "hierarchy": (N_("Hierarchy"), N_("Flat"), N_("Steep")),
    "punctuality": (N_("Time and planning"), N_("Flexible"), N_("Strict")),
    "negotiation_pace": (N_("Negotiation pace"), N_("Fast"), N_("Slow")),
    "formality": (N_("Formality"), N_("Informal"), N_("Formal")),
}
_SECTION_TITLES = {
    "greetings": N_("Greetings"),
    "names_titles": N_("Names and titles"),
    "business_cards": N_("Business cards"),
    "meeting_protocol": N_("Meetings"),
    "punctuality": N_("Punctuality"),
    "negotiation": N_("Negotiation"),
    "decisions_hierarchy": N_("Decisions and hierarchy"),
    "communication": N_("Communication"),
    "trust": N_("Building trust"),
    "gifts": N_("Gifts"),
    "dining_drinking": N_("Dining and drinking"),
    "dress": N_("Dress"),
    "small_talk": N_("Small talk"),
    "gestures": N_("Gestures and body language"),
    "working_week": N_("Working week and holidays"),
    "follow_up": N_("Follow-up"),
    "regional_variation": N_("Regional variation"),
}
# Codes babel lists among territories that are not countries.
_NOT_COUNTRIES = {"ZZ", "XA", "XB", "QO", "EU", "EZ", "UN"}


def dimension_labels(translate: Callable[[str], str] | None = None) -> dict[str, tuple[str, str, str]]:
    """``{key: (label, low end, high end)}`` of the seven dimensions, in order, translated.

    *translate* is another language's ``gettext`` (a dossier's); default: the interface's.
    """
    translate = translate or _
    return {key: tuple(translate(text) for text in _DIMENSION_LABELS[key]) for key in DIMENSION_KEYS}


def section_titles(translate: Callable[[str], str] | None = None) -> dict[str, str]:
    """``{key: title}`` of a card's sections, in reading order, translated (by *translate*, e.g. a
    dossier's own language, else the interface language)."""
    translate = translate or _
    return {key: translate(_SECTION_TITLES[key]) for key in SECTION_KEYS}


# Cards --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DimensionScore:
    """A country's place on one dimension (1–5), why, and the published work the score was checked against."""

    key: str
    score: int
    reason: str
    source: str | None = None


@dataclass(frozen=True)
class Tip:
    """A do or a don't; *dimension* (or None) is the dimension it belongs to."""

    kind: str  # 'do' or 'dont'
    text: str
    dimension: str | None = None


@dataclass(frozen=True)
class TextBlock:
    """A paragraph (``kind='paragraph'``, one item) or a bullet list (``'bullets'``) of a section."""

    kind: str
    items: tuple[str, ...]


@dataclass(frozen=True)
class EtiquetteCard:
    """One country's card, as checked by ``load_etiquette_cards``."""

    country: str
    reviewed: date
    summary: str
    dimensions: dict[str, DimensionScore]
    sections: dict[str, str]
    dos: tuple[Tip, ...]
    donts: tuple[Tip, ...]
    path: Path | None = None
    excluded_phrases: tuple[str, ...] = ()  # phrase keys or categories a dossier leaves out here
    added_phrases: tuple[str, ...] = ()     # phrase keys a dossier prints here besides the catalog's

    @property
    def tips(self) -> tuple[Tip, ...]:
        """The dos, then the don'ts, in file order."""
        return self.dos + self.donts

    def score(self, key: str) -> int:
        """The score on dimension *key* (1–5)."""
        return self.dimensions[key].score

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON: the card's fields with the date as ISO text."""
        return {
            "country": self.country,
            "reviewed": self.reviewed.isoformat(),
            "summary": self.summary,
            "dimensions": {k: {"score": d.score, "reason": d.reason, "source": d.source}
                           for k, d in self.dimensions.items()},
            "sections": dict(self.sections),
            "dos": [{"text": t.text, "dimension": t.dimension} for t in self.dos],
            "donts": [{"text": t.text, "dimension": t.dimension} for t in self.donts],
            "phrases": {"exclude": list(self.excluded_phrases), "add": list(self.added_phrases)},
        }


# Problems are reported the same way for every data file.
CardError = DataFileError


@dataclass
class EtiquetteLibrary:
    """Every card of one folder that loaded (by upper-case country code) and the errors of the rest."""

    directory: Path
    cards: dict[str, EtiquetteCard] = field(default_factory=dict)
    errors: list[CardError] = field(default_factory=list)

    def get(self, country: str | None) -> EtiquetteCard | None:
        """The card of *country* (a code in any case), or None."""
        return self.cards.get((country or "").strip().upper())


def split_section_text(text: str) -> list[TextBlock]:
    """A section's text as paragraphs and bullet lists (blank line: new paragraph; "- ": bullet).

    Lines inside a paragraph or a bullet are joined with spaces, so authors may wrap them.
    """
    blocks: list[TextBlock] = []
    for chunk in re.split(r"\n\s*\n", text.strip()):
        paragraph: list[str] = []
        bullets: list[str] = []
        for raw in chunk.splitlines():
            line = raw.strip()
            if line.startswith("- "):
                if paragraph:
                    blocks.append(TextBlock("paragraph", (" ".join(paragraph),)))
                    paragraph = []
                bullets.append(line[2:].strip())
            elif bullets and raw[:1].isspace():
                bullets[-1] += " " + line  # an indented line continues the bullet
            else:
                if bullets:
                    blocks.append(TextBlock("bullets", tuple(bullets)))
                    bullets = []
                paragraph.append(line)
        if paragraph:
            blocks.append(TextBlock("paragraph", (" ".join(paragraph),)))
        if bullets:
            blocks.append(TextBlock("bullets", tuple(bullets)))
    return [b for b in blocks if any(b.items)]


# Reading and checking ------------------------------------------------------------------------------

_HEADER = re.compile(r"""^\s*(\[\[?)\s*([A-Za-z0-9_.\-]+)\s*\]\]?\s*(?:#.*)?$""")
_KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_\-]+)\s*=""")
_SYNTAX_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")


class _LineIndex:
    """Where each table and key of a TOML text starts, to name lines in error messages.

    Tables are tuples: ``()`` is the top level, ``("sections",)`` a table,
    ``("dos", 2)`` the third ``[[dos]]``.
    """

    def __init__(self, text: str):
        self.tables: dict[tuple, int] = {}
        self.keys: dict[tuple, int] = {}
        table: tuple = ()
        counts: dict[str, int] = {}
        open_quote: str | None = None
        for number, line in enumerate(text.splitlines(), start=1):
            if open_quote:
                if line.count(open_quote) % 2:
                    open_quote = None
                continue
            header = _HEADER.match(line)
            if header:
                name = header.group(2)
                if header.group(1) == "[[":
                    table = (name, counts.get(name, 0))
                    counts[name] = table[1] + 1
                else:
                    table = (name,)
                self.tables.setdefault(table, number)
                continue
            key = _KEY.match(line)
            if key:
                self.keys.setdefault((table, key.group(1).strip("\"'")), number)
                rest = line[key.end():]
                for quote in ('"""', "'''"):
                    if rest.count(quote) % 2:
                        open_quote = quote
                        break

    def line(self, table: tuple, key: str | None = None) -> int | None:
        """The line of *key* in *table*, else of the table's header, else None."""
        if key is not None and (table, key) in self.keys:
            return self.keys[(table, key)]
        if table and table[0] in ("dos", "donts") and len(table) == 1:
            return self.tables.get((table[0], 0))
        return self.tables.get(table)


def is_country_code(code: str) -> bool:
    """True for an upper-case ISO 3166-1 alpha-2 code of a real country (``'JP'``, not ``'ZZ'``)."""
    if not (isinstance(code, str) and len(code) == 2 and code.isascii() and code.isalpha()
            and code.isupper()) or code in _NOT_COUNTRIES:
        return False
    return code in Locale("en").territories


class _Checker:
    """Collects every problem of one file, each with its line."""

    def __init__(self, name: str, text: str):
        self.name = name
        self._text = text
        self._index: _LineIndex | None = None  # built on the first problem: valid cards load faster
        self.errors: list[CardError] = []

    def fail(self, table: tuple, key: str | None, message: str) -> None:
        if self._index is None:
            self._index = _LineIndex(self._text)
        self.errors.append(CardError(self.name, self._index.line(table, key), message))

    def text(self, data: dict, table: tuple, key: str, where: str) -> str | None:
        value = data.get(key)
        if value is None:
            self.fail(table, key, _("{where} is missing").format(where=where))
            return None
        if not isinstance(value, str):
            self.fail(table, key, _("{where} must be text in quotes").format(where=where))
            return None
        if not value.strip():
            self.fail(table, key, _("{where} is empty").format(where=where))
            return None
        return value.strip()


def _read_card(path: Path, today: date) -> tuple[EtiquetteCard | None, list[CardError]]:
    name = path.name
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [CardError(name, None, _("cannot be read: {reason}").format(reason=exc.strerror or exc))]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        return None, [CardError(name, line, _("is not UTF-8 text"))]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        position = _SYNTAX_POSITION.search(message)
        line = int(position.group(1)) if position else getattr(exc, "lineno", None)
        if position:
            message = message[:position.start()]
        return None, [CardError(name, line, _("TOML syntax error: {problem}").format(problem=message))]

    check = _Checker(name, text)
    for key in data:
        if key not in TOP_LEVEL_KEYS:
            check.fail((key,) if isinstance(data[key], (dict, list)) else (), key,
                       _("unknown key {key!r}").format(key=key))

    country = check.text(data, (), "country", "country")
    if country is not None:
        if not is_country_code(country):
            check.fail((), "country", _("country {code!r} is not an upper-case ISO country code such as JP")
                       .format(code=country))
        elif path.name != f"{country.lower()}.toml":
            check.fail((), "country", _("country {code!r} does not match the file name (expected {expected})")
                       .format(code=country, expected=f"{country.lower()}.toml"))

    reviewed = data.get("reviewed")
    if reviewed is None:
        check.fail((), "reviewed", _("reviewed is missing: the date the facts were last checked"))
    elif isinstance(reviewed, datetime) or not isinstance(reviewed, date):
        check.fail((), "reviewed", _("reviewed must be a date such as 2026-11-23, without quotes"))
    elif reviewed > today:
        check.fail((), "reviewed", _("reviewed is {date}, a date in the future").format(date=reviewed.isoformat()))

    summary = check.text(data, (), "summary", "summary")
    dimensions = _read_dimensions(check, data.get("dimensions"))
    sections = _read_sections(check, data.get("sections"))
    tips = {kind: _read_tips(check, data.get(kind), kind) for kind in TIP_KINDS}
    excluded, added = _read_phrase_choices(check, data.get("phrases"))

    if check.errors:
        return None, check.errors
    return EtiquetteCard(country=country, reviewed=reviewed, summary=summary, dimensions=dimensions,
                         sections=sections, dos=tips["dos"], donts=tips["donts"], path=path,
                         excluded_phrases=excluded, added_phrases=added), []


def _is_table(check: _Checker, table: Any, name: str) -> bool:
    if isinstance(table, dict):
        return True
    check.fail((name,), name, _("the [{name}] table is missing").format(name=name) if table is None
               else _("{name} must be a table").format(name=name))
    return False


def _read_dimensions(check: _Checker, table: Any) -> dict[str, DimensionScore]:
    where = ("dimensions",)
    if not _is_table(check, table, "dimensions"):
        return {}
    result: dict[str, DimensionScore] = {}
    for key in table:
        if key not in DIMENSION_KEYS:
            check.fail(where, key, _("unknown dimension {key!r}; the dimensions are: {keys}").format(
                key=key, keys=", ".join(DIMENSION_KEYS)))
    for key in DIMENSION_KEYS:
        entry = table.get(key)
        if entry is None:
            check.fail(where, key, _("dimension {key} is missing").format(key=key))
            continue
        if not isinstance(entry, dict):
            check.fail(where, key, _("dimension {key} must be {{ score = 1..5, reason = \"…\" }}").format(key=key))
            continue
        score = entry.get("score")
        if isinstance(score, bool) or not isinstance(score, int) or score not in SCALE:
            check.fail(where, key, _("dimension {key}: score must be a whole number from 1 to 5, not {value}")
                       .format(key=key, value=_("nothing") if score is None else repr(score)))
            score = None
        reason = entry.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            check.fail(where, key, _("dimension {key}: the reason is missing or empty").format(key=key))
            reason = None
        source = entry.get("source")
        if source is not None and (not isinstance(source, str) or not source.strip()):
            check.fail(where, key, _("dimension {key}: the source must be text naming the published work").format(
                key=key))
            source = None
        extra = sorted(set(entry) - {"score", "reason", "source"})
        if extra:
            check.fail(where, key, _("dimension {key}: unknown field {field!r}").format(key=key, field=extra[0]))
        if score is not None and reason is not None:
            result[key] = DimensionScore(key, score, reason.strip(), source.strip() if source else None)
    return result


def _read_sections(check: _Checker, table: Any) -> dict[str, str]:
    where = ("sections",)
    if not _is_table(check, table, "sections"):
        return {}
    for key in table:
        if key not in SECTION_KEYS:
            check.fail(where, key, _("unknown section {key!r}").format(key=key))
    sections: dict[str, str] = {}
    for key in SECTION_KEYS:
        value = check.text(table, where, key, _("section {key}").format(key=key))
        if value is not None:
            sections[key] = value
    return sections


def _read_tips(check: _Checker, entries: Any, kind: str) -> tuple[Tip, ...]:
    if entries is None:
        check.fail((kind,), None, _("there are no [[{kind}]] entries").format(kind=kind))
        return ()
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        check.fail((kind,), kind, _("{kind} must be [[{kind}]] entries with text and dimension").format(kind=kind))
        return ()
    if not entries:
        check.fail((kind,), kind, _("there are no [[{kind}]] entries").format(kind=kind))
    tips: list[Tip] = []
    for number, entry in enumerate(entries):
        where = (kind, number)
        label = f"[[{kind}]] #{number + 1}"
        text = check.text(entry, where, "text", f"{label}: text")
        dimension = entry.get("dimension")
        if dimension is not None and dimension not in DIMENSION_KEYS:
            check.fail(where, "dimension", _("{entry}: unknown dimension {value!r}; use one of: {keys}").format(
                entry=label, value=dimension, keys=", ".join(DIMENSION_KEYS)))
            dimension = None
        extra = sorted(set(entry) - {"text", "dimension"})
        if extra:
            check.fail(where, extra[0], _("{entry}: unknown field {field!r}").format(entry=label, field=extra[0]))
        if text is not None:
            tips.append(Tip(TIP_KINDS[kind], text, dimension))
    return tuple(tips)


_PHRASE_KEY = re.compile(r"[a-z][a-z0-9_]*")


def _read_phrase_choices(check: _Checker, table: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The optional ``[phrases]`` table: ``exclude`` and ``add`` lists of phrase keys (or categories)."""
    if table is None:
        return (), ()
    if not isinstance(table, dict):
        check.fail((), "phrases", _("{name} must be a table").format(name="phrases"))
        return (), ()
    for key in table:
        if key not in PHRASE_CHOICES:
            check.fail(("phrases",), key, _("unknown key {key!r}").format(key=key))
    lists = []
    for key in PHRASE_CHOICES:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and _PHRASE_KEY.fullmatch(v) for v in value):
            check.fail(("phrases",), key, _("phrases.{field} must be a list of phrase keys or categories, "
                                            "such as [\"cheers\"]").format(field=key))
            value = []
        lists.append(tuple(value))
    return lists[0], lists[1]


# Loading with a cache --------------------------------------------------------------------------------

_cache: dict[Path, tuple[tuple, EtiquetteLibrary]] = {}


def default_etiquette_directory() -> Path:
    """The folder of the shipped cards (``resources/etiquette``, or where ``pip install`` put it)."""
    return resource_path("etiquette")


def _folder_state(directory: Path) -> tuple:
    # Names, sizes and modification times: an edited card is read again, an unchanged folder is not.
    try:
        stats = [(p.name, p.stat()) for p in directory.glob("*.toml")]
    except OSError:
        return ()
    return tuple(sorted((name, st.st_mtime_ns, st.st_size) for name, st in stats))


def load_etiquette_cards(directory: Path | None = None) -> EtiquetteLibrary:
    """Read and check every ``*.toml`` card in *directory* (default: the shipped cards).

    Never raises: unreadable or invalid files are listed in ``.errors`` with
    file and line, and the valid ones are in ``.cards``. The result is cached
    per folder until a file in it changes.
    """
    folder = Path(directory) if directory is not None else default_etiquette_directory()
    key = folder.resolve()
    state = _folder_state(folder)
    cached = _cache.get(key)
    if cached is not None and cached[0] == state:
        return cached[1]
    library = EtiquetteLibrary(folder)
    if not folder.is_dir():
        library.errors.append(CardError(str(folder), None, _("the etiquette folder does not exist")))
    else:
        today = date.today()
        for path in sorted(folder.glob("*.toml")):
            card, errors = _read_card(path, today)
            if card is not None:
                library.cards[card.country] = card
            library.errors.extend(errors)
    _cache[key] = (state, library)
    return library


def card_code(country: str | None) -> str | None:
    """The code of the card for *country* (a code or a name), or None when it is no country."""
    try:
        return normalize_country(country)
    except ValidationError:
        return None


def get_etiquette_card(country: str | None, library: EtiquetteLibrary | None = None) -> EtiquetteCard | None:
    """The card of *country* (ISO code in any case, or an English name), or None if there is none."""
    code = card_code(country)
    return (library or load_etiquette_cards()).get(code) if code else None


def list_etiquette_cards(library: EtiquetteLibrary | None = None) -> list[EtiquetteCard]:
    """Every card that loaded, by country code."""
    cards = (library or load_etiquette_cards()).cards
    return [cards[code] for code in sorted(cards)]


def etiquette_card_for_contact(contact: dict | None,
                               library: EtiquetteLibrary | None = None) -> EtiquetteCard | None:
    """The card of a contact's country (``contact["country"]``), or None."""
    if not contact:
        return None
    return get_etiquette_card(contact.get("country"), library)
