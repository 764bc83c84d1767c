"""Sync: bytes per change, a 10-change sync on loopback, server intake, a new device's first sync, rows touched.

Everything runs against the real server (core/server over a SQLite file)
under uvicorn on 127.0.0.1, in a thread of this process, and books driven
through ``core.sync.engine`` with the transport the CLI uses (a fresh
``HttpTransport``, so a fresh httpx client, per sync). The edits are those of
a salesperson: a city, a phone added to the list, an interaction logged, a
new contact (``make_edits``).

1. bytes per change: 500 such changes as one push body (the transport's
   compact JSON, gzip level 6), per change; no baseline (a target only).
2. a sync of 10 changes: device A makes the edits and syncs (push side),
   device B syncs them in (pull side); 30 rounds per run, p95 per run.
   Baseline: as many HTTP round trips (``GET /ping``) as the sync made,
   through a fresh ``HttpTransport`` (same client and settings).
3. server intake: bench/sync_server.py's ``measure_intake`` on SQLite and on a
   throwaway PostgreSQL cluster (left out when its binaries are absent).
4. first sync of a new device: A (a copy of the cached demo book, 10k
   contacts, 100k with --large; see common.demo_database) pushes everything
   once (untimed); then a new empty book is paired and ``sync_once`` timed to
   the end. Baseline: the raw pull of all pages over the same transport (the
   same HTTP, gunzip and JSON parsing), not applied. The first run also loads
   the romanizers (~2 s), as a first sync in a fresh process does.
5. rows touched on B by the pull-side syncs of item 2 (``conn.total_changes``,
   so rows written by triggers and FTS count), and per table for one more
   round. A and B are the big books of item 4, so items 2 and 5 run on them.

Each figure is the median of three runs (p95s: the median of three runs'
p95). Other load on the machine skews everything; ``load_average_at_start``
says how much there was. Last line: one JSON object.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import shutil
import socket
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from common import demo_database, percentile

import uvicorn  # noqa: E402

import core.book.contacts  # noqa: E402,F401  (the derived-data hooks every sync needs)
from core.book.activity import log_interaction  # noqa: E402
from core.book.contacts import add_contact, get_contact, update_contact  # noqa: E402
from core.server.app import create_app  # noqa: E402
from core.server.sqlite_store import SqliteStore  # noqa: E402
from core.store.db import open_database  # noqa: E402
from core.store.wire import wire_change  # noqa: E402
from core.sync import credentials, protocol  # noqa: E402
from core.sync.engine import connect, open_transport, sync_once  # noqa: E402
from core.sync.state import read_sync_state  # noqa: E402
from core.sync.transport import HttpTransport  # noqa: E402

import sync_server  # noqa: E402  (beside this script, as common is)

CITIES = ["Osaka", "Shanghai", "Berlin", "Madrid", "Rotterdam", "São Paulo", "Dubai", "Seoul"]
SUMMARIES = ["Met at the booth; wants samples of the new line", "Call about the price list",
             "Dinner with their purchasing team", "Sent the catalogue and terms"]
TARGETS = {"gzip_bytes_per_change": 100, "sync_10_p95_ms": 200, "sqlite_changes_per_s": 5000,
           "first_sync_100k_s": 60, "rows_touched_10": 50}


class LoopbackServer:
    """The sync server over a SQLite file under uvicorn on 127.0.0.1, in a thread, with one team."""

    def __init__(self, folder: Path):
        self.store = SqliteStore(folder / "server.db")
        self.store.create_schema()
        self.team = self.store.add_team("Bench team")
        app = create_app(self.store)
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        self.runner = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                                    lifespan="off"))
        self.thread = threading.Thread(target=self.runner.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.runner.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        self.url = f"http://127.0.0.1:{port}"

    def pair(self, db) -> None:
        """Pair *db* with the team, as ``fairmate connect`` does."""
        connect(db, self.url, self.store.create_pairing_code(self.team), "bench", make_transport)

    def stop(self) -> None:
        """Stop uvicorn and close the store."""
        self.runner.should_exit = True
        self.thread.join(10)
        self.store.close()


class CountingTransport(HttpTransport):
    """The CLI's transport, counting its HTTP round trips."""

    round_trips = 0

    def _send(self, *args, **kwargs):
        self.round_trips += 1
        return super()._send(*args, **kwargs)


def make_transport(url: str, token: str | None) -> CountingTransport:
    """What ``fairmate sync`` builds: a new transport (and httpx client) per sync."""
    return CountingTransport(url, token)


def timed_sync(db) -> tuple[float, int, int]:
    """Seconds of one ``sync_once`` of *db*, its HTTP round trips, and the rows it wrote."""
    before = db.conn.total_changes
    started = time.perf_counter()
    transport = open_transport(db, make_transport)
    try:
        sync_once(db, transport)
    finally:
        transport.close()
    return time.perf_counter() - started, transport.round_trips, db.conn.total_changes - before


def timed_pings(url: str, round_trips: int, setups: list[float] | None = None) -> float:
    """Seconds of *round_trips* ``GET /ping`` through a fresh transport, as a sync makes it.

    The same client, settings and answer handling as the sync's requests; the
    transport's making counts, as it does in every sync (*setups* collects it).
    """
    started = time.perf_counter()
    transport = HttpTransport(url)
    if setups is not None:
        setups.append(time.perf_counter() - started)
    try:
        for _ in range(round_trips):
            transport.ping()
    finally:
        transport.close()
    return time.perf_counter() - started


_WRITTEN_TABLE = re.compile(r"(?:INSERT(?: OR \w+)? INTO|REPLACE INTO|UPDATE(?: OR \w+)?|DELETE FROM)\s+"
                            r"(?:'main'\.)?'?(\w+)", re.IGNORECASE)


def rows_by_table(db, sync) -> dict[str, int]:
    """Rows written by *sync*() on *db*, per table (each statement's rows, seen at the next statement)."""
    counts: dict[str, int] = {}
    last = {"table": None, "total": db.conn.total_changes}

    def note(statement: str) -> None:
        total = db.conn.total_changes
        if last["table"] and total > last["total"]:
            counts[last["table"]] = counts.get(last["table"], 0) + total - last["total"]
        found = _WRITTEN_TABLE.search(statement)
        last.update(table=found.group(1) if found else None, total=total)

    db.conn.set_trace_callback(note)
    try:
        sync()
        note("")
    finally:
        db.conn.set_trace_callback(None)
    return dict(sorted(counts.items(), key=lambda item: -item[1]))


def last_seq(db) -> int:
    return db.conn.execute("SELECT coalesce(max(seq), 0) FROM changes").fetchone()[0]


def make_edits(db, changes: int, rng: random.Random) -> int:
    """Edit demo contacts until at least *changes* changes are logged; how many were.

    In turn: a city, a phone added to the list, an interaction logged, a new
    contact (its row and its first stage).
    """
    start = last_seq(db)
    alive = [row[0] for row in db.conn.execute("SELECT id FROM contacts WHERE deleted_at IS NULL ORDER BY id")]
    ids = rng.sample(alive, min(len(alive), changes + 5))
    step = 0
    while last_seq(db) - start < changes:
        kind = (step + 1) % 4
        target = ids[step % len(ids)]
        if kind == 0:
            first, last = rng.choice(["Anna", "Li", "Kenji", "Fatima", "Olga"]), rng.choice(["Weber", "Sato"])
            add_contact(db, display_name=f"{first} {last}", city=rng.choice(CITIES), job_title="Buyer",
                        emails=[f"{first.lower()}.{rng.randrange(10**6)}@example.com"],
                        phones=[f"+49 30 {rng.randrange(10**6, 10**7)}"])
        elif kind == 1:
            city = get_contact(db, target)["city"]
            update_contact(db, target, city=rng.choice([c for c in CITIES if c != city]))
        elif kind == 2:
            phones = list(get_contact(db, target).get("phones") or [])
            added = f"+81 6 {rng.randrange(1000, 9999)} {rng.randrange(1000, 9999)}"
            update_contact(db, target, phones=phones + [added])
        else:
            log_interaction(db, target, kind=rng.choice(["meeting", "call", "email"]),
                            summary=rng.choice(SUMMARIES))
        step += 1
    return last_seq(db) - start


def measure_bytes(book: Path, folder: Path, count: int = protocol.PUSH_PAGE) -> dict:
    """Raw and gzipped bytes per change of *count* realistic changes sent as one push body."""
    copy = folder / "bytes.db"
    shutil.copyfile(book, copy)
    db = open_database(copy)
    try:
        start = last_seq(db)
        make_edits(db, count, random.Random(11))
        rows = db.conn.execute(
            "SELECT change_id, hlc, table_name, row_id, fields, base_clocks, old_fields FROM changes "
            "WHERE seq > ? ORDER BY seq LIMIT ?", (start, count)).fetchall()
        kinds: dict[str, int] = {}
        for row in rows:
            kinds[row[2]] = kinds.get(row[2], 0) + 1
        page = [wire_change(*row) for row in rows]
        # The body exactly as HttpTransport sends it.
        body = json.dumps({"epoch": "0" * 32, "changes": page}, ensure_ascii=False,
                          separators=(",", ":")).encode("utf-8")
        packed = gzip.compress(body, compresslevel=6)
        return {"raw_bytes_per_change": round(len(body) / len(page), 1),
                "gzip_bytes_per_change": round(len(packed) / len(page), 1),
                "bytes_batch": len(page), "bytes_kinds": kinds}
    finally:
        db.close()


def new_device(server: LoopbackServer, folder: Path, name: str):
    """A new empty book paired with the team."""
    path = folder / name / "fairmate.db"
    path.parent.mkdir()
    db = open_database(path)
    server.pair(db)
    return db


def raw_pull_all(db) -> tuple[float, int]:
    """Seconds to pull every page after 0 over the book's transport, parsed but not applied; changes."""
    epoch = read_sync_state(db).epoch
    transport = open_transport(db, make_transport)
    started = time.perf_counter()
    after, after_id, pulled = 0, None, 0
    try:
        while True:
            answer = transport.pull({"epoch": epoch, "after": after, "after_change_id": after_id,
                                     "limit": protocol.PULL_PAGE})
            if answer["changes"]:
                after, after_id = answer["changes"][-1]["seq"], answer["changes"][-1]["change"]["change_id"]
                pulled += len(answer["changes"])
            if not answer["more"] or not answer["changes"]:
                break
    finally:
        transport.close()
    return time.perf_counter() - started, pulled


def measure_syncs(server: LoopbackServer, book: Path, folder: Path, runs: int, rounds: int,
                  changes: int) -> dict:
    """Items 2, 4 and 5: a first sync of new devices, then rounds of 10-change syncs A → B."""
    shutil.copyfile(book, folder / "a.db")
    device_a = open_database(folder / "a.db")
    server.pair(device_a)
    started = time.perf_counter()
    timed_sync(device_a)
    seed_s = time.perf_counter() - started
    head = server.store.team_head(server.team.team_id)[0]
    print(f"device A pushed {head} changes in {seed_s:.1f} s", file=sys.stderr)

    first, raw, devices = [], [], []
    for run in range(runs):
        db = new_device(server, folder, f"b{run}")
        raw_s, pulled = raw_pull_all(db)
        seconds, trips, _ = timed_sync(db)
        if db.conn.execute("SELECT count(*) FROM changes").fetchone()[0] < head:
            raise RuntimeError("the new device did not get every change")
        raw.append(raw_s)
        first.append(seconds)
        devices.append(db)
        print(f"first sync {seconds:.2f} s ({trips} round trips), raw pull {raw_s:.2f} s ({pulled} changes)",
              file=sys.stderr)
    for db in devices[:-1]:
        db.close()
    device_b = devices[-1]
    contacts = device_b.conn.execute("SELECT count(*) FROM contacts WHERE deleted_at IS NULL").fetchone()[0]

    rng = random.Random(5)
    push_p95, pull_p95, ping_push_p95, ping_pull_p95, rows, sent = [], [], [], [], [], []
    push_rows, setups = [], []
    for run in range(runs):
        push_s, pull_s, ping_push_s, ping_pull_s, touched = [], [], [], [], []
        for _ in range(rounds):
            sent.append(make_edits(device_a, changes, rng))
            seconds, trips, written = timed_sync(device_a)
            push_s.append(seconds)
            push_rows.append(written)
            ping_push_s.append(timed_pings(server.url, trips, setups))
            seconds, trips, written = timed_sync(device_b)
            pull_s.append(seconds)
            touched.append(written)
            ping_pull_s.append(timed_pings(server.url, trips))
        push_p95.append(percentile(push_s, 0.95))
        pull_p95.append(percentile(pull_s, 0.95))
        ping_push_p95.append(percentile(ping_push_s, 0.95))
        ping_pull_p95.append(percentile(ping_pull_s, 0.95))
        rows.append(statistics.median(touched))
        print(f"10-change sync p95: push side {push_p95[-1] * 1000:.1f} ms, pull side {pull_p95[-1] * 1000:.1f} ms;"
              f" pings {ping_push_p95[-1] * 1000:.1f} / {ping_pull_p95[-1] * 1000:.1f} ms;"
              f" rows touched on B {sorted(touched)[0]}..{sorted(touched)[-1]}", file=sys.stderr)
    # One more round, untimed: where B's rows go (a trace callback slows the sync).
    make_edits(device_a, changes, rng)
    timed_sync(device_a)
    by_table = rows_by_table(device_b, lambda: timed_sync(device_b))
    device_a.close()
    device_b.close()
    med = statistics.median
    return {
        "sync_10_push_p95_ms": round(med(push_p95) * 1000, 1),
        "sync_10_pull_p95_ms": round(med(pull_p95) * 1000, 1),
        "ping_baseline_push_p95_ms": round(med(ping_push_p95) * 1000, 1),
        "ping_baseline_pull_p95_ms": round(med(ping_pull_p95) * 1000, 1),
        "sync_10_push_ratio": round(med(push_p95) / med(ping_push_p95), 1),
        "sync_10_pull_ratio": round(med(pull_p95) / med(ping_pull_p95), 1),
        "transport_setup_ms": round(med(setups) * 1000, 1),
        "sync_10_changes": round(med(sent), 1), "sync_10_rounds": rounds,
        "rows_touched_10": med(rows), "rows_touched_10_push_side": med(push_rows),
        "rows_touched_10_by_table": by_table,
        "book_contacts": contacts, "book_changes": head,
        "first_sync_s": round(med(first), 2), "raw_pull_baseline_s": round(med(raw), 2),
        "first_sync_ratio": round(med(first) / med(raw), 1),
        "first_sync_runs": [round(s, 2) for s in first],
    }


def main() -> None:
    """Measure everything and print one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--large", action="store_true", help="a 100k-contact book instead of 10k")
    parser.add_argument("--quick", action="store_true", help="a tiny run (a 300-contact book, few rounds)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--intake-changes", type=int, default=20_000)
    args = parser.parse_args()
    contacts = 300 if args.quick else 100_000 if args.large else 10_000
    rounds = 5 if args.quick else 30
    intake = 1_000 if args.quick else args.intake_changes
    # Tokens in a 0600 file beside each (temporary) book, never in this machine's keyring.
    os.environ[credentials.KEYRING_ENV] = "file"

    book = demo_database(contacts)
    # Other work on the machine skews every figure; the load says how much there was.
    load = round(os.getloadavg()[0], 2)
    with tempfile.TemporaryDirectory(prefix="fairmate-bench-sync-") as name:
        folder = Path(name)
        result = measure_bytes(book, folder)
        server = LoopbackServer(folder)
        try:
            result.update(measure_syncs(server, book, folder, args.runs, rounds, 10))
        finally:
            server.stop()
    sqlite_rates = [sync_server._sqlite_run(intake) for _ in range(args.runs)]
    postgres_rates = sync_server._postgres_runs(intake, args.runs)
    result["sqlite_changes_per_s"] = round(statistics.median(sqlite_rates))
    result["postgres_changes_per_s"] = round(statistics.median(postgres_rates)) if postgres_rates else None
    result.update({"contacts": contacts, "runs": args.runs, "load_average_at_start": load, "targets": TARGETS})
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
