"""The one way the GUI runs slow core work: a task runner on a QThreadPool.

Like Picard's ``run_task(func, next_func)`` and Anki's ``QueryOp``: the
worker function gets plain data only, never widgets; a task that needs the
database gets its own connection, opened in the worker thread (SQLite
connections belong to the thread that made them). The result comes back to
the GUI thread through a queued signal, then ``on_done`` runs there.

Tests swap in ``ImmediateTaskRunner``, which runs every task at once on
the calling thread, so no test waits on a clock.
"""

from __future__ import annotations

import gc
import threading
import traceback
from dataclasses import dataclass, field
from itertools import count
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QWidget

from core.i18n import _

# Keyed by OS thread: PySide gives each task a fresh Python thread state, so
# threading.local() would forget the connection after every task.
_worker_databases: dict[tuple[int, str], tuple[object, int]] = {}
_worker_databases_lock = threading.Lock()
# Bumped by reopen_worker_databases: a thread's connection older than this is reopened.
_database_versions: dict[str, int] = {}


def open_worker_database(path: str):
    """This thread's own connection to the database at *path* (opened once per thread)."""
    key = (threading.get_ident(), path)
    with _worker_databases_lock:
        entry = _worker_databases.get(key)
        version = _database_versions.get(path, 0)
    if entry is not None and entry[1] != version:
        entry[0].close()  # in its own thread, as SQLite wants
        entry = None
    if entry is None:
        from core.store.db import open_database

        # The GUI connection already migrated the file at start-up.
        entry = (open_database(path, migrate=False), version)
        with _worker_databases_lock:
            _worker_databases[key] = entry
    return entry[0]


def reopen_worker_databases(path: str) -> None:
    """Make every worker thread reopen its connection to *path* before its next task.

    After pairing gave the book a new node id (a copied book), connections
    opened before would go on stamping changes with the old one.
    """
    with _worker_databases_lock:
        _database_versions[path] = _database_versions.get(path, 0) + 1


def close_worker_databases(path: str) -> None:
    """Close every worker thread's connection to *path* (call when no task runs: the file is swapped next).

    Dropping the last reference closes a connection, from whichever thread (SQLite's own
    thread check applies to ``close()``, not to the connection's end), so no task is needed
    on each pool thread.
    """
    with _worker_databases_lock:
        keys = [key for key in _worker_databases if key[1] == path]
        entries = [_worker_databases.pop(key) for key in keys]
        _database_versions[path] = _database_versions.get(path, 0) + 1
    entries.clear()
    gc.collect()


@dataclass
class TaskHandle:
    """A submitted task; pass it to ``TaskRunner.cancel`` to drop it if it has not started."""

    task_id: int
    on_done: Callable[[Any], None] | None = None
    on_error: Callable[[BaseException], None] | None = None
    runnable: QRunnable | None = field(default=None, repr=False)
    cancelled: bool = False


class _TaskRunnable(QRunnable):
    """Runs one function in a pool thread and reports through the runner's signals."""

    def __init__(self, runner: "TaskRunner", task_id: int, call: Callable[[], Any]):
        super().__init__()
        self.setAutoDelete(False)  # the runner keeps it until its result is delivered
        self._runner = runner
        self._task_id = task_id
        self._call = call

    def run(self) -> None:
        try:
            result = self._call()
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the GUI
            exc.traceback_text = traceback.format_exc()
            self._runner._task_failed_internal.emit(self._task_id, exc)
        else:
            self._runner._task_done_internal.emit(self._task_id, result)


class TaskRunner(QObject):
    """Runs functions on a background thread and hands their results to the GUI thread.

    ``run(func, *args, on_done=..., on_error=...)`` calls ``func(*args)`` in the
    pool; ``run_db(func, *args, ...)`` calls ``func(db, *args)`` with a
    connection opened in the worker thread; ``run_write`` does the same on
    the write lane, one thread, so writes commit one after another, as in
    Anki. With an in-memory database
    (tests) there is no file to reopen, so ``run_db`` runs at once on the GUI
    thread with the GUI connection.

    Without ``on_error``, a failure is shown in a message box and emitted as
    ``task_failed(text)`` (the main window puts it in the status bar).
    ``task_finished`` fires after every task so views can refresh.
    """

    task_failed = Signal(str)
    task_finished = Signal()
    _task_done_internal = Signal(int, object)
    _task_failed_internal = Signal(int, object)

    def __init__(self, db=None, parent: QObject | None = None, max_threads: int = 1):
        super().__init__(parent)
        self._db = db
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        # Pool threads live as long as the runner, and so do their connections.
        self._pool.setExpiryTimeout(-1)
        # Writes have a lane of their own, one thread: they commit in the order they were asked for.
        self._write_pool = QThreadPool(self)
        self._write_pool.setMaxThreadCount(1)
        self._write_pool.setExpiryTimeout(-1)
        # Sync waits on the network: a lane of its own, so a slow server never holds up reads or writes.
        self._sync_pool = QThreadPool(self)
        self._sync_pool.setMaxThreadCount(1)
        self._sync_pool.setExpiryTimeout(-1)
        self._tasks: dict[int, TaskHandle] = {}
        self._ids = count(1)
        self.error_parent: QWidget | None = None
        self._task_done_internal.connect(self._deliver_result)
        self._task_failed_internal.connect(self._deliver_error)

    # Public API --------------------------------------------------------------

    @property
    def db(self):
        """The GUI thread's database connection (None before one is attached)."""
        return self._db

    def set_database(self, db) -> None:
        """Use *db* (the GUI connection) from now on; workers open the same file."""
        self._db = db

    def reads_in_background(self) -> bool:
        """True when ``run_db`` runs in a worker thread (a book in a file), False when at once, here."""
        return self._database_path() is not None

    def run(self, func: Callable[..., Any], *args: Any,
            on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[BaseException], None] | None = None) -> TaskHandle:
        """Call ``func(*args)`` in the pool; then ``on_done(result)`` or ``on_error(exc)`` here."""
        return self._submit(lambda: func(*args), on_done, on_error)

    def run_db(self, func: Callable[..., Any], *args: Any,
               on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[BaseException], None] | None = None) -> TaskHandle:
        """Call ``func(db, *args)`` with a database connection of the worker's own."""
        path = self._database_path()
        if path is None:
            return self._run_now(lambda: func(self._db, *args), on_done, on_error)
        return self._submit(lambda: func(open_worker_database(path), *args), on_done, on_error)

    def run_write(self, func: Callable[..., Any], *args: Any,
                  on_done: Callable[[Any], None] | None = None,
                  on_error: Callable[[BaseException], None] | None = None, **kwargs: Any) -> TaskHandle:
        """Call ``func(db, *args, **kwargs)`` on the serial write lane, with the lane's own connection.

        Use ``ui.operations.OperationRunner`` rather than this: it also announces what changed.
        """
        path = self._database_path()
        if path is None:
            return self._run_now(lambda: func(self._db, *args, **kwargs), on_done, on_error)
        return self._submit(lambda: func(open_worker_database(path), *args, **kwargs), on_done, on_error,
                            pool=self._write_pool)

    def run_sync(self, func: Callable[..., Any], *args: Any,
                 on_done: Callable[[Any], None] | None = None,
                 on_error: Callable[[BaseException], None] | None = None) -> TaskHandle:
        """Call ``func(db, *args)`` on the sync lane (one thread, its own connection), for network work.

        ``ui.sync_controller.SyncController`` is its user: a sync may wait on a
        slow server for a minute, and must not hold up the pool or the write lane.
        """
        path = self._database_path()
        if path is None:
            return self._run_now(lambda: func(self._db, *args), on_done, on_error)
        return self._submit(lambda: func(open_worker_database(path), *args), on_done, on_error,
                            pool=self._sync_pool)

    def cancel(self, handle: TaskHandle | None) -> None:
        """Drop a task: if it has not started it never runs, and its callbacks never fire."""
        if handle is None or handle.task_id not in self._tasks:
            return
        handle.cancelled = True
        if handle.runnable is not None and (self._pool.tryTake(handle.runnable)
                                            or self._write_pool.tryTake(handle.runnable)
                                            or self._sync_pool.tryTake(handle.runnable)):
            self._tasks.pop(handle.task_id, None)

    def wait_for_idle(self, msecs: int = 30000) -> bool:
        """Block until every queued task has run (for shutdown and benchmarks)."""
        return (self._write_pool.waitForDone(msecs) and self._pool.waitForDone(msecs)
                and self._sync_pool.waitForDone(msecs))

    def show_error(self, text: str) -> None:
        """Tell the user a task failed: a message box (non-blocking) and ``task_failed``."""
        self.task_failed.emit(text)
        if self.error_parent is not None:
            from PySide6.QtWidgets import QMessageBox  # its classes are built when first used

            box = QMessageBox(QMessageBox.Icon.Warning, _("Something went wrong"), text,
                              QMessageBox.StandardButton.Ok, self.error_parent)
            box.setObjectName("taskErrorBox")
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
            box.open()

    # Internals ---------------------------------------------------------------

    def _database_path(self) -> str | None:
        path = getattr(self._db, "path", None)
        return str(path) if path else None

    def _submit(self, call, on_done, on_error, pool: QThreadPool | None = None) -> TaskHandle:
        handle = TaskHandle(next(self._ids), on_done, on_error)
        handle.runnable = _TaskRunnable(self, handle.task_id, call)
        self._tasks[handle.task_id] = handle
        (pool or self._pool).start(handle.runnable)
        return handle

    def _run_now(self, call, on_done, on_error) -> TaskHandle:
        handle = TaskHandle(next(self._ids), on_done, on_error)
        self._tasks[handle.task_id] = handle
        try:
            result = call()
        except Exception as exc:  # noqa: BLE001 - same contract as the threaded path
            exc.traceback_text = traceback.format_exc()
            self._deliver_error(handle.task_id, exc)
        else:
            self._deliver_result(handle.task_id, result)
        return handle

    @Slot(int, object)
    def _deliver_result(self, task_id: int, result: Any) -> None:
        handle = self._tasks.pop(task_id, None)
        if handle is None or handle.cancelled:
            return
        if handle.on_done is not None:
            handle.on_done(result)
        self.task_finished.emit()

    @Slot(int, object)
    def _deliver_error(self, task_id: int, exc: BaseException) -> None:
        handle = self._tasks.pop(task_id, None)
        if handle is None or handle.cancelled:
            return
        if handle.on_error is not None:
            handle.on_error(exc)
        else:
            self.show_error(describe_error(exc))
        self.task_finished.emit()


class ImmediateTaskRunner(TaskRunner):
    """A runner that runs each task at once on the calling thread (for tests).

    ``run_db`` passes the GUI connection, so tests can use an in-memory database.
    """

    def run(self, func, *args, on_done=None, on_error=None) -> TaskHandle:
        return self._run_now(lambda: func(*args), on_done, on_error)

    def reads_in_background(self) -> bool:
        return False

    def run_db(self, func, *args, on_done=None, on_error=None) -> TaskHandle:
        return self._run_now(lambda: func(self._db, *args), on_done, on_error)

    def run_write(self, func, *args, on_done=None, on_error=None, **kwargs) -> TaskHandle:
        return self._run_now(lambda: func(self._db, *args, **kwargs), on_done, on_error)

    def run_sync(self, func, *args, on_done=None, on_error=None) -> TaskHandle:
        return self._run_now(lambda: func(self._db, *args), on_done, on_error)


def describe_error(exc: BaseException) -> str:
    """The text shown to the user for a failed task: the message, not a traceback."""
    message = str(exc).strip() or exc.__class__.__name__
    if isinstance(exc, KeyError) and exc.args:
        message = str(exc.args[0])
    return message
