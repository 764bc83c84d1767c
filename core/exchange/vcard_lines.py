"""vCard content lines: reading them from text (vobject's grammar, transfer decoding) and writing them.

Reading: the text is unfolded here into logical lines (folding,
quoted-printable soft line breaks) in time linear in its length (vobject's
``getLogicalLines`` copies the line so far at every fold: a 4 MB PHOTO took
minutes), then split by vobject's ``parseLine`` into group, name, parameters
and value; values are transfer-decoded here (quoted-printable with its
charset, base64 of binary properties). One property and one card have a size
limit (``MAX_PROPERTY_CHARS``, ``MAX_CARD_CHARS``), so a hostile file cannot
take the memory or the afternoon.
Writing: parameters quoted where needed, lines folded at 75 octets.
What the lines mean for a contact is ``core.exchange.vcard``'s business.
"""

from __future__ import annotations

import base64
import binascii
import quopri
import re
from typing import Iterable, Iterator

from vobject.base import ParseError, parseLine

from core.exchange.model import ERROR, WARNING
from core.i18n import _

_BINARY_PROPERTIES = {"PHOTO", "LOGO", "SOUND", "KEY"}

# The largest content line read (a 7 MB photo in base64) and the largest card (its lines
# together). Anything larger is left out with a message naming its line.
MAX_PROPERTY_CHARS = 10 * 1024 * 1024
MAX_CARD_CHARS = 20 * 1024 * 1024
_NAME = re.compile(r"^\s*(?:[A-Za-z0-9_-]+\.)?([A-Za-z0-9_-]+)")


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


def unfold_lines(text: str | Iterable[str], limit: int | None = None) -> Iterator[tuple[str, int, int]]:
    """Yield ``(logical line, its first line number, its length)`` for each content line.

    The grammar is vobject's ``getLogicalLines``: a line starting with a space
    or tab continues the one before (the space dropped); a line ending in
    ``=`` inside a quoted-printable value continues on the next (joined with a
    newline, decoded later); blank lines end a line. Linear: pieces are
    collected and joined once. A line longer than *limit* characters
    (default ``MAX_PROPERTY_CHARS``) comes back cut to its head, with its full
    length, so the reader can say what was left out.
    """
    limit = MAX_PROPERTY_CHARS if limit is None else limit
    pieces: list[str] = []
    size = start = 0
    quoted_printable = soft_break = False
    tail = ""  # the end of the line so far: "quoted-printable" may be cut by a fold

    def logical() -> tuple[str, int, int]:
        line = "".join(pieces)
        return (line if size <= limit else line[:1000]), start, size

    # *text* may be its lines already (``core.exchange.text.decode_lines``: a big file is not held whole).
    for number, physical in enumerate(text.split("\n") if isinstance(text, str) else text, 1):
        line = physical.rstrip("\r\n")
        if not line.strip():
            if pieces:
                yield logical()
            pieces, size, quoted_printable, soft_break = [], 0, False, False
            continue
        if soft_break:
            piece, soft_break = "\n" + line, False
        elif line[0] in " \t":
            piece = line[1:]
        else:
            if pieces:
                yield logical()
            pieces, size, start, quoted_printable, tail = [], 0, number, False, ""
            piece = line
        if size <= limit:
            pieces.append(piece)  # beyond the limit only the length is counted
        size += len(piece)
        if not quoted_printable:
            quoted_printable = "quoted-printable" in (tail + piece).lower()
            tail = (tail + piece)[-16:]
        if quoted_printable and piece.endswith("="):
            soft_break = True
    if pieces:
        yield logical()


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}"


def read_cards(text: str | Iterable[str]) -> Iterator[tuple[int, str, list[VCardProperty], list[tuple]]]:
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
    card_size = 0
    card_name = ""
    for logical, number, size in unfold_lines(text):
        number = number or 1
        if not logical.strip():
            continue
        if size > MAX_PROPERTY_CHARS:
            _report_too_long(logical, number, size, problems if card is not None else stray)
            continue
        if card is not None and not logical[:6].upper().startswith(("END:", "END;")):
            card_size += size
            if card_size > MAX_CARD_CHARS:
                if card_size - size <= MAX_CARD_CHARS:
                    problems.append((start, "", _(
                        "the card starting here ({name}) is larger than {limit} MB, the most "
                        "Fairmate reads in one card; it was not read past line {line}").format(
                        name=card_name or "?", limit=_megabytes(MAX_CARD_CHARS), line=number), ERROR))
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
            card_size, card_name = 0, ""
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
        if name == "FN":
            card_name = _shorten(value, 40)
        prop = VCardProperty(group, name, _params(params), value, number)
        _transfer_decode(prop, problems)
        card.append(prop)
    if card is not None:
        problems.append((start, "", _("the card starting here has no END:VCARD"), ERROR))
        yield start, version, card, problems
    if stray:
        yield stray[0][0], "", [], stray


def _report_too_long(head: str, number: int, size: int, problems: list) -> None:
    match = _NAME.match(head)
    name = match.group(1).upper() if match else ""
    limit = _megabytes(MAX_PROPERTY_CHARS)
    if name in _BINARY_PROPERTIES:
        # A huge photo should not cost the contact: read without it.
        problems.append((number, name, _("this {name} is {size} MB, more than the {limit} MB Fairmate "
                                         "reads in one line; left out").format(
            name=name, size=_megabytes(size), limit=limit), WARNING))
    else:
        problems.append((number, name, _("this line is {size} MB long, more than the {limit} MB Fairmate "
                                         "reads in one line").format(size=_megabytes(size), limit=limit),
                         ERROR))


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
