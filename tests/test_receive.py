"""Receiving other devices' changes: core.store.receive and the wire form (core.store.wire)."""

from __future__ import annotations

import json
import sqlite3

import pytest

from core.book.contacts import add_contact, get_contact
from core.book.search import search_contacts
from core.store.changes import REMOTE
from core.store.db import FairmateDatabase, write_transaction
from core.store.ids import HlcStamp, HybridLogicalClock
from core.store.migrations import MIGRATIONS
from core.store.receive import MAX_CLOCK_AHEAD_MS, apply_remote_changes, list_conflicts, list_held_changes, \
    list_unapplied_values
from core.store.records import insert_row, tombstone_row, update_row
from core.store.undo import describe_undo
from core.store.value_checks import check_value
from core.store.wire import WireError, export_changes
from tests.receive_books import dump_data, edit, new_book


def _sync(source, target):
    return apply_remote_changes(target, export_changes(source, local_only=False)[0])


@pytest.fixture
def pair():
    """Two books that share one contact (made on the first)."""
    a, b = new_book(), new_book()
    with write_transaction(a):
        contact = add_contact(a, display_name="Zhang Wei", native_name="张伟", country="CN", company="Huaxin")
    _sync(a, b)
    return a, b, contact


def _change(db, table, row_id, fields, *, wall_ms=None, change_id="01900000-0000-7000-8000-000000000001"):
    stamp = HlcStamp(wall_ms if wall_ms is not None else db.clock.wall_ms(), 0, "feedfeedfeed").encode()
    return {"change_id": change_id, "hlc": stamp, "node": "feedfeedfeed", "table": table,
            "row_id": row_id, "fields": fields}


def test_a_received_contact_is_found_by_search_and_announced_as_remote(pair):
    a, b, contact = pair
    assert [c["id"] for c in search_contacts(b, "zhang")] == [contact]
    assert get_contact(b, contact)["sort_key"] == get_contact(a, contact)["sort_key"] != ""
    with write_transaction(a):
        update_row(a, "contacts", contact, {"display_name": "Wei Zhang", "city": "Osaka"})
    changes = _sync(a, b)
    assert changes.origin == REMOTE
    assert changes.rows == {"contacts": frozenset({contact})}
    assert changes.touched_fields("contacts") == {"display_name", "city"}
    assert changes.kinds["contacts"] == {"updated"}
    assert [c["id"] for c in search_contacts(b, "osaka")] == [contact]
    # Received changes are not this device's operations: nothing to undo on b.
    assert describe_undo(b) is None


def test_received_changes_keep_their_stamp_and_are_not_logged_as_local(pair):
    a, b, contact = pair
    mine = {c["change_id"]: c["hlc"] for c in export_changes(a)[0]}
    rows = b.conn.execute("SELECT change_id, hlc, op_seq FROM changes").fetchall()
    assert {change_id: hlc for change_id, hlc, _ in rows} == mine
    assert {op_id for *_, op_id in rows} == {None}
    assert export_changes(b)[0] == []  # nothing of b's own to push
    assert get_contact(b, contact)["modified"] == get_contact(a, contact)["modified"]
    # The next local write on b is stamped after everything it received.
    with write_transaction(b):
        update_row(b, "contacts", contact, {"city": "Kobe"})
    assert export_changes(b)[0][0]["hlc"] > max(mine.values())


def test_applying_the_same_changes_twice_is_a_no_op(pair):
    a, b, _ = pair
    before = dump_data(b)
    changes = _sync(a, b)
    assert changes.is_empty()
    assert dump_data(b) == before
    assert b.conn.execute("SELECT count(*) FROM changes").fetchone()[0] == len(export_changes(a)[0])


def test_the_older_of_two_concurrent_edits_loses_and_is_kept_as_a_conflict(pair):
    a, b, contact = pair
    later = b.clock.wall_ms() + 10_000
    b.clock = HybridLogicalClock(b.node_id, wall_clock=lambda: later)
    edit(a, update_row, "contacts", contact, {"city": "Osaka"})
    edit(b, update_row, "contacts", contact, {"city": "Kobe"})  # later stamp: wins
    _sync(a, b)
    _sync(b, a)
    assert get_contact(a, contact)["city"] == get_contact(b, contact)["city"] == "Kobe"
    conflicts = list_conflicts(b)
    assert [(c["table"], c["row_id"], c["field"], c["value"]) for c in conflicts] == [
        ("contacts", contact, "city", "Osaka")]
    assert conflicts[0]["losing_hlc"] < conflicts[0]["winning_hlc"]
    assert list_conflicts(a) == conflicts
    # Editing the field again, having seen both, settles it everywhere.
    edit(a, update_row, "contacts", contact, {"city": "Nara"})
    _sync(a, b)
    assert list_conflicts(a) == list_conflicts(b) == []


def test_an_edit_made_after_seeing_another_is_not_a_conflict(pair):
    a, b, contact = pair
    edit(a, update_row, "contacts", contact, {"city": "Osaka"})
    _sync(a, b)
    edit(b, update_row, "contacts", contact, {"city": "Kobe"})
    _sync(b, a)
    assert get_contact(a, contact)["city"] == "Kobe"
    assert list_conflicts(a) == list_conflicts(b) == []


def test_a_delete_concurrent_with_an_edit_leaves_the_row_deleted_with_the_edit_kept(pair):
    a, b, contact = pair
    edit(a, update_row, "contacts", contact, {"notes": "likes tea"})
    edit(b, tombstone_row, "contacts", contact)
    changes = _sync(b, a)
    assert changes.kinds["contacts"] == {"deleted"}
    _sync(a, b)
    for book in (a, b):
        row = book.conn.execute("SELECT deleted_at, notes FROM contacts WHERE id = ?", (contact,)).fetchone()
        assert row[0] is not None and row[1] == "likes tea"
    assert search_contacts(a, "zhang") == []


def test_a_change_for_a_row_whose_insert_has_not_arrived_waits_for_it():
    a, b = new_book(), new_book()
    company = edit(a, insert_row, "companies", {"name": "Huaxin", "name_key": ""})
    contact = edit(a, insert_row, "contacts", {"display_name": "Ana", "company_id": company})
    edit(a, update_row, "contacts", contact, {"city": "Porto"})
    insert_company, insert_contact, update = export_changes(a)[0]
    apply_remote_changes(b, [update])
    assert b.conn.execute("SELECT count(*) FROM contacts").fetchone()[0] == 0
    # The contact's required fields are known now, but its company has not arrived:
    # the contact is written, its reference waits (the foreign key would fail).
    apply_remote_changes(b, [insert_contact])
    assert get_contact(b, contact)["company_id"] is None
    assert b.conn.execute("SELECT field FROM pending_fields").fetchall() == [("company_id",)]
    changes = apply_remote_changes(b, [insert_company])
    assert changes.kinds == {"companies": {"inserted"}, "contacts": {"updated"}}
    row = get_contact(b, contact)
    assert (row["display_name"], row["city"], row["company_id"]) == ("Ana", "Porto", company)
    assert dump_data(a) == dump_data(b)


def test_a_row_that_requires_a_row_not_yet_arrived_waits_for_it(pair):
    a, b, contact = pair
    c = new_book()
    person = edit(c, insert_row, "contacts", {"display_name": "Ana"})
    meeting = edit(c, insert_row, "meetings", {"contact_id": person, "starts_at": "2026-11-24T09:30",
                                               "time_zone": "Asia/Shanghai"})
    insert_person, insert_meeting = export_changes(c)[0]
    apply_remote_changes(b, [insert_meeting])
    assert b.conn.execute("SELECT count(*) FROM meetings").fetchone()[0] == 0
    changes = apply_remote_changes(b, [insert_person])
    assert changes.rows == {"contacts": {person}, "meetings": {meeting}}
    assert b.conn.execute("SELECT contact_id FROM meetings").fetchall() == [(person,)]


def test_unknown_tables_and_columns_are_kept_not_refused(pair):
    a, b, contact = pair
    changes = apply_remote_changes(b, [
        _change(b, "contacts", contact, {"city": "Osaka", "nickname": "Wei"}),
        _change(b, "badges", "badge-1", {"label": "VIP"}, change_id="01900000-0000-7000-8000-000000000002"),
    ])
    assert get_contact(b, contact)["city"] == "Osaka"
    assert changes.rows == {"contacts": frozenset({contact})}
    kept = b.conn.execute("SELECT table_name, row_id, field, value FROM unknown_fields ORDER BY 1").fetchall()
    assert kept == [("badges", "badge-1", "label", '"VIP"'), ("contacts", contact, "nickname", '"Wei"')]


def test_derived_fields_sent_by_mistake_are_ignored(pair):
    a, b, contact = pair
    apply_remote_changes(b, [_change(b, "contacts", contact, {"sort_key": "zzz", "city": "Osaka"})])
    assert get_contact(b, contact)["sort_key"] == get_contact(a, contact)["sort_key"]


def test_a_change_stamped_far_in_the_future_is_held_until_the_clock_catches_up(pair):
    a, b, contact = pair
    now = b.clock.wall_ms()
    future = _change(b, "contacts", contact, {"city": "Osaka"}, wall_ms=now + MAX_CLOCK_AHEAD_MS + 60_000)
    soon = _change(b, "contacts", contact, {"notes": "ok"}, wall_ms=now + MAX_CLOCK_AHEAD_MS - 60_000,
                   change_id="01900000-0000-7000-8000-000000000002")
    apply_remote_changes(b, [future, soon])
    assert get_contact(b, contact)["city"] is None
    assert get_contact(b, contact)["notes"] == "ok"
    assert [c["change_id"] for c in list_held_changes(b)] == [future["change_id"]]
    # The clock was not dragged forward by the held change.
    assert b.clock.tick() < future["hlc"]
    b.clock = HybridLogicalClock(b.node_id, wall_clock=lambda: now + 2 * 60_000)
    changes = apply_remote_changes(b, [])
    assert changes.touched_fields("contacts") == {"city"}
    assert get_contact(b, contact)["city"] == "Osaka"
    assert list_held_changes(b) == []


def test_photos_travel_as_base64(pair):
    a, b, contact = pair
    edit(a, update_row, "contacts", contact, {"photo": b"\x89PNG\x00"})
    change = export_changes(a)[0][-1]
    assert change["fields"] == {"photo": {"$base64": "iVBORwA="}}
    json.dumps(change)  # the wire form is plain JSON
    _sync(a, b)
    assert get_contact(b, contact)["photo"] == b"\x89PNG\x00"


@pytest.mark.parametrize("broken", [
    {"hlc": "yesterday"},
    {"node": "someoneelse"},
    {"fields": ["city"]},
    {"change_id": None},
    {"hlc": "1764680000000-123456-feedfeedfeed"},   # six counter digits: text order breaks
    {"hlc": "17646800000000-00000-feedfeedfeed"},   # fourteen wall digits
    {"hlc": "+764680000000-00000-feedfeedfeed"},
    {"base": {"city": "zzz"}},                       # would sort after every stamp
    {"base": {"city": 5}},
    {"fields": {"city": {1, 2}}},                    # not JSON at all
    {"fields": {"ci\ud800ty": "Osaka"}},
])
def test_a_malformed_change_is_refused_and_nothing_is_written(pair, broken):
    a, b, contact = pair
    good = _change(b, "contacts", contact, {"city": "Osaka"}, change_id="01900000-0000-7000-8000-00000000000a")
    with pytest.raises(WireError):
        apply_remote_changes(b, [good, {**_change(b, "contacts", contact, {"city": "Kobe"}), **broken}])
    assert get_contact(b, contact)["city"] is None


def test_local_changes_get_unique_ids_and_base_clocks(pair):
    a, _, contact = pair
    edit(a, update_row, "contacts", contact, {"city": "Osaka"})
    edit(a, update_row, "contacts", contact, {"city": "Kobe"})
    changes = export_changes(a)[0]
    assert len({c["change_id"] for c in changes}) == len(changes)
    assert changes[-1]["base"] == {"city": changes[-2]["hlc"]}
    page, cursor = export_changes(a, limit=2)
    assert len(page) == 2 and export_changes(a, cursor)[0] == changes[2:]


def test_migration_gives_existing_changes_ids_and_field_clocks():
    conn = sqlite3.connect(":memory:")
    db = FairmateDatabase(conn)
    MIGRATIONS.apply(db, stop_before="0007_receive_changes")
    first, second = "1700000000000-00000-aaaaaaaaaaaa", "1700000000001-00000-aaaaaaaaaaaa"
    conn.executemany("INSERT INTO changes(hlc, table_name, row_id, fields) VALUES (?, 'contacts', 'c1', ?)",
                     [(first, '{"display_name":"Ana","city":"Porto"}'), (second, '{"city":"Lisbon"}')])
    conn.commit()
    MIGRATIONS.apply(db)
    rows = conn.execute("SELECT change_id, base_clocks FROM changes ORDER BY seq").fetchall()
    assert rows[0][0] != rows[1][0] and None not in (rows[0][0], rows[1][0])
    assert [json.loads(r[1]) if r[1] else None for r in rows] == [None, {"city": first}]
    assert conn.execute("SELECT field, hlc, seen_hlc FROM field_clocks ORDER BY field").fetchall() == [
        ("city", second, first), ("display_name", first, None)]


def test_concurrent_writes_of_the_same_value_are_not_shown_as_conflicts(pair):
    a, b, contact = pair
    c = new_book()
    _sync(a, c)
    later = b.clock.wall_ms() + 10_000
    b.clock = HybridLogicalClock(b.node_id, wall_clock=lambda: later)
    c.clock = HybridLogicalClock(c.node_id, wall_clock=lambda: later + 10_000)
    edit(a, update_row, "contacts", contact, {"stage": "partner"})
    edit(b, update_row, "contacts", contact, {"stage": "partner"})
    _sync(a, b)
    assert list_conflicts(b) == []
    # Kept all the same: a third device's later value, written without seeing
    # either, makes both of them losers that differ from the winner.
    edit(c, update_row, "contacts", contact, {"stage": "rapport"})
    apply_remote_changes(b, export_changes(c)[0])
    assert get_contact(b, contact)["stage"] == "rapport"
    assert [(x["field"], x["value"]) for x in list_conflicts(b)] == [("stage", "partner")] * 2


def test_values_this_schema_refuses_are_kept_not_a_crash(pair):
    a, b, contact = pair
    apply_remote_changes(b, [
        _change(b, "contacts", contact, {"trust_path": "cousin", "city": "Osaka"}),
        _change(b, "commitments", "promise-1", {"created_at": "2026-12-01T10:00:00+00:00", "contact_id": contact,
                                                "description": "samples", "owed_by": "both"},
                change_id="01900000-0000-7000-8000-000000000002"),
    ])
    row = get_contact(b, contact)
    assert (row["trust_path"], row["city"]) == ("direct", "Osaka")
    assert sorted(b.conn.execute("SELECT field, value FROM unknown_fields").fetchall()) == [
        ("owed_by", '"both"'), ("trust_path", '"cousin"')]
    # The promise waits for a value of owed_by this version can take.
    assert b.conn.execute("SELECT count(*) FROM commitments").fetchone()[0] == 0
    assert b.conn.execute("SELECT count(*) FROM pending_fields WHERE row_id = 'promise-1'").fetchone()[0] == 3


BAD_CONTACT_VALUES = [
    ("city", {"a": 1}), ("city", [1, 2]), ("city", 2 ** 70), ("city", float("nan")), ("city", "Os\ud800ka"),
    ("city", 5), ("photo", {"$base64": 5}), ("photo", {"$base64": "!!!"}), ("photo", "notbytes"),
    ("emails", "not json"), ("emails", None), ("emails", '["not an email"]'), ("emails", '{"value": "a@b.de"}'),
    ("phones", 5), ("phones", '[{"value": "12"}]'), ("tags", '[[1],{"x":2}]'), ("languages", '{"a":1}'),
    ("addresses", '[1]'), ("extras", '["x"]'), ("stage", "hacked"), ("trust_path", "cousin"),
    ("time_zone", "Mars/Olympus"), ("country", "ZZZZ"), ("met_on", "yesterday"), ("birthday", "soon"),
    ("consent_given_at", "2026-11-23T14:05"), ("display_name", ""), ("display_name", None),
    ("company_id", ""), ("created_at", "garbage"), ("created_at", None), ("created_at", "2026-11-23T14:05:00Z"),
    ("deleted_at", ""), ("deleted_at", 0), ("deleted_at", "2026-11-23 14:05:00+00:00"),
]


@pytest.mark.parametrize("name, bad", BAD_CONTACT_VALUES)
def test_a_value_a_field_cannot_take_is_kept_and_the_rest_is_applied(pair, name, bad):
    a, b, contact = pair
    before = b.conn.execute(f"SELECT {name} FROM contacts WHERE id = ?", (contact,)).fetchone()[0]
    apply_remote_changes(b, [
        _change(b, "contacts", contact, {name: bad, "notes": "tea"}),
        _change(b, "contacts", contact, {"job_title": "CEO"}, change_id="01900000-0000-7000-8000-000000000002"),
    ])
    row = b.conn.execute(f"SELECT {name}, notes, job_title FROM contacts WHERE id = ?", (contact,)).fetchone()
    assert row == (before, "tea", "CEO")
    [kept] = list_unapplied_values(b)
    assert (kept["table"], kept["row_id"], kept["field"]) == ("contacts", contact, name)
    assert kept["value"] == bad or bad != bad  # NaN is kept, but is not equal to itself
    assert kept["reason"]
    # The field's clock did not move: the value it holds is still the one it had.
    assert b.conn.execute("SELECT count(*) FROM field_clocks WHERE row_id = ? AND field = ? AND hlc >= ?",
                          (contact, name, kept["hlc"])).fetchone()[0] == 0
    # Nothing else broke: the contact is found, listed and can be read.
    assert [c["id"] for c in search_contacts(b, "zhang")] == [contact]
    assert get_contact(b, contact)["job_title"] == "CEO"


def test_a_refused_value_does_not_win_so_arrival_order_does_not_matter(pair):
    a, b, contact = pair
    c = new_book()
    _sync(a, c)
    now = b.clock.wall_ms()
    good = _change(b, "contacts", contact, {"stage": "partner"}, wall_ms=now + 1000)
    bad = _change(b, "contacts", contact, {"stage": "hacked"}, wall_ms=now + 2000,
                  change_id="01900000-0000-7000-8000-000000000002")
    apply_remote_changes(b, [good])
    apply_remote_changes(b, [bad])
    apply_remote_changes(c, [bad])
    apply_remote_changes(c, [good])
    assert get_contact(b, contact)["stage"] == get_contact(c, contact)["stage"] == "partner"
    # "met" lost to "partner" (concurrent), never to the refused value.
    assert [x["winning_hlc"] for x in list_conflicts(b)] == [good["hlc"]]
    assert list_conflicts(b) == list_conflicts(c)
    assert dump_data(b) == dump_data(c)


def test_a_new_row_with_a_refused_required_value_waits_for_a_good_one(pair):
    a, b, contact = pair
    now = b.clock.wall_ms()
    row = "01900000-0000-7000-8000-0000000000ff"
    apply_remote_changes(b, [_change(b, "contacts", row, {"display_name": {"x": 1}, "created_at": "2020"},
                                     wall_ms=now)])
    assert get_contact(b, row) is None
    assert {v["field"] for v in list_unapplied_values(b)} == {"display_name", "created_at"}
    apply_remote_changes(b, [_change(b, "contacts", row, {"display_name": "Ana",
                                                          "created_at": "2026-11-23T14:05:00+00:00"},
                                     wall_ms=now - 1000, change_id="01900000-0000-7000-8000-000000000002")])
    assert get_contact(b, row)["display_name"] == "Ana"
    assert b.conn.execute("SELECT count(*) FROM pending_fields").fetchone()[0] == 0


def test_every_value_a_local_write_stores_is_taken_by_another_device():
    a, b = new_book(), new_book()
    with write_transaction(a):
        add_contact(a, display_name="Zhang Wei", native_name="张伟", country="CN", company="Huaxin",
                    emails=[{"value": "Wei@Example.COM", "label": "work"}], phones=["+86 10 1234 5678"],
                    languages=["zh", "en"], tags=["tea", " vip "], time_zone="Asia/Shanghai", met_on="2026-11-20",
                    stage="partner", trust_path="intermediary", consent_given_at="2026-11-20T10:00+08:00",
                    addresses=[{"label": "work", "city": "Beijing", "country": "CN"}],
                    urls=["https://example.com"], birthday="--05-23", geo="39.9,116.4", photo=b"\x89PNG",
                    extras=[{"name": "x-custom", "params": {"type": ["a"]}, "value": "1"}], notes="likes tea")
    _sync(a, b)
    assert list_unapplied_values(b) == []
    assert dump_data(a) == dump_data(b)


def test_store_checks_hold_without_any_registered_check():
    # companies has no check of its owner: the store's own ones still apply.
    assert check_value("companies", "name", 2 ** 63) and check_value("companies", "name", 2 ** 63 - 1) is None
    assert check_value("companies", "name", None, nullable=False)
    assert check_value("companies", "name", True) is None
    assert check_value("companies", "name", {"$base64": "iVBORwA="}) is None
    assert check_value("companies", "name", {"$base64": "iVBORwA=", "x": 1})
    assert check_value("companies", "name", float("inf"))
    assert check_value("companies", "deleted_at", "2026-11-23T14:05:00+00:00") is None
    assert check_value("companies", "deleted_at", "2026-02-30T14:05:00+00:00")


def test_unknown_tables_and_fields_are_listed_with_why(pair):
    a, b, contact = pair
    apply_remote_changes(b, [
        _change(b, "contacts", contact, {"nickname": "Wei", "stage": "hacked"}),
        _change(b, "badges", "badge-1", {"label": "VIP"}, change_id="01900000-0000-7000-8000-000000000002"),
    ])
    reasons = {(v["table"], v["field"]): v["reason"] for v in list_unapplied_values(b)}
    assert reasons[("badges", "label")] == "unknown table"
    assert reasons[("contacts", "nickname")] == "unknown field"
    assert "stage" in reasons[("contacts", "stage")]
    assert [v["field"] for v in list_unapplied_values(b, table="contacts", row_id=contact)] == ["nickname", "stage"]


def test_a_promise_owed_by_nobody_is_refused_with_a_reason(pair):
    from core.store.receive import list_unapplied_values

    a, b, contact = pair
    change = _change(b, "commitments", "p-1", {"contact_id": contact, "description": "Send samples",
                                                "owed_by": "nobody", "created_at": "2026-12-01T00:00:00+00:00"})
    apply_remote_changes(b, [change])
    assert [(u["field"], u["reason"]) for u in list_unapplied_values(b, table="commitments")] == [
        ("owed_by", "a promise is owed by us or by them")]
