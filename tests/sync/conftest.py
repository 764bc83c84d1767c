"""Fixtures of the sync client's tests: the real server app in-process (httpx over ASGI) or on loopback.

``team_server`` is the server of core/server over a SQLite file, reached
in-process; ``loopback_server`` is the same app under real uvicorn on
127.0.0.1 in a thread. Books are files (the token file sits beside them).
"""

from __future__ import annotations

import asyncio
import socket
import sqlite3
import threading
import time
from pathlib import Path

import httpx
import pytest
from argon2 import PasswordHasher

import core.book.contacts  # noqa: F401  (the derived-data hooks every sync needs)
from core.store.db import open_database
from core.sync import credentials
from core.sync.transport import HttpTransport

# argon2's defaults take ~50 ms a code; the tests pair many devices.
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


class SyncASGITransport(httpx.BaseTransport):
    """httpx's ASGITransport for a synchronous client: each request runs the app in an event loop."""

    def __init__(self, app):
        self.inner = httpx.ASGITransport(app=app)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Run the request through the ASGI app and hand back the whole answer."""
        async def send():
            response = await self.inner.handle_async_request(request)
            body = b"".join([part async for part in response.aiter_raw()])  # still gzipped, if it was
            return httpx.Response(response.status_code, headers=response.headers, content=body,
                                  request=request)

        return asyncio.run(send())


class TeamServer:
    """The sync server over a SQLite file, with its team, and transports to it."""

    def __init__(self, folder: Path, clock=None):
        from core.server.app import create_app
        from core.server.sqlite_store import SqliteStore

        self.folder = folder
        self.path = folder / "server.db"
        self.store = SqliteStore(self.path, hasher=CHEAP_HASHER)
        self.store.create_schema()
        self.team = self.store.add_team("Fair team")
        self.clock_offset_ms = 0
        self.app = create_app(self.store, clock=lambda: int(time.time() * 1000) + self.clock_offset_ms)
        self.url = "http://testserver"
        self.client = httpx.Client(transport=SyncASGITransport(self.app))

    def invite(self) -> str:
        """A fresh pairing code for the team."""
        return self.store.create_pairing_code(self.team)

    def transport(self, url: str, token: str | None) -> HttpTransport:
        """What ``connect`` and ``sync_once`` are given (a ``TransportFactory``)."""
        return HttpTransport(url, token, client=self.client, allow_plain_http=True)

    def back_up(self, target: Path) -> None:
        """A consistent copy of the server's SQLite file (SQLite's backup API, as an admin would)."""
        source, copy = sqlite3.connect(self.path), sqlite3.connect(target)
        with copy:
            source.backup(copy)
        source.close()
        copy.close()

    def restore(self, backup: Path) -> None:
        """Put a backup back in place of the live file (the store reopens its connections)."""
        self.store.close()
        source, live = sqlite3.connect(backup), sqlite3.connect(self.path)
        with live:
            source.backup(live)
        source.close()
        live.close()

    def close(self) -> None:
        """Close the client and the store's connections."""
        self.client.close()
        self.store.close()


@pytest.fixture(autouse=True)
def token_file(monkeypatch):
    """Device tokens in the 0600 file beside the book, never in the machine's keyring."""
    monkeypatch.setenv(credentials.KEYRING_ENV, "file")


@pytest.fixture
def team_server(tmp_path):
    """The real server app in-process over a SQLite file, with one team."""
    folder = tmp_path / "server"
    folder.mkdir()
    server = TeamServer(folder)
    yield server
    server.close()


@pytest.fixture
def make_book(tmp_path):
    """``make_book(name)``: a new book file in its own folder, closed at the end."""
    books = []

    def make(name: str):
        folder = tmp_path / name
        folder.mkdir(exist_ok=True)
        db = open_database(folder / "fairmate.db")
        books.append(db)
        return db

    yield make
    for db in books:
        try:
            db.close()
        except Exception:
            pass


def free_port() -> int:
    """A TCP port free on loopback now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def loopback_server(tmp_path):
    """The server app under real uvicorn on 127.0.0.1 (a thread), with one team; ``url`` to reach it."""
    import uvicorn

    folder = tmp_path / "loopback-server"
    folder.mkdir()
    server = TeamServer(folder)
    port = free_port()
    config = uvicorn.Config(server.app, host="127.0.0.1", port=port, log_level="warning", lifespan="off")
    runner = uvicorn.Server(config)
    thread = threading.Thread(target=runner.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not runner.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    server.url = f"http://127.0.0.1:{port}"
    yield server
    runner.should_exit = True
    thread.join(10)
    server.close()
