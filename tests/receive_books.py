"""Helpers for the receive tests: cheap fresh books, local edits, a canonical dump of a book's data."""

from __future__ import annotations

import sqlite3

import core.book.contacts  # noqa: F401  (registers the derived-data hooks and list fields)
from core.store.changes import current_collector
from core.store.db import FairmateDatabase, open_database, write_transaction
from core.store.derived import refresh_derived
from core.store.elements import element_fields, seed_elements
from core.store.field_clocks import list_field_clocks
from core.store.ids import HybridLogicalClock, new_id
from core.store.migrations import SYNCED_TABLES

_TEMPLATE = None


def new_book() -> FairmateDatabase:
    """An empty migrated book with its own node id (a copy of one migrated template: fast)."""
    global _TEMPLATE
    if _TEMPLATE is None:
        _TEMPLATE = open_database(memory=True)
    conn = sqlite3.connect(":memory:")
    _TEMPLATE.conn.backup(conn)
    conn.execute("PRAGMA foreign_keys = ON")
    node = new_id().replace("-", "")[-12:]
    conn.execute("UPDATE device SET value = ? WHERE key = 'node_id'", (node,))
    conn.commit()
    db = FairmateDatabase(conn)
    db.path = None
    db.node_id = node
    db.clock = HybridLogicalClock(node)
    return db


def edit(db, write, *args, **kwargs):
    """One local operation through records, with its derived data rebuilt as the book modules do."""
    with write_transaction(db):
        value = write(db, *args, **kwargs)
        refresh_derived(db, current_collector(db).to_changes())
    return value


def _element_clocks(db) -> list:
    """Element clocks as the book means them: a list field never changed keeps none until it changes
    (``seed_elements`` replays its log then), so each is seeded here and put back as it was."""
    db.conn.execute("SAVEPOINT dump_elements")
    try:
        for table in SYNCED_TABLES:
            fields = element_fields(table)
            if fields:
                for (row_id,) in db.conn.execute(f"SELECT id FROM {table}").fetchall():
                    seed_elements(db.conn, table, row_id, fields)
        return [repr(row) for row in db.conn.execute("SELECT * FROM element_clocks ORDER BY 1, 2, 3, 4")]
    finally:
        db.conn.execute("ROLLBACK TO dump_elements")
        db.conn.execute("RELEASE dump_elements")


def dump_data(db) -> list:
    """Every synced row, the derived indexes and the receive bookkeeping, in a canonical order (as text)."""
    out = []
    for table in SYNCED_TABLES:
        out.append((table, [repr(row) for row in db.conn.execute(f"SELECT * FROM {table} ORDER BY id")]))
    # Clocks as the book means them: a row's may be stored on one book and implicit on another.
    keys = {(table, row_id) for table in SYNCED_TABLES for (row_id,) in db.conn.execute(f"SELECT id FROM {table}")}
    keys |= set(db.conn.execute("SELECT DISTINCT table_name, row_id FROM field_clocks"))
    out.append(("field_clocks", [repr((table, row_id, name, *clock)) for table, row_id in sorted(keys)
                                 for name, clock in sorted(list_field_clocks(db.conn, table, row_id).items())]))
    for table, order in (("conflicts", "1, 2, 3, 4"), ("pending_fields", "1, 2, 3"),
                         ("unknown_fields", "1, 2, 3"), ("held_changes", "1")):
        out.append((table, [repr(row) for row in db.conn.execute(f"SELECT * FROM {table} ORDER BY {order}")]))
    # Keys name their contact by rowid, which differs between books: compared by the contact's id.
    out.append(("duplicate_keys", [repr(row) for row in db.conn.execute(
        "SELECT c.id, k.kind, k.key_hash FROM duplicate_keys k JOIN contacts c ON c.rowid = k.contact_rowid "
        "ORDER BY 1, 2, 3")]))
    out.append(("element_clocks", _element_clocks(db)))
    out.append(("contact_search", [repr(row) for row in db.conn.execute(
        "SELECT c.id, s.names, s.details FROM contact_search s JOIN contacts c ON c.rowid = s.rowid "
        "ORDER BY c.id")]))
    out.append(("change_ids", sorted(r[0] for r in db.conn.execute("SELECT change_id FROM changes"))))
    return out
