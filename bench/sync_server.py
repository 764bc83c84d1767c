"""Sync server intake: changes stored per second, pushed through the app in batches of 500.

In-process (httpx's ASGI transport, no network): each push is a gzipped body
as a client sends it; the server gunzips, parses, checks every change
(``read_change``, clock), and stores the batch in one transaction. Realistic
contact changes (several fields, base clocks). Three runs per store on a
fresh store each; the median counts. PostgreSQL runs on a throwaway cluster
(tests/server/pg_cluster.py) and is left out when its binaries are absent.
Last line: {"sqlite_changes_per_s", "postgres_changes_per_s", ...}.

``measure_intake(store)`` is the function bench/sync.py can call.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from core.server.app import create_app  # noqa: E402
from core.server.sqlite_store import SqliteStore  # noqa: E402
from core.sync import protocol  # noqa: E402

NOW_MS = 1_764_680_000_000
CITIES = ["Osaka", "Shanghai", "Berlin", "Madrid", "Rotterdam", "São Paulo", "Dubai"]


def make_changes(count: int, node: str) -> list[dict]:
    """*count* contact changes of *node*, each a few fields with base clocks, like an edit sends."""
    changes = []
    for i in range(count):
        stamp = f"{NOW_MS + i:013d}-00000-{node}"
        fields = {"display_name": f"Contact {i}", "company": f"Company {i % 700}",
                  "city": CITIES[i % len(CITIES)], "emails": [f"person{i}@company{i % 700}.example"],
                  "phones": [f"+81 6 {i % 10000:04d} {i % 7919:04d}"]}
        base = {"city": f"{NOW_MS - 1000:013d}-00000-{node}"} if i % 2 else {}
        changes.append({"change_id": str(uuid.uuid4()), "hlc": stamp, "node": node, "table": "contacts",
                        "row_id": str(uuid.uuid4()), "fields": fields, "base": base})
    return changes


async def _push_all(store, bodies: list[bytes], token: str) -> float:
    app = create_app(store, clock=lambda: NOW_MS)
    headers = {"Authorization": f"Bearer {token}", "Content-Encoding": "gzip", "Content-Type": "application/json"}
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://server") as client:
        started = time.perf_counter()
        for body in bodies:
            answer = await client.post("/push", headers=headers, content=body)
            if answer.status_code != 200:
                raise RuntimeError(f"push failed: {answer.status_code} {answer.text}")
        return time.perf_counter() - started


def measure_intake(store, count: int = 20_000, batch: int = protocol.PUSH_PAGE) -> float:
    """Changes per second *store* takes in through the app (a fresh store with its schema)."""
    team = store.add_team(f"Bench {uuid.uuid4().hex[:6]}")
    pairing = store.pair_device(store.create_pairing_code(team), "bench", "benchnode")
    epoch = store.epoch()
    changes = make_changes(count, "benchnode")
    # Compressed before the clock starts: the client's work is not the server's intake.
    bodies = [gzip.compress(json.dumps({"epoch": epoch, "changes": changes[i:i + batch]}).encode())
              for i in range(0, count, batch)]
    return count / asyncio.run(_push_all(store, bodies, pairing.token))


def _sqlite_run(count: int) -> float:
    with tempfile.TemporaryDirectory() as folder:
        store = SqliteStore(Path(folder) / "server.db")
        store.create_schema()
        try:
            return measure_intake(store, count)
        finally:
            store.close()


def _postgres_runs(count: int, runs: int) -> list[float] | None:
    from tests.server.pg_cluster import PgCluster, find_pg_bin

    bin_dir = find_pg_bin()
    if bin_dir is None:
        return None
    from core.server.postgres_store import PostgresStore

    cluster = PgCluster(bin_dir)
    cluster.start()
    try:
        rates = []
        for _ in range(runs):
            store = PostgresStore(cluster.create_database())
            store.create_schema()
            try:
                rates.append(measure_intake(store, count))
            finally:
                store.close()
        return rates
    finally:
        cluster.stop()


def main() -> None:
    """Measure both stores and print one JSON line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sqlite_rates = [_sqlite_run(args.changes) for _ in range(args.runs)]
    postgres_rates = _postgres_runs(args.changes, args.runs)
    result = {"sqlite_changes_per_s": round(statistics.median(sqlite_rates)),
              "postgres_changes_per_s": round(statistics.median(postgres_rates)) if postgres_rates else None,
              "sqlite_runs": [round(r) for r in sqlite_rates],
              "postgres_runs": [round(r) for r in postgres_rates] if postgres_rates else None,
              "changes": args.changes, "batch": protocol.PUSH_PAGE, "target_sqlite_changes_per_s": 5000}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
