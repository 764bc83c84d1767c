"""Phrasebooks: one TOML file per language in ``phrasebooks/``, checked as they load.

``load_phrasebooks()`` reads the catalog (stable keys, categories, English
sources) and every ``<code>.toml`` beside it, checks each file's structure
(every catalog key and no other, text in the language's script, romanization
present for non-Latin scripts and written in Latin letters, register one of
three) and returns a ``PhraseLibrary``. Nothing here raises on a bad file:
each problem becomes a ``PhrasebookError`` naming the file and line, the
language loads with its good phrases, and the other languages load as usual.
The format is documented in ``phrasebooks/README.md``; the checks against
romanization libraries (pypinyin, pykakasi, …) live in the tests.

The library is cached per folder and re-read when a file changes. Lookups
(``list_phrases``, ``search_phrases``…) use the shipped folder unless a
``library`` is passed.
"""

from __future__ import annotations

import json
import os
import re
import threading
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from core.content.data_files import DataFileError
from core.content.phrase_checks import FORM_KEYS, check_phrase_fields
from core.content.phrase_search import build_phrase_index, search_phrase_index
from core.content.scripts import RTL_SCRIPTS, SCRIPT_LETTERS
from core.i18n import _
from core.paths import data_path

PHRASEBOOK_DIR_ENV = "FAIRMATE_PHRASEBOOKS"
CATALOG_FILE = "catalog.toml"

_LANGUAGE_FIELDS = {"code", "name", "native_name", "script", "direction", "romanization",
                    "speech", "countries"}
_CODE = re.compile(r"^[a-z]{2,3}(-[A-Z][a-z]{3}|-[A-Z]{2})?$")
_SPEECH = re.compile(r"^[a-z]{2,3}(-[A-Z][a-z]{3})?-[A-Z]{2}$")
_COUNTRY = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True)
class PhraseForm:
    """Another form of a gendered phrase (said to a woman, by a woman, or both): see phrase_forms."""

    text: str
    romanization: str | None
    pronunciation: str | None
    note: str | None = None


@dataclass(frozen=True)
class Phrase:
    """One phrase in one language, with its catalog key, category and English source.

    ``forms`` holds the other forms of a gendered phrase as (name, PhraseForm)
    pairs, names from ``phrase_checks.FORM_KEYS``; the phrase itself is the form
    a man says to a man. ``core.content.phrase_forms`` picks the right one.
    """

    key: str
    category: str
    english: str
    language: str
    text: str
    romanization: str | None
    pronunciation: str | None
    register: str
    note: str | None
    direction: str
    local_usage: str | None = None
    forms: tuple[tuple[str, PhraseForm], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The phrase as a plain dict (for JSON and worker threads)."""
        values = {name: getattr(self, name) for name in self.__dataclass_fields__}
        values["forms"] = {name: dict(vars(form)) for name, form in self.forms}
        return values


@dataclass(frozen=True)
class CatalogEntry:
    """A catalog key: its category, English source, whether dossiers print it, a translator's hint.

    ``also`` holds other English wordings a user might type ("Nice to meet
    you." for "Pleased to meet you."): search finds the phrase by them.
    """

    key: str
    category: str
    english: str
    dossier: bool = False
    context: str | None = None
    also: tuple[str, ...] = ()


@dataclass
class Phrasebook:
    """One language's file: its header fields and its phrases by key, in catalog order."""

    code: str
    name: str
    native_name: str
    script: str
    direction: str
    romanization_system: str | None
    speech: str | None
    countries: list[str]
    phrases: dict[str, Phrase]
    path: Path | None = None


# Problems are reported the same way for every data file.
PhrasebookError = DataFileError


@dataclass
class PhraseLibrary:
    """Every language that loaded, the catalog, the categories in display order, and the problems found."""

    languages: dict[str, Phrasebook]
    catalog: dict[str, CatalogEntry]
    categories: dict[str, str]
    errors: list[PhrasebookError]
    directory: Path | None = None
    _index: Any = field(default=None, repr=False, compare=False)

    def broken_files(self) -> list[str]:
        """Names of the files with at least one problem, in order of appearance."""
        return list(dict.fromkeys(e.file for e in self.errors))

    def search_index(self):
        """The lookup index over every phrase (built on first use; see core.content.phrase_search)."""
        if self._index is None:
            self._index = build_phrase_index(self)
        return self._index


# Loading -------------------------------------------------------------------------------------


def phrasebook_directory() -> Path:
    """The folder of phrasebook files: ``$FAIRMATE_PHRASEBOOKS`` if set, else the shipped ``phrasebooks/``."""
    configured = os.environ.get(PHRASEBOOK_DIR_ENV)
    return Path(configured) if configured else data_path("phrasebooks")


_cache: dict[Path, tuple[tuple, PhraseLibrary]] = {}
_cache_lock = threading.Lock()


def _signature(directory: Path) -> tuple:
    try:
        entries = [(e.name, e.stat().st_mtime_ns, e.stat().st_size)
                   for e in os.scandir(directory) if e.name.endswith(".toml")]
    except OSError:
        return ()
    return tuple(sorted(entries))


def load_phrasebooks(directory: Path | None = None) -> PhraseLibrary:
    """Load and check the catalog and every language file in *directory* (default: the shipped folder).

    Cached: a second call returns the same library until a file in the
    folder changes. Never raises for bad files; see ``PhraseLibrary.errors``.
    """
    folder = Path(directory) if directory is not None else phrasebook_directory()
    folder = folder.resolve()
    signature = _signature(folder)
    with _cache_lock:
        cached = _cache.get(folder)
        if cached is not None and cached[0] == signature:
            return cached[1]
    library = read_phrase_library(folder)
    with _cache_lock:
        _cache[folder] = (signature, library)
    return library


def read_phrase_library(directory: Path) -> PhraseLibrary:
    """Read *directory* afresh (no cache): the catalog, then each ``<code>.toml`` in name order."""
    errors: list[PhrasebookError] = []
    library = PhraseLibrary({}, {}, {}, errors, directory)
    catalog_path = directory / CATALOG_FILE
    if not directory.is_dir():
        errors.append(PhrasebookError(str(directory), None, _("the phrasebook folder does not exist")))
        return library
    catalog = _read_toml(catalog_path, errors)
    if catalog is None:
        return library
    library.categories, library.catalog = _parse_catalog(catalog, catalog_path, errors)
    if not library.catalog:
        return library
    for path in sorted(directory.glob("*.toml")):
        if path.name == CATALOG_FILE:
            continue
        book = _read_language(path, library, errors)
        if book is not None:
            library.languages[book.code] = book
    return library


def _read_toml(path: Path, errors: list[PhrasebookError]) -> dict | None:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        errors.append(PhrasebookError(path.name, None, _("file not found")))
        return None
    except (OSError, UnicodeDecodeError) as exc:
        errors.append(PhrasebookError(path.name, None, _("cannot read the file: {error}").format(error=exc)))
        return None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None)
        message = str(exc)
        found = re.search(r"\(at line (\d+), column (\d+)\)", message)
        if found:
            line = line or int(found.group(1))
            message = message[:found.start()].strip()
        elif "end of document" in message:
            line = line or text.count("\n") + 1
        errors.append(PhrasebookError(path.name, line, _("not valid TOML: {error}").format(error=message)))
        return None
    data["__lines__"] = text.splitlines()
    return data


def locate_line(lines: list[str], table: str, key: str | None = None) -> int | None:
    """The 1-based line of ``[table]`` in a file's *lines* (or of ``key =`` inside it), if found."""
    parts = [re.escape(p) for p in table.split(".")]
    header = re.compile(r"^\s*\[\s*" + r"\s*\.\s*".join(f'"?{p}"?' for p in parts) + r"\s*\]\s*(#.*)?$")
    start = next((i for i, text in enumerate(lines) if header.match(text)), None)
    if start is None:
        return None
    if key is None:
        return start + 1
    assignment = re.compile(r"^\s*\"?" + re.escape(key) + r"\"?\s*=")
    for i in range(start + 1, len(lines)):
        if lines[i].lstrip().startswith("["):
            break
        if assignment.match(lines[i]):
            return i + 1
    return start + 1


def _parse_catalog(data: dict, path: Path, errors: list[PhrasebookError]
                   ) -> tuple[dict[str, str], dict[str, CatalogEntry]]:
    lines = data.get("__lines__", [])
    categories = data.get("categories")
    if not isinstance(categories, dict) or not categories:
        errors.append(PhrasebookError(path.name, locate_line(lines, "categories"),
                                      _("the catalog needs a [categories] table")))
        return {}, {}
    catalog: dict[str, CatalogEntry] = {}
    for key, entry in (data.get("phrases") or {}).items():
        line = locate_line(lines, f"phrases.{key}")
        if not isinstance(entry, dict) or not isinstance(entry.get("english"), str):
            errors.append(PhrasebookError(path.name, line, _("phrase {key} needs an English source").format(key=key)))
            continue
        if entry.get("category") not in categories:
            errors.append(PhrasebookError(path.name, line, _("phrase {key}: unknown category {category!r}").format(
                key=key, category=entry.get("category"))))
            continue
        also = entry.get("also", [])
        if not isinstance(also, list) or not all(isinstance(a, str) and a.strip() for a in also):
            errors.append(PhrasebookError(path.name, line, _(
                "phrase {key}: 'also' must be a list of other English wordings").format(key=key)))
            also = []
        catalog[key] = CatalogEntry(key, entry["category"], entry["english"],
                                    bool(entry.get("dossier", False)), entry.get("context"), tuple(also))
    # Display order: by category, then as written in the catalog.
    order = {name: i for i, name in enumerate(categories)}
    ordered = sorted(catalog.values(), key=lambda e: order[e.category])
    return dict(categories), {e.key: e for e in ordered}


def _read_language(path: Path, library: PhraseLibrary, errors: list[PhrasebookError]) -> Phrasebook | None:
    data = _read_toml(path, errors)
    if data is None:
        return None
    lines = data.pop("__lines__")
    file = path.name

    def report(message: str, table: str = "language", key: str | None = None) -> None:
        errors.append(PhrasebookError(file, locate_line(lines, table, key), message))

    header = data.get("language")
    if not isinstance(header, dict):
        errors.append(PhrasebookError(file, 1, _("the file needs a [language] table")))
        return None
    problems = len(errors)
    for name in sorted(set(header) - _LANGUAGE_FIELDS):
        report(_("unknown field {field!r} in [language]").format(field=name), key=name)
    for name in ("code", "name", "native_name", "script", "direction"):
        if not isinstance(header.get(name), str) or not header[name].strip():
            report(_("[language] needs {field}").format(field=name), key=None)
    if len(errors) > problems:
        return None
    code, script, direction = header["code"], header["script"], header["direction"]
    if code != path.stem or not _CODE.match(code):
        report(_("code {code!r} must be a language tag equal to the file name ({stem})").format(
            code=code, stem=path.stem), key="code")
        return None
    if script not in SCRIPT_LETTERS:
        report(_("script {script!r} is not one of {known}").format(
            script=script, known=", ".join(SCRIPT_LETTERS)), key="script")
        return None
    if direction not in ("ltr", "rtl") or (direction == "rtl") != (script in RTL_SCRIPTS):
        report(_("direction must be {expected} for script {script}").format(
            expected="rtl" if script in RTL_SCRIPTS else "ltr", script=script), key="direction")
    system = header.get("romanization")
    latin = script == "Latn"
    if not latin and not (isinstance(system, str) and system.strip()):
        report(_("[language] needs romanization (the system, e.g. Hanyu Pinyin) for a non-Latin script"))
    speech = header.get("speech")
    if speech is not None and (not isinstance(speech, str) or not _SPEECH.match(speech)):
        report(_("speech {value!r} is not a locale such as ko-KR").format(value=speech), key="speech")
        speech = None
    countries = header.get("countries", [])
    if not isinstance(countries, list) or not all(isinstance(c, str) and _COUNTRY.match(c) for c in countries):
        report(_("countries must be a list of ISO codes such as [\"KR\"]"), key="countries")
        countries = []


    phrases: dict[str, Phrase] = {}
    raw = data.get("phrases") or {}
    if not isinstance(raw, dict):
        report(_("phrases must be tables such as [phrases.hello]"), table="phrases")
        raw = {}
    for key in sorted(set(data) - {"language", "phrases"}):
        errors.append(PhrasebookError(file, locate_line(lines, key), _("unknown table [{name}]").format(name=key)))
    for key in raw:
        if key not in library.catalog:
            report(_("phrase {key} is not in the catalog (check the spelling of the key)").format(key=key),
                   table=f"phrases.{key}")
    for key, entry in library.catalog.items():
        values = raw.get(key)
        if values is None:
            errors.append(PhrasebookError(file, None, _("missing phrase {key} ({english})").format(
                key=key, english=entry.english)))
            continue
        if not isinstance(values, dict):
            report(_("phrase {key} must be a table").format(key=key), table=f"phrases.{key}")
            continue
        found = check_phrase_fields(values, script=script, code=code)
        for field_name, message in found:
            report(_("phrase {key}: {problem}").format(key=key, problem=message),
                   table=f"phrases.{key}", key=field_name)
        if found:
            continue
        phrases[key] = Phrase(
            key=key, category=entry.category, english=entry.english, language=code,
            text=values["text"].strip(), romanization=_optional(values.get("romanization")),
            pronunciation=_optional(values.get("pronunciation")), register=values["register"],
            note=_optional(values.get("note")), direction=direction,
            local_usage=_optional(values.get("local_usage")),
            forms=tuple((name, PhraseForm(values[name]["text"].strip(), _optional(values[name].get("romanization")),
                                          _optional(values[name].get("pronunciation")),
                                          _optional(values[name].get("note"))))
                        for name in FORM_KEYS if name in values))
    return Phrasebook(code=code, name=header["name"].strip(), native_name=header["native_name"].strip(),
                      script=script, direction=direction,
                      romanization_system=system.strip() if isinstance(system, str) and system.strip() else None,
                      speech=speech, countries=list(countries), phrases=phrases, path=path)


def _optional(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


# Lookups ---------------------------------------------------------------------------------------


def _library(library: PhraseLibrary | None) -> PhraseLibrary:
    return library if library is not None else load_phrasebooks()


def list_phrase_languages(*, library: PhraseLibrary | None = None) -> list[Phrasebook]:
    """The languages that loaded, by English name."""
    return sorted(_library(library).languages.values(), key=lambda book: book.name)


def list_phrase_categories(*, library: PhraseLibrary | None = None) -> dict[str, str]:
    """Category key → English title, in display order."""
    return dict(_library(library).categories)


def list_phrases(language: str, *, category: str | None = None,
                 library: PhraseLibrary | None = None) -> list[Phrase]:
    """The phrases of *language* in catalog order, optionally of one *category* (empty if unknown)."""
    book = _library(library).languages.get(language)
    if book is None:
        return []
    return [p for p in book.phrases.values() if category is None or p.category == category]


def get_phrase(language: str, key: str, *, library: PhraseLibrary | None = None) -> Phrase | None:
    """The phrase *key* in *language*, or None."""
    book = _library(library).languages.get(language)
    return book.phrases.get(key) if book else None


def list_key_phrases(language: str, *, limit: int | None = 12, exclude: Iterable[str] = (),
                     add: Iterable[str] = (), library: PhraseLibrary | None = None) -> list[Phrase]:
    """The phrases a dossier prints: the catalog's ``dossier = true`` keys, then *add*, then others,
    *limit* in all (None: the dossier and added ones only). *exclude* names keys or categories
    to leave out, e.g. ``("cheers",)`` where alcohol is illegal (from the partner's etiquette card).

    >>> [p.key for p in list_key_phrases("ar", limit=None, exclude=["cheers"])]  # doctest: +SKIP
    ['hello', 'nice_to_meet_you', …, 'goodbye']
    """
    lib = _library(library)
    book = lib.languages.get(language)
    if book is None:
        return []
    left_out = set(exclude)
    chosen = [k for k, e in lib.catalog.items() if e.dossier] + [k for k in add if k in lib.catalog]
    if limit is not None:
        chosen += [k for k, e in lib.catalog.items() if not e.dossier]
    keys = [k for k in dict.fromkeys(chosen)
            if k in book.phrases and k not in left_out and lib.catalog[k].category not in left_out]
    return [book.phrases[k] for k in keys][:None if limit is None else max(0, limit)]


def search_phrases(query: str, *, language: str | None = None, limit: int = 50,
                   library: PhraseLibrary | None = None) -> list[Phrase]:
    """Phrases matching *query* in the target script, English, romanization or pronunciation.

    Ranked exact > prefix > word prefix > substring; diacritics and pinyin
    tones are ignored; CJK and Thai match by characters. Without
    *language*, every language is searched and an English word finds the
    phrase in all of them.

    >>> [p.text for p in search_phrases("quotation", language="ko")]  # doctest: +SKIP
    ['견적서를 보내 주시겠습니까?']
    """
    return search_phrase_index(_library(library).search_index(), query, language=language, limit=limit)


# Contacts → language ------------------------------------------------------------------------------

_TRADITIONAL_REGIONS = frozenset({"TW", "HK", "MO"})

# Countries with several business languages: the order in which a partner with no language set is
# most likely to do business. "en" stops the search: English is the meeting language and the
# catalog's English serves, so no phrasebook is offered. A language without a book is skipped
# (Cantonese, European Portuguese: not written yet). Countries not listed take the book whose
# `countries` names them first.
_EUROPEAN_PORTUGUESE = frozenset({"PT", "AO", "MZ", "CV", "GW", "ST", "TL"})

_BUSINESS_LANGUAGES = {
    "CH": ("de", "fr", "it"),      # German-speaking Switzerland is about two thirds of the economy
    "CA": ("en", "fr"),            # Quebec partners have "fr" in their languages
    "HK": ("yue", "zh-Hant"),      # spoken Cantonese; written Chinese (zh) is Traditional
    "MO": ("yue", "zh-Hant"),
    "PT": ("pt-PT", "pt-BR"),
}


def phrase_language_for_contact(contact: dict, *, library: PhraseLibrary | None = None) -> str | None:
    """The phrasebook to offer for a contact: from their languages, else their country; None if none fits.

    ``languages`` is a JSON list (or list) of codes like ``"ko"``, ``"zh"``,
    ``"pt"``: Chinese means Traditional for Taiwan, Hong Kong and Macao and
    Simplified otherwise; Portuguese means European Portuguese (pt-PT) for
    Portugal, Lusophone Africa and East Timor and Brazilian Portuguese otherwise.
    Without a language that has a book, the country's main business language
    decides: Swiss → German, Canadian → none (English), Hong Kong and Macao →
    Cantonese (``yue``, the spoken language), Portuguese → European Portuguese.
    A Hong Kong contact whose languages say ``"zh"`` (or ``"zh-HK"``) gets
    written Chinese (``zh-Hant``): the user chose Chinese, not Cantonese.
    """
    lib = _library(library)
    country = (contact.get("country") or "").upper()
    languages = contact.get("languages") or []
    if isinstance(languages, str):
        try:
            languages = json.loads(languages)
        except ValueError:
            languages = [languages]
    for code in languages:
        found = _phrasebook_for_language(str(code), country, lib.languages)
        if found:
            return found
    for code in _BUSINESS_LANGUAGES.get(country, ()):
        if code == "en":
            return None
        if code in lib.languages:
            return code
    if country:
        listed = [b for b in lib.languages.values() if country in b.countries]
        # A country's main language (listed first in its file) wins over a second one.
        listed.sort(key=lambda b: (b.countries.index(country), b.code))
        if listed:
            return listed[0].code
    return None


def _phrasebook_for_language(code: str, country: str, available: dict[str, Phrasebook]) -> str | None:
    parts = code.replace("_", "-").split("-")
    base = parts[0].lower()
    script = next((p.title() for p in parts[1:] if len(p) == 4), None)
    region = next((p.upper() for p in parts[1:] if len(p) == 2), None)
    if base == "zh":
        traditional = script == "Hant" or (script is None and (region or country) in _TRADITIONAL_REGIONS)
        candidate = "zh-Hant" if traditional else "zh-Hans"
    elif base == "pt":
        european = (region or country) in _EUROPEAN_PORTUGUESE and "pt-PT" in available
        candidate = "pt-PT" if european else "pt-BR"
    else:
        candidate = base
    if candidate in available:
        return candidate
    full = "-".join([base, *parts[1:]])
    return full if full in available else None
