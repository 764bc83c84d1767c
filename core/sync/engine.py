"""One sync of a book with its team's server, and pairing a book with a team.

``sync_once`` follows docs/sync-protocol.md, "One sync": hello (clock offset,
epoch), push what the server lacks, pull to the end, compare counts. Each
step commits on its own, so a sync cut off anywhere (a lost answer, the
process killed) leaves a book that the next sync completes: pushes are
idempotent by change id, and a pulled page moves the cursor in the same
transaction that applies it.

The transport is injected (``core.sync.transport.HttpTransport``, or a test's
wrapper); this module never opens a connection itself.
"""

from __future__ import annotations

import json

from dataclasses import dataclass, field
from typing import Any, Callable

from core import __version__
from core.book.merge_sync import reconcile_merges
from core.i18n import _
from core.store.changes import REMOTE, OpChanges, last_changes
from core.store.db import install_clock, write_transaction
from core.store.ids import new_id, utc_now
from core.store.migrations import MIGRATIONS
from core.store.receive import apply_kept_values, apply_remote_changes, list_conflicts
from core.store.wire import WireError
from core.sync import credentials, identity, protocol, state
from core.sync.restamp import restamp_unsent_changes
from core.sync.transport import ClockAhead, EpochChanged, NodeTaken, ServerTooOld, SyncError, Unreachable

# Progress: called with (step, done, total): step is "push" or "pull"; total may be None.
Progress = Callable[[str, int, "int | None"], None]


@dataclass
class SyncResult:
    """What one sync did: changes pushed and pulled, conflicts now listed, and what changed (origin REMOTE).

    ``clock_offset_changed``: the book's clock offset was corrected; other
    connections to the book (a GUI's) should call ``core.store.db.install_clock``.
    """

    pushed: int = 0
    pulled: int = 0
    # Pulled changes this book did not hold yet (its own, echoed back, and pages pulled again are not).
    received: int = 0
    conflicts: int = 0
    restamped: int = 0
    # Changes the server refused: stamped with another device's node (they stay in the book).
    refused: int = 0
    restored_server: bool = False
    count_mismatch: bool = False
    clock_offset_changed: bool = False
    head: int = 0
    changes: OpChanges = field(default_factory=lambda: OpChanges(origin=REMOTE))


class NotConnected(SyncError):
    """The book is not paired with a sync server."""

    @classmethod
    def default_message(cls) -> str:
        """The sentence shown to the user."""
        return _("this book is not connected to a sync server; run fairmate connect first")


def _schema_name() -> str:
    names = MIGRATIONS.names()
    return names[-1] if names else ""


def sync_once(db, transport, *, progress: Progress | None = None) -> SyncResult:
    """Push this book's unsent changes, pull the team's new ones, and check the counts; see the module doc.

    Raises a ``core.sync.transport.SyncError`` when the server cannot be reached
    or refuses; what was done until then stays done (and is not done twice).
    """
    result = SyncResult()
    parts: list[OpChanges] = []
    _say_hello(db, transport, result)
    # Values a newer device sent before this app was updated: applied once their column exists.
    parts.append(apply_kept_values(db))
    for attempt in range(2):
        try:
            _push_all(db, transport, result, progress)
            _pull_all(db, transport, result, parts, progress)
            break
        except EpochChanged as exc:
            # Restored from a backup while we were talking: send everything again, pull from 0.
            if attempt:
                raise
            state.reset_server_marks(db, exc.epoch)
            result.restored_server = True
    if state.count_acknowledged_changes(db) != result.head:
        # Anki's lesson: compare counts after every sync; a difference means a lost page.
        state.write_sync_keys(db, {state.CURSOR: 0, state.CURSOR_CHANGE_ID: None})
        _pull_all(db, transport, result, parts, progress)
        result.count_mismatch = state.count_acknowledged_changes(db) != result.head
    if state.count_waiting_changes(db) > result.refused:
        # Writes the pull made (merges brought to one outcome) go out now, not at the next sync.
        _push_all(db, transport, result, progress)
    state.write_sync_keys(db, {state.LAST_SYNC_AT: utc_now()})
    result.conflicts = len(list_conflicts(db))
    result.changes = OpChanges.merged(parts, label="Sync", origin=REMOTE)
    return result


def _say_hello(db, transport, result: SyncResult) -> dict:
    """hello: the protocol fits, the clock offset is right, and the epoch is the one we know."""
    current = state.read_sync_state(db)
    sent_at = db.clock.wall_ms()
    answer = transport.hello({"protocol": protocol.PROTOCOL, "schema": _schema_name(), "app": __version__,
                              "node": db.node_id, "time_ms": sent_at})
    received_at = db.clock.wall_ms()
    if not isinstance(answer.get("protocol"), int) or answer["protocol"] < protocol.MIN_PROTOCOL:
        raise ServerTooOld()
    if not all(isinstance(answer.get(key), int) and not isinstance(answer.get(key), bool)
               for key in ("server_time_ms", "head")) or not isinstance(answer.get("epoch"), str):
        raise Unreachable(detail="hello answer without server_time_ms, head or epoch")
    # The server read its clock about half-way between our two readings.
    skew = int(answer["server_time_ms"]) - (sent_at + received_at) // 2
    if abs(skew) > protocol.CLOCK_OFFSET_THRESHOLD_MS:
        state.set_clock_offset(db, current.clock_offset_ms + skew)
        result.clock_offset_changed = True
    result.head = int(answer["head"])
    if current.epoch != answer["epoch"] or current.cursor > int(answer["head"]):
        # A server restored from a backup (or new to this book): it may lack what we sent.
        result.restored_server = current.epoch is not None
        state.reset_server_marks(db, answer["epoch"])
    names = {state.TEAM_NAME: answer.get("team_name")}
    if names[state.TEAM_NAME] and names[state.TEAM_NAME] != current.team_name:
        state.write_sync_keys(db, names)
    devices = answer.get("devices")
    if isinstance(devices, list):
        known = {str(d.get("node")): str(d.get("name")) for d in devices
                 if isinstance(d, dict) and d.get("node") and d.get("name")}
        text = json.dumps(known, ensure_ascii=False, sort_keys=True)
        if known and known != state.read_device_names(db):
            state.write_sync_keys(db, {state.DEVICE_NAMES: text})
    return answer


def _push_all(db, transport, result: SyncResult, progress: Progress | None) -> None:
    """Push the unsent changes page by page; each page's acks are stored in one transaction."""
    restamped = False
    after_seq = 0  # past refused changes: they stay unsent, and must not be sent again in this sync
    while True:
        page = state.list_unsent_changes(db, protocol.PUSH_PAGE, after_seq=after_seq)
        if not page:
            return
        epoch = state.read_sync_state(db).epoch
        body = {"epoch": epoch, "changes": page}
        # Other devices' changes this book received (sent again after a server restore), never its own
        # written under a node it had before (a copied book's): the server refuses those as another device's.
        own = state.own_nodes(db)
        relayed = [change["change_id"] for change in page if change["node"] not in own]
        if relayed:
            body["relayed"] = relayed
        try:
            answer = transport.push(body)
        except ClockAhead as exc:
            if restamped:
                raise
            # Our stamps lie in the server's future: take its clock (hello mostly did), re-stamp, retry once.
            skew = exc.server_time_ms - db.clock.wall_ms()
            if abs(skew) > protocol.CLOCK_OFFSET_THRESHOLD_MS:
                state.set_clock_offset(db, state.read_sync_state(db).clock_offset_ms + skew)
                result.clock_offset_changed = True
            result.restamped += restamp_unsent_changes(db)
            restamped = True
            continue
        acks, refused = answer["acks"], answer.get("refused") or []
        sent = {change["change_id"] for change in page}
        if not isinstance(acks, list) or not all(
                isinstance(a, list) and len(a) == 2 and a[0] in sent and isinstance(a[1], int) for a in acks):
            raise Unreachable(detail="push answer with malformed acks")
        state.mark_changes_sent(db, acks)
        if not isinstance(refused, list) or not set(refused) <= sent or len(acks) + len(refused) < len(page):
            raise Unreachable(detail="push answer acknowledged only part of the page")
        if refused:
            result.refused += len(refused)
            after_seq = state.change_seq(db, page[-1]["change_id"])
        result.pushed += len(acks)
        result.head = max(result.head, int(answer["head"]))
        if progress:
            progress("push", result.pushed, None)


def _pull_all(db, transport, result: SyncResult, parts: list[OpChanges], progress: Progress | None) -> None:
    """Pull pages after the cursor until the server has no more; each page applied with its cursor."""
    stale = 0
    while True:
        current = state.read_sync_state(db)
        answer = transport.pull({"epoch": current.epoch, "after": current.cursor,
                                 "after_change_id": current.cursor_change_id, "limit": protocol.PULL_PAGE})
        entries = _read_entries(answer["changes"])
        result.head = int(answer["head"])
        # A page replayed (by a proxy, or a retried request) holds nothing new: skipped.
        fresh = [(seq, change) for seq, change in entries if seq > current.cursor]
        if fresh:
            parts.append(apply_page(db, fresh, result))
            result.pulled += len(fresh)
            stale = 0
            if progress:
                progress("pull", fresh[-1][0], result.head)
        elif entries:
            stale += 1
            if stale > 2:
                raise Unreachable(detail="the server keeps sending pages already applied")
        if not answer["more"] or not entries:
            return


def _read_entries(entries: Any) -> list[tuple[int, dict]]:
    """A pull answer's ``[{"seq", "change"}, …]`` as (seq, change) pairs in ascending order."""
    try:
        pairs = [(int(entry["seq"]), entry["change"]) for entry in entries]
    except (KeyError, TypeError, ValueError) as exc:
        raise Unreachable(detail=f"pull answer with a malformed entry: {exc}") from exc
    seqs = [seq for seq, _ in pairs]
    if seqs != sorted(set(seqs)) or not all(isinstance(change, dict) for _, change in pairs):
        raise Unreachable(detail="pull answer out of order")
    return pairs


def count_held_changes(db, changes: list[dict]) -> int:
    """How many of *changes* this book holds already (by change id)."""
    ids = [change.get("change_id") for change in changes]
    held = 0
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        held += db.conn.execute(f"SELECT count(*) FROM changes WHERE change_id IN ({', '.join('?' * len(chunk))})",
                                chunk).fetchone()[0]
    return held


def apply_page(db, pairs: list[tuple[int, dict]], result: SyncResult | None = None) -> OpChanges:
    """Apply one pulled page of (seq, change) and move the cursor past it, in one transaction.

    Returns what changed. Changes already here (our own, or a page applied
    before) are skipped by change id, but still get the server's sequence;
    the others are counted in ``result.received``.
    """
    last_seq, last_change = pairs[-1]
    try:
        with write_transaction(db, origin=REMOTE):
            if result is not None:
                # Counted under the write lock, as the page is applied (another process may be syncing too).
                result.received += len(pairs) - count_held_changes(db, [change for _seq, change in pairs])
            # The server accepted these stamps: applied even when far in this device's future
            # (held back, a book would never converge with a team whose clocks once ran ahead).
            apply_remote_changes(db, [change for _, change in pairs], hold_ahead=False)
            # Merges made on several devices: one outcome, history moved to it (local writes, pushed next).
            reconcile_merges(db)
            db.conn.executemany("UPDATE changes SET server_seq = ? WHERE change_id = ?",
                                [(seq, change.get("change_id")) for seq, change in pairs])
            state.write_sync_keys(db, {state.CURSOR: last_seq, state.CURSOR_CHANGE_ID: last_change["change_id"]})
    except WireError as exc:
        raise Unreachable(detail=f"the server sent a malformed change: {exc}") from exc
    return last_changes(db)


# Pairing --------------------------------------------------------------------------------------

TransportFactory = Callable[[str, "str | None"], Any]


@dataclass(frozen=True)
class Connection:
    """A book paired with a team: where its token went (``keyring`` or ``file``).

    ``new_node``: a copy of a paired book, it got a node of its own. ``reused``:
    the same book paired again and kept its device (only what the server lacks is sent).
    """

    url: str
    team_id: str
    team_name: str
    device_id: str
    token_store: str
    new_node: bool
    reused: bool = False


def connect(db, url: str, code: str, device_name: str, transport_factory: TransportFactory, *,
            allow_plain_http: bool = False, share_contacts: bool = False) -> Connection:
    """Pair the book with the team whose pairing *code* this is; store the state and the token.

    A book copied from one already paired (its node taken) gets a new node id
    and pairs again; everything it holds is then sent at the next sync. The same
    book pairing again keeps its device and sends only what the server lacks.
    When the book holds the contacts of another team, ``identity.SharingNotConfirmed``
    unless *share_contacts* (the code is checked, not used).
    """
    current = state.read_sync_state(db)
    own = identity.list_own_devices(db)
    transport = transport_factory(url, None)
    new_node = False
    body = {"code": code, "device_name": device_name, "node": db.node_id}
    if own:
        body["previous_device_ids"] = sorted(own)
    try:
        if not share_contacts:
            _check_sharing(db, transport, body)
        try:
            answer = transport.pair(body)
        except NodeTaken:
            give_new_node_id(db)
            new_node = True
            own = {}
            answer = transport.pair({key: value for key, value in body.items() if key != "previous_device_ids"}
                                    | {"node": db.node_id})
    finally:
        if hasattr(transport, "close"):
            transport.close()
    for key in ("token", "team_id", "device_id", "epoch"):
        if not isinstance(answer.get(key), str) or not answer[key]:
            raise Unreachable(detail=f"pair answer without {key}")
    where = credentials.save_token(db.path, credentials.token_key(answer["team_id"], answer["device_id"]),
                                   answer["token"])
    if current.connected and (current.team_id, current.device_id) != (answer["team_id"], answer["device_id"]):
        credentials.delete_token(db.path, credentials.token_key(current.team_id, current.device_id))
    reused = own.get(answer["device_id"])
    marks = reused.marks if reused and reused.team_id == answer["team_id"] else None
    with write_transaction(db):
        if current.connected and current.team_id != answer["team_id"] and identity.is_this_book(db, current.book_path):
            state.remember_device(db, current, db.node_id, marks=False)
        state.write_sync_keys(db, {
            state.URL: url, state.TEAM_ID: answer["team_id"], state.TEAM_NAME: answer.get("team_name") or "",
            state.DEVICE_ID: answer["device_id"], state.LAST_SYNC_AT: None,
            state.BOOK_PATH: credentials.book_text(db.path),
            state.ALLOW_PLAIN_HTTP: "1" if allow_plain_http else None})
        if marks and marks.get("epoch") == answer["epoch"]:
            # The same device on the same server: what it acknowledged is still there.
            state.write_sync_keys(db, {state.EPOCH: marks["epoch"], state.CURSOR: marks.get("cursor") or 0,
                                       state.CURSOR_CHANGE_ID: marks.get("cursor_change_id")})
        else:
            state.reset_server_marks(db, answer["epoch"])
        state.forget_previous_marks(db)
    return Connection(url, answer["team_id"], answer.get("team_name") or "", answer["device_id"], where, new_node,
                      reused is not None)


def _check_sharing(db, transport, body: dict) -> None:
    """``SharingNotConfirmed`` when the code's team is not the one whose contacts the book holds."""
    last = identity.last_team(db)
    count = identity.count_live_contacts(db) if last else 0
    if not count:
        return
    team = transport.check_code({"code": body["code"]})
    if team.get("team_id") != last[0]:
        raise identity.SharingNotConfirmed(count, last[1], str(team.get("team_name") or team.get("team_id")))


def give_new_node_id(db) -> str:
    """Make this book a device of its own: a new node id for every stamp it makes from now on."""
    node = new_id().replace("-", "")[-12:]
    with write_transaction(db):
        # The old node stays this book's own: what it wrote under it is never passed on as another's.
        state.write_sync_keys(db, {state.PREVIOUS_NODES: json.dumps(sorted(state.own_nodes(db)))})
        db.conn.execute("INSERT OR REPLACE INTO device(key, value) VALUES ('node_id', ?)", (node,))
    db.node_id = node
    install_clock(db)
    return node


def load_device_token(db) -> str | None:
    """The token of the device this book is paired as, or None (also for a copy of a paired book)."""
    try:
        return _load_own_token(db)
    except credentials.BookCopied:
        return None


def _load_own_token(db) -> str | None:
    current = state.read_sync_state(db)
    if not current.connected:
        return None
    original = credentials.find_original(db.path, current.book_path)
    if original is not None:
        raise credentials.BookCopied(original)  # paired from another book, still there: even without its token
    token = credentials.load_token(db.path, credentials.token_key(current.team_id, current.device_id or ""))
    if token and db.path is not None and current.book_path != credentials.book_text(db.path):
        # Moved (or paired before the path was kept): this file is the device's book from now on.
        state.write_sync_keys(db, {state.BOOK_PATH: credentials.book_text(db.path)})
    return token


def open_transport(db, transport_factory: TransportFactory):
    """A transport to the book's server with its device token; ``NotConnected`` when it has none.

    A copy of a paired book (``credentials.BookCopied``) becomes a device of its
    own at once: a new node id for what it writes from now on, and no
    connection until it pairs again; the original's token stays untouched.
    """
    current = state.read_sync_state(db)
    if not current.connected:
        raise NotConnected()
    try:
        token = _load_own_token(db)
    except credentials.BookCopied:
        give_new_node_id(db)
        state.forget_connection(db)
        raise
    return transport_factory(current.url, token)


def disconnect(db) -> bool:
    """Forget the server, the team and the device token; every local change stays. False if not connected."""
    current = state.read_sync_state(db)
    if not current.connected:
        return False
    credentials.delete_token(db.path, credentials.token_key(current.team_id, current.device_id or ""))
    with write_transaction(db):
        if identity.is_this_book(db, current.book_path):
            # Pairing again later keeps this device, and sends only what the server lacks.
            state.remember_device(db, current, db.node_id, marks=True)
        state.forget_connection(db)
    return True
