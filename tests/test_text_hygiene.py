"""Control characters stay out of the book and off the terminal; an unclosed CSV quote is an error (issue 13, item 12)."""

import json

import pytest

from core.book.control_chars import escape_control_characters, remove_control_characters
from core.exchange.csv_files import sniff_csv
from core.exchange.vcard import parse_vcards
from safety_helpers import run

HOSTILE = "Evil\x1b[2J\x07 Name\u202e\x00\u2066\x9b"


def test_control_characters_are_removed_from_names_and_kept_as_lines_in_notes():
    assert remove_control_characters(HOSTILE) == "Evil[2J Name"
    assert remove_control_characters("a\tb\nc", multiline=True) == "a\tb\nc"
    assert remove_control_characters("a\tb\nc") == "a b c"
    # Marks that Arabic, Hebrew and emoji need are no controls: kept.
    assert remove_control_characters("שלום\u200f \u200d👍") == "שלום\u200f \u200d👍"


def test_escaping_for_a_terminal_shows_every_control_visibly():
    shown = escape_control_characters(HOSTILE + "\nnext")
    assert shown == "Evil\\x1b[2J\\x07 Name\\u202e\\x00\\u2066\\x9b\nnext"


def test_the_cli_keeps_control_characters_out_of_the_book(capsys, tmp_path):
    db = tmp_path / "book.db"
    # (No NUL: no shell can pass one, and main() refuses it in one line.)
    code, out, err = run(capsys, "--db", db, "add-contact", "--name", HOSTILE.replace("\x00", ""),
                         "--notes", "line 1\nline\x1b 2",
                         "--json")
    assert code == 0, err
    contact = json.loads(out)["id"]
    code, out, _err = run(capsys, "--db", db, "show", contact, "--json")
    shown = json.loads(out)
    assert shown["display_name"] == "Evil[2J Name"
    assert shown["notes"] == "line 1\nline 2"


def test_a_vcard_cannot_smuggle_control_characters_in(fresh_db):
    from core.book.contacts import add_contact, get_contact

    card = ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Mallory\x1b]0;pwned\x07\u202eX\r\nTITLE:Boss\x00\r\n"
            "NOTE:a\\nb\x1b[31m\r\nEND:VCARD\r\n").encode("utf-8")
    [parsed] = parse_vcards(card, source="evil.vcf")
    stored = get_contact(fresh_db, add_contact(fresh_db, **parsed.fields))
    assert stored["display_name"] == "Mallory]0;pwnedX"
    assert stored["job_title"] == "Boss" and stored["notes"] == "a\nb[31m"


def test_what_is_already_in_a_book_is_escaped_on_the_way_out(capsys, tmp_path):
    from core.store.db import open_database

    db = tmp_path / "book.db"
    code, out, _err = run(capsys, "--db", db, "add-contact", "--name", "Placeholder", "--json")
    contact = json.loads(out)["id"]
    book = open_database(db)  # an older Fairmate stored them raw
    with book.conn:
        book.conn.execute("UPDATE contacts SET display_name = ? WHERE id = ?", ("Old\x1b[2J\u202eName", contact))
    book.close()
    for argv in (["list"], ["show", contact], ["search", "Old"], ["list", "--json"]):
        code, out, err = run(capsys, "--db", db, *argv)
        assert code == 0, err
        assert "\x1b" not in out and "\u202e" not in out, argv
    code, out, _err = run(capsys, "--db", db, "list")
    assert "Old\\x1b[2J\\u202eName" in out
    code, out, _err = run(capsys, "--db", db, "list", "--json")
    assert json.loads(out)[0]["display_name"] == "Old\x1b[2J\u202eName"  # JSON escapes, data unchanged


def test_an_error_message_escapes_what_was_typed(capsys, tmp_path):
    code, out, err = run(capsys, "--db", tmp_path / "book.db", "show", "no\x1b[2Jsuch")
    assert code == 1 and "\x1b" not in err and "\\x1b" in err


def test_an_unclosed_csv_quote_is_an_error_naming_its_line():
    data = b'Name,Email\nAnna,anna@example.com\n"Bob,bob@example.com\nCarl,carl@example.com\nDora,d@example.com\n'
    table = sniff_csv(data, source="people.csv")
    [problem] = table.problems
    assert problem.line == 3 and problem.is_error and "quote" in problem.message


def test_a_closed_multiline_quote_is_fine():
    data = b'Name,Notes\n"Anna","two\nlines"\nBob,x\n'
    table = sniff_csv(data, source="people.csv")
    assert not table.problems and [r[0] for r in table.rows] == ["Anna", "Bob"]


def test_the_cli_import_refuses_an_unclosed_quote_in_one_line(capsys, tmp_path):
    path = tmp_path / "people.csv"
    path.write_bytes(b'Name,Email\nAnna,anna@example.com\n"Bob,bob@example.com\nCarl,carl@example.com\n')
    code, out, err = run(capsys, "--db", tmp_path / "book.db", "import", path)
    assert code == 1 and "people.csv:3" in err and "quote" in err


def test_every_control_character_is_removed_even_where_most_text_skips_the_scrub():
    """Printable text comes back as it is without the scrub (an import cleans 200,000 values):
    each character the scrub removes or turns into a space must make a text unprintable."""
    controls = [*range(0x00, 0x20), *range(0x7f, 0xa0), *range(0x202a, 0x202f), *range(0x2066, 0x206a),
                0x2028, 0x2029, *range(0xd800, 0xe000)]
    for code in controls:
        text = f"Anna{chr(code)}Weber"
        for multiline in (False, True):
            if multiline and chr(code) in "\t\n":
                continue
            assert remove_control_characters(text, multiline=multiline) != text, hex(code)
    kept = "Zoë Ødegård 李娜 محمد ‎שלום\u200f 👍 O'Brien-Smith, 5 % (Ltd.)"
    assert remove_control_characters(kept) == kept
    assert remove_control_characters(kept, multiline=True) == kept
