"""Hostile and huge vCards: linear unfolding, size limits, photos kept as thumbnails (issue 13, item 2)."""

import base64
import io
import os
import time
from pathlib import Path

import pytest
from PIL import Image
from vobject.base import getLogicalLines

from core.exchange import vcard_lines
from core.exchange.vcard import parse_vcards
from core.exchange.vcard_lines import read_cards, unfold_lines

DATA = Path(__file__).parent / "data" / "exchange"


def folded_card(value: str, name: str = "PHOTO;ENCODING=b;TYPE=JPEG", fn: str = "Big Photo") -> str:
    line = f"{name}:{value}"
    pieces = [line[:75]] + [" " + line[i:i + 74] for i in range(75, len(line), 74)]
    return f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{fn}\r\n" + "\r\n".join(pieces) + "\r\nEND:VCARD\r\n"


def test_a_long_folded_line_is_unfolded_in_linear_time():
    text = folded_card("A" * (8 * 1024 * 1024))  # vobject: ~20 s; linear: well under a second
    started = time.perf_counter()
    [(_line, _version, properties, problems)] = read_cards(text)
    assert time.perf_counter() - started < 3
    assert not problems and len(properties[-1].raw) == 8 * 1024 * 1024


@pytest.mark.parametrize("path", sorted(DATA.glob("*.vcf")), ids=lambda p: p.name)
def test_unfolding_reads_the_same_lines_as_vobject(path):
    from core.exchange.text import decode_text

    text = decode_text(path.read_bytes())
    ours = [line for line, _number, _size in unfold_lines(text)]
    theirs = [line for line, _number in getLogicalLines(io.StringIO(text), True)]
    assert ours == theirs


def test_unfolding_joins_quoted_printable_soft_breaks_and_tab_folds():
    text = ("N;ENCODING=QUOTED-PRINTABLE:M=C3=BC=\r\nller;Jan\r\nNOTE:one\r\n\ttwo\r\n\r\n"
            "FN:Jan\r\n")
    assert list(unfold_lines(text)) == [
        ("N;ENCODING=QUOTED-PRINTABLE:M=C3=BC=\nller;Jan", 1, 45), ("NOTE:onetwo", 3, 11),
        ("FN:Jan", 6, 6)]


def test_a_property_over_the_limit_is_an_error_naming_its_line(monkeypatch):
    monkeypatch.setattr(vcard_lines, "MAX_PROPERTY_CHARS", 1000)
    [contact] = parse_vcards(folded_card("x" * 5000, name="NOTE").encode(), source="big.vcf")
    [problem] = contact.problems
    assert problem.is_error and problem.line == 4 and problem.field == "NOTE"
    assert "MB" in problem.message and "notes" not in contact.fields


def test_a_photo_over_the_limit_is_left_out_with_a_warning(monkeypatch):
    monkeypatch.setattr(vcard_lines, "MAX_PROPERTY_CHARS", 1000)
    [contact] = parse_vcards(folded_card("A" * 5000).encode(), source="big.vcf")
    [problem] = contact.problems
    assert not problem.is_error and problem.field == "PHOTO" and "left out" in problem.message
    assert contact.fields["display_name"] == "Big Photo" and "photo" not in contact.fields


def test_a_card_over_the_limit_is_an_error_naming_the_card(monkeypatch):
    monkeypatch.setattr(vcard_lines, "MAX_CARD_CHARS", 3000)
    notes = "".join(f"NOTE:{'n' * 900}\r\n" for _ in range(5))
    text = f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Hoarder\r\n{notes}END:VCARD\r\nBEGIN:VCARD\r\nFN:Next\r\nEND:VCARD\r\n"
    first, second = parse_vcards(text.encode(), source="cards.vcf")
    [problem] = first.problems
    assert problem.is_error and problem.line == 1 and "Hoarder" in problem.message
    assert second.fields["display_name"] == "Next" and not second.problems


def _jpeg(width: int, height: int) -> bytes:
    image = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95)
    return out.getvalue()


def test_a_big_photo_is_kept_as_a_thumbnail(fresh_db):
    from core.book.contacts import add_contact, get_contact

    data = _jpeg(2400, 1600)
    assert len(data) > 1024 * 1024
    [contact] = parse_vcards(folded_card(base64.b64encode(data).decode()).encode(), source="p.vcf")
    stored = get_contact(fresh_db, add_contact(fresh_db, **contact.fields))["photo"]
    assert len(stored) < 200 * 1024
    with Image.open(io.BytesIO(stored)) as thumb:
        assert max(thumb.size) == 512 and thumb.size[0] > thumb.size[1]


def test_a_small_photo_is_kept_byte_for_byte(fresh_db):
    from core.book.contacts import add_contact, get_contact

    data = _jpeg(120, 160)
    assert get_contact(fresh_db, add_contact(fresh_db, display_name="Small", photo=data))["photo"] == data


def _png_header(width: int, height: int) -> bytes:
    """A PNG that claims *width*×*height* pixels (a decompression bomb needs no more than its header)."""
    import struct
    import zlib

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\0" * 1000)) + chunk(b"IEND", b""))


def test_a_photo_with_too_many_pixels_is_refused(fresh_db):
    from core.book.contacts import add_contact
    from core.book.validation import ValidationError

    with pytest.raises(ValidationError, match="pixels"):
        add_contact(fresh_db, display_name="Bomb", photo=_png_header(20000, 20000))


def test_an_imported_photo_with_too_many_pixels_is_left_out_with_a_warning():
    card = folded_card(base64.b64encode(_png_header(20000, 20000)).decode(), name="PHOTO;ENCODING=b;TYPE=PNG")
    [contact] = parse_vcards(card.encode(), source="bomb.vcf")
    assert "photo" not in contact.fields
    assert [p.field for p in contact.problems if not p.is_error] == ["photo"]
