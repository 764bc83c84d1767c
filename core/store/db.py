"""Opening the database: where it lives, how it is configured, how it migrates.

One SQLite file per user, in the platform's data folder unless ``--db`` names
another. WAL journaling, foreign keys on, a busy timeout so a second thread's
connection waits instead of failing. Before any migration touches an existing
file, a dated copy is written beside it (the last few are kept).

A book is trusted only once it passes SQLite's quick check; a damaged book,
or one on read-only media, is opened read-only: ``db.read_only`` says why, and
every write transaction is refused with that sentence (``ReadOnlyBook``).
On POSIX the data folder is 0700 and the book, its WAL and backups 0600.
An encrypted book (``fairmate encrypt``, core.store.encryption) is opened
through SQLCipher with its passphrase (core.store.cipher): every connection,
a worker thread's too, is made by ``_connect``/``_connect_read_only`` here.
Its header is read through core.store.held_files, never open() and close():
closing a descriptor would drop this process's SQLite locks on the file.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sqlite3
import time
from datetime import datetime, timezone
from pathlib import Path
from dataclasses import dataclass
from typing import Any, Callable, Iterator

from core.i18n import _
from core.store import cipher, held_files
from core.store.files import (copy_database, create_private_file, make_private_folder, not_a_file_reason,
                              read_only_reason, remove_stale_conversion, sqlite_uri)
from core.store.integrity import (BACKUP_INFIX, describe_damage, explain_encrypted_problems, file_stamp,
                                  is_known_whole, list_backups, quick_check, remember_whole, structure_problems)
from core.store.changes import LOCAL, ChangeCollector, OpChanges, current_collector, last_changes
from core.store.ids import HybridLogicalClock, new_id
from core.store.migration_set import MIGRATIONS_TABLE
from core.store.migrations import MIGRATIONS
from core.store.operation_log import record_operation

APP_NAME = "Fairmate"
DB_FILENAME = "fairmate.db"


# How long a write waits for another connection's write (an import in another window).
BUSY_TIMEOUT_S = 10.0

# The device key holding the milliseconds added to the wall clock of every stamp
# (set by a sync when this device's clock differs from the team server's).
CLOCK_OFFSET_KEY = "clock_offset_ms"


# Migration backups kept beside the book (older ones are removed after a new one is written).
KEEP_BACKUPS = 3


class DatabaseError(Exception):
    """The database file cannot be opened or prepared; the message says why."""


class ReadOnlyBook(DatabaseError):
    """A write to a book that is open read-only; the message says why it is (damaged, read-only media)."""

    def __init__(self, reason: str, *, damaged: bool = False):
        super().__init__(reason)
        self.damaged = damaged


class BookBusy(DatabaseError):
    """The book is open in another window or command, and the operation needs it alone."""


class DamagedBook(DatabaseError):
    """The book is too damaged to be opened at all; the message gives the way out."""


class BookLocked(DatabaseError):
    """An encrypted book opened without its passphrase, with a wrong one, or without SQLCipher."""


class NoBook(DatabaseError):
    """No book at the path, and none was to be created (``create=False``): a mistyped ``--db``."""

    def __init__(self, path: Path, explicit: bool):
        command = f"fairmate init --db {path}" if explicit else "fairmate init"
        super().__init__(_("no book at {path}: create it with `{command}`").format(path=path, command=command))
        self.path = path


# Books found damaged in this process: a worker thread's connection opens them read-only too.
_DAMAGED: dict[str, str] = {}


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
    # Why the book is open read-only (one sentence), None when it can be written.
    read_only: str | None = None
    damaged: bool = False
    # True for a book encrypted at rest (SQLCipher).
    encrypted: bool = False
    # The file's stamp when last known whole (core.store.integrity), kept up to date as this
    # connection's commits checkpoint into the file; None: not a trusted, writable file.
    whole_stamp: list[int] | None = None

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
        """Close the connection (the last one to close a book notes it whole: see ``is_known_whole``)."""
        self.conn.close()
        if self.whole_stamp is not None and self.path is not None \
                and not Path(str(self.path) + "-wal").exists():
            self.whole_stamp = remember_whole(self.path)

    def note_commit(self) -> None:
        """After a commit: if it checkpointed into the file, the file as it is now is still whole."""
        if self.whole_stamp is not None and self.path is not None:
            stamp = file_stamp(self.path)
            if stamp != self.whole_stamp:
                self.whole_stamp = remember_whole(self.path, stamp)


def default_db_path() -> Path:
    """The database file in the user's data folder (platformdirs)."""
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / DB_FILENAME


# The page cache of a connection to a book file, in KiB (filled only as pages are read).
CACHE_KIB = 32 * 1024


def _connect(path: Path | None, passphrase: str | None = None) -> sqlite3.Connection:
    target = ":memory:" if path is None else str(path)
    # check_same_thread stays on: every thread opens its own connection.
    conn = cipher.connect_file(target, path=path, passphrase=passphrase, timeout=BUSY_TIMEOUT_S)
    conn.execute("PRAGMA foreign_keys = ON")
    # Deleted and overwritten values are zeroed in the file, not left as free bytes (an erased
    # person must not be found in it; Debian's SQLite does this by default, others do not).
    conn.execute("PRAGMA secure_delete = ON")
    if path is not None:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        # SQLite's default 2 MB page cache holds too little of a large book's search index:
        # each search read its pages from the file again (at 300k contacts ~15% of its CPU).
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    return conn


def _connect_read_only(path: Path, passphrase: str | None = None) -> sqlite3.Connection:
    def connect(**params: str) -> sqlite3.Connection:
        return cipher.connect_file(sqlite_uri(path, **params), path=path, passphrase=passphrase, uri=True,
                                   timeout=BUSY_TIMEOUT_S)

    if not Path(str(path) + "-wal").exists():
        # Closed cleanly: everything is in the file. Immutable, SQLite creates no -wal and
        # -shm beside it (it could not remove them again, and on read-only media not create them).
        conn = connect(mode="ro", immutable="1")
    else:
        conn = connect(mode="ro")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.OperationalError:
            # A WAL on read-only media with no -shm beside it: readable only as immutable.
            conn.close()
            conn = connect(mode="ro", immutable="1")
    conn.execute("PRAGMA query_only = ON")
    conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")  # as in _connect
    return conn


def _quick_check_file(path: Path, passphrase: str | None = None) -> list[str]:
    probe = _connect_read_only(path, passphrase)
    try:
        problems = quick_check(probe)
    finally:
        probe.close()
    if problems and Path(str(path) + "-wal").exists():
        # Read as immutable while another process began writing and checkpointed: look
        # again the ordinary way before calling the book damaged.
        conn = cipher.connect_file(sqlite_uri(path, mode="ro"), path=path, passphrase=passphrase, uri=True,
                                   timeout=BUSY_TIMEOUT_S)
        try:
            problems = quick_check(conn)
        finally:
            conn.close()
    return explain_encrypted_problems(problems) if passphrase is not None else problems


# "FMAT" in every book's header (PRAGMA application_id): another program's SQLite file is
# never taken for a book, given Fairmate's tables and switched to WAL.
APPLICATION_ID = 0x464D4154


def foreign_file_reason(path: Path, passphrase: str | None = None) -> str | None:
    """Why the SQLite file at *path* is not a Fairmate book (it holds another program's tables), or None.

    An empty file, a book of any Fairmate version (before the mark, by its
    migrations) and a file that is not SQLite at all (the open says so) are not foreign.
    """
    # Every start opens a book: read the mark from the file's header (bytes 68–71), no connection.
    # A mark still in the WAL is not seen there, and the probe below finds it.
    header = held_files.read_header(path, 72)  # never open() and close(): see core.store.held_files
    if header.startswith(b"SQLite format 3\0") and int.from_bytes(header[68:72], "big") == APPLICATION_ID:
        return None
    try:
        probe = _connect_read_only(path, passphrase)
    except sqlite3.DatabaseError:
        return None
    try:
        if probe.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID:
            return None
        tables = [row[0] for row in probe.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
        if not tables or (MIGRATIONS_TABLE in tables and probe.execute(
                f"SELECT 1 FROM {MIGRATIONS_TABLE} WHERE migration_set = ? LIMIT 1",
                (MIGRATIONS.name,)).fetchone()):
            return None
    except sqlite3.DatabaseError:
        return None  # damaged or not SQLite: the checks of the open say which
    finally:
        probe.close()
    return _("{path} is not a Fairmate book: it holds another program's tables ({tables}); nothing was "
             "changed").format(path=path, tables=", ".join(tables[:3]) + (", …" if len(tables) > 3 else ""))


def backup_before_migration(path: Path, passphrase: str | None = None) -> Path:
    """Copy *path* (and its WAL) to ``<name>.backup-<UTC stamp>`` and return the copy.

    The copy is written to a temporary file and renamed, so a killed migration
    leaves no empty backup; it keeps the book's file mode; only the newest
    ``KEEP_BACKUPS`` backups stay. When the book has not changed since the
    newest backup (a migration tried again, another process opening the same
    old book), that backup is returned instead of a new copy.
    """
    newest = list_backups(path)[:1]
    wal = Path(str(path) + "-wal")
    if newest and (not wal.exists() or wal.stat().st_size == 0) \
            and newest[0].stat().st_mtime_ns >= path.stat().st_mtime_ns:
        return newest[0]
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    target = copy_database(path, path.with_name(f"{path.name}{BACKUP_INFIX}{stamp}"), passphrase=passphrase)
    for old in list_backups(path)[KEEP_BACKUPS:]:
        with contextlib.suppress(OSError):
            old.unlink()
    return target


def open_database(path: str | Path | None = None, *, memory: bool = False,
                  migrate: bool = True, create: bool = True) -> FairmateDatabase:
    """Open (creating if needed) and migrate the Fairmate database.

    ``path=None`` means the default file in the user's data folder;
    ``memory=True`` gives a private in-memory database for tests;
    ``migrate=False`` skips the migration check, for a second connection
    (a worker thread's) to a file that is already open and migrated;
    ``create=False`` raises ``NoBook`` instead of creating a missing file
    (the command line: a mistyped ``--db`` must not become a new, empty book).
    Raises ``DatabaseError`` with a plain message when the folder is missing
    or the file is not a SQLite database.
    """
    if memory:
        file_path = None
    else:
        file_path = Path(path) if path is not None else default_db_path()
        if reason := not_a_file_reason(file_path):
            raise DatabaseError(reason)
        if not create and not file_path.exists():
            raise NoBook(file_path, explicit=path is not None)
        if path is None:
            make_private_folder(file_path.parent)
        elif not file_path.parent.is_dir():
            raise DatabaseError(
                _("Folder {folder} does not exist (for database {path})").format(
                    folder=file_path.parent, path=file_path
                )
            )
    read_only = damaged = None
    if file_path is not None:
        read_only = read_only_reason(file_path)
        damaged = _DAMAGED.get(str(file_path.absolute()))
        if read_only is None and not file_path.exists() and not os.access(file_path.parent, os.W_OK):
            raise DatabaseError(_("cannot create the book {path}: its folder is read-only").format(
                path=file_path))
    if file_path is not None and migrate and read_only is None:
        remove_stale_conversion(file_path)  # before the passphrase: removed even when it is not known
    passphrase = unlock_book(file_path) if file_path is not None else None
    if file_path is not None and migrate and file_path.is_file() and file_path.stat().st_size:
        foreign = foreign_file_reason(file_path, passphrase)
        if foreign:
            raise DatabaseError(foreign)
    try:
        checked = False
        if file_path is not None and migrate and not damaged and file_path.exists() \
                and not is_known_whole(file_path):
            # Checked through a read-only connection: nothing is written to a damaged file.
            problems = _quick_check_file(file_path, passphrase)
            if problems:
                # Trust no page of it: read what can be read, write nothing.
                damaged = _DAMAGED[str(file_path.absolute())] = describe_damage(file_path, problems)
            checked = not problems
        if file_path is not None and (read_only or damaged):
            conn = _connect_read_only(file_path, passphrase)
        else:
            if file_path is not None and not file_path.exists():
                create_private_file(file_path)  # SQLite gives its -wal and -shm the book's mode
            conn = _connect(file_path, passphrase)
        db = FairmateDatabase(conn)
        db.read_only, db.damaged = damaged or read_only, bool(damaged)
        if file_path is not None and not db.read_only:
            db.path = file_path
            db.whole_stamp = remember_whole(file_path) if checked else file_stamp(file_path)
        newer = MIGRATIONS.unknown(db) if migrate else []
        if newer:
            # Never write a book whose schema this version does not know (house rule 5):
            # read it (its tables are a newer version's, so some reads may fail), write nothing.
            conn.close()
            reason = _("{path} was written by a newer version of Fairmate (it has {step}); it is open for "
                       "reading only: update Fairmate to change it").format(path=file_path or ":memory:",
                                                                          step=newer[-1])
            if file_path is None:
                raise DatabaseError(reason)
            conn = _connect_read_only(file_path, passphrase)
            db = FairmateDatabase(conn)
            db.read_only, db.damaged = reason, False
        pending = [] if newer else MIGRATIONS.pending(db) if migrate else []
        if migrate and not pending and not db.damaged and not newer:
            _check_structure(db, file_path)
        if pending and db.read_only:
            conn.close()
            raise DatabaseError(_("{reason}; and this version of Fairmate must first update the book, "
                                  "which needs writing: copy it to a writable folder").format(
                reason=db.read_only))
        if pending and file_path is not None and _has_tables(conn):
            backup_before_migration(file_path, passphrase)
        if pending:
            MIGRATIONS.apply(db)
        if migrate and not db.read_only and conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    except sqlite3.DatabaseError as exc:
        if file_path is not None and "malformed" in str(exc):
            raise DamagedBook(describe_damage(file_path, [str(exc)])) from exc
        raise DatabaseError(
            _("Cannot open database {path}: {error}").format(path=file_path or ":memory:", error=exc)
        ) from exc
    db.path = file_path
    db.encrypted = passphrase is not None
    db.node_id = _ensure_node_id(db)
    install_clock(db)
    return db


def unlock_book(path: Path) -> str | None:
    """The passphrase of the book at *path* when it is encrypted (None when it is plain).

    Looks in this process, the environment and the keyring, then asks the
    registered prompt; raises ``BookLocked`` when no passphrase is given, the
    one given is wrong, or SQLCipher is not installed.
    """
    if not cipher.is_encrypted(path):
        return None
    if cipher.driver() is None:
        raise BookLocked(_("this book is encrypted: {path} needs SQLCipher to open, which is not installed "
                           "(pip install 'fairmate[encryption]')").format(path=path))
    if cipher.given_passphrase(path) is not None:
        return cipher.given_passphrase(path)  # checked when given (a worker thread's connection)
    passphrase = cipher.known_passphrase(path)
    if passphrase is not None and passphrase_opens(path, passphrase):
        cipher.remember_passphrase(path, passphrase)
        return passphrase
    if passphrase is None or cipher.has_passphrase_prompt():
        # None known, or a stale one in the keyring or the environment with someone to ask.
        answer = cipher.ask_passphrase(path)
        if not answer or not answer[0]:
            raise BookLocked(_("this book is encrypted: {path} needs its passphrase (from the system keyring, "
                               "from {variable}, or typed on a terminal)").format(
                path=path, variable=cipher.PASSPHRASE_ENV))
        passphrase, remember = answer
        if passphrase_opens(path, passphrase):
            cipher.remember_passphrase(path, passphrase, keyring=remember)
            return passphrase
    raise BookLocked(_("wrong passphrase for the encrypted book {path}").format(path=path))


def passphrase_opens(path: Path, passphrase: str) -> bool:
    """True when *passphrase* opens the encrypted book at *path* (read-only: nothing is written)."""
    if not passphrase or "\0" in passphrase:
        return False
    try:
        # Keyed as every later connection is (the key derived once from the passphrase and the file's salt).
        conn = _connect_read_only(path, passphrase)
    except sqlite3.DatabaseError:
        return False
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError:
        return False
    finally:
        conn.close()
    return True


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


def _check_structure(db: FairmateDatabase, path: Path | None) -> None:
    # A column renamed or dropped by another program: reads fail and writes lose values.
    problems = structure_problems(db.conn)
    if problems:
        reason = describe_damage(path or Path(":memory:"), problems)
        if path is not None:
            _DAMAGED[str(path.absolute())] = reason
        db.read_only, db.damaged, db.whole_stamp = reason, True, None


def forget_damage(path: str | Path) -> None:
    """Forget that the book at *path* was found damaged in this process (a backup was restored)."""
    _DAMAGED.pop(str(Path(path).absolute()), None)


def _has_tables(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0] > 0


def _ensure_node_id(db: FairmateDatabase) -> str:
    try:
        row = db.conn.execute("SELECT value FROM device WHERE key = 'node_id'").fetchone()
    except sqlite3.DatabaseError:
        row = None  # a damaged book (open read-only): it writes nothing that needs the id
    if row:
        return row[0]
    node = new_id().replace("-", "")[-12:]
    if db.read_only:
        return node
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
    if db.read_only:
        raise ReadOnlyBook(db.read_only, damaged=db.damaged)
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
                db.note_commit()
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
