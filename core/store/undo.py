"""Undo: replay the last local operation's log entries backwards, as a new operation.

The change log keeps what every write replaced, so undo needs nothing else:
a new row is deleted again (a tombstone), a deleted row comes back, and each
changed field gets its old value. An undo is itself a logged write, so it
syncs like any edit. A field that something later changed (another device's
edit that arrived since) is left as it is: undo never overwrites newer work.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from core.i18n import _
from core.store.changes import UNDO, OpChanges, current_collector, last_changes
from core.store.db import write_transaction
from core.store.derived import refresh_derived
from core.store.operations import last_undoable_operation
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
        collector = current_collector(db)
        collector.label = op["label"]
        collector.undoes = op["id"]
        kept = []
        rows = db.conn.execute(
            "SELECT table_name, row_id, fields, old_fields FROM changes WHERE op_id = ? ORDER BY seq DESC",
            (op["id"],)).fetchall()
        for table, row_id, fields, old_fields in rows:
            kept.extend(_reverse(db, table, row_id, _decoded(fields), _decoded(old_fields)))
        refresh_derived(db, collector.to_changes())
    return UndoResult(op["label"], last_changes(db), tuple(kept))


def _decoded(text: str | None) -> dict | None:
    return None if text is None else {k: decode_value(v) for k, v in json.loads(text).items()}


def _reverse(db, table: str, row_id: str, written: dict, replaced: dict | None) -> list:
    current = fetch_row(db, table, row_id, include_deleted=True)
    if current is None:
        return []
    if replaced is None:  # the operation added this row
        tombstone_row(db, table, row_id)
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
