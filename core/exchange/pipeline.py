"""Importing and exporting contacts: one pipeline for vCard and CSV, all or nothing.

Reading a file gives an ``ImportSource`` (how to read its contacts, one at a
time, plus the problems found while reading); ``preview_import``
(``core.exchange.preview``) checks every value the way the
contact book does and decides, per contact, whether it is new or updates a
contact we already have, and flags likely duplicates; ``apply_import`` then
writes everything in one transaction, or nothing when the preview has errors.

Problems are errors (the import cannot go ahead: a card without a name, a
line that cannot be read) or warnings (a value that failed validation and was
kept, unchecked, among the contact's other fields). Nothing read is dropped.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from core.book.activity import change_stage
from core.book.contacts import add_contacts, get_contact, update_contact
from core.book.events import add_event
from core.book.fields import INTRODUCED_BY_CONTACT_ID, MET_EVENT_ID, SORT_KEY_FIELD
from core.exchange.checking import normalized_field_names
from core.exchange.csv_files import IGNORE, KEEP, export_csv, guess_csv_mapping, iter_csv, sniff_csv
from core.exchange.encodings import Encoding, detect_encoding
from core.exchange.ical import export_calendar
from core.exchange.model import WARNING, ImportProblem, ImportSource
# The preview, also under its old home here.
from core.exchange.preview import (ImportPreview, PreviewEntry, RejectedContact, collector_paused,
                                   preview_import)
from core.exchange.text import decode_text
from core.exchange.unmapped import count_unmapped, unmapped_problems
from core.exchange.vcard import export_vcards, iter_vcards
from core.i18n import N_, _
from core.store.db import write_transaction
from core.store.files import write_file_atomically

__all__ = ["EXPORT_FORMATS", "ImportPreview", "ImportRejected", "ImportResult", "PreviewEntry",
           "RejectedContact", "apply_import", "detect_kind", "export_contacts", "list_contacts_for_export",
           "preview_import", "read_import_data", "read_import_file", "write_export"]


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
    encoding is named among the warnings. The contacts are read when asked
    for (``ImportSource.iter_contacts``), one at a time, as often as asked.
    """
    kind = detect_kind(data)
    read_as = Encoding(encoding) if encoding else detect_encoding(data)
    if kind == "vcard":
        result = ImportSource(source, "vcard", functools.partial(iter_vcards, data, source=source,
                                                                 encoding=read_as.name))
    elif kind == "csv":
        table = sniff_csv(data, source=source, encoding=encoding)
        used = dict(mapping) if mapping is not None else guess_csv_mapping(table.headers)
        iter_csv(table, used)  # a mapping to a field that does not exist: ValueError now
        result = ImportSource(source, "csv", functools.partial(iter_csv, table, used), csv=table, mapping=used)
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
    if kind == "csv":  # a CSV's columns are counted from its rows; a vCard's properties as it is previewed
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
    """Write a previewed import in one transaction; raise ``ImportRejected`` (writing nothing) on errors.

    The entries are read from the preview as they are written (``ImportPreview.iter_entries``),
    as checked there: nothing is parsed or checked again.
    """
    if not preview.ok:
        raise ImportRejected(preview.errors)
    result = ImportResult()
    with collector_paused(), write_transaction(db, N_("Import contacts")):
        event_ids = {}
        for key, event in preview.events_to_add.items():
            event_ids[key] = add_event(db, **event)
            result.events_added.append(event_ids[key])
        if preview.updated_count:
            for entry in preview.iter_entries():
                if entry.action != "update":
                    continue
                fields = _fields_to_write(entry, event_ids)
                update_contact(db, entry.contact_id, company=entry.company, **fields)
                if entry.stage:
                    change_stage(db, entry.contact_id, entry.stage, note=_("imported"))
                result.updated.append(entry.contact_id)
        # A generator: add_contacts checks and writes one contact at a time, holding no copy of them all.
        # The preview checked each value (check_fields): add_contacts does not check them again.
        result.added = add_contacts(db, ({**_fields_to_write(entry, event_ids), "company": entry.company}
                                         for entry in preview.iter_entries() if entry.action == "new"),
                                    normalized=normalized_field_names())
        if preview.introduced:
            # Introducers from the same file exist only now.
            added = iter(result.added)
            ids = [next(added) if entry.action == "new" else entry.contact_id
                   for entry in preview.iter_entries()]
            for entry, contact_id in zip(preview.iter_entries(), ids):
                if entry.introducer is not None:
                    update_contact(db, contact_id, **{INTRODUCED_BY_CONTACT_ID.name: ids[entry.introducer]})
    return result


def _fields_to_write(entry: PreviewEntry, event_ids: dict) -> dict:
    fields = entry.fields
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
