"""Hong Kong and Macao partners' Chinese names are spelled as their cards spell them."""

import pytest

from core.book.cantonese import cantonese_name_forms, respell
from core.book.contacts import add_contact, get_contact, refresh_name_spellings
from core.book.romanize import name_romanization, romanize_name
from core.book.search import search_contacts
from core.store.derived import NAME_SPELLINGS
from tests.name_spelling_books import add_older_hong_kong_partner


@pytest.mark.parametrize("name, spelled", [
    ("陳大文", "chan tai man"),      # the textbook Hong Kong name
    ("張國榮", "cheung kwok wing"),
    ("梁朝偉", "leung chiu wai"),
    ("黃子華", "wong tsz wa"),       # 子 is Tsz on a card, not Chi
    ("周潤發", "chow yun fat"),
    ("謝霆鋒", "tse ting fung"),
    ("吳彥祖", "ng yin cho"),        # 吳 is Ng, a syllabic nasal
    ("司徒華", "szeto wa"),          # two-character surname
    ("陈小春", "chan siu chun"),     # Simplified characters too
])
def test_hong_kong_names(name, spelled):
    assert cantonese_name_forms(name)[0] == spelled


def test_macao_cards_use_the_portuguese_based_surnames():
    assert cantonese_name_forms("張國榮", country="MO")[0] == "cheong kwok wing"
    assert cantonese_name_forms("李嘉誠", country="MO")[0] == "lei ka shing"
    assert cantonese_name_forms("李嘉誠")[0] == "lee ka shing"


@pytest.mark.parametrize("jyutping, spelled", [
    ("gwok3", "kwok"), ("seoi2", "shui"), ("zeon3", "chun"), ("jyun4", "yuen"), ("jyut6", "yuet"),
    ("gou1", "ko"), ("daai6", "tai"), ("ngaan4", "ngan"), ("ng4", "ng"), ("ji6", "yee"),
    ("si1", "sze"), ("sing4", "shing"), ("zyu1", "chu"), ("hoeng1", "heung"),
])
def test_syllables(jyutping, spelled):
    assert respell(jyutping) == spelled


def test_a_hong_kong_partner_is_shown_and_found_by_the_cantonese_spelling(fresh_db):
    chan = add_contact(fresh_db, native_name="陳大文", country="HK")
    zhang = add_contact(fresh_db, native_name="陳大文", country="CN")
    assert name_romanization(get_contact(fresh_db, chan)) == "Chan Tai Man"
    assert name_romanization(get_contact(fresh_db, zhang)) == "Chen Dawen"
    assert [r["id"] for r in search_contacts(fresh_db, "chan tai")] == [chan]
    # A search typed in pinyin still finds both.
    assert {r["id"] for r in search_contacts(fresh_db, "chen")} == {chan, zhang}
    assert romanize_name("陳大文", country="hk")[0] == "chan tai man"


def test_a_book_written_by_the_older_rule_is_respelled_once_when_opened(fresh_db):
    chan = add_older_hong_kong_partner(fresh_db)
    assert search_contacts(fresh_db, "chan") == []
    assert refresh_name_spellings(fresh_db) == 1
    assert [r["id"] for r in search_contacts(fresh_db, "chan")] == [chan]
    sort_key = fresh_db.conn.execute("SELECT sort_key FROM contacts WHERE id = ?", (chan,)).fetchone()[0]
    assert sort_key == "chan tai man"
    assert refresh_name_spellings(fresh_db) == 0  # once


def test_the_app_and_every_command_respell_an_older_book_when_opening_it(tmp_path):
    from main import main
    from core.store.db import open_database

    path = tmp_path / "book.db"
    db = open_database(path)
    chan = add_older_hong_kong_partner(db)
    db.close()
    assert main(["--db", str(path), "list"]) == 0  # any command that reads the book
    db = open_database(path)
    try:
        assert [r["id"] for r in search_contacts(db, "chan")] == [chan]
    finally:
        db.close()


def test_the_migration_marks_only_a_book_holding_hong_kong_or_macao_partners(fresh_db):
    from core.store.derived import clear_stale, is_stale
    from core.store.migrations import name_spellings as cantonese_name_spellings

    clear_stale(fresh_db, NAME_SPELLINGS)
    add_contact(fresh_db, native_name="张伟", country="CN")
    cantonese_name_spellings(fresh_db)
    assert not is_stale(fresh_db, NAME_SPELLINGS)
    add_contact(fresh_db, native_name="陳大文", country="hk")
    cantonese_name_spellings(fresh_db)
    assert is_stale(fresh_db, NAME_SPELLINGS)
