"""Arabic names are found as keyboards type them, and without the article "al-"."""

import pytest

from core.book.contacts import add_contact, refresh_name_spellings
from core.book.duplicates import find_duplicates_for_contact
from core.book.romanize import fold
from core.book.search import search_contacts
from core.store.derived import NAME_SPELLINGS, is_stale, mark_stale


@pytest.fixture
def book(fresh_db):
    people = {
        "ibrahim": add_contact(fresh_db, display_name="Ibrahim Al-Omari", native_name="إبراهيم العمري",
                               country="SA"),
        "maryam": add_contact(fresh_db, display_name="Maryam Al-Harbi", native_name="مريم الحربي",
                              country="AE", city="دبي"),
        "aisha": add_contact(fresh_db, display_name="Aisha", native_name="عائشة", country="QA"),
        "mohammed": add_contact(fresh_db, display_name="Mohammed", native_name="مُحَمَّد", country="EG"),
    }
    return fresh_db, people


@pytest.mark.parametrize("query, who", [
    ("ابراهيم", "ibrahim"),   # a bare alef, as most keyboards type it
    ("إبراهيم", "ibrahim"),
    ("عمري", "ibrahim"),      # without the article
    ("العمري", "ibrahim"),
    ("حرب", "maryam"),        # a prefix of the word without the article
    ("عائشه", "aisha"),       # ه typed for the ta marbuta
    ("محمد", "mohammed"),     # stored with its short vowels
    ("دبي", "maryam"),
])
def test_found_as_typed(book, query, who):
    db, people = book
    assert people[who] in [r["id"] for r in search_contacts(db, query)]


def test_folding_keeps_other_scripts_and_arabic_letters():
    assert fold("إبراهيم") == "ابراهيم"
    assert fold("राहुल शर्मा") == "राहुल शर्मा"  # Devanagari vowel signs are not short-vowel marks
    assert fold("สมชาย") == "สมชาย"
    assert fold("کراچی") == "كراچي"  # Urdu keyboard letters folded to the Arabic ones


def test_two_spellings_of_one_arabic_name_are_duplicates(fresh_db):
    first = add_contact(fresh_db, native_name="إبراهيم العمري", country="SA", company="Gulf Steel")
    second = add_contact(fresh_db, native_name="ابراهيم العمري", country="SA", company="Gulf Steel")
    assert second in [m.contact_id for m in find_duplicates_for_contact(fresh_db, first)]


def test_an_older_book_is_reindexed_when_opened(fresh_db):
    omari = add_contact(fresh_db, native_name="إبراهيم العمري", country="SA")
    rowid = fresh_db.conn.execute("SELECT rowid FROM contacts WHERE id = ?", (omari,)).fetchone()[0]
    # As an older version indexed it: as written, no folding, no word without the article.
    fresh_db.conn.execute("UPDATE contact_search SET names = 'إبراهيم العمري' WHERE rowid = ?", (rowid,))
    mark_stale(fresh_db, NAME_SPELLINGS)
    assert search_contacts(fresh_db, "عمري") == []
    assert refresh_name_spellings(fresh_db) == 1
    assert [r["id"] for r in search_contacts(fresh_db, "عمري")] == [omari]
    assert not is_stale(fresh_db, NAME_SPELLINGS)
