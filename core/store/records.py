"""Low-level writes shared by every repository module.

Each helper stamps the row with a fresh HLC, writes it, and records one entry
per changed field in the ``changes`` log, all inside the caller's transaction.
Repository modules (contacts, activity, events) call these; nothing else
writes to synced tables.
"""

from __future__ import annotations

import base64
import json
from contextlib import contextmanager
from typing import Any, Iterable, Iterator, Mapping, Sequence

from core.store.changes import DELETED, INSERTED, RESTORED, UPDATED, current_collector, note_row
from core.store.dependents import reference_of, seen_dependents, settle_local_dependents, \
    settle_new_dependents
from core.store.elements import element_fields, record_list_write, seed_elements
from core.store.field_clocks import CREATION, NOT_CLOCKED, list_field_clocks, materialize_clocks
from core.store.ids import new_id, utc_now
from core.store.migrations import SYNCED_TABLES
from core.store.operation_log import operation_seq_of

_BOOKKEEPING = {"id", "created_at", "modified", "deleted_at"}


def _check_columns(db, table: str, fields) -> None:
    # Column names are put into SQL text, so only real columns may pass.
    cache = db.__dict__.setdefault("_fairmate_columns", {})
    if table not in cache:
        cache[table] = {row[1] for row in db.conn.execute(f"PRAGMA table_info({table})")}
    unknown = set(fields) - cache[table]
    if unknown:
        raise ValueError(f"{table} has no column(s) {sorted(unknown)}")


def _stamp(db) -> str:
    # Observe the newest stamp in the log so a second connection (another
    # thread) on this device never issues an older one; once per transaction
    # (an import stamps 20,000 rows in one).
    collector = current_collector(db)
    if collector is None or not collector.clock_observed:
        row = db.conn.execute("SELECT max(hlc) FROM changes").fetchone()
        db.clock.observe(row[0])
        if collector is not None:
            collector.clock_observed = True
    return db.clock.tick()


def encode_value(value: Any) -> Any:
    """A field value as JSON can hold it: bytes (photos) become ``{"$base64": …}``."""
    if isinstance(value, (bytes, bytearray)):
        # Photos travel in the log too: sync must never lose a field.
        return {"$base64": base64.b64encode(value).decode("ascii")}
    return value


def decode_value(value: Any) -> Any:
    """The inverse of ``encode_value``."""
    if isinstance(value, dict) and "$base64" in value:
        return base64.b64decode(value["$base64"])
    return value


# Derived from other fields on every write, so never sent: each device recomputes them.
DERIVED_FIELDS = frozenset({"sort_key", "name_key"})


def _encode_bytes(value: Any) -> Any:
    if isinstance(value, (bytes, bytearray)):
        return encode_value(value)
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


# One encoder for every log row: the text ``json.dumps`` of ``encode_value`` of each value gives (bytes
# reach ``default``), without making an encoder and a copy of the row for each (an import logs 10,000).
_dump = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_encode_bytes).encode


_INSERT_CHANGE = ("INSERT INTO changes(change_id, hlc, table_name, row_id, fields, old_fields, op_seq, base_clocks)"
                  " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")


def _log(db, hlc: str, table: str, row_id: str, fields: Mapping[str, Any],
         replaced: Mapping[str, Any] | None, kind: str) -> None:
    """Log one write of one row: the new values and (except for a new row) the ones they replaced."""
    logged = {k: v for k, v in fields.items() if k not in DERIVED_FIELDS}
    note_row(db, table, row_id, kind, fields)
    if not logged:
        return
    op_seq = operation_seq_of(db, current_collector(db))
    if replaced is None:
        # A new row: nothing to read, so its log row can wait for a batch (``logging_in_bulk``).
        # Its clocks are implicit: field clocks are stored once one changes (core.store.field_clocks),
        # a list field's element clocks are replayed from this log row when it first changes (seed_elements).
        change = (new_id(), hlc, table, row_id, _dump(logged), None, op_seq, None)
        pending = db.__dict__.get("_fairmate_bulk_log")
        reference = reference_of(table)
        if pending is not None:
            pending.add(change)
            pending.remember_creation(table, row_id, hlc, logged)
            if reference and logged.get(reference[1]):  # settled once the rows are written
                pending.referred.setdefault(reference[0], set()).add(logged[reference[1]])
        else:
            db.conn.execute(_INSERT_CHANGE, change)
            if reference:
                settle_local_dependents(db.conn, table, [(row_id, logged, None)])
        return
    flush_bulk_log(db)
    old = _dump({k: replaced.get(k) for k in logged})
    lists = element_fields(table) & logged.keys()
    if lists:
        seed_elements(db.conn, table, row_id, lists)
        for name in lists:
            # What a removal removes: the element as this device had it (the field's clock so far,
            # read as of the row before this write: its ``modified`` is already this write's).
            seen = list_field_clocks(db.conn, table, row_id, replaced.get("modified")).get(name)
            record_list_write(db.conn, table, row_id, name, hlc, logged[name], replaced.get(name),
                              seen[0] if seen else None)
    # The implicit clocks are read from the write this one replaced.
    materialize_clocks(db.conn, table, row_id, replaced.get("modified"))
    base = _advance_clocks(db, hlc, table, row_id, logged, whole_row=kind == DELETED,
                           seen_delete=bool(replaced.get("deleted_at")))
    db.conn.execute(_INSERT_CHANGE, (new_id(), hlc, table, row_id, _dump(logged), old, op_seq,
                                     json.dumps(base, separators=(",", ":")) if base else None))
    settle_local_dependents(db.conn, table, [(row_id, logged, replaced)])


class _BulkLog:
    """New rows' log rows, written together; and what each new row's implicit clocks are."""

    # Rows written at a time: memory stays small when 100,000 contacts are imported.
    LIMIT = 2000
    # New rows whose creation is remembered (``creation_of``): past it, it starts again (an import of
    # 100,000 in one transaction stays small); a row forgotten is read back.
    REMEMBERED = 20_000

    def __init__(self, conn):
        self.conn = conn
        self.changes: list = []
        self.created: dict[tuple[str, str, str], frozenset[str]] = {}
        self.field_sets: dict[tuple[str, ...], frozenset[str]] = {}
        # Rows new rows refer to (core.store.dependents), per parent table.
        self.referred: dict[str, set[str]] = {}

    def add(self, change: tuple) -> None:
        self.changes.append(change)
        if len(self.changes) >= self.LIMIT:
            self.flush(self.conn)

    def remember_creation(self, table: str, row_id: str, hlc: str, logged: Mapping[str, Any]) -> None:
        """Note the fields a new row's creation logged under *hlc*: its implicit clocks, without reading
        its log row back when it is first changed in this transaction (demo data moves new contacts on)."""
        names = tuple(logged)
        clocked = self.field_sets.get(names)
        if clocked is None:
            clocked = self.field_sets[names] = frozenset(n for n in names if n not in NOT_CLOCKED)
        if len(self.created) >= self.REMEMBERED:
            self.created.clear()
        self.created[table, row_id, hlc] = clocked

    def creation_of(self, table: str, row_id: str, hlc: str) -> frozenset[str] | None:
        """The clocked fields row *row_id* was created with under *hlc* in this transaction, or None."""
        return self.created.get((table, row_id, hlc))

    def flush(self, conn) -> None:
        if self.changes:
            conn.executemany(_INSERT_CHANGE, self.changes)
        self.changes = []


@contextmanager
def logging_in_bulk(db) -> Iterator[None]:
    """Inside the caller's transaction: new rows' log rows are written in a few statements, at the end.

    An import adds 10,000 contacts; written row by row, their log is ~10
    statements each. Any write of an existing row (which reads the log and the
    clocks) writes what waits first, so the log is never read incomplete.
    """
    if db.__dict__.get("_fairmate_bulk_log") is not None:
        yield
        return
    db.__dict__["_fairmate_bulk_log"] = _BulkLog(db.conn)
    try:
        yield
        flush_bulk_log(db)
        settle_new_dependents(db.conn, db.__dict__["_fairmate_bulk_log"].referred)
    finally:
        db.__dict__["_fairmate_bulk_log"] = None


def flush_bulk_log(db) -> None:
    """Write the new rows' log rows that wait (``logging_in_bulk``); a no-op when none wait."""
    pending = db.__dict__.get("_fairmate_bulk_log")
    if pending is not None:
        pending.flush(db.conn)


def _advance_clocks(db, hlc: str, table: str, row_id: str, fields,
                    whole_row: bool = False, seen_delete: bool = False) -> dict[str, str]:
    """Stamp each field of a local write with *hlc*; return the clocks it overwrote.

    A local write has seen every value this device holds, so the field's
    conflicts are settled and a value still waiting to be written is replaced.
    A delete (*whole_row*) returns the clock of every field of the row: a
    receiver learns from them which edits the deleting device had seen, and
    keeps the others as a conflict (``core.store.receive``). An edit of a
    deleted row (*seen_delete*) names the delete's clock: it is no conflict.
    """
    known = list_field_clocks(db.conn, table, row_id)
    base = {name: known[name][0] for name in fields if name in known}
    seen_row = {name: clock for name, (clock, _) in known.items()
                if whole_row or (seen_delete and name == "deleted_at")}
    if whole_row:
        # And what it had seen of the rows that belong to this one (core.store.dependents).
        seen_row.update(seen_dependents(db.conn, table, row_id, hlc))
    db.conn.executemany(
        "INSERT OR REPLACE INTO field_clocks(table_name, row_id, field, hlc, seen_hlc) VALUES (?, ?, ?, ?, ?)",
        [(table, row_id, name, hlc, max(base[name], known[name][1] or "") if name in base else None)
         for name in fields])
    if base:
        marks = ", ".join("?" for _ in base)
        for side_table in ("conflicts", "pending_fields"):
            db.conn.execute(f"DELETE FROM {side_table} WHERE table_name = ? AND row_id = ? AND field IN ({marks})",
                            (table, row_id, *base))
    return {**seen_row, **base}


def list_changes(db, *, row_id: str | None = None, after_seq: int = 0) -> list[dict]:
    """The change log, one entry per field: ``seq``, ``hlc``, ``table``, ``row_id``, ``field``, ``value``,
    ``old`` (the value it replaced; absent for a field of a new row) and ``op_id``."""
    sql = ("SELECT seq, hlc, table_name, row_id, fields, old_fields, (SELECT id FROM operations o WHERE o.seq = op_seq) "
           "FROM changes WHERE seq > ?")
    params: list = [after_seq]
    if row_id is not None:
        sql += " AND row_id = ?"
        params.append(row_id)
    entries = []
    for seq, hlc, table, row, fields, old_fields, op_id in db.conn.execute(sql + " ORDER BY seq", params):
        replaced = json.loads(old_fields) if old_fields is not None else None
        for field, value in json.loads(fields).items():
            entry = {"seq": seq, "hlc": hlc, "table": table, "row_id": row,
                     "field": field, "value": decode_value(value), "op_id": op_id}
            if replaced is not None:
                entry["old"] = decode_value(replaced.get(field))
            entries.append(entry)
    return entries


def insert_row(db, table: str, values: Mapping[str, Any], *, created_at: str | None = None) -> str:
    """Insert a new row into a synced *table*; return its new id.

    *created_at* (now unless given): a row every device may write alike (an id
    made from another row's) passes a time they agree on, so theirs do not conflict.
    """
    return insert_new_row(db, table, values, created_at=created_at)[0]


def insert_new_row(db, table: str, values: Mapping[str, Any], *,
                   created_at: str | None = None) -> tuple[str, int, dict[str, Any]]:
    """``insert_row`` that also returns the new row's rowid and the values written (no reading back)."""
    assert table in SYNCED_TABLES, table
    row_id = values.get("id") or new_id()
    hlc = _stamp(db)
    row = {k: v for k, v in values.items() if k not in _BOOKKEEPING}
    _check_columns(db, table, row)
    full = {"id": row_id, "created_at": created_at or utc_now(), "modified": hlc, **row}
    columns = ", ".join(full)
    marks = ", ".join("?" for _ in full)
    rowid = db.conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(full.values())).lastrowid
    # Empty fields of a new row are not news: a missing field means NULL.
    _log(db, hlc, table, row_id,
         {"created_at": full["created_at"], **{k: v for k, v in row.items() if v is not None}},
         None, INSERTED)
    return row_id, rowid, full


def update_row(db, table: str, row_id: str, values: Mapping[str, Any], *,
               include_deleted: bool = False) -> dict[str, Any]:
    """Update fields of a live row; log only fields whose value really changed.

    Returns the changed fields (empty when nothing changed). Raises
    ``KeyError`` when the row does not exist or is deleted (unless
    *include_deleted*: a merge moves a contact's cancelled meetings too).
    """
    assert table in SYNCED_TABLES, table
    _check_columns(db, table, values)
    current = fetch_row(db, table, row_id, include_deleted=include_deleted)
    if current is None:
        raise KeyError(f"{table} {row_id} not found")
    changed = {k: v for k, v in values.items()
               if k not in _BOOKKEEPING and current.get(k) != v}
    if not changed:
        return {}
    hlc = _stamp(db)
    assignments = ", ".join(f"{k} = ?" for k in changed)
    db.conn.execute(
        f"UPDATE {table} SET {assignments}, modified = ? WHERE id = ?",
        [*changed.values(), hlc, row_id],
    )
    _log(db, hlc, table, row_id, changed, current, UPDATED)
    return changed


def insert_rows(db, table: str, rows: Iterable[Mapping[str, Any]]) -> list[str]:
    """``insert_row`` for many new rows (demo data, an import): the same rows and log, in few statements.

    Returns their ids in order. Consecutive rows with the same fields are written
    with one ``executemany``; their log rows wait for a batch (``logging_in_bulk``).
    """
    assert table in SYNCED_TABLES, table
    ids: list[str] = []
    columns: tuple = ()
    waiting: list[tuple] = []

    def write() -> None:
        _check_columns(db, table, columns)
        marks = ", ".join("?" for _ in columns)
        db.conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", waiting)
        waiting.clear()

    with logging_in_bulk(db):
        created = utc_now()
        for values in rows:
            row_id = values.get("id") or new_id()
            hlc = _stamp(db)
            row = {k: v for k, v in values.items() if k not in _BOOKKEEPING}
            full = {"id": row_id, "created_at": created, "modified": hlc, **row}
            if tuple(full) != columns and waiting:
                write()
            columns = tuple(full)
            waiting.append(tuple(full.values()))
            _log(db, hlc, table, row_id, {"created_at": created, **{k: v for k, v in row.items() if v is not None}},
                 None, INSERTED)
            ids.append(row_id)
        if waiting:
            write()
    return ids


def update_rows(db, table: str, updates: Sequence[tuple[str, Mapping[str, Any]]], *,
                include_deleted: bool = False) -> list[dict[str, Any]]:
    """``update_row`` for many live rows, each named at most once: the same rows, log and clocks in few statements.

    Returns each row's changed fields, in order. Raises ``KeyError`` (nothing
    written) when a row does not exist or is deleted (unless *include_deleted*).
    A write of a list field (element clocks) goes row by row through ``update_row``.
    """
    assert table in SYNCED_TABLES, table
    ids = [row_id for row_id, _values in updates]
    if len(set(ids)) != len(ids):
        raise ValueError("update_rows: name each row at most once")
    for _row_id, values in updates:
        _check_columns(db, table, values)
    # Only what the write compares and logs (a contact's row may hold a photo).
    columns = {"id", "modified", "deleted_at"}.union(*(values.keys() for _row_id, values in updates))
    current = fetch_rows(db, table, ids, include_deleted=include_deleted, columns=sorted(columns))
    missing = [row_id for row_id in ids if row_id not in current]
    if missing:
        raise KeyError(f"{table} {missing[0]} not found")
    lists = element_fields(table)
    results, written = [], []
    for row_id, values in updates:
        if lists & values.keys():
            results.append(update_row(db, table, row_id, values, include_deleted=include_deleted))
            continue
        replaced = current[row_id]
        changed = {k: v for k, v in values.items() if k not in _BOOKKEEPING and replaced.get(k) != v}
        results.append(changed)
        if changed:
            written.append((row_id, changed, replaced, _stamp(db)))
    if not written:
        return results
    for names, group in _grouped(written, lambda item: tuple(item[1])).items():
        assignments = ", ".join(f"{k} = ?" for k in names)
        db.conn.executemany(f"UPDATE {table} SET {assignments}, modified = ? WHERE id = ?",
                            [(*changed.values(), hlc, row_id) for row_id, changed, _replaced, hlc in group])
    _log_updates(db, table, written, UPDATED)
    return results


def tombstone_rows(db, table: str, row_ids: Sequence[str]) -> list[str]:
    """``tombstone_row`` for many rows (undoing demo data): the same rows, log and clocks in few statements.

    Returns the ids it deleted (those not deleted already), in order.
    """
    assert table in SYNCED_TABLES, table
    current = fetch_rows(db, table, list(dict.fromkeys(row_ids)))
    when = utc_now()
    written = [(row_id, {"deleted_at": when}, current[row_id], _stamp(db))
               for row_id in dict.fromkeys(row_ids) if row_id in current]
    db.conn.executemany(f"UPDATE {table} SET deleted_at = ?, modified = ? WHERE id = ?",
                        [(when, hlc, row_id) for row_id, _changed, _replaced, hlc in written])
    _log_updates(db, table, written, DELETED)
    return [row_id for row_id, *_rest in written]


def _grouped(items, key) -> dict:
    groups: dict = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return groups


# Ids read at a time in an ``IN (…)`` list (SQLite's limit on parameters is far above).
_IN_CHUNK = 500


def fetch_rows(db, table: str, ids: Sequence[str], *, include_deleted: bool = False,
               columns: Sequence[str] | None = None) -> dict[str, dict]:
    """``fetch_row`` for many: {id: row} of those found, read a few hundred at a time (*columns* only,
    which must hold ``id``, when given)."""
    rows = {}
    live = "" if include_deleted else " AND deleted_at IS NULL"
    if columns is not None:
        _check_columns(db, table, columns)
    selected = "*" if columns is None else ", ".join(["id", *(c for c in columns if c != "id")])
    for first in range(0, len(ids), _IN_CHUNK):
        chunk = list(ids[first:first + _IN_CHUNK])
        cursor = db.conn.execute(
            f"SELECT {selected} FROM {table} WHERE id IN ({', '.join('?' for _ in chunk)}){live}", chunk)
        names = [d[0] for d in cursor.description]
        rows.update((row[0], dict(zip(names, row))) for row in cursor)
    return rows


def _log_updates(db, table: str, written: list, kind: str) -> None:
    """``_log`` of many writes of scalar fields of live rows, one per row: clocks read and written a batch at a time.

    The same rows as ``_log`` writes for each: the creation marker of a row whose
    clocks were implicit (``materialize_clocks``), each field's new clock and the
    clocks it replaced (``_advance_clocks``; a delete, *kind* ``DELETED``, names
    every clock of the row and what it saw of the rows referring to it), the
    settled conflicts removed, the log row.
    """
    flush_bulk_log(db)
    collector = current_collector(db)
    op_seq = operation_seq_of(db, collector)
    ids = [row_id for row_id, *_rest in written]
    stored: dict[str, dict] = {}
    creations: dict[tuple[str, str], set[str]] = {}
    for first in range(0, len(ids), _IN_CHUNK):
        chunk = ids[first:first + _IN_CHUNK]
        marks = ", ".join("?" for _ in chunk)
        for row_id, name, clock, seen in db.conn.execute(
                f"SELECT row_id, field, hlc, seen_hlc FROM field_clocks WHERE table_name = ? AND row_id IN ({marks})",
                (table, *chunk)):
            stored.setdefault(row_id, {})[name] = (clock, seen)
    # The creating change a row's implicit clocks come from: stamped with the marker's stamp, or
    # (no clock stored yet) with the row's ``modified`` before this write.
    wanted = {(row_id, (stored[row_id][CREATION][0] if CREATION in stored[row_id] else None)
               if row_id in stored else replaced.get("modified")) for row_id, _changed, replaced, _hlc in written}
    # Rows created in this transaction's bulk log: their creating change is known, not read back.
    pending = db.__dict__.get("_fairmate_bulk_log")
    if pending is not None:
        for row_id, clock in wanted:
            names = pending.creation_of(table, row_id, clock) if clock else None
            if names is not None:
                creations[row_id, clock] = set(names)
    unread = list(dict.fromkeys(row_id for row_id, clock in wanted if clock and (row_id, clock) not in creations))
    for first in range(0, len(unread), _IN_CHUNK):
        chunk = unread[first:first + _IN_CHUNK]
        for row_id, clock, text in db.conn.execute(
                f"SELECT row_id, hlc, fields FROM changes WHERE table_name = ? AND row_id IN "
                f"({', '.join('?' for _ in chunk)})", (table, *chunk)):
            if (row_id, clock) in wanted and (row_id, clock) not in creations:
                fields = json.loads(text)
                if "created_at" in fields:
                    creations[row_id, clock] = {name for name in fields if name not in NOT_CLOCKED}
    markers, clocks, settled, changes = [], [], [], []
    for row_id, changed, replaced, hlc in written:
        logged = {k: v for k, v in changed.items() if k not in DERIVED_FIELDS}
        note_row(db, table, row_id, kind, changed)
        if not logged:
            continue
        have = stored.get(row_id, {})
        if not have:
            stamp = replaced.get("modified")
            if creations.get((row_id, stamp)):
                markers.append((table, row_id, CREATION, stamp))
                have = {CREATION: (stamp, None)}
        if have and CREATION not in have:
            known = have
        elif have:
            stamp = have[CREATION][0]
            known = {**{name: (stamp, None) for name in creations.get((row_id, stamp), ())},
                     **{name: clock for name, clock in have.items() if name != CREATION}}
        else:
            known = {}
        base = {name: known[name][0] for name in logged if name in known}
        seen = {}
        if kind == DELETED:
            seen = {name: clock for name, (clock, _seen) in known.items()}
            seen.update(seen_dependents(db.conn, table, row_id, hlc))
        clocks += [(table, row_id, name, hlc, max(base[name], known[name][1] or "") if name in base else None)
                   for name in logged]
        settled += [(table, row_id, name) for name in base]
        changes.append((new_id(), hlc, table, row_id, _dump(logged),
                        _dump({k: replaced.get(k) for k in logged}), op_seq,
                        json.dumps({**seen, **base}, separators=(",", ":")) if seen or base else None))
    db.conn.executemany("INSERT INTO field_clocks(table_name, row_id, field, hlc, seen_hlc) VALUES (?, ?, ?, ?, NULL)",
                        markers)
    db.conn.executemany("INSERT OR REPLACE INTO field_clocks(table_name, row_id, field, hlc, seen_hlc) "
                        "VALUES (?, ?, ?, ?, ?)", clocks)
    for side_table in ("conflicts", "pending_fields"):
        db.conn.executemany(f"DELETE FROM {side_table} WHERE table_name = ? AND row_id = ? AND field = ?", settled)
    db.conn.executemany(_INSERT_CHANGE, changes)
    settle_local_dependents(db.conn, table, [(row_id, changed, replaced) for row_id, changed, replaced, _ in written])


def confirm_fields(db, table: str, row_id: str, names) -> dict[str, Any]:
    """Write fields again with the values they hold: a decision ("keep this value") that other devices hear.

    Logged like any write, with the clocks it saw, so the values that lost to
    these are settled here and on every device it reaches. Returns the fields
    written; raises ``KeyError`` when the row does not exist.
    """
    assert table in SYNCED_TABLES, table
    _check_columns(db, table, names)
    current = fetch_row(db, table, row_id, include_deleted=True)
    if current is None:
        raise KeyError(f"{table} {row_id} not found")
    values = {name: current[name] for name in names if name not in _BOOKKEEPING or name == "deleted_at"}
    if not values:
        return {}
    hlc = _stamp(db)
    db.conn.execute(f"UPDATE {table} SET modified = ? WHERE id = ?", (hlc, row_id))
    # Keeping a delete is a delete again: it names every clock it saw, settling the edits it lost.
    _log(db, hlc, table, row_id, values, current, DELETED if values.get("deleted_at") else UPDATED)
    return values


def tombstone_row(db, table: str, row_id: str, *, when: str | None = None) -> bool:
    """Mark a row deleted (never removed, so the delete can sync); False if already gone.

    *when* is the time it is deleted at (now unless given: a decision every
    device makes alike gives its own time, so their writes agree).
    """
    assert table in SYNCED_TABLES, table
    current = fetch_row(db, table, row_id)
    if current is None:
        return False
    hlc = _stamp(db)
    when = when or utc_now()
    db.conn.execute(f"UPDATE {table} SET deleted_at = ?, modified = ? WHERE id = ?",
                    (when, hlc, row_id))
    _log(db, hlc, table, row_id, {"deleted_at": when}, current, DELETED)
    return True


def restore_row(db, table: str, row_id: str) -> bool:
    """Bring a tombstoned row back (undoing a merge); False if it is not deleted."""
    assert table in SYNCED_TABLES, table
    current = fetch_row(db, table, row_id, include_deleted=True)
    if current is None or current["deleted_at"] is None:
        return False
    hlc = _stamp(db)
    db.conn.execute(f"UPDATE {table} SET deleted_at = NULL, modified = ? WHERE id = ?",
                    (hlc, row_id))
    _log(db, hlc, table, row_id, {"deleted_at": None}, current, RESTORED)
    return True


def fetch_row(db, table: str, row_id: str, *, include_deleted: bool = False) -> dict | None:
    """One row as a dict, or None; deleted rows only when asked."""
    cursor = db.conn.execute(f"SELECT * FROM {table} WHERE id = ?", (row_id,))
    row = cursor.fetchone()
    if row is None:
        return None
    record = dict(zip((d[0] for d in cursor.description), row))
    if record["deleted_at"] and not include_deleted:
        return None
    return record
