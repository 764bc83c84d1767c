"""The server's store in one SQLite file (WAL): the default, enough for a small team."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from core.server.sql_store import SqlStore
from core.store.files import create_private_file

# A push waits this long for another push's lock before giving up.
BUSY_TIMEOUT_S = 30
SERVER_DB_FILENAME = "fairmate-server.db"


def default_server_db_path() -> Path:
    """The server's database file in the user's data folder (platformdirs), beside the book."""
    # lazy: core.store.db loads sqlite-utils, which a server needs only for this path.
    from core.store.db import default_db_path

    return default_db_path().with_name(SERVER_DB_FILENAME)


class SqliteStore(SqlStore):
    """A ``SyncStore`` in one SQLite file; a connection serves one thread at a time.

    A push takes the write lock with ``BEGIN IMMEDIATE`` before it reads the
    team's head, so two pushes never hand out the same seq.
    """

    def __init__(self, path: str | Path, **kwargs):
        super().__init__(**kwargs)
        self.path = Path(path)

    def open_connection(self) -> sqlite3.Connection:
        """A new connection in autocommit mode, WAL, foreign keys on."""
        if not self.path.exists() and self.path.parent.is_dir():
            # It holds every team's contacts and the token hashes: the server's user only (0600).
            create_private_file(self.path)
        # check_same_thread off: pooled connections move between threads, never used by two at once.
        conn = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_S, isolation_level=None,
                               check_same_thread=False)
        conn.execute("PRAGMA journal_mode = WAL")
        # NORMAL in WAL: a power cut may lose the last commits, never corrupt the file.
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        # Overwritten values (an erased person's) are zeroed in the file, not left in its free space.
        conn.execute("PRAGMA secure_delete = ON")
        return conn

    def begin_write(self, cur) -> None:
        """Take the write lock now, not at the first write (no lock upgrade deadlocks)."""
        cur.execute("BEGIN IMMEDIATE")

    def lock_team(self, cur, team_id: str) -> int | None:
        """The team's head; the whole file is locked already by ``BEGIN IMMEDIATE``."""
        row = cur.execute("SELECT head FROM teams WHERE team_id = ?", (team_id,)).fetchone()
        return row[0] if row else None

    def is_unique_violation(self, exc: Exception) -> bool:
        """True when *exc* is SQLite refusing a duplicate key."""
        return isinstance(exc, sqlite3.IntegrityError) and "UNIQUE" in str(exc)
