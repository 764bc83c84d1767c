"""Talking to the team's sync server over HTTP: requests out, answers (or one exception) back.

``HttpTransport`` is what the engine is given (``core.sync.engine`` takes any
object with the same methods, so tests wrap it to drop or replay answers).
Every protocol error of docs/sync-protocol.md is one exception class here,
each with one sentence for the user (``str(exc)``). An answer that is not the
Fairmate server's (a hotel's login page, a proxy's error) is ``Unreachable``:
the server itself was not reached.
"""

from __future__ import annotations

import functools
import gzip
import ipaddress
import json
import ssl
from urllib.parse import urlsplit

import httpx

from core.i18n import _
from core.sync import protocol

# Request bodies larger than this are gzip-compressed.
GZIP_OVER_BYTES = 1024
# Seconds to connect, and to wait for an answer (a push of 1,000 changes on a slow line).
CONNECT_TIMEOUT_S = 10.0
READ_TIMEOUT_S = 60.0


class SyncError(Exception):
    """A sync could not go on; ``str(exc)`` is one sentence for the user, ``code`` the protocol's."""

    code = ""

    def __init__(self, message: str | None = None, detail: str = ""):
        super().__init__(message or self.default_message())
        self.detail = detail

    @classmethod
    def default_message(cls) -> str:
        """The sentence shown when the server gave none of its own."""
        return _("the sync failed")


class Unreachable(SyncError):
    """No answer from the Fairmate server: offline, a timeout, or someone else answered."""

    @classmethod
    def default_message(cls) -> str:
        """The sentence shown to the user."""
        return _("the sync server cannot be reached; your changes are kept and sent later")


class ServerFailed(SyncError):
    """The server answered with an internal error (5xx)."""

    @classmethod
    def default_message(cls) -> str:
        """The sentence shown to the user."""
        return _("the sync server had a problem; your changes are kept, try again later")


class Unauthorized(SyncError):
    """The device's token is missing, unknown or revoked."""

    code = protocol.UNAUTHORIZED

    @classmethod
    def default_message(cls) -> str:
        """The sentence shown to the user."""
        return _("this device is not allowed to sync (revoked or unknown); your changes are kept")


class UpdateRequired(SyncError):
    """The server no longer speaks this app's protocol (426)."""

    code = protocol.UPDATE_REQUIRED

    @classmethod
    def default_message(cls) -> str:
        """The sentence shown to the user."""
        return _("this Fairmate is too old for the sync server: update Fairmate to sync")


class ServerTooOld(SyncError):
    """The server speaks a protocol older than this app accepts."""

    @classmethod
    def default_message(cls) -> str:
        """The sentence shown to the user."""
        return _("the sync server is older than this app; ask whoever runs it to update")


class ClockAhead(SyncError):
    """The server refused stamps too far in its future; carries the server's clock."""

    code = protocol.CLOCK_AHEAD

    def __init__(self, server_time_ms: int, change_id: str | None = None):
        super().__init__()
        self.server_time_ms = server_time_ms
        self.change_id = change_id

    @classmethod
    def default_message(cls) -> str:
        """The sentence shown to the user."""
        return _("this device's clock is far ahead of the sync server's; check the date and time")


class EpochChanged(SyncError):
    """The server was restored from a backup (a new epoch, or it lacks what the client holds)."""

    code = protocol.EPOCH_CHANGED

    def __init__(self, epoch: str, head: int | None = None):
        super().__init__()
        self.epoch = epoch
        self.head = head

    @classmethod
    def default_message(cls) -> str:
        """The sentence shown to the user."""
        return _("the sync server was restored from a backup; sync again to send your changes")


class BadCode(SyncError):
    """The pairing code is wrong, used or expired."""

    code = protocol.BAD_CODE

    @classmethod
    def default_message(cls) -> str:
        """The sentence shown to the user."""
        return _("the pairing code is wrong, used or expired; ask for a new one")


class NodeTaken(SyncError):
    """This book's node id is paired already in the team (the book is a copy)."""

    code = protocol.NODE_TAKEN

    @classmethod
    def default_message(cls) -> str:
        """The sentence shown to the user."""
        return _("this book is a copy of one already paired with the team")


class TooLarge(SyncError):
    """A request over the server's limits."""

    code = protocol.TOO_LARGE

    @classmethod
    def default_message(cls) -> str:
        """The sentence shown to the user."""
        return _("the sync server refused a batch as too large")


class BadRequest(SyncError):
    """The server refused the request's form (a malformed change): a bug, not the user's doing."""

    code = protocol.BAD_REQUEST

    @classmethod
    def default_message(cls) -> str:
        """The sentence shown to the user."""
        return _("the sync server refused what this app sent; please report it")


class PlainHttpRefused(SyncError):
    """``http://`` to a host that is not this computer, without the user's say-so."""

    @classmethod
    def default_message(cls) -> str:
        """The sentence shown to the user."""
        return _("refusing to sync over plain http:// with another computer; use https:// "
                 "(or allow plain http if you trust the network)")


_BY_CODE = {cls.code: cls for cls in (Unauthorized, UpdateRequired, BadCode, NodeTaken, TooLarge)}
_BY_CODE[protocol.BAD_CHANGE] = BadRequest
_BY_CODE[protocol.BAD_REQUEST] = BadRequest


def is_loopback_url(url: str) -> bool:
    """True when *url* names this computer (``localhost``, 127.0.0.0/8, ``::1``)."""
    host = (urlsplit(url).hostname or "").strip("[]")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_server_url(url: str, *, allow_plain_http: bool = False) -> str:
    """The base URL as the transport uses it (one trailing slash); raises when it cannot be used."""
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise SyncError(_("not a server address: {url} (expected https://…)").format(url=url))
    if parts.scheme == "http" and not allow_plain_http and not is_loopback_url(url):
        raise PlainHttpRefused()
    return url.strip().rstrip("/") + "/"


class HttpTransport:
    """The sync protocol over httpx: one method per endpoint, answers as dicts, errors as ``SyncError``.

    *client* is an ``httpx.Client`` to use (tests pass one over the server's ASGI
    app); by default one is made with the timeouts above.
    """

    def __init__(self, base_url: str, token: str | None = None, client: httpx.Client | None = None, *,
                 allow_plain_http: bool = False):
        self.base_url = check_server_url(base_url, allow_plain_http=allow_plain_http)
        self.token = token
        self._own_client = client is None
        self.client = client or httpx.Client(
            timeout=httpx.Timeout(READ_TIMEOUT_S, connect=CONNECT_TIMEOUT_S), follow_redirects=False,
            verify=_tls_context())

    def close(self) -> None:
        """Close the HTTP client when this transport made it."""
        if self._own_client:
            self.client.close()

    def ping(self) -> dict:
        """Probe the server itself (no token): its answer, or ``Unreachable``."""
        answer = self._send("GET", protocol.PING, None, auth=False)
        if answer.get("fairmate") != 1:
            raise Unreachable(detail="ping answered without the Fairmate mark")
        return answer

    def pair(self, body: dict) -> dict:
        """Exchange a pairing code for a device token (``token``, ``team_id``, ``device_id``, ``epoch``…)."""
        return self._send("POST", protocol.PAIR, body, auth=False, required=("token", "team_id", "epoch"))

    def check_code(self, body: dict) -> dict:
        """The team a pairing code is for (``team_id``, ``team_name``), without using the code."""
        return self._send("POST", protocol.PAIR, {**body, "check": True}, auth=False, required=("team_id",))

    def hello(self, body: dict) -> dict:
        """The server's time, epoch, protocol, head and count."""
        return self._send("POST", protocol.HELLO, body,
                          required=("protocol", "server_time_ms", "epoch", "head", "count"))

    def push(self, body: dict) -> dict:
        """Send a batch of changes; the answer's ``acks`` give each its team sequence."""
        return self._send("POST", protocol.PUSH, body, required=("acks", "head"))

    def pull(self, body: dict) -> dict:
        """A page of the team's changes after a cursor (``changes``, ``head``, ``more``)."""
        return self._send("POST", protocol.PULL, body, required=("changes", "head", "more"))

    def _send(self, method: str, endpoint: str, body: dict | None, *, auth: bool = True,
              required: tuple[str, ...] = ()) -> dict:
        headers = {"Accept-Encoding": "gzip", "Accept": "application/json"}
        if auth:
            if not self.token:
                raise Unauthorized()
            headers["Authorization"] = f"Bearer {self.token}"
        content = None
        if body is not None:
            content = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            headers["Content-Type"] = "application/json"
            if len(content) > GZIP_OVER_BYTES:
                content = gzip.compress(content, compresslevel=6)
                headers["Content-Encoding"] = "gzip"
        try:
            response = self.client.request(method, self.base_url + endpoint, content=content, headers=headers)
        except (httpx.TransportError, OSError) as exc:
            # Connection refused, DNS, TLS, timeouts: the server was not reached.
            raise Unreachable(detail=f"{type(exc).__name__}: {exc}") from exc
        return _read_answer(response, required, auth)


@functools.cache
def _tls_context() -> ssl.SSLContext:
    # httpx's own default, made once: reading the CA bundle (~60 ms) cost more than a small sync.
    return httpx.create_ssl_context()


def _read_answer(response: httpx.Response, required: tuple[str, ...], auth: bool = True) -> dict:
    """The answer as a dict, or the protocol's exception; a stranger's answer is ``Unreachable``.

    A 426, and a 401 to a request that carried the token, say what they are even
    without the protocol's JSON body (a proxy in front of the server may drop it).
    """
    try:
        answer = response.json()
    except (ValueError, UnicodeDecodeError, httpx.DecodingError):
        answer = None
    if not isinstance(answer, dict):
        bare = f"HTTP {response.status_code} without a Fairmate body"
        if response.status_code == 426:
            raise UpdateRequired(detail=bare)
        if response.status_code == 401 and auth:
            raise Unauthorized(detail=bare)
        if response.status_code == 500:
            # The server's own unexpected fault (Starlette answers it in plain text).
            raise ServerFailed(detail=f"HTTP {response.status_code}")
        # 501 and the rest: another web server; 502/503/504: a proxy whose Fairmate server did not answer.
        raise Unreachable(detail=f"HTTP {response.status_code}, not a Fairmate answer "
                                 f"({response.headers.get('content-type', '?')})")
    if response.status_code == 200:
        missing = [key for key in required if key not in answer]
        if missing:
            raise Unreachable(detail=f"answer without {', '.join(missing)}")
        return answer
    code = answer.get("error")
    detail = str(answer.get("message") or "")
    if code == protocol.CLOCK_AHEAD and isinstance(answer.get("server_time_ms"), int):
        raise ClockAhead(answer["server_time_ms"], answer.get("change_id"))
    if code == protocol.EPOCH_CHANGED and isinstance(answer.get("epoch"), str):
        head = answer.get("head")
        raise EpochChanged(answer["epoch"], head if isinstance(head, int) else None)
    if code in _BY_CODE:
        error = _BY_CODE[code]()
        error.detail = detail
        raise error
    if response.status_code == 426:
        raise UpdateRequired(detail=detail)
    if response.status_code == 401:
        raise Unauthorized(detail=detail)
    if response.status_code >= 500:
        raise ServerFailed(detail=f"HTTP {response.status_code}: {detail}")
    raise Unreachable(detail=f"HTTP {response.status_code}: {code or detail or 'no error code'}")
