"""How big a book is: bytes per contact, and the ratio to the vCard export of the same contacts.

For each size (default 10,000; ``--contacts 10000 100000``) the cached demo
book (``bench/common.py``) is copied, opened with this version (so pending
migrations apply, as they would on a user's machine), vacuumed, and measured:
the file's bytes, bytes per contact, the vCard 4.0 export of the same
contacts, their ratio (target, issue 15: ≤ 2×) and where the bytes go, per
table and index (SQLite's ``dbstat``). ``--fresh`` generates the book anew
instead of using the cache (what this version's writes make). Sizes are
deterministic: one run is the figure. ``--floor`` also measures, each on a copy,
what every removable part costs and the book without all of them (the floor,
``bench/size_floor.py``; docs/storage.md). Last line: JSON, ``ratio_10k`` and
``bytes_per_contact_10k`` for each size (what ``bench/summary.py`` shows
against the target) and ``sizes``, every figure of each size.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import demo_database  # noqa: E402
from size_floor import measure_floor, print_floor  # noqa: E402

TARGET_RATIO = 2.0


def measure_book(path: Path, *, top: int = 12) -> dict:
    """Size figures of the book at *path* (changed in place: migrated and vacuumed)."""
    from core.exchange.pipeline import export_contacts
    from core.store.db import open_database

    db = open_database(path)
    contacts = db.conn.execute("SELECT count(*) FROM contacts WHERE deleted_at IS NULL").fetchone()[0]
    vcards = len(export_contacts(db, "vcf"))
    db.close()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.execute("VACUUM")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    size = conn.execute("PRAGMA page_count").fetchone()[0] * page_size
    parts = conn.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC").fetchall()
    conn.close()
    return {"contacts": contacts, "bytes": size, "bytes_per_contact": round(size / max(contacts, 1)),
            "vcard_bytes": vcards, "vcard_bytes_per_contact": round(vcards / max(contacts, 1)),
            "ratio": round(size / max(vcards, 1), 2), "target_ratio": TARGET_RATIO,
            "parts": {name: {"bytes": pages, "share": round(pages / size, 3)} for name, pages in parts[:top]}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contacts", type=int, nargs="+", default=[10_000])
    parser.add_argument("--fresh", action="store_true", help="generate the book anew, not from the cache")
    parser.add_argument("--floor", action="store_true", help="measure each removable part on a copy, and the floor")
    args = parser.parse_args()

    results = []
    for count in args.contacts:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "fairmate.db"
            if args.fresh:
                from core.demo.generate import generate_demo_data
                from core.store.db import open_database

                db = open_database(path)
                generate_demo_data(db, count, seed=7)
                db.close()
            else:
                shutil.copyfile(demo_database(count), path)
            figures = measure_book(path)
            if args.floor:
                figures["floor"] = measure_floor(path, figures["bytes"], figures["vcard_bytes"])
        results.append(figures)
        print(f"{figures['contacts']:,} contacts: {figures['bytes'] / 1e6:.1f} MB, "
              f"{figures['bytes_per_contact']:,} bytes a contact, {figures['ratio']}× the vCard export "
              f"({figures['vcard_bytes'] / 1e6:.1f} MB; target ≤ {TARGET_RATIO}×)")
        for name, part in figures["parts"].items():
            print(f"  {name:40} {part['bytes'] / 1e6:8.1f} MB  {part['share']:6.1%}")
        if args.floor:
            print_floor(figures["floor"], figures["vcard_bytes"])
    print(json.dumps(last_line(results)))


def size_label(contacts: int) -> str:
    """``10k`` for 10,000 contacts (the figures' suffix in the last line)."""
    return f"{contacts // 1000}k" if contacts % 1000 == 0 else str(contacts)


def last_line(results: list[dict]) -> dict:
    """The ratio and bytes a contact of each size by name, then every figure of each size."""
    figures = {}
    for entry in results:
        label = size_label(entry["contacts"])
        figures[f"ratio_{label}"] = entry["ratio"]
        figures[f"bytes_per_contact_{label}"] = entry["bytes_per_contact"]
    return {**figures, "target_ratio": TARGET_RATIO, "sizes": results}


if __name__ == "__main__":
    main()
