"""SyncController: syncs the book by itself whenever the team's server answers, and says where things stand.

No widget: the Sync page and the status bar listen to ``status_changed``.
When it probes (``GET /ping`` of the server itself, never only the
operating system's network state, which says "online" behind a hotel's
login page): at start, a few seconds after local writes, when
QNetworkInformation reports a change, every ``poll_ms`` while the server
answers, and with a back-off from 15 s to 5 min while it does not.

Each sync runs on the task runner's sync lane with that thread's own
connection; what it pulled is announced through the operation runner
(``changes_applied`` with origin REMOTE), so pages refresh exactly as after
a local write. Pairing, disconnecting and resolving conflicts go the same
ways. Core's sync modules (and httpx) load in the worker, not at start-up.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, timezone
from typing import Any, Callable

from PySide6.QtCore import QObject, QTimer, Signal

from core.store.changes import LOCAL, REMOTE, UNDO, OpChanges
from core.sync.credentials import BookCopied
from ui import operations as op
from ui.tasks import reopen_worker_databases

# Back-off while the server does not answer: 15 s, 30 s, 1 min, 2 min, 4 min, then every 5 min.
FIRST_RETRY_MS = 15_000
LAST_RETRY_MS = 5 * 60_000
# A sync this long after the last local write (more writes push it back).
DEBOUNCE_MS = 3_000
# While the server answers: look for the team's changes this often.
POLL_MS = 60_000
# The tables a sync can write; a cut-off pull announces them all (what it applied is not known).
SYNCED_TABLES = ("contacts", "companies", "events", "meetings", "interactions", "commitments", "follow_ups",
                 "stage_history", "merges", "distinct_contacts", "duplicate_keys")

# What the controller is doing (``SyncStatus.state``).
OFF = "off"              # the book is not connected to a server
WAITING = "waiting"      # connected, no sync has finished yet in this session
SYNCING = "syncing"
SYNCED = "synced"
OFFLINE = "offline"      # the server did not answer; retrying with back-off
REVOKED = "revoked"      # 401: this device was removed from the team; stopped
UPDATE = "update"        # 426: this app is too old for the server; stopped
SERVER_OLD = "server_old"  # the server is too old for this app; stopped
FAILED = "failed"        # another refusal; retried with back-off
STOPPED_STATES = (REVOKED, UPDATE, SERVER_OLD)


class SyncCancelled(Exception):
    """The user cancelled a sync; what was sent or received until then stays (the next sync goes on)."""


@dataclass(frozen=True)
class SyncStatus:
    """Where sync stands: the state above, the book's counts, progress and the last error's sentence."""

    state: str = OFF
    url: str | None = None
    team: str = ""
    device_id: str | None = None
    device_name: str | None = None  # as the server calls this device ("Anna's laptop")
    waiting: int = 0
    conflicts: int = 0
    last_sync_at: str | None = None
    percent: int | None = None
    message: str = ""

    @property
    def connected(self) -> bool:
        """True when the book is paired with a server."""
        return self.state != OFF


@dataclass(frozen=True)
class SyncOutcome:
    """What a worker hands back: the book's counts after it, the sync's result, and what changed."""

    status: SyncStatus
    changes: OpChanges | None = None
    pulled: int = 0
    pushed: int = 0
    error: BaseException | None = None


# Workers: plain functions of a database connection and plain data --------------------------------------


def read_book_status(db, state: str | None = None) -> SyncStatus:
    """The book's sync keys and counts as a ``SyncStatus`` (*state* defaults to OFF or WAITING)."""
    from core.store.receive import list_conflicts
    from core.sync.state import count_waiting_changes, read_device_names, read_sync_state

    keys = read_sync_state(db)
    if state is None or not keys.connected:
        state = WAITING if keys.connected else OFF
    return SyncStatus(state=state, url=keys.url, team=keys.team_name or "", device_id=keys.device_id,
                      device_name=read_device_names(db).get(db.node_id),
                      waiting=count_waiting_changes(db), conflicts=len(list_conflicts(db)),
                      last_sync_at=keys.last_sync_at)


def _default_factory(allow_plain_http: bool) -> Callable[[str, "str | None"], Any]:
    from core.sync.transport import HttpTransport

    return lambda url, token: HttpTransport(url, token, allow_plain_http=allow_plain_http)


def probe_and_sync(db, transport_factory, cancel: threading.Event,
                   report: Callable[[int], None]) -> SyncOutcome:
    """Ping the book's server; when it answers, sync once. Runs in a worker with its own connection.

    *report* gets the progress in percent; *cancel*, once set, stops the sync
    after the page in hand (each page commits on its own). Errors come back
    in the outcome, with what a cut-off pull changed announced anyway.
    """
    from core.sync.engine import open_transport, sync_once
    from core.sync.state import count_waiting_changes, read_sync_state

    keys = read_sync_state(db)
    factory = transport_factory or _default_factory(keys.allow_plain_http)
    to_send = max(count_waiting_changes(db), 1)
    start = {"cursor": keys.cursor, "pulled": False}

    def progress(step: str, done: int, total: int | None) -> None:
        if step == "push":
            report(min(100, done * 100 // to_send))
        else:
            start["pulled"] = True
            span = max((total or done) - start["cursor"], 1)
            report(min(100, max(0, done - start["cursor"]) * 100 // span))
        if cancel.is_set():
            raise SyncCancelled()

    try:
        transport = open_transport(db, factory)
    except BookCopied:
        # A copied book got a node of its own: the other threads' connections must stamp with it.
        reopen_worker_databases(str(db.path))
        raise
    try:
        transport.ping()
        report(0)
        result = sync_once(db, transport, progress=progress)
    except Exception as exc:  # noqa: BLE001 - every failure is described to the user by the controller
        # Pages applied before the cut stay applied: let the pages look again.
        changes = OpChanges(label="Sync", origin=REMOTE, rows={t: frozenset() for t in SYNCED_TABLES}) \
            if start["pulled"] else None
        return SyncOutcome(read_book_status(db, WAITING), changes, error=exc)
    finally:
        transport.close()
    status = read_book_status(db, SYNCED)
    if result.refused:
        # They stay waiting for good: say why, or "1 change waiting" never goes away unexplained.
        status = replace(status, message=describe_refused(result.refused))
    return SyncOutcome(status, result.changes, result.pulled, result.pushed)


def connect_book(db, url: str, code: str, device_name: str, allow_plain_http: bool,
                 transport_factory, share_contacts: bool = False) -> SyncStatus:
    """Pair the book with a team (a worker's connection); its status afterwards. Raises a ``SyncError``.

    ``SharingNotConfirmed`` when the book holds another team's contacts and *share_contacts* is false.
    """
    from core.sync.transport import check_server_url

    checked = check_server_url(url, allow_plain_http=allow_plain_http)
    factory = transport_factory or _default_factory(allow_plain_http)
    connection = op.connect(db, checked, code.strip(), device_name.strip(), factory,
                            allow_plain_http=allow_plain_http, share_contacts=share_contacts)
    if connection.new_node:
        # A copied book got a node of its own: the other threads' connections must stamp with it.
        reopen_worker_databases(str(db.path))
    return read_book_status(db)


def refresh_node_id(db) -> None:
    """Read the book's node id again on the GUI connection (pairing may have given it a new one)."""
    from core.store.db import install_clock

    row = db.conn.execute("SELECT value FROM device WHERE key = 'node_id'").fetchone()
    if row and row[0] != db.node_id:
        db.node_id = row[0]
        install_clock(db)


def disconnect_book(db) -> SyncStatus:
    """Forget the server and the device token; every local change stays. The status afterwards."""
    op.disconnect(db)
    return read_book_status(db)


# The controller ------------------------------------------------------------------------------------------


class SyncController(QObject):
    """Keeps the book in sync by itself; ``status`` says where it stands (see the module doc).

    *transport_factory* ``(url, token) -> transport`` replaces the HTTP
    transport (tests pass the in-process server's). ``start()`` reads the
    book's state and, when it is connected, probes the server at once.
    """

    status_changed = Signal(object)      # SyncStatus
    conflicts_changed = Signal()         # a sync or a resolution changed the conflicts
    sync_finished = Signal(object)       # SyncOutcome of each attempt
    _progress_reported = Signal(int)     # from the worker thread, queued to the GUI thread

    def __init__(self, operations, transport_factory=None, parent: QObject | None = None, *,
                 debounce_ms: int = DEBOUNCE_MS, poll_ms: int = POLL_MS, watch_network: bool = True):
        super().__init__(parent if parent is not None else operations)
        self.operations = operations
        self.tasks = operations.tasks
        self.transport_factory = transport_factory
        self.status = SyncStatus()
        self.retry_ms = 0          # the back-off in force (0: the server answered last time)
        self._busy = False
        self._again = False        # a sync was asked for while one ran
        self._cancel = threading.Event()
        self._watch_network = watch_network
        self._network = None
        self._stopped = False
        self._debounce = self._timer(debounce_ms, self.sync_now_if_running)
        self._retry = self._timer(FIRST_RETRY_MS, self.sync_now_if_running)
        self._poll = self._timer(poll_ms, self.sync_now_if_running)
        self._progress_reported.connect(self._on_progress)
        operations.changes_applied.connect(self._on_changes_applied)

    def _timer(self, interval: int, slot) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(interval)
        timer.timeout.connect(slot)
        return timer

    # Public --------------------------------------------------------------------------------------

    @property
    def busy(self) -> bool:
        """True while a sync (or a pairing) runs."""
        return self._busy

    def start(self) -> None:
        """Read the book's state; when it is connected, sync at once (and watch the network from then on)."""
        from core.sync.state import read_device_names, read_sync_state

        # Only the keys here (a few rows): the counts come with the first sync, from the worker.
        keys = read_sync_state(self.tasks.db)
        self._set_status(SyncStatus(state=WAITING if keys.connected else OFF, url=keys.url,
                                    team=keys.team_name or "", device_id=keys.device_id,
                                    device_name=read_device_names(self.tasks.db).get(self.tasks.db.node_id),
                                    last_sync_at=keys.last_sync_at))
        if self.status.connected:
            self.sync_now()

    def stop(self) -> None:
        """No more automatic syncs (the window closes); a sync in progress stops after its page."""
        self.cancel()
        for timer in (self._debounce, self._retry, self._poll):
            timer.stop()
        self._stopped = True

    def sync_now(self) -> None:
        """Probe the server and sync: the "Sync now" button, which also tries again after a revoke or a 426."""
        self._launch()

    def sync_now_if_running(self) -> None:
        """Sync unless the book is not connected or syncing stopped (revoked, update needed)."""
        if self.status.connected and self.status.state not in STOPPED_STATES:
            self._launch()

    def cancel(self) -> None:
        """Stop the sync in progress after the page in hand; the next sync resumes from there."""
        if self._busy:
            self._cancel.set()

    def connect_to(self, url: str, code: str, device_name: str, *, allow_plain_http: bool = False,
                   share_contacts: bool = False, on_done: Callable[[SyncStatus], None] | None = None,
                   on_error: Callable[[BaseException], None] | None = None) -> None:
        """Pair the book with a team (on the sync lane), then sync; a failure goes to *on_error*."""
        def done(status: SyncStatus) -> None:
            self._busy = False
            self.retry_ms = 0
            refresh_node_id(self.tasks.db)
            self._set_status(status)
            if on_done is not None:
                on_done(status)
            self.sync_now()

        def failed(exc: BaseException) -> None:
            self._busy = False
            if on_error is not None:
                on_error(exc)
            else:
                self.tasks.show_error(describe_sync_error(exc))

        self._busy = True
        self.tasks.run_sync(connect_book, url, code, device_name, allow_plain_http, self.transport_factory,
                            share_contacts, on_done=done, on_error=failed)

    def disconnect_book(self, on_done: Callable[[SyncStatus], None] | None = None) -> None:
        """Forget the server and this device's token (after a sync in progress); local changes stay."""
        self.cancel()
        for timer in (self._debounce, self._retry, self._poll):
            timer.stop()

        def done(status: SyncStatus) -> None:
            self.retry_ms = 0
            self._set_status(status)
            if on_done is not None:
                on_done(status)

        self.tasks.run_sync(disconnect_book, on_done=done)

    def resolve(self, table: str, row_id: str, field: str, keep: str) -> None:
        """Keep ``mine`` or ``theirs`` for one field in conflict: a normal write, so it syncs."""
        self.operations.run(op.resolve_conflict, table, row_id, field, keep, on_done=self._after_resolution)

    def restore(self, table: str, row_id: str) -> None:
        """Bring back a row deleted while another device edited it (one click; it syncs)."""
        self.operations.run(op.restore_deleted_row, table, row_id, on_done=self._after_resolution)

    def refresh_counts(self) -> None:
        """Count the changes waiting and the conflicts again (in the background)."""
        self.tasks.run_db(read_book_status, on_done=self._set_counts)

    # Internals -------------------------------------------------------------------------------------

    def _launch(self) -> None:
        if self._stopped:
            return
        if self._busy:
            self._again = True
            return
        for timer in (self._debounce, self._retry, self._poll):
            timer.stop()
        self._busy = True
        self._again = False
        self._cancel.clear()
        if self._watch_network and self._network is None:
            self._watch_network_changes()  # only for a connected book: no backend loaded otherwise
        self._set_status(replace(self.status, state=SYNCING, percent=None, message=""))
        self.tasks.run_sync(probe_and_sync, self.transport_factory, self._cancel, self._progress_reported.emit,
                            on_done=self._on_synced, on_error=self._on_crashed)

    def _on_progress(self, percent: int) -> None:
        if self._busy and self.status.state == SYNCING:
            self._set_status(replace(self.status, percent=percent))

    def _on_synced(self, outcome: SyncOutcome) -> None:
        self._busy = False
        if outcome.changes is not None and not outcome.changes.is_empty():
            self.operations.announce(outcome.changes)
        if outcome.error is None:
            self.retry_ms = 0
            self._set_status(outcome.status)
            self._poll.start()
        else:
            self._set_status(self._failed_status(outcome.status, outcome.error))
        self.conflicts_changed.emit()
        self.sync_finished.emit(outcome)
        if self._again and self.status.connected and self.status.state not in STOPPED_STATES:
            self._launch()

    def _on_crashed(self, exc: BaseException) -> None:
        # Opening the transport failed before any sync (not connected, no token): counts as a failure.
        self._busy = False
        status = self._failed_status(self.status, exc)
        self._set_status(status)
        self.sync_finished.emit(SyncOutcome(status, error=exc))

    def _failed_status(self, status: SyncStatus, exc: BaseException) -> SyncStatus:
        from core.sync import transport as t
        from core.sync.engine import NotConnected

        if isinstance(exc, BookCopied):
            # Not connected any more, with a node of its own: the GUI's connection stamps with it too.
            refresh_node_id(self.tasks.db)
            return replace(status, state=OFF, url=None, team="", device_id=None, percent=None,
                           message=describe_sync_error(exc))
        if isinstance(exc, NotConnected):
            return replace(status, state=OFF, percent=None, message="")
        message = describe_sync_error(exc)
        if isinstance(exc, SyncCancelled):
            # Not a failure: synced again at the next occasion (a write, the poll, Sync now).
            self._poll.start()
            return replace(status, state=WAITING if not status.last_sync_at else SYNCED, percent=None,
                           message=message)
        kinds = ((t.Unauthorized, REVOKED), (t.UpdateRequired, UPDATE), (t.ServerTooOld, SERVER_OLD),
                 (t.Unreachable, OFFLINE), (t.ServerFailed, OFFLINE))
        state = next((kind for cls, kind in kinds if isinstance(exc, cls)), FAILED)
        if state not in STOPPED_STATES:
            self.retry_ms = FIRST_RETRY_MS if not self.retry_ms else min(self.retry_ms * 2, LAST_RETRY_MS)
            self._retry.start(self.retry_ms)
        return replace(status, state=state, percent=None, message=message)

    def _set_status(self, status: SyncStatus) -> None:
        self.status = status
        self.status_changed.emit(status)

    def _set_counts(self, counted: SyncStatus) -> None:
        if counted.connected and self.status.connected:
            # Only the counts are new: the state (syncing, offline…) stays the controller's.
            counted = replace(self.status, waiting=counted.waiting, conflicts=counted.conflicts,
                              last_sync_at=counted.last_sync_at, team=counted.team or self.status.team)
        self._set_status(counted)

    def _after_resolution(self, _value) -> None:
        self.refresh_counts()
        self.conflicts_changed.emit()
        if self.status.connected:
            self._debounce.start()

    def _on_changes_applied(self, changes: OpChanges) -> None:
        if changes.origin not in (LOCAL, UNDO) or not self.status.connected:
            return
        self.refresh_counts()
        if self.status.state not in STOPPED_STATES:
            self._debounce.start()  # restarted by each write: one sync after a burst

    def _watch_network_changes(self) -> None:
        """Probe when the OS reports a network change (it cannot tell whether the server answers)."""
        try:
            from PySide6.QtNetwork import QNetworkInformation
        except ImportError:
            return
        try:
            if QNetworkInformation.instance() is None and not QNetworkInformation.loadDefaultBackend():
                return
        except Exception:  # noqa: BLE001 - no backend on this system: the back-off still probes
            return
        self._network = QNetworkInformation.instance()
        if self._network is not None:
            self._network.reachabilityChanged.connect(self._on_network_changed)

    def _on_network_changed(self, *_args) -> None:
        self.retry_ms = 0
        self.sync_now_if_running()


def describe_sync_error(exc: BaseException) -> str:
    """One sentence for a failed pairing or sync (core's own, capitalised), never a traceback."""
    from core.i18n import _

    from core.sync.transport import Unreachable

    if isinstance(exc, SyncCancelled):
        return _("Sync cancelled; it goes on from here next time.")
    detail = getattr(exc, "detail", "") or ""
    if isinstance(exc, Unreachable) and ("CERTIFICATE" in detail.upper() or "SSL" in detail.upper()):
        return _("The server's certificate is not valid or not trusted by this computer; "
                 "ask whoever runs the server (your changes are kept).")
    return op.describe_failure(exc)


def format_ago(moment: str | None, now: datetime | None = None) -> str:
    """How long ago *moment* (ISO text) was, in the interface language: ``2 min. ago``, ``just now``."""
    from babel.dates import format_timedelta

    from core.i18n import _
    from ui.formatting import names_locale, parse_moment

    if not moment:
        return _("never")
    if is_just_now(moment, now):
        return _("just now")
    delta = parse_moment(moment) - (now or datetime.now(timezone.utc))
    return format_timedelta(delta, add_direction=True, format="short", locale=names_locale())


def is_just_now(moment: str, now: datetime | None = None) -> bool:
    """True when *moment* (ISO text) is less than a minute from *now*."""
    from ui.formatting import parse_moment

    return abs(parse_moment(moment) - (now or datetime.now(timezone.utc))) < timedelta(minutes=1)


def describe_refused(count: int) -> str:
    """Why changes stay waiting after a sync: the server refused them (the command line's sentence)."""
    from core.i18n import ngettext

    return ngettext(
        "The server refused {count} change stamped with another device's id (made in a copy of its "
        "book?); it stays in this book.",
        "The server refused {count} changes stamped with another device's id (made in a copy of its "
        "book?); they stay in this book.", count).format(count=count)


def describe_status(status: SyncStatus, now: datetime | None = None) -> str:
    """The status bar's words for *status*: ``Offline — 12 changes waiting``, ``Syncing… 40%``…"""
    from core.i18n import _, ngettext
    from ui.formatting import format_count, format_percent

    waiting = ngettext("{n} change waiting", "{n} changes waiting", status.waiting).format(
        n=format_count(status.waiting))
    if status.state == OFF:
        return ""
    if status.state == SYNCING:
        if status.percent is None:
            return _("Syncing…")
        return _("Syncing… {percent}").format(percent=format_percent(status.percent / 100))
    if status.state == OFFLINE:
        return _("Offline — {waiting}").format(waiting=waiting)
    if status.state == REVOKED:
        return _("Sync stopped: this device was removed from the team")
    if status.state == UPDATE:
        return _("Update Fairmate to sync")
    if status.state == SERVER_OLD:
        return _("Sync stopped: the server is older than this app")
    if status.state == FAILED:
        return _("Sync failed — {waiting}").format(waiting=waiting)
    if not status.last_sync_at:
        text = _("Not synced yet")
    elif is_just_now(status.last_sync_at, now):
        # A sentence of its own: "just now" does not fit every language's "Synced {when}".
        text = _("Synced just now")
    else:
        # TRANSLATORS: {when} is how long ago, e.g. "2 min ago", "3 hr ago" (babel's words, never
        # "just now", which has its own message).
        text = _("Synced {when}").format(when=format_ago(status.last_sync_at, now))
    if status.waiting:
        text = _("{synced} — {waiting}").format(synced=text, waiting=waiting)
    return text
