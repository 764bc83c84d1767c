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
from core.store.records import (decode_value, fetch_row, fetch_rows, restore_row, tombstone_row, tombstone_rows,
                                update_row, update_rows)


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
    # Many rows at a time, one bulk write each (a chunk of demo data is thousands of entries): first the
    # changes, newest first (a row's n-th newest change in round n: the rows of a round do not depend on
    # each other), then the rows it added, which never stand in each other's way (own_rows).
    rounds: list[dict[str, list]] = []
    seen: dict[tuple[str, str], int] = {}
    for entry in rows:
        if entry[4] is not None:
            number = seen[entry[:2]] = seen.get(entry[:2], -1) + 1
            if number == len(rounds):
                rounds.append({})
            rounds[number].setdefault(entry[0], []).append(entry)
    for changed in rounds:
        for table, run in changed.items():
            kept.extend(_reverse_rows(db, table, run))
    added: dict[str, list] = {}
    for entry in rows:
        if entry[4] is None:
            added.setdefault(entry[0], []).append(entry)
    for table, run in added.items():
        kept.extend(_remove_added_rows(db, table, run, own_rows))
    refresh_derived(db, collector.to_changes())
    return tuple(kept)


def _remove_added_rows(db, table: str, run: list, own_rows: set) -> list:
    """Tombstone rows the operation added, unless newer work depends on them (then they stay, reported)."""
    stamps = {row_id: hlc for _table, row_id, hlc, _fields, _old in run}
    ids = list(stamps)
    live = fetch_rows(db, table, ids)
    newer: dict[str, set] = {}
    referred: set[str] = set()
    for first in range(0, len(ids), _IN_CHUNK):
        chunk = ids[first:first + _IN_CHUNK]
        marks = ", ".join("?" for _ in chunk)
        # Later local operations are undone already (newest first): a newer change still in force came
        # from another device.
        for row_id, hlc, fields in db.conn.execute(
                f"SELECT row_id, hlc, fields FROM changes WHERE table_name = ? AND row_id IN ({marks}) "
                "AND op_seq IS NULL", (table, *chunk)):
            if hlc > stamps[row_id]:
                newer.setdefault(row_id, set()).update(json.loads(fields))
        for other, column in _references_to(db, table):
            for other_id, target in db.conn.execute(
                    f"SELECT id, {column} FROM {other} WHERE {column} IN ({marks}) AND deleted_at IS NULL", chunk):
                if (other, other_id) not in own_rows:  # a row this operation did not add refers to it
                    referred.add(target)
    kept, remove = [], []
    for row_id in ids:
        if row_id not in live:
            continue
        if row_id in newer:
            kept += [(table, row_id, name) for name in sorted(newer[row_id])]
        elif row_id in referred:
            kept.append((table, row_id, "id"))
        else:
            remove.append(row_id)
    tombstone_rows(db, table, remove)
    return kept


def _reverse_rows(db, table: str, run: list) -> list:
    """``_reverse`` for a run of changed rows: read and written back together."""
    current = fetch_rows(db, table, [row_id for _table, row_id, *_rest in run], include_deleted=True)
    kept, updates = [], []
    for _table, row_id, _hlc, fields, old_fields in run:
        row = current.get(row_id)
        if row is None:
            continue
        written, replaced = _decoded(fields), _decoded(old_fields)
        if "deleted_at" in written:  # a delete or restore: row by row
            kept.extend(_reverse(db, table, row_id, written, replaced))
            continue
        kept += [(table, row_id, name) for name, value in written.items() if row.get(name) != value]
        restore = {name: replaced.get(name) for name, value in written.items()
                   if row.get(name) == value and name != "created_at"}
        if restore:
            updates.append((row_id, restore))
    update_rows(db, table, updates, include_deleted=True)
    return kept


_IN_CHUNK = 500


def _decoded(text: str | None) -> dict | None:
    return None if text is None else {k: decode_value(v) for k, v in json.loads(text).items()}


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
