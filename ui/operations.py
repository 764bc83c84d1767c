"""The one way the GUI writes: ``OperationRunner`` runs a core write on the write lane, then announces it.

As Anki's ``CollectionOp``: the GUI names a core write and its label, the
write runs on the task runner's serial write lane with the worker's own
connection (never the GUI thread's; only tests' in-memory databases run at
once), and what it changed comes back as one ``changes_applied(OpChanges)``
on the GUI thread. Pages and panes refresh from that announcement alone,
each for the tables it shows. Undo goes through the same path.

This is also the only ui/ module that imports core write functions: the
write entry points the GUI uses are collected below (``tests/ui/test_ui_
operations.py`` fails when another module imports one). Each loads on first
use (``op.change_stage``): their modules (the write path, the import's
icalendar and vobject, sync's httpx) are not needed for the first page of
contacts, and importing them before it was ~15 ms of every start (~90 ms
more for the import and sync).
"""

from __future__ import annotations

import importlib
import sqlite3
import time
from typing import Any, Callable

from PySide6.QtCore import QObject, QTimer, Signal

from core.book.settings import HOME_COUNTRY, HOME_TIME_ZONE, SETTINGS, get_setting, has_saved_setting, set_setting
from core.book.validation import ValidationError
from core.i18n import _
from core.store.changes import OpChanges
from core.store.db import OpResult, perform
from core.store.faults import describe_database_error

# The core writes the GUI calls, each imported when first asked for: name -> module.
_LAZY_WRITES = {
    **dict.fromkeys(("add_commitment", "change_stage", "complete_commitment", "complete_follow_up",
                     "log_interaction", "schedule_follow_up"), "core.book.activity"),
    **dict.fromkeys(("add_contact", "delete_contact", "refresh_name_spellings", "update_contact"),
                    "core.book.contacts"),
    **dict.fromkeys(("mark_not_duplicates", "merge_contacts", "undo_merge"), "core.book.duplicates"),
    **dict.fromkeys(("erase_contact", "vacuum_book"), "core.book.erasure"),
    **dict.fromkeys(("add_meeting", "cancel_meeting"), "core.book.events"),
    "apply_import": "core.exchange.pipeline",
    "add_favourite_phrase": "core.content.phrase_favourites",
    "remove_favourite_phrase": "core.content.phrase_favourites",
    # Sync pulls in httpx (~0.1 s): loaded once the book is connected or the Sync page is opened.
    "connect": "core.sync.engine",
    "disconnect": "core.sync.engine",
    "resolve_conflict": "core.sync.resolve",
    "restore_deleted_row": "core.sync.resolve",
}

__all__ = ["OperationRunner", "operations_for", "describe_failure", "save_settings", "save_home_country",
           "add_demo_data", *_LAZY_WRITES]


def __getattr__(name: str) -> Any:
    # PEP 562: ``op.change_stage`` imports core.book.activity the first time.
    if name in _LAZY_WRITES:
        value = getattr(importlib.import_module(_LAZY_WRITES[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def save_settings(db, values: dict) -> dict:
    """Store the settings in *values* that differ from what is saved (one operation); return *values*."""
    for key, value in values.items():
        if value != get_setting(db, key):
            set_setting(db, key, value)
    return values


def save_home_country(db, country: str, zone: str | None) -> dict:
    """Store the home country, and *zone* as home time zone unless one was chosen; return every setting."""
    set_setting(db, HOME_COUNTRY.key, country)
    if zone and not has_saved_setting(db, HOME_TIME_ZONE.key):
        set_setting(db, HOME_TIME_ZONE.key, zone)
    return {key: get_setting(db, key) for key in SETTINGS if not key.startswith("ui/")}


def add_demo_data(db, contacts: int = 200) -> dict:
    """Fill an empty book with *contacts* sample partners and their history (one operation: Undo removes it)."""
    from core.demo.generate import generate_demo_data  # its data files load only when asked

    return generate_demo_data(db, contacts)


def describe_failure(exc: BaseException) -> str:
    """One sentence for a refused or failed write: core's message, never a traceback."""
    if isinstance(exc, ValidationError):
        if hasattr(exc, "by_field"):
            message = "\n".join(exc.by_field().values())
        else:
            message = exc.message
    elif isinstance(exc, KeyError) and exc.args:
        message = str(exc.args[0])
    elif isinstance(exc, sqlite3.OperationalError):
        message = describe_database_error(exc)
    else:
        message = str(exc).strip() or exc.__class__.__name__
    return message[:1].upper() + message[1:]


def is_busy_error(exc: BaseException) -> bool:
    """True when a write failed only because another connection held the book (try again later)."""
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in str(exc) or "busy" in str(exc))


class OperationRunner(QObject):
    """Runs core writes off the GUI thread and announces what each changed, once.

    ``run(write, *args, label=N_("Delete contact"), on_done=..., on_error=...,
    toast=True, **kwargs)`` calls ``write(db, *args, **kwargs)`` in one
    transaction on the write lane; then, on the GUI thread,
    ``changes_applied(changes)`` is emitted and ``on_done(value)`` gets the
    write's own return value (a new contact's id). A failure goes to
    ``on_error(exc)`` when given (dialogs show it under the field), otherwise
    it becomes one message (``operation_failed(text)`` and a message box).
    ``undo()`` undoes the last operation the same way.
    """

    changes_applied = Signal(object)   # OpChanges of a committed write or undo
    operation_failed = Signal(str)     # the message shown for a failed write
    operation_waiting = Signal(str)    # the book is busy elsewhere: the write is tried again

    # How long a write that finds the book busy (a long import in another window or command
    # holds it: imports are all or nothing) is tried again before it is reported as failed.
    busy_retry_s = 300.0
    BUSY_RETRY_INTERVAL_MS = 500

    def __init__(self, tasks, parent: QObject | None = None):
        super().__init__(parent if parent is not None else tasks)
        self.tasks = tasks
        self._toasts: set[str] = set()

    @property
    def db(self):
        """The GUI thread's connection, for reads only."""
        return self.tasks.db

    def run(self, write: Callable[..., Any], *args: Any, label: str = "",
            on_done: Callable[[Any], None] | None = None,
            on_error: Callable[[BaseException], None] | None = None,
            toast: bool = False, **kwargs: Any):
        """Run ``write(db, *args, **kwargs)`` as one operation.

        Core names its own writes (``N_("Delete contact")``); *label* names a
        GUI-made one that has no name of its own (several settings at once).
        """
        def finished(result: OpResult) -> None:
            if toast and result.changes.operation_id:
                self._toasts.add(result.changes.operation_id)
            self._announce(result.changes)
            if on_done is not None:
                on_done(result.value)

        started = time.monotonic()

        def failed(exc: BaseException) -> None:
            # The write rolled back whole: trying it again cannot write anything twice.
            if is_busy_error(exc) and time.monotonic() - started < self.busy_retry_s:
                self.operation_waiting.emit(_("The book is busy (another window or command is writing to it, "
                                              "an import perhaps); retrying…"))
                QTimer.singleShot(self.BUSY_RETRY_INTERVAL_MS, self, attempt)
                return
            (on_error or self._fail)(exc)

        def attempt() -> None:
            self.tasks.run_write(perform, write, *args, label=label, **kwargs, on_done=finished, on_error=failed)

        return self.tasks.run_write(perform, write, *args, label=label, **kwargs,
                                    on_done=finished, on_error=failed)

    def undo(self, on_done: Callable[[Any], None] | None = None):
        """Undo the last operation (Edit ▸ Undo); ``changes_applied`` carries ``origin == UNDO``."""
        def finished(result) -> None:
            self._announce(result.changes)
            if on_done is not None:
                on_done(result)

        def failed(exc: BaseException) -> None:
            from core.store.undo import NothingToUndo

            if isinstance(exc, NothingToUndo):
                self.operation_failed.emit(_("Nothing to undo"))
            else:
                self._fail(exc)

        from core.store.undo import undo_last_operation

        return self.tasks.run_write(undo_last_operation, on_done=finished, on_error=failed)

    def erase(self, contact_id: str, on_done: Callable[[Any], None] | None = None):
        """Erase a contact for good (core.book.erasure: its own transaction, never undone); announce it."""
        def finished(result) -> None:
            self._announce(result.changes)
            if on_done is not None:
                on_done(result)

        return self.tasks.run_write(__getattr__("erase_contact"), contact_id, on_done=finished, on_error=self._fail)

    def vacuum(self, on_done: Callable[[Any], None] | None = None):
        """Rewrite the whole book (VACUUM, outside any transaction); nothing in it changes."""
        return self.tasks.run_write(__getattr__("vacuum_book"), on_done=on_done, on_error=self._fail)

    def describe_undo(self) -> str | None:
        """The translated label of what ``undo()`` would undo, or None."""
        if self.db is None:
            return None
        from core.store.undo import describe_undo

        label = describe_undo(self.db)
        return _(label) if label else (None if label is None else _("Last change"))

    def wants_toast(self, changes: OpChanges) -> bool:
        """True when the write that made *changes* asked for an Undo toast."""
        return changes.operation_id in self._toasts

    def announce(self, changes: OpChanges) -> None:
        """Announce changes written elsewhere (a sync's pull, origin REMOTE) as a write's are: pages refresh."""
        self._announce(changes)

    def _announce(self, changes: OpChanges) -> None:
        if not changes.is_empty():
            self.changes_applied.emit(changes)

    def _fail(self, exc: BaseException) -> None:
        text = describe_failure(exc)
        self.operation_failed.emit(text)
        self.tasks.show_error(text)


def operations_for(tasks) -> OperationRunner:
    """The one ``OperationRunner`` of task runner *tasks* (made on first use)."""
    runner = getattr(tasks, "_operation_runner", None)
    if runner is None:
        runner = OperationRunner(tasks)
        tasks._operation_runner = runner
    return runner

