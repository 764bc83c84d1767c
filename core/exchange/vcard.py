"""vCard 2.1, 3.0 and 4.0 in, vCard 3.0 and 4.0 out, without losing a field.

Reading: the bytes are decoded first (UTF-8 with or without BOM, UTF-16,
and per line the ``CHARSET`` a 2.1 card names, else cp1252), then split into
content lines (``core.exchange.vcard_lines``). Values are decoded there
rather than by vobject's component layer, which is ten times slower and cuts
a NOTE at its first unescaped comma (common in real files). Each property is
then read as the contact field that declares it (``vcard=`` in
``core.book.fields``), by the field's type; properties Fairmate has no field
for are kept on the contact (``extras``) and written back on export.

Writing: the same declarations, each field by its type. Fairmate's own
fields with no vCard equivalent travel as ``X-FAIRMATE-*`` properties, so
export → import gives the same contact.
"""

from __future__ import annotations

import base64
import json
import re
from typing import Iterable, Iterator

from core.book.fields import (ADDRESS_LIST, ADDRESS_PARTS, ADDRESSES, BIRTHDAY, CITY, COUNTRY,
                              DISPLAY_NAME, EMAIL_LIST, EMAILS, ENTRY_TYPES, EXTRAS, FAMILY_NAME,
                              GEO, GIVEN_NAME, IMAGE, LANGUAGE_LIST, MERGE_JOIN, NATIVE_NAME,
                              NATIVE_READING, PHONE_LIST, REFERENCE, ROMANIZED_NAME, TEXT_LIST,
                              TIME_ZONE, list_fields)
from core.book.validation import ValidationError, country_name
from core.exchange.model import WARNING, ParsedContact, resolved_name
from core.exchange.text import (ADDRESS_CITY, ADDRESS_COUNTRY, country_code, decode_lines, escape,
                                locate_from_address, split_value, unescape)
# The content-line layer, also under its old home here.
from core.exchange.zones import parse_offset
from core.exchange.vcard_lines import VCardProperty, _fold, _line, read_cards  # noqa: F401
from core.i18n import _

# (BIRTHDAY and COUNTRY are the fields; their types are BIRTHDAY.type and COUNTRY.type.)
PRODID = "-//Fairmate//Fairmate contact exchange//EN"

# vCard TYPE values and the label Fairmate shows for them.
_TYPE_LABELS = {"cell": "mobile", "mobile": "mobile", "work": "work", "home": "home", "fax": "fax",
                "pager": "pager", "main": "main", "other": "other", "car": "car", "video": "video",
                "iphone": "iPhone", "text": "text", "textphone": "textphone"}
_IGNORED_TYPES = {"voice", "internet", "pref", "x400", "msg", "postal", "parcel", "dom", "intl",
                  "uri", "text/plain"}
# Labels written back as TYPE values (anything else goes into an Apple X-ABLabel).
_LABEL_TYPES = {"mobile": "cell", "work": "work", "home": "home", "fax": "fax", "pager": "pager",
                "text": "text", "video": "video", "textphone": "textphone"}
# Apple's built-in labels: _$!<Mobile>!$_ and friends.
_APPLE_LABELS = {"mobile": "mobile", "home": "home", "work": "work", "main": "main",
                 "other": "other", "homefax": "home fax", "workfax": "work fax", "pager": "pager",
                 "homepage": "homepage", "iphone": "iPhone", "otherfax": "other fax"}
_APPLE_LABEL = re.compile(r"^_\$!<(.*)>!\$_$")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")


# Mapping a card to contact fields -------------------------------------------------------------
# Each property is read by its field's type (core.book.fields); the properties below
# have a structure of their own. A field declared later is read without a change here.

_UNUSED = {"PRODID", "REV", "X-ABLABEL"}  # regenerated on export; labels read with their property
_PHONETIC = ("X-PHONETIC-LAST-NAME", "X-PHONETIC-FIRST-NAME", "X-PHONETIC-MIDDLE-NAME")
# URI schemes some apps put before a value (vCard 4.0 writes TEL as a tel: URI).
_SCHEMES = {PHONE_LIST: "tel:", EMAIL_LIST: "mailto:"}
# Groups an app puts every contact in: not tags of the user's (Google's "myContacts").
_OWN_GROUPS = {"myContacts"}
# What a reference carries beside the name, as parameters, by the table it points into.
_REFERENCE_PARAMS = {
    "events": {"id": "X-ID", "city": "X-CITY", "country": "X-COUNTRY", "time_zone": "X-TZ",
               "starts_on": "X-STARTS", "ends_on": "X-ENDS", "venue": "X-VENUE"},
    "contacts": {"id": "X-ID"},
}


def _label_from_types(types: Iterable[str]) -> str:
    words = []
    for token in types:
        token = token.lower()
        if token in _IGNORED_TYPES or token.startswith("x-"):
            continue
        word = _TYPE_LABELS.get(token, token)
        if word not in words:
            words.append(word)
    return " ".join(words)


def _apple_label(value: str) -> str:
    match = _APPLE_LABEL.match(value)
    if not match:
        return value
    inner = match.group(1)
    return _APPLE_LABELS.get(inner.lower().replace(" ", ""), inner.lower())


def _extra(prop: VCardProperty) -> dict:
    params = {k: v for k, v in prop.params.items() if k != "CHARSET"}
    return {"name": prop.name, "group": prop.group, "params": params, "value": prop.raw}


def _name_from_parts(family: str, given: str, additional: str, prefix: str, suffix: str) -> str:
    # The prefix (Dr., Herr) stays among the name parts, not in the name shown.
    if _CJK.search(family + given):
        return (family + given).strip()
    return " ".join(p for p in (given, additional, family, suffix) if p)


def _is_latin(text: str) -> bool:
    """True when no letter of *text* is beyond the Latin script (Latin Extended and IPA included)."""
    return not any(ord(char) > 0x24F and char.isalpha() for char in text)


def _looks_like_zone(text: str) -> bool:
    return "/" in text or text.upper() in ("UTC", "GMT")


def _birthday(prop: VCardProperty, text: str) -> str:
    # Apple stores a birthday without a year under a placeholder year.
    omitted = (prop.params.get("X-APPLE-OMIT-YEAR") or [""])[0]
    return "--" + text[4:].lstrip("-") if omitted and text.startswith(omitted) else text


# A scalar's value from (property, stripped text, vCard 4?) by type; empty: not used.
_DECODERS = {
    # An IANA name or a UTC offset (-08:00), made a zone on import (core.exchange.zones).
    TIME_ZONE: lambda prop, text, v4: text if _looks_like_zone(text) or parse_offset(text) else "",
    GEO: lambda prop, text, v4: text if v4 else prop.raw.strip(),
    BIRTHDAY.type: lambda prop, text, v4: _birthday(prop, text) if text else "",
}


class _CardReader:
    """One card becoming contact fields. Each ``read_*`` says whether it used the property;
    one it did not use is kept among the extras and written back on export."""

    def __init__(self, properties: list[VCardProperty], version: str, line: int, source: str):
        self.properties, self.v4 = properties, version.startswith("4")
        self.parsed = ParsedContact(fields={}, line=line, source=source)
        self.fields = self.parsed.fields
        self.lines = self.parsed.references.setdefault("_lines", {})  # field -> line, for warnings
        self.extras: list[dict] = []
        self.labels = {p.group: _apple_label(unescape(p.raw)) for p in properties
                       if p.name == "X-ABLABEL" and p.group}
        self.used_groups: set[str] = set()
        self.lists = {f.name: [] for f in list_fields(is_list=True)
                      if f.type in ENTRY_TYPES or f.type == ADDRESS_LIST}
        self.phonetic: dict[str, str] = {}
        self.n_parts: list[str] | None = None
        self.org_parts: list[str] | None = None
        self.sort_as = ""  # N's SORT-AS: how the name is read ("たかはし,けんじ")

    def read(self, readers: dict) -> ParsedContact:
        for prop in self.properties:
            method, field = readers.get(prop.name, (None, None))
            if method is None or not method(self, prop, field):
                self.extras.append(_extra(prop))
        return self.finish()

    @staticmethod
    def text(prop: VCardProperty) -> str:
        return unescape(prop.raw).strip() if prop.binary is None else ""

    def label_of(self, prop: VCardProperty) -> str:
        if prop.group and prop.group in self.labels:
            self.used_groups.add(prop.group)
            return self.labels[prop.group]
        return _label_from_types(prop.types())

    def read_scalar(self, prop, field) -> bool:
        """The first value wins (a later one is kept as an extra); joined fields join them."""
        text = self.text(prop)
        value = _DECODERS[field.type](prop, text, self.v4) if field.type in _DECODERS else text
        if value and field.merge == MERGE_JOIN and field.name in self.fields:
            self.fields[field.name] += "\n\n" + value
            return True
        if not value or field.name in self.fields:
            return False
        self.fields[field.name] = value
        self.lines[field.name] = prop.line
        return True

    def read_entry(self, prop, field) -> bool:
        value, scheme = self.text(prop), _SCHEMES.get(field.type)
        if scheme and value.lower().startswith(scheme):
            value = value[len(scheme):]
        if not value:
            return False
        self.lists[field.name].append({"value": value, "label": self.label_of(prop),
                                       "_line": prop.line})
        return True

    def read_words(self, prop, field) -> bool:
        """TEXT_LIST: comma-separated words (CATEGORIES); other lists: one word a property."""
        if not self.text(prop):
            return False
        words = ([unescape(t).strip() for t in split_value(prop.raw, ",")]
                 if field.type == TEXT_LIST else [self.text(prop)])
        words = [w for w in words if w and w not in _OWN_GROUPS]
        self.lines.setdefault(field.name, prop.line)
        if words:
            self.fields[field.name] = list(dict.fromkeys(self.fields.get(field.name, []) + words))
        return True

    def read_reference(self, prop, field) -> bool:
        """A record named by the value (and parameters), resolved on import."""
        name = self.text(prop)
        if not name:
            return False
        params = _REFERENCE_PARAMS.get(field.references, {})
        self.parsed.references[resolved_name(field)] = {"name": name, "line": prop.line, **{
            key: prop.params[param][0] for key, param in params.items() if prop.params.get(param)}}
        return True

    def read_image(self, prop, field) -> bool:
        if field.name in self.fields or not prop.binary:
            return False
        try:
            # Scaled here, once: the preview and the import hold the thumbnail, not megabytes.
            self.fields[field.name] = field.normalize(prop.binary, field.name, None)
        except ValidationError as exc:
            self.parsed.problem(field.name, _("{problem}; left out").format(problem=exc.message), WARNING,
                                prop.line)
        return True

    def read_address(self, prop, field) -> bool:
        if "X-FAIRMATE-LOCATION" in prop.params:
            return True  # city and country only, written for other apps: the X-FAIRMATE lines hold them
        parts = [unescape(p).strip() for p in (split_value(prop.raw) + [""] * 7)[:7]]
        if any(parts):
            address = {"label": self.label_of(prop), **dict(zip(ADDRESS_PARTS, parts))}
            codes = [unescape(p.raw) for p in self.properties
                     if p.name == "X-ABADR" and prop.group and p.group == prop.group]
            if codes:
                address["_code"] = codes[0]  # Apple's country code beside the address
            self.lists[field.name].append(address)
        return True

    def read_fn(self, prop, field) -> bool:
        """The first FN is the name shown; an alternate (vCard 4.0 ALTID/LANGUAGE, or another
        script) is the name in its native script, or its romanization."""
        text = self.text(prop)
        if not text:
            return False
        if field.name not in self.fields:
            self.fields[field.name] = text
            self.lines[field.name] = prop.line
            return True
        return self.alternate_name(text, self.fields[field.name], prop)

    def alternate_name(self, text: str, first: str, prop) -> bool:
        """Keep an alternate spelling as the native name or the romanized one; False if neither."""
        alternate = "ALTID" in prop.params or "LANGUAGE" in prop.params
        if not _is_latin(text) and (alternate or _is_latin(first)):
            return self.fields.setdefault(NATIVE_NAME.name, text) == text
        if _is_latin(text) and not _is_latin(first):
            return self.fields.setdefault(ROMANIZED_NAME.name, text) == text
        return False

    def read_n(self, prop, field) -> bool:
        parts = [unescape(p).strip() for p in (split_value(prop.raw) + [""] * 5)[:5]]
        if self.n_parts is not None:  # an alternate N (ALTID, LANGUAGE) in another script
            name = _name_from_parts(*parts)
            return bool(name) and self.alternate_name(name, _name_from_parts(*self.n_parts), prop)
        sort_as = " ".join(part.strip() for value in prop.params.get("SORT-AS", [])
                           for part in value.split(",") if part.strip())
        if sort_as:
            self.sort_as = sort_as
        self.n_parts = parts
        # Middle names, prefix, suffix: kept, written back on export.
        return len(split_value(prop.raw)) <= 5 and not any(self.n_parts[2:])

    def read_org(self, prop, field) -> bool:
        if self.org_parts is not None:
            return False
        self.org_parts = [unescape(p).strip() for p in split_value(prop.raw)]
        return len(self.org_parts) <= 1  # departments: kept, written back on export

    def read_phonetic(self, prop, field) -> bool:
        self.phonetic[prop.name] = self.text(prop)
        return True

    def read_nothing(self, prop, field) -> bool:
        return True

    def finish(self) -> ParsedContact:
        fields, parsed = self.fields, self.parsed
        # Labels whose property Fairmate did not map stay with it among the extras.
        self.extras += [_extra(p) for p in self.properties if p.name == "X-ABLABEL" and p.group
                        and p.group not in self.used_groups]
        self.fill_names()
        fields.update(self.lists)
        parsed.exact = any(p.name == "PRODID" and "fairmate" in p.raw.lower() for p in self.properties)
        if not parsed.exact:
            locate_from_address(fields, self.lists[ADDRESSES.name])
        fields[EXTRAS.name] = self.extras
        if not fields.get(DISPLAY_NAME.name):
            parsed.problem(DISPLAY_NAME.name, _("this card has no name (FN, N or ORG)"))
        return parsed

    def nickname(self) -> str:
        """The first NICKNAME (kept among the extras too): a name when FN and N are empty."""
        return next((self.text(p).split(",")[0].strip() for p in self.properties
                     if p.name == "NICKNAME" and self.text(p)), "")

    def fill_names(self) -> None:
        """Given and family name from N, the company from ORG, a name to show, the reading."""
        fields, parsed = self.fields, self.parsed
        if self.n_parts:
            family, given = self.n_parts[:2]
            fields.update({k: v for k, v in ((GIVEN_NAME.name, given), (FAMILY_NAME.name, family)) if v})
        if self.org_parts and self.org_parts[0]:
            parsed.company = self.org_parts[0]
        if DISPLAY_NAME.name not in fields:
            emails = self.lists[EMAILS.name]
            name = ((_name_from_parts(*self.n_parts) if self.n_parts else "") or self.nickname()
                    or parsed.company or (emails[0]["value"] if emails else ""))
            if name:
                fields[DISPLAY_NAME.name] = name
        reading = " ".join(self.phonetic[p] for p in _PHONETIC if self.phonetic.get(p))
        if reading:
            fields.setdefault(NATIVE_READING.name, reading)  # X-FAIRMATE-NATIVE-READING wins
        name = fields.get(DISPLAY_NAME.name) or ""
        if self.sort_as and not _is_latin(self.sort_as):
            fields.setdefault(NATIVE_READING.name, self.sort_as)
        elif self.sort_as and not _is_latin(name) and self.sort_as.casefold() != name.casefold():
            fields.setdefault(ROMANIZED_NAME.name, self.sort_as)


_TYPE_READERS = {TEXT_LIST: _CardReader.read_words, LANGUAGE_LIST: _CardReader.read_words,
                 ADDRESS_LIST: _CardReader.read_address, IMAGE: _CardReader.read_image,
                 REFERENCE: _CardReader.read_reference,
                 **{t: _CardReader.read_entry for t in ENTRY_TYPES}}
_PROPERTY_READERS = {"N": _CardReader.read_n, "ORG": _CardReader.read_org, "FN": _CardReader.read_fn,
                     **{p: _CardReader.read_phonetic for p in _PHONETIC},
                     **{p: _CardReader.read_nothing for p in _UNUSED}}


def property_readers() -> dict[str, tuple]:
    """Property name → (reader method, field), from the field registry (asked anew each file)."""
    readers: dict[str, tuple] = {}
    for field in list_fields():
        for name in field.vcard:
            method = _PROPERTY_READERS.get(name) or _TYPE_READERS.get(field.type,
                                                                      _CardReader.read_scalar)
            readers.setdefault(name, (method, field))
    readers.update({name: (_CardReader.read_nothing, None) for name in _UNUSED})
    return readers


def _card_to_contact(properties: list[VCardProperty], version: str, line: int, source: str,
                     readers: dict | None = None) -> ParsedContact:
    return _CardReader(properties, version, line, source).read(readers or property_readers())


def parse_vcards(data: bytes | str, *, source: str = "", encoding: str | None = None) -> list[ParsedContact]:
    """Read every card in a vCard 2.1/3.0/4.0 file; problems are kept on each contact.

    >>> [c.fields["display_name"] for c in parse_vcards("BEGIN:VCARD\\nVERSION:3.0\\nFN:Li Na\\nEND:VCARD\\n")]
    ['Li Na']
    """
    return list(iter_vcards(data, source=source, encoding=encoding))


def iter_vcards(data: bytes | str, *, source: str = "", encoding: str | None = None) -> Iterator[ParsedContact]:
    """``parse_vcards`` one card at a time: an import holds one parsed card, not the file's 100,000."""
    lines = decode_lines(data, encoding)  # lines not in UTF-8 and naming no CHARSET: *encoding*
    readers = property_readers()
    for line, version, properties, problems in read_cards(lines):
        if not properties and problems and not version:
            stray = ParsedContact(fields={}, line=line, source=source)
            for number, field_name, message, severity in problems:
                stray.problem(field_name, message, severity, number)
            yield stray
            continue
        parsed = _card_to_contact(properties, version, line, source, readers)
        for number, field_name, message, severity in problems:
            parsed.problem(field_name, message, severity, number)
        yield parsed


# Writing -----------------------------------------------------------------------------------------

def _as_list(contact: dict, key: str) -> list:
    value = contact.get(key)
    if isinstance(value, str):
        return json.loads(value or "[]")
    return list(value or [])


def _image_type(data: bytes) -> tuple[str, str]:
    if data.startswith(b"\xff\xd8"):
        return "image/jpeg", "JPEG"
    if data.startswith(b"\x89PNG"):
        return "image/png", "PNG"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif", "GIF"
    return "application/octet-stream", ""


class _Groups:
    """Hands out itemN group names that no kept property already uses."""

    def __init__(self, taken: set[str]):
        self.taken = taken
        self.number = 0

    def next(self) -> str:
        while True:
            self.number += 1
            name = f"item{self.number}"
            if name not in self.taken:
                return name


def _birthday_value(day: str, v4: bool) -> str:
    if not v4:
        return day
    return "--" + day[2:].replace("-", "") if day.startswith("--") else day.replace("-", "")


# A scalar's (value, parameters) by type, from (stored value, vCard 4?); others: escaped text.
_ENCODERS = {
    TIME_ZONE: lambda value, v4: (escape(value), {"VALUE": ["text"]}),
    GEO: lambda value, v4: ("geo:" + value if v4 else value.replace(",", ";"), None),
    BIRTHDAY.type: lambda value, v4: (_birthday_value(value, v4), None),
}
# Properties vCard 3.0 lacks: written there as the field's next (X-) property.
_V4_ONLY = {"LANG"}


class _CardWriter:
    """One contact's fields as content lines, each field by its type (see ``_CardReader``)."""

    def __init__(self, contact: dict, v4: bool):
        self.contact, self.v4 = contact, v4
        self.extras = _as_list(contact, EXTRAS.name)
        self.groups = _Groups({(e.get("group") or "").lower() for e in self.extras if e.get("group")})
        self.lines: list[str] = []
        self.done: set[str] = set()  # special properties written (N serves two fields)

    def write(self, field) -> None:
        for name in field.vcard:
            if name in _PROPERTY_WRITERS and name not in self.done:
                self.done.add(name)
                _PROPERTY_WRITERS[name](self, field, name)
        name = field.vcard[0]
        if name in _PROPERTY_WRITERS:
            return
        if name in _V4_ONLY and not self.v4:
            name = field.vcard[1]
        _TYPE_WRITERS.get(field.type, _CardWriter.write_scalar)(self, field, name)

    def add(self, name: str, value: str, params: dict | None = None, group: str | None = None):
        self.lines.append(_line(name, value, params, group))

    def labelled(self, name: str, value: str, label: str, params: dict | None = None) -> None:
        """A TYPE parameter when the label is made of vCard types, else an Apple X-ABLabel."""
        params = dict(params or {})
        words = label.split(" ") if label else []
        if words and all(w in _LABEL_TYPES for w in words) and " ".join(words) == label:
            self.add(name, value, {**params, "TYPE": [_LABEL_TYPES[w] for w in words]})
        elif label:
            group = self.groups.next()
            self.add(name, value, params, group)
            self.add("X-ABLabel", escape(label), None, group)
        else:
            self.add(name, value, params)

    def write_scalar(self, field, name: str) -> None:
        value = self.contact.get(field.name)
        if value:
            encode = _ENCODERS.get(field.type, lambda text, v4: (escape(str(text)), None))
            self.add(name, *encode(value, self.v4))

    def write_entries(self, field, name: str) -> None:
        scheme = _SCHEMES.get(field.type) if field.type == PHONE_LIST and self.v4 else None
        for entry in _as_list(self.contact, field.name):
            if scheme:  # a vCard 4.0 phone number is a tel: URI
                self.labelled(name, scheme + entry["value"], entry.get("label") or "",
                              {"VALUE": ["uri"]})
            else:
                self.labelled(name, escape(entry["value"]), entry.get("label") or "")

    def write_words(self, field, name: str) -> None:
        words = _as_list(self.contact, field.name)
        if field.type == TEXT_LIST and words:
            self.add(name, ",".join(escape(t) for t in words))
        elif field.type != TEXT_LIST:
            for word in words:
                self.add(name, word.replace("_", "-"))  # a language tag: pt-BR

    def write_addresses(self, field, name: str) -> None:
        addresses = _as_list(self.contact, field.name)
        for address in addresses:
            value = ";".join(escape(address.get(k) or "") for k in ADDRESS_PARTS)
            self.labelled(name, value, address.get("label") or "")
        self.write_location(addresses, name)

    def write_location(self, addresses: list[dict], name: str) -> None:
        """City and country as an address other apps show, unless an address already says so."""
        city, code = self.contact.get(CITY.name) or "", self.contact.get(COUNTRY.name) or ""
        if not (city or code):
            return
        for address in addresses:
            if (address.get(ADDRESS_CITY) or "") == city and (
                    not code or country_code(address.get(ADDRESS_COUNTRY)) == code):
                return
        parts = {ADDRESS_CITY: escape(city), ADDRESS_COUNTRY: escape(country_name(code) if code else "")}
        self.add(name, ";".join(parts.get(k, "") for k in ADDRESS_PARTS), {"X-FAIRMATE-LOCATION": ["1"]})

    def write_image(self, field, name: str) -> None:
        data = self.contact.get(field.name)
        if not data:
            return
        mime, kind = _image_type(data)
        text = base64.b64encode(data).decode("ascii")
        if self.v4:
            self.add(name, f"data:{mime};base64,{text}")
        else:
            self.add(name, text, {"ENCODING": ["b"], **({"TYPE": [kind]} if kind else {})})

    def write_reference(self, field, name: str) -> None:
        """A resolved record (``met_event``, ``introduced_by``) by name, its details as parameters."""
        record = self.contact.get(resolved_name(field))
        title = (record or {}).get(DISPLAY_NAME.name if field.references == "contacts" else "name") \
            if isinstance(record, dict) else None
        if title:
            params = {param: [record[key]] for key, param in
                      _REFERENCE_PARAMS.get(field.references, {}).items() if record.get(key)}
            self.add(name, escape(title), params or None)

    def write_n(self, field, name: str) -> None:
        kept = next((e for e in self.extras if e["name"] == name), None)
        n = [escape(self.contact.get(FAMILY_NAME.name) or ""),
             escape(self.contact.get(GIVEN_NAME.name) or ""), "", "", ""]
        if kept:
            rest = split_value(kept["value"])
            n = n[:2] + (rest[2:] + ["", "", ""])[:max(3, len(rest) - 2)]
        self.add(name, ";".join(n))

    def write_org(self, field, name: str) -> None:
        company = self.contact.get(resolved_name(field))
        company_name = company.get("name") if isinstance(company, dict) else company
        if company_name:
            kept = next((e for e in self.extras if e["name"] == name), None)
            units = split_value(kept["value"])[1:] if kept else []
            self.add(name, ";".join([escape(company_name)] + units))

    def write_phonetic(self, field, name: str) -> None:
        reading = (self.contact.get(field.name) or "").split()
        if len(reading) == 2:  # family and given name, as Apple writes them
            self.add(_PHONETIC[0], escape(reading[0]))
            self.add(_PHONETIC[1], escape(reading[1]))


_TYPE_WRITERS = {TEXT_LIST: _CardWriter.write_words, LANGUAGE_LIST: _CardWriter.write_words,
                 ADDRESS_LIST: _CardWriter.write_addresses, IMAGE: _CardWriter.write_image,
                 REFERENCE: _CardWriter.write_reference,
                 **{t: _CardWriter.write_entries for t in ENTRY_TYPES}}
# N and ORG merge kept parts (middle names, departments) back in; both are among the extras.
_PROPERTY_WRITERS = {"N": _CardWriter.write_n, "ORG": _CardWriter.write_org,
                     _PHONETIC[0]: _CardWriter.write_phonetic}


def contact_to_vcard(contact: dict, *, version: str = "4.0") -> str:
    """One contact (as ``get_contact`` returns it) as a vCard 4.0 or 3.0 text with CRLF lines.

    Fairmate fields with no vCard property travel as ``X-FAIRMATE-*``; the
    properties kept from an imported card (``extras``) are written back.
    """
    if version not in ("3.0", "4.0"):
        raise ValueError(_("vCard version must be 3.0 or 4.0, not {version}").format(version=version))
    writer = _CardWriter(contact, version == "4.0")
    # Standard properties first, Fairmate's own (X-) after them, each group in field order.
    for field in sorted((f for f in list_fields() if f.vcard), key=lambda f: f.vcard[0][:2] == "X-"):
        writer.write(field)
    lines = [_fold("BEGIN:VCARD"), _fold(f"VERSION:{version}"), _fold(f"PRODID:{PRODID}")]
    lines += writer.lines
    lines += [_line(e["name"], e.get("value") or "", e.get("params"), e.get("group"))
              for e in writer.extras if e["name"] not in _PROPERTY_WRITERS]
    lines.append(_fold("END:VCARD"))
    return "".join(lines)


def export_vcards(contacts: list[dict], *, version: str = "4.0") -> str:
    """Many contacts as one vCard file's text (4.0 by default, 3.0 on request)."""
    return "".join(contact_to_vcard(contact, version=version) for contact in contacts)
