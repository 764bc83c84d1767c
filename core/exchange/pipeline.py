"""Importing and exporting contacts: one pipeline for vCard and CSV, all or nothing.

Reading a file gives an ``ImportSource`` (parsed contacts plus the problems
found while reading); ``preview_import`` checks every value the way the
contact book does and decides, per contact, whether it is new or updates a
contact we already have, and flags likely duplicates; ``apply_import`` then
writes everything in one transaction, or nothing when the preview has errors.

Problems are errors (the import cannot go ahead: a card without a name, a
line that cannot be read) or warnings (a value that failed validation and was
kept, unchecked, among the contact's other fields). Nothing read is dropped.
"""

from __future__ import annotations

import gc
import json
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.book import validation
from core.book.activity import change_stage
from core.book.contacts import add_contacts, get_contact, has_contacts, update_contact
from core.book.duplicate_index import contact_keys, ensure_duplicate_keys
from core.book.duplicates import find_duplicates_for_fields
from core.book.events import add_event
from core.book.fields import (ADDRESS_PARTS, DISPLAY_NAME, ENTRY_TYPES, FAMILY_NAME, GIVEN_NAME,
                              INTRODUCED_BY_CONTACT_ID, MERGE_JOIN, MET_EVENT_ID, NATIVE_NAME,
                              REFERENCE, SORT_KEY_FIELD, STAGE, ContactField, list_fields)
from core.book.romanize import fold
from core.book.settings import HOME_COUNTRY, get_setting
from core.exchange.checking import check_fields, keep_extra, kept_as, normalized_field_names
from core.exchange.country_clues import CountryGuess
from core.exchange.csv_files import (IGNORE, KEEP, export_csv, guess_csv_mapping, parse_csv,
                                     sniff_csv)
from core.exchange.encodings import Encoding, detect_encoding
from core.exchange.ical import export_calendar
from core.exchange.model import WARNING, ImportProblem, ImportSource, ParsedContact, entry_fields
from core.exchange.text import decode_text
from core.exchange.unmapped import count_unmapped, unmapped_problems
from core.exchange.vcard import export_vcards, parse_vcards
from core.i18n import N_, _
from core.store.db import write_transaction
from core.store.files import write_file_atomically
from core.store.records import fetch_row


def detect_kind(data: bytes) -> str | None:
    """``'vcard'`` or ``'csv'`` from a file's content (not its name); None when neither."""

    head = decode_text(data[:4096]).lstrip("\ufeff \t\r\n")
    if head[:11].upper() == "BEGIN:VCARD":
        return "vcard"
    if not head.strip() or head.count("\x00") > len(head) // 100:
        return None  # empty, or binary (an image, a spreadsheet) rather than text
    first = head.splitlines()[0] if head.splitlines() else ""
    if any(sep in first for sep in ",;\t|"):
        return "csv"
    # One column: a CSV when its header names a field ("Primary Email" and the addresses).
    return "csv" if guess_csv_mapping([first.strip()])[first.strip()] not in (KEEP, IGNORE) else None


def _refusal(data: bytes) -> tuple[int | None, str]:
    """Where and why a file is neither vCard nor CSV: a misspelt BEGIN line is named."""
    lines = decode_text(data[:4096]).lstrip("\ufeff").splitlines()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        if line.strip().upper().startswith("BEGIN") or "VCARD" in line.upper():
            return number, _("this line reads {text!r}; a vCard starts with BEGIN:VCARD").format(
                text=line.strip()[:60])
        break
    return None, _("this is neither a vCard (.vcf) nor a CSV file")


def read_import_data(data: bytes, *, source: str = "", mapping: dict | None = None,
                     encoding: str | None = None) -> ImportSource:
    """Read an import file's bytes: vCard or CSV, told apart by content.

    For CSV, *mapping* ({column header: Fairmate field}) overrides the guessed
    one (``core.exchange.csv_files.guess_csv_mapping``). *encoding* (a codec
    name) overrides the detected one (``core.exchange.encodings``); a detected
    encoding is named among the warnings.
    """
    kind = detect_kind(data)
    read_as = Encoding(encoding) if encoding else detect_encoding(data)
    if kind == "vcard":
        result = ImportSource(source, "vcard", parse_vcards(data, source=source, encoding=read_as.name))
    elif kind == "csv":
        table = sniff_csv(data, source=source, encoding=encoding)
        used = dict(mapping) if mapping is not None else guess_csv_mapping(table.headers)
        result = ImportSource(source, "csv", parse_csv(table, used), csv=table, mapping=used)
        result.problems += table.problems
    else:
        result = ImportSource(source, "unknown")
        line, message = _refusal(data)
        result.problems.append(ImportProblem(source, line, "", message))
        return result
    result.encoding, result.encoding_detected = read_as.name, read_as.detected
    if read_as.detected:
        result.problems.append(ImportProblem(source, None, "", _(
            "read as {encoding}, detected from the content (the file does not say); if names "
            "look wrong, choose another encoding").format(encoding=_(read_as.label)), WARNING))
    if not [c for c in result.contacts if c.fields]:
        result.problems.append(ImportProblem(source, None, "", _("no contacts found in this file")))
    result.unmapped = count_unmapped(result)
    result.problems += unmapped_problems(result)
    return result


def read_import_file(path: str | Path, *, mapping: dict | None = None,
                     encoding: str | None = None) -> ImportSource:
    """Read a vCard or CSV file from disk (see ``read_import_data``)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        result = ImportSource(str(path), "unknown")
        result.problems.append(ImportProblem(str(path), None, "", _("cannot read the file: {error}")
                                             .format(error=exc.strerror or exc)))
        return result
    return read_import_data(data, source=path.name, mapping=mapping, encoding=encoding)


# Preview ---------------------------------------------------------------------------------------

@dataclass
class PreviewEntry:
    """What importing one contact will do.

    ``action`` is ``"new"`` or ``"update"`` (the contact ``contact_id`` has
    the same email or phone and the same name). ``fields`` are what
    ``add_contact`` gets, or for an update only what changes (``changes``
    names them). ``duplicates`` lists likely duplicates of a new contact:
    matches with ``contact_id`` and ``reason`` (``contact_id`` is None for
    an earlier contact of the same file).
    """

    parsed: ParsedContact
    action: str
    fields: dict
    company: str | None = None
    contact_id: str | None = None
    duplicates: list = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    stage: str | None = None
    introducer: int | None = None  # index of the entry that introduced this one (same file)
    met_event_key: str | None = None  # an event this import adds
    country_guess: CountryGuess | None = None  # the contact's country and the clue that decided

    @property
    def name(self) -> str:
        """The contact's name as the preview lists it."""
        return self.parsed.name


@dataclass
class ImportPreview:
    """What an import will do, before anything is written.

    ``new`` and ``updated`` list the entries by action; ``duplicates`` the
    new ones that look like a contact we already have (they are imported as
    new, to be merged afterwards if the user agrees). ``ok`` is False when a
    problem is an error: then ``apply_import`` refuses.
    """

    source: ImportSource
    entries: list[PreviewEntry] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    events_to_add: dict = field(default_factory=dict)
    rejected: list[ParsedContact] = field(default_factory=list)  # contacts with errors

    @property
    def new(self) -> list[PreviewEntry]:
        """Entries that become new contacts (likely duplicates included)."""
        return [e for e in self.entries if e.action == "new"]

    @property
    def updated(self) -> list[PreviewEntry]:
        """Entries that update a contact we have."""
        return [e for e in self.entries if e.action == "update"]

    @property
    def duplicates(self) -> list[PreviewEntry]:
        """New entries that look like a contact we have or an earlier one in the file."""
        return [e for e in self.entries if e.action == "new" and e.duplicates]

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
        return not self.errors and bool(self.entries)

    def summary(self) -> dict:
        """Counts and problems as plain data (for the command line's ``--json``): also the
        encoding, the columns or properties no field takes, and each contact's country with
        the clue that gave it."""
        countries = [{"line": e.parsed.line, "country": e.country_guess.code, "clue": e.country_guess.clue,
                      "detail": e.country_guess.detail}
                     for e in self.entries if e.country_guess is not None and e.country_guess.code]
        return {"source": self.source.source, "kind": self.source.kind, "ok": self.ok,
                "new": len(self.new), "updated": len(self.updated),
                "duplicates": len(self.duplicates),
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


def _find_duplicates(db, book_has_contacts: bool, fields: dict, company: str | None) -> list:
    if not book_has_contacts:
        return []
    return find_duplicates_for_fields(db, fields, company=company)


def _same_contact(db, fields: dict) -> str | None:
    """The live contact with one of these emails or phones and the same name (the oldest, if several).

    Looked up in the duplicate keys (emails case-folded, phones in E.164: what the preview's
    checked values are compared by), not in a copy of the whole book: importing into 100,000
    contacts reads only the few that share a value.
    """
    probe = {field.name: fields.get(field.name) for field in _identifying_fields()}
    keys = sorted((k.kind, k.key) for k in contact_keys(probe, None))
    if not keys:
        return None
    name = fold(fields.get(DISPLAY_NAME.name) or "")
    found = set()
    for start in range(0, len(keys), 100):  # a few keys a query: SQLite limits how deep an OR nests
        chunk = keys[start:start + 100]
        found.update(db.conn.execute(_same_contact_sql(len(chunk)), [p for key in chunk for p in key]))
    for _rowid, contact_id, display_name in sorted(found):
        if fold(display_name) == name:
            return contact_id
    return None


def _same_contact_sql(count: int) -> str:
    # One (kind = ? AND key = ?) per key, ORed: SQLite searches the key index for each (a row-value
    # IN (VALUES …) scans the whole index: minutes for 10,000 cards into 100,000 contacts).
    wanted = " OR ".join(["(k.kind = ? AND k.key = ?)"] * count)
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
    for field in _replaced_fields():
        value = fields.get(field.name)
        if value not in (None, "") and current.get(field.name) != value:
            changes[field.name] = value
    for field in list_fields(is_list=True):
        name = field.name
        new_items = fields.get(name) or []
        joined = list(current.get(name) or [])
        keys = {_list_key(item) for item in joined}
        for item in new_items:
            if _list_key(item) not in keys:
                joined.append(item)
                keys.add(_list_key(item))
        if len(joined) != len(current.get(name) or []):
            if field.type in ENTRY_TYPES:
                joined = [{"value": e["value"], "label": e.get("label") or ""} for e in joined]
            changes[name] = joined
    for field in list_fields(merge=MERGE_JOIN):  # notes: the imported text is added
        text = (fields.get(field.name) or "").strip()
        if text and text not in (current.get(field.name) or ""):
            changes[field.name] = "\n\n".join(p for p in (current.get(field.name), text) if p)
    if company and (current.get("company") or {}).get("name", "").casefold() != company.casefold():
        changes["company"] = company
    return changes


@contextmanager
def _collector_paused():
    """The cyclic garbage collector leaves alone what exists when an import step starts.

    Each full collection walks every object alive, and an import holds 10,000
    parsed cards and their fields: ~0.8 s of a 10,000-card import. Frozen
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
    with _collector_paused():
        return _preview_import(db, source)


def _preview_import(db, source: ImportSource) -> ImportPreview:
    preview = ImportPreview(source)
    home = get_setting(db, HOME_COUNTRY.key)
    book_has_contacts = has_contacts(db)
    if book_has_contacts:
        ensure_duplicate_keys(db)  # _same_contact reads them
    events = {fold(name): event_id for event_id, name in db.conn.execute(
        "SELECT id, name FROM events WHERE deleted_at IS NULL")}
    seen: dict[tuple[str, str], int] = {}
    for parsed in source.contacts:
        if not parsed.fields:
            continue  # lines outside any card: their problems are listed below
        fields, guess = check_fields(parsed, home)
        if not any(p.is_error for p in parsed.problems) and not any(
                (fields.get(f.name) or "").strip() for f in (DISPLAY_NAME, GIVEN_NAME, FAMILY_NAME,
                                                             NATIVE_NAME)):
            parsed.problem(DISPLAY_NAME.name, _("a contact needs a name"))
        if any(p.is_error for p in parsed.problems):
            preview.rejected.append(parsed)
            continue
        company = parsed.company
        entry = PreviewEntry(parsed, "new", fields, company, country_guess=guess)
        contact_id = _same_contact(db, fields) if book_has_contacts else None
        if contact_id:
            current = get_contact(db, contact_id)
            entry.action, entry.contact_id = "update", contact_id
            stage = fields.get(STAGE.name)
            entry.stage = stage if stage and stage != current[STAGE.name] else None
            entry.fields = _changes_for_update(current, fields, company)
            entry.company = entry.fields.pop("company", None)
            entry.changes = sorted(entry.fields) + (["company"] if entry.company else []) + (
                [STAGE.name] if entry.stage else [])
        else:
            entry.duplicates = list(_find_duplicates(db, book_has_contacts, fields, company))
        for kind in _identifying_fields():
            for value in [kind.element_key(e) for e in fields.get(kind.name) or []]:
                earlier = seen.setdefault((kind.name, value), len(preview.entries))
                if earlier != len(preview.entries) and entry.action == "new" and not any(
                        getattr(m, "contact_id", None) is None for m in entry.duplicates):
                    line = preview.entries[earlier].parsed.line
                    entry.duplicates.append(_Match(None, _("same {kind} as line {line} of this file")
                                                   .format(kind=kind.display_label(), line=line)))
        _resolve_event(entry, events, preview, parsed)
        preview.entries.append(entry)
    _resolve_introducers(db, preview)
    preview.problems = source.all_problems()
    return preview


def _resolve_event(entry: PreviewEntry, events: dict, preview: ImportPreview,
                   parsed: ParsedContact) -> None:
    event = parsed.references.get("met_event")
    if not event:
        return
    key = fold(event["name"])
    target = entry.fields
    if key in events:
        target[MET_EVENT_ID.name] = events[key]
        return
    if key not in preview.events_to_add:
        clean = {"name": event["name"]}
        for name, check in (("country", validation.normalize_country), ("time_zone", validation.normalize_time_zone),
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
        preview.events_to_add[key] = clean
    entry.met_event_key = key


def _resolve_introducers(db, preview: ImportPreview) -> None:
    in_file: dict[str, list[int]] = {}
    for index, entry in enumerate(preview.entries):
        in_file.setdefault(fold(entry.name), []).append(index)
    for entry in preview.entries:
        ref = entry.parsed.references.get("introduced_by")
        if not ref:
            continue
        if ref.get("id") and fetch_row(db, "contacts", ref["id"]):
            entry.fields[INTRODUCED_BY_CONTACT_ID.name] = ref["id"]
            continue
        matches = in_file.get(fold(ref["name"]), [])
        if len(matches) == 1:
            entry.introducer = matches[0]
            continue
        rows = db.conn.execute(f"SELECT id FROM contacts WHERE deleted_at IS NULL AND "
                               f"{DISPLAY_NAME.name} = ?", (ref["name"],)).fetchall()
        if len(rows) == 1:
            entry.fields[INTRODUCED_BY_CONTACT_ID.name] = rows[0][0]
            continue
        entry.parsed.problem("introduced_by", _(
            "introducer {name!r} is not in your contacts; kept unchecked among the other fields")
            .format(name=ref["name"]), WARNING, ref.get("line"))
        keep_extra(entry.fields, kept_as(INTRODUCED_BY_CONTACT_ID), ref["name"])


# Applying --------------------------------------------------------------------------------------

class ImportRejected(Exception):
    """The import has errors, so nothing was written; ``problems`` lists them."""

    def __init__(self, problems: list[ImportProblem]):
        first = "; ".join(str(p) for p in problems[:3]) or _("no contacts to import")
        more = len(problems) - 3
        if more > 0:
            first += " " + _("(and {n} more)").format(n=more)
        super().__init__(_("Nothing was imported: {problems}").format(problems=first))
        self.problems = problems


@dataclass
class ImportResult:
    """What an import wrote: ids of new and updated contacts, and events it added."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    events_added: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        """Counts and ids as plain data."""
        return {"added": len(self.added), "updated": len(self.updated),
                "events_added": len(self.events_added), "added_ids": self.added,
                "updated_ids": self.updated}


def apply_import(db, preview: ImportPreview) -> ImportResult:
    """Write a previewed import in one transaction; raise ``ImportRejected`` (writing nothing) on errors."""
    if not preview.ok:
        raise ImportRejected(preview.errors)
    result = ImportResult()
    with _collector_paused(), write_transaction(db, N_("Import contacts")):
        event_ids = {}
        for key, event in preview.events_to_add.items():
            event_ids[key] = add_event(db, **event)
            result.events_added.append(event_ids[key])
        for entry in preview.updated:
            fields = _fields_to_write(entry, event_ids)
            update_contact(db, entry.contact_id, company=entry.company, **fields)
            if entry.stage:
                change_stage(db, entry.contact_id, entry.stage, note=_("imported"))
            result.updated.append(entry.contact_id)
        # A generator: add_contacts checks and writes one contact at a time, holding no copy of them all.
        # The preview checked each value (check_fields): add_contacts does not check them again.
        result.added = add_contacts(db, ({**_fields_to_write(entry, event_ids), "company": entry.company}
                                         for entry in preview.entries if entry.action == "new"),
                                    normalized=normalized_field_names())
        added = iter(result.added)
        ids = [next(added) if entry.action == "new" else entry.contact_id for entry in preview.entries]
        # Introducers from the same file exist only now.
        for entry, contact_id in zip(preview.entries, ids):
            if entry.introducer is not None:
                update_contact(db, contact_id, **{INTRODUCED_BY_CONTACT_ID.name: ids[entry.introducer]})
    return result


def _fields_to_write(entry: PreviewEntry, event_ids: dict) -> dict:
    fields = dict(entry.fields)
    if entry.met_event_key:
        fields[MET_EVENT_ID.name] = event_ids[entry.met_event_key]
    return fields


# Exporting -------------------------------------------------------------------------------------

EXPORT_FORMATS = ("vcf", "csv", "ics")


def list_contacts_for_export(db, contact_ids: list[str] | None = None) -> list[dict]:
    """Full contacts (as ``get_contact`` returns them), all in name order or the given ones.

    Raises ``KeyError`` naming an id that is not a live contact.
    """
    if contact_ids is None:
        contact_ids = [r[0] for r in db.conn.execute(
            f"SELECT id FROM contacts WHERE deleted_at IS NULL ORDER BY {SORT_KEY_FIELD.name}")]
    contacts = []
    for contact_id in contact_ids:
        contact = get_contact(db, contact_id)
        if contact is None:
            raise KeyError(_("Contact {id} not found").format(id=contact_id))
        contacts.append(contact)
    return contacts


def export_contacts(db, file_format: str, *, contact_ids: list[str] | None = None,
                    version: str = "4.0") -> bytes:
    """The bytes of an export file: ``vcf`` (vCard *version*), ``csv`` (UTF-8 with BOM, as
    Excel wants it) or ``ics`` (meetings and follow-ups of those contacts)."""
    if file_format == "ics":
        if contact_ids is not None:
            list_contacts_for_export(db, contact_ids)  # unknown ids are an error here too
        return export_calendar(db, contact_ids=contact_ids)
    contacts = list_contacts_for_export(db, contact_ids)
    if file_format == "vcf":
        return export_vcards(contacts, version=version).encode("utf-8")
    if file_format == "csv":
        return export_csv(contacts).encode("utf-8-sig")
    raise ValueError(_("unknown export format {format!r}: one of {formats}").format(
        format=file_format, formats=", ".join(EXPORT_FORMATS)))


def write_export(db, path: str | Path, file_format: str, *, contact_ids: list[str] | None = None,
                 version: str = "4.0") -> int:
    """Export to *path* (written whole, then renamed into place); return how many contacts."""
    data = export_contacts(db, file_format, contact_ids=contact_ids, version=version)
    write_file_atomically(path, data)
    if contact_ids is not None:
        return len(contact_ids)
    return db.conn.execute("SELECT count(*) FROM contacts WHERE deleted_at IS NULL").fetchone()[0]
