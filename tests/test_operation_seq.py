"""Changes name their operation by its seq (``op_seq``), not its 36-character id (issue 15)."""

from __future__ import annotations

from sqlite_utils import Database

from core.book.contacts import add_contact, get_contact
from core.book.erasure import erase_contact
from core.book.settings import HOME_TIME_ZONE, set_setting
from core.store.db import open_database
from core.store.migrations import MIGRATIONS
from core.store.undo import NothingToUndo, undo_last_operation


def _op_seqs(db):
    return db.conn.execute("SELECT op_seq FROM changes ORDER BY seq").fetchall()


def test_an_older_books_operation_ids_become_seqs_and_undo_still_finds_them(tmp_path):
    path = tmp_path / "old.db"
    old = Database(path)
    MIGRATIONS.apply(old, stop_before="0017_operation_seq")
    old.conn.executescript("""
    INSERT INTO contacts(id, created_at, modified, display_name, sort_key)
        VALUES ('c1', '2026-01-01T00:00:00+00:00', '0000000000001-00000-node', 'Anna', 'anna');
    INSERT INTO operations(id, label, origin, created_at) VALUES ('op-1', 'Add contact', 'local', '2026-01-01');
    INSERT INTO changes(change_id, hlc, table_name, row_id, fields, op_id) VALUES
        ('k1', '0000000000001-00000-node', 'contacts', 'c1', '{"display_name":"Anna"}', 'op-1'),
        ('k2', '0000000000002-00000-node', 'contacts', 'c9', '{"display_name":"Gone"}', 'op-dropped'),
        ('k3', '0000000000003-00000-peer', 'contacts', 'c8', '{"display_name":"Theirs"}', NULL);
    """)
    old.conn.commit()
    old.close()
    db = open_database(path)
    assert _op_seqs(db) == [(1,), (0,), (None,)]
    assert db.conn.execute("SELECT count(*) FROM changes WHERE op_id IS NOT NULL").fetchone()[0] == 0
    assert undo_last_operation(db).label == "Add contact"
    assert get_contact(db, "c1") is None
    db.close()


def test_a_seq_given_again_never_reaches_the_changes_of_a_dropped_operation(fresh_db):
    kept = add_contact(fresh_db, display_name="Kept")
    erased = add_contact(fresh_db, display_name="Erased")
    erase_contact(fresh_db, erased)  # its operation wrote only erased rows: dropped, its seq free
    set_setting(fresh_db, HOME_TIME_ZONE.key, "Asia/Tokyo")  # no operation is kept for a setting
    later = add_contact(fresh_db, display_name="Later")
    assert fresh_db.conn.execute("SELECT count(DISTINCT op_seq) FROM changes WHERE op_seq > 0").fetchone()[0] == 2
    # The later operation was given the dropped one's seq: it names its own change only.
    assert fresh_db.conn.execute("SELECT row_id FROM changes WHERE op_seq = (SELECT max(seq) FROM operations)"
                                 ).fetchall() == [(later,)]
    undo_last_operation(fresh_db)
    assert get_contact(fresh_db, later) is None and get_contact(fresh_db, kept) is not None
    undo_last_operation(fresh_db)
    assert get_contact(fresh_db, kept) is None
    try:
        undo_last_operation(fresh_db)
    except NothingToUndo:
        pass
    else:
        raise AssertionError("an erased contact's operation came back")
