"""Implicit field clocks: a row never changed since it was created stores none, and means the same."""

import json
import sqlite3

from core.book.contacts import add_contact, update_contact
from core.store.db import FairmateDatabase
from core.store.field_clocks import NOT_CLOCKED, fold_field_clocks, list_field_clocks
from core.store.ids import HybridLogicalClock
from core.store.migrations import MIGRATIONS, implicit_field_clocks
from core.store.receive import apply_remote_changes
from core.store.records import DERIVED_FIELDS
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


def test_an_edit_stores_the_creation_stamp_once_and_the_changed_field_untouched_ones_stay_implicit(fresh_db):
    contact = add_contact(fresh_db, display_name="Ana Lima", city="Porto")
    before = list_field_clocks(fresh_db.conn, "contacts", contact)
    created = _created(fresh_db, contact)
    update_contact(fresh_db, contact, city="Lisbon")
    stored = {name: (hlc, seen) for name, hlc, seen in _stored(fresh_db, contact)}
    assert stored.keys() == {"", "city"} and stored[""] == (created, None)
    assert stored["city"][0] > created and stored["city"][1] == created
    after = list_field_clocks(fresh_db.conn, "contacts", contact)
    assert after == {**before, "city": stored["city"]}
    logged_base = fresh_db.conn.execute("SELECT base_clocks FROM changes WHERE row_id = ? ORDER BY seq DESC",
                                        (contact,)).fetchone()[0]
    assert json.loads(logged_base) == {"city": created}  # the edit names the implicit clock it overwrote


def test_a_received_new_row_stores_no_clock_and_its_edit_converges_with_the_writer():
    a, b = new_book(), new_book()
    contact = add_contact(a, display_name="Ana Lima", city="Porto")
    apply_remote_changes(b, export_changes(a)[0])
    assert _stored(b, contact) == []
    update_contact(a, contact, city="Lisbon")
    apply_remote_changes(b, export_changes(a)[0])
    assert _stored(b, contact) == _stored(a, contact) != []
    update_contact(b, contact, display_name="Ana Lima Souza", city="Coimbra")
    apply_remote_changes(a, export_changes(b)[0])
    assert dump_data(a) == dump_data(b)


def _book_before_0014():
    # Today's writes need today's tables (later migrations changed the log and the duplicate
    # keys): the book is whole, the clocks an older version stored are put back by each test
    # and the migration's step is run again (``implicit_field_clocks``).
    conn = sqlite3.connect(":memory:")
    db = FairmateDatabase(conn)
    MIGRATIONS.apply(db)
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
    implicit_field_clocks(db)
    assert _stored(db, plain) == [] and _stored(db, edited) == kept
    assert {row_id: list_field_clocks(db.conn, "contacts", row_id) for row_id in (plain, edited)} == before


def test_the_migration_keeps_a_marker_and_the_changed_clocks_of_a_row_changed_since_its_creation():
    db = _book_before_0014()
    contact = add_contact(db, display_name="Ana Lima", city="Porto")
    update_contact(db, contact, city="Lisbon")
    # An older version stored every clock: the creation's, then the edit's.
    full = list_field_clocks(db.conn, "contacts", contact)
    db.conn.execute("DELETE FROM field_clocks")
    db.conn.executemany("INSERT INTO field_clocks(table_name, row_id, field, hlc, seen_hlc) "
                        "VALUES ('contacts', ?, ?, ?, ?)", [(contact, name, *clock) for name, clock in full.items()])
    db.conn.commit()
    implicit_field_clocks(db)
    assert [name for name, _, _ in _stored(db, contact)] == ["", "city"]
    assert list_field_clocks(db.conn, "contacts", contact) == full


def test_a_stored_clock_unlike_the_creation_stays_and_the_others_fold_behind_a_marker(fresh_db):
    contact = add_contact(fresh_db, display_name="Ana Lima", city="Porto")
    created = _created(fresh_db, contact)
    seen = "1700000000000-00000-bbbbbbbbbbbb"
    # A creation received with a base (the field had been seen elsewhere) stores its clocks.
    names = list_field_clocks(fresh_db.conn, "contacts", contact)
    fresh_db.conn.executemany(
        "INSERT INTO field_clocks(table_name, row_id, field, hlc, seen_hlc) VALUES ('contacts', ?, ?, ?, ?)",
        [(contact, name, created, seen if name == "city" else None) for name in names])
    before = list_field_clocks(fresh_db.conn, "contacts", contact)
    assert fold_field_clocks(fresh_db.conn, "contacts") == len(names) - 1
    assert _stored(fresh_db, contact) == [("", created, None), ("city", created, seen)]
    assert list_field_clocks(fresh_db.conn, "contacts", contact) == before


def test_clocks_are_not_folded_where_a_field_the_creation_wrote_has_none(fresh_db):
    contact = add_contact(fresh_db, display_name="Ana Lima", city="Porto")
    created = _created(fresh_db, contact)
    # Received field by field, a refused value has no clock: only the stored ones count.
    fresh_db.conn.executemany(
        "INSERT INTO field_clocks(table_name, row_id, field, hlc) VALUES ('contacts', ?, ?, ?)",
        [(contact, "created_at", created), (contact, "display_name", created)])
    assert fold_field_clocks(fresh_db.conn, "contacts") == 0
    assert len(_stored(fresh_db, contact)) == 2


def test_a_new_contact_stores_no_element_clock_and_its_first_list_edit_replays_the_creation(fresh_db):
    contact = add_contact(fresh_db, display_name="Ana Lima", phones=["+351 21 000 0000"])
    assert fresh_db.conn.execute("SELECT count(*) FROM element_clocks").fetchone()[0] == 0
    update_contact(fresh_db, contact, phones=["+351 21 000 0000", "+351 91 000 0000"])
    rows = fresh_db.conn.execute("SELECT element_key, hlc FROM element_clocks ORDER BY hlc").fetchall()
    created = _created(fresh_db, contact)
    assert [hlc for _, hlc in rows][0] == created and len(rows) == 2 and rows[1][1] > created


def test_the_fields_never_clocked_are_those_receiving_never_applies():
    assert NOT_CLOCKED == DERIVED_FIELDS | {"id", "modified"}
