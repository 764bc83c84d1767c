"""Every number and date a user types has a range; out of range is one line, and nothing is written (issue 13, item 8)."""

import json
import struct
import zlib

import pytest

from core.book.validation import ValidationError, normalize_country, normalize_time_zone
from safety_helpers import book_digest, run


@pytest.fixture
def book(capsys, tmp_path):
    db = tmp_path / "book.db"
    code, out, _err = run(capsys, "--db", db, "add-contact", "--name", "Anna Weber", "--country", "DE", "--json")
    assert code == 0
    return db, json.loads(out)["id"]


def huge_png(tmp_path):
    """A PNG claiming 20000×20000 pixels: a decompression bomb in a few hundred bytes."""
    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    path = tmp_path / "bomb.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 20000, 20000, 8, 0, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(b"\0" * 1000)) + chunk(b"IEND", b""))
    return path


CASES = [
    (["list", "--limit", "100000000000000000000"], "--limit"),
    (["list", "--limit", "-1"], "--limit"),
    (["list", "--offset", "-5"], "--offset"),
    (["list", "--offset", "100000000000000000000"], "--offset"),
    (["search", "anna", "--limit", "100000000000000000000"], "--limit"),
    (["search", "anna", "--limit", "-3"], "--limit"),
    (["phrase", "hello", "--limit", "-3"], "--limit"),
    (["duplicates", "--limit", "100000000000000000000"], "--limit"),
    (["add-meeting", "{id}", "--at", "9999-12-31T23:59-12:00"], "--at"),
    (["add-meeting", "{id}", "--at", "0001-01-01T00:00+14:00"], "--at"),
    (["add-meeting", "{id}", "--at", "2026-11-24T09:30", "--minutes", "1000000000000"], "--minutes"),
    (["add-meeting", "{id}", "--at", "2026-11-24T09:30", "--minutes", "100000000000000000000"], "--minutes"),
    (["add-meeting", "{id}", "--at", "2026-11-24T09:30", "--time-zone", "Europe"], "--time-zone"),
    (["add-meeting", "{id}", "--at", "2026-11-24T09:30", "--time-zone", "x" * 300], "--time-zone"),
    (["add-contact", "--name", "X", "--follow-up", "1000000000000"], "--follow-up"),
    (["add-contact", "--name", "X", "--follow-up", "-1000000000"], "--follow-up"),
    (["add-contact", "--name", "X", "--time-zone", "Europe"], "--time-zone"),
    (["add-contact", "--name", "X", "--time-zone", "Europe/" + "x" * 300], "--time-zone"),
    (["add-contact", "--name", "X", "--country", "ZZ"], "--country"),
    (["add-contact", "--name", "X", "--country", "EU"], "--country"),
    (["add-contact", "--name", "X", "--met-on", "9999-12-31"], "--met-on"),
    (["follow-up", "{id}", "--in-hours", "1000000000000"], "--in-hours"),
    (["follow-up", "{id}", "--in-hours", "-1000000000"], "--in-hours"),
    (["log", "{id}", "--summary", "s", "--when", "9999-12-31T23:59-12:00"], "--when"),
    (["promise", "{id}", "--what", "w", "--owed-by", "us", "--due", "9999-12-31"], "--due"),
    (["add-event", "--name", "Fair", "--starts", "9999-12-31"], "--starts"),
    (["add-event", "--name", "Fair", "--time-zone", "Europe"], "--time-zone"),
    (["demo-data", "--contacts", "100000000000000000000"], "--contacts"),
    (["today", "--home-tz", "Europe"], "--home-tz"),
    (["settings", "home_time_zone", "Europe"], "home_time_zone"),
    (["read-qr", "{bomb}"], "pixels"),
]


@pytest.mark.parametrize("argv, named", CASES, ids=[" ".join(c[0][:3])[:40] + f"-{i}" for i, c in enumerate(CASES)])
def test_out_of_range_is_one_line_and_writes_nothing(capsys, tmp_path, book, argv, named):
    db, contact = book
    before = book_digest(db)
    argv = [a.format(id=contact, bomb=huge_png(tmp_path)) for a in argv]
    code, out, err = run(capsys, "--db", db, *argv)
    assert code == 1, (code, err)
    assert named in err and err.count("\n") == 1 and "Traceback" not in err
    assert book_digest(db) == before


@pytest.mark.parametrize("text", ["Europe", "x" * 300, "Europe/", "../etc/passwd", "Asia/Tokyo\0"])
def test_a_time_zone_that_is_no_zone_is_a_validation_error(text):
    with pytest.raises(ValidationError):
        normalize_time_zone(text)


@pytest.mark.parametrize("code", ["ZZ", "EU", "UN", "EZ", "QO"])
def test_regions_that_are_not_countries_are_refused(code):
    with pytest.raises(ValidationError):
        normalize_country(code)


def test_the_ranges_are_declared_once():
    from core.book.validation import RANGES

    assert RANGES["limit"][0] == 0 and RANGES["duration_minutes"][0] == 1
    assert all(low <= high for low, high in RANGES.values())


def test_a_csv_cell_that_is_no_zone_is_a_warning_not_a_traceback(capsys, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("Name,Time zone\nAnna,Europe\nBob,Asia/Tokyo\n", encoding="utf-8")
    code, out, err = run(capsys, "--db", tmp_path / "book.db", "import", path)
    assert code == 0, err
    assert "Imported: 2 new" in out and "'Europe' is not a time zone" in out
    card = tmp_path / "card.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Carl\r\nX-FAIRMATE-MET-ON:9999-12-31\r\nEND:VCARD\r\n")
    code, out, err = run(capsys, "--db", tmp_path / "book.db", "import", card)
    assert code == 0, err
    assert "Imported: 1 new" in out and "9999-12-31" in out and "year" in out
