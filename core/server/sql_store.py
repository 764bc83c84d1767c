"""The store's logic written once in SQL both SQLite and PostgreSQL run (``SqlStore``).

The two stores differ only in how they connect, how a write transaction
starts and locks a team's counter row, the parameter marker, and the column
types; everything else (pairing, tokens, seqs, pulls) is here, so the two
cannot drift apart.
"""

from __future__ import annotations

import json
import secrets
import threading
from abc import abstractmethod
from contextlib import contextmanager
from typing import Iterator, Sequence

from core.server.storage import (BadCode, CursorMismatch, Device, IncomingChange, NodeTaken, Pairing,
                                 PulledChange, StoreError, SyncStore, Team, UnknownDevice, UnknownTeam,
                                 chunk_list, hash_token, new_code, new_token, stamp_node, unique_changes)
from core.store.erasure import is_erasure, scrubbed_fields
from core.sync import protocol

# Parameters in one IN list: under SQLite's old limit of 999.
_IN_CHUNK = 500

_DEVICE_COLUMNS = ("d.device_id, d.team_id, t.name, d.name, d.node, d.created_at, d.revoked_at")


def scrubbed_text(change: dict) -> str:
    """A change of an erased row as the server keeps it: its ids and clocks, no value (an erasure keeps its own)."""
    kept = {key: value for key, value in change.items() if key != "replaced"}
    kept["fields"] = scrubbed_fields(change.get("fields") or {})
    return json.dumps(kept, ensure_ascii=False, separators=(",", ":"))


class SqlStore(SyncStore):
    """A ``SyncStore`` over DB-API connections, one per transaction at a time; subclasses say how to connect and lock."""

    # The parameter marker of the driver ("?" or "%s").
    PARAM = "?"
    # Column type of a JSON text (the change as sent).
    TEXT = "TEXT"
    BIGINT = "INTEGER"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        # Idle connections, taken by one transaction at a time: never shared by two threads at
        # once, and reused across the thread pool's threads (a PostgreSQL connection takes
        # ~20 ms to open; one per thread made the first pushes 5x slower, measured).
        self._idle: list = []
        self._every: list = []
        self._lock = threading.Lock()

    # Hooks.
    @abstractmethod
    def open_connection(self):
        """A new connection in autocommit mode (transactions are begun explicitly)."""

    @abstractmethod
    def begin_write(self, cur) -> None:
        """Begin a transaction that will write."""

    def begin_read(self, cur) -> None:
        """Begin a transaction that reads one snapshot."""
        cur.execute("BEGIN")

    @abstractmethod
    def lock_team(self, cur, team_id: str) -> int | None:
        """Lock the team's counter row for this transaction; its head (None: no such team)."""

    @abstractmethod
    def is_unique_violation(self, exc: Exception) -> bool:
        """True when *exc* says a unique constraint refused a row."""

    def is_broken(self, conn) -> bool:
        """True when *conn* can no longer be used (its database server restarted); never for a file."""
        return False

    # Connections and transactions.
    @contextmanager
    def connection(self) -> Iterator:
        """A connection for this thread alone until the block ends (an idle one, or a new one)."""
        with self._lock:
            conn = self._idle.pop() if self._idle else None
        if conn is None:
            conn = self.open_connection()
            with self._lock:
                self._every.append(conn)
        try:
            yield conn
        finally:
            broken = self.is_broken(conn)
            with self._lock:
                if broken:
                    # Not pooled again: every later request would fail on it until the server restarted.
                    self._every.remove(conn)
                else:
                    self._idle.append(conn)
            if broken:
                conn.close()

    @contextmanager
    def _begun(self, begin) -> Iterator:
        """A cursor on a connection of its own with *begin* run; a pooled connection found broken is replaced once."""
        for attempt in range(2):
            with self.connection() as conn:
                try:
                    cur = conn.cursor()
                    begin(cur)
                except Exception:
                    # Nothing was done on it yet: the database restarted while it sat idle.
                    if attempt or not self.is_broken(conn):
                        raise
                    continue
                yield cur
                return

    def close(self) -> None:
        """Close every connection this store opened."""
        with self._lock:
            for conn in self._every:
                conn.close()
            self._every.clear()
            self._idle.clear()

    def sql(self, text: str) -> str:
        """*text* written with ``?`` markers, in this driver's marker."""
        return text if self.PARAM == "?" else text.replace("?", self.PARAM)

    @contextmanager
    def write(self) -> Iterator:
        """A cursor inside a write transaction: committed at the end, rolled back on an error."""
        with self._begun(self.begin_write) as cur:
            try:
                yield cur
            except BaseException:
                cur.execute("ROLLBACK")
                raise
            cur.execute("COMMIT")

    @contextmanager
    def read(self) -> Iterator:
        """A cursor inside a read transaction: one consistent view of the store."""
        with self._begun(self.begin_read) as cur:
            try:
                yield cur
            finally:
                cur.execute("ROLLBACK")

    def run(self, cur, text: str, params: Sequence = ()):
        """Execute *text* (``?`` markers) on *cur*; the cursor."""
        cur.execute(self.sql(text), tuple(params))
        return cur

    # Schema and epoch.
    def schema_statements(self) -> list[str]:
        """The CREATE statements of the store's tables."""
        text, big = self.TEXT, self.BIGINT
        return [
            f"CREATE TABLE IF NOT EXISTS meta (key {text} PRIMARY KEY, value {text} NOT NULL)",
            f"CREATE TABLE IF NOT EXISTS teams (team_id {text} PRIMARY KEY, name {text} NOT NULL UNIQUE, "
            f"head {big} NOT NULL DEFAULT 0, created_at {big} NOT NULL)",
            f"CREATE TABLE IF NOT EXISTS devices (device_id {text} PRIMARY KEY, "
            f"team_id {text} NOT NULL REFERENCES teams(team_id), name {text} NOT NULL, node {text} NOT NULL, "
            f"token_hash {text} NOT NULL UNIQUE, created_at {big} NOT NULL, revoked_at {big}, "
            f"UNIQUE (team_id, node))",
            f"CREATE TABLE IF NOT EXISTS pairing_codes (code_id {text} PRIMARY KEY, "
            f"team_id {text} NOT NULL REFERENCES teams(team_id), code_hash {text} NOT NULL, "
            f"created_at {big} NOT NULL, expires_at {big} NOT NULL, used_at {big}, used_by {text})",
            # The seq is the team's, so the key is (team, seq); a change id is unique per team.
            f"CREATE TABLE IF NOT EXISTS changes (team_id {text} NOT NULL REFERENCES teams(team_id), "
            f"seq {big} NOT NULL, change_id {text} NOT NULL, hlc {text} NOT NULL, device_id {text} NOT NULL, "
            f"body {text} NOT NULL, PRIMARY KEY (team_id, seq), UNIQUE (team_id, change_id))",
            # Rows erased for good (an erasure change arrived): their changes are kept without values.
            f"CREATE TABLE IF NOT EXISTS erased_rows (team_id {text} NOT NULL REFERENCES teams(team_id), "
            f"table_name {text} NOT NULL, row_id {text} NOT NULL, PRIMARY KEY (team_id, table_name, row_id))",
        ]

    def create_schema(self) -> None:
        """Create the tables when they are missing, and the epoch with them."""
        with self.write() as cur:
            for statement in self.schema_statements():
                cur.execute(statement)
            if self.run(cur, "SELECT value FROM meta WHERE key = 'epoch'").fetchone() is None:
                self.run(cur, "INSERT INTO meta (key, value) VALUES ('epoch', ?)", (secrets.token_hex(8),))

    def epoch(self) -> str:
        """The store's epoch: a random id that changes when a backup is restored."""
        with self.read() as cur:
            row = self.run(cur, "SELECT value FROM meta WHERE key = 'epoch'").fetchone()
        if row is None:
            raise StoreError("the store has no schema yet")
        return row[0]

    def new_epoch(self) -> str:
        """Give the store a new epoch (after restoring a backup) and return it."""
        epoch = secrets.token_hex(8)
        with self.write() as cur:
            self.run(cur, "UPDATE meta SET value = ? WHERE key = 'epoch'", (epoch,))
        return epoch

    # Teams and devices.
    def add_team(self, name: str) -> Team:
        """Add a team called *name* (unique); ``StoreError`` when the name is taken."""
        name = name.strip()
        if not name:
            raise StoreError("a team needs a name")
        team = Team(self.make_device_id(), name)
        try:
            with self.write() as cur:
                self.run(cur, "INSERT INTO teams (team_id, name, head, created_at) VALUES (?, ?, 0, ?)",
                         (team.team_id, name, self.clock()))
        except Exception as exc:
            if self.is_unique_violation(exc):
                raise StoreError(f"a team called {name!r} exists already") from None
            raise
        return team

    def find_team(self, name_or_id: str) -> Team:
        """The team with this name or id; ``UnknownTeam`` when there is none."""
        with self.read() as cur:
            row = self.run(cur, "SELECT team_id, name FROM teams WHERE name = ? OR team_id = ? "
                                "ORDER BY name = ? DESC", (name_or_id, name_or_id, name_or_id)).fetchone()
        if row is None:
            raise UnknownTeam(name_or_id)
        return Team(row[0], row[1])

    def list_teams(self) -> list[Team]:
        """Every team, by name."""
        with self.read() as cur:
            return [Team(*row) for row in self.run(cur, "SELECT team_id, name FROM teams ORDER BY name")]

    def create_pairing_code(self, team: Team, ttl_s: int = protocol.PAIRING_CODE_TTL_S) -> str:
        """A new one-time pairing code for *team*, valid *ttl_s* seconds (stored hashed)."""
        code = new_code()
        now = self.clock()
        with self.write() as cur:
            self.run(cur, "INSERT INTO pairing_codes (code_id, team_id, code_hash, created_at, expires_at) "
                          "VALUES (?, ?, ?, ?, ?)",
                     (self.make_device_id(), team.team_id, self.hash_code(code), now, now + ttl_s * 1000))
        return code

    def _live_code(self, code: str) -> tuple:
        """(code id, hash, team id, team name) of the live code *code*; ``BadCode`` when there is none."""
        with self.read() as cur:
            live = self.run(cur, "SELECT c.code_id, c.code_hash, t.team_id, t.name FROM pairing_codes c "
                                 "JOIN teams t ON t.team_id = c.team_id "
                                 "WHERE c.used_at IS NULL AND c.expires_at > ?", (self.clock(),)).fetchall()
        # argon2 is slow on purpose: checked outside the write lock. Live codes are few.
        match = next((row for row in live if self.code_matches(code, row[1])), None)
        if match is None:
            raise BadCode("wrong, used or expired code")
        return match

    def find_code_team(self, code: str) -> Team:
        """The team of the live pairing code *code*, which stays unused; ``BadCode`` when there is none."""
        return Team(*self._live_code(code)[2:])

    def pair_device(self, code: str, device_name: str, node: str,
                    previous_device_ids: Sequence[str] = ()) -> Pairing:
        """Exchange a pairing code for a new device and its token (``BadCode``, ``NodeTaken``); see ``SyncStore``."""
        now = self.clock()
        code_id, _hash, team_id, team_name = self._live_code(code)
        token = new_token()
        device_id = self.make_device_id()
        try:
            reused = self._add_device(code_id, team_id, device_id, device_name, node, token, now,
                                      set(previous_device_ids))
        except Exception as exc:
            # Two copies of a book pairing at the same moment: the unique (team, node) decides.
            if self.is_unique_violation(exc):
                raise NodeTaken(node) from None
            raise
        return Pairing(reused or device_id, token, Team(team_id, team_name), reused=reused is not None)

    def _add_device(self, code_id, team_id, device_id, device_name, node, token, now,
                    previous: set[str]) -> str | None:
        """Add the device; or, for the same book pairing again, give its entry a new token: its id, else None."""
        with self.write() as cur:
            held = self.run(cur, "SELECT device_id, revoked_at FROM devices WHERE team_id = ? AND node = ?",
                            (team_id, node)).fetchone()
            if held and held[0] not in previous:
                raise NodeTaken(node)
            reused = held[0] if held else None
            # Used once: a second pairing racing this one finds used_at set.
            self.run(cur, "UPDATE pairing_codes SET used_at = ?, used_by = ? "
                          "WHERE code_id = ? AND used_at IS NULL AND expires_at > ?",
                     (now, reused or device_id, code_id, now))
            if cur.rowcount != 1:
                raise BadCode("wrong, used or expired code")
            if reused:
                # Its old token stops working: one book, one token. Revoked before: the admin's new code lets
                # it in again, else what the book wrote meanwhile (under its node) would be refused for good.
                self.run(cur, "UPDATE devices SET name = ?, token_hash = ?, revoked_at = NULL WHERE device_id = ?",
                         (device_name, hash_token(token), reused))
            else:
                self.run(cur, "INSERT INTO devices (device_id, team_id, name, node, token_hash, created_at) "
                              "VALUES (?, ?, ?, ?, ?, ?)",
                         (device_id, team_id, device_name, node, hash_token(token), now))
        return reused

    def authenticate(self, token: str) -> Device | None:
        """The device holding *token*; None when the token is unknown or the device revoked."""
        if not token:
            return None
        with self.read() as cur:
            row = self.run(cur, f"SELECT {_DEVICE_COLUMNS} FROM devices d JOIN teams t ON t.team_id = d.team_id "
                                "WHERE d.token_hash = ? AND d.revoked_at IS NULL", (hash_token(token),)).fetchone()
        return Device(*row) if row else None

    def list_devices(self, team: Team) -> list[Device]:
        """The team's devices, revoked ones included, oldest first."""
        with self.read() as cur:
            rows = self.run(cur, f"SELECT {_DEVICE_COLUMNS} FROM devices d JOIN teams t ON t.team_id = d.team_id "
                                 "WHERE d.team_id = ? ORDER BY d.created_at, d.device_id", (team.team_id,))
            return [Device(*row) for row in rows.fetchall()]

    def revoke_device(self, device_id: str) -> Device:
        """Revoke a device: its token stops working. ``UnknownDevice`` when there is none."""
        with self.write() as cur:
            self.run(cur, "UPDATE devices SET revoked_at = ? WHERE device_id = ? AND revoked_at IS NULL",
                     (self.clock(), device_id))
            row = self.run(cur, f"SELECT {_DEVICE_COLUMNS} FROM devices d JOIN teams t ON t.team_id = d.team_id "
                                "WHERE d.device_id = ?", (device_id,)).fetchone()
        if row is None:
            raise UnknownDevice(device_id)
        return Device(*row)

    # Changes.
    def held_seqs(self, cur, team_id: str, change_ids: Sequence[str]) -> dict[str, int]:
        """The seqs of those of *change_ids* the team holds already."""
        seqs: dict[str, int] = {}
        for part in chunk_list(change_ids, _IN_CHUNK):
            marks = ", ".join("?" * len(part))
            for change_id, seq in self.run(cur, f"SELECT change_id, seq FROM changes WHERE team_id = ? "
                                                f"AND change_id IN ({marks})", (team_id, *part)).fetchall():
                seqs[change_id] = seq
        return seqs

    def push_changes(self, team_id: str, device_id: str, changes: Sequence[IncomingChange],
                     relayed: frozenset[str] = frozenset()) -> tuple[list[tuple[str, int]], int]:
        """Store *changes* for the team in one transaction; the acks in the order sent, and the head.

        A change the team lacks, stamped with the node of another of its devices, is
        neither stored nor acknowledged (conflicts would name the wrong laptop), unless
        the device says it passes it on (*relayed*: received from the server before a restore).
        """
        fresh = unique_changes(changes)
        with self.write() as cur:
            head = self.lock_team(cur, team_id)
            if head is None:
                raise UnknownTeam(team_id)
            seqs = self.held_seqs(cur, team_id, [c.change_id for c in fresh])
            owners = dict(self.run(cur, "SELECT node, device_id FROM devices WHERE team_id = ?",
                                   (team_id,)).fetchall())
            # Held changes pass whoever stamped them (a re-send after a restore keeps what is held).
            new = [change for change in fresh if change.change_id not in seqs
                   and (owners.get(stamp_node(change.hlc), device_id) == device_id or change.change_id in relayed)]
            texts = self._erase_rows(cur, team_id, new)
            rows = []
            for change in new:
                head += 1
                seqs[change.change_id] = head
                rows.append((team_id, head, change.change_id, change.hlc, device_id, texts[change.change_id]))
            if rows:
                cur.executemany(self.sql("INSERT INTO changes (team_id, seq, change_id, hlc, device_id, body) "
                                         "VALUES (?, ?, ?, ?, ?, ?)"), rows)
                self.run(cur, "UPDATE teams SET head = ? WHERE team_id = ?", (head, team_id))
        return [(c.change_id, seqs[c.change_id]) for c in changes if c.change_id in seqs], head

    def _erase_rows(self, cur, team_id: str, changes: Sequence[IncomingChange]) -> dict[str, str]:
        """The text to keep of each change: without values when its row is erased (GDPR Art. 17).

        An erasure (``core.store.erasure``) notes its row as erased and overwrites the
        values of every change of that row the team holds already; a change of an erased
        row that arrives later (from a device that had not heard of it) is kept without them.
        """
        texts = {change.change_id: change.text for change in changes}
        parsed = {change.change_id: json.loads(change.text) for change in changes}
        erasing = {(c["table"], c["row_id"]) for c in parsed.values() if is_erasure(c.get("fields") or {})}
        if not erasing and self.run(cur, "SELECT 1 FROM erased_rows WHERE team_id = ? LIMIT 1",
                                    (team_id,)).fetchone() is None:
            return texts  # nearly every push: no erasure, ever, in this team
        erased = erasing | {tuple(row) for row in self.run(
            cur, "SELECT table_name, row_id FROM erased_rows WHERE team_id = ?", (team_id,)).fetchall()}
        for change_id, change in parsed.items():
            if (change["table"], change["row_id"]) in erased:
                texts[change_id] = scrubbed_text(change)
        for table, row_id in sorted(erasing):
            self.run(cur, "INSERT INTO erased_rows (team_id, table_name, row_id) VALUES (?, ?, ?) "
                          "ON CONFLICT DO NOTHING", (team_id, table, row_id))
        # One pass over the team's changes for all the rows of this push (a person is ~10–20 rows);
        # the body holds "row_id":"…" as sent, and the match is checked on the parsed change.
        for part in chunk_list(sorted(erasing), 100):
            patterns = ["%" + json.dumps({"row_id": row_id}, ensure_ascii=False, separators=(",", ":"))[1:-1] + "%"
                        for _table, row_id in part]
            where = " OR ".join("body LIKE ?" for _ in patterns)
            for seq, body in self.run(cur, f"SELECT seq, body FROM changes WHERE team_id = ? AND ({where})",
                                      (team_id, *patterns)).fetchall():
                held = json.loads(body)
                if (held.get("table"), held.get("row_id")) in erasing:
                    scrubbed = scrubbed_text(held)
                    if scrubbed != body:
                        self.run(cur, "UPDATE changes SET body = ? WHERE team_id = ? AND seq = ?",
                                 (scrubbed, team_id, seq))
        return texts

    def pull_changes(self, team_id: str, after: int, after_change_id: str | None,
                     limit: int) -> tuple[list[PulledChange], int, bool]:
        """The team's changes after seq *after*, ascending: ``(rows, head, more)`` (``CursorMismatch``)."""
        limit = max(1, min(limit, protocol.MAX_PULL_CHANGES))
        with self.read() as cur:
            row = self.run(cur, "SELECT head FROM teams WHERE team_id = ?", (team_id,)).fetchone()
            if row is None:
                raise UnknownTeam(team_id)
            head = row[0]
            if after < 0 or after > head:
                raise CursorMismatch(head)
            if after_change_id is not None:
                held = self.run(cur, "SELECT change_id FROM changes WHERE team_id = ? AND seq = ?",
                                (team_id, after)).fetchone()
                if held is None or held[0] != after_change_id:
                    raise CursorMismatch(head)
            self.run(cur, "SELECT seq, body FROM changes WHERE team_id = ? AND seq > ? ORDER BY seq LIMIT ?",
                     (team_id, after, limit))
            rows, size = [], 0
            for seq, body in cur:
                if rows and size + len(body) > protocol.PULL_PAGE_BYTES:
                    break
                rows.append(PulledChange(seq, body))
                size += len(body)
        last = rows[-1].seq if rows else after
        return rows, head, last < head

    def newest_stamp(self, team_id: str) -> str | None:
        """The newest HLC stamp among the team's changes (None when it has none)."""
        with self.read() as cur:
            row = self.run(cur, "SELECT MAX(hlc) FROM changes WHERE team_id = ?", (team_id,)).fetchone()
        return row[0] if row else None

    def team_head(self, team_id: str) -> tuple[int, int]:
        """The team's head (highest seq) and how many changes it holds."""
        with self.read() as cur:
            row = self.run(cur, "SELECT head, (SELECT COUNT(*) FROM changes c WHERE c.team_id = t.team_id) "
                                "FROM teams t WHERE t.team_id = ?", (team_id,)).fetchone()
        if row is None:
            raise UnknownTeam(team_id)
        return row[0], row[1]
