"""vCard text helpers shared by the readers and writers: decoding bytes, escapes, country and language names.

Used by ``vcard``, ``csv_files``, the import pipeline and ``qr``.
"""

from __future__ import annotations

import codecs
import functools
import re
from typing import Iterator

from babel import Locale

from core.book.fields import ADDRESS_PARTS, CITY, COUNTRY
from core.book.validation import ValidationError, normalize_country, normalize_language
from core.exchange.encodings import detect_encoding

# The parts of an address (ADDRESS_PARTS, in vCard ADR order) that hold its city and country.
ADDRESS_CITY, ADDRESS_COUNTRY = ADDRESS_PARTS[3], ADDRESS_PARTS[6]


# Decoding bytes -----------------------------------------------------------------------------

_CHARSET_PARAM = re.compile(rb";\s*CHARSET=([A-Za-z0-9_.:-]+)", re.IGNORECASE)


def decode_text(data: bytes | str, fallback: str | None = None) -> str:
    """Text of an import file: BOM-aware UTF-8/UTF-16, else per line its CHARSET or *fallback*
    (by default the code page detected from the bytes, ``core.exchange.encodings``)."""
    if isinstance(data, str):
        return data.lstrip("\ufeff")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    elif len(data) >= 4 and data[1:2] == b"\x00" and data[3:4] == b"\x00" and data[0:1] != b"\x00":
        return data.decode("utf-16-le", errors="replace")
    elif len(data) >= 4 and data[0:1] == b"\x00" and data[2:3] == b"\x00":
        return data.decode("utf-16-be", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    fallback = fallback or detect_encoding(data).name
    return "\n".join(_decode_line(raw, fallback) for raw in data.split(b"\n"))


def _decode_line(raw: bytes, fallback: str) -> str:
    """One line of a file that is not UTF-8 throughout: UTF-8 if it is, else its CHARSET or *fallback*."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    head = raw.split(b":", 1)[0]
    match = _CHARSET_PARAM.search(head)
    charset = match.group(1).decode("ascii") if match else fallback
    try:
        return raw.decode(charset)
    except (LookupError, UnicodeDecodeError):
        return raw.decode("cp1252", errors="replace")


# Bytes decoded at a time by ``decode_lines`` (cut at a line end).
_CHUNK_BYTES = 1 << 20


def decode_lines(data: bytes | str, fallback: str | None = None) -> Iterator[str]:
    """``decode_text(data, fallback).split("\\n")``, decoded a megabyte at a time.

    A 100,000-card file is 36 MB of bytes; decoded whole and split it held
    another ~170 MB (the text, two bytes a character once one name is in
    Chinese, and a list of its 1.2 million lines). UTF-8 never has a newline
    byte inside a character, so each piece ending at one decodes alone; a
    piece that is not UTF-8 is read line by line as ``decode_text`` reads a
    file that is not.
    """
    if isinstance(data, str) or not data.startswith(codecs.BOM_UTF8) and (
            data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
            or len(data) >= 4 and data[1:2] == b"\x00" and data[3:4] == b"\x00" and data[0:1] != b"\x00"
            or len(data) >= 4 and data[0:1] == b"\x00" and data[2:3] == b"\x00"):
        yield from decode_text(data, fallback).split("\n")  # UTF-16: rare, and read whole
        return
    start = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    size = len(data)
    while True:
        end = data.find(b"\n", start + _CHUNK_BYTES)
        end = size if end < 0 else end + 1
        piece = data[start:end]
        try:
            lines = piece.decode("utf-8").split("\n")
        except UnicodeDecodeError:
            fallback = fallback or detect_encoding(data).name
            lines = [_decode_line(raw, fallback) for raw in piece.split(b"\n")]
        if end < size:
            lines.pop()  # the empty text after the piece's last newline: the next piece goes on
        yield from lines
        if end >= size:
            return
        start = end


# Escapes and structure --------------------------------------------------------------------------

_ESCAPE = re.compile(r"\\([nN,;:\\])")


def unescape(text: str) -> str:
    """Undo vCard text escaping: ``\\n`` → newline, ``\\,`` → comma, ``\\;``, ``\\\\``."""
    if "\\" not in text:
        return text
    return _ESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)


def escape(text: str, *, structured: bool = False) -> str:
    """Escape text for a vCard value (commas and semicolons too)."""
    text = (text.replace("\\", "\\\\").replace("\r\n", "\n").replace("\r", "\n")
            .replace("\n", "\\n").replace(",", "\\,").replace(";", "\\;"))
    return text


def split_value(text: str, separator: str = ";") -> list[str]:
    """Split a raw value at unescaped *separator* (escapes stay for ``unescape``)."""
    if "\\" not in text:
        return text.split(separator)
    parts, current, i = [], [], 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            current.append(text[i:i + 2])
            i += 2
            continue
        if char == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
        i += 1
    parts.append("".join(current))
    return parts


# Country and language names ----------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    # Address books write the country in the user's language ("Deutschland", "日本").
    names: dict[str, str] = {}
    for locale in _COUNTRY_NAME_LOCALES:
        for code, name in Locale.parse(locale).territories.items():
            if len(code) == 2 and code.isalpha():
                names[name.casefold()] = code
    return names


# The languages address books write country names in (later ones win a shared spelling).
_COUNTRY_NAME_LOCALES = ("vi", "id", "ms", "hi", "th", "he", "el", "et", "lv", "lt", "sl", "hr", "bg",
                         "uk", "ro", "hu", "fi", "da", "nb", "sv", "sk", "cs", "fr", "es", "it", "pt",
                         "nl", "pl", "tr", "ru", "ar", "ja", "zh_Hant", "zh", "ko", "de", "en")


# Names address books write that are not CLDR's ("United States of America", ISO's long forms).
_COUNTRY_ALIASES = {
    "united states of america": "US", "u s a": "US", "u s": "US", "america": "US",
    "russian federation": "RU", "pr china": "CN", "p r china": "CN", "prc": "CN",
    "people's republic of china": "CN", "republic of china": "TW", "brd": "DE",
    "federal republic of germany": "DE", "bundesrepublik deutschland": "DE", "macedonia": "MK",
    "swaziland": "SZ", "republic of korea": "KR", "korea republic of": "KR", "south korea": "KR",
    "iran islamic republic of": "IR", "viet nam": "VN", "holland": "NL", "england": "GB",
    "scotland": "GB", "wales": "GB", "northern ireland": "GB", "great britain": "GB",
    "united kingdom of great britain and northern ireland": "GB", "kingdom of saudi arabia": "SA",
    "ksa": "SA", "u a e": "AE", "uae": "AE", "hong kong sar": "HK", "macau": "MO",
    "taiwan roc": "TW", "czech republic": "CZ", "türkiye": "TR", "turkiye": "TR",
}


@functools.lru_cache(maxsize=4096)  # asked per card during an import, with few distinct names
def country_code(text: str | None) -> str | None:
    """An ISO country code from a code or a country's name in English or another major language
    (babel's territory names in 14 locales, and long or older names: "United States of America")."""
    try:
        return normalize_country(text)
    except ValidationError:
        pass
    key = " ".join((text or "").casefold().split())
    found = _country_names().get(key)
    if found:
        return found
    plain = " ".join(re.sub(r"[.,()]", " ", key).split()).removeprefix("the ")
    return _country_names().get(plain) or _COUNTRY_ALIASES.get(plain)


@functools.lru_cache(maxsize=1)
def _language_names() -> dict[str, str]:
    # Outlook and phones write the language in the user's language ("Deutsch", "français").
    names: dict[str, str] = {}
    for locale in ("fr", "es", "it", "pt", "nl", "pl", "tr", "ru", "ar", "ja", "zh", "ko", "de", "en"):
        for code, name in Locale(locale).languages.items():
            if "_" not in code:
                names.setdefault(name.casefold(), code)
    return names


def language_code(text: str) -> str:
    """A language code from a code or a language's name in English or another major language.

    Raises ``ValidationError`` (from ``normalize_language``) when nothing matches.
    """
    try:
        return normalize_language(text)
    except ValidationError:
        code = _language_names().get(" ".join(text.casefold().split()))
        if code is None:
            raise
        return code


def locate_from_address(fields: dict, addresses: list[dict]) -> None:
    """Fill a card's city and country (when missing) from its first address that has them."""
    if not fields.get(COUNTRY.name):
        for address in addresses:
            code = country_code(address.get("_code") or address.get(ADDRESS_COUNTRY))
            if code:
                fields[COUNTRY.name] = code
                break
    if not fields.get(CITY.name):
        for address in addresses:
            if address.get(ADDRESS_CITY):
                fields[CITY.name] = address[ADDRESS_CITY]
                break
    for address in addresses:
        address.pop("_code", None)
