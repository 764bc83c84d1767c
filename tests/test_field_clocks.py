"""Implicit field clocks: a row never changed since it was created stores none, and means the same."""

import json
import sqlite3

from core.book.contacts import add_contact, update_contact
from core.store.db import FairmateDatabase
from core.store.field_clocks import fold_field_clocks, list_field_clocks
from core.store.ids import HybridLogicalClock
from core.store.migrations import MIGRATIONS
from core.store.receive import apply_remote_changes
from core.store.wire import export_changes
from tests.receive_books import dump_data, new_book


def _stored(db, row_id):
    return db.conn.execute("SELECT field, hlc, seen_hlc FROM field_clocks WHERE row_id = ? ORDER BY field",
                           (row_id,)).fetchall()


def _created(db, row_id):
    return db.conn.execute("SELECT hlc FROM changes WHERE row_id = ? ORDER BY seq LIMIT 1", (row_id,)).fetchone()[0]


def test_a_new_contact_stores_no_clock_and_has_its_creation_stamp_for_each_written_field(fresh_db):
    contact = add_contact(fresh_db, display_name="Ana Lima", city="Porto")
    assert _stored(fresh_db, contact) == []
    created = _created(fresh_db, contact)
    clocks = list_field_clocks(fresh_db.conn, "contacts", contact)
    assert clocks["display_name"] == clocks["city"] == clocks["created_at"] == (created, None)
    assert "deleted_at" not in clocks and "sort_key" not in clocks and "modified" not in clocks


def test_an_edit_stores_every_clock_of_the_row_the_untouched_ones_with_the_creation_stamp(fresh_db):
    contact = add_contact(fresh_db, display_name="Ana Lima", city="Porto")
    before = list_field_clocks(fresh_db.conn, "contacts", contact)
    update_contact(fresh_db, contact, city="Lisbon")
    stored = {name: (hlc, seen) for name, hlc, seen in _stored(fresh_db, contact)}
    assert stored.keys() == before.keys()
    assert stored["display_name"] == before["display_name"]
    assert stored["city"][0] > before["city"][0] and stored["city"][1] == before["city"][0]
    logged_base = fresh_db.conn.execute("SELECT base_clocks FROM changes WHERE row_id = ? ORDER BY seq DESC",
                                        (contact,)).fetchone()[0]
    assert before["city"][0] in logged_base  # the edit names the implicit clock it overwrote


def test_a_received_new_row_stores_no_clock_and_its_edit_converges_with_the_writer():
    a, b = new_book(), new_book()
    contact = add_contact(a, display_name="Ana Lima", city="Porto")
    apply_remote_changes(b, export_changes(a)[0])
    assert _stored(b, contact) == []
    update_contact(a, contact, city="Lisbon")
    apply_remote_changes(b, export_changes(a)[0])
    assert _stored(b, contact) == _stored(a, contact) != []
    assert dump_data(a) == dump_data(b)


def _book_before_0014():
    conn = sqlite3.connect(":memory:")
    db = FairmateDatabase(conn)
    MIGRATIONS.apply(db, stop_before="0014_implicit_field_clocks")
    db.path, db.node_id = None, "aaaaaaaaaaaa"
    db.clock = HybridLogicalClock(db.node_id)
    return db


def test_the_migration_drops_stored_clocks_equal_to_the_implicit_ones_and_keeps_the_others():
    db = _book_before_0014()
    plain = add_contact(db, display_name="Ana Lima", city="Porto")
    edited = add_contact(db, display_name="Bo Chen", city="Xi'an")
    update_contact(db, edited, city="Beijing")
    # What an older version stored for the contact never edited: every written field, its creation stamp.
    created = _created(db, plain)
    db.conn.executemany("INSERT INTO field_clocks(table_name, row_id, field, hlc) VALUES ('contacts', ?, ?, ?)",
                        [(plain, name, created) for name in json.loads(db.conn.execute(
                            "SELECT fields FROM changes WHERE row_id = ?", (plain,)).fetchone()[0])])
    db.conn.commit()
    before = {row_id: list_field_clocks(db.conn, "contacts", row_id) for row_id in (plain, edited)}
    kept = _stored(db, edited)
    MIGRATIONS.apply(db)
    assert _stored(db, plain) == [] and _stored(db, edited) == kept
    assert {row_id: list_field_clocks(db.conn, "contacts", row_id) for row_id in (plain, edited)} == before


def test_stored_clocks_unlike_the_creation_are_not_folded(fresh_db):
    contact = add_contact(fresh_db, display_name="Ana Lima", city="Porto")
    created = _created(fresh_db, contact)
    # A creation received with a base (the field had been seen) keeps its clocks stored.
    fresh_db.conn.executemany(
        "INSERT INTO field_clocks(table_name, row_id, field, hlc, seen_hlc) VALUES ('contacts', ?, ?, ?, ?)",
        [(contact, "created_at", created, None), (contact, "display_name", created, None),
         (contact, "city", created, "1700000000000-00000-bbbbbbbbbbbb")])
    assert fold_field_clocks(fresh_db.conn, "contacts") == 0
    assert len(_stored(fresh_db, contact)) == 3
