"""Encrypt a plain book in place, or decrypt an encrypted one (``fairmate encrypt`` / ``decrypt``).

The new file is written beside the book (``<name>.encrypting``), checked
(quick check, the same tables, the same number of rows in each) and only then
renamed over the book: a crash or ``kill -9`` at any point leaves the old
book as it was (and at most a stray ``.encrypting`` file, removed when the book is next
opened or converted: a decrypt's is a plain copy of the book).
The book must not be open elsewhere: switching it out of WAL first both
empties the WAL into the file and fails when another connection holds it.
Plain migration backups beside the book still hold its contents: they are
listed (and removed when asked), never silently kept or deleted.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from core.i18n import _
from core.store import cipher
from core.store.db import (APPLICATION_ID, BookBusy, BookLocked, DamagedBook, DatabaseError,
                           ReadOnlyBook, foreign_file_reason, passphrase_opens, unlock_book)
from core.store.files import (CONVERSION_SUFFIX, create_private_file, read_only_reason, remove_stale_conversion,
                              sqlite_uri)
from core.store.integrity import describe_damage, explain_encrypted_problems, list_backups, quick_check


def encrypt_book(path: Path, passphrase: str, *, remember: bool = True,
                 remove_plain_backups: bool = False) -> dict:
    """Encrypt the plain book at *path* with *passphrase*; returns what was done.

    ``{"path", "keyring": stored there, "plain_backups": still beside the book,
    "removed_backups": removed}``. *remember* keeps the passphrase in the OS keyring.
    """
    path = Path(path)
    _require_driver()
    if not passphrase or "\0" in passphrase:
        raise DatabaseError(_("the passphrase must not be empty"))
    if not path.is_file():
        raise DatabaseError(_("no book at {path}").format(path=path))
    if cipher.is_encrypted(path):
        raise DatabaseError(_("{path} is already encrypted").format(path=path))
    foreign = foreign_file_reason(path)
    if foreign:
        raise DatabaseError(foreign)  # another program's file is never rewritten
    _refuse_read_only(path)
    source = _leave_wal(sqlite3.connect(str(path), timeout=1.0), path)
    _convert_whole(path, source, passphrase=None, into_passphrase=passphrase)
    stored = cipher.remember_passphrase(path, passphrase, keyring=remember)
    backups = list_plain_backups(path)
    removed = []
    if remove_plain_backups:
        for backup in backups:
            with contextlib.suppress(OSError):
                backup.unlink()
                removed.append(backup)
    return {"path": str(path), "keyring": stored, "removed_backups": [str(b) for b in removed],
            "plain_backups": [str(b) for b in backups if b not in removed]}


def list_plain_backups(path: Path) -> list[Path]:
    """The backups beside the book at *path* that are not encrypted (they still hold its contents)."""
    return [b for b in list_backups(path) if not cipher.is_encrypted(b)]


def decrypt_book(path: Path, passphrase: str | None = None) -> dict:
    """Write the encrypted book at *path* back as a plain file and forget its passphrase."""
    path = Path(path)
    _require_driver()
    if not cipher.is_encrypted(path):
        raise DatabaseError(_("{path} is not encrypted").format(path=path))
    _refuse_read_only(path)
    if passphrase is not None:
        if not passphrase_opens(path, passphrase):
            raise BookLocked(_("wrong passphrase for the encrypted book {path}").format(path=path))
    else:
        passphrase = unlock_book(path)
    source = cipher.connect_file(str(path), path=path, passphrase=passphrase, timeout=1.0)
    source = _leave_wal(source, path)
    _convert_whole(path, source, passphrase=passphrase, into_passphrase="")
    cipher.forget_passphrase(path)
    return {"path": str(path)}


def _require_driver() -> None:
    if cipher.driver() is None:
        raise DatabaseError(_("encryption needs SQLCipher, which is not installed "
                              "(pip install 'fairmate[encryption]')"))


def _refuse_read_only(path: Path) -> None:
    # Read-only media: switching the journal mode would fail, and say "open elsewhere".
    reason = read_only_reason(path)
    if reason:
        raise ReadOnlyBook(reason)


def _leave_wal(conn, path: Path):
    """Empty the WAL into the file and switch to a rollback journal; refuse when the book is open elsewhere."""
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
    except sqlite3.OperationalError:
        mode = "busy"
    if mode != "delete":
        conn.close()
        raise BookBusy(_("{path} is open in another window or command: close it there first").format(
            path=path))
    return conn


def _convert(path: Path, source, *, into_passphrase: str) -> None:
    """Export *source* (a connection to *path*) into a new file keyed with *into_passphrase* ("" = plain)."""
    target = path.with_name(path.name + CONVERSION_SUFFIX)
    remove_stale_conversion(path)
    try:
        module = cipher.driver()
        if not isinstance(source, module.Connection):
            # sqlcipher_export runs in SQLCipher: read the plain book through it too (no key: plain).
            source.close()
            source = module.connect(str(path), timeout=1.0)
        create_private_file(target)
        os.truncate(target, 0)
        # A passphrase is never put in the SQL itself: one shaped like x'…' would be taken as a raw key.
        literal = cipher.new_file_key(into_passphrase).replace("'", "''") if into_passphrase else ""
        source.execute(f"ATTACH DATABASE ? AS converted KEY '{literal}'", (str(target),))
        source.execute("SELECT sqlcipher_export('converted')")
        version = source.execute("PRAGMA main.user_version").fetchone()[0]
        source.execute(f"PRAGMA converted.user_version = {int(version)}")
        source.execute(f"PRAGMA converted.application_id = {APPLICATION_ID}")
        source.execute("DETACH DATABASE converted")
        counts = _row_counts(source)
        source.close()
        with open(target, "rb+") as handle:  # on disk before it replaces the book
            os.fsync(handle.fileno())
        _verify(target, into_passphrase or None, counts)
        os.replace(target, path)
    except BaseException:
        with contextlib.suppress(Exception):
            source.close()
        with contextlib.suppress(FileNotFoundError):
            target.unlink()
        raise
    for stale in ("-wal", "-shm"):
        with contextlib.suppress(FileNotFoundError):
            Path(str(path) + stale).unlink()


def _convert_whole(path: Path, source, *, passphrase: str | None, into_passphrase: str) -> None:
    """``_convert``; when it fails on a book that fails its check too, ``DamagedBook`` says so."""
    try:
        _convert(path, source, into_passphrase=into_passphrase)
    except sqlite3.DatabaseError:
        # A fresh connection: the failed export's one may be unusable (SQLCipher: out of memory).
        conn = cipher.connect_file(sqlite_uri(path, mode="ro"), path=path, passphrase=passphrase, uri=True)
        try:
            problems = quick_check(conn)
        finally:
            conn.close()
        if problems:
            problems = explain_encrypted_problems(problems) if passphrase is not None else problems
            raise DamagedBook(describe_damage(path, problems)) from None
        raise


def _row_counts(conn) -> dict[str, int]:
    tables = [row[0] for row in conn.execute(
        "SELECT name FROM main.sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' "
        "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return {table: conn.execute(f'SELECT count(*) FROM main."{table}"').fetchone()[0] for table in tables}


def _verify(target: Path, passphrase: str | None, counts: dict[str, int]) -> None:
    conn = cipher.connect_file(sqlite_uri(target, mode="ro"), path=target, passphrase=passphrase, uri=True)
    try:
        check = conn.execute("PRAGMA quick_check").fetchall()
        copied = _row_counts(conn)
    finally:
        conn.close()
    if check != [("ok",)] or copied != counts:
        raise DatabaseError(_("the converted copy of the book did not match it; the book was left as it was"))
