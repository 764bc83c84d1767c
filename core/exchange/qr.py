"""Business cards as QR codes: your own card to be scanned, a partner's card read from a photo.

Your card is the ``my_*`` settings (Edit ▸ Preferences ▸ Your card) as a
vCard 3.0 (the version phone cameras read best), drawn with segno. Reading
takes image bytes (a badge photo, a screenshot, a camera frame as PNG),
decodes every QR code in it with zxing-cpp (any rotation, scale or
inversion) and parses the first that holds a card: a vCard (through
``core.exchange.vcard.parse_vcards``) or a MECARD (``MECARD:N:Doe,John;TEL:…;;``,
common on Japanese badges). Nothing here sees a Qt object.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

import segno
import zxingcpp
from PIL import Image, ImageOps, UnidentifiedImageError

from core.book import settings
from core.book.fields import (ADDRESS_PARTS, ADDRESSES, BIRTHDAY, COMPANY_ID, COUNTRY, DISPLAY_NAME,
                              EMAILS, FAMILY_NAME, GIVEN_NAME, JOB_TITLE, NATIVE_NAME,
                              NATIVE_READING, NOTES, PHONES, URLS)
from core.book.images import open_image
from core.book.romanize import has_cjk
from core.book.validation import ValidationError
from core.exchange.country_clues import infer_country
from core.exchange.model import resolved_name
from core.exchange.vcard import contact_to_vcard, parse_vcards
from core.i18n import _

# Error correction M: survives a smudge or a glare spot and stays small
# enough to scan across a table.
ERROR_LEVEL = "m"


class QrError(ValueError):
    """An image could not be read as a business-card QR code; the message says why."""


@dataclass
class ScannedCard:
    """A card read from a QR code: ``fields`` as ``add_contact`` takes them, the company, the raw text."""

    fields: dict
    company: str | None
    kind: str  # "vcard" or "mecard"
    text: str
    problems: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The name to show for the card."""
        f = self.fields
        return f.get(DISPLAY_NAME.name) or f.get(NATIVE_NAME.name) or " ".join(
            p for p in (f.get(GIVEN_NAME.name), f.get(FAMILY_NAME.name)) if p)


# Your card ----------------------------------------------------------------------------------

def _split_name(name: str) -> tuple[str, str]:
    """(given, family) of a name as typed: the last word is the family name; CJK names stay whole."""
    words = name.split()
    if has_cjk(name) or len(words) < 2:
        return "", ""
    return " ".join(words[:-1]), words[-1]


def my_card_contact(db) -> dict | None:
    """The user's own card (from the ``my_*`` settings) as a contact dict, or None when no name is set."""
    values = {key: (settings.get_setting(db, key) or "").strip() for key in settings.MY_CARD_KEYS}
    name = values["my_name"]
    if not name:
        return None
    given, family = _split_name(name)
    # Your card: the fields a badge shows, each from its setting.
    contact: dict[str, Any] = {
        DISPLAY_NAME.name: name, GIVEN_NAME.name: given, FAMILY_NAME.name: family,
        resolved_name(COMPANY_ID): values["my_company"] or None,
        JOB_TITLE.name: values["my_title"] or None}
    for entries, key, label in ((EMAILS, "my_email", "work"), (PHONES, "my_phone", "work"),
                                (URLS, "my_website", "")):
        contact[entries.name] = [{"value": values[key], "label": label}] if values[key] else []
    return contact


def my_card_vcard(db) -> str:
    """Your card as vCard 3.0 text, ready to encode. Raises ``QrError`` when your name is not set."""
    contact = my_card_contact(db)
    if contact is None:
        raise QrError(_("Your card is empty: enter at least your name under Edit ▸ Preferences ▸ "
                        "Your card (or: fairmate settings my_name \"Your Name\")"))
    text = contact_to_vcard(contact, version="3.0")
    # The producer line is for files; on a QR code every byte makes the modules smaller.
    return "".join(line for line in text.splitlines(keepends=True) if not line.startswith("PRODID:"))


def make_qr(text: str):
    """A segno QR code of *text* (UTF-8, error correction M)."""
    return segno.make(text, error=ERROR_LEVEL, micro=False)


def qr_matrix(text: str) -> list[list[bool]]:
    """The modules of *text*'s QR code, row by row (True = dark), without the quiet zone."""
    code = make_qr(text)
    return [[bool(cell) for cell in row] for row in code.matrix]


def render_qr(text: str, kind: str = "png", *, scale: int = 10, border: int = 4) -> bytes:
    """*text* as a QR image: PNG or SVG bytes, black on white, with a quiet zone of *border* modules."""
    if kind not in ("png", "svg"):
        raise ValueError(_("a QR code is saved as png or svg, not {kind}").format(kind=kind))
    out = io.BytesIO()
    make_qr(text).save(out, kind=kind, scale=scale, border=border, dark="#000000", light="#ffffff")
    return out.getvalue()


# Reading ------------------------------------------------------------------------------------

def _open_image(data: bytes):
    try:
        # Its size checked before any pixel is decoded: a 20000×20000 PNG is a few hundred bytes.
        image = open_image(data, "image")
        image.load()
    except ValidationError as exc:
        raise QrError(exc.message) from None
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as exc:
        raise QrError(_("This file is not an image that can be read ({error})").format(error=exc)) from None
    # Phone photos are often stored sideways with an EXIF note saying so.
    image = ImageOps.exif_transpose(image)
    if image.mode not in ("L", "RGB"):
        image = image.convert("RGBA")
        flat = Image.new("RGB", image.size, "white")  # transparent screenshots: on white
        flat.paste(image, mask=image.getchannel("A"))
        image = flat
    return image.convert("L")


def _decoded_text(barcode) -> str:
    # Most cards are UTF-8 without an ECI marker; zxing's own guess may pick Shift_JIS or Latin-1.
    try:
        return bytes(barcode.bytes).decode("utf-8")
    except UnicodeDecodeError:
        return barcode.text


def read_qr_texts(data: bytes) -> list[str]:
    """The text of every QR code in an image (PNG, JPEG, …), in reading order; empty when none.

    Raises ``QrError`` when the bytes are not an image.
    """
    image = _open_image(data)
    formats = zxingcpp.barcode_formats_from_str("QRCode,MicroQRCode")
    found = zxingcpp.read_barcodes(image, formats=formats)
    if not found and max(image.size) > 2400:
        # A 12-megapixel photo with a small badge: try again at a size the finder patterns fit.
        small = image.copy()
        small.thumbnail((1600, 1600))
        found = zxingcpp.read_barcodes(small, formats=formats)
    return [_decoded_text(barcode) for barcode in found]


_MECARD_FIELD = re.compile(r"((?:\\.|[^;\\])*);")


def _mecard_unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def parse_mecard(text: str) -> ScannedCard:
    """Read a MECARD (``MECARD:N:Doe,John;TEL:+1…;EMAIL:…;ORG:…;;``) into contact fields.

    ``N`` is "family,given" (a kana ``SOUND`` is the reading), ``ADR`` is
    "PO box,extended,street,city,region,postal code,country". Raises
    ``QrError`` when *text* is not a MECARD.
    """
    body = text.strip()
    if not body.upper().startswith("MECARD:"):
        raise QrError(_("not a MECARD"))
    body = body[len("MECARD:"):]
    if not body.endswith(";"):
        body += ";"
    fields: dict[str, Any] = {f.name: [] for f in (EMAILS, PHONES, URLS, ADDRESSES)}
    company = None
    problems: list[str] = []
    notes = []
    for raw in _MECARD_FIELD.findall(body):
        if not raw:
            continue
        key, sep, value = raw.partition(":")
        if not sep:
            problems.append(_("MECARD part without a name: {part}").format(part=raw))
            continue
        key = key.strip().upper()
        if key == "N":
            family, given = (_mecard_unescape(p).strip() for p in _split_escaped(value, ",", 1))
            fields[FAMILY_NAME.name], fields[GIVEN_NAME.name] = family or None, given or None
            joined = (family + given) if has_cjk(family + given) else " ".join(p for p in (given, family) if p)
            fields[DISPLAY_NAME.name] = joined
            if has_cjk(joined):
                fields[NATIVE_NAME.name] = joined
        elif key == "SOUND":
            reading = " ".join(_mecard_unescape(p).strip() for p in _split_escaped(value, ",") if p)
            if has_cjk(reading):
                fields[NATIVE_READING.name] = reading
        elif key in ("TEL", "TEL-AV"):
            fields[PHONES.name].append({"value": _mecard_unescape(value).strip(), "label": ""})
        elif key == "EMAIL":
            fields[EMAILS.name].append({"value": _mecard_unescape(value).strip(), "label": ""})
        elif key == "URL":
            fields[URLS.name].append({"value": _mecard_unescape(value).strip(), "label": ""})
        elif key == "ORG":
            company = _mecard_unescape(value).strip() or None
        elif key == "TITLE":
            fields[JOB_TITLE.name] = _mecard_unescape(value).strip() or None
        elif key == "NOTE":
            notes.append(_mecard_unescape(value).strip())
        elif key == "BDAY":
            digits = re.sub(r"\D", "", value)
            if len(digits) == 8:
                fields[BIRTHDAY.name] = f"{digits[:4]}-{digits[4:6]}-{digits[6:]}"
        elif key == "ADR":
            parts = [_mecard_unescape(p).strip() for p in _split_escaped(value, ",")]
            if len(parts) == 1:
                parts = ["", "", parts[0]]  # one free-text line: the street line
            address = dict(zip(ADDRESS_PARTS, parts + [""] * len(ADDRESS_PARTS)))
            fields[ADDRESSES.name].append({"label": "", **address})
        elif key == "NICKNAME":
            notes.append(_("Nickname: {name}").format(name=_mecard_unescape(value).strip()))
    if notes:
        fields[NOTES.name] = "\n".join(n for n in notes if n)
    if not fields.get(DISPLAY_NAME.name):
        raise QrError(_("the MECARD has no name (N:)"))
    return ScannedCard(fields, company, "mecard", text, problems)


def _split_escaped(text: str, separator: str, maxsplit: int = 0) -> list[str]:
    """Split on unescaped *separator*; with *maxsplit*, always that many + 1 parts."""
    parts = re.split(r"(?<!\\)" + re.escape(separator), text, maxsplit=maxsplit)
    return parts + [""] * (maxsplit + 1 - len(parts)) if maxsplit else parts


def parse_card_text(text: str) -> ScannedCard:
    """Read the text of a QR code as a business card (vCard or MECARD); ``QrError`` otherwise.

    When the card names no country, its clues say it (an international phone
    number, the company's legal form, a country domain, the script of the name:
    ``core.exchange.country_clues``), so the time zone and local numbers follow.
    """
    card = _parse_card_text(text)
    if not card.fields.get(COUNTRY.name):
        country = infer_country(card.fields, card.company).code
        if country:
            card.fields[COUNTRY.name] = country
    return card


def _parse_card_text(text: str) -> ScannedCard:
    stripped = text.strip()
    if stripped.upper().startswith("MECARD:"):
        return parse_mecard(stripped)
    if stripped.upper().startswith("BEGIN:VCARD"):
        cards = [c for c in parse_vcards(stripped, source="QR") if c.fields]
        if not cards:
            raise QrError(_("the QR code holds a vCard that cannot be read"))
        card = cards[0]
        fields = {k: v for k, v in card.fields.items()}
        return ScannedCard(fields, card.company, "vcard", text, [str(p) for p in card.problems])
    shown = stripped if len(stripped) <= 80 else stripped[:77] + "…"
    raise QrError(_("The QR code holds no business card, only: {text}").format(text=shown))


def read_card_from_image(data: bytes) -> ScannedCard:
    """The first business card (vCard or MECARD QR) in an image.

    Raises ``QrError`` with a message for the user when the image holds no QR
    code, or only codes that are not cards (a URL, a ticket number).
    """
    texts = read_qr_texts(data)
    if not texts:
        raise QrError(_("No QR code found in this image. Take the photo straight on, close enough "
                        "that the code fills a good part of it, without glare."))
    refusal = None
    for text in texts:
        try:
            return parse_card_text(text)
        except QrError as exc:
            refusal = refusal or exc
    raise refusal
