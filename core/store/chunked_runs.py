"""Long writes in short transactions that still land all or nothing (demo data).

A chunked run commits many short transactions, so another window or process
waits a fraction of a second for the book, not minutes. Each chunk lists its
operation under the run's device-local marker in the same transaction, and the
last chunk removes the marker. While the run lives it holds a file lock beside
the book. A marker whose lock is free belongs to a run that died (``kill -9``,
a power cut): ``recover_interrupted_runs`` undoes its operations, newest first,
so nothing half-written stays behind. A run that fails with an exception
undoes itself at once. One run at a time: a run started while another one is
under way on the book refuses at once (``BookBusy``), writing nothing.
"""

from __future__ import annotations

import contextlib
import functools
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from core.store.changes import current_collector
from core.i18n import _
from core.store.db import BookBusy, ReadOnlyBook, write_transaction
from core.store.files import create_private_file
from core.store.ids import new_id
from core.store.operation_log import group_operations

if TYPE_CHECKING:
    import filelock

_PREFIX = "run:"


def _lock_path(book: Path, run_id: str) -> Path:
    return book.with_name(f"{book.name}.{run_id}.lock")


class ChunkedRun:
    """One long write as many short transactions: ``with ChunkedRun(db, label) as run: with run.chunk(): …``."""

    def __init__(self, db, label: str) -> None:
        self.db = db
        self.label = label
        self.run_id = new_id()
        self.chunks = 0
        self.lock: filelock.FileLock | None = None
        self.marked = False

    def __enter__(self) -> ChunkedRun:
        if self.db.read_only:
            # Refused before the lock file, which read-only media could not take either.
            raise ReadOnlyBook(self.db.read_only, damaged=self.db.damaged)
        if self.db.path is not None:
            # Imported here: filelock brings asyncio (~50 ms), and every start checks for runs.
            from filelock import FileLock

            path = _lock_path(Path(self.db.path), self.run_id)
            create_private_file(path)  # 0600 like the book: it sits beside it
            self.lock = FileLock(str(path))
            self.lock.acquire()
            if not self.db.conn.in_transaction:
                try:
                    self._claim()
                except BaseException:
                    self._release()
                    raise
        return self

    def _claim(self) -> None:
        """Put the run's marker in the book, unless another live run's is there (then ``BookBusy``).

        Looked at first without waiting for the book (a live run holds it most of the time), then
        again in the write transaction that marks this run: of two runs started together, the second
        sees the first's marker.
        """
        self._refuse_if_under_way()
        with write_transaction(self.db):
            self._refuse_if_under_way()
            self._mark_run()

    def _refuse_if_under_way(self) -> None:
        for other in interrupted_runs(self.db):
            if other.get("lock") and _is_held(other["lock"]):
                raise BookBusy(_("Another “{operation}” is under way on this book; try again once it has "
                                 "finished").format(operation=_(other["label"])))

    @contextlib.contextmanager
    def chunk(self) -> Iterator[None]:
        """One transaction of the run; its operation is listed under the run's marker as it commits."""
        with write_transaction(self.db, self.label):
            yield
            collector = current_collector(self.db)
            if not self.marked:
                self._mark_run()
            self.chunks += 1
            self._mark(self._key(self.chunks), collector.operation_id)

    def __exit__(self, kind, exc, tb) -> None:
        try:
            if exc is None:
                self._finish()
            elif self.marked and not self.db.conn.in_transaction:
                _undo_run(self.db, self.run_id)
            # else: inside the caller's one transaction, which rolls back whole
        finally:
            self._release()

    def _mark_run(self) -> None:
        self._mark(self._key(), json.dumps({"label": self.label,
                                            "lock": str(self.lock.lock_file) if self.lock else None}))
        self.marked = True

    def _finish(self) -> None:
        if self.marked and not self.db.conn.in_transaction:
            with write_transaction(self.db, self.label):
                self._clear()
        elif self.marked:
            self._clear()  # inside the caller's one transaction: the marker goes with it

    def _clear(self) -> None:
        # In order, once each (inside a caller's one transaction every chunk is the same operation).
        operations = list(dict.fromkeys(value for (value,) in self.db.conn.execute(
            "SELECT value FROM device WHERE key LIKE ? ORDER BY key", (self._key() + ":%",))))
        group_operations(self.db, operations)
        self.db.conn.execute("DELETE FROM device WHERE key = ? OR key LIKE ?",
                             (self._key(), self._key() + ":%"))

    def _mark(self, key: str, value: str) -> None:
        self.db.conn.execute("INSERT OR REPLACE INTO device(key, value) VALUES (?, ?)", (key, value))

    def _key(self, chunk: int | None = None) -> str:
        return _PREFIX + self.run_id + ("" if chunk is None else f":{chunk:08d}")

    def _release(self) -> None:
        if self.lock is not None:
            _release(self.lock)


def _release(lock: filelock.FileLock) -> None:
    """Let go of a run's lock and remove its file (filelock leaves it behind on POSIX)."""
    lock.release()
    Path(lock.lock_file).unlink(missing_ok=True)


def _is_held(lock_file: str) -> bool:
    """True when a process holds the lock at *lock_file* (its run is writing)."""
    from filelock import FileLock, Timeout  # not at import: see ChunkedRun.__enter__

    lock = FileLock(lock_file)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        return True
    _release(lock)  # a run that died: the next opening of the book undoes it
    return False


def _undo_run(db, run_id: str, progress: Callable[[int, int], None] | None = None) -> int:
    """Undo a run's committed operations, newest first, each with its marker entry; return how many.

    *progress* is called with ``(done, total)`` chunks after each.
    """
    from core.store.undo import undo_operation  # the write path: not imported at every opening of a book

    key = _PREFIX + run_id
    undone = 0
    chunks = db.conn.execute("SELECT key, value FROM device WHERE key LIKE ? ORDER BY key DESC",
                             (key + ":%",)).fetchall()
    for done, (chunk_key, operation_id) in enumerate(chunks, 1):
        with write_transaction(db):
            if undo_operation(db, operation_id) is not None:
                undone += 1
            db.conn.execute("DELETE FROM device WHERE key = ?", (chunk_key,))
        if progress is not None:
            progress(done, len(chunks))
    with write_transaction(db):
        db.conn.execute("DELETE FROM device WHERE key = ?", (key,))
    return undone


def interrupted_runs(db) -> list[dict]:
    """Runs whose marker is in the book: ``id``, ``label``, ``lock`` (the file their process holds)."""
    rows = db.conn.execute("SELECT key, value FROM device WHERE key LIKE ? AND key NOT LIKE ?",
                           (_PREFIX + "%", _PREFIX + "%:%")).fetchall()
    return [{"id": key[len(_PREFIX):], **json.loads(value)} for key, value in rows]


def recover_interrupted_runs(db, progress: Callable[[str, int, int], None] | None = None) -> list[str]:
    """Undo what runs that died left behind; return their labels (untranslated). Live runs are left alone.

    *progress* is called with ``(label, done, total)`` as each run's chunks are undone
    (a killed 100,000-contact demo run is thousands of them).
    """
    if db.read_only:
        return []
    recovered = []
    for run in interrupted_runs(db):
        from filelock import FileLock, Timeout  # only when a run is found: see ChunkedRun.__enter__

        lock = FileLock(run["lock"]) if run.get("lock") else None
        if lock is not None:
            try:
                lock.acquire(timeout=0)
            except Timeout:
                continue  # its process is still writing
        try:
            _undo_run(db, run["id"], progress and functools.partial(progress, run["label"]))
            recovered.append(run["label"])
        finally:
            if lock is not None:
                _release(lock)
    return recovered
