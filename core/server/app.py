"""The sync server's HTTP side: ping, pair, hello, push and pull (docs/sync-protocol.md).

An ASGI app (Starlette) over a ``SyncStore``. The team of every request comes
from its bearer token, never from the body. Store calls block, so they run in
Starlette's thread pool; a connection serves one thread at a time.
"""

from __future__ import annotations

import json
import re
import zlib
from typing import Any, Callable

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from core.i18n import _
from core.server.storage import (BadCode, CursorMismatch, Device, NodeTaken, SyncStore, Team, now_ms,
                                 prepare_change)
from core.store.ids import HlcStamp
from core.store.wire import WireError, read_change
from core.sync import protocol

# A node is the tail of every stamp: no dash, no space (core/store/wire.py).
_NODE = re.compile(r"[^-\s]{1,64}")
_MAX_NAME = 200
_MAX_PREVIOUS = 50
# Answers smaller than this go out uncompressed (a ping stays tiny either way).
_GZIP_MINIMUM = 1000
# zlib's default: Starlette's 9 took 4x the time for pull pages 0.5 % smaller (measured).
_GZIP_LEVEL = 6


class ApiError(Exception):
    """An error answer: a protocol error code, one sentence, and any extra keys."""

    def __init__(self, code: str, message: str, **extra: Any):
        super().__init__(message)
        self.code = code
        self.message = message
        self.extra = extra

    def response(self) -> JSONResponse:
        """The answer: ``{"error": code, "message": …}`` with the code's HTTP status."""
        return JSONResponse({"error": self.code, "message": self.message, **self.extra},
                            status_code=protocol.STATUS[self.code])


async def read_body(request: Request) -> bytes:
    """The request's body, gunzipped when sent with gzip; ``too_large`` past ``MAX_BODY_BYTES``."""
    limit = protocol.MAX_BODY_BYTES
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise ApiError(protocol.TOO_LARGE, _("The request is larger than the server accepts."))
    parts, size = [], 0
    async for part in request.stream():
        size += len(part)
        if size > limit:
            raise ApiError(protocol.TOO_LARGE, _("The request is larger than the server accepts."))
        parts.append(part)
    body = b"".join(parts)
    if request.headers.get("content-encoding", "").strip().lower() == "gzip":
        # Bounded, so a small bomb cannot unpack into gigabytes.
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            body = inflater.decompress(body, limit + 1)
        except zlib.error:
            raise ApiError(protocol.BAD_REQUEST, _("The request body is not valid gzip.")) from None
        if len(body) > limit or inflater.unconsumed_tail:
            raise ApiError(protocol.TOO_LARGE, _("The request is larger than the server accepts."))
    return body


async def read_json(request: Request) -> dict:
    """The request's body as a JSON object; ``bad_request`` when it is not one."""
    body = await read_body(request)
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        # RecursionError: arrays nested a hundred thousand deep are not a request either.
        raise ApiError(protocol.BAD_REQUEST, _("The request body is not JSON.")) from None
    if not isinstance(data, dict):
        raise ApiError(protocol.BAD_REQUEST, _("The request body must be a JSON object."))
    return data


def require_field(data: dict, key: str, kind: type | tuple, *, optional: bool = False) -> Any:
    """``data[key]`` when it has the type *kind* (bool is not an int); ``bad_request`` otherwise."""
    value = data.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
        raise ApiError(protocol.BAD_REQUEST, _("The request needs {key} of the right type.").format(key=key))
    return value


# How far past the team's newest stamp a device's clock may be after ticking its counter.
_COUNTER_SLACK_MS = 1000


def check_changes(raw: Any, server_ms: int, newest_ms: int = 0) -> list:
    """The pushed changes checked and ready to store; ``bad_change`` or ``clock_ahead`` for the batch.

    A stamp may run ahead of the server's clock by ``MAX_CLOCK_AHEAD_MS``, or
    follow the team's newest stamp (*newest_ms*, plus a second for a clock's
    counter): a team whose stamps once ran ahead (a server clock set a year
    ahead, then corrected) must still be able to sync; its clocks catch up.
    """
    if not isinstance(raw, list):
        raise ApiError(protocol.BAD_REQUEST, _("The request needs {key} of the right type.").format(key="changes"))
    if len(raw) > protocol.MAX_PUSH_CHANGES:
        raise ApiError(protocol.TOO_LARGE, _("A push holds at most {count} changes.").format(
            count=protocol.MAX_PUSH_CHANGES))
    incoming = []
    for index, change in enumerate(raw):
        try:
            checked = read_change(change)
        except WireError as exc:
            change_id = change.get("change_id") if isinstance(change, dict) else None
            change_id = change_id if isinstance(change_id, str) else None
            # read_change names the change itself when it has an id; else say which one it was.
            message = str(exc) if change_id and str(exc).startswith("change ") else f"change #{index}: {exc}"
            raise ApiError(protocol.BAD_CHANGE, message, change_id=change_id) from None
        if checked["table"] in protocol.NEVER_SYNCED_TABLES:
            raise ApiError(protocol.BAD_CHANGE, _("change {id}: {table} is not a table a team shares").format(
                id=checked["change_id"], table=checked["table"]), change_id=checked["change_id"])
        if HlcStamp.decode(checked["hlc"]).wall_ms > max(server_ms + protocol.MAX_CLOCK_AHEAD_MS,
                                                         newest_ms + _COUNTER_SLACK_MS):
            raise ApiError(protocol.CLOCK_AHEAD,
                           _("The clock of this device is ahead of the server's; the changes will be re-stamped."),
                           server_time_ms=server_ms, change_id=checked["change_id"])
        incoming.append(prepare_change(change))
    return incoming


def create_app(store: SyncStore, *, clock: Callable[[], int] = now_ms) -> Starlette:
    """The ASGI app serving *store*; *clock* gives the server's time in milliseconds."""

    async def authenticated(request: Request) -> Device:
        header = request.headers.get("authorization", "")
        scheme, _space, token = header.partition(" ")
        device = None
        if scheme.lower() == "bearer" and token.strip():
            device = await run_in_threadpool(store.authenticate, token.strip())
        if device is None:
            raise ApiError(protocol.UNAUTHORIZED, _("This device is not paired with the server, or was revoked."))
        return device

    async def check_epoch(data: dict, device: Device, *, with_head: bool) -> None:
        epoch = await run_in_threadpool(store.epoch)
        if require_field(data, "epoch", str) != epoch:
            extra = {"epoch": epoch}
            if with_head:
                extra["head"] = (await run_in_threadpool(store.team_head, device.team_id))[0]
            raise ApiError(protocol.EPOCH_CHANGED, _("The server was restored from a backup."), **extra)

    async def ping(request: Request) -> Response:
        return JSONResponse({"fairmate": protocol.PROTOCOL})

    async def pair(request: Request) -> Response:
        data = await read_json(request)
        code = require_field(data, "code", str)
        if data.get("check") is True:
            # Which team the code is for, before the book decides to share what it holds; the code stays unused.
            try:
                team = await run_in_threadpool(store.find_code_team, code)
            except BadCode:
                raise ApiError(protocol.BAD_CODE, _("The pairing code is wrong, used already or expired.")) from None
            return JSONResponse({"team_id": team.team_id, "team_name": team.name})
        name = require_field(data, "device_name", str).strip()
        node = require_field(data, "node", str)
        if not name or len(name) > _MAX_NAME or not _NODE.fullmatch(node):
            raise ApiError(protocol.BAD_REQUEST, _("The device name or node is not valid."))
        # The device ids this book was paired as before (the same book pairing again keeps its entry).
        previous = require_field(data, "previous_device_ids", list, optional=True) or []
        if len(previous) > _MAX_PREVIOUS or not all(isinstance(d, str) for d in previous):
            raise ApiError(protocol.BAD_REQUEST, _("The request needs {key} of the right type.").format(
                key="previous_device_ids"))
        try:
            pairing = await run_in_threadpool(store.pair_device, code, name, node, previous)
        except BadCode:
            raise ApiError(protocol.BAD_CODE, _("The pairing code is wrong, used already or expired.")) from None
        except NodeTaken:
            raise ApiError(protocol.NODE_TAKEN, _("This book is paired already (a copy?); pair with a new node id.")) \
                from None
        return JSONResponse({"token": pairing.token, "team_id": pairing.team.team_id,
                             "team_name": pairing.team.name, "device_id": pairing.device_id,
                             "reused": pairing.reused, "epoch": await run_in_threadpool(store.epoch)})

    async def hello(request: Request) -> Response:
        device = await authenticated(request)
        data = await read_json(request)
        if require_field(data, "protocol", int) < protocol.MIN_PROTOCOL:
            raise ApiError(protocol.UPDATE_REQUIRED, _("Update Fairmate to sync with this server."),
                           min_protocol=protocol.MIN_PROTOCOL)
        epoch = await run_in_threadpool(store.epoch)
        head, count = await run_in_threadpool(store.team_head, device.team_id)
        team = Team(device.team_id, device.team_name)
        # Names of the team's devices by node, so a book can say whose edit it was ("Anna's laptop").
        devices = [{"node": d.node, "name": d.name, "revoked": d.revoked_at is not None}
                   for d in await run_in_threadpool(store.list_devices, team)]
        return JSONResponse({"protocol": protocol.PROTOCOL, "min_protocol": protocol.MIN_PROTOCOL,
                             "server_time_ms": clock(), "epoch": epoch, "team_id": device.team_id,
                             "team_name": device.team_name, "device_id": device.device_id,
                             "device_name": device.name, "head": head, "count": count,
                             "devices": devices})

    async def push(request: Request) -> Response:
        device = await authenticated(request)
        data = await read_json(request)
        await check_epoch(data, device, with_head=False)
        now = clock()
        try:
            incoming = check_changes(data.get("changes"), now)
        except ApiError as error:
            if error.code != protocol.CLOCK_AHEAD:
                raise
            # Only now ask how far the team's stamps run (one query): most pushes never need it.
            newest = await run_in_threadpool(store.newest_stamp, device.team_id)
            incoming = check_changes(data.get("changes"), now, HlcStamp.decode(newest).wall_ms if newest else 0)
        relayed = require_field(data, "relayed", list, optional=True) or []
        if not all(isinstance(change_id, str) for change_id in relayed):
            raise ApiError(protocol.BAD_REQUEST, _("The request needs {key} of the right type.").format(key="relayed"))
        acks, head = await run_in_threadpool(store.push_changes, device.team_id, device.device_id, incoming,
                                             frozenset(relayed))
        # Not acknowledged: changes the team lacks, stamped with another of its devices' nodes.
        acked = {change_id for change_id, _seq in acks}
        refused = [change.change_id for change in incoming if change.change_id not in acked]
        answer = {"acks": [list(ack) for ack in acks], "head": head}
        if refused:
            answer["refused"] = refused
        return JSONResponse(answer)

    async def pull(request: Request) -> Response:
        device = await authenticated(request)
        data = await read_json(request)
        await check_epoch(data, device, with_head=True)
        after = require_field(data, "after", int)
        after_change_id = require_field(data, "after_change_id", str, optional=True)
        limit = require_field(data, "limit", int, optional=True) or protocol.PULL_PAGE
        try:
            rows, head, more = await run_in_threadpool(
                store.pull_changes, device.team_id, after, after_change_id, limit)
        except CursorMismatch as exc:
            raise ApiError(protocol.EPOCH_CHANGED, _("The server was restored from a backup."),
                           epoch=await run_in_threadpool(store.epoch), head=exc.head) from None
        # The changes are JSON text already: joined, not parsed and dumped again.
        body = ('{"changes":[' + ",".join(f'{{"seq":{row.seq},"change":{row.text}}}' for row in rows)
                + f'],"head":{head},"more":{"true" if more else "false"}}}')
        return Response(body.encode("utf-8"), media_type="application/json")

    def guarded(handler):
        async def endpoint(request: Request) -> Response:
            try:
                return await handler(request)
            except ApiError as exc:
                return exc.response()
        return endpoint

    routes = [Route("/" + protocol.PING, guarded(ping), methods=["GET"]),
              Route("/" + protocol.PAIR, guarded(pair), methods=["POST"]),
              Route("/" + protocol.HELLO, guarded(hello), methods=["POST"]),
              Route("/" + protocol.PUSH, guarded(push), methods=["POST"]),
              Route("/" + protocol.PULL, guarded(pull), methods=["POST"])]
    return Starlette(routes=routes, middleware=[Middleware(GZipMiddleware, minimum_size=_GZIP_MINIMUM, compresslevel=_GZIP_LEVEL)])
