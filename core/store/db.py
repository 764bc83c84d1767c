"""Opening the database: where it lives, how it is configured, how it migrates.

One SQLite file per user, in the platform's data folder unless ``--db`` names
another. WAL journaling, foreign keys on, a busy timeout so a second thread's
connection waits instead of failing. Before any migration touches an existing
file, a dated copy is written beside it.
"""

from __future__ import annotations

import contextlib
import functools
import sqlite3
import time
from datetime import datetime, timezone
from pathlib import Path
from dataclasses import dataclass
from typing import Any, Callable, Iterator

from core.i18n import _
from core.store.changes import LOCAL, ChangeCollector, OpChanges, current_collector, last_changes
from core.store.ids import HybridLogicalClock, new_id
from core.store.migrations import MIGRATIONS
from core.store.operation_log import record_operation

APP_NAME = "Fairmate"
DB_FILENAME = "fairmate.db"


# How long a write waits for another connection's write (an import in another window).
BUSY_TIMEOUT_S = 10.0

# The device key holding the milliseconds added to the wall clock of every stamp
# (set by a sync when this device's clock differs from the team server's).
CLOCK_OFFSET_KEY = "clock_offset_ms"


class DatabaseError(Exception):
    """The database file cannot be opened or prepared; the message says why."""


class FairmateDatabase:
    """A connection to a Fairmate file that knows this device's node id and clock.

    Core reads and writes through ``conn``. The sqlite-utils ``Database`` API
    (``db["contacts"]``, ``table_names()``, ``execute()``, ``atomic()``…) is
    there too, on the same connection, made on first use: importing
    sqlite-utils costs ~50 ms, and opening the book and showing its first
    contacts needs none of it.
    """

    node_id: str
    clock: HybridLogicalClock
    path: Path | None

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn
        conn.execute("PRAGMA recursive_triggers = ON")  # as sqlite-utils sets it, from the start

    @functools.cached_property
    def sqlite_utils_db(self):
        """The sqlite-utils Database on this connection."""
        import sqlite_utils

        # No sqlite-utils plugins: nothing installed elsewhere changes our connection, and
        # no scan of every package's entry points (~25 ms).
        return sqlite_utils.Database(self.conn, execute_plugins=False)

    def __getattr__(self, name: str) -> Any:
        # Only names not defined here: the rest of the sqlite-utils API.
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.sqlite_utils_db, name)

    def __getitem__(self, table: str):
        return self.sqlite_utils_db[table]

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()


def describe_database_error(exc: sqlite3.Error) -> str:
    """One plain sentence for a write SQLite refused: busy elsewhere, disk full, or its own words."""
    text = str(exc)
    if "locked" in text or "busy" in text:
        return _("the book is busy in another window or command; try again in a moment")
    if "disk is full" in text:
        return _("the disk is full: nothing was changed; free some space and try again")
    return _("cannot write the book: {error}").format(error=text)


def default_db_path() -> Path:
    """The database file in the user's data folder (platformdirs)."""
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / DB_FILENAME


def _connect(path: Path | None) -> sqlite3.Connection:
    target = ":memory:" if path is None else str(path)
    # check_same_thread stays on: every thread opens its own connection.
    conn = sqlite3.connect(target, timeout=BUSY_TIMEOUT_S)
    conn.execute("PRAGMA foreign_keys = ON")
    if path is not None:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    return conn


def backup_before_migration(path: Path) -> Path:
    """Copy *path* (and its WAL) to ``<name>.backup-<UTC stamp>`` and return the copy."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    target = path.with_name(f"{path.name}.backup-{stamp}")
    source = sqlite3.connect(str(path))
    try:
        dest = sqlite3.connect(str(target))
        with dest:
            source.backup(dest)
        dest.close()
    finally:
        source.close()
    return target


def open_database(path: str | Path | None = None, *, memory: bool = False,
                  migrate: bool = True) -> FairmateDatabase:
    """Open (creating if needed) and migrate the Fairmate database.

    ``path=None`` means the default file in the user's data folder;
    ``memory=True`` gives a private in-memory database for tests;
    ``migrate=False`` skips the migration check, for a second connection
    (a worker thread's) to a file that is already open and migrated.
    Raises ``DatabaseError`` with a plain message when the folder is missing
    or the file is not a SQLite database.
    """
    if memory:
        file_path = None
    else:
        file_path = Path(path) if path is not None else default_db_path()
        if path is None:
            file_path.parent.mkdir(parents=True, exist_ok=True)
        elif not file_path.parent.is_dir():
            raise DatabaseError(
                _("Folder {folder} does not exist (for database {path})").format(
                    folder=file_path.parent, path=file_path
                )
            )
    try:
        conn = _connect(file_path)
        db = FairmateDatabase(conn)
        newer = MIGRATIONS.unknown(db) if migrate else []
        if newer:
            # Never write a book whose schema this version does not know (house rule 5).
            conn.close()
            raise DatabaseError(_("{path} was written by a newer version of Fairmate (it has {step}); "
                                  "update Fairmate to open it").format(path=file_path or ":memory:",
                                                                       step=newer[-1]))
        pending = MIGRATIONS.pending(db) if migrate else []
        if pending and file_path is not None and _has_tables(conn):
            backup_before_migration(file_path)
        if pending:
            MIGRATIONS.apply(db)
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(
            _("Cannot open database {path}: {error}").format(path=file_path or ":memory:", error=exc)
        ) from exc
    db.path = file_path
    db.node_id = _ensure_node_id(db)
    install_clock(db)
    return db


def _system_ms() -> int:
    return int(time.time() * 1000)


def install_clock(db: FairmateDatabase, *, wall_clock: Callable[[], int] | None = None) -> None:
    """(Re)make ``db.clock``: the device's wall clock plus the book's stored clock offset.

    A laptop whose clock runs hours behind or ahead then stamps near the team's
    time. *wall_clock* replaces the system clock (tests of skewed devices); the
    new clock starts past every stamp in the change log, never before one.
    """
    if wall_clock is not None:
        db.__dict__["_fairmate_wall_clock"] = wall_clock
    base = db.__dict__.get("_fairmate_wall_clock") or _system_ms
    row = db.conn.execute("SELECT value FROM device WHERE key = ?", (CLOCK_OFFSET_KEY,)).fetchone()
    try:
        offset = int(row[0]) if row else 0
    except ValueError:
        offset = 0  # a hand-edited value: the plain wall clock is the safe reading
    db.clock = HybridLogicalClock(db.node_id, (lambda: base() + offset) if offset else base)
    db.clock.observe(db.conn.execute("SELECT max(hlc) FROM changes").fetchone()[0])


def _has_tables(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0] > 0


def _ensure_node_id(db: FairmateDatabase) -> str:
    row = db.conn.execute("SELECT value FROM device WHERE key = 'node_id'").fetchone()
    if row:
        return row[0]
    node = new_id().replace("-", "")[-12:]
    with write_transaction(db):
        db.conn.execute("INSERT INTO device(key, value) VALUES ('node_id', ?)", (node,))
    return node


@contextlib.contextmanager
def write_transaction(db: FairmateDatabase, label: str = "", *,
                      origin: str = LOCAL) -> Iterator[FairmateDatabase]:
    """One write transaction: ``BEGIN IMMEDIATE`` at the outside, a savepoint inside.

    IMMEDIATE takes the write lock up front, so two threads writing at once
    wait for each other (busy timeout) rather than failing half-way. The
    outermost transaction is one operation: *label* (untranslated, an
    ``N_()`` string) names it for undo, and what it wrote is announced as
    ``last_changes(db)`` once it commits. A label given inside is kept when
    the outside gave none (a CLI command wrapping a core write).
    """
    conn = db.conn
    collector = current_collector(db)
    if conn.in_transaction and collector is None:
        # Inside a transaction that someone else opened (sqlite-utils, a test's
        # raw SQL): still one operation, committed by its opener.
        collector = ChangeCollector(operation_id=new_id(), label=label, origin=origin)
        db.__dict__["_fairmate_collector"] = collector
        try:
            with db.atomic():
                yield db
                record_operation(db, collector)
        finally:
            db.__dict__["_fairmate_collector"] = None
        db.__dict__["_fairmate_last_changes"] = collector.to_changes()
        return
    if conn.in_transaction:
        mark = collector.mark() if collector is not None else 0
        if collector is not None and label and not collector.label:
            collector.label = label
        if collector is not None and origin != LOCAL and not collector.notes:
            # A runner's transaction around apply_remote_changes or an undo: the
            # operation is what the inner write says it is (remote: never undoable).
            collector.origin = origin
        try:
            with db.atomic():
                yield db
        except BaseException:
            if collector is not None:
                collector.roll_back_to(mark)
            raise
        return
    collector = ChangeCollector(operation_id=new_id(), label=label, origin=origin)
    db.__dict__["_fairmate_collector"] = collector
    conn.execute("BEGIN IMMEDIATE")
    try:
        try:
            yield db
            record_operation(db, collector)
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        else:
            try:
                conn.execute("COMMIT")
            except BaseException:
                # A failed COMMIT (disk full, I/O error) can leave the transaction
                # open; every later write would then vanish inside it.
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
    finally:
        db.__dict__["_fairmate_collector"] = None
    db.__dict__["_fairmate_last_changes"] = collector.to_changes()


@dataclass(frozen=True)
class OpResult:
    """A core write's own return value together with what it changed."""

    value: Any
    changes: OpChanges


def perform(db: FairmateDatabase, write: Callable[..., Any], *args: Any,
            label: str = "", **kwargs: Any) -> OpResult:
    """Run one core write in its own transaction; return its value and what it changed.

    ``perform(db, delete_contact, contact_id).changes.touches("contacts")``.
    """
    with write_transaction(db, label):
        value = write(db, *args, **kwargs)
    return OpResult(value, last_changes(db))
