"""Contacts from and to CSV: encodings, delimiters, column mapping, exporters' presets.

``sniff_csv`` reads the bytes (UTF-8 with or without BOM, UTF-16 as Outlook
writes it, else the code page detected, ``core.exchange.encodings``), finds
the header row and guesses the delimiter; ``guess_csv_mapping`` maps each
column header to a Fairmate field (an exporter's preset, else common header
words in several languages: ``core.exchange.csv_headers``); the
user may change it; ``parse_csv`` turns rows into ``ParsedContact`` objects
for the import pipeline (``core.exchange``). Columns mapped to no field are
kept on the contact as other fields unless the user chose to ignore them.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from core.book.fields import (ADDRESS_LIST, ADDRESS_PARTS, ADDRESSES, BIRTHDAY, CITY, COMPANY_ID,
                              CONSENT_GIVEN_AT, CONSENT_METHOD, CONSENT_NOTE, COUNTRY, DISPLAY_NAME,
                              EMAILS, ENTRY_TYPES, EXTRAS, FAMILY_NAME, FORM_OF_ADDRESS, GEO_FIELD,
                              GIVEN_NAME, LANGUAGE_LIST, MERGE_JOIN, MET_EVENT_ID, NATIVE_NAME,
                              NATIVE_READING, REFERENCE, ROMANIZED_NAME, STAGE, TEXT_LIST,
                              ContactField, list_fields)
from core.exchange.model import (ERROR, WARNING, ImportProblem, ParsedContact, entry_fields,
                                 resolved_name)
from core.exchange.text import escape, locate_from_address
from core.exchange import csv_headers
from core.exchange.encodings import Encoding, detect_encoding
from core.exchange.formula_guard import guard_cell, unguard_cell
from core.i18n import N_, _, ngettext

IGNORE = csv_headers.IGNORE
KEEP = csv_headers.KEEP

# Targets beyond the declared fields, offered after the field they go with: name and company
# parts kept among the extras (as a vCard's N and ORG), and a reading in two parts.
_PART_TARGETS = {
    GIVEN_NAME.name: {"middle_name": N_("Middle name")},
    FAMILY_NAME.name: {"name_prefix": N_("Name prefix (Dr., Mr.)"), "name_suffix": N_("Name suffix")},
    NATIVE_READING.name: {"phonetic_given": N_("Phonetic given name"),
                          "phonetic_family": N_("Phonetic family name")},
    COMPANY_ID.name: {"department": N_("Department")},
    BIRTHDAY.name: {"birth_year": N_("Birthday: year"), "birth_month": N_("Birthday: month"),
                    "birth_day": N_("Birthday: day")},
}
# A target's label where the mapping step needs more words than the field's own label (one
# column holds one email; the city one is based in sits beside the address's city); a field
# not named here is offered under its declared label.
_CSV_LABELS = {
    DISPLAY_NAME.name: N_("Full name"), NATIVE_NAME.name: N_("Name in native script"),
    NATIVE_READING.name: N_("Reading of the name"), ROMANIZED_NAME.name: N_("Romanized name"),
    FORM_OF_ADDRESS.name: N_("Form of address"), CITY.name: N_("City (based in)"),
    COUNTRY.name: N_("Country (based in)"), GEO_FIELD.name: N_("Position (latitude,longitude)"),
    resolved_name(MET_EVENT_ID): N_("Event where met"),
    CONSENT_GIVEN_AT.name: N_("Consent given at"), CONSENT_METHOD.name: N_("Consent method"),
    CONSENT_NOTE.name: N_("Consent note"),
    "email": N_("Email"), "email_label": N_("Email label"), "phone": N_("Phone"),
    "phone_label": N_("Phone label"), "url": N_("Website"), "url_label": N_("Website label"),
}
# Entries with a fixed label, as the presets name them ("<entry target>:<label>").
_TYPED_TARGETS = {
    "email:work": N_("Email (work)"), "email:home": N_("Email (home)"),
    "phone:mobile": N_("Phone (mobile)"), "phone:work": N_("Phone (work)"),
    "phone:home": N_("Phone (home)"), "phone:work fax": N_("Fax (work)"),
    "phone:home fax": N_("Fax (home)"), "phone:other": N_("Phone (other)"),
}
_ADDRESS_TARGETS = {
    "address_street": N_("Address: street"), "address_extended": N_("Address: extra line"),
    "address_po_box": N_("Address: PO box"), "address_city": N_("Address: city"),
    "address_region": N_("Address: region or state"),
    "address_postal_code": N_("Address: postal code"), "address_country": N_("Address: country"),
    "address_label": N_("Address label"),
}
# The address parts in the order of an address's CSV columns after its label (street,
# extra line, PO box, city, region, postal code, country); ADDRESS_PARTS is the vCard order.
_CSV_ADDRESS_PARTS = tuple(ADDRESS_PARTS[i] for i in (2, 1, 0, 3, 4, 5, 6))


def entry_target(field: ContactField) -> str:
    """The column target of an entry list: its name in the singular (``emails`` → ``email``)."""
    return field.name.removesuffix("s")


def _target(field: ContactField) -> str:
    return resolved_name(field) if field.type == REFERENCE else field.name


def csv_targets() -> dict[str, str]:
    """Every target a column can map to (declared fields and their parts), with its label.

    Labels are untranslated (``N_``) or, for an entry list's label column, already
    translated; show them through ``_()``. Read from the field registry on each call.
    """
    targets = {IGNORE: N_("Ignore this column"), KEEP: N_("Keep as other field")}
    for field in list_fields():
        if not field.csv:
            continue
        if field.type in ENTRY_TYPES:
            kind = entry_target(field)
            targets[kind] = _CSV_LABELS.get(kind, field.label)
            targets.update({t: label for t, label in _TYPED_TARGETS.items() if t.split(":")[0] == kind})
            targets[kind + "_label"] = _CSV_LABELS.get(kind + "_label") or _("{field}: label").format(
                field=field.display_label())
        elif field.type == ADDRESS_LIST:
            targets.update(_ADDRESS_TARGETS)
        else:
            targets[_target(field)] = _CSV_LABELS.get(_target(field), field.label)
        targets.update(_PART_TARGETS.get(field.name, {}))
    return targets


class _CsvTargets(Mapping):
    """``CSV_FIELDS``: ``csv_targets()`` asked anew on each use, so a field declared later is offered."""

    def __getitem__(self, key: str) -> str:
        return csv_targets()[key]

    def __iter__(self):
        return iter(csv_targets())

    def __len__(self) -> int:
        return len(csv_targets())

    def items(self):
        return csv_targets().items()


# Every target a column can map to, with its label (translated when shown).
CSV_FIELDS: Mapping[str, str] = _CsvTargets()

def _fairmate_columns() -> list[tuple[str, str]]:
    """(header, target) of Fairmate's own CSV (export_csv), from each field's ``csv`` headers.

    A header with ``{n}`` stands for numbered columns (``Email 1``, ``Email 2``).
    """
    pairs: list[tuple[str, str]] = []
    for field in list_fields():
        if field.type in ENTRY_TYPES:
            pairs += zip(field.csv, (entry_target(field), entry_target(field) + "_label"))
        elif field.type == ADDRESS_LIST:
            pairs += zip(field.csv, ["address_label"] + [f"address_{p}" for p in _CSV_ADDRESS_PARTS])
        elif field.csv:
            pairs.append((field.csv[0], _target(field)))
    return pairs


_LABEL_WORDS = {"business": "work", "work": "work", "home": "home", "other": "other",
                "private": "home"}


@dataclass
class CsvSource:
    """A sniffed CSV file: encoding, delimiter, headers, rows with their line numbers, preset."""

    source: str
    encoding: str
    delimiter: str
    headers: list[str]
    rows: list[list[str]]
    lines: list[int]
    preset: str = "generic"
    problems: list[ImportProblem] = field(default_factory=list)
    encoding_detected: bool = False  # read from the content, not declared (BOM, UTF-8)

    def column_values(self, index: int, limit: int = 3) -> list[str]:
        """The first *limit* non-empty values of a column (for the mapping step)."""
        found = []
        for row in self.rows:
            if index < len(row) and row[index].strip():
                found.append(row[index].strip())
                if len(found) == limit:
                    break
        return found


def _decode(data: bytes, encoding: str | None = None) -> tuple[str, Encoding]:
    """The file's text and how it was read: *encoding* when the user named one, else detected."""
    used = Encoding(encoding) if encoding else detect_encoding(data)
    start = len(codecs.BOM_UTF8) if used.name == "utf-8-sig" and data.startswith(codecs.BOM_UTF8) else 0
    return data[start:].decode(used.name.removesuffix("-sig"), errors="replace"), used


def _sniff_delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        first = text.splitlines()[0] if text.splitlines() else ""
        return max(",;\t|", key=first.count)


def detect_preset(headers: list[str]) -> str:
    """The exporter of a CSV, from its headers: ``'google'``, ``'outlook'`` (``'outlook-de'``,
    ``'outlook-fr'``), ``'thunderbird'``, ``'linkedin'``, ``'hubspot'``, ``'salesforce'``,
    ``'zoho'``, ``'apple'``, ``'fairmate'`` or ``'generic'`` (``core.exchange.csv_headers``)."""
    own = {DISPLAY_NAME.csv[0], EMAILS.csv[0].format(n=1), STAGE.csv[0]}
    return csv_headers.detect_preset(headers, {h.casefold() for h in own})


def sniff_csv(data: bytes, *, source: str = "", encoding: str | None = None) -> CsvSource:
    """Decode a CSV file, guess its delimiter and preset, and split it into rows with line numbers.

    The encoding is detected (``core.exchange.encodings``) unless *encoding* names one.
    """
    text, used = _decode(data, encoding)
    encoding = used.name
    text = text.lstrip("\ufeff")
    skipped, text = _skip_preamble(text)
    delimiter = _sniff_delimiter(text) if text.strip() else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows, lines, problems = [], [], []
    if skipped:
        problems.append(ImportProblem(source, 1, "", ngettext(
            "the line before the column headers is not a contact; skipped",
            "the {n} lines before the column headers are not contacts; skipped", skipped)
            .format(n=skipped), WARNING))
    headers: list[str] = []
    previous_end = skipped
    try:
        for row in reader:
            start, previous_end = previous_end + 1, reader.line_num + skipped
            if not any(cell.strip() for cell in row):
                continue
            if not headers:
                headers = _unique_headers(row)
                continue
            rows.append([unguard_cell(cell) for cell in row])
            lines.append(start)
    except csv.Error as exc:
        problems.append(ImportProblem(source, previous_end + 1, "", _("this line cannot be read as CSV: "
                                                                      "{error}").format(error=exc)))
    if lines and _quote_left_open(text, lines[-1], delimiter):
        # The last row ran to the end of the file inside quotes: it swallowed every row after it.
        problems.append(ImportProblem(source, lines[-1], "", _(
            "a quote opened on this line is never closed, so it takes in the {n} lines after it; "
            "close the quote or remove it").format(n=previous_end - lines[-1])))
    if not headers:
        problems.append(ImportProblem(source, None, "", _("the file is empty")))
    return CsvSource(source, encoding, delimiter, headers, rows, lines, detect_preset(headers), problems,
                     encoding_detected=used.detected)


def _header_score(line: str) -> int:
    """How many cells of *line* (split at its likeliest delimiter) name a field."""
    delimiter = max(",;\t|", key=line.count)
    cells = next(csv.reader([line], delimiter=delimiter), [])
    return sum(1 for cell in cells if cell.strip() and csv_headers.guess_target(cell) is not None)


def _skip_preamble(text: str, look: int = 10) -> tuple[int, str]:
    """Lines above the header row that are no part of the table (LinkedIn's "Notes:" paragraph).

    Returns how many lines were skipped and the text from the header row on.
    """
    lines = text.splitlines(keepends=True)
    if not lines or _header_score(lines[0]) >= 2:
        return 0, text
    for index, line in enumerate(lines[1:look], start=1):
        if _header_score(line) >= 2:
            return index, "".join(lines[index:])
    return 0, text


def _quote_left_open(text: str, line: int, delimiter: str) -> bool:
    """True when the row starting at *line* (1-based) is still inside quotes at the end of *text*."""
    rest = "".join(text.splitlines(keepends=True)[line - 1:])
    if '"' not in rest:
        return False
    try:
        for _row in csv.reader(io.StringIO(rest, newline=""), delimiter=delimiter, strict=True):
            pass
    except csv.Error as exc:
        return "end of data" in str(exc)
    return False


def _unique_headers(row: list[str]) -> list[str]:
    headers, seen = [], {}
    for index, cell in enumerate(row):
        name = cell.strip() or _("Column {n}").format(n=index + 1)
        if name in seen:
            seen[name] += 1
            name = f"{name} ({seen[name]})"
        else:
            seen[name] = 1
        headers.append(name)
    return headers


def _match(patterns, header: str) -> str | None:
    key = " ".join(header.strip().casefold().split())
    for pattern, target in patterns:
        if re.fullmatch(pattern, key):
            return target
    return None


def guess_csv_mapping(headers: list[str]) -> dict[str, str]:
    """Map each header to a Fairmate field (see ``CSV_FIELDS``): a preset's, else by common words.

    Headers nothing matches are kept as other fields (``'extra'``) and named in the preview.
    """
    preset = detect_preset(headers)
    mapping = {}
    fairmate = [(re.escape(header.casefold()).replace(re.escape("{n}"), r"\d+"), target)
                for header, target in _fairmate_columns()]
    rules = fairmate if preset == "fairmate" else csv_headers.PRESETS.get(preset, [])
    for header in headers:
        target = _match(rules, header)
        if target is None:
            target = csv_headers.guess_target(header)
        mapping[header] = KEEP if target is None else target
    if not {t for t in mapping.values() if t.startswith("address_")} - {"address_city", "address_country"}:
        # A city and a country with no street: where the contact is based, not an address.
        located = {"address_city": CITY.name, "address_country": COUNTRY.name}
        mapping = {header: located.get(target, target) for header, target in mapping.items()}
    return mapping


def _slot(header: str, target: str) -> str:
    """Which entry or address a column belongs to: its qualifier (addresses) or its number."""
    if target.startswith("address"):
        qualifier = csv_headers.qualifier_of(header)
        if qualifier:
            return qualifier
    number = re.search(r"\d+", header)
    return number.group(0) if number else ""


def _split_multi(value: str) -> list[str]:
    # Google puts several values in one cell: "+49 30 1 ::: +49 170 2".
    return [part.strip() for part in value.split(":::") if part.strip()]


_KNOWN_LABELS = {"mobile", "work", "home", "other", "main", "fax", "pager", "work fax", "home fax",
                 "homepage", "blog", "profile"}


def _label(value: str) -> str:
    # Google marks the primary value with "* " ("* Work") and capitalizes its own labels;
    # a label the user typed ("WeChat") stays as written.
    label = value.strip().lstrip("*").strip()
    return label.casefold() if label.casefold() in _KNOWN_LABELS else label


def _birthday(value: str) -> str:
    raw = value.strip()
    if raw in ("0/0/00", "00.00.00", "0.0.00"):
        return ""
    match = re.fullmatch(r"(\d{1,2})([./])(\d{1,2})\2(\d{2}|\d{4})", raw)
    if not match:
        return raw
    first, sep, second, year = match.groups()
    if len(year) == 2:
        year = ("19" if int(year) > 30 else "20") + year
    day, month = (first, second) if sep == "." or int(first) > 12 else (second, first)
    return f"{year}-{int(month):02d}-{int(day):02d}"


def _birthday_from_parts(year: str, month: str, day: str) -> str:
    """Thunderbird's Birth Year / Month / Day as one date (``--MM-DD`` without a year)."""
    if not (month.isdigit() and day.isdigit()):
        return ""
    date = f"{int(month):02d}-{int(day):02d}"
    return f"{int(year):04d}-{date}" if year.isdigit() and int(year) else "--" + date


def parse_csv(csv_source: CsvSource, mapping: dict[str, str]) -> list[ParsedContact]:
    """Turn the rows of a sniffed CSV into contacts, following *mapping* ({header: field})."""
    return list(iter_csv(csv_source, mapping))


def iter_csv(csv_source: CsvSource, mapping: dict[str, str]) -> Iterator[ParsedContact]:
    """``parse_csv`` one row at a time; raises ``ValueError`` at once for a target no field has."""
    targets = csv_targets()
    kinds = {entry_target(field) for field in entry_fields()}
    unknown = {target for target in mapping.values()
               if target not in targets and target.split(":")[0] not in kinds}
    if unknown:
        raise ValueError(f"unknown CSV mapping targets: {sorted(unknown)}")
    return _iter_rows(csv_source, mapping, kinds)


def _iter_rows(csv_source: CsvSource, mapping: dict[str, str], kinds: set[str]) -> Iterator[ParsedContact]:
    columns = [(index, header, mapping.get(header, KEEP)) for index, header in enumerate(csv_source.headers)]
    for row, line in zip(csv_source.rows, csv_source.lines):
        parsed = ParsedContact(fields={}, line=line, source=csv_source.source,
                               exact=csv_source.preset == "fairmate")
        fields = parsed.fields
        values: dict[str, list[str]] = {}
        slotted: dict[tuple[str, str], list[str]] = {}
        extras = []
        if len(row) > len(columns):
            parsed.problem("", _("this row has {n} values but the header only {m} columns; the rest "
                                 "is kept as other fields").format(n=len(row), m=len(columns)), WARNING)
            extras += [{"name": "X-FAIRMATE-CSV", "group": None,
                        "params": {"X-COLUMN": [_("Column {n}").format(n=index + 1)]},
                        "value": escape(cell)} for index, cell in enumerate(row)
                       if index >= len(columns) and cell.strip()]
        for index, header, target in columns:
            cell = row[index].strip() if index < len(row) else ""
            if not cell or target == IGNORE:
                continue
            if target == KEEP:
                extras.append({"name": "X-FAIRMATE-CSV", "group": None, "params": {"X-COLUMN": [header]},
                               "value": escape(cell)})
                continue
            slot = _slot(header, target)
            if target.split(":")[0] in kinds or target.endswith("_label") \
                    or target.startswith("address_"):
                slotted.setdefault((target, slot), []).append(cell)
            else:
                values.setdefault(target, []).append(cell)
        _fill(parsed, values, slotted, exact=csv_source.preset == "fairmate")
        fields[EXTRAS.name] = parsed.references.pop("kept", []) + extras
        if not fields.get(DISPLAY_NAME.name):
            parsed.problem(DISPLAY_NAME.name, _("this row has no name, company or email"), ERROR)
        yield parsed


# A scalar's value from its cell, by type ("" when the cell says there is none).
_CELL_DECODERS = {BIRTHDAY.type: lambda cell: _birthday(cell)}


def _fill(parsed: ParsedContact, values: dict[str, list[str]], slotted: dict, *, exact: bool) -> None:
    """Fields from a row's cells: each declared field by its type, then name parts and lists."""
    fields = parsed.fields

    def first(name: str) -> str:
        return (values.get(name) or [""])[0]

    day = _birthday_from_parts(first("birth_year"), first("birth_month"), first("birth_day"))
    if day and not first(BIRTHDAY.name):
        values[BIRTHDAY.name] = [day]

    for field in list_fields(is_list=False):
        target = _target(field)
        if not field.csv or not first(target):
            continue
        if field.type == REFERENCE and field.references == COMPANY_ID.references:
            parsed.company = first(target)
        elif field.type == REFERENCE:  # resolved on import, by name
            parsed.references[target] = {"name": first(target)}
        elif field.merge == MERGE_JOIN:
            fields[field.name] = "\n\n".join(values[target])
        elif _CELL_DECODERS.get(field.type, str)(first(target)):
            fields[field.name] = _CELL_DECODERS.get(field.type, str)(first(target))
    _fill_name_parts(parsed, first)
    _fill_words(fields, values, exact)
    _fill_entries(parsed, slotted)
    if not exact:  # Fairmate's own export says city and country in columns of their own
        locate_from_address(fields, fields[ADDRESSES.name])
    emails = fields[EMAILS.name]
    if not fields.get(DISPLAY_NAME.name) and emails and "@" in emails[0]["value"]:
        fields[DISPLAY_NAME.name] = emails[0]["value"]


def _fill_words(fields: dict, values: dict[str, list[str]], exact: bool) -> None:
    """Text lists (tags) and language lists from their cells."""
    for field in list_fields(type=TEXT_LIST):
        # Fairmate's export puts one word per line in the cell, so a tag may hold a comma.
        words = [t.strip() for cell in values.get(field.name, [])
                 for t in re.split(r"\n" if exact else r":::|;|,", cell)]
        # Google's own groups ("* myContacts", "* starred") are not the user's tags.
        words = [t for t in words if t and (exact or not t.startswith("* "))]
        if words:
            fields[field.name] = list(dict.fromkeys(words))
    for field in list_fields(type=LANGUAGE_LIST):
        words = [w.strip() for cell in values.get(field.name, []) for w in re.split(r"[,;]", cell)]
        if any(words):
            fields[field.name] = [w for w in words if w]


def _fill_entries(parsed: ParsedContact, slotted: dict) -> None:
    """Entry lists and addresses from their numbered (or labelled) columns."""
    fields = parsed.fields
    for field in entry_fields():
        kind = entry_target(field)
        entries = []
        for (target, slot), cells in slotted.items():
            if target.split(":")[0] != kind or target.endswith("_label"):
                continue
            label = target.split(":", 1)[1] if ":" in target else ""
            label = label or _label((slotted.get((f"{kind}_label", slot)) or [""])[0])
            for cell in cells:
                for value in _split_multi(cell):
                    entries.append({"value": value, "label": label, "_line": parsed.line})
        fields[field.name] = entries
    addresses = {}
    for (target, slot), cells in slotted.items():
        if target.startswith("address_") and target != "address_label":
            part = target[len("address_"):]
            address = addresses.setdefault(slot, {"label": _LABEL_WORDS.get(slot, "") or _label(
                (slotted.get(("address_label", slot)) or [""])[0])})
            address[part] = "\n".join(cells)
    fields[ADDRESSES.name] = [a for a in addresses.values()
                              if any(v for k, v in a.items() if k != "label")]


def _fill_name_parts(parsed: ParsedContact, first) -> None:
    """Middle name, prefix, suffix and department kept (as a vCard's N and ORG); a name to show."""
    fields = parsed.fields
    given, family = fields.get(GIVEN_NAME.name, ""), fields.get(FAMILY_NAME.name, "")
    prefix, middle, suffix = first("name_prefix"), first("middle_name"), first("name_suffix")
    kept = []
    if prefix or middle or suffix:
        kept.append({"name": "N", "group": None, "params": {}, "value": ";".join(
            escape(p) for p in (family, given, middle, prefix, suffix))})
    if first("department") and parsed.company:
        kept.append({"name": "ORG", "group": None, "params": {},
                     "value": f"{escape(parsed.company)};{escape(first('department'))}"})
    if kept:
        parsed.references["kept"] = kept
    if not fields.get(DISPLAY_NAME.name):
        name = " ".join(p for p in (given, middle, family, suffix) if p) or parsed.company or ""
        if name:
            fields[DISPLAY_NAME.name] = name
    reading = " ".join(p for p in (first("phonetic_family"), first("phonetic_given")) if p)
    if reading and NATIVE_READING.name not in fields:
        fields[NATIVE_READING.name] = reading


def _column_keys(field: ContactField) -> tuple[str, ...]:
    """The key of a list element each of a numbered field's columns holds, in column order."""
    if field.type == ADDRESS_LIST:
        return ("label",) + _CSV_ADDRESS_PARTS
    return ("value", "label")


def _cell(contact: dict, field: ContactField) -> str:
    """A field's one cell: lists joined, a reference by its record's name."""
    value = contact.get(_target(field))
    if field.type == TEXT_LIST:
        return "\n".join(_as_list(value))
    if field.type == LANGUAGE_LIST:
        return ", ".join(_as_list(value))
    if isinstance(value, dict):  # a resolved reference: its company or event
        value = value.get("name")
    return "" if value is None else str(value)


def _as_list(value) -> list:
    return json.loads(value or "[]") if isinstance(value, str) else list(value or [])


def export_csv(contacts: list[dict]) -> str:
    """Contacts (as ``get_contact`` returns them) as CSV text with Fairmate's own headers.

    One column per field (its declared ``csv`` header), numbered columns for
    the lists of entries and addresses; reading the file back maps every column by itself.
    A cell a spreadsheet would run as a formula starts with ' (``guard_cell``).
    """
    exported = [f for f in list_fields() if f.csv]
    numbered = {f.name: max([len(_as_list(c.get(f.name))) for c in contacts] + [1])
                for f in exported if "{n}" in f.csv[0]}
    headers = []
    for field in exported:
        if field.name in numbered:
            headers += [h.format(n=n) for n in range(1, numbered[field.name] + 1) for h in field.csv]
        else:
            headers.append(field.csv[0])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    for contact in contacts:
        values = []
        for field in exported:
            if field.name not in numbered:
                values.append(_cell(contact, field))
                continue
            entries = _as_list(contact.get(field.name))
            for n in range(numbered[field.name]):
                entry = entries[n] if n < len(entries) else {}
                values += [entry.get(key) or "" for key in _column_keys(field)]
        writer.writerow([guard_cell(value) if isinstance(value, str) else value for value in values])
    return out.getvalue()
