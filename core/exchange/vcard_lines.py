"""vCard content lines: reading them from text (vobject's grammar, transfer decoding) and writing them.

Reading: the text is split by vobject's grammar (``getLogicalLines`` and
``parseLine``) into logical lines (folding, quoted-printable soft line
breaks), then group, name, parameters and value; values are transfer-decoded
here (quoted-printable with its charset, base64 of binary properties).
Writing: parameters quoted where needed, lines folded at 75 octets.
What the lines mean for a contact is ``core.exchange.vcard``'s business.
"""

from __future__ import annotations

import base64
import binascii
import io
import quopri
from typing import Iterator

from vobject.base import ParseError, getLogicalLines, parseLine

from core.exchange.model import ERROR, WARNING
from core.i18n import _

_BINARY_PROPERTIES = {"PHOTO", "LOGO", "SOUND", "KEY"}


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
