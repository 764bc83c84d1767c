"""What an import will do, decided before anything is written: one pass over the file's contacts.

``preview_import`` reads the contacts one at a time (``ImportSource.iter_contacts``),
checks every value the way the contact book does, and decides, per contact,
whether it is new or updates a contact we already have, and flags likely
duplicates. It keeps counts, the problems, the contacts that cannot be
imported, and each entry as ``apply_import`` will write it, pickled and
compressed a thousand at a time (``_EntryStore``): a 100,000-card file is
never held parsed whole, nor its checked entries as Python objects.
"""

from __future__ import annotations

import gc
import json
import pickle
import zlib
from array import array
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from core.book import validation
from core.book.contacts import get_contact, has_contacts
from core.book.duplicate_index import contact_keys, ensure_duplicate_keys, keys_by_rowid, stored_key
from core.book.duplicates import find_duplicates_for_fields
from core.book.fields import (ADDRESS_PARTS, DISPLAY_NAME, ENTRY_TYPES, FAMILY_NAME, GIVEN_NAME,
                              INTRODUCED_BY_CONTACT_ID, MERGE_JOIN, MET_EVENT_ID, NATIVE_NAME,
                              REFERENCE, STAGE, ContactField, list_fields)
from core.book.romanize import fold
from core.book.settings import HOME_COUNTRY, get_setting
from core.exchange.checking import check_fields, keep_extra, kept_as
from core.exchange.country_clues import CountryGuess
from core.exchange.model import WARNING, ImportProblem, ImportSource, ParsedContact, entry_fields
from core.exchange.unmapped import count_card_unmapped, unmapped_problems
from core.i18n import _
from core.store.records import fetch_row


@dataclass
class PreviewEntry:
    """What importing one contact will do.

    ``action`` is ``"new"`` or ``"update"`` (the contact ``contact_id`` has
    the same email or phone and the same name). ``fields`` are what
    ``add_contact`` gets, or for an update only what changes (``changes``
    names them). ``duplicates`` lists likely duplicates of a new contact:
    matches with ``contact_id`` and ``reason`` (``contact_id`` is None for
    an earlier contact of the same file). ``line`` is where the contact
    starts in the file, ``name`` the name the preview lists it by.
    """

    action: str
    fields: dict
    line: int = 0
    name: str = ""
    company: str | None = None
    contact_id: str | None = None
    duplicates: list = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    stage: str | None = None
    introducer: int | None = None  # index of the entry that introduced this one (same file)
    met_event_key: str | None = None  # an event this import adds
    country_guess: CountryGuess | None = None  # the contact's country and the clue that decided


@dataclass(slots=True)
class RejectedContact:
    """A contact that cannot be imported (its problems say why): where it is and its name."""

    line: int
    name: str
    company: str | None = None


class _EntryStore:
    """Preview entries pickled and compressed a chunk at a time (~50 bytes a contact, not ~4 KB).

    Read back in order, afresh on each iteration: an import of 100,000
    contacts holds one chunk of entries at a time (``apply_import`` reads
    them through twice at most), and the two costs ~15 µs a contact.
    """

    CHUNK = 1000

    def __init__(self) -> None:
        self.chunks: list[bytes] = []
        self.pending: list[PreviewEntry] = []
        self.count = 0
        self.lines = array("q")  # each entry's line, in order: a view sorts rows without decoding them

    def add(self, entry: PreviewEntry) -> None:
        self.pending.append(entry)
        self.count += 1
        self.lines.append(entry.line or 0)
        if len(self.pending) >= self.CHUNK:
            self.chunks.append(self._packed(self.pending))
            self.pending = []

    @staticmethod
    def _packed(entries: list[PreviewEntry]) -> bytes:
        return zlib.compress(pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL), 1)

    def __iter__(self) -> Iterator[PreviewEntry]:
        for chunk in list(self.chunks):
            yield from pickle.loads(zlib.decompress(chunk))
        yield from pickle.loads(pickle.dumps(self.pending))  # copies: a reader's changes stay its own

    def __len__(self) -> int:
        return self.count

    def read_chunk(self, number: int) -> list[PreviewEntry]:
        """The entries of chunk *number*, decoded afresh: entry *i* is in chunk ``i // CHUNK``."""
        if number < len(self.chunks):
            return pickle.loads(zlib.decompress(self.chunks[number]))
        return pickle.loads(pickle.dumps(self.pending)) if number == len(self.chunks) else []

    def rewrite(self, change: Callable[[int, PreviewEntry], None]) -> None:
        """Apply *change(index, entry)* to every entry, stored again."""
        index = 0
        for number, chunk in enumerate(self.chunks):
            entries = pickle.loads(zlib.decompress(chunk))
            for entry in entries:
                change(index, entry)
                index += 1
            self.chunks[number] = self._packed(entries)
        for entry in self.pending:
            change(index, entry)
            index += 1


@dataclass
class ImportPreview:
    """What an import will do, before anything is written.

    ``iter_entries()`` gives each entry in file order, decoded afresh;
    ``new_count``, ``updated_count`` and ``duplicate_count`` count them by
    action (likely duplicates are imported as new, to be merged afterwards if
    the user agrees). ``rejected`` lists the contacts with errors, ``problems``
    every problem in line order. ``ok`` is False when a problem is an error:
    then ``apply_import`` refuses.
    """

    source: ImportSource
    problems: list[ImportProblem] = field(default_factory=list)
    events_to_add: dict = field(default_factory=dict)
    rejected: list[RejectedContact] = field(default_factory=list)  # contacts with errors
    new_count: int = 0
    updated_count: int = 0
    duplicate_count: int = 0
    introduced: bool = False  # an entry's introducer is another entry: linked once both are written
    store: _EntryStore = field(default_factory=_EntryStore, repr=False)

    def iter_entries(self) -> Iterator[PreviewEntry]:
        """Every entry in file order, one at a time (changes to one are not kept)."""
        return iter(self.store)

    def entry_lines(self) -> array:
        """Each entry's line in the file, in entry order (no entry is decoded)."""
        return self.store.lines

    def read_entries(self, index: int) -> tuple[int, list[PreviewEntry]]:
        """The entries stored with entry *index* (a thousand), decoded afresh, and the index of the first.

        A view reads the rows it shows this way, a chunk at a time, never the whole preview.
        """
        number = index // self.store.CHUNK
        return number * self.store.CHUNK, self.store.read_chunk(number)

    @property
    def entries(self) -> list[PreviewEntry]:
        """Every entry at once (a small import's; the import itself reads ``iter_entries``)."""
        return list(self.store)

    @property
    def new(self) -> list[PreviewEntry]:
        """Entries that become new contacts (likely duplicates included)."""
        return [e for e in self.store if e.action == "new"]

    @property
    def updated(self) -> list[PreviewEntry]:
        """Entries that update a contact we have."""
        return [e for e in self.store if e.action == "update"]

    @property
    def duplicates(self) -> list[PreviewEntry]:
        """New entries that look like a contact we have or an earlier one in the file."""
        return [e for e in self.store if e.action == "new" and e.duplicates]

    @property
    def errors(self) -> list[ImportProblem]:
        """Problems that stop the import."""
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[ImportProblem]:
        """Problems the import works around (the value is kept unchecked)."""
        return [p for p in self.problems if not p.is_error]

    @property
    def ok(self) -> bool:
        """True when the import can go ahead: no errors and at least one contact."""
        return not self.errors and len(self.store) > 0

    def summary(self) -> dict:
        """Counts and problems as plain data (for the command line's ``--json``): also the
        encoding, the columns or properties no field takes, and each contact's country with
        the clue that gave it."""
        countries = [{"line": e.line, "country": e.country_guess.code, "clue": e.country_guess.clue,
                      "detail": e.country_guess.detail}
                     for e in self.store if e.country_guess is not None and e.country_guess.code]
        return {"source": self.source.source, "kind": self.source.kind, "ok": self.ok,
                "new": self.new_count, "updated": self.updated_count,
                "duplicates": self.duplicate_count,
                "encoding": self.source.encoding, "encoding_detected": self.source.encoding_detected,
                "unmapped": dict(self.source.unmapped), "countries": countries,
                "errors": [p.as_dict() for p in self.errors],
                "warnings": [p.as_dict() for p in self.warnings]}


def _identifying_fields() -> list[ContactField]:
    """Entry lists whose values identify a contact: the same email or phone and name is the same one."""
    return [field for field in entry_fields() if field.duplicate_key]


@dataclass
class _Match:
    contact_id: str | None
    reason: str


def _same_contact(db, fields: dict, known: dict) -> str | None:
    """The live contact with one of these emails or phones and the same name (the oldest, if several).

    Looked up in the duplicate keys (emails case-folded, phones in E.164: what the preview's
    checked values are compared by), not in a copy of the whole book: importing into 100,000
    contacts reads only the few that share a value. *known* holds the keys already recomputed
    from rows during this preview (the book does not change under it).
    """
    probe = {field.name: fields.get(field.name) for field in _identifying_fields()}
    wanted = contact_keys(probe, None)
    keys = sorted({stored_key(k) for k in wanted})
    if not keys:
        return None
    name = fold(fields.get(DISPLAY_NAME.name) or "")
    found = set()
    for start in range(0, len(keys), 100):  # a few keys a query: SQLite limits how deep an OR nests
        chunk = keys[start:start + 100]
        found.update(db.conn.execute(_same_contact_sql(len(chunk)), [p for key in chunk for p in key]))
    # The table holds hashes only: each candidate's real keys, recomputed once a preview.
    known.update(keys_by_rowid(db, [rowid for rowid, _id, _name in found if rowid not in known]))
    for rowid, contact_id, display_name in sorted(found):
        if fold(display_name) == name and known.get(rowid, set()) & wanted:
            return contact_id
    return None


def _same_contact_sql(count: int) -> str:
    # One (kind = ? AND key = ?) per key, ORed: SQLite searches the key index for each (a row-value
    # IN (VALUES …) scans the whole index: minutes for 10,000 cards into 100,000 contacts).
    wanted = " OR ".join(["(k.kind = ? AND k.key_hash = ?)"] * count)
    return (f"SELECT DISTINCT c.rowid, c.id, c.{DISPLAY_NAME.name} FROM duplicate_keys k JOIN contacts c "
            f"ON c.rowid = k.contact_rowid WHERE c.deleted_at IS NULL AND ({wanted})")


def _replaced_fields() -> list[ContactField]:
    """Scalars an import's value replaces (the stage moves through change_stage, recorded)."""
    return [field for field in list_fields(is_list=False) if field.type != REFERENCE
            and field.merge != MERGE_JOIN and field is not STAGE]


def _list_key(item: Any) -> str:
    if not isinstance(item, dict):
        return str(item)
    if "name" in item:  # a kept vCard property
        params = {str(k).upper(): [str(x) for x in v] for k, v in (item.get("params") or {}).items()}
        return json.dumps([item["name"].upper(), item.get("group") or None, params,
                           str(item.get("value") or "")], sort_keys=True, ensure_ascii=False)
    if "value" in item:
        return str(item["value"]).casefold()
    return json.dumps([(item.get(k) or "").strip().casefold() for k in ADDRESS_PARTS])


def _changes_for_update(current: dict, fields: dict, company: str | None) -> dict:
    """What an import changes on an existing contact: its values win, lists are joined, notes added."""
    changes: dict = {}
    for declared in _replaced_fields():
        value = fields.get(declared.name)
        if value not in (None, "") and current.get(declared.name) != value:
            changes[declared.name] = value
    for declared in list_fields(is_list=True):
        name = declared.name
        new_items = fields.get(name) or []
        joined = list(current.get(name) or [])
        keys = {_list_key(item) for item in joined}
        for item in new_items:
            if _list_key(item) not in keys:
                joined.append(item)
                keys.add(_list_key(item))
        if len(joined) != len(current.get(name) or []):
            if declared.type in ENTRY_TYPES:
                joined = [{"value": e["value"], "label": e.get("label") or ""} for e in joined]
            changes[name] = joined
    for declared in list_fields(merge=MERGE_JOIN):  # notes: the imported text is added
        text = (fields.get(declared.name) or "").strip()
        if text and text not in (current.get(declared.name) or ""):
            changes[declared.name] = "\n\n".join(p for p in (current.get(declared.name), text) if p)
    if company and (current.get("company") or {}).get("name", "").casefold() != company.casefold():
        changes["company"] = company
    return changes


@contextmanager
def collector_paused():
    """The cyclic garbage collector leaves alone what exists when an import step starts.

    Each full collection walks every object alive (the book's caches, the
    libraries, the romanization dictionaries once loaded); frozen
    (``gc.freeze``), they are skipped; new cycles are still collected, so
    memory stays as it was.
    """
    if gc.get_freeze_count():
        yield  # frozen already (an outer step, or the app)
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def preview_import(db, source: ImportSource) -> ImportPreview:
    """Check every contact of *source* and decide new / update / likely duplicate; write nothing."""
    with collector_paused():
        return _Previewer(db, source).run()


def _has_name(fields: dict) -> bool:
    return any((fields.get(f.name) or "").strip() for f in (DISPLAY_NAME, GIVEN_NAME, FAMILY_NAME, NATIVE_NAME))


class _Previewer:
    """One pass over the file's contacts, building an ``ImportPreview``."""

    def __init__(self, db, source: ImportSource):
        self.db, self.source = db, source
        self.preview = ImportPreview(source)
        self.home = get_setting(db, HOME_COUNTRY.key)
        self.book_has_contacts = has_contacts(db)
        # Contacts' keys recomputed from their rows, by rowid: candidates recur from card to
        # card (10k cards into a 100k book recomputed 22,000 contacts' keys, 2.4 s, without it).
        self.known_keys: dict = {}
        if self.book_has_contacts:
            ensure_duplicate_keys(db)  # _same_contact reads them
        self.events = {fold(name): event_id for event_id, name in db.conn.execute(
            "SELECT id, name FROM events WHERE deleted_at IS NULL")}
        # "kind\x1fvalue" of each email and phone → the line of the first entry with it.
        self.seen: dict[str, int] = {}
        self.problems: list[ImportProblem] = []  # the contacts', in file order
        self.introductions: list[tuple[int, int, dict]] = []  # (entry index, line, reference)

    def run(self) -> ImportPreview:
        preview, source = self.preview, self.source
        unmapped: dict[str, int] | None = {} if source.kind == "vcard" else None
        read_any = False
        for parsed in source.iter_contacts():
            if unmapped is not None:
                count_card_unmapped(parsed, unmapped)
            if parsed.fields:  # else lines outside any card: only their problems are listed
                read_any = True
                self.add(parsed)
            self.problems += parsed.problems
        found = list(source.problems)
        if not read_any:
            found.append(ImportProblem(source.source, None, "", _("no contacts found in this file")))
        if unmapped is not None:
            source.unmapped = unmapped
            found += unmapped_problems(source)
        if self.introductions:
            self.resolve_introducers()
        preview.problems = sorted(found + self.problems, key=lambda p: (p.line or 0))
        return preview

    def add(self, parsed: ParsedContact) -> None:
        preview, db = self.preview, self.db
        fields, guess = check_fields(parsed, self.home)
        if not any(p.is_error for p in parsed.problems) and not _has_name(fields):
            parsed.problem(DISPLAY_NAME.name, _("a contact needs a name"))
        if any(p.is_error for p in parsed.problems):
            preview.rejected.append(RejectedContact(parsed.line, parsed.name, parsed.company))
            return
        company = parsed.company
        entry = PreviewEntry("new", fields, parsed.line, parsed.name, company, country_guess=guess)
        contact_id = _same_contact(db, fields, self.known_keys) if self.book_has_contacts else None
        if contact_id:
            current = get_contact(db, contact_id)
            entry.action, entry.contact_id = "update", contact_id
            stage = fields.get(STAGE.name)
            entry.stage = stage if stage and stage != current[STAGE.name] else None
            entry.fields = _changes_for_update(current, fields, company)
            entry.company = entry.fields.pop("company", None)
            entry.changes = sorted(entry.fields) + (["company"] if entry.company else []) + (
                [STAGE.name] if entry.stage else [])
        elif self.book_has_contacts:
            entry.duplicates = list(find_duplicates_for_fields(db, fields, company=company,
                                                                  known_keys=self.known_keys))
        for kind in _identifying_fields():
            for value in [kind.element_key(e) for e in fields.get(kind.name) or []]:
                earlier = self.seen.setdefault(f"{kind.name}\x1f{value}", parsed.line)
                if earlier != parsed.line and entry.action == "new" and not any(
                        getattr(m, "contact_id", None) is None for m in entry.duplicates):
                    entry.duplicates.append(_Match(None, _("same {kind} as line {line} of this file")
                                                   .format(kind=kind.display_label(), line=earlier)))
        self.resolve_event(entry, parsed)
        if parsed.references.get("introduced_by"):
            self.introductions.append((len(preview.store), parsed.line, parsed.references["introduced_by"]))
        if entry.action == "update":
            preview.updated_count += 1
        else:
            preview.new_count += 1
            preview.duplicate_count += bool(entry.duplicates)
        preview.store.add(entry)

    def resolve_event(self, entry: PreviewEntry, parsed: ParsedContact) -> None:
        event = parsed.references.get("met_event")
        if not event:
            return
        key = fold(event["name"])
        if key in self.events:
            entry.fields[MET_EVENT_ID.name] = self.events[key]
            return
        to_add = self.preview.events_to_add
        if key not in to_add:
            clean = {"name": event["name"]}
            for name, check in (("country", validation.normalize_country),
                                ("time_zone", validation.normalize_time_zone),
                                ("starts_on", lambda s: validation.normalize_date(s, "starts_on")),
                                ("ends_on", lambda s: validation.normalize_date(s, "ends_on"))):
                if event.get(name):
                    try:
                        clean[name] = check(event[name])
                    except validation.ValidationError as exc:
                        parsed.problem("met_event", exc.message, WARNING)
            if clean.get("starts_on") and clean.get("ends_on") and clean["ends_on"] < clean["starts_on"]:
                clean.pop("ends_on")
            for name in ("city", "venue"):
                if event.get(name):
                    clean[name] = event[name]
            to_add[key] = clean
        entry.met_event_key = key

    def resolve_introducers(self) -> None:
        """Each entry's introducer: a contact we have, or another entry of the file, else kept as typed."""
        db, preview = self.db, self.preview
        in_file: dict[str, list[int]] = {}
        for index, entry in enumerate(preview.store):
            in_file.setdefault(fold(entry.name), []).append(index)
        settled: dict[int, tuple[str, Any]] = {}
        for index, line, ref in self.introductions:
            if ref.get("id") and fetch_row(db, "contacts", ref["id"]):
                settled[index] = ("contact", ref["id"])
                continue
            matches = in_file.get(fold(ref["name"]), [])
            if len(matches) == 1:
                settled[index] = ("entry", matches[0])
                preview.introduced = True
                continue
            rows = db.conn.execute(f"SELECT id FROM contacts WHERE deleted_at IS NULL AND "
                                   f"{DISPLAY_NAME.name} = ?", (ref["name"],)).fetchall()
            if len(rows) == 1:
                settled[index] = ("contact", rows[0][0])
                continue
            self.problems.append(ImportProblem(self.source.source, ref.get("line") or line, "introduced_by", _(
                "introducer {name!r} is not in your contacts; kept unchecked among the other fields")
                .format(name=ref["name"]), WARNING))
            settled[index] = ("kept", ref["name"])

        def settle(index: int, entry: PreviewEntry) -> None:
            how, value = settled.get(index, (None, None))
            if how == "contact":
                entry.fields[INTRODUCED_BY_CONTACT_ID.name] = value
            elif how == "entry":
                entry.introducer = value
            elif how == "kept":
                keep_extra(entry.fields, kept_as(INTRODUCED_BY_CONTACT_ID), value)

        preview.store.rewrite(settle)
