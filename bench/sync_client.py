"""Sync client figures on loopback: bytes per change, a 10-change sync, a new device's first sync.

A SQLite team server runs under real uvicorn on 127.0.0.1 (a thread). Anna's
book holds N demo contacts (bench/common.py, cached) and pushes them all;
Ben's new book then pulls the whole team book (the "new device" figure). Then,
20 times: Anna edits 10 contacts and syncs (push), Ben syncs (pull); median
and p95 of each (one transport per book, as an app keeps it), and the rows Ben's book wrote for 10 changes (SQLite's
``total_changes``, triggers and indexes' tables included).
Last line: one JSON object.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

from common import demo_database, summarize_ms

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("FAIRMATE_SYNC_KEYRING", "file")  # never the machine's keyring

import uvicorn  # noqa: E402
from argon2 import PasswordHasher  # noqa: E402

import core.book.contacts  # noqa: E402,F401  (derived-data hooks)
from core.book.contacts import update_contact  # noqa: E402
from core.server.app import create_app  # noqa: E402
from core.server.sqlite_store import SqliteStore  # noqa: E402
from core.store.db import open_database  # noqa: E402
from core.sync import protocol  # noqa: E402
from core.sync.engine import connect, open_transport, sync_once  # noqa: E402
from core.sync.state import list_unsent_changes  # noqa: E402
from core.sync.transport import HttpTransport  # noqa: E402


def start_server(folder: Path):
    """The team server on a free loopback port: (store, team, url, stop)."""
    import socket

    store = SqliteStore(folder / "server.db", hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    store.create_schema()
    team = store.add_team("Bench")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(store), host="127.0.0.1", port=port,
                                           log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)

    def stop():
        server.should_exit = True
        thread.join(10)
        store.close()

    return store, team, f"http://127.0.0.1:{port}", stop


def wire_sizes(db) -> tuple[float, float, int]:
    """Raw and gzipped bytes per change of the book's unsent changes, sent as push pages; their count."""
    raw = packed = count = 0
    changes = list_unsent_changes(db, 10**9)
    for start in range(0, len(changes), protocol.PUSH_PAGE):
        body = json.dumps({"epoch": "e", "changes": changes[start:start + protocol.PUSH_PAGE]},
                          ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        raw += len(body)
        packed += len(gzip.compress(body, compresslevel=6))
    count = len(changes)
    return raw / max(count, 1), packed / max(count, 1), count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()

    source = demo_database(args.contacts)
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        store, team, url, stop = start_server(folder)
        try:
            factory = lambda base, token: HttpTransport(base, token)  # noqa: E731
            (folder / "anna").mkdir()
            (folder / "ben").mkdir()
            shutil.copy(source, folder / "anna" / "fairmate.db")
            anna = open_database(folder / "anna" / "fairmate.db")
            connect(anna, url, store.create_pairing_code(team), "anna", factory)
            raw, packed, changes = wire_sizes(anna)
            started = time.perf_counter()
            sync_once(anna, open_transport(anna, factory))
            first_push = time.perf_counter() - started

            ben = open_database(folder / "ben" / "fairmate.db")
            connect(ben, url, store.create_pairing_code(team), "ben", factory)
            started = time.perf_counter()
            first = sync_once(ben, open_transport(ben, factory))
            first_pull = time.perf_counter() - started
            assert first.pulled == changes and not first.count_mismatch

            ids = [r[0] for r in anna.conn.execute("SELECT id FROM contacts WHERE deleted_at IS NULL LIMIT 200")]
            # One transport per book, kept as an app keeps it (a new httpx client loads the CA store: ~25 ms).
            anna_link, ben_link = open_transport(anna, factory), open_transport(ben, factory)
            pushes, pulls, touched = [], [], []
            for round_ in range(args.rounds):
                for i, contact in enumerate(ids[(round_ * 10) % 190:][:10]):
                    update_contact(anna, contact, city=f"City {round_}-{i}")
                started = time.perf_counter()
                sync_once(anna, anna_link)
                pushes.append(time.perf_counter() - started)
                before = ben.conn.total_changes
                started = time.perf_counter()
                result = sync_once(ben, ben_link)
                pulls.append(time.perf_counter() - started)
                touched.append(ben.conn.total_changes - before)
                assert result.pulled == 10, result
            anna.close()
            ben.close()
        finally:
            stop()
    figures = {"contacts": args.contacts, "changes": changes,
               "bytes_per_change_raw": round(raw, 1), "bytes_per_change_gzip": round(packed, 1),
               "first_push_s": round(first_push, 2), "new_device_first_sync_s": round(first_pull, 2),
               "push_10_median_ms": round(summarize_ms(pushes)[0], 1),
               "push_10_p95_ms": round(summarize_ms(pushes)[1], 1),
               "pull_10_median_ms": round(summarize_ms(pulls)[0], 1),
               "pull_10_p95_ms": round(summarize_ms(pulls)[1], 1),
               "rows_touched_by_10_changes": max(touched)}
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
