"""Rows that belong to another row (a contact's log, promises, follow-ups): a delete that has not seen them.

A log entry added on one device to a contact deleted on another would stay
hidden under the deleted contact without a word. So a delete names, in its
``base``, what it had seen of the rows that refer to the deleted row: per
node, the newest stamp at which such a row came to refer to it (the clock of
its reference column), under the key ``refs:<node>`` (and ``refs``: the delete's own stamp, saying
that it names them; an older version's delete does not, and makes no such
conflict). Each device sends its
changes oldest first and pulls them in the server's order, so a device
holding one such stamp of a node holds every older one. A receiver keeps a
conflict on the row's ``deleted_at`` for each live referring row the delete
had not seen (``core.store.receive``), and so does the book that wrote the
referring row, already holding the delete (``core.store.records``: the same
``keep_unseen_dependents``); restoring the row or deleting it again (having
seen them) settles it.

Which tables refer to which is declared by their owner
(``register_dependent_table``; the book registers the contact's history), so
the store never imports the book.
"""

from __future__ import annotations

import json

from core.store.field_clocks import read_clock
from core.store.ids import HlcStamp

# parent table -> [(child table, column that refers to the parent)]
_DEPENDENTS: dict[str, list[tuple[str, str]]] = {}
# child table -> (parent table, column): looked up on every local write
_REFERENCES: dict[str, tuple[str, str]] = {}

SEEN_PREFIX = "refs:"
# In a delete's base: this delete names what it had seen. A delete written before
# this rule (an older version) says nothing, and is not judged by it.
MARKER = "refs"


def register_dependent_table(parent: str, child: str, column: str) -> None:
    """Rows of *child* whose *column* names a row of *parent* belong to it (a delete must have seen them)."""
    pairs = _DEPENDENTS.setdefault(parent, [])
    if (child, column) not in pairs:
        pairs.append((child, column))
    _REFERENCES[child] = (parent, column)


def dependent_columns(table: str) -> list[tuple[str, str]]:
    """The (child table, column) pairs that refer to rows of *table*."""
    return list(_DEPENDENTS.get(table, ()))


def referring_tables() -> dict[str, tuple[str, str]]:
    """child table -> (parent table, column), for every registered pair."""
    return dict(_REFERENCES)


def reference_of(table: str) -> tuple[str, str] | None:
    """(parent table, column) when rows of *table* belong to another row, else None."""
    return _REFERENCES.get(table)


def field_clock(conn, table: str, row_id: str, field: str) -> str | None:
    """The stamp of the write a field holds, or None. Every clock this rule and list
    removals read goes through here (one place to follow how clocks are kept)."""
    clock = read_clock(conn, table, row_id, field)  # stored, or implicit (the row's creation)
    return clock[0] if clock else None


def _attach_stamps(conn, table: str, row_id: str, live_only: bool) -> list[str]:
    """When each row referring to *row_id* came to refer to it (its column's clock)."""
    stamps = []
    for child, column in _DEPENDENTS.get(table, ()):
        live = " AND deleted_at IS NULL" if live_only else ""
        for (child_id,) in conn.execute(f"SELECT id FROM {child} WHERE {column} = ?{live}", (row_id,)).fetchall():
            stamp = field_clock(conn, child, child_id, column)
            if stamp:
                stamps.append(stamp)
    return sorted(stamps)


def list_live_dependents(conn, table: str, row_id: str) -> list[str]:
    """The stamps at which the live rows referring to *row_id* came to refer to it."""
    return _attach_stamps(conn, table, row_id, live_only=True)


def seen_dependents(conn, table: str, row_id: str, hlc: str) -> dict[str, str]:
    """What a delete (stamped *hlc*) of *row_id* has seen of the rows referring to it:
    ``{"refs:<node>": newest stamp}``, and ``"refs": hlc`` saying that it tells (empty for other tables)."""
    if table not in _DEPENDENTS:
        return {}
    seen: dict[str, str] = {MARKER: hlc}
    for stamp in _attach_stamps(conn, table, row_id, live_only=False):
        key = SEEN_PREFIX + HlcStamp.decode(stamp).node
        seen[key] = max(seen.get(key, ""), stamp)
    return seen


def delete_has_seen(seen: dict, delete_hlc: str, stamp: str) -> bool:
    """True when a delete (its stamp and ``base``) had seen a referring row attached at *stamp*, or
    that row's writer had seen the delete (the same device, later)."""
    if MARKER not in seen:
        return True  # an older version's delete: it cannot say, so no conflict is made up
    node = HlcStamp.decode(stamp).node
    if node == HlcStamp.decode(delete_hlc).node:
        return True  # one device: its delete saw its earlier rows, its later rows saw the delete
    return stamp <= seen.get(SEEN_PREFIX + node, "")


def keep_unseen_dependents(conn, table: str, row_id: str) -> None:
    """Recompute the conflicts on *row_id*'s ``deleted_at`` kept for live referring rows its delete had not seen.

    One rule for every book: a receiver (``core.store.receive``) and the book that
    wrote the referring row (``core.store.records``) keep the same entries, from
    the row's log and its referring rows alone. Entries for the row's own edits
    (stamps in its log) are the receiver's and left alone.
    """
    if table not in _DEPENDENTS:
        return
    log = {hlc: base for hlc, base in conn.execute(
        "SELECT hlc, base_clocks FROM changes WHERE table_name = ? AND row_id = ?", (table, row_id))}
    for (losing,) in conn.execute("SELECT losing_hlc FROM conflicts WHERE table_name = ? AND row_id = ? "
                                  "AND field = 'deleted_at'", (table, row_id)).fetchall():
        if losing not in log:
            conn.execute("DELETE FROM conflicts WHERE table_name = ? AND row_id = ? AND field = 'deleted_at' "
                         "AND losing_hlc = ?", (table, row_id, losing))
    row = conn.execute(f"SELECT deleted_at FROM {table} WHERE id = ?", (row_id,)).fetchone()
    clock = read_clock(conn, table, row_id, "deleted_at")
    if row is None or row[0] is None or clock is None:
        return
    delete_hlc = clock[0]
    seen = json.loads(log.get(delete_hlc) or "{}")
    for stamp in list_live_dependents(conn, table, row_id):
        if stamp not in log and not delete_has_seen(seen, delete_hlc, stamp):
            conn.execute("INSERT OR REPLACE INTO conflicts(table_name, row_id, field, losing_hlc, losing_value, "
                         "winning_hlc) VALUES (?, ?, 'deleted_at', ?, 'null', ?)", (table, row_id, stamp, delete_hlc))


def settle_local_dependents(conn, table: str, written) -> None:
    """After this device wrote rows that refer to others (their reference, or whether they are deleted):
    the entries of the rows they refer or referred to, as every receiver of the writes keeps them.
    *written*: ``(row_id, fields written, the row's values before or None)`` per row."""
    parent, column = _REFERENCES.get(table, (None, None))
    if parent is None:
        return
    referred, unread = set(), []
    for row_id, fields, replaced in written:
        if column in fields or "deleted_at" in fields:
            named = {fields.get(column), (replaced or {}).get(column)} - {None}
            referred |= named
            if not named:
                unread.append(row_id)  # a delete or restore that did not read the reference (tombstone_rows)
    for first in range(0, len(unread), 500):
        chunk = unread[first:first + 500]
        referred.update(value for (value,) in conn.execute(
            f"SELECT {column} FROM {table} WHERE id IN ({', '.join('?' for _ in chunk)})", chunk) if value)
    if referred:
        settle_new_dependents(conn, {parent: referred})


def settle_new_dependents(conn, referred: dict[str, set[str]]) -> None:
    """Recompute the entries of the rows in *referred* (parent table -> ids) that are deleted or hold one:
    most rows are live with none, and are passed over with one query per 500."""
    for parent, ids in referred.items():
        ids = sorted(ids)
        for first in range(0, len(ids), 500):
            chunk = ids[first:first + 500]
            for (row_id,) in conn.execute(
                    f"SELECT id FROM {parent} p WHERE id IN ({', '.join('?' for _ in chunk)}) AND (deleted_at IS NOT "
                    f"NULL OR EXISTS (SELECT 1 FROM conflicts WHERE table_name = ? AND row_id = p.id "
                    f"AND field = 'deleted_at'))", (*chunk, parent)).fetchall():
                keep_unseen_dependents(conn, parent, row_id)
