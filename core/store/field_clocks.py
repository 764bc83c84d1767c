"""Field clocks, most of them implicit: a field never written since its row was created has the creation's stamp.

``field_clocks`` holds each field's winning stamp and the newest stamp a write
of it had seen (``core.store.receive``). Most fields are written once, when
their row is created, and then their clock is the creating change's stamp
with nothing seen: one stored row per field for nothing. So (migration
``0014_implicit_field_clocks``):

- a row with no clock stored at all has implicit ones: each field its
  creating change (the logged change of the row stamped with the row's
  ``modified`` and holding ``created_at``) wrote, with that stamp, nothing seen;
- once a field of such a row changes, ``materialize_clocks`` first stores one
  marker (field ``""``) holding the creation's stamp; from then on a field
  with no stored clock that the creating change (the row's change with that
  stamp) wrote still has that stamp, and a stored clock wins;
- a row whose clocks are stored without a marker (older books, rows received
  otherwise) has exactly its stored ones.

``list_field_clocks`` and ``read_clock`` give a row's clocks whichever way
they are kept; every writer reads through them and writes stored rows.
"""

from __future__ import annotations

import json

# Written with the row or recomputed on every device: never a field's clock.
NOT_CLOCKED = frozenset({"id", "modified", "sort_key", "name_key"})

# Rows whose clocks the migration reads at a time (memory stays small in a 100k-contact book).
_FOLD_CHUNK = 500

# The field of the stored row that holds a row's creation stamp (no column is named so).
CREATION = ""


def _created_fields(conn, table: str, row_id: str, stamp: str) -> set[str]:
    """The fields the row's creating change, stamped *stamp*, wrote (empty when it is not a creation)."""
    for (text,) in conn.execute("SELECT fields FROM changes WHERE table_name = ? AND row_id = ? AND hlc = ?",
                                (table, row_id, stamp)):
        fields = json.loads(text)
        if "created_at" in fields:
            return {name for name in fields if name not in NOT_CLOCKED}
    return set()


def _stored(conn, table: str, row_id: str) -> dict[str, tuple[str, str | None]]:
    return {name: (hlc, seen) for name, hlc, seen in conn.execute(
        "SELECT field, hlc, seen_hlc FROM field_clocks WHERE table_name = ? AND row_id = ?", (table, row_id))}


def _modified(conn, table: str, row_id: str) -> str | None:
    row = conn.execute(f"SELECT modified FROM {table} WHERE id = ?", (row_id,)).fetchone()
    return row[0] if row is not None else None


def list_field_clocks(conn, table: str, row_id: str, modified: str | None = None) -> dict[str, tuple[str, str | None]]:
    """A row's clocks, stored or implicit: {field: (hlc, seen_hlc)}.

    *modified*: the row's ``modified`` before a write that is changing it now
    (read from the row when not given); only used while no clock is stored.
    """
    stored = _stored(conn, table, row_id)
    if stored and CREATION not in stored:
        return stored
    stamp = stored.pop(CREATION)[0] if stored else modified or _modified(conn, table, row_id)
    if stamp is None:
        return stored
    return {**{name: (stamp, None) for name in _created_fields(conn, table, row_id, stamp)}, **stored}


def read_clock(conn, table: str, row_id: str, field: str) -> tuple[str, str | None] | None:
    """One field's clock ``(hlc, seen_hlc)``, stored or implicit; None when it was never written."""
    row = conn.execute("SELECT hlc, seen_hlc FROM field_clocks WHERE table_name = ? AND row_id = ? AND field = ?",
                       (table, row_id, field)).fetchone()
    if row is not None:
        return row
    return list_field_clocks(conn, table, row_id).get(field)


def materialize_clocks(conn, table: str, row_id: str, modified: str | None = None) -> None:
    """Before a clock of a row is stored: keep its creation stamp in a marker if its clocks were all implicit."""
    if conn.execute("SELECT 1 FROM field_clocks WHERE table_name = ? AND row_id = ? LIMIT 1",
                    (table, row_id)).fetchone():
        return
    stamp = modified or _modified(conn, table, row_id)
    if stamp is not None and _created_fields(conn, table, row_id, stamp):
        conn.execute("INSERT INTO field_clocks(table_name, row_id, field, hlc, seen_hlc) VALUES (?, ?, ?, ?, NULL)",
                     (table, row_id, CREATION, stamp))


def fold_field_clocks(conn, table: str) -> int:
    """Drop *table*'s stored clocks that equal their creation's (keeping a marker where others stay); return how many."""
    creations: dict[str, tuple[str, set]] = {}
    for row_id, hlc, text in conn.execute(
            f"SELECT c.row_id, c.hlc, c.fields FROM changes c JOIN {table} t ON t.id = c.row_id "
            f"WHERE c.table_name = ? AND c.fields LIKE '%\"created\\_at\"%' ESCAPE '\\' ORDER BY c.hlc DESC",
            (table,)):
        fields = json.loads(text)
        if "created_at" in fields:
            creations[row_id] = (hlc, {name for name in fields if name not in NOT_CLOCKED})
    modified = dict(conn.execute(f"SELECT id, modified FROM {table}"))
    ids, folded = sorted(creations), 0
    for first in range(0, len(ids), _FOLD_CHUNK):
        chunk = ids[first:first + _FOLD_CHUNK]
        clocks: dict[str, dict] = {}
        for row_id, field, hlc, seen in conn.execute(
                f"SELECT row_id, field, hlc, seen_hlc FROM field_clocks WHERE table_name = ? "
                f"AND row_id IN ({', '.join('?' for _ in chunk)})", (table, *chunk)).fetchall():
            clocks.setdefault(row_id, {})[field] = (hlc, seen)
        dropped, markers = [], []
        for row_id, stored in clocks.items():
            stamp, names = creations[row_id]
            if CREATION in stored or not names <= stored.keys():
                continue  # folded already, or a field its creation wrote has no clock (a refused value)
            same = [name for name in names if stored[name] == (stamp, None)]
            if not same:
                continue
            dropped += [(table, row_id, name) for name in same]
            if len(same) < len(stored) or modified.get(row_id) != stamp:
                markers.append((table, row_id, CREATION, stamp))
        conn.executemany("DELETE FROM field_clocks WHERE table_name = ? AND row_id = ? AND field = ?", dropped)
        conn.executemany("INSERT INTO field_clocks(table_name, row_id, field, hlc, seen_hlc) "
                         "VALUES (?, ?, ?, ?, NULL)", markers)
        folded += len(dropped)
    return folded
