"""Receiving changes made on other devices: applied with their own stamps, last writer wins per field.

``apply_remote_changes`` writes a batch of wire changes (``core.store.wire``)
in one transaction. Each field keeps the value of the write with the newest
stamp (``field_clocks`` holds that stamp, looked up by key); the result does
not depend on the order or grouping in which changes arrive, and a change
applied twice is a no-op (by ``change_id``). Received changes go into the
change log as they came (no ``op_seq``: they are not this device's
operations, so Undo never reverses them) and are never re-stamped.

- A value that loses to a concurrent write is kept in ``conflicts``. A write
  is not concurrent with one its writer had seen: a change's ``base`` names
  the clocks it overwrote, and any write stamped at or before some write's
  base is settled. So ``conflicts`` ends the same whatever the order.
- A row is created once its required fields are known; until then (and while
  a referenced row has not arrived) winning values wait in ``pending_fields``.
- Tables and columns this version does not know are kept in ``unknown_fields``,
  and so are values a field cannot take (``core.store.value_checks``: not
  storable, a malformed time, or refused by the check its table's owner
  registered). Such a value is not applied and does not advance the field's
  clock: the field keeps the newest value this version can take. Whether a
  value is taken depends on the value alone, so every device of the same
  version takes the same ones and books still converge; the rest of the change
  and of the batch is applied. ``list_unapplied_values`` shows them, with why.
- A change stamped more than ``MAX_CLOCK_AHEAD_MS`` ahead of this device's
  wall clock would drag the clock (and every later local stamp) forward: it is
  held in ``held_changes`` instead and applied by a later call once the wall
  clock has caught up (``list_held_changes`` shows them).
- Derived data (sort keys, search index, duplicate keys) is rebuilt once per
  batch by the hooks of ``core.store.derived``.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any, Iterable, Mapping

from core.store.changes import DELETED, INSERTED, REMOTE, RESTORED, UPDATED, OpChanges, current_collector, \
    last_changes, note_row
from core.store.db import write_transaction
from core.store.dependents import keep_unseen_dependents, referring_tables
from core.store.derived import refresh_derived
from core.store.erasure import ERASED_FIELD, erase_row_tree, is_erased, is_erasure, scrubbed_fields
from core.store.elements import compose_list, element_key_of, record_list_write, seed_elements
from core.store.field_clocks import materialize_clocks, read_clock
from core.store.ids import HlcStamp
from core.store.migrations import SYNCED_TABLES
from core.store.records import DERIVED_FIELDS, decode_value, encode_value
from core.store.value_checks import check_value, is_utf8
from core.store.wire import dump_value, read_change

# One hour: more than any drift of a synced clock, less than a wrong time zone.
MAX_CLOCK_AHEAD_MS = 60 * 60 * 1000

_NOT_SENT = DERIVED_FIELDS | {"id", "modified"}


def apply_remote_changes(db, changes: Iterable[Mapping[str, Any]], *, label: str = "",
                         hold_ahead: bool = True) -> OpChanges:
    """Apply other devices' changes (wire form) in one transaction; return what changed (origin REMOTE).

    Raises ``core.store.wire.WireError`` (and writes nothing) when a change is malformed;
    a value a field cannot take is kept in ``unknown_fields``, not applied, and not an error.
    *hold_ahead* False applies changes stamped far in this device's future too (and
    those held before): the sync engine's pages, which the team's server accepted.
    """
    incoming = [read_change(change) for change in changes]
    with write_transaction(db, label, origin=REMOTE):
        now = db.clock.wall_ms()
        horizon = now + MAX_CLOCK_AHEAD_MS if hold_ahead else None
        batch = _Batch(db)
        for change in sorted(incoming + _take_due_held(db, horizon), key=lambda c: (c["hlc"], c["change_id"])):
            if _is_known(db, change["change_id"]):
                continue
            if horizon is not None and HlcStamp.decode(change["hlc"]).wall_ms > horizon:
                db.conn.execute("INSERT OR IGNORE INTO held_changes(change_id, hlc, change) VALUES (?, ?, ?)",
                                (change["change_id"], change["hlc"], dump_value(change)))
                continue
            batch.apply(change)
        batch.flush_pending()
        batch.settle_deletes()
        batch.announce()
        refresh_derived(db, current_collector(db).to_changes())
    return last_changes(db)


def apply_kept_values(db) -> OpChanges:
    """Apply received values kept in ``unknown_fields`` that this version can now take; return what changed.

    A newer device's field arrives before this app is updated: it is kept, and
    once an update's migration has added its column (or table), the next sync
    applies it with its own stamp. The field's base was not kept, so a value
    that lost to it meanwhile may be listed as a conflict; a list is taken
    whole (its elements as added). A no-op, without a transaction, when nothing waits.
    """
    known: dict[str, tuple[dict, set]] = {}
    takeable = []
    for table, row_id, name, text, hlc in db.conn.execute(
            "SELECT table_name, row_id, field, value, hlc FROM unknown_fields ORDER BY hlc").fetchall():
        if table not in SYNCED_TABLES:
            continue
        if table not in known:
            info = db.conn.execute(f"PRAGMA table_info({table})").fetchall()
            known[table] = ({row[1] for row in info}, {row[1] for row in info if row[3]})
        columns, not_null = known[table]
        value = json.loads(text)
        if name in columns and name not in _NOT_SENT and not check_value(
                table, name, value, nullable=name not in not_null):
            takeable.append((table, row_id, name, value, hlc))
    if not takeable:
        return OpChanges(origin=REMOTE)
    with write_transaction(db, "", origin=REMOTE):
        batch = _Batch(db)
        for table, row_id, name, value, hlc in takeable:
            db.conn.execute("DELETE FROM unknown_fields WHERE table_name = ? AND row_id = ? AND field = ?",
                            (table, row_id, name))
            batch.arrived.add((table, row_id))
            if element_key_of(table, name) is not None:
                batch._apply_list_field((table, row_id, name), value, hlc, None, None)
            else:
                batch._apply_field((table, row_id, name), value, hlc, None)
        batch.flush_pending()
        batch.settle_deletes()
        batch.announce()
        refresh_derived(db, current_collector(db).to_changes())
    return last_changes(db)


def list_held_changes(db) -> list[dict]:
    """Changes held back because their stamp is too far in this device's future, oldest first."""
    return [json.loads(text) for (text,) in
            db.conn.execute("SELECT change FROM held_changes ORDER BY hlc, change_id")]


def list_conflicts(db, *, table: str | None = None, row_id: str | None = None) -> list[dict]:
    """Values that lost to a concurrent write: ``table``, ``row_id``, ``field``, ``value`` (decoded),
    ``losing_hlc`` and ``winning_hlc``.

    A loser equal to the value the field holds now is no news and is left out
    (it stays stored: whether it counts depends on the winner, which may change).
    """
    sql = ("SELECT table_name, row_id, field, losing_value, losing_hlc, winning_hlc FROM conflicts "
           "WHERE (? IS NULL OR table_name = ?) AND (? IS NULL OR row_id = ?) "
           "ORDER BY table_name, row_id, field, losing_hlc")
    return [{"table": t, "row_id": r, "field": f, "value": decode_value(json.loads(v)),
             "losing_hlc": lose, "winning_hlc": win}
            for t, r, f, v, lose, win in db.conn.execute(sql, (table, table, row_id, row_id)).fetchall()
            if t not in SYNCED_TABLES or v != _current_value(db.conn, (t, r, f))]


def list_unapplied_values(db, *, table: str | None = None, row_id: str | None = None) -> list[dict]:
    """Received values kept but not applied: ``table``, ``row_id``, ``field``, ``value`` (as sent,
    wire form), ``hlc`` and ``reason`` (short English, for a log or a developer).

    Newest per field; the change log holds every change as it came.
    """
    known = set(SYNCED_TABLES)
    rows = db.conn.execute(
        "SELECT table_name, row_id, field, value, hlc FROM unknown_fields "
        "WHERE (? IS NULL OR table_name = ?) AND (? IS NULL OR row_id = ?) ORDER BY 1, 2, 3",
        (table, table, row_id, row_id)).fetchall()
    out = []
    columns: dict[str, dict] = {}
    for t, r, f, text, hlc in rows:
        value = json.loads(text)
        if t not in known:
            reason = "unknown table"
        else:
            if t not in columns:
                columns[t] = {row[1]: row[3] for row in db.conn.execute(f"PRAGMA table_info({t})")}
            if f not in columns[t]:
                reason = "unknown field"
            else:
                reason = check_value(t, f, value, nullable=not columns[t][f]) or "refused by the schema"
        out.append({"table": t, "row_id": r, "field": f, "value": value, "hlc": hlc, "reason": reason})
    return out


def _current_value(conn, key: tuple[str, str, str]) -> str | None:
    """The value a field holds (or waits to be written with), as canonical JSON text."""
    table, row_id, name = key
    row = conn.execute(
        "SELECT value FROM pending_fields WHERE table_name = ? AND row_id = ? AND field = ?", key).fetchone()
    if row is not None:
        return row[0]
    row = conn.execute(f"SELECT {name} FROM {table} WHERE id = ?", (row_id,)).fetchone()
    return None if row is None else dump_value(encode_value(row[0]))


def _log_text(fields: dict) -> str:
    """The received fields as the change log stores them (as they came)."""
    text = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    # Lone surrogates cannot be stored as UTF-8: escaped, they survive the trip.
    return text if is_utf8(text) else json.dumps(fields, separators=(",", ":"))


def _is_known(db, change_id: str) -> bool:
    return db.conn.execute("SELECT 1 FROM changes WHERE change_id = ?", (change_id,)).fetchone() is not None


def _take_due_held(db, horizon: int | None) -> list[dict]:
    due = [json.loads(text) for (hlc, text) in db.conn.execute("SELECT hlc, change FROM held_changes")
           if horizon is None or HlcStamp.decode(hlc).wall_ms <= horizon]
    db.conn.executemany("DELETE FROM held_changes WHERE change_id = ?", [(c["change_id"],) for c in due])
    return due


class _Batch:
    """One batch being applied: what it wrote, for the announcement and ``modified``."""

    def __init__(self, db):
        self.db = db
        self.conn = db.conn
        self.touched: dict[tuple[str, str], tuple[set, set]] = {}
        self.arrived: set[tuple[str, str]] = set()
        self._schema: dict[str, tuple[dict, dict]] = {}

    def apply(self, change: dict) -> None:
        """Apply one change's fields and log it as received."""
        table, row_id, hlc = change["table"], change["row_id"], change["hlc"]
        self.db.clock.observe(hlc)
        if is_erasure(change["fields"]) or is_erased(self.conn, table, row_id):
            self._apply_erasure(change)
            return
        columns = self._columns(table) if table in SYNCED_TABLES else {}
        not_null = self._schema_of(table)[2] if columns else set()
        replaced = change.get("replaced") or {}
        self.arrived.add((table, row_id))
        if not self._insert_new_row(change, columns, not_null):
            self._apply_fields(change, columns, not_null, replaced)
        # A received change keeps the lists it replaced where a local one keeps every
        # replaced value: passed on (after a server restore) it still says what it removed.
        self.conn.execute(
            "INSERT INTO changes(change_id, hlc, table_name, row_id, fields, old_fields, op_seq, base_clocks)"
            " VALUES (?, ?, ?, ?, ?, ?, NULL, ?)",
            (change["change_id"], hlc, table, row_id, _log_text(change["fields"]),
             _log_text(replaced) if replaced else None,
             json.dumps(change["base"], separators=(",", ":")) if change["base"] else None))

    def _apply_erasure(self, change: dict) -> None:
        """An erasure erases its row here too; any change of an erased row is logged without its values."""
        table, row_id = change["table"], change["row_id"]
        if is_erasure(change["fields"]) and not is_erased(self.conn, table, row_id):
            # Rows only this device had that refer to it are erased with it, by changes of its own.
            erase_row_tree(self.db, table, row_id, when=change["fields"][ERASED_FIELD], log=False)
        self.arrived.discard((table, row_id))
        self.touched.pop((table, row_id), None)
        self.conn.execute(
            "INSERT INTO changes(change_id, hlc, table_name, row_id, fields, old_fields, op_seq, base_clocks)"
            " VALUES (?, ?, ?, ?, ?, NULL, NULL, ?)",
            (change["change_id"], change["hlc"], table, row_id, _log_text(scrubbed_fields(change["fields"])),
             json.dumps(change["base"], separators=(",", ":")) if change["base"] else None))

    def _insert_new_row(self, change: dict, columns: dict, not_null: set) -> bool:
        """The common case of a first sync, in a few statements: a new row this book has never heard of.

        Taken only where the general path would insert the row with these values
        at once (nothing known of the row yet, every value takeable, the required
        fields there, every referenced row present); False otherwise.
        """
        table, row_id, hlc, fields = change["table"], change["row_id"], change["hlc"], change["fields"]
        if not columns or "created_at" not in fields or self._exists(table, row_id):
            return False
        values = {name: value for name, value in fields.items() if name not in _NOT_SENT}
        if any(name not in columns or check_value(table, name, value, nullable=name not in not_null)
               for name, value in values.items()):
            return False
        required = {name for name, needed in columns.items() if needed == "required"}
        decoded = {name: decode_value(value) for name, value in values.items()}
        if not required <= decoded.keys() or any(self._blocked(table, name, value)
                                                 for name, value in decoded.items()):
            return False
        if self.conn.execute("SELECT 1 FROM field_clocks WHERE table_name = ? AND row_id = ? LIMIT 1",
                             (table, row_id)).fetchone() or self.conn.execute(
                "SELECT 1 FROM pending_fields WHERE table_name = ? AND row_id = ? LIMIT 1",
                (table, row_id)).fetchone():
            return False
        row = {name: "" for name, needed in columns.items() if needed == "derived"}
        row.update(decoded, id=row_id, modified=hlc)
        try:
            self.conn.execute(f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
                              list(row.values()))
        except sqlite3.IntegrityError:
            return False
        base = change["base"]
        if any(base.get(name) for name in values):
            self.conn.executemany(
                "INSERT INTO field_clocks(table_name, row_id, field, hlc, seen_hlc) VALUES (?, ?, ?, ?, ?)",
                [(table, row_id, name, hlc, base.get(name)) for name in values])
        # Otherwise its clocks are implicit, as a local insert's (core.store.field_clocks).
        # Its element clocks too: replayed from the log when a list field first changes (seed_elements).
        for name in values:
            self._touch(table, row_id, name, INSERTED)
        return True

    def _apply_fields(self, change: dict, columns: dict, not_null: set, replaced: dict) -> None:
        """Apply a change field by field (the general path)."""
        table, row_id, hlc = change["table"], change["row_id"], change["hlc"]
        for name, encoded in change["fields"].items():
            if name in _NOT_SENT and name in columns:
                continue
            if name not in columns or check_value(table, name, encoded, nullable=name not in not_null):
                self._keep_unknown(table, row_id, name, encoded, hlc)
            elif element_key_of(table, name) is not None:
                self._apply_list_field((table, row_id, name), encoded, hlc, change["base"].get(name),
                                       replaced.get(name))
            else:
                self._apply_field((table, row_id, name), encoded, hlc, change["base"].get(name))

    def _apply_list_field(self, key: tuple[str, str, str], encoded: Any, hlc: str, base: str | None,
                          replaced: Any) -> None:
        """A list merged element by element: never a conflict, both sides' additions and removals kept."""
        table, row_id, name = key
        seed_elements(self.conn, table, row_id, [name])
        record_list_write(self.conn, table, row_id, name, hlc, encoded, replaced, base)
        materialize_clocks(self.conn, table, row_id)
        clock = read_clock(self.conn, *key)
        if clock is None:
            winner, seen = hlc, base
        else:
            winner = max(clock[0], hlc)
            seen = max(filter(None, (clock[1], base)), default=None)
        self.conn.execute(
            "INSERT OR REPLACE INTO field_clocks(table_name, row_id, field, hlc, seen_hlc) VALUES (?, ?, ?, ?, ?)",
            (*key, winner, seen))
        # The winning write's list gives the order: this one, or one already logged.
        template = encoded if winner == hlc else self._logged_value(key, winner)
        self._write(key, compose_list(self.conn, table, row_id, name, template), winner)

    def _logged_value(self, key: tuple[str, str, str], hlc: str) -> Any:
        table, row_id, name = key
        row = self.conn.execute("SELECT fields FROM changes WHERE hlc = ? AND table_name = ? AND row_id = ?",
                                (hlc, table, row_id)).fetchone()
        return None if row is None else json.loads(row[0]).get(name)

    def settle_deletes(self) -> None:
        """Keep a conflict for each edit of a deleted row that its delete had not seen (and vice versa).

        The row stays deleted (a delete never silently resurrects) and the edit is
        applied to it (never silently lost); the entry (field ``deleted_at``,
        losing value null: "the row alive") lists it until someone restores the
        row or deletes it again. A live row that belongs to the deleted one (a
        contact's log entry, promise, follow-up: ``core.store.dependents``) that
        the delete had not seen counts as such an edit, stamped when it came to
        belong to the row. Recomputed from the log per row, so the entries
        depend only on which changes a device holds.
        """
        rows = set(self.arrived)
        children = referring_tables()
        for table, row_id in self.arrived:
            if table in children:
                parent, column = children[table]
                rows.update((parent, value) for value in self._referred_rows(table, row_id, column))
        for table, row_id in sorted(rows):
            if table not in SYNCED_TABLES:
                continue
            row = self.conn.execute(f"SELECT deleted_at FROM {table} WHERE id = ?", (row_id,)).fetchone()
            if row is None or (row[0] is None and not self.conn.execute(
                    "SELECT 1 FROM conflicts WHERE table_name = ? AND row_id = ? AND field = 'deleted_at' LIMIT 1",
                    (table, row_id)).fetchone()):
                continue  # a live row with no such entry: nothing to keep or to settle (most rows)
            log = self.conn.execute(
                "SELECT hlc, fields, base_clocks FROM changes WHERE table_name = ? AND row_id = ?",
                (table, row_id)).fetchall()
            parsed = [(hlc, json.loads(fields), json.loads(base) if base else {}) for hlc, fields, base in log]
            edits = [(hlc, fields, base) for hlc, fields, base in parsed
                     if "deleted_at" not in fields and "created_at" not in fields]
            # Entries for this row's own edits, and those of rows belonging to it (stamps not in its log).
            self.conn.executemany(
                "DELETE FROM conflicts WHERE table_name = ? AND row_id = ? AND field = 'deleted_at' "
                "AND losing_hlc = ?", [(table, row_id, hlc) for hlc, _, _ in edits])
            keep_unseen_dependents(self.conn, table, row_id)  # the same rule as the writer's book
            deleted = row[0]
            clock = read_clock(self.conn, table, row_id, "deleted_at")
            if deleted is None or clock is None:
                continue
            delete_hlc = clock[0]
            seen = next((base for hlc, _, base in parsed if hlc == delete_hlc), {})
            delete_node = HlcStamp.decode(delete_hlc).node
            columns, _, not_null = self._schema_of(table)
            for hlc, fields, base in edits:
                # Values this version refuses were never applied, so no delete could have seen them.
                names = [name for name, value in fields.items()
                         if name not in _NOT_SENT and name in columns
                         and not check_value(table, name, value, nullable=name not in not_null)]
                seen_by_delete = all(hlc <= seen.get(name, "") for name in names) or (
                    HlcStamp.decode(hlc).node == delete_node and hlc < delete_hlc)
                seen_by_edit = base.get("deleted_at", "") >= delete_hlc or (
                    HlcStamp.decode(hlc).node == delete_node and hlc > delete_hlc)
                if names and not seen_by_delete and not seen_by_edit:
                    self._keep_conflict((table, row_id, "deleted_at"), hlc, dump_value(None), delete_hlc)

    def _referred_rows(self, table: str, row_id: str, column: str) -> set[str]:
        """Every row *row_id* has referred to through *column* (now or before a move): their entries may change."""
        referred = set()
        for (fields,) in self.conn.execute("SELECT fields FROM changes WHERE table_name = ? AND row_id = ?",
                                           (table, row_id)):
            value = json.loads(fields).get(column)
            if isinstance(value, str):
                referred.add(value)
        row = self.conn.execute(f"SELECT {column} FROM {table} WHERE id = ?", (row_id,)).fetchone()
        if row is not None and row[0]:
            referred.add(row[0])
        return referred

    def _apply_field(self, key: tuple[str, str, str], encoded: Any, hlc: str, base: str | None) -> None:
        materialize_clocks(self.conn, key[0], key[1])
        clock = read_clock(self.conn, *key)
        if clock is None:
            if not self._write(key, encoded, hlc):
                return
            self.conn.execute(
                "INSERT INTO field_clocks(table_name, row_id, field, hlc, seen_hlc) VALUES (?, ?, ?, ?, ?)",
                (*key, hlc, base))
            return
        current, seen = clock
        if hlc == current:
            return  # the same write, however it came
        seen = max(filter(None, (seen, base)), default=None)
        if hlc > current:
            concurrent = current > (seen or "")
            replaced = self._current_value(key) if concurrent else None
            if not self._write(key, encoded, hlc):
                return  # refused by the schema: as if it had not come (see _write)
            if concurrent:
                self._keep_conflict(key, current, replaced, hlc)
            winner = hlc
        else:
            winner = current
            if hlc > (seen or ""):
                self._keep_conflict(key, hlc, dump_value(encoded), winner)
        if seen:
            self.conn.execute("DELETE FROM conflicts WHERE table_name = ? AND row_id = ? AND field = ? "
                              "AND losing_hlc <= ?", (*key, seen))
        self.conn.execute("UPDATE conflicts SET winning_hlc = ? WHERE table_name = ? AND row_id = ? AND field = ?",
                          (winner, *key))
        self.conn.execute(
            "INSERT OR REPLACE INTO field_clocks(table_name, row_id, field, hlc, seen_hlc) VALUES (?, ?, ?, ?, ?)",
            (*key, winner, seen))

    def _keep_conflict(self, key, losing_hlc: str, losing_value: str | None, winning_hlc: str) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO conflicts(table_name, row_id, field, losing_hlc, losing_value, winning_hlc)"
            " VALUES (?, ?, ?, ?, ?, ?)", (*key, losing_hlc, losing_value, winning_hlc))

    def _keep_unknown(self, table: str, row_id: str, name: str, encoded: Any, hlc: str) -> None:
        self.conn.execute(
            "INSERT INTO unknown_fields(table_name, row_id, field, value, hlc) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(table_name, row_id, field) DO UPDATE SET value = excluded.value, hlc = excluded.hlc "
            "WHERE excluded.hlc > unknown_fields.hlc", (table, row_id, name, dump_value(encoded), hlc))

    def _current_value(self, key) -> str | None:
        return _current_value(self.conn, key)

    def _write(self, key, encoded: Any, hlc: str) -> bool:
        """Write a winning value, or keep it pending; False when the schema refuses it (kept as unknown)."""
        table, row_id, name = key
        value = decode_value(encoded)
        if self._exists(table, row_id) and not self._blocked(table, name, value):
            try:
                self.conn.execute(f"UPDATE {table} SET {name} = ? WHERE id = ?", (value, row_id))
            except sqlite3.IntegrityError:
                # A value this version's schema refuses (a newer version's choice):
                # kept for that version rather than failing the whole batch.
                # Checks registered for the table should catch such values first: this
                # fallback depends on whether the row exists yet, so it may not converge.
                self._keep_unknown(table, row_id, name, encoded, hlc)
                return False
            self.conn.execute("DELETE FROM pending_fields WHERE table_name = ? AND row_id = ? AND field = ?", key)
            self._touch(table, row_id, name, DELETED if name == "deleted_at" and value else
                        RESTORED if name == "deleted_at" else UPDATED)
            return True
        self.conn.execute("INSERT OR REPLACE INTO pending_fields(table_name, row_id, field, value, hlc) "
                          "VALUES (?, ?, ?, ?, ?)", (*key, dump_value(encoded), hlc))
        return True

    def flush_pending(self) -> None:
        """Write waiting values whose row can now be created and whose references exist, until none can."""
        progress = True
        while progress:
            progress = False
            for table, row_id in self.conn.execute(
                    "SELECT DISTINCT table_name, row_id FROM pending_fields ORDER BY 1, 2").fetchall():
                progress |= self._flush_row(table, row_id)

    def _flush_row(self, table: str, row_id: str) -> bool:
        values = {name: decode_value(json.loads(text)) for name, text in self.conn.execute(
            "SELECT field, value FROM pending_fields WHERE table_name = ? AND row_id = ?", (table, row_id))}
        ready = {name: value for name, value in values.items() if not self._blocked(table, name, value)}
        if self._exists(table, row_id):
            if not ready:
                return False
            assignments = ", ".join(f"{name} = ?" for name in ready)
            self.conn.execute(f"UPDATE {table} SET {assignments} WHERE id = ?", [*ready.values(), row_id])
            kind = UPDATED
        else:
            columns = self._columns(table)
            required = {name for name, needed in columns.items() if needed == "required"}
            if not required <= ready.keys():
                return False
            row = {name: "" for name, needed in columns.items() if needed == "derived"}
            row.update(ready, id=row_id, modified=self._row_clock(table, row_id))
            try:
                self.conn.execute(f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
                                  list(row.values()))
            except sqlite3.IntegrityError:
                return False  # a value this schema refuses: the row waits for a version that takes it
            kind = INSERTED
        self.conn.executemany("DELETE FROM pending_fields WHERE table_name = ? AND row_id = ? AND field = ?",
                              [(table, row_id, name) for name in ready])
        for name in ready:
            self._touch(table, row_id, name, kind)
        return True

    def announce(self) -> None:
        """Stamp each written row with its newest field clock and note it for the announcement."""
        for (table, row_id), (names, kinds) in self.touched.items():
            self.conn.execute(f"UPDATE {table} SET modified = ? WHERE id = ?",
                              (self._row_clock(table, row_id), row_id))
            for kind in sorted(kinds):
                note_row(self.db, table, row_id, kind, sorted(names))

    def _row_clock(self, table: str, row_id: str) -> str:
        stamp = self.conn.execute("SELECT max(hlc) FROM field_clocks WHERE table_name = ? AND row_id = ?",
                                  (table, row_id)).fetchone()[0]
        if stamp is None and table in SYNCED_TABLES:
            # Implicit clocks (core.store.field_clocks) are all the row's ``modified``.
            row = self.conn.execute(f"SELECT modified FROM {table} WHERE id = ?", (row_id,)).fetchone()
            stamp = row[0] if row is not None else None
        return stamp

    def _touch(self, table: str, row_id: str, name: str, kind: str) -> None:
        names, kinds = self.touched.setdefault((table, row_id), (set(), set()))
        names.add(name)
        kinds.add(kind)

    def _exists(self, table: str, row_id: str) -> bool:
        return self.conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (row_id,)).fetchone() is not None

    def _blocked(self, table: str, name: str, value: Any) -> bool:
        """True when *value* refers to a row that has not arrived yet (the foreign key would fail)."""
        target = self._schema_of(table)[1].get(name)
        return target is not None and value is not None and not self._exists(target, value)

    def _columns(self, table: str) -> dict:
        return self._schema_of(table)[0]

    def _schema_of(self, table: str) -> tuple[dict, dict, set]:
        # columns: name -> "required" (NOT NULL, no default: needed to create the row),
        # "derived" (required but recomputed: a placeholder until the hooks run) or "optional";
        # references: column -> table; and the NOT NULL columns (a null is refused).
        if table not in self._schema:
            columns, not_null = {}, set()
            for _, name, _, notnull, default, pk in self.conn.execute(f"PRAGMA table_info({table})"):
                needed = notnull and default is None and not pk and name != "modified"
                columns[name] = ("derived" if name in DERIVED_FIELDS else "required") if needed else "optional"
                if notnull:
                    not_null.add(name)
            references = {row[3]: row[2] for row in self.conn.execute(f"PRAGMA foreign_key_list({table})")}
            self._schema[table] = (columns, references, not_null)
        return self._schema[table]
