"""Duplicates: detection by email, phone, name at company and romanization; merge and undo."""

import json

import pytest

from core.book import duplicates as d
from core.book.activity import (add_commitment, change_stage, list_interactions, list_stage_history,
                           log_interaction, schedule_follow_up_in)
from core.book.contacts import add_contact, input_fields, delete_contact, get_contact, update_contact
from core.book import merging
from core.book.duplicate_index import KIND_CODES, key_hash, name_key, rebuild_duplicate_keys
from core.book.events import add_meeting, cancel_meeting
from core.store.records import fetch_row, list_changes
from core.book.search import search_contacts
from core.book.validation import ValidationError


def reasons(matches):
    return {(m.contact_id, m.reason) for m in matches}


# Keys --------------------------------------------------------------------------------------

@pytest.mark.parametrize("first, second", [
    ("Anna Müller", "Muller, Anna"),
    ("Kim Min-jun", "Minjun KIM"),
    ("Zhang Wei", "wei  zhang"),
    ("ｚｈａｎｇ ｗｅｉ", "Zhang Wei"),
    ("田中 太郎", "田中太郎"),
])
def test_name_keys_ignore_case_accents_order_hyphens_and_cjk_spacing(first, second):
    assert name_key(first) == name_key(second)


def test_name_keys_keep_different_names_apart():
    assert name_key("Anna Müller") != name_key("Anna Miller")
    assert name_key("张伟") != name_key("章伟")


# Detection -----------------------------------------------------------------------------------

def test_same_email_in_any_case_is_a_duplicate(fresh_db):
    anna = add_contact(fresh_db, display_name="Anna Müller", emails=["anna@weber.de"])
    found = d.find_duplicates_for_fields(fresh_db, {"display_name": "A. M.",
                                                    "emails": ["ANNA@Weber.de"]})
    assert [(m.contact_id, m.reason, m.reason_label) for m in found] == [
        (anna, "email", "Same email anna@weber.de")]


def test_phones_are_compared_in_e164_whatever_the_format(fresh_db):
    anna = add_contact(fresh_db, display_name="Anna Müller", country="DE", phones=["030 901820"])
    found = d.find_duplicates_for_fields(fresh_db, {"display_name": "Someone",
                                                    "phones": ["+49 (30) 90-18-20"]})
    assert reasons(found) == {(anna, "phone")}
    assert found[0].reason_label == "Same phone +49 30 901820"
    # A local number is read in the card's country.
    local = d.find_duplicates_for_fields(fresh_db, {"display_name": "X", "country": "DE",
                                                    "phones": ["030 901820"]})
    assert reasons(local) == {(anna, "phone")}


def test_same_name_at_the_same_company_folds_accents(fresh_db):
    anna = add_contact(fresh_db, display_name="Anna Müller", company="Weber GmbH")
    add_contact(fresh_db, display_name="Anna Müller", company="Schmidt AG")
    found = d.find_duplicates_for_fields(fresh_db, {"display_name": "Anna Muller"},
                                         company="WEBER gmbh")
    assert reasons(found) == {(anna, "name_company")}
    assert found[0].reason_label == "Same name at Weber GmbH"
    assert d.find_duplicates_for_fields(fresh_db, {"display_name": "Anna Muller"}) == []


@pytest.mark.parametrize("latin", ["Zhang Wei", "Wei Zhang", "ZHANG wei"])
def test_a_native_name_matches_its_romanization(fresh_db, latin):
    zhang = add_contact(fresh_db, display_name="张伟", country="CN")
    found = d.find_duplicates_for_fields(fresh_db, {"display_name": latin})
    assert reasons(found) == {(zhang, "romanization")}
    assert found[0].reason_label == f"张伟 is written {latin}"
    # And the other way round: the Latin card exists, the native one arrives.
    other = add_contact(fresh_db, display_name=latin, country="CN")
    assert reasons(d.find_duplicates_for_contact(fresh_db, other)) == {(zhang, "romanization")}


def test_romanization_needs_compatible_companies(fresh_db):
    add_contact(fresh_db, display_name="张伟", company="Foshan Light")
    lone = add_contact(fresh_db, display_name="Wei Zhang", company="Acme Ltd")
    assert d.find_duplicates_for_contact(fresh_db, lone) == []
    update_contact(fresh_db, lone, company="foshan light")
    assert [m.reason for m in d.find_duplicates_for_contact(fresh_db, lone)] == ["romanization"]


def test_two_different_native_names_with_one_romanization_are_not_duplicates(fresh_db):
    add_contact(fresh_db, display_name="Zhang Wei", native_name="张伟")
    other = add_contact(fresh_db, display_name="Zhang Wei", native_name="章伟")
    assert d.find_duplicates_for_contact(fresh_db, other) == []


def test_korean_and_japanese_names_match_the_spelling_on_western_cards(fresh_db):
    kim = add_contact(fresh_db, display_name="김민준", country="KR")
    sato = add_contact(fresh_db, display_name="佐藤 博", native_reading="さとう ひろし", country="JP")
    assert reasons(d.find_duplicates_for_fields(fresh_db, {"display_name": "Min-jun Kim"})) == {
        (kim, "romanization")}
    assert reasons(d.find_duplicates_for_fields(fresh_db, {"display_name": "Hiroshi Sato"})) == {
        (sato, "romanization")}


def test_a_switchboard_number_shared_by_many_is_no_evidence(fresh_db):
    first = add_contact(fresh_db, display_name="Colleague", phones=["+49 30 901820"])
    assert reasons(d.find_duplicates_for_fields(
        fresh_db, {"display_name": "New", "phones": ["+49 30 901820"]})) == {(first, "phone")}
    for n in range(d.MAX_SHARED):
        add_contact(fresh_db, display_name=f"Colleague {n}", phones=["+49 30 901820"])
    assert d.find_duplicates_for_fields(fresh_db, {"display_name": "New",
                                                   "phones": ["+49 30 901820"]}) == []
    assert d.list_duplicate_pairs(fresh_db) == []


def test_the_strongest_reason_is_reported_once_per_contact(fresh_db):
    anna = add_contact(fresh_db, display_name="Anna Müller", company="Weber GmbH",
                       emails=["anna@weber.de"], phones=["+49 30 901820"])
    found = d.find_duplicates_for_fields(
        fresh_db, {"display_name": "Anna Müller", "emails": ["anna@weber.de"],
                   "phones": ["+49 30 901820"]}, company="Weber GmbH")
    assert [(m.contact_id, m.reason) for m in found] == [(anna, "email")]


def test_excluded_edited_and_deleted_contacts_are_not_offered(fresh_db):
    anna = add_contact(fresh_db, display_name="Anna", emails=["anna@weber.de"])
    other = add_contact(fresh_db, display_name="Other", emails=["anna@weber.de"])
    assert reasons(d.find_duplicates_for_contact(fresh_db, other)) == {(anna, "email")}
    assert d.find_duplicates_for_fields(fresh_db, {"emails": ["anna@weber.de"]},
                                        exclude_id=anna)[0].contact_id == other
    update_contact(fresh_db, anna, emails=["anna@elsewhere.de"])
    assert d.find_duplicates_for_contact(fresh_db, other) == []
    update_contact(fresh_db, anna, emails=["anna@weber.de"])
    delete_contact(fresh_db, anna)
    assert d.find_duplicates_for_contact(fresh_db, other) == []


def test_company_rename_is_seen_by_detection(fresh_db):
    from core.book.contacts import update_company

    first = add_contact(fresh_db, display_name="Jan Novak", company="Alpha s.r.o.")
    second = add_contact(fresh_db, display_name="Jan Novák", company="Beta a.s.")
    assert d.find_duplicates_for_contact(fresh_db, second) == []
    update_company(fresh_db, get_contact(fresh_db, second)["company_id"], name="Alpha s.r.o. ")
    # Two company rows, one name: the same company as far as people can tell.
    assert reasons(d.find_duplicates_for_contact(fresh_db, second)) == {(first, "name_company")}


def test_list_duplicate_pairs_over_the_book_and_dismissing_one(fresh_db):
    a = add_contact(fresh_db, display_name="Anna Müller", emails=["anna@weber.de"])
    b = add_contact(fresh_db, display_name="Anna Mueller", emails=["Anna@weber.de"])
    c = add_contact(fresh_db, display_name="张伟", company="Foshan Light")
    e = add_contact(fresh_db, display_name="Wei Zhang")
    add_contact(fresh_db, display_name="Nobody Else")
    pairs = d.list_duplicate_pairs(fresh_db)
    assert [({p.contact_id, p.other_id}, p.reason) for p in pairs] == [
        ({a, b}, "email"), ({c, e}, "romanization")]
    assert pairs[1].reason_label == "张伟 is written Wei Zhang"
    assert {pairs[0].contact["display_name"], pairs[0].other["display_name"]} == {
        "Anna Müller", "Anna Mueller"}
    d.mark_not_duplicates(fresh_db, e, c)
    assert [p.reason for p in d.list_duplicate_pairs(fresh_db)] == ["email"]
    assert d.find_duplicates_for_contact(fresh_db, c) == []
    assert d.list_duplicate_pairs(fresh_db, limit=0) == []


def test_rebuilding_the_key_index_gives_the_same_keys(fresh_db):
    add_contact(fresh_db, display_name="Anna Müller", company="Weber GmbH", emails=["a@w.de"],
                phones=["+49 30 901820"])
    add_contact(fresh_db, display_name="张伟", romanized_name="Zhang Wei", country="CN")
    add_contact(fresh_db, display_name="Wei Zhang")
    query = "SELECT contact_rowid, kind, key_hash FROM duplicate_keys ORDER BY 1, 2, 3"
    incremental = fresh_db.conn.execute(query).fetchall()
    assert rebuild_duplicate_keys(fresh_db) == 3
    assert fresh_db.conn.execute(query).fetchall() == incremental


def test_the_migration_indexes_contacts_that_existed_before_it(tmp_path):
    from core.store.db import open_database
    from core.store.migrations import MIGRATIONS
    from sqlite_utils import Database

    path = tmp_path / "old.db"
    old = Database(path)
    MIGRATIONS.apply(old, stop_before="0005_contact_merges")
    # Rows as the app before 0005 wrote them (today's write path logs columns that came later).
    for row_id, name, email in (("c1", "Anna", "a@w.de"), ("c2", "Anna M.", "A@w.de")):
        old.conn.execute(
            "INSERT INTO contacts(id, created_at, modified, display_name, sort_key, emails) "
            "VALUES (?, '2026-01-01T00:00:00+00:00', '0000000000001-00000-node', ?, ?, ?)",
            (row_id, name, name.lower(), f'[{{"value": "{email}"}}]'))
    old.conn.commit()
    old.close()
    db = open_database(path)
    assert [p.reason for p in d.list_duplicate_pairs(db)] == ["email"]
    db.close()


def test_the_keys_of_an_older_book_are_moved_to_rowids(tmp_path):
    """0016: keys written against the contact's text id are rekeyed by its rowid, none lost (issue 15)."""
    from core.store.db import open_database
    from core.store.migrations import MIGRATIONS
    from sqlite_utils import Database

    path = tmp_path / "old.db"
    old = Database(path)
    MIGRATIONS.apply(old, stop_before="0016_duplicate_keys_by_rowid")
    for row_id, name, email in (("c1", "Anna", "a@w.de"), ("c2", "Anna M.", "a@w.de"), ("c3", "Bob", "b@x.de")):
        old.conn.execute(
            "INSERT INTO contacts(id, created_at, modified, display_name, sort_key, emails) "
            "VALUES (?, '2026-01-01T00:00:00+00:00', '0000000000001-00000-node', ?, ?, ?)",
            (row_id, name, name.lower(), f'[{{"value": "{email}"}}]'))
        old.conn.execute("INSERT INTO duplicate_keys(contact_id, kind, key) VALUES (?, 'email', ?)", (row_id, email))
    old.conn.commit()
    old.close()
    db = open_database(path)
    assert [(p.contact_id, p.other_id) for p in d.list_duplicate_pairs(db)] == [("c1", "c2")]
    assert [m.contact_id for m in d.find_duplicates_for_contact(db, "c2")] == ["c1"]
    # 0019 then stores them as hashes (rebuilt from the contacts before the first read).
    moved = db.conn.execute("SELECT c.id, k.kind, k.key_hash FROM duplicate_keys k JOIN contacts c "
                            "ON c.rowid = k.contact_rowid WHERE k.kind = 1 ORDER BY 1").fetchall()
    assert moved == [(cid, KIND_CODES["email"], key_hash(email))
                     for cid, email in (("c1", "a@w.de"), ("c2", "a@w.de"), ("c3", "b@x.de"))]
    db.close()


# Merging ---------------------------------------------------------------------------------------

def test_merge_fields_cover_every_contact_field():
    assert set(d.MERGE_FIELDS) == set(input_fields())


@pytest.fixture
def pair(fresh_db):
    """Two records of one person, each with a history, and a third contact introduced by the second."""
    db = fresh_db
    keep = add_contact(db, display_name="Zhang Wei", company="Foshan Light", country="CN",
                       job_title="Sales Manager", emails=["zhang@foshan.cn"], phones=["+86 139 1299 9352"],
                       tags=["LED"], languages=["zh"], notes="Met at Canton Fair.")
    other = add_contact(db, display_name="张伟", native_name="张伟", country="CN", city="Foshan",
                        job_title="Export Director", emails=["wei.zhang@163.com", "ZHANG@foshan.cn"],
                        tags=["led", "VIP"], languages=["en"], notes="Prefers WeChat.")
    change_stage(db, other, "partner")
    log_interaction(db, keep, kind="call", summary="Price list discussed")
    log_interaction(db, other, kind="meeting", summary="Factory visit")
    add_commitment(db, other, description="Send CE certificate", owed_by="them")
    schedule_follow_up_in(db, other, hours=24)
    add_meeting(db, other, starts_at="2026-04-15T10:00", time_zone="Asia/Shanghai")
    cancelled = add_meeting(db, other, starts_at="2026-04-16T10:00", time_zone="Asia/Shanghai")
    cancel_meeting(db, cancelled)
    friend = add_contact(db, display_name="Li Na", introduced_by_contact_id=other)
    return db, keep, other, friend


def history_owners(db):
    rows = {}
    for table in d.HISTORY_TABLES:
        for row_id, contact_id in db.conn.execute(f"SELECT id, contact_id FROM {table}"):
            rows[(table, row_id)] = contact_id
    return rows


def contact_rows(db):
    return {row[0]: row[1:] for row in db.conn.execute(
        "SELECT id, display_name, job_title, emails, tags, languages, notes, stage, city, "
        "introduced_by_contact_id, deleted_at, sort_key FROM contacts")}


def test_merge_keeps_every_field_and_moves_all_history(pair):
    db, keep, other, friend = pair
    counts = d.count_history(db, other)
    assert counts == {"interactions": 1, "commitments": 1, "follow_ups": 1, "meetings": 1,
                      "stage_history": 2, "introductions": 1}
    merge_id = d.merge_contacts(db, keep, other, choices={"job_title": "merged"})
    merged = get_contact(db, keep)
    assert merged["job_title"] == "Export Director"
    assert merged["city"] == "Foshan"           # empty on the survivor: taken from the other
    assert merged["native_name"] == "张伟"
    assert merged["stage"] == "partner"          # as far along as either had it
    assert [e["value"] for e in merged["emails"]] == ["zhang@foshan.cn", "wei.zhang@163.com"]
    assert merged["tags"] == ["LED", "VIP"]
    assert merged["languages"] == ["zh", "en"]
    assert merged["notes"] == "Met at Canton Fair.\n\nPrefers WeChat."
    # Every row of the other contact now belongs to the survivor, the cancelled meeting too (the
    # friend's first stage is implied: no row).
    assert set(history_owners(db).values()) == {keep}
    # Both first stages (implied until the merge wrote them), the other's move and the merge's own.
    assert [(h["stage"], h["previous_stage"]) for h in list_stage_history(db, keep)] == [
        ("met", None), ("met", None), ("partner", "met"), ("partner", "met")]
    assert [h["stage"] for h in list_stage_history(db, friend)] == ["met"]
    assert {i["summary"] for i in list_interactions(db, keep)} == {"Price list discussed",
                                                                   "Factory visit"}
    assert get_contact(db, friend)["introduced_by_contact_id"] == keep
    # The other contact is a tombstone, not gone.
    assert get_contact(db, other) is None
    assert fetch_row(db, "contacts", other, include_deleted=True)["deleted_at"]
    record = d.list_merges(db, keep)[0]
    assert record["id"] == merge_id and record["merged_name"] == "张伟"
    assert record["kept_values"] == {"job_title": "Sales Manager", "display_name": "张伟"}
    assert record["moved"]["meetings"] == 2 and record["moved"]["introductions"] == 1
    # Search and duplicate detection follow.
    assert [c["id"] for c in search_contacts(db, "张伟")] == [keep]
    assert [c["id"] for c in search_contacts(db, "Prefers WeChat")] == [keep]
    assert d.find_duplicates_for_contact(db, keep) == []
    # And it all reached the change log.
    logged = {(c["table"], c["field"]) for c in list_changes(db) if c["row_id"] in
              {keep, other, merge_id} | {k[1] for k in history_owners(db)}}
    assert {("contacts", "job_title"), ("contacts", "deleted_at"), ("meetings", "contact_id"),
            ("merges", "survivor_before")} <= logged


def test_undo_restores_both_contacts_and_moves_each_row_back(pair):
    db, keep, other, friend = pair
    owners, rows = history_owners(db), contact_rows(db)
    stages = {c: list_stage_history(db, c) for c in (keep, other)}
    merge_id = d.merge_contacts(db, keep, other, choices={"job_title": "merged", "tags": "survivor"})
    result = d.undo_merge(db, merge_id)
    assert result == {"survivor_id": keep, "merged_id": other, "kept_edits": []}
    assert contact_rows(db) == rows
    now = history_owners(db)
    assert {key: now[key] for key in owners} == owners
    # The row the merge added (the stage change to "partner") is tombstoned again; the first
    # stages it wrote as rows stay, each with its own contact, shown once as before.
    added = set(now) - set(owners)
    assert sorted(fetch_row(db, *key) is None for key in added) == [False, False, True]
    assert {c: list_stage_history(db, c) for c in (keep, other)} == stages
    assert fetch_row(db, "merges", merge_id)["undone_at"]
    assert {c["id"] for c in search_contacts(db, "张伟")} == {other}
    assert {m.contact_id for m in d.find_duplicates_for_contact(db, keep)} == {other}
    with pytest.raises(ValidationError, match="already undone"):
        d.undo_merge(db, merge_id)


def test_undo_keeps_edits_made_after_the_merge(pair):
    db, keep, other, _friend = pair
    merge_id = d.merge_contacts(db, keep, other, choices={"job_title": "merged"})
    update_contact(db, keep, job_title="Managing Director")
    log_interaction(db, keep, kind="note", summary="After the merge")
    result = d.undo_merge(db, merge_id)
    assert result["kept_edits"] == ["job_title"]
    assert get_contact(db, keep)["job_title"] == "Managing Director"
    assert get_contact(db, keep)["city"] is None       # the merge's own change is undone
    assert "After the merge" in {i["summary"] for i in list_interactions(db, keep)}
    assert "After the merge" not in {i["summary"] for i in list_interactions(db, other)}


def test_undo_a_merge_whose_survivor_was_merged_again_needs_the_later_undo_first(pair):
    db, keep, other, friend = pair
    first = d.merge_contacts(db, keep, other)
    second = d.merge_contacts(db, friend, keep)
    with pytest.raises(ValidationError, match=second):
        d.undo_merge(db, first)
    d.undo_merge(db, second)
    d.undo_merge(db, first)
    assert get_contact(db, other) and get_contact(db, keep) and get_contact(db, friend)


def test_merge_refuses_bad_requests_and_writes_nothing(pair):
    db, keep, other, _friend = pair
    before = db.conn.execute("SELECT count(*) FROM changes").fetchone()[0]
    with pytest.raises(ValidationError):
        d.merge_contacts(db, keep, keep)
    with pytest.raises(ValidationError, match="not a contact field"):
        d.merge_contacts(db, keep, other, choices={"shoe_size": "merged"})
    with pytest.raises(ValidationError, match="choose one of"):
        d.merge_contacts(db, keep, other, choices={"job_title": "both"})
    with pytest.raises(KeyError):
        d.merge_contacts(db, keep, "no-such-id")
    assert db.conn.execute("SELECT count(*) FROM changes").fetchone()[0] == before


def test_a_merge_failing_half_way_leaves_everything_as_it_was(pair, monkeypatch):
    db, keep, other, _friend = pair
    owners, rows = history_owners(db), contact_rows(db)

    def broken(*_args, **_kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(merging, "tombstone_row", broken)
    with pytest.raises(RuntimeError):
        d.merge_contacts(db, keep, other)
    assert history_owners(db) == owners and contact_rows(db) == rows
    assert d.list_merges(db) == []


def test_merging_a_contact_with_its_own_introducer_clears_the_self_introduction(fresh_db):
    boss = add_contact(fresh_db, display_name="Anna Weber")
    copy = add_contact(fresh_db, display_name="Anna Weber (2)", introduced_by_contact_id=boss)
    merge_id = d.merge_contacts(fresh_db, copy, boss)
    assert get_contact(fresh_db, copy)["introduced_by_contact_id"] is None
    d.undo_merge(fresh_db, merge_id)
    assert get_contact(fresh_db, copy)["introduced_by_contact_id"] == boss


def test_compare_contacts_shows_differences_and_defaults(pair):
    db, keep, other, _friend = pair
    rows = {r.field: r for r in d.compare_contacts(db, keep, other)}
    assert rows["job_title"].differs and rows["job_title"].default == "survivor"
    assert (rows["job_title"].survivor_text, rows["job_title"].merged_text) == (
        "Sales Manager", "Export Director")
    assert not rows["city"].differs and rows["city"].default == "merged"
    assert rows["emails"].options == ("both", "survivor", "merged")
    assert rows["emails"].differs and rows["emails"].default == "both"
    assert rows["stage"].survivor_text == "Met" and rows["stage"].default == "merged"
    assert rows["company_id"].survivor_text == "Foshan Light"
    assert not rows["country"].differs


def test_photos_survive_a_merge_and_its_undo(fresh_db):
    keep = add_contact(fresh_db, display_name="Anna", photo=b"\x89PNG first")
    other = add_contact(fresh_db, display_name="Anna", photo=b"\x89PNG second")
    merge_id = d.merge_contacts(fresh_db, keep, other, choices={"photo": "merged"})
    assert get_contact(fresh_db, keep)["photo"] == b"\x89PNG second"
    assert json.loads(fetch_row(fresh_db, "merges", merge_id)["kept_values"])["photo"]
    d.undo_merge(fresh_db, merge_id)
    assert get_contact(fresh_db, keep)["photo"] == b"\x89PNG first"
    assert get_contact(fresh_db, other)["photo"] == b"\x89PNG second"


def test_addresses_and_websites_from_imported_cards_are_united(fresh_db):
    office = {"label": "work", "street": "Hauptstr. 1", "city": "Berlin", "country": "Germany"}
    home = {"label": "home", "street": "Gartenweg 5", "city": "Potsdam"}
    keep = add_contact(fresh_db, display_name="Anna", addresses=[office], urls=["https://weber.de"])
    other = add_contact(fresh_db, display_name="Anna", addresses=[office, home],
                        urls=["https://WEBER.de", "https://anna.example"], birthday="1980-05-01")
    d.merge_contacts(fresh_db, keep, other)
    merged = get_contact(fresh_db, keep)
    assert [a["city"] for a in merged["addresses"]] == ["Berlin", "Potsdam"]
    assert [u["value"] for u in merged["urls"]] == ["https://weber.de", "https://anna.example"]
    assert merged["birthday"] == "1980-05-01"
    rows = {r.field: r for r in d.compare_contacts(fresh_db, keep, keep)}
    assert rows["addresses"].survivor_text == "Hauptstr. 1 Berlin Germany; Gartenweg 5 Potsdam"


def test_a_new_book_has_no_duplicate_keys_left_to_rebuild(tmp_path):
    """A fresh (empty) book's keys are complete: the first import must not rebuild them (issue 15)."""
    from core.store.db import open_database
    from core.store.derived import is_stale

    db = open_database(tmp_path / "new.db")
    assert not is_stale(db, "duplicate_keys")
