import pytest

from core.book.contacts import add_contact, update_company, update_contact
from core.book.search import build_match_query, search_contacts


@pytest.fixture
def book(fresh_db):
    people = {
        "zhang": add_contact(fresh_db, display_name="Zhang Wei", native_name="张伟", country="CN",
                             company="深圳华信电子", city="Shenzhen"),
        "mueller": add_contact(fresh_db, display_name="Anna Müller", company="Weber GmbH",
                               phones=["+49 30 901820"],
                               city="Düsseldorf", tags=["distributor"]),
        "kim": add_contact(fresh_db, native_name="김민준", romanized_name="Kim Min-jun", country="KR"),
        "tanaka": add_contact(fresh_db, display_name="Tanaka Hiroshi", native_name="田中 博",
                              native_reading="たなか ひろし", country="JP"),
        "ivanov": add_contact(fresh_db, native_name="Сергей Иванов", country="RU"),
        "somchai": add_contact(fresh_db, display_name="Somchai Jaidee", native_name="สมชาย ใจดี",
                               country="TH"),
        "arabic": add_contact(fresh_db, display_name="Mohammed Al-Otaibi", native_name="محمد العتيبي",
                              country="SA", job_title="Procurement Director"),
        "rahul": add_contact(fresh_db, display_name="Rahul Sharma", native_name="राहुल शर्मा",
                             country="IN"),
        "hebrew": add_contact(fresh_db, display_name="Yael Cohen", native_name="יעל כהן", country="IL"),
        "lukasz": add_contact(fresh_db, display_name="Łukasz Wójcik", notes="Met at the Poznań fair"),
    }
    return fresh_db, people


@pytest.mark.parametrize("query, who", [
    ("zhang", "zhang"), ("zh", "zhang"), ("z", "zhang"), ("zhangwei", "zhang"), ("张", "zhang"),
    ("伟", "zhang"), ("张伟", "zhang"), ("华信", "zhang"), ("shenzhen", "zhang"),
    ("muller", "mueller"), ("MÜLL", "mueller"), ("dusseldorf", "mueller"), ("distri", "mueller"),
    ("weber", "mueller"),
    ("kim", "kim"), ("minjun", "kim"), ("김", "kim"), ("민준", "kim"),
    ("tanaka", "tanaka"), ("hiroshi", "tanaka"), ("たなか", "tanaka"), ("田中", "tanaka"),
    ("ivanov", "ivanov"), ("Иван", "ivanov"), ("sergei", "ivanov"),
    ("สมชาย", "somchai"), ("somch", "somchai"), ("ใจดี", "somchai"), ("ใจ", "somchai"),
    ("राहुल", "rahul"), ("राहु", "rahul"), ("शर्मा", "rahul"), ("כהן", "hebrew"), ("יעל", "hebrew"),
    ("محمد", "arabic"), ("otaibi", "arabic"), ("procurement", "arabic"),
    ("lukasz wojcik", "lukasz"), ("poznan", "lukasz"),
    ("タナカ", "tanaka"), ("+49 30 901820", "mueller"), ("030 901820", "mueller"),
    ("0049 30 9018", "mueller"), ("4930901", "mueller"),
])
def test_finds_by_any_script_and_romanization(book, query, who):
    db, people = book
    assert people[who] in [r["id"] for r in search_contacts(db, query)]


@pytest.mark.parametrize("query", ["", "   ", "!!", "zhang müller xyz", "伟张"])
def test_no_match_or_nothing_to_search(book, query):
    db, _ = book
    assert search_contacts(db, query) == []


def test_a_word_with_marks_is_one_term_not_many(book):
    db, people = book
    # "रा" alone would match far more if the matra split the word.
    assert build_match_query("राहुल") == '("राहुल"*) OR ("राहुल")'
    assert build_match_query("ใจดี") == '("ใจดี"*) OR ("ใจดี")'
    assert [r["id"] for r in search_contacts(db, "रहल")] == []


def test_words_are_anded(book):
    db, people = book
    assert [r["id"] for r in search_contacts(db, "anna weber")] == [people["mueller"]]


def test_quotes_and_operators_in_input_are_harmless(book):
    db, _ = book
    for query in ['"', "NEAR(", "a OR b", "col:x", "*", "zh*", "AND"]:
        search_contacts(db, query)  # never raises


def test_index_follows_updates_and_company_renames(book):
    db, people = book
    update_contact(db, people["kim"], city="Busan")
    assert [r["id"] for r in search_contacts(db, "busan")] == [people["kim"]]
    company_id = db.conn.execute("SELECT company_id FROM contacts WHERE id = ?",
                                 (people["mueller"],)).fetchone()[0]
    update_company(db, company_id, name="Krause AG")
    assert [r["id"] for r in search_contacts(db, "krause")] == [people["mueller"]]
    assert search_contacts(db, "weber") == []


@pytest.mark.parametrize("query", ["5.2", "2026-11-23", "10.5", "2026"])
def test_numbers_that_are_not_phone_numbers_are_still_found(fresh_db, query):
    cid = add_contact(fresh_db, display_name="Ana Costa", notes="Booth 5.2, met 2026-11-23; wants 10.5 kg")
    assert [r["id"] for r in search_contacts(fresh_db, query)] == [cid]


@pytest.mark.parametrize("query", ["...", "---", " - "])
def test_separators_alone_search_nothing(fresh_db, query):
    assert build_match_query(query) is None


def test_match_query_makes_cjk_a_phrase_and_latin_prefixes():
    assert build_match_query("张伟") == '"张 伟"'
    assert build_match_query("张伟 zh") == '("张 伟" AND "zh"*) OR ("张 伟" AND "zh")'


def test_whole_words_rank_before_longer_names(fresh_db):
    longer = add_contact(fresh_db, native_name="张伟娜", country="CN")
    exact = add_contact(fresh_db, native_name="张伟", country="CN")
    assert [r["id"] for r in search_contacts(fresh_db, "zhang wei")] == [exact, longer]


def test_full_width_latin_from_an_input_method_is_found(book):
    db, people = book
    assert people["zhang"] in [r["id"] for r in search_contacts(db, "ｚｈａｎｇ")]


def test_many_matches_are_counted_up_to_a_cap_and_listed_by_name(fresh_db, monkeypatch):
    # Counting every match of one letter over 300k contacts lagged behind typing:
    # past the cap the count stops at cap + 1 ("3,000+") and the rows come by name.
    from core.book import search

    monkeypatch.setattr(search, "RANKED_MATCHES_MAX", 3)
    for name in ("Mia Moss", "Max Mayer", "Mo Chen", "Ama Mills", "Emil Marx"):
        add_contact(fresh_db, display_name=name)
    rowids, total = search.search_contact_page(fresh_db, "m", limit=2)
    assert total == 4
    keys = [fresh_db.conn.execute("SELECT sort_key FROM contacts WHERE rowid = ?",
                                  (rowid,)).fetchone()[0] for rowid in rowids]
    assert keys == sorted(keys) and len(keys) == 2
    assert search.search_contact_page(fresh_db, "mo", limit=2)[1] == 2
