"""What the integrity checks cost on a big book: the quick check on every open, the full one on demand.

Usage: ``python bench/integrity.py [--db PATH | --contacts N]``. Times
``PRAGMA quick_check`` (run by ``open_database``) and ``PRAGMA integrity_check``
(``fairmate check``) with a warm and a cold-ish page cache, and the whole
``open_database`` against one without the check. Last line: JSON.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # core, when run as a script

from common import demo_database  # noqa: E402


def _timed(func) -> float:
    started = time.perf_counter()
    func()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--db")
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from core.store import db as store_db
    from core.store.integrity import full_check, quick_check

    path = Path(args.db) if args.db else demo_database(args.contacts)
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    contacts = conn.execute("SELECT count(*) FROM contacts").fetchone()[0]
    quick = [_timed(lambda: quick_check(conn)) for _ in range(args.repeat)]
    full = _timed(lambda: full_check(conn))
    conn.close()
    opened = [_timed(lambda: store_db.open_database(path).close()) for _ in range(args.repeat)]
    store_db._quick_check_file, saved = (lambda p: []), store_db._quick_check_file
    unchecked = [_timed(lambda: store_db.open_database(path).close()) for _ in range(args.repeat)]
    store_db._quick_check_file = saved
    result = {"contacts": contacts, "file_mb": round(path.stat().st_size / 1e6, 1),
              "quick_check_s": round(min(quick), 3), "integrity_check_s": round(full, 3),
              "open_s": round(min(opened), 3), "open_without_check_s": round(min(unchecked), 3)}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
