"""Field clocks, most of them implicit: a row's fields never written since it was created share its stamp.

``field_clocks`` holds each field's winning stamp and the newest stamp a write
of it had seen (``core.store.receive``). Most rows are created and never
changed, and then every clock is the creation's stamp with nothing seen: one
row per field for nothing. So a row that has no clock stored at all has
implicit ones (migration ``0014_implicit_field_clocks``): each field its
creating change (the logged change of the row stamped with the row's
``modified`` and holding ``created_at``) wrote, stamped with that change's
stamp, nothing seen. Before any clock of such a row is read to be changed,
``materialize_clocks`` stores them all, so every path that writes clocks works
on stored rows as before and a row's clocks are either all implicit or all
stored. ``list_field_clocks`` gives a row's clocks either way.
"""

from __future__ import annotations

import json

# Written with the row or recomputed on every device: never a field's clock.
NOT_CLOCKED = frozenset({"id", "modified", "sort_key", "name_key"})


def implicit_clocks(conn, table: str, row_id: str, modified: str | None = None) -> dict[str, str]:
    """The clocks a row has while none is stored: {field: creation stamp}; empty when the row has none.

    *modified*: the row's ``modified`` before a write that is changing it now
    (read from the row when not given).
    """
    if modified is None:
        row = conn.execute(f"SELECT modified FROM {table} WHERE id = ?", (row_id,)).fetchone()
        modified = row[0] if row is not None else None
    if modified is None:
        return {}
    for (text,) in conn.execute("SELECT fields FROM changes WHERE table_name = ? AND row_id = ? AND hlc = ?",
                                (table, row_id, modified)):
        fields = json.loads(text)
        if "created_at" in fields:
            return {name: modified for name in fields if name not in NOT_CLOCKED}
    return {}


def has_stored_clocks(conn, table: str, row_id: str) -> bool:
    """True when the row's clocks are stored (then all of them are)."""
    return conn.execute("SELECT 1 FROM field_clocks WHERE table_name = ? AND row_id = ? LIMIT 1",
                        (table, row_id)).fetchone() is not None


def materialize_clocks(conn, table: str, row_id: str, modified: str | None = None) -> None:
    """Store a row's implicit clocks (a no-op when its clocks are stored already): call before changing one."""
    if has_stored_clocks(conn, table, row_id):
        return
    conn.executemany("INSERT INTO field_clocks(table_name, row_id, field, hlc, seen_hlc) VALUES (?, ?, ?, ?, NULL)",
                     [(table, row_id, name, hlc)
                      for name, hlc in implicit_clocks(conn, table, row_id, modified).items()])


def list_field_clocks(conn, table: str, row_id: str) -> dict[str, tuple[str, str | None]]:
    """A row's clocks, stored or implicit: {field: (hlc, seen_hlc)}."""
    stored = {name: (hlc, seen) for name, hlc, seen in conn.execute(
        "SELECT field, hlc, seen_hlc FROM field_clocks WHERE table_name = ? AND row_id = ?", (table, row_id))}
    if stored:
        return stored
    return {name: (hlc, None) for name, hlc in implicit_clocks(conn, table, row_id).items()}


def fold_field_clocks(conn, table: str) -> int:
    """Drop the stored clocks of *table*'s rows that equal their implicit ones; return how many rows were folded."""
    creations = {}
    for row_id, modified, text in conn.execute(
            f"SELECT t.id, t.modified, c.fields FROM {table} t JOIN changes c "
            f"ON c.table_name = ? AND c.row_id = t.id AND c.hlc = t.modified", (table,)):
        fields = json.loads(text)
        if "created_at" in fields:
            creations[row_id] = (modified, {name for name in fields if name not in NOT_CLOCKED})
    folded = []
    current, names, plain = None, set(), True

    def close():
        if current is not None and plain and current in creations and creations[current][1] == names:
            folded.append((table, current))

    for row_id, field, hlc, seen in conn.execute(
            "SELECT row_id, field, hlc, seen_hlc FROM field_clocks WHERE table_name = ? ORDER BY row_id", (table,)):
        if row_id != current:
            close()
            current, names, plain = row_id, set(), True
        names.add(field)
        plain = plain and seen is None and row_id in creations and hlc == creations[row_id][0]
    close()
    conn.executemany("DELETE FROM field_clocks WHERE table_name = ? AND row_id = ?", folded)
    return len(folded)
