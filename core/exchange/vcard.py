"""vCard 2.1, 3.0 and 4.0 in, vCard 3.0 and 4.0 out, without losing a field.

Reading: the bytes are decoded first (UTF-8 with or without BOM, UTF-16,
and per line the ``CHARSET`` a 2.1 card names, else cp1252), then vobject's
grammar (``getLogicalLines`` and ``parseLine``) splits logical lines (folding,
quoted-printable soft line breaks) into group, name, parameters and value.
Values are decoded here rather than by vobject's component layer, which is
ten times slower and cuts a NOTE at its first unescaped comma (common in
real files). Properties Fairmate has no field for are kept on the contact
(``extras``) and written back on export.

Writing: Fairmate's own fields with no vCard equivalent travel as
``X-FAIRMATE-*`` properties, so export → import gives the same contact.
"""

from __future__ import annotations

import base64
import binascii
import io
import json
import quopri
import re
from typing import Iterable, Iterator

from vobject.base import ParseError, getLogicalLines, parseLine

from core.book.validation import country_name
from core.exchange.model import ERROR, WARNING, ParsedContact
# _locate_from_address: its old private name, kept while _card_to_contact is being refactored.
from core.exchange.text import (country_code, decode_text, escape, split_value, unescape,
                                locate_from_address as _locate_from_address)
from core.i18n import _

PRODID = "-//Fairmate//Fairmate contact exchange//EN"
FAIRMATE_PREFIX = "X-FAIRMATE-"

# Fairmate text fields written as X-FAIRMATE-<FIELD> (underscores as dashes).
FAIRMATE_TEXT_FIELDS = (
    "native_name", "native_reading", "romanized_name", "form_of_address", "stage", "country",
    "city", "met_booth", "met_on", "introduced_by_org", "trust_path", "consent_given_at",
    "consent_method", "consent_note",
)
_X_FIELD = {FAIRMATE_PREFIX + name.upper().replace("_", "-"): name for name in FAIRMATE_TEXT_FIELDS}

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
_BINARY_PROPERTIES = {"PHOTO", "LOGO", "SOUND", "KEY"}
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")


class VCardProperty:
    """One decoded content line: group, name, parameters, raw and decoded value, line number."""

    __slots__ = ("group", "name", "params", "raw", "value", "line", "binary")

    def __init__(self, group, name, params, raw, line):
        self.group = group.lower() if group else None
        self.name = name
        self.params = params
        self.raw = raw          # the value as written (escaped), after transfer decoding
        self.value = raw        # the same, for text properties; bytes for binary ones
        self.line = line
        self.binary = None

    def types(self) -> list[str]:
        """TYPE values, lower case, split at commas."""
        found = []
        for value in self.params.get("TYPE", []):
            found += [t.strip().lower() for t in value.split(",") if t.strip()]
        return found


# Reading lines -----------------------------------------------------------------------------------

def _params(parsed: list[list[str]]) -> dict[str, list[str]]:
    params: dict[str, list[str]] = {}
    for item in parsed:
        if len(item) == 1:
            # vCard 2.1 lets a value stand alone: WORK, VOICE, QUOTED-PRINTABLE, BASE64, JPEG.
            value = item[0].strip()
            upper = value.upper()
            if upper in ("QUOTED-PRINTABLE", "BASE64", "8BIT", "7BIT", "B"):
                params.setdefault("ENCODING", []).append(upper)
            else:
                params.setdefault("TYPE", []).append(value)
        else:
            params.setdefault(item[0].upper().strip(), []).extend(item[1:])
    return params


def _transfer_decode(prop: VCardProperty, problems: list) -> None:
    encoding = (prop.params.get("ENCODING") or [""])[0].upper()
    charset = (prop.params.get("CHARSET") or ["utf-8"])[0]
    if encoding == "QUOTED-PRINTABLE":
        raw = quopri.decodestring(prop.raw.encode("utf-8"))
        try:
            text = raw.decode(charset)
        except (LookupError, UnicodeDecodeError):
            text = raw.decode("cp1252", errors="replace")
            problems.append((prop.line, prop.name, _("text is not in charset {charset}; read as "
                                                     "Windows-1252").format(charset=charset), WARNING))
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        # Keep the value in escaped form like every other: a real newline becomes \n.
        prop.raw = prop.value = text.replace("\n", "\\n")
        del prop.params["ENCODING"]
        prop.params.pop("CHARSET", None)
    elif encoding in ("B", "BASE64") and prop.name in _BINARY_PROPERTIES:
        try:
            prop.binary = base64.b64decode("".join(prop.raw.split()), validate=True)
        except (binascii.Error, ValueError):
            problems.append((prop.line, prop.name, _("the base64 data is damaged"), ERROR))
    elif prop.name in _BINARY_PROPERTIES and prop.raw.startswith("data:"):
        head, _sep, body = prop.raw.partition(",")
        if ";base64" in head.lower():
            try:
                prop.binary = base64.b64decode("".join(body.split()), validate=True)
            except (binascii.Error, ValueError):
                problems.append((prop.line, prop.name, _("the base64 data is damaged"), ERROR))
    else:
        prop.params.pop("CHARSET", None)


def read_cards(text: str) -> Iterator[tuple[int, str, list[VCardProperty], list[tuple]]]:
    """Yield ``(first line, version, properties, problems)`` for each BEGIN:VCARD … END:VCARD.

    Problems are ``(line, field, message, severity)``; lines outside a card are
    reported as a card of their own with no properties.
    """
    card: list[VCardProperty] | None = None
    problems: list[tuple] = []
    start = 0
    version = "3.0"
    depth = 0
    stray: list[tuple] = []
    for logical, number in getLogicalLines(io.StringIO(text), True):
        number = number or 1
        if not logical.strip():
            continue
        try:
            name, params, value, group = parseLine(logical, number)
        except ParseError:
            target = problems if card is not None else stray
            target.append((number, "", _("this line cannot be read: {text}").format(
                text=_shorten(logical)), ERROR))
            continue
        name = name.upper()
        if name == "BEGIN" and value.strip().upper() == "VCARD":
            if card is not None:
                depth += 1  # a 2.1 AGENT card inside this one: kept as its lines
                card.append(VCardProperty(group, name, {}, value, number))
                continue
            if stray:
                yield stray[0][0], "", [], stray
                stray = []
            card, problems, start, version, depth = [], [], number, "3.0", 0
            continue
        if name == "END" and value.strip().upper() == "VCARD" and card is not None:
            if depth:
                depth -= 1
                card.append(VCardProperty(group, name, {}, value, number))
                continue
            yield start, version, card, problems
            card = None
            continue
        if card is None:
            stray.append((number, name, _("this line is outside any BEGIN:VCARD … END:VCARD"), ERROR))
            continue
        if name == "VERSION":
            version = value.strip()
            continue
        prop = VCardProperty(group, name, _params(params), value, number)
        _transfer_decode(prop, problems)
        card.append(prop)
    if card is not None:
        problems.append((start, "", _("the card starting here has no END:VCARD"), ERROR))
        yield start, version, card, problems
    if stray:
        yield stray[0][0], "", [], stray


def _shorten(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


# Mapping a card to contact fields -------------------------------------------------------------

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


def _east_asian(text: str) -> bool:
    return bool(_CJK.search(text))


def _name_from_parts(family: str, given: str, additional: str, prefix: str, suffix: str) -> str:
    # The prefix (Dr., Herr) stays among the name parts, not in the name shown.
    if _east_asian(family + given):
        return (family + given).strip()
    return " ".join(p for p in (given, additional, family, suffix) if p)


def _card_to_contact(properties: list[VCardProperty], version: str, line: int,
                     source: str) -> ParsedContact:
    parsed = ParsedContact(fields={}, line=line, source=source)
    fields = parsed.fields
    extras: list[dict] = []
    labels = {p.group: _apple_label(unescape(p.raw)) for p in properties
              if p.name == "X-ABLABEL" and p.group}
    used_groups: set[str] = set()
    emails, phones, addresses, urls, notes, tags, languages = [], [], [], [], [], [], []
    phonetic: dict[str, str] = {}
    n_parts: list[str] | None = None
    org_parts: list[str] | None = None
    exact = any(p.name == "PRODID" and "fairmate" in p.raw.lower() for p in properties)
    fairmate: dict[str, str] = {}

    def label_of(prop: VCardProperty) -> str:
        if prop.group and prop.group in labels:
            used_groups.add(prop.group)
            return labels[prop.group]
        return _label_from_types(prop.types())

    for prop in properties:
        name = prop.name
        text = unescape(prop.raw) if prop.binary is None else ""
        if name == "FN":
            if "display_name" not in fields and text.strip():
                fields["display_name"] = text.strip()
            else:
                extras.append(_extra(prop))
        elif name == "N" and n_parts is None:
            n_parts = [unescape(p).strip() for p in (split_value(prop.raw) + [""] * 5)[:5]]
            if len(split_value(prop.raw)) > 5 or any(n_parts[2:]):
                extras.append(_extra(prop))  # middle names, prefix, suffix: written back on export
        elif name == "ORG" and org_parts is None:
            org_parts = [unescape(p).strip() for p in split_value(prop.raw)]
            if len(org_parts) > 1:
                extras.append(_extra(prop))  # departments: written back on export
        elif name == "TITLE" and "job_title" not in fields and text.strip():
            fields["job_title"] = text.strip()
        elif name == "TEL" and text.strip():
            value = text.strip()
            phones.append({"value": value[4:] if value.lower().startswith("tel:") else value,
                           "label": label_of(prop), "_line": prop.line})
        elif name == "EMAIL" and text.strip():
            value = text.strip()
            emails.append({"value": value[7:] if value.lower().startswith("mailto:") else value,
                           "label": label_of(prop), "_line": prop.line})
        elif name == "ADR":
            parts = [unescape(p).strip() for p in (split_value(prop.raw) + [""] * 7)[:7]]
            keys = ("po_box", "extended", "street", "city", "region", "postal_code", "country")
            if "X-FAIRMATE-LOCATION" in prop.params:
                continue  # city and country only, written for other apps: the X-FAIRMATE lines hold them
            if any(parts):
                address = {"label": label_of(prop), **dict(zip(keys, parts))}
                codes = [unescape(p.raw) for p in properties
                         if p.name == "X-ABADR" and prop.group and p.group == prop.group]
                if codes:
                    address["_code"] = codes[0]  # Apple's country code beside the address
                addresses.append(address)
        elif name == "URL" and text.strip():
            urls.append({"value": text.strip(), "label": label_of(prop)})
        elif name == "NOTE" and text.strip():
            notes.append(text.strip())
        elif name == "CATEGORIES":
            # Google puts every contact in its own group "myContacts": not a tag of the user's.
            tags += [unescape(t).strip() for t in split_value(prop.raw, ",")
                     if unescape(t).strip() and unescape(t).strip() != "myContacts"]
        elif name in ("LANG", "X-FAIRMATE-LANG") and text.strip():
            languages.append((prop, text.strip()))
        elif name == "TZ" and "time_zone" not in fields and _looks_like_zone(text):
            fields["time_zone"] = text.strip()
            parsed.references.setdefault("_lines", {})["time_zone"] = prop.line
        elif name == "GEO" and "geo" not in fields and text.strip():
            fields["geo"] = text.strip() if version.startswith("4") else prop.raw.strip()
            parsed.references.setdefault("_lines", {})["geo"] = prop.line
        elif name == "BDAY" and "birthday" not in fields and text.strip():
            omitted = (prop.params.get("X-APPLE-OMIT-YEAR") or [""])[0]
            day = text.strip()
            # Apple stores a birthday without a year under a placeholder year.
            fields["birthday"] = "--" + day[4:].lstrip("-") if omitted and day.startswith(omitted) else day
            parsed.references.setdefault("_lines", {})["birthday"] = prop.line
        elif name == "PHOTO" and "photo" not in fields and prop.binary:
            fields["photo"] = prop.binary
        elif name in ("X-PHONETIC-FIRST-NAME", "X-PHONETIC-LAST-NAME", "X-PHONETIC-MIDDLE-NAME"):
            phonetic[name.rsplit("-", 2)[1]] = text.strip()
        elif name in _X_FIELD:
            fairmate[_X_FIELD[name]] = text
            parsed.references.setdefault("_lines", {})[_X_FIELD[name]] = prop.line
        elif name == "X-FAIRMATE-MET-EVENT" and text.strip():
            event = {"name": text.strip()}
            for key, param in (("city", "X-CITY"), ("country", "X-COUNTRY"), ("time_zone", "X-TZ"),
                               ("starts_on", "X-STARTS"), ("ends_on", "X-ENDS"),
                               ("venue", "X-VENUE"), ("id", "X-ID")):
                if prop.params.get(param):
                    event[key] = prop.params[param][0]
            parsed.references["met_event"] = event
        elif name == "X-FAIRMATE-INTRODUCED-BY" and text.strip():
            parsed.references["introduced_by"] = {"name": text.strip(),
                                                  "id": (prop.params.get("X-ID") or [None])[0],
                                                  "line": prop.line}
        elif name in ("PRODID", "REV", "X-ABLABEL"):
            continue  # regenerated on export; labels were read with their property
        else:
            extras.append(_extra(prop))

    # Labels whose property Fairmate did not map stay with it among the extras.
    for prop in properties:
        if prop.name == "X-ABLABEL" and prop.group and prop.group not in used_groups:
            extras.append(_extra(prop))

    given = family = ""
    if n_parts:
        family, given = n_parts[0], n_parts[1]
        if given:
            fields["given_name"] = given
        if family:
            fields["family_name"] = family
    if org_parts and org_parts[0]:
        parsed.company = org_parts[0]
    if "display_name" not in fields:
        name = _name_from_parts(*n_parts) if n_parts else ""
        name = name or (parsed.company or "") or (emails[0]["value"] if emails else "")
        if name:
            fields["display_name"] = name
    for key in ("FIRST", "MIDDLE", "LAST"):
        phonetic.setdefault(key, "")
    reading = " ".join(p for p in (phonetic["LAST"], phonetic["FIRST"], phonetic["MIDDLE"]) if p)
    if reading:
        fields["native_reading"] = reading
    for key, value in fairmate.items():
        fields[key] = value if key in ("consent_note",) else value.strip()
    if notes:
        fields["notes"] = "\n\n".join(notes)
    if tags:
        fields["tags"] = list(dict.fromkeys(tags))
    if languages:
        fields["languages"] = [value for _prop, value in languages]
        parsed.references.setdefault("_lines", {})["languages"] = languages[0][0].line
    fields["emails"] = emails
    fields["phones"] = phones
    fields["addresses"] = addresses
    fields["urls"] = urls
    if not exact:
        _locate_from_address(fields, addresses)
    fields["extras"] = extras
    if not fields.get("display_name"):
        parsed.problem("display_name", _("this card has no name (FN, N or ORG)"))
    return parsed


def _looks_like_zone(text: str) -> bool:
    text = text.strip()
    return "/" in text or text.upper() in ("UTC", "GMT")


def parse_vcards(data: bytes | str, *, source: str = "") -> list[ParsedContact]:
    """Read every card in a vCard 2.1/3.0/4.0 file; problems are kept on each contact.

    >>> [c.fields["display_name"] for c in parse_vcards("BEGIN:VCARD\\nVERSION:3.0\\nFN:Li Na\\nEND:VCARD\\n")]
    ['Li Na']
    """
    text = decode_text(data)
    contacts = []
    for line, version, properties, problems in read_cards(text):
        if not properties and problems and not version:
            stray = ParsedContact(fields={}, line=line, source=source)
            for number, field_name, message, severity in problems:
                stray.problem(field_name, message, severity, number)
            contacts.append(stray)
            continue
        parsed = _card_to_contact(properties, version, line, source)
        for number, field_name, message, severity in problems:
            parsed.problem(field_name, message, severity, number)
        contacts.append(parsed)
    return contacts


# Writing -----------------------------------------------------------------------------------------

def _fold(line: str) -> str:
    """Fold a content line at 75 octets without splitting a UTF-8 character."""
    encoded = line.encode("utf-8")
    if len(encoded) <= 75:
        return line + "\r\n"
    pieces, current, size, limit = [], [], 0, 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append("".join(current))
            current, size, limit = [], 0, 74  # continuation lines start with a space
        current.append(char)
        size += width
    pieces.append("".join(current))
    return "\r\n ".join(pieces) + "\r\n"


def _param_value(value: str) -> str:
    value = value.replace('"', "'").replace("\r", " ").replace("\n", " ")
    return f'"{value}"' if any(c in value for c in ",;:") else value


def _line(name: str, value: str, params: dict[str, list[str]] | None = None,
          group: str | None = None) -> str:
    head = f"{group}.{name}" if group else name
    for key, values in (params or {}).items():
        head += f";{key}" + ("=" + ",".join(_param_value(v) for v in values) if values else "")
    return _fold(f"{head}:{value}")


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


def _labelled(name: str, value: str, label: str, groups: _Groups, lines: list[str],
              params: dict | None = None) -> None:
    params = dict(params or {})
    words = label.split(" ") if label else []
    if words and all(w in _LABEL_TYPES for w in words) and " ".join(words) == label:
        params["TYPE"] = [_LABEL_TYPES[w] for w in words]
        lines.append(_line(name, value, params))
    elif label:
        group = groups.next()
        lines.append(_line(name, value, params, group))
        lines.append(_line("X-ABLabel", escape(label), None, group))
    else:
        lines.append(_line(name, value, params))


def contact_to_vcard(contact: dict, *, version: str = "4.0") -> str:
    """One contact (as ``get_contact`` returns it) as a vCard 4.0 or 3.0 text with CRLF lines.

    Fairmate fields with no vCard property travel as ``X-FAIRMATE-*``; the
    properties kept from an imported card (``extras``) are written back.
    """
    if version not in ("3.0", "4.0"):
        raise ValueError(_("vCard version must be 3.0 or 4.0, not {version}").format(version=version))
    v4 = version == "4.0"
    extras = _as_list(contact, "extras")
    kept_n = next((e for e in extras if e["name"] == "N"), None)
    kept_org = next((e for e in extras if e["name"] == "ORG"), None)
    groups = _Groups({(e.get("group") or "").lower() for e in extras if e.get("group")})
    lines = [_fold("BEGIN:VCARD"), _fold(f"VERSION:{version}"), _fold(f"PRODID:{PRODID}")]
    lines.append(_line("FN", escape(contact.get("display_name") or "")))

    n = [escape(contact.get("family_name") or ""), escape(contact.get("given_name") or ""), "", "", ""]
    if kept_n:
        rest = split_value(kept_n["value"])
        n = n[:2] + (rest[2:] + ["", "", ""])[:max(3, len(rest) - 2)]
    lines.append(_line("N", ";".join(n)))

    company = contact.get("company")
    company_name = company.get("name") if isinstance(company, dict) else company
    if company_name:
        units = split_value(kept_org["value"])[1:] if kept_org else []
        lines.append(_line("ORG", ";".join([escape(company_name)] + units)))
    if contact.get("job_title"):
        lines.append(_line("TITLE", escape(contact["job_title"])))
    for phone in _as_list(contact, "phones"):
        if v4:
            _labelled("TEL", "tel:" + phone["value"], phone.get("label") or "", groups, lines,
                      {"VALUE": ["uri"]})
        else:
            _labelled("TEL", escape(phone["value"]), phone.get("label") or "", groups, lines)
    for email in _as_list(contact, "emails"):
        _labelled("EMAIL", escape(email["value"]), email.get("label") or "", groups, lines)
    addresses = _as_list(contact, "addresses")
    for address in addresses:
        value = ";".join(escape(address.get(k) or "") for k in
                         ("po_box", "extended", "street", "city", "region", "postal_code", "country"))
        _labelled("ADR", value, address.get("label") or "", groups, lines)
    _location_address(contact, addresses, lines)
    for url in _as_list(contact, "urls"):
        _labelled("URL", escape(url["value"]), url.get("label") or "", groups, lines)
    if contact.get("notes"):
        lines.append(_line("NOTE", escape(contact["notes"])))
    tags = _as_list(contact, "tags")
    if tags:
        lines.append(_line("CATEGORIES", ",".join(escape(t) for t in tags)))
    for language in _as_list(contact, "languages"):
        lines.append(_line("LANG" if v4 else "X-FAIRMATE-LANG", language.replace("_", "-")))
    if contact.get("time_zone"):
        lines.append(_line("TZ", escape(contact["time_zone"]), {"VALUE": ["text"]}))
    if contact.get("geo"):
        lat, lon = contact["geo"].split(",")
        lines.append(_line("GEO", f"geo:{lat},{lon}" if v4 else f"{lat};{lon}"))
    if contact.get("birthday"):
        day = contact["birthday"]
        lines.append(_line("BDAY", day.replace("-", "")[0:] if v4 and not day.startswith("--")
                           else ("--" + day[2:].replace("-", "") if v4 else day)))
    photo = contact.get("photo")
    if photo:
        mime, kind = _image_type(photo)
        data = base64.b64encode(photo).decode("ascii")
        if v4:
            lines.append(_line("PHOTO", f"data:{mime};base64,{data}"))
        else:
            lines.append(_line("PHOTO", data, {"ENCODING": ["b"], **({"TYPE": [kind]} if kind else {})}))
    reading = (contact.get("native_reading") or "").split()
    if len(reading) == 2:
        lines.append(_line("X-PHONETIC-LAST-NAME", escape(reading[0])))
        lines.append(_line("X-PHONETIC-FIRST-NAME", escape(reading[1])))
    for field_name in FAIRMATE_TEXT_FIELDS:
        if contact.get(field_name):
            lines.append(_line(FAIRMATE_PREFIX + field_name.upper().replace("_", "-"),
                               escape(str(contact[field_name]))))
    event = contact.get("met_event")
    if isinstance(event, dict) and event.get("name"):
        params = {param: [event[key]] for key, param in (
            ("city", "X-CITY"), ("country", "X-COUNTRY"), ("time_zone", "X-TZ"),
            ("starts_on", "X-STARTS"), ("ends_on", "X-ENDS"), ("venue", "X-VENUE"), ("id", "X-ID"))
            if event.get(key)}
        lines.append(_line("X-FAIRMATE-MET-EVENT", escape(event["name"]), params))
    introducer = contact.get("introduced_by")
    if isinstance(introducer, dict) and introducer.get("display_name"):
        lines.append(_line("X-FAIRMATE-INTRODUCED-BY", escape(introducer["display_name"]),
                           {"X-ID": [introducer["id"]]} if introducer.get("id") else None))
    for extra in extras:
        if extra["name"] in ("N", "ORG"):
            continue
        lines.append(_line(extra["name"], extra.get("value") or "", extra.get("params"),
                           extra.get("group")))
    lines.append(_fold("END:VCARD"))
    return "".join(lines)


def _location_address(contact: dict, addresses: list[dict], lines: list[str]) -> None:
    """City and country as an address other apps show, unless an address already says so."""
    city, code = contact.get("city") or "", contact.get("country") or ""
    if not (city or code):
        return
    country = country_name(code) if code else ""
    for address in addresses:
        if (address.get("city") or "") == city and (not code or country_code(address.get("country")) == code):
            return
    value = ";".join(["", "", "", escape(city), "", "", escape(country)])
    lines.append(_line("ADR", value, {"X-FAIRMATE-LOCATION": ["1"]}))


def export_vcards(contacts: list[dict], *, version: str = "4.0") -> str:
    """Many contacts as one vCard file's text (4.0 by default, 3.0 on request)."""
    return "".join(contact_to_vcard(contact, version=version) for contact in contacts)
