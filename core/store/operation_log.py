"""This device's operations: each committed local write, named for undo.

An operation is one outermost ``write_transaction``; its rows in the change
log carry its id. Only operations that changed something are kept. They are
device-local history (never synced): what syncs is each operation's changes,
and an undo's changes sync like any other edit.
"""

from __future__ import annotations

import json

from core.store.changes import ERASE, LOCAL, REMOTE, ChangeCollector
from core.store.ids import utc_now


# ``changes.op_seq`` of this device's writes in no kept operation (a sync's merges, an erasure):
# not NULL, which marks a received change, and no operation's seq (those start at 1).
UNRECORDED = 0


def operation_seq_of(db, collector: ChangeCollector | None) -> int | None:
    """The ``op_seq`` the change log rows of *collector*'s operation carry (issue 15: 1–8 bytes, not 36).

    The operation's row is written when it commits (``record_operation``), with
    the seq given here: the next one, as the transaction holds the write lock.
    """
    if collector is None:
        return None
    if collector.operation_seq is None:
        collector.operation_seq = UNRECORDED if collector.origin in (REMOTE, ERASE) else db.conn.execute(
            "SELECT coalesce(max(seq), 0) + 1 FROM operations").fetchone()[0]
    return collector.operation_seq


def forget_operations(conn, seqs) -> None:
    """Drop operations (Undo has nothing left of them); their changes stay, marked as in no operation."""
    seqs = list(seqs)
    if seqs:
        marks = ", ".join("?" * len(seqs))
        # Marked first: a later operation may be given a dropped seq again.
        conn.execute(f"UPDATE changes SET op_seq = {UNRECORDED} WHERE op_seq IN ({marks})", seqs)
        conn.execute(f"DELETE FROM operations WHERE seq IN ({marks})", seqs)


def record_operation(db, collector: ChangeCollector) -> None:
    """Keep *collector*'s operation, inside its transaction, when it changed a synced row."""
    if collector.origin in (REMOTE, ERASE) or not any(note[0] != "settings" for note in collector.notes):
        if collector.operation_seq:
            forget_operations(db.conn, [collector.operation_seq])
        return
    db.conn.execute(
        "INSERT INTO operations(seq, id, label, origin, created_at, undoes) VALUES (?, ?, ?, ?, ?, ?)",
        (collector.operation_seq, collector.operation_id, collector.label, collector.origin, utc_now(),
         collector.undoes))
    if collector.undoes:
        db.conn.execute("UPDATE operations SET undone_by = ? WHERE id = ?",
                        (collector.operation_id, collector.undoes))


def list_operations(db, *, limit: int = 20) -> list[dict]:
    """The latest operations first: ``id``, ``label``, ``origin``, ``created_at``, ``undoes``, ``undone_by``."""
    cursor = db.conn.execute(
        "SELECT id, label, origin, created_at, undoes, undone_by FROM operations "
        "ORDER BY seq DESC LIMIT ?", (limit,))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor]


def last_undoable_operation(db) -> dict | None:
    """The newest local operation not yet undone (undos themselves are not undone by Undo)."""
    cursor = db.conn.execute(
        "SELECT id, label, origin, created_at, undoes, undone_by FROM operations "
        "WHERE origin = ? AND undone_by IS NULL ORDER BY seq DESC LIMIT 1", (LOCAL,))
    row = cursor.fetchone()
    return dict(zip((d[0] for d in cursor.description), row)) if row else None


def operation_by_id(db, operation_id: str) -> dict | None:
    """One local operation by id (``undone_by`` says whether it is undone), or None."""
    cursor = db.conn.execute(
        "SELECT id, label, origin, created_at, undoes, undone_by FROM operations WHERE id = ?",
        (operation_id,))
    row = cursor.fetchone()
    return dict(zip((d[0] for d in cursor.description), row)) if row else None


_GROUP = "undo_group:"


def group_operations(db, operation_ids: list[str]) -> None:
    """Make the operations of one long run undo as one: Undo of the last takes back all (device-local)."""
    if len(operation_ids) > 1:
        db.conn.execute("INSERT OR REPLACE INTO device(key, value) VALUES (?, ?)",
                        (_GROUP + operation_ids[-1], json.dumps(operation_ids)))


def operation_group(db, operation_id: str) -> list[str]:
    """The operations undone together with *operation_id*, newest first (itself alone when ungrouped)."""
    row = db.conn.execute("SELECT value FROM device WHERE key = ?", (_GROUP + operation_id,)).fetchone()
    return list(reversed(json.loads(row[0]))) if row else [operation_id]
