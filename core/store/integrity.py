"""Is the book whole? The quick check on open, the full check on demand, and the backups to go back to.

SQLite's ``PRAGMA quick_check`` reads every page but skips the index-to-table
comparison, so it is cheap enough for every open (see ``bench/integrity.py``);
``PRAGMA integrity_check`` does everything and runs when asked
(``fairmate check``). A damaged book is opened read-only by
``core.store.db.open_database``, with the way out these functions give:
restore the latest backup, or export what can still be read.
"""

from __future__ import annotations

import json
import os
import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from core.i18n import _
from core.store import cipher
from core.store.files import copy_database, sqlite_uri, write_file_atomically

# Problems reported by one check at most (the first is what the message names).
_MAX_PROBLEMS = 20
BACKUP_INFIX = ".backup-"
DAMAGED_INFIX = ".damaged-"


def quick_check(conn: sqlite3.Connection) -> list[str]:
    """SQLite's quick check of the open file: its problems, none when the book is whole."""
    return _check(conn, f"PRAGMA quick_check({_MAX_PROBLEMS})")


# What SQLCipher says when a page's authentication code does not match: the page was changed.
_CIPHER_PAGE_ERRORS = ("SQL logic error", "file is not a database")


def explain_encrypted_problems(problems: list[str]) -> list[str]:
    """An encrypted book's check problems, with SQLCipher's bare page errors said plainly."""
    # A page that fails its check cannot be read: quick_check lists it as "unable to get the page".
    return [_("a page fails its encryption check: the file was damaged or changed outside Fairmate")
            if problem in _CIPHER_PAGE_ERRORS or "error code=1" in problem else problem for problem in problems]


def full_check(conn: sqlite3.Connection) -> list[str]:
    """SQLite's full integrity check (indexes against tables too) and the foreign keys."""
    problems = _check(conn, f"PRAGMA integrity_check({_MAX_PROBLEMS})")
    if not problems:
        try:
            rows = conn.execute("PRAGMA foreign_key_check").fetchmany(_MAX_PROBLEMS)
        except sqlite3.DatabaseError as exc:
            return [str(exc)]
        problems = [_("row {rowid} of {table} points to a missing row of {parent}").format(
            rowid=row[1], table=row[0], parent=row[2]) for row in rows]
    return problems


def _check(conn: sqlite3.Connection, pragma: str) -> list[str]:
    try:
        rows = [row[0] for row in conn.execute(pragma).fetchall()]
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    return [] if rows == ["ok"] else rows


# Beside the book: the size and modification time it had when it was last known whole
# (checked, or written by Fairmate itself). Opening a book that matches skips the quick
# check, which reads every page (seconds for a 1 GB book).
STAMP_SUFFIX = ".checked"


def file_stamp(path: Path) -> list[int] | None:
    """What identifies the state of the file at *path*: inode, size, modification time (ns)."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return [info.st_ino, info.st_size, info.st_mtime_ns]


def is_known_whole(path: Path) -> bool:
    """True when the book at *path* is as it was when last known whole (no check needed)."""
    try:
        saved = json.loads(Path(str(path) + STAMP_SUFFIX).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return saved is not None and saved == file_stamp(path)


def remember_whole(path: Path, stamp: list[int] | None = None) -> list[int] | None:
    """Note that the book at *path* is whole as it is now; return the stamp written (None: not written)."""
    stamp = stamp or file_stamp(path)
    if stamp is None:
        return None
    try:
        write_file_atomically(Path(str(path) + STAMP_SUFFIX), json.dumps(stamp).encode("ascii"),
                              durable=False)
    except OSError:
        return None  # a read-only folder: the book is checked on every open, nothing worse
    return stamp


# Checks that the book's tables have what the code reads (a column renamed by another
# program): registered by the layers that know the columns (core.book.contacts).
_STRUCTURE_CHECKS: list[Callable[[sqlite3.Connection], list[str]]] = []


def register_structure_check(check: Callable[[sqlite3.Connection], list[str]]) -> None:
    """Run *check* (a connection → problems found, as sentences) whenever a book is opened."""
    if check not in _STRUCTURE_CHECKS:
        _STRUCTURE_CHECKS.append(check)


def structure_problems(conn: sqlite3.Connection) -> list[str]:
    """What the registered structure checks find wrong with the open book (none: as expected)."""
    problems: list[str] = []
    for check in _STRUCTURE_CHECKS:
        problems += check(conn)
    return problems


def missing_columns(conn: sqlite3.Connection, table: str, columns: list[str]) -> list[str]:
    """A sentence for each of *columns* that *table* lacks (cheap: the schema only)."""
    present = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
    if not present:
        return [_("the table {table} is missing").format(table=table)]
    return [_("the table {table} has no column {column}").format(table=table, column=column)
            for column in columns if column not in present]


def list_backups(path: Path) -> list[Path]:
    """The backups written beside the book at *path* (``<name>.backup-<UTC stamp>``), newest first."""
    path = Path(path)
    try:
        found = [p for p in path.parent.glob(path.name + BACKUP_INFIX + "*")
                 if not p.name.endswith(("-wal", "-shm", "-journal", ".tmp"))]
    except OSError:
        return []
    return sorted(found, key=lambda p: p.name, reverse=True)


class DamageReason(str):
    """Why a book is damaged, with the way out on the command line; ``in_app`` says it for the app's banner."""

    in_app: str


def describe_damage(path: Path, problems: list[str]) -> DamageReason:
    """One sentence: the book is damaged, opened read-only, and the way out (``.in_app``: the app's)."""
    backups = list_backups(path)
    stamp = backup_stamp(backups[0]) if backups else None
    way_out = (_("run `fairmate restore-backup` to go back to the copy of {stamp}, or `fairmate export` "
                 "to save what can still be read").format(stamp=stamp)
               if backups else
               _("no backup was found beside it: run `fairmate export` to save what can still be read"))
    # The app has File ▸ Export…, but no command to restore a backup: that one stays in a terminal.
    in_app = (_("choose File ▸ Export… to save what can still be read, or close Fairmate and run "
                "`fairmate restore-backup` to go back to the copy of {stamp}").format(stamp=stamp)
              if backups else
              _("no backup was found beside it: choose File ▸ Export… to save what can still be read"))
    sentence = _("{path} is damaged ({problem}); it is open read-only: {way_out}")
    problem = problems[0] if problems else "?"
    reason = DamageReason(sentence.format(path=path, problem=problem, way_out=way_out))
    reason.in_app = sentence.format(path=path, problem=problem, way_out=in_app)
    return reason


def backup_stamp(backup: Path) -> str:
    """When a backup was written, readable (``2026-12-07 14:15 UTC``), from its name."""
    stamp = backup.name.rpartition(BACKUP_INFIX)[2]
    try:
        when = datetime.strptime(stamp[:15], "%Y%m%dT%H%M%S")
    except ValueError:
        return stamp
    return when.strftime("%Y-%m-%d %H:%M UTC")


def find_whole_backup(path: Path, backup: Path | None = None) -> Path:
    """The backup ``restore_backup`` would put in place: *backup*, or the newest whole one.

    Raises ``ValueError`` with a plain message when there is none.
    """
    path = Path(path)
    candidates = [Path(backup)] if backup is not None else list_backups(path)
    passphrase = cipher.known_passphrase(path) if any(cipher.is_encrypted(c) for c in candidates) else None
    chosen = next((c for c in candidates if _is_whole(c, passphrase)), None)
    if chosen is None:
        raise ValueError(_("no whole backup of {path} was found").format(path=path)
                         if backup is None else _("{backup} is not a whole Fairmate book").format(backup=backup))
    return chosen


def count_unsent_changes_lost(path: Path, backup: Path) -> int | None:
    """How many changes of the book at *path* going back to *backup* drops for good; None when unreadable.

    Those are the changes the backup lacks that the team's server has not
    acknowledged (all of them for a book that never synced): the acknowledged
    ones come back with the next sync.
    """
    passphrase = cipher.known_passphrase(path) if cipher.is_encrypted(path) or cipher.is_encrypted(backup) \
        else None
    try:
        unsent = _read_change_ids(path, passphrase, "WHERE server_seq IS NULL")
        kept = _read_change_ids(backup, passphrase, "")
    except (sqlite3.Error, OSError):
        return None
    return len(unsent - kept)


def _read_change_ids(path: Path, passphrase: str | None, where: str) -> set[str]:
    conn = cipher.connect_file(sqlite_uri(path, mode="ro"), path=path, uri=True,
                               passphrase=passphrase if cipher.is_encrypted(path) else None)
    try:
        return {row[0] for row in conn.execute(f"SELECT change_id FROM changes {where}")}
    finally:
        conn.close()


def restore_backup(path: Path, backup: Path | None = None) -> tuple[Path, Path]:
    """Put *backup* (default: the newest whole one) in place of the book at *path*.

    The book in place (and its WAL) is moved aside to ``<name>.damaged-<stamp>``,
    never deleted. Returns ``(backup restored, where the old book went)``;
    raises ``ValueError`` with a plain message when there is no whole backup.
    The book must not be open elsewhere. Changes the backup lacks and the
    server never acknowledged are dropped: ``count_unsent_changes_lost`` says how many.
    """
    path = Path(path)
    chosen = find_whole_backup(path, backup)
    # The backups of an encrypted book are encrypted with its passphrase (environment, keyring).
    passphrase = cipher.known_passphrase(path) if cipher.is_encrypted(chosen) else None
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    aside = path.with_name(path.name + DAMAGED_INFIX + stamp)
    restored = path.with_name(path.name + ".restoring")
    copy_database(chosen, restored, passphrase=passphrase)
    for suffix in ("", "-wal", "-shm"):
        current = Path(str(path) + suffix)
        if current.exists():
            os.replace(current, Path(str(aside) + suffix))
    os.replace(restored, path)
    return chosen, aside


def _is_whole(candidate: Path, passphrase: str | None = None) -> bool:
    if cipher.is_encrypted(candidate) and (passphrase is None or cipher.driver() is None):
        return False
    try:
        conn = cipher.connect_file(sqlite_uri(candidate, mode="ro"), path=candidate, uri=True,
                                   passphrase=passphrase if cipher.is_encrypted(candidate) else None)
    except sqlite3.Error:
        return False
    try:
        return not quick_check(conn)
    finally:
        conn.close()
