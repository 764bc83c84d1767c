"""The client's sync state, kept in the book's ``device`` table, and the changes waiting to be sent.

The keys are those of docs/sync-protocol.md ("Client state"). They are this
device's own (the ``device`` table never syncs) and are written inside the
same transactions as the changes they describe: a cursor moves with the page
it covers, an acknowledgement with the changes it names.
"""

from __future__ import annotations

import json

from dataclasses import dataclass

from core.store.db import CLOCK_OFFSET_KEY, install_clock, write_transaction
from core.store.ids import utc_now
from core.store.migrations import PERSONAL_TABLES
from core.store.wire import wire_change

URL = "sync_url"
TEAM_ID = "sync_team_id"
TEAM_NAME = "sync_team_name"
DEVICE_ID = "sync_device_id"
EPOCH = "sync_epoch"
CURSOR = "sync_cursor"
CURSOR_CHANGE_ID = "sync_cursor_change_id"
CLOCK_OFFSET = CLOCK_OFFSET_KEY
LAST_SYNC_AT = "last_sync_at"
# JSON {node: device name} of the team's devices, from hello: whose edit a conflict holds.
DEVICE_NAMES = "sync_device_names"
# JSON list of the node ids this book had before its current one (a copied book got a new one).
PREVIOUS_NODES = "sync_previous_nodes"
# Where the book was when it paired: a book elsewhere holding the same keys is a copy of it.
BOOK_PATH = "sync_book_path"
# JSON {team id: {device_id, node, book, team_name, left_at, epoch?, cursor?, cursor_change_id?}}: the devices
# this book was paired as, so that pairing again reuses the entry (and, with the marks, sends only what is new).
PREVIOUS_DEVICES = "sync_previous_devices"
# Not in the protocol: the user allowed plain http:// to this (non-loopback) server.
ALLOW_PLAIN_HTTP = "sync_allow_plain_http"

# What disconnecting forgets (the clock offset stays: the device's clock is still wrong).
CONNECTION_KEYS = (URL, TEAM_ID, TEAM_NAME, DEVICE_ID, EPOCH, CURSOR, CURSOR_CHANGE_ID, LAST_SYNC_AT, DEVICE_NAMES,
                   ALLOW_PLAIN_HTTP, BOOK_PATH)

_PERSONAL = ", ".join(f"'{name}'" for name in PERSONAL_TABLES)


@dataclass(frozen=True)
class SyncState:
    """The sync keys of one book; ``url`` is None when it is not connected to a server."""

    url: str | None
    team_id: str | None
    team_name: str | None
    device_id: str | None
    epoch: str | None
    cursor: int
    cursor_change_id: str | None
    clock_offset_ms: int
    last_sync_at: str | None
    allow_plain_http: bool
    book_path: str | None = None

    @property
    def connected(self) -> bool:
        """True when the book is paired with a server."""
        return bool(self.url and self.team_id)


def read_sync_state(db) -> SyncState:
    """The book's sync keys (defaults where absent)."""
    values = dict(db.conn.execute("SELECT key, value FROM device WHERE key LIKE 'sync_%' OR key IN (?, ?)",
                                  (CLOCK_OFFSET, LAST_SYNC_AT)).fetchall())
    return SyncState(
        url=values.get(URL), team_id=values.get(TEAM_ID), team_name=values.get(TEAM_NAME),
        device_id=values.get(DEVICE_ID), epoch=values.get(EPOCH),
        cursor=_as_int(values.get(CURSOR)), cursor_change_id=values.get(CURSOR_CHANGE_ID),
        clock_offset_ms=_as_int(values.get(CLOCK_OFFSET)), last_sync_at=values.get(LAST_SYNC_AT),
        allow_plain_http=values.get(ALLOW_PLAIN_HTTP) == "1", book_path=values.get(BOOK_PATH))


def _as_int(text: str | None) -> int:
    try:
        return int(text) if text is not None else 0
    except ValueError:
        return 0


def write_sync_keys(db, values: dict) -> None:
    """Set (or, for None, remove) device keys; inside the caller's transaction when there is one."""
    with write_transaction(db):
        for key, value in values.items():
            if value is None:
                db.conn.execute("DELETE FROM device WHERE key = ?", (key,))
            else:
                db.conn.execute("INSERT OR REPLACE INTO device(key, value) VALUES (?, ?)", (key, str(value)))


def forget_connection(db) -> None:
    """Remove the connection's keys (server, team, device, cursor); the change log stays as it is."""
    write_sync_keys(db, dict.fromkeys(CONNECTION_KEYS))


def set_clock_offset(db, offset_ms: int) -> None:
    """Store the clock offset and make the book's clock use it from now on."""
    write_sync_keys(db, {CLOCK_OFFSET: int(offset_ms) or None})
    install_clock(db)


def reset_server_marks(db, epoch: str | None) -> None:
    """Forget what the server was known to hold: every change unsent, cursor 0, the new epoch.

    After a server restore (or pairing with another server) everything is
    pushed again (idempotent by change id) and pulled from the start (a no-op
    for what is here already): no local change is dropped, nothing is reset.
    """
    with write_transaction(db):
        db.conn.execute("UPDATE changes SET server_seq = NULL WHERE server_seq IS NOT NULL")
        write_sync_keys(db, {EPOCH: epoch, CURSOR: 0, CURSOR_CHANGE_ID: None})


def count_waiting_changes(db) -> int:
    """How many logged changes the server may not hold yet (never the personal tables')."""
    return db.conn.execute(
        f"SELECT count(*) FROM changes WHERE server_seq IS NULL AND table_name NOT IN ({_PERSONAL})"
    ).fetchone()[0]


def count_acknowledged_changes(db) -> int:
    """Changes the server holds, as far as this book knows: given a sequence, or held for later."""
    acknowledged = db.conn.execute("SELECT count(*) FROM changes WHERE server_seq IS NOT NULL").fetchone()[0]
    # Changes held back (stamped too far in this device's future) came from the server too.
    held = db.conn.execute(
        "SELECT count(*) FROM held_changes WHERE change_id NOT IN (SELECT change_id FROM changes)").fetchone()[0]
    return acknowledged + held


def list_unsent_changes(db, limit: int, after_seq: int = 0) -> list[dict]:
    """The oldest *limit* changes waiting to be sent (logged after *after_seq*), in wire form (``core.store.wire``)."""
    rows = db.conn.execute(
        "SELECT change_id, hlc, table_name, row_id, fields, base_clocks, old_fields FROM changes "
        f"WHERE server_seq IS NULL AND table_name NOT IN ({_PERSONAL}) AND seq > ? ORDER BY seq LIMIT ?",
        (after_seq, limit))
    return [wire_change(*row) for row in rows]


def change_seq(db, change_id: str) -> int:
    """The book's own log position of a change (0 when it is not here)."""
    row = db.conn.execute("SELECT seq FROM changes WHERE change_id = ?", (change_id,)).fetchone()
    return row[0] if row else 0


def mark_changes_sent(db, acks: list) -> None:
    """Record the team sequence the server gave each change (``[[change_id, seq], …]``)."""
    with write_transaction(db):
        db.conn.executemany("UPDATE changes SET server_seq = ? WHERE change_id = ?",
                            [(int(seq), change_id) for change_id, seq in acks])


def read_previous_devices(db) -> dict[str, dict]:
    """The devices this book was paired as, by team id (``PREVIOUS_DEVICES``)."""
    row = db.conn.execute("SELECT value FROM device WHERE key = ?", (PREVIOUS_DEVICES,)).fetchone()
    try:
        records = json.loads(row[0]) if row and row[0] else {}
    except ValueError:
        return {}
    return {str(team): record for team, record in records.items() if isinstance(record, dict)} \
        if isinstance(records, dict) else {}


def remember_device(db, current: SyncState, node: str, marks: bool) -> None:
    """Keep the connection *current* as a device this book was paired as; with its server marks when *marks*."""
    if not current.connected or not current.device_id:
        return
    records = read_previous_devices(db)
    records[current.team_id] = {
        "device_id": current.device_id, "node": node, "book": current.book_path, "team_name": current.team_name,
        "left_at": utc_now(),
        **({"epoch": current.epoch, "cursor": current.cursor, "cursor_change_id": current.cursor_change_id}
           if marks else {})}
    write_sync_keys(db, {PREVIOUS_DEVICES: json.dumps(records, ensure_ascii=False, sort_keys=True)})


def forget_previous_marks(db) -> None:
    """The server marks of the changes now belong to another connection: no record keeps its own."""
    records = read_previous_devices(db)
    kept = {team: {k: v for k, v in record.items() if k not in ("epoch", "cursor", "cursor_change_id")}
            for team, record in records.items()}
    if kept != records:
        write_sync_keys(db, {PREVIOUS_DEVICES: json.dumps(kept, ensure_ascii=False, sort_keys=True)})


def own_nodes(db) -> set[str]:
    """The node ids this book stamps with or stamped with before (never another device's)."""
    row = db.conn.execute("SELECT value FROM device WHERE key = ?", (PREVIOUS_NODES,)).fetchone()
    try:
        previous = json.loads(row[0]) if row and row[0] else []
    except ValueError:
        previous = []
    return {db.node_id, *(str(node) for node in (previous if isinstance(previous, list) else []))}


def read_device_names(db) -> dict[str, str]:
    """The team's device names by node, as the server last told them (empty when never told)."""
    row = db.conn.execute("SELECT value FROM device WHERE key = ?", (DEVICE_NAMES,)).fetchone()
    try:
        names = json.loads(row[0]) if row and row[0] else {}
    except ValueError:
        return {}
    return {str(node): str(name) for node, name in names.items()} if isinstance(names, dict) else {}
