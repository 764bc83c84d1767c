"""Shared set-up for the benchmarks: a cached database of demo contacts.

A cached book is named by its size, seed and ``book_version()`` (the schema's
migrations and the generator's code and data): a book an older version made is
made again, and the older files of that size and seed are removed. A cache named by
``FAIRMATE_BENCH_CACHE`` is shared and read-only: a book found there is used, one missing
there is made in this tree's own cache (``bench/.cache``), and nothing there is removed.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Where books are made (this tree's own cache), and where they are looked for first.
PRIVATE_CACHE = ROOT / "bench" / ".cache"
SHARED = bool(os.environ.get("FAIRMATE_BENCH_CACHE"))
CACHE = Path(os.environ["FAIRMATE_BENCH_CACHE"]) if SHARED else PRIVATE_CACHE


def book_version() -> str:
    """What makes a demo book, short: ``m<number of migrations>-<hash of them, core/demo and resources/demo>``."""
    from core.store.migrations import MIGRATIONS

    names = MIGRATIONS.names()
    digest = hashlib.sha256("\n".join(names).encode())
    for folder in (ROOT / "core" / "demo", ROOT / "resources" / "demo"):
        for path in sorted(folder.glob("*")):
            if path.is_file() and path.suffix != ".pyc":
                digest.update(f"{folder.name}/{path.name}\0".encode())
                digest.update(path.read_bytes())
    return f"m{len(names)}-{digest.hexdigest()[:12]}"


def _remove_other_versions(stem: str, keep: Path) -> None:
    """Remove cached files of *stem* (``demo-<size>-<seed>``) that another version made, with their WAL and marks
    (in *keep*'s folder, never a shared cache's)."""
    folder = keep.parent
    for path in [*folder.glob(f"{stem}.*"), *folder.glob(f"{stem}-*")]:
        if not path.name.startswith(keep.name):
            path.unlink(missing_ok=True)


def _cached_path(name: str) -> Path:
    """Where the cached file *name* is: in the shared cache when it is there, else in the folder it is made in
    (this tree's own when the cache is shared: another tree's books are read, never written or removed)."""
    if SHARED and (CACHE / name).exists():
        return CACHE / name
    folder = PRIVATE_CACHE if SHARED else CACHE
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


def demo_database(contacts: int, seed: int = 7) -> Path:
    """Path of a database with *contacts* demo contacts, generated once and cached (per ``book_version``)."""
    from core.store.db import open_database
    from core.demo.generate import generate_demo_data

    stem = f"demo-{contacts}-{seed}"
    path = _cached_path(f"{stem}-{book_version()}.db")
    if not path.exists():
        _remove_other_versions(stem, path)
        partial = path.with_suffix(".partial")
        for leftover in path.parent.glob(partial.name + "*"):
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
        for leftover in path.parent.glob(partial.name + "*"):
            leftover.unlink()  # what opening it left beside it (its check mark)
        print(f"generated {contacts} demo contacts in {time.perf_counter() - started:.1f} s "
              f"({time.process_time() - cpu:.1f} s CPU)", file=sys.stderr)
    return path


# Past this size a book for search is made of copies of this one (generating is ~1 s a thousand).
REPEATED_BASE = 100_000


def repeated_demo_database(contacts: int, seed: int = 7) -> Path:
    """Path of a book for search benchmarks with *contacts* contacts, cached.

    Up to ``REPEATED_BASE`` it is ``demo_database``. Past it, copies of that book's
    contacts (new ids and rowids, the same names and companies) and of their search
    entries are appended to it: each name then appears once per copy, like a bigger
    fair crowd drawn from the same names. Only what search reads is copied (not the
    change log, history or duplicate keys), so use it for search, not for sizes.
    """
    if contacts <= REPEATED_BASE:
        return demo_database(contacts, seed)
    import sqlite3

    stem = f"demo-repeated-{contacts}-{seed}"
    path = _cached_path(f"{stem}-{book_version()}.db")
    if path.exists():
        return path
    _remove_other_versions(stem, path)
    base = demo_database(REPEATED_BASE, seed)
    partial = path.with_suffix(".partial")
    started = time.perf_counter()
    shutil.copyfile(base, partial)
    conn = sqlite3.connect(partial, isolation_level=None)
    conn.execute("PRAGMA journal_mode = DELETE")
    columns = [row[1] for row in conn.execute("PRAGMA table_info(contacts)")]
    top = conn.execute("SELECT max(rowid) FROM contacts").fetchone()[0]
    conn.execute("BEGIN")
    for copy in range(1, -(-contacts // REPEATED_BASE)):
        count = min(REPEATED_BASE, contacts - copy * REPEATED_BASE)
        # The version digit of a UUIDv7 ("7") stands for the copy: new ids, none taken.
        values = [f"substr(id, 1, 14) || '{'89abcdef'[copy - 1]}' || substr(id, 16)" if name == "id"
                  else name for name in columns]
        conn.execute(f"INSERT INTO contacts(rowid, {', '.join(columns)}) "
                     f"SELECT rowid + {copy * top}, {', '.join(values)} FROM contacts "
                     f"WHERE rowid <= {top} ORDER BY rowid LIMIT {count}")
        conn.execute(f"INSERT INTO contact_search(rowid, names, details) "
                     f"SELECT id + {copy * top}, c0, c1 FROM contact_search_content "
                     f"WHERE id <= {top} ORDER BY id LIMIT {count}")
    conn.execute("COMMIT")
    conn.close()
    shutil.move(partial, path)
    print(f"made {contacts} contacts of copies of {REPEATED_BASE} in {time.perf_counter() - started:.1f} s",
          file=sys.stderr)
    return path


def percentile(samples: list[float], share: float) -> float:
    """The *share* (0–1) percentile of *samples*, nearest-rank."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def summarize_ms(samples: list[float]) -> tuple[float, float]:
    """Median and p95 of samples in seconds, as milliseconds."""
    return statistics.median(samples) * 1000, percentile(samples, 0.95) * 1000
