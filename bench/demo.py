"""Demo data: how long a book of N contacts takes to make, against writing the same rows bare.

Every benchmark starts from a demo book (``bench/common.py``), so making one
should be quick (issue 15: 100,000 contacts in under 60 s). Each run
generates the book into a new file with ``generate_demo_data`` and then, as
the baseline, copies every row it wrote (contacts, history, change log,
clocks, duplicate keys, the search index's rows) into a new empty book with
plain ``executemany`` in one transaction: the same rows, without Fairmate's
validation, logging and indexing around them. The ratio is what Fairmate
adds. Wall and CPU time (``time.process_time``) are both given: these
machines are shared, so the wall time also holds other processes' work.
Median of three runs.
Usage: ``bench/demo.py [CONTACTS] [--runs 3]`` (default 100,000). Last line:
{"generate_s", "generate_cpu_s", "baseline_s", "ratio", ...}.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import common  # noqa: E402,F401  (puts the project on the path)

# Filled by the book itself as it opens (migrations, device and settings rows); FTS5's own
# tables are written through the index's table.
_SKIPPED = ("_sqlite_migrations", "device", "settings")


def generate(path: Path, contacts: int) -> tuple[float, float, dict]:
    """Make the demo book at *path*; wall seconds, CPU seconds and the counts."""
    from core.demo.generate import generate_demo_data
    from core.store.db import open_database

    db = open_database(path)
    wall, cpu = time.perf_counter(), time.process_time()
    counts = generate_demo_data(db, contacts, seed=7)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    db.close()
    return wall, cpu, counts


def copy_rows(source: Path, target: Path) -> tuple[float, float, int]:
    """Write every row of *source* into a new book at *target* with executemany; seconds, CPU, rows."""
    from core.store.db import open_database

    db = open_database(target)  # the same schema, indexes and search table, empty
    conn = db.conn
    tables = [name for (name,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'contact_search%' "
        "AND name NOT LIKE 'sqlite_%'") if name not in _SKIPPED]
    conn.execute("ATTACH DATABASE ? AS generated", (str(source),))
    written = 0
    wall, cpu = time.perf_counter(), time.process_time()
    conn.execute("BEGIN IMMEDIATE")
    for table in [*tables, "contact_search"]:
        columns = [row[1] for row in conn.execute(f"PRAGMA main.table_info({table})")]
        if table == "contact_search":
            columns = ["rowid", *columns]
        names = ", ".join(columns)
        rows = conn.execute(f"SELECT {names} FROM generated.{table}").fetchall()
        marks = ", ".join("?" for _ in columns)
        conn.executemany(f"INSERT INTO main.{table} ({names}) VALUES ({marks})", rows)
        written += len(rows)
    conn.execute("COMMIT")
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    conn.execute("DETACH DATABASE generated")
    db.close()
    return wall, cpu, written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("contacts", type=int, nargs="?", default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    runs = []
    for number in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="fairmate-demo-bench-") as folder:
            book, copy = Path(folder) / "demo.db", Path(folder) / "copy.db"
            wall, cpu, counts = generate(book, args.contacts)
            base_wall, base_cpu, rows = copy_rows(book, copy)
        runs.append((wall, cpu, base_wall, base_cpu))
        print(f"run {number + 1}: generated in {wall:.1f} s ({cpu:.1f} s CPU); the same {rows:,} rows "
              f"bare in {base_wall:.1f} s ({base_cpu:.1f} s CPU)", flush=True)
    wall, cpu, base_wall, base_cpu = (statistics.median(column) for column in zip(*runs))
    print(f"{args.contacts} contacts, median of {args.runs}: {counts}")
    print(json.dumps({"generate_s": round(wall, 1), "generate_cpu_s": round(cpu, 1),
                      "baseline_s": round(base_wall, 2), "baseline_cpu_s": round(base_cpu, 2),
                      "ratio": round(wall / base_wall, 1), "cpu_ratio": round(cpu / base_cpu, 1),
                      "contacts": args.contacts, "rows": rows}))


if __name__ == "__main__":
    main()
