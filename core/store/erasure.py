"""Erasing rows for good (GDPR Art. 17): the row, its log values and its side entries overwritten.

A delete is a tombstone that keeps every value (undo, sync). An erasure
instead removes the row and, for every change the log holds of it, the values
(``fields`` becomes ``{}``, ``old_fields`` NULL); the clocks, conflicts,
waiting and held values of the row go too. What is left is the row's id in
``erased_rows``, so a change of it that arrives later (from a device that had
not heard of the erasure) is logged without its values and never applied.

Rows that refer to an erased row are erased first (a contact's interactions,
promises, meetings, stage history, merge records), except a row of the same
table (someone the contact introduced): its reference is cleared instead.

The erasure is logged as one change per row, ``{"deleted_at": T,
"erased_at": T}`` (an older version at least hides the row), and syncs like any
change: a receiver erases the row the same way (``core.store.receive``), and
the server overwrites the values of that row's earlier changes
(``core.server.sql_store``). Run inside ``write_transaction``; the caller turns
on ``PRAGMA secure_delete`` so the freed bytes are zeroed (``secure_delete``).
"""

from __future__ import annotations

import contextlib
import json
from typing import Callable, Iterator

from core.store.changes import DELETED, current_collector, note_row
from core.store.ids import new_id, utc_now
from core.store.migrations import SYNCED_TABLES
from core.store.operation_log import forget_operations, operation_seq_of
from core.store.records import update_row

# The field of an erasure's change: when the row was erased.
ERASED_FIELD = "erased_at"

# Tables that hold a row's values or clocks, by (table_name, row_id).
_SIDE_TABLES = ("conflicts", "pending_fields", "unknown_fields", "element_clocks", "field_clocks")

ErasedHook = Callable[[object, str], None]
_HOOKS: dict[str, list[ErasedHook]] = {}


def register_erased(table: str, hook: ErasedHook) -> ErasedHook:
    """Call ``hook(db, row_id)`` just before a row of *table* is erased (its derived data goes with it)."""
    hooks = _HOOKS.setdefault(table, [])
    if hook not in hooks:
        hooks.append(hook)
    return hook


def is_erased(conn, table: str, row_id: str) -> bool:
    """True when the row was erased (here, or on a device whose erasure arrived)."""
    return conn.execute("SELECT 1 FROM erased_rows WHERE table_name = ? AND row_id = ?",
                        (table, row_id)).fetchone() is not None


def is_erasure(fields: dict) -> bool:
    """True when a change's *fields* are an erasure's."""
    return bool(fields.get(ERASED_FIELD))


@contextlib.contextmanager
def secure_delete(db) -> Iterator[None]:
    """``PRAGMA secure_delete = ON`` for the block (freed bytes are zeroed), then as it was."""
    before = db.conn.execute("PRAGMA secure_delete").fetchone()[0]
    db.conn.execute("PRAGMA secure_delete = ON")
    try:
        yield
    finally:
        db.conn.execute(f"PRAGMA secure_delete = {int(before)}")


def erase_row_tree(db, table: str, row_id: str, *, when: str | None = None, log: bool = True,
                   done: set | None = None) -> list[tuple[str, str]]:
    """Erase a row and every row that refers to it (see the module's docstring); return the rows erased.

    *log* False: the row's own erasure is not logged (it arrived from another
    device, which logs it as received); rows it drags along are always logged,
    so the server scrubs them too.
    """
    when = when or utc_now()
    done = set() if done is None else done
    if (table, row_id) in done:
        return []
    done.add((table, row_id))
    erased = []
    for other, column in _references_to(db, table):
        for (other_id,) in db.conn.execute(f"SELECT id FROM {other} WHERE {column} = ?", (row_id,)).fetchall():
            if other == table:
                if (other, other_id) not in done:
                    update_row(db, other, other_id, {column: None}, include_deleted=True)
            else:
                erased += erase_row_tree(db, other, other_id, when=when, done=done)
        if other != table:
            # A received row that waits for this one (its reference had not arrived): never written now.
            for (other_id,) in db.conn.execute(
                    "SELECT row_id FROM pending_fields WHERE table_name = ? AND field = ? AND value = ?",
                    (other, column, json.dumps(row_id, ensure_ascii=False))).fetchall():
                erased += erase_row_tree(db, other, other_id, when=when, done=done)
    _erase_row(db, table, row_id, when, log)
    return [*erased, (table, row_id)]


def _erase_row(db, table: str, row_id: str, when: str, log: bool) -> None:
    if table in SYNCED_TABLES:
        for hook in _HOOKS.get(table, ()):
            hook(db, row_id)
    scrub_row(db.conn, table, row_id)
    if table in SYNCED_TABLES:
        db.conn.execute(f"DELETE FROM {table} WHERE id = ?", (row_id,))
    db.conn.execute("INSERT OR IGNORE INTO erased_rows(table_name, row_id, erased_at) VALUES (?, ?, ?)",
                    (table, row_id, when))
    note_row(db, table, row_id, DELETED, [ERASED_FIELD])
    _forget_erased_operations(db.conn, table, row_id)
    if log:
        db.clock.observe(db.conn.execute("SELECT max(hlc) FROM changes").fetchone()[0])
        collector = current_collector(db)
        db.conn.execute(
            "INSERT INTO changes(change_id, hlc, table_name, row_id, fields, old_fields, op_seq, base_clocks)"
            " VALUES (?, ?, ?, ?, ?, NULL, ?, NULL)",
            (new_id(), db.clock.tick(), table, row_id,
             json.dumps({"deleted_at": when, ERASED_FIELD: when}, separators=(",", ":")),
             operation_seq_of(db, collector)))


def _forget_erased_operations(conn, table: str, row_id: str) -> None:
    """Drop this device's operations that wrote only erased rows: Undo has nothing of them to take back."""
    # Kept, Undo would find the newest of them again and again: undoing it changes nothing,
    # so it is never marked undone.
    forget_operations(conn, [seq for (seq,) in conn.execute("""
        SELECT seq FROM operations WHERE seq IN (
            SELECT DISTINCT c.op_seq FROM changes c WHERE c.table_name = ? AND c.row_id = ? AND c.op_seq > 0)
        AND NOT EXISTS (
            SELECT 1 FROM changes o WHERE o.op_seq = operations.seq AND NOT EXISTS (
                SELECT 1 FROM erased_rows e WHERE e.table_name = o.table_name AND e.row_id = o.row_id))
    """, (table, row_id))])


def scrub_row(conn, table: str, row_id: str) -> None:
    """Overwrite every value the log and the side tables hold of one row (its clocks in the log stay)."""
    conn.execute("UPDATE changes SET fields = '{}', old_fields = NULL WHERE table_name = ? AND row_id = ?",
                 (table, row_id))
    for side in _SIDE_TABLES:
        conn.execute(f"DELETE FROM {side} WHERE table_name = ? AND row_id = ?", (table, row_id))
    conn.execute("DELETE FROM held_changes WHERE json_extract(change, '$.table') = ? "
                 "AND json_extract(change, '$.row_id') = ?", (table, row_id))


def scrubbed_fields(fields: dict) -> dict:
    """What the log keeps of a change of an erased row: an erasure's own fields, nothing of any other."""
    return {"deleted_at": fields.get("deleted_at"), ERASED_FIELD: fields[ERASED_FIELD]} \
        if is_erasure(fields) else {}


def _references_to(db, table: str) -> list[tuple[str, str]]:
    # Every reference is declared in the schema (REFERENCES …): found there, never listed twice.
    cache = db.__dict__.setdefault("_fairmate_erase_references", {})
    if table not in cache:
        cache[table] = [(other, key[3]) for other in SYNCED_TABLES
                        for key in db.conn.execute(f"PRAGMA foreign_key_list({other})") if key[2] == table]
    return cache[table]


def checkpoint_book(db) -> bool:
    """Move the WAL into the book and empty it (the erased values' old pages go); False when busy."""
    row = db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return row is None or row[0] == 0
