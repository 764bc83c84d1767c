"""Undo: replay the last local operation's log entries backwards, as a new operation.

The change log keeps what every write replaced, so undo needs nothing else:
a new row is deleted again (a tombstone), a deleted row comes back, and each
changed field gets its old value. An undo is itself a logged write, so it
syncs like any edit. Undo never overwrites newer work: a field another device
changed since is left as it is, and so is a row the operation added that
another device has since edited or refers to; each is reported in ``kept``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from core.i18n import _
from core.store.changes import UNDO, OpChanges, current_collector, last_changes
from core.store.db import write_transaction
from core.store.derived import refresh_derived
from core.store.operation_log import last_undoable_operation, operation_by_id, operation_group
from core.store.migrations import SYNCED_TABLES
from core.store.records import decode_value, fetch_row, restore_row, tombstone_row, update_row


class NothingToUndo(Exception):
    """There is no operation left to undo."""


@dataclass(frozen=True)
class UndoResult:
    """What an undo did: the label of the operation it undid, what it changed, and fields it left alone."""

    label: str
    changes: OpChanges
    kept: tuple[tuple[str, str, str], ...] = ()


def describe_undo(db) -> str | None:
    """The label of the operation ``undo_last_operation`` would undo (untranslated), or None."""
    op = last_undoable_operation(db)
    return None if op is None else op["label"]


def undo_last_operation(db) -> UndoResult:
    """Undo the newest local operation that is not undone yet; raise ``NothingToUndo`` when none is left."""
    with write_transaction(db, origin=UNDO):
        op = last_undoable_operation(db)
        if op is None:
            raise NothingToUndo(_("Nothing to undo"))
        kept = _undo(db, op)
        # A long run (demo data) wrote in many operations: one Undo takes back all of them.
        for other_id in operation_group(db, op["id"])[1:]:
            other = operation_by_id(db, other_id)
            if other is not None and other["undone_by"] is None:
                kept += _undo(db, other)
                db.conn.execute("UPDATE operations SET undone_by = ? WHERE id = ?",
                                (current_collector(db).operation_id, other_id))
        current_collector(db).undoes = op["id"]
    return UndoResult(op["label"], last_changes(db), kept)


def undo_operation(db, operation_id: str) -> UndoResult | None:
    """Undo one named local operation (an interrupted run's, newest first); None if it is undone or unknown."""
    with write_transaction(db, origin=UNDO):
        op = operation_by_id(db, operation_id)
        if op is None or op["undone_by"] is not None:
            return None
        kept = _undo(db, op)
    return UndoResult(op["label"], last_changes(db), kept)


def _undo(db, op: dict) -> tuple[tuple[str, str, str], ...]:
    """Reverse *op*'s log entries inside the caller's transaction; return the fields left alone."""
    collector = current_collector(db)
    collector.label = op["label"]
    collector.undoes = op["id"]
    kept = []
    rows = db.conn.execute(
        "SELECT table_name, row_id, hlc, fields, old_fields FROM changes "
        "WHERE op_seq = (SELECT seq FROM operations WHERE id = ?) ORDER BY seq DESC", (op["id"],)).fetchall()
    own_rows = {(table, row_id) for table, row_id, *_ in rows}
    for table, row_id, hlc, fields, old_fields in rows:
        if old_fields is None:
            kept.extend(_remove_added_row(db, table, row_id, hlc, own_rows))
        else:
            kept.extend(_reverse(db, table, row_id, _decoded(fields), _decoded(old_fields)))
    refresh_derived(db, collector.to_changes())
    return tuple(kept)


def _decoded(text: str | None) -> dict | None:
    return None if text is None else {k: decode_value(v) for k, v in json.loads(text).items()}


def _remove_added_row(db, table: str, row_id: str, hlc: str, own_rows: set) -> list:
    """Tombstone a row the operation added, unless newer work depends on it (then it stays, reported)."""
    current = fetch_row(db, table, row_id)
    if current is None:
        return []
    # Later local operations are undone already (undo goes newest first): any newer
    # change of the row that is still in force came from another device.
    newer = db.conn.execute("SELECT fields FROM changes WHERE table_name = ? AND row_id = ? AND hlc > ? "
                            "AND op_seq IS NULL", (table, row_id, hlc)).fetchall()
    if newer:
        return [(table, row_id, name) for name in sorted({n for (fields,) in newer for n in json.loads(fields)})]
    for other, column in _references_to(db, table):
        for (other_id,) in db.conn.execute(
                f"SELECT id FROM {other} WHERE {column} = ? AND deleted_at IS NULL", (row_id,)):
            if (other, other_id) not in own_rows:  # a row this operation did not add refers to it
                return [(table, row_id, "id")]
    tombstone_row(db, table, row_id)
    return []


def _references_to(db, table: str) -> list[tuple[str, str]]:
    # The schema declares every reference (REFERENCES …), so undo finds them without a list of its own.
    cache = db.__dict__.setdefault("_fairmate_references", {})
    if table not in cache:
        cache[table] = [(other, key[3]) for other in SYNCED_TABLES
                        for key in db.conn.execute(f"PRAGMA foreign_key_list({other})") if key[2] == table]
    return cache[table]


def _reverse(db, table: str, row_id: str, written: dict, replaced: dict) -> list:
    current = fetch_row(db, table, row_id, include_deleted=True)
    if current is None:
        return []
    kept = [(table, row_id, name) for name, value in written.items() if current.get(name) != value]
    restore = {name: replaced.get(name) for name, value in written.items()
               if current.get(name) == value}
    if "deleted_at" in restore:
        if restore.pop("deleted_at") is None:
            restore_row(db, table, row_id)
        else:
            tombstone_row(db, table, row_id)
    restore.pop("created_at", None)
    if restore:
        update_row(db, table, row_id, restore, include_deleted=True)
    return kept
