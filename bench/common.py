"""Shared set-up for the benchmarks: a cached database of demo contacts."""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CACHE = Path(os.environ.get("FAIRMATE_BENCH_CACHE", ROOT / "bench" / ".cache"))


def demo_database(contacts: int, seed: int = 7) -> Path:
    """Path of a database with *contacts* demo contacts, generated once and cached."""
    from core.store.db import open_database
    from core.demo.generate import generate_demo_data

    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"demo-{contacts}-{seed}.db"
    if not path.exists():
        partial = path.with_suffix(".partial")
        for leftover in CACHE.glob(partial.name + "*"):
            leftover.unlink()
        started, cpu = time.perf_counter(), time.process_time()
        db = open_database(partial)
        shown = [0]

        def progress(done: int, total: int) -> None:
            # A 300,000-contact book takes minutes: say how far it is, every tenth.
            if done * 10 // total > shown[0]:
                shown[0] = done * 10 // total
                print(f"generating {contacts} demo contacts: {shown[0] * 10}%", file=sys.stderr, flush=True)

        generate_demo_data(db, contacts, seed=seed, progress=progress)
        db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()
        shutil.move(partial, path)
        print(f"generated {contacts} demo contacts in {time.perf_counter() - started:.1f} s "
              f"({time.process_time() - cpu:.1f} s CPU)", file=sys.stderr)
    return path


def percentile(samples: list[float], share: float) -> float:
    """The *share* (0–1) percentile of *samples*, nearest-rank."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def summarize_ms(samples: list[float]) -> tuple[float, float]:
    """Median and p95 of samples in seconds, as milliseconds."""
    return statistics.median(samples) * 1000, percentile(samples, 0.95) * 1000
