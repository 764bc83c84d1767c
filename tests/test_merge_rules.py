"""Sync merge rules: lists merged element by element, a delete against a concurrent edit kept as a conflict."""

from __future__ import annotations

import json

from core.store.receive import apply_kept_values, apply_remote_changes, list_conflicts, list_unapplied_values
from core.store.records import confirm_fields, fetch_row, insert_row, restore_row, tombstone_row, update_row
from core.store.wire import export_changes, read_change
from tests.receive_books import dump_data, edit, new_book

PHONE = {"value": "+493012345670", "label": "work"}


def _phone(n: int, label: str = "work") -> dict:
    return {"value": f"+49301234567{n}", "label": label}


def _exchange(*books):
    """Every book gets every other book's changes (as a server would pass them on)."""
    for source in books:
        for target in books:
            if source is not target:
                apply_remote_changes(target, export_changes(source, local_only=False)[0])


def _two_books_sharing_a_contact(**fields):
    first, second = new_book(), new_book()
    row = edit(first, insert_row, "contacts", {"display_name": "Zhang Wei", **fields})
    _exchange(first, second)
    return first, second, row


def _phones(db, row):
    return json.loads(fetch_row(db, "contacts", row, include_deleted=True)["phones"])


def test_two_devices_adding_different_numbers_keep_both_in_the_same_order():
    first, second, row = _two_books_sharing_a_contact(phones=json.dumps([PHONE]))
    edit(first, update_row, "contacts", row, {"phones": json.dumps([PHONE, _phone(1)])})
    edit(second, update_row, "contacts", row, {"phones": json.dumps([PHONE, _phone(2, "mobile")])})
    _exchange(first, second)
    assert _phones(first, row) == _phones(second, row)
    assert {p["value"] for p in _phones(first, row)} == {PHONE["value"], _phone(1)["value"], _phone(2)["value"]}
    assert list_conflicts(first) == [] and list_conflicts(second) == []
    assert dump_data(first) == dump_data(second)


def test_a_number_removed_on_one_device_stays_removed_while_the_other_adds_one():
    first, second, row = _two_books_sharing_a_contact(phones=json.dumps([PHONE, _phone(1)]))
    edit(first, update_row, "contacts", row, {"phones": json.dumps([_phone(1)])})
    edit(second, update_row, "contacts", row, {"phones": json.dumps([PHONE, _phone(1), _phone(2)])})
    _exchange(first, second)
    assert _phones(first, row) == _phones(second, row) == [_phone(1), _phone(2)]


def test_tags_from_both_devices_and_a_relabel_merge_without_a_conflict():
    first, second, row = _two_books_sharing_a_contact(tags=json.dumps(["tea"]), phones=json.dumps([PHONE]))
    edit(first, update_row, "contacts", row, {"tags": json.dumps(["tea", "fair"])})
    edit(second, update_row, "contacts", row, {"tags": json.dumps(["tea", "vip"]),
                                               "phones": json.dumps([{**PHONE, "label": "mobile"}])})
    _exchange(first, second)
    tags = json.loads(fetch_row(first, "contacts", row)["tags"])
    assert sorted(tags) == ["fair", "tea", "vip"]
    assert _phones(first, row) == _phones(second, row) == [{**PHONE, "label": "mobile"}]
    assert dump_data(first) == dump_data(second)


def test_a_list_change_carries_the_list_it_replaced_and_a_new_row_does_not():
    book = new_book()
    row = edit(book, insert_row, "contacts", {"display_name": "Ana", "phones": json.dumps([PHONE])})
    edit(book, update_row, "contacts", row, {"phones": json.dumps([]), "city": "Osaka"})
    created, updated = export_changes(book)[0][-2:]
    assert "replaced" not in created
    assert updated["replaced"] == {"phones": json.dumps([PHONE], ensure_ascii=False)}
    assert read_change(updated)["replaced"] == updated["replaced"]


def test_a_book_from_before_element_clocks_merges_like_one_that_received_the_whole_log():
    first, second, row = _two_books_sharing_a_contact(phones=json.dumps([PHONE]))
    edit(first, update_row, "contacts", row, {"phones": json.dumps([PHONE, _phone(1)])})
    edit(first, update_row, "contacts", row, {"phones": json.dumps([_phone(1)])})
    # As if these writes were made by a version without element clocks.
    first.conn.execute("DELETE FROM element_clocks")
    edit(second, update_row, "contacts", row, {"phones": json.dumps([PHONE, _phone(2)])})
    _exchange(first, second)
    assert _phones(first, row) == _phones(second, row)
    assert sorted(p["value"] for p in _phones(first, row)) == [_phone(1)["value"], _phone(2)["value"]]
    assert dump_data(first) == dump_data(second)


def test_a_delete_against_a_concurrent_edit_keeps_the_row_deleted_with_the_edit_and_says_so():
    first, second, row = _two_books_sharing_a_contact(city="Berlin")
    edit(first, tombstone_row, "contacts", row)
    edit(second, update_row, "contacts", row, {"city": "Osaka"})
    _exchange(first, second)
    for book in (first, second):
        kept = fetch_row(book, "contacts", row, include_deleted=True)
        assert kept["deleted_at"] is not None and kept["city"] == "Osaka"
        [conflict] = list_conflicts(book, row_id=row)
        assert conflict["field"] == "deleted_at" and conflict["value"] is None
    assert dump_data(first) == dump_data(second)
    # Restored on one device: back with the edit everywhere, and the conflict settled.
    edit(first, restore_row, "contacts", row)
    _exchange(first, second)
    for book in (first, second):
        assert fetch_row(book, "contacts", row)["city"] == "Osaka"
        assert list_conflicts(book, row_id=row) == []
    assert dump_data(first) == dump_data(second)


def test_a_delete_after_seeing_the_edit_is_no_conflict():
    first, second, row = _two_books_sharing_a_contact(city="Berlin")
    edit(second, update_row, "contacts", row, {"city": "Osaka"})
    _exchange(first, second)
    edit(first, tombstone_row, "contacts", row)
    _exchange(first, second)
    for book in (first, second):
        assert fetch_row(book, "contacts", row) is None
        assert list_conflicts(book) == []


def test_deleting_again_settles_the_conflict():
    first, second, row = _two_books_sharing_a_contact(city="Berlin")
    edit(first, tombstone_row, "contacts", row)
    edit(second, update_row, "contacts", row, {"city": "Osaka"})
    _exchange(first, second)
    assert list_conflicts(second, row_id=row)
    edit(second, restore_row, "contacts", row)
    edit(second, tombstone_row, "contacts", row)
    _exchange(first, second)
    assert list_conflicts(first) == [] and list_conflicts(second) == []
    assert dump_data(first) == dump_data(second)


def test_a_newer_devices_field_is_applied_once_an_update_adds_its_column():
    first, second, row = _two_books_sharing_a_contact(city="Berlin")
    stamp = second.clock.tick()
    change = {"change_id": "01a2-future", "hlc": stamp, "node": second.node_id, "table": "contacts",
              "row_id": row, "fields": {"pronouns": "she/her", "city": "Osaka"}}
    apply_remote_changes(first, [change])
    assert [v["field"] for v in list_unapplied_values(first)] == ["pronouns"]
    assert apply_kept_values(first).rows == {}  # nothing this version can take yet
    # The update's migration adds the column; the kept value is then applied with its own stamp.
    first.conn.execute("ALTER TABLE contacts ADD COLUMN pronouns TEXT")
    changes = apply_kept_values(first)
    assert changes.touches("contacts")
    row_now = fetch_row(first, "contacts", row)
    assert (row_now["pronouns"], row_now["city"]) == ("she/her", "Osaka")
    assert list_unapplied_values(first) == []


def test_keeping_the_value_shown_settles_the_conflict_on_every_device():
    first, second, row = _two_books_sharing_a_contact(city="Berlin")
    edit(first, update_row, "contacts", row, {"city": "Osaka"})
    edit(second, update_row, "contacts", row, {"city": "Kyoto"})
    _exchange(first, second)
    assert list_conflicts(first) and list_conflicts(second)
    edit(first, confirm_fields, "contacts", row, ["city"])
    _exchange(first, second)
    assert list_conflicts(first) == [] and list_conflicts(second) == []
    assert dump_data(first) == dump_data(second)


def test_keeping_a_delete_settles_the_edit_it_lost_on_every_device():
    first, second, row = _two_books_sharing_a_contact(city="Berlin")
    edit(first, tombstone_row, "contacts", row)
    edit(second, update_row, "contacts", row, {"city": "Osaka"})
    _exchange(first, second)
    assert list_conflicts(second, row_id=row)
    edit(second, confirm_fields, "contacts", row, ["deleted_at"])
    _exchange(first, second)
    assert list_conflicts(first) == [] and list_conflicts(second) == []
    assert fetch_row(first, "contacts", row) is None
    assert dump_data(first) == dump_data(second)
