"""History added to a contact deleted elsewhere: every book, the writers included, holds the same conflict."""

from __future__ import annotations

import pytest

from core.store.receive import apply_remote_changes
from core.store.records import insert_row, insert_rows, restore_row, tombstone_row, tombstone_rows, update_rows
from core.store.wire import export_changes
from tests.receive_books import dump_data, edit, new_book

HISTORY = {
    "commitments": {"description": "send samples", "owed_by": "us"},
    "interactions": {"kind": "meeting", "occurred_at": "2026-12-01T10:00:00+00:00", "summary": "500 units"},
    "follow_ups": {"due_at": "2026-12-09T09:00:00+00:00"},
}


def send(source, target):
    apply_remote_changes(target, export_changes(source, local_only=False)[0])


def exchange(books):
    for source in books:
        for target in books:
            if source is not target:
                send(source, target)


def entries(db, contact):
    return db.conn.execute("SELECT losing_hlc, losing_value, winning_hlc FROM conflicts WHERE table_name = 'contacts' "
                           "AND row_id = ? AND field = 'deleted_at' ORDER BY 1", (contact,)).fetchall()


def start():
    """Anna's book creates Ana and shares her with Ben's and Chen's."""
    anna, ben, chen = new_book(), new_book(), new_book()
    contact = edit(anna, insert_row, "contacts", {"display_name": "Ana"})
    send(anna, ben)
    send(anna, chen)
    return anna, ben, chen, contact


def assert_same_everywhere(books, contact):
    """Every writer and a book receiving everything, in the order changes were stamped, agree."""
    changes = {c["change_id"]: c for db in books for c in export_changes(db)[0]}
    fresh = new_book()
    apply_remote_changes(fresh, sorted(changes.values(), key=lambda c: c["hlc"]))
    expected = dump_data(fresh)
    for db in books:
        assert dump_data(db) == expected, db.node_id
    return entries(fresh, contact)


@pytest.mark.parametrize("table", sorted(HISTORY))
def test_history_added_after_receiving_the_delete_is_a_conflict_on_the_writers_book_too(table):
    anna, ben, chen, contact = start()
    edit(anna, tombstone_row, "contacts", contact)
    send(anna, ben)  # Ben's book holds the delete, then a promise is added to the deleted contact there.
    edit(ben, insert_row, table, {"contact_id": contact, **HISTORY[table]})
    assert len(entries(ben, contact)) == 1, "the writer's book hides the entry without a word"
    exchange([anna, ben, chen])
    assert len(assert_same_everywhere([anna, ben, chen], contact)) == 1


@pytest.mark.parametrize("table", sorted(HISTORY))
def test_history_added_before_the_delete_arrives_is_a_conflict_on_every_book(table):
    anna, ben, chen, contact = start()
    edit(anna, tombstone_row, "contacts", contact)
    edit(ben, insert_row, table, {"contact_id": contact, **HISTORY[table]})
    exchange([anna, ben, chen])
    assert len(assert_same_everywhere([anna, ben, chen], contact)) == 1


def test_the_delete_arriving_before_the_contact_gives_the_same_entry():
    anna, ben, chen, contact = start()
    edit(anna, tombstone_row, "contacts", contact)
    send(anna, ben)
    edit(ben, insert_row, "commitments", {"contact_id": contact, **HISTORY["commitments"]})
    exchange([anna, ben, chen])
    changes = {c["change_id"]: c for db in (anna, ben) for c in export_changes(db)[0]}
    ordered = sorted(changes.values(), key=lambda c: c["hlc"], reverse=True)  # the delete, then the creation
    cut = new_book()
    for change in ordered:
        apply_remote_changes(cut, [change])
    assert dump_data(cut) == dump_data(ben)
    assert len(entries(cut, contact)) == 1


def test_deleting_the_promise_or_restoring_the_contact_settles_the_entry_everywhere():
    anna, ben, chen, contact = start()
    edit(anna, tombstone_row, "contacts", contact)
    send(anna, ben)
    promise = edit(ben, insert_row, "commitments", {"contact_id": contact, **HISTORY["commitments"]})
    edit(ben, insert_row, "interactions", {"contact_id": contact, **HISTORY["interactions"]})
    exchange([anna, ben, chen])
    assert len(assert_same_everywhere([anna, ben, chen], contact)) == 2
    edit(ben, tombstone_row, "commitments", promise)
    assert len(entries(ben, contact)) == 1
    exchange([anna, ben, chen])
    assert len(assert_same_everywhere([anna, ben, chen], contact)) == 1
    edit(ben, restore_row, "commitments", promise)
    exchange([anna, ben, chen])
    assert len(assert_same_everywhere([anna, ben, chen], contact)) == 2
    edit(chen, restore_row, "contacts", contact)
    exchange([anna, ben, chen])
    assert assert_same_everywhere([anna, ben, chen], contact) == []


def test_history_added_by_the_deleting_book_itself_is_no_conflict():
    anna, ben, chen, contact = start()
    edit(anna, tombstone_row, "contacts", contact)
    edit(anna, insert_row, "commitments", {"contact_id": contact, **HISTORY["commitments"]})
    exchange([anna, ben, chen])
    assert assert_same_everywhere([anna, ben, chen], contact) == []


def test_bulk_writes_keep_the_same_entries_as_single_ones():
    anna, ben, chen, contact = start()
    other = edit(anna, insert_row, "contacts", {"display_name": "Zhang Wei"})
    send(anna, ben)
    edit(anna, tombstone_row, "contacts", contact)
    send(anna, ben)
    # Ben's book: many rows at once (an import, undoing demo data), one written on the deleted contact.
    promises = edit(ben, insert_rows, "commitments",
                    [{"contact_id": c, **HISTORY["commitments"]} for c in (other, contact, other)])
    assert len(entries(ben, contact)) == 1
    exchange([anna, ben, chen])
    assert len(assert_same_everywhere([anna, ben, chen], contact)) == 1
    edit(ben, tombstone_rows, "commitments", promises)
    assert entries(ben, contact) == []
    moved = edit(ben, insert_row, "commitments", {"contact_id": other, **HISTORY["commitments"]})
    edit(ben, update_rows, "commitments", [(moved, {"contact_id": contact})])  # moved onto the deleted one
    assert len(entries(ben, contact)) == 1
    exchange([anna, ben, chen])
    assert len(assert_same_everywhere([anna, ben, chen], contact)) == 1
