"""Contacts from and to CSV: encodings, delimiters, column mapping, Google and Outlook presets.

``sniff_csv`` reads the bytes (UTF-8 with or without BOM, UTF-16 as Outlook
writes it, else cp1252) and guesses the delimiter; ``guess_csv_mapping``
maps each column header to a Fairmate field (a preset when the headers are
those of a Google Contacts or Outlook export, else by common names); the
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
from dataclasses import dataclass, field

from core.exchange.model import ERROR, WARNING, ImportProblem, ParsedContact
from core.exchange.text import escape, locate_from_address
from core.i18n import N_, _

IGNORE = ""
KEEP = "extra"

# Every field a column can map to, with its label (translated when shown).
CSV_FIELDS: dict[str, str] = {
    IGNORE: N_("Ignore this column"),
    KEEP: N_("Keep as other field"),
    "display_name": N_("Full name"),
    "given_name": N_("Given name"),
    "middle_name": N_("Middle name"),
    "family_name": N_("Family name"),
    "name_prefix": N_("Name prefix (Dr., Mr.)"),
    "name_suffix": N_("Name suffix"),
    "native_name": N_("Name in native script"),
    "phonetic_given": N_("Phonetic given name"),
    "phonetic_family": N_("Phonetic family name"),
    "native_reading": N_("Reading of the name"),
    "romanized_name": N_("Romanized name"),
    "form_of_address": N_("Form of address"),
    "company": N_("Company"),
    "department": N_("Department"),
    "job_title": N_("Job title"),
    "email": N_("Email"),
    "email:work": N_("Email (work)"),
    "email:home": N_("Email (home)"),
    "email_label": N_("Email label"),
    "phone": N_("Phone"),
    "phone:mobile": N_("Phone (mobile)"),
    "phone:work": N_("Phone (work)"),
    "phone:home": N_("Phone (home)"),
    "phone:work fax": N_("Fax (work)"),
    "phone:home fax": N_("Fax (home)"),
    "phone:other": N_("Phone (other)"),
    "phone_label": N_("Phone label"),
    "address_street": N_("Address: street"),
    "address_extended": N_("Address: extra line"),
    "address_po_box": N_("Address: PO box"),
    "address_city": N_("Address: city"),
    "address_region": N_("Address: region or state"),
    "address_postal_code": N_("Address: postal code"),
    "address_country": N_("Address: country"),
    "address_label": N_("Address label"),
    "city": N_("City (based in)"),
    "country": N_("Country (based in)"),
    "url": N_("Website"),
    "url_label": N_("Website label"),
    "notes": N_("Notes"),
    "tags": N_("Tags"),
    "birthday": N_("Birthday"),
    "languages": N_("Languages"),
    "time_zone": N_("Time zone"),
    "stage": N_("Stage"),
    "met_on": N_("Met on"),
    "met_booth": N_("Booth"),
    "met_event": N_("Event where met"),
    "introduced_by_org": N_("Introduced by (organization)"),
    "trust_path": N_("Trust path"),
    "consent_given_at": N_("Consent given at"),
    "consent_method": N_("Consent method"),
    "consent_note": N_("Consent note"),
    "geo": N_("Position (latitude,longitude)"),
}

# Google Contacts (both the current export and the older one), by header pattern.
_GOOGLE = [
    (r"name", "display_name"), (r"first name|given name", "given_name"),
    (r"middle name|additional name", "middle_name"), (r"last name|family name", "family_name"),
    (r"name prefix", "name_prefix"), (r"name suffix", "name_suffix"),
    (r"phonetic first name|given name yomi", "phonetic_given"),
    (r"phonetic last name|family name yomi", "phonetic_family"),
    (r"organization name|organization 1 - name", "company"),
    (r"organization title|organization 1 - title", "job_title"),
    (r"organization department|organization 1 - department", "department"),
    (r"birthday", "birthday"), (r"notes", "notes"), (r"labels|group membership", "tags"),
    (r"language", "languages"),
    (r"e-mail \d+ - (label|type)", "email_label"), (r"e-mail \d+ - value", "email"),
    (r"phone \d+ - (label|type)", "phone_label"), (r"phone \d+ - value", "phone"),
    (r"address \d+ - (label|type)", "address_label"), (r"address \d+ - street", "address_street"),
    (r"address \d+ - city", "address_city"), (r"address \d+ - po box", "address_po_box"),
    (r"address \d+ - region", "address_region"),
    (r"address \d+ - postal code", "address_postal_code"),
    (r"address \d+ - country", "address_country"),
    (r"address \d+ - extended address", "address_extended"),
    (r"address \d+ - formatted", IGNORE),  # the parts above say the same
    (r"website \d+ - (label|type)", "url_label"), (r"website \d+ - value", "url"),
    (r"photo|file as|initials|yomi name|name yomi|organization 1 - (type|yomi name)", IGNORE),
]

# Outlook's "Comma Separated Values" export.
_OUTLOOK = [
    (r"title", "name_prefix"), (r"first name", "given_name"), (r"middle name", "middle_name"),
    (r"last name", "family_name"), (r"suffix", "name_suffix"), (r"company", "company"),
    (r"department", "department"), (r"job title", "job_title"),
    (r"(business|home|other) street( \d)?", "address_street"),
    (r"(business|home|other) city", "address_city"),
    (r"(business|home|other) state", "address_region"),
    (r"(business|home|other) postal code", "address_postal_code"),
    (r"(business|home|other) country(/region)?", "address_country"),
    (r"(business|home|other) address po box", "address_po_box"),
    (r"business phone( \d)?", "phone:work"), (r"home phone( \d)?", "phone:home"),
    (r"mobile phone", "phone:mobile"), (r"business fax", "phone:work fax"),
    (r"home fax", "phone:home fax"), (r"other phone", "phone:other"), (r"primary phone", "phone"),
    (r"company main phone", "phone:main"), (r"pager", "phone:pager"), (r"car phone", "phone:car"),
    (r"assistant's phone", "phone:assistant"), (r"other fax", "phone:other fax"),
    (r"e-mail( \d)? address", "email"), (r"e-mail( \d)? (type|display name)", IGNORE),
    (r"birthday", "birthday"), (r"categories", "tags"), (r"notes", "notes"),
    (r"web page", "url"), (r"language", "languages"),
    (r"(callback|isdn|radio phone|tty/tdd phone|telex|private|priority|sensitivity|mileage|"
     r"billing information|directory server|internet free busy|initials|gender)", IGNORE),
]

# Fairmate's own CSV export (export_csv): headers are these labels.
_FAIRMATE_COLUMNS = [
    ("Name", "display_name"), ("Given name", "given_name"), ("Family name", "family_name"),
    ("Native name", "native_name"), ("Reading", "native_reading"),
    ("Romanized name", "romanized_name"), ("Form of address", "form_of_address"),
    ("Company", "company"), ("Job title", "job_title"), ("Country", "country"), ("City", "city"),
    ("Languages", "languages"), ("Time zone", "time_zone"), ("Tags", "tags"), ("Notes", "notes"),
    ("Stage", "stage"), ("Event", "met_event"), ("Booth", "met_booth"), ("Met on", "met_on"),
    ("Introduced by organization", "introduced_by_org"), ("Trust path", "trust_path"),
    ("Consent given at", "consent_given_at"), ("Consent method", "consent_method"),
    ("Consent note", "consent_note"), ("Birthday", "birthday"), ("Position", "geo"),
]
_FAIRMATE_SLOTTED = [
    ("Email {n}", "email"), ("Email {n} label", "email_label"), ("Phone {n}", "phone"),
    ("Phone {n} label", "phone_label"), ("Website {n}", "url"), ("Website {n} label", "url_label"),
    ("Address {n} label", "address_label"), ("Address {n} street", "address_street"),
    ("Address {n} extra line", "address_extended"), ("Address {n} PO box", "address_po_box"),
    ("Address {n} city", "address_city"), ("Address {n} region", "address_region"),
    ("Address {n} postal code", "address_postal_code"), ("Address {n} country", "address_country"),
]

# Any other CSV: common header words.
_GENERIC = [
    (r"(full |display )?name|contact( name)?", "display_name"),
    (r"(first|given|fore) ?name|vorname|prénom", "given_name"),
    (r"(last|family|sur) ?name|nachname|nom", "family_name"),
    (r"(e-?mail|mail)( address)?( \d)?", "email"), (r"(mobile|cell)( phone)?", "phone:mobile"),
    (r"(tel|phone|telephone|telefon)( number)?( \d)?", "phone"),
    (r"(company|organi[sz]ation|firma|org)( name)?", "company"),
    (r"(job )?title|position|role", "job_title"), (r"country", "country"), (r"city|town", "city"),
    (r"notes?|comments?", "notes"), (r"tags?|categories|labels|groups?", "tags"),
    (r"website|url|web", "url"), (r"birthday|date of birth", "birthday"),
    (r"languages?", "languages"), (r"time ?zone", "time_zone"),
    (r"street|address", "address_street"), (r"(zip|postal) ?code|postcode", "address_postal_code"),
    (r"state|region|province", "address_region"),
]

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

    def column_values(self, index: int, limit: int = 3) -> list[str]:
        """The first *limit* non-empty values of a column (for the mapping step)."""
        found = []
        for row in self.rows:
            if index < len(row) and row[index].strip():
                found.append(row[index].strip())
                if len(found) == limit:
                    break
        return found


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace"), "utf-16"
    if len(data) >= 4 and data[1:2] == b"\x00" and data[3:4] == b"\x00":
        return data.decode("utf-16-le", errors="replace"), "utf-16-le"
    if len(data) >= 4 and data[0:1] == b"\x00" and data[2:3] == b"\x00":
        return data.decode("utf-16-be", errors="replace"), "utf-16-be"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), "cp1252"


def _sniff_delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        first = text.splitlines()[0] if text.splitlines() else ""
        return max(",;\t|", key=first.count)


def detect_preset(headers: list[str]) -> str:
    """``'google'``, ``'outlook'``, ``'fairmate'`` or ``'generic'``, from a CSV's headers."""
    names = {h.strip().casefold() for h in headers}
    if {"name", "email 1"} <= names and "stage" in names:
        return "fairmate"
    if ("e-mail 1 - value" in names or "phone 1 - value" in names or "group membership" in names
            or "labels" in names and "first name" in names):
        return "google"
    if {"first name", "last name"} <= names and ("e-mail address" in names or "business phone" in names
                                                 or "mobile phone" in names):
        return "outlook"
    return "generic"


def sniff_csv(data: bytes, *, source: str = "") -> CsvSource:
    """Decode a CSV file, guess its delimiter and preset, and split it into rows with line numbers."""
    text, encoding = _decode(data)
    text = text.lstrip("\ufeff")
    delimiter = _sniff_delimiter(text) if text.strip() else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows, lines, problems = [], [], []
    headers: list[str] = []
    previous_end = 0
    try:
        for row in reader:
            start, previous_end = previous_end + 1, reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if not headers:
                headers = _unique_headers(row)
                continue
            rows.append(row)
            lines.append(start)
    except csv.Error as exc:
        problems.append(ImportProblem(source, previous_end + 1, "", _("this line cannot be read as CSV: "
                                                                      "{error}").format(error=exc)))
    if not headers:
        problems.append(ImportProblem(source, None, "", _("the file is empty")))
    return CsvSource(source, encoding, delimiter, headers, rows, lines, detect_preset(headers), problems)


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
    """Map each header to a Fairmate field (see ``CSV_FIELDS``): a preset's, else by common names.

    Headers nothing matches are kept as other fields (``'extra'``).
    """
    preset = detect_preset(headers)
    mapping = {}
    fairmate = {label.casefold(): target for label, target in _FAIRMATE_COLUMNS}
    for header in headers:
        target = None
        if preset == "fairmate":
            target = fairmate.get(header.casefold())
            if target is None:
                for pattern, slotted in _FAIRMATE_SLOTTED:
                    regex = re.escape(pattern.casefold()).replace(re.escape("{n}"), r"\d+")
                    if re.fullmatch(regex, header.casefold()):
                        target = slotted
                        break
        elif preset == "google":
            target = _match(_GOOGLE, header)
        elif preset == "outlook":
            target = _match(_OUTLOOK, header)
        if target is None:
            target = _match(_GENERIC, header)
        mapping[header] = KEEP if target is None else target
    return mapping


def _slot(header: str, target: str) -> str:
    words = header.strip().casefold().split()
    if target.startswith("address") and words and words[0] in _LABEL_WORDS:
        return words[0]
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


def parse_csv(csv_source: CsvSource, mapping: dict[str, str]) -> list[ParsedContact]:
    """Turn the rows of a sniffed CSV into contacts, following *mapping* ({header: field})."""

    unknown = {target for target in mapping.values()
               if target not in CSV_FIELDS and not target.startswith(("phone:", "email:"))}
    if unknown:
        raise ValueError(f"unknown CSV mapping targets: {sorted(unknown)}")
    contacts = []
    columns = [(index, header, mapping.get(header, KEEP)) for index, header in enumerate(csv_source.headers)]
    for row, line in zip(csv_source.rows, csv_source.lines):
        parsed = ParsedContact(fields={}, line=line, source=csv_source.source)
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
            if target.split(":")[0] in ("email", "phone", "url") or target.endswith("_label") \
                    or target.startswith("address_"):
                slotted.setdefault((target, slot), []).append(cell)
            else:
                values.setdefault(target, []).append(cell)
        _fill(parsed, values, slotted, exact=csv_source.preset == "fairmate")
        fields["extras"] = parsed.references.pop("kept", []) + extras
        if not fields.get("display_name"):
            parsed.problem("display_name", _("this row has no name, company or email"), ERROR)
        contacts.append(parsed)
    return contacts


def _fill(parsed: ParsedContact, values: dict[str, list[str]], slotted: dict, *, exact: bool) -> None:

    fields = parsed.fields

    def first(name: str) -> str:
        return (values.get(name) or [""])[0]

    for name in ("display_name", "given_name", "family_name", "native_name", "native_reading",
                 "romanized_name", "form_of_address", "job_title", "country", "city", "time_zone",
                 "stage", "met_on", "met_booth", "introduced_by_org", "trust_path",
                 "consent_given_at", "consent_method", "consent_note", "geo"):
        if first(name):
            fields[name] = first(name)
    if first("company"):
        parsed.company = first("company")
    prefix, middle, suffix = first("name_prefix"), first("middle_name"), first("name_suffix")
    kept = []
    if prefix or middle or suffix:

        kept.append({"name": "N", "group": None, "params": {}, "value": ";".join(
            escape(p) for p in (fields.get("family_name", ""), fields.get("given_name", ""),
                                middle, prefix, suffix))})
    if first("department") and parsed.company:

        kept.append({"name": "ORG", "group": None, "params": {},
                     "value": f"{escape(parsed.company)};{escape(first('department'))}"})
    if not fields.get("display_name"):
        name = " ".join(p for p in (fields.get("given_name"), middle, fields.get("family_name"),
                                    suffix) if p)
        name = name or parsed.company or ""
        if name:
            fields["display_name"] = name
    reading = " ".join(p for p in (first("phonetic_family"), first("phonetic_given")) if p)
    if reading and "native_reading" not in fields:
        fields["native_reading"] = reading
    if values.get("notes"):
        fields["notes"] = "\n\n".join(values["notes"])
    # Fairmate's export puts one tag per line in the cell, so a tag may hold a comma.
    tags = [t.strip() for cell in values.get("tags", []) for t in re.split(r"\n" if exact else r":::|;|,", cell)]
    # Google's own groups ("* myContacts", "* starred") are not the user's tags.
    tags = [t for t in tags if t and (exact or not t.startswith("* "))]
    if tags:
        fields["tags"] = list(dict.fromkeys(tags))
    languages = [lang.strip() for cell in values.get("languages", []) for lang in re.split(r"[,;]", cell)]
    if any(languages):
        fields["languages"] = [lang for lang in languages if lang]
    if first("birthday") and _birthday(first("birthday")):
        fields["birthday"] = _birthday(first("birthday"))
    if first("met_event"):
        parsed.references["met_event"] = {"name": first("met_event")}

    for kind in ("email", "phone", "url"):
        entries = []
        for (target, slot), cells in slotted.items():
            if target.split(":")[0] != kind or target.endswith("_label"):
                continue
            label = target.split(":", 1)[1] if ":" in target else ""
            label = label or _label((slotted.get((f"{kind}_label", slot)) or [""])[0])
            for cell in cells:
                for value in _split_multi(cell):
                    entries.append({"value": value, "label": label, "_line": parsed.line})
        fields[{"email": "emails", "phone": "phones", "url": "urls"}[kind]] = entries
    addresses = {}
    for (target, slot), cells in slotted.items():
        if target.startswith("address_") and target != "address_label":
            part = target[len("address_"):]
            address = addresses.setdefault(slot, {"label": _LABEL_WORDS.get(slot, "") or _label(
                (slotted.get(("address_label", slot)) or [""])[0])})
            address[part] = "\n".join(cells)
    fields["addresses"] = [a for a in addresses.values() if any(v for k, v in a.items() if k != "label")]
    if kept:
        parsed.references["kept"] = kept  # middle name, prefix, suffix, department: like a vCard's
    if not exact:  # Fairmate's own export says city and country in columns of their own
        locate_from_address(fields, fields["addresses"])
    if not fields.get("display_name") and fields["emails"] and "@" in fields["emails"][0]["value"]:
        fields["display_name"] = fields["emails"][0]["value"]


def export_csv(contacts: list[dict]) -> str:
    """Contacts (as ``get_contact`` returns them) as CSV text with Fairmate's own headers.

    One column per field, numbered columns for emails, phones, websites and
    addresses; reading the file back maps every column by itself.
    """
    def items(contact, key):
        value = contact.get(key)
        return json.loads(value or "[]") if isinstance(value, str) else list(value or [])

    counts = {key: max([len(items(c, key)) for c in contacts] + [1])
              for key in ("emails", "phones", "urls", "addresses")}
    headers = [label for label, _target in _FAIRMATE_COLUMNS]
    for label, target in _FAIRMATE_SLOTTED:
        key = {"email": "emails", "phone": "phones", "url": "urls"}.get(target.split("_")[0], "addresses")
        headers += [label.format(n=n) for n in range(1, counts[key] + 1)]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    for contact in contacts:
        company = contact.get("company")
        event = contact.get("met_event")
        row = {
            "display_name": contact.get("display_name"),
            "company": company.get("name") if isinstance(company, dict) else company,
            "languages": ", ".join(items(contact, "languages")),
            "tags": "\n".join(items(contact, "tags")),
            "met_event": event.get("name") if isinstance(event, dict) else None,
        }
        values = []
        for _label_text, target in _FAIRMATE_COLUMNS:
            value = row[target] if target in row else contact.get(target)
            values.append("" if value is None else str(value))
        for label, target in _FAIRMATE_SLOTTED:
            kind = target.split("_")[0]
            key = {"email": "emails", "phone": "phones", "url": "urls"}.get(kind, "addresses")
            entries = items(contact, key)
            for n in range(counts[key]):
                entry = entries[n] if n < len(entries) else {}
                if target.endswith("_label"):
                    values.append(entry.get("label") or "")
                elif kind == "address":
                    values.append(entry.get(target[len("address_"):]) or "")
                else:
                    values.append(entry.get("value") or "")
        writer.writerow(values)
    return out.getvalue()
