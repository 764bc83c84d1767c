"""New stamps for this device's unsent changes, after the server said they lie too far in its future.

A device whose clock ran ahead stamped its edits hours early; the server
refuses them (``clock_ahead``) and the engine corrects the book's clock
offset, then re-stamps here. Only this device's unsent changes stamped ahead of
the corrected clock and after every other change are re-stamped (the others
were accepted already, or are near the team's time): they get new stamps from the corrected clock, after
every stamp that stays and in their old order. So the order of all stamps is
unchanged: every field keeps the same winner and every conflict the same
sides, and the book's data is exactly as before. Every place that holds an
old stamp follows in the same transaction: the change log (stamps and the
base clocks of later changes), field and element clocks, conflicts, waiting
values and the rows' ``modified``.
"""

from __future__ import annotations

import json

from core.store.db import install_clock, write_transaction
from core.store.ids import HybridLogicalClock
from core.sync.protocol import CLOCK_OFFSET_THRESHOLD_MS

# Tables whose columns hold stamps (besides the change log and the rows' ``modified``).
_STAMP_COLUMNS = (("field_clocks", "hlc"), ("field_clocks", "seen_hlc"), ("conflicts", "losing_hlc"),
                  ("conflicts", "winning_hlc"), ("pending_fields", "hlc"), ("unknown_fields", "hlc"),
                  ("element_clocks", "hlc"))


def restamp_unsent_changes(db) -> int:
    """Re-stamp this device's unsent changes with its (corrected) clock; return how many were re-stamped."""
    conn = db.conn
    node_tail = "-" + db.node_id
    with write_transaction(db):
        # Stamps up to a minute ahead of the corrected clock stay (the server takes them).
        ahead = f"{db.clock.wall_ms() + CLOCK_OFFSET_THRESHOLD_MS:013d}"
        kept_max = conn.execute(
            "SELECT max(hlc) FROM changes WHERE NOT (server_seq IS NULL AND substr(hlc, 20) = ? "
            "AND substr(hlc, 1, 13) > ?)", (node_tail, ahead)).fetchone()[0] or ""
        rows = conn.execute(
            "SELECT seq, hlc, table_name, row_id FROM changes "
            "WHERE server_seq IS NULL AND substr(hlc, 20) = ? AND hlc > ? ORDER BY hlc, seq",
            (node_tail, kept_max)).fetchall()
        if not rows:
            return 0
        clock = HybridLogicalClock(db.node_id, db.clock.wall_ms)
        clock.observe(kept_max or None)
        mapping: dict[str, str] = {}
        for _, old, _, _ in rows:
            if old not in mapping:
                mapping[old] = clock.tick()
        _apply_mapping(db, rows, mapping)
    install_clock(db)  # the old clock had reached the early stamps
    return sum(1 for _, old, _, _ in rows if mapping[old] != old)


def _apply_mapping(db, rows: list[tuple], mapping: dict[str, str]) -> None:
    conn = db.conn
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS restamp_map (old TEXT PRIMARY KEY, new TEXT NOT NULL)")
    conn.execute("DELETE FROM temp.restamp_map")
    conn.executemany("INSERT INTO temp.restamp_map(old, new) VALUES (?, ?)", mapping.items())
    conn.executemany("UPDATE changes SET hlc = ? WHERE seq = ?", [(mapping[old], seq) for seq, old, _, _ in rows])
    present = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for table, column in _STAMP_COLUMNS:
        if table in present:
            conn.execute(f"UPDATE {table} SET {column} = (SELECT new FROM temp.restamp_map WHERE old = {column}) "
                         f"WHERE {column} IN (SELECT old FROM temp.restamp_map)")
    for _, old, table, row_id in rows:
        if table in present:
            conn.execute(f"UPDATE {table} SET modified = ? WHERE id = ? AND modified = ?",
                         (mapping[old], row_id, old))
    # Later changes of this device name the old stamps as what they overwrote.
    first_seq = min(seq for seq, _, _, _ in rows)
    updates = []
    for seq, text in conn.execute("SELECT seq, base_clocks FROM changes WHERE seq >= ? AND base_clocks IS NOT NULL",
                                  (first_seq,)).fetchall():
        base = json.loads(text)
        if any(stamp in mapping for stamp in base.values()):
            base = {name: mapping.get(stamp, stamp) for name, stamp in base.items()}
            updates.append((json.dumps(base, separators=(",", ":")), seq))
    conn.executemany("UPDATE changes SET base_clocks = ? WHERE seq = ?", updates)
    conn.execute("DELETE FROM temp.restamp_map")
