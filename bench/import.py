"""Import 10,000 vCards into a fresh database file, against parsing the same file alone.

The cards are generated (varied names in several scripts, phones, emails,
addresses, notes, categories) and written as one vCard 3.0 file. The
baseline is reading every card of the same bytes (``iter_vcards``, as the import
reads them: one at a time) in the same run; the import
is the whole pipeline: read, preview (validation, matching), apply in one
transaction. ``--into 100000`` imports into a copy of the cached demo book of
that size instead of an empty one. Each figure is the median of ``--runs``
(3) runs, each into a fresh copy of the book, each against a parse of its
own; the first run also loads what an import loads on first use (the
romanization dictionaries), so it is printed apart (``first_import_cpu_s``). Targets (issue 15): 10k cards < 4 s and ≤ 5× parsing alone; into a 100k
book < 5 s; ``--cards 100000`` peak memory < 400 MB (the process's peak
resident size, ``ru_maxrss``: the interpreter and the libraries count too).
CPU seconds are printed beside wall seconds: on a shared machine they are the
steadier figure. Last line: {"import_s", "parse_only_s", "ratio",
"import_cpu_s", "parse_cpu_s", "ratio_cpu", "peak_mb", ...}.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

GIVEN = ["Anna", "Jürgen", "Mei", "Hiroshi", "Olga", "Ahmed", "Lucía", "Somchai", "Priya", "Jan"]
FAMILY = ["Müller", "Chen", "Tanaka", "Ivanova", "Al-Otaibi", "García", "Wong", "Sharma", "de Vries"]
NATIVE = ["张伟", "田中宏", "김민준", "Иван Петров", "محمد العتيبي", "", "", ""]
CITIES = [("Berlin", "Germany", "+49 30 {n:07d}"), ("Shanghai", "China", "+86 21 {n:08d}"),
          ("Osaka", "Japan", "+81 6 {n:04d} {m:04d}"), ("Madrid", "Spain", "+34 91 {n:07d}"),
          ("Rotterdam", "Netherlands", "+31 10 {n:07d}")]


def make_cards(count: int, seed: int = 11) -> bytes:
    """*count* realistic vCard 3.0 cards as one file's bytes."""
    rng = random.Random(seed)
    cards = io.BytesIO()  # each card encoded as it is made: 100,000 cards held once, as bytes
    for i in range(count):
        given, family = rng.choice(GIVEN), rng.choice(FAMILY)
        city, country, phone = rng.choice(CITIES)
        native = rng.choice(NATIVE)
        number = phone.format(n=rng.randrange(2_000_000, 9_999_999) % 10**7,
                              m=rng.randrange(1000, 9999))
        lines = ["BEGIN:VCARD", "VERSION:3.0", f"N:{family};{given};;;",
                 f"FN:{native or given + ' ' + family}", f"ORG:Company {i % 700}",
                 "TITLE:Purchasing Manager", f"TEL;TYPE=WORK:{number}",
                 f"EMAIL;TYPE=INTERNET;TYPE=WORK:person{i}@company{i % 700}.example",
                 f"ADR;TYPE=WORK:;;Street {i % 97} {i};{city};;{10000 + i % 9000};{country}",
                 f"NOTE:Met at the fair\\, booth {i % 300}. Wants a quote for {i % 50 + 1}00 units.",
                 "CATEGORIES:fair 2026,prospect", "END:VCARD"]
        cards.write(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    return cards.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--into", type=int, default=0, help="import into a demo book of this many contacts")
    parser.add_argument("--runs", type=int, default=3, help="runs to take the median of")
    parser.add_argument("--profile", action="store_true", help="print the slowest functions")
    args = parser.parse_args()
    from common import demo_database  # noqa: E402 (bench/ is on the path when run as a script)

    book = demo_database(args.into) if args.into else None
    data = make_cards(args.cards)
    runs = [run_once(data, args, book) for _ in range(max(1, args.runs))]
    figures = {key: statistics.median(run[key] for run in runs)
               for key in ("import_s", "parse_only_s", "import_cpu_s", "parse_cpu_s")}
    ratios = {"ratio": statistics.median(r["import_s"] / r["parse_only_s"] for r in runs),
              "ratio_cpu": statistics.median(r["import_cpu_s"] / r["parse_cpu_s"] for r in runs)}
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    before = runs[0]["into"]
    print(f"{args.cards} vCards ({len(data) / 1e6:.1f} MB): imported {args.cards} contacts into a book "
          f"of {before}; median of {len(runs)}")
    print(json.dumps({"import_s": round(figures["import_s"], 2), "parse_only_s": round(figures["parse_only_s"], 2),
                      "ratio": round(ratios["ratio"], 2), "import_cpu_s": round(figures["import_cpu_s"], 2),
                      "parse_cpu_s": round(figures["parse_cpu_s"], 2), "ratio_cpu": round(ratios["ratio_cpu"], 2),
                      "peak_mb": round(peak_mb), "first_import_cpu_s": round(runs[0]["import_cpu_s"], 2),
                      "cards": args.cards, "into": before, "runs": len(runs)}))


def run_once(data: bytes, args, book: Path | None) -> dict:
    """One parse alone and one whole import into a fresh book (a copy of *book*); seconds and CPU seconds."""
    from core.book.duplicate_index import ensure_duplicate_keys
    from core.store.db import open_database
    from core.exchange.pipeline import apply_import, preview_import, read_import_data
    from core.exchange.vcard import iter_vcards

    started, started_cpu = time.perf_counter(), time.process_time()
    parsed = sum(1 for _card in iter_vcards(data, source="bench.vcf"))  # as the import reads them
    parse_only, parse_cpu = time.perf_counter() - started, time.process_time() - started_cpu
    assert parsed == args.cards

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fairmate.db"
        if book:
            shutil.copyfile(book, path)
        db = open_database(path)
        before = db.conn.execute("SELECT count(*) FROM contacts").fetchone()[0]
        # A book in use has built its duplicate index; a generated one (marked stale by migration
        # 0005 at creation) builds it at its first lookup, which is not the import's cost.
        ensure_duplicate_keys(db)

        def run_import():
            preview = preview_import(db, read_import_data(data, source="bench.vcf"))
            assert preview.ok, preview.errors[:3]
            return apply_import(db, preview)

        started, started_cpu = time.perf_counter(), time.process_time()
        if args.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            result = profiler.runcall(run_import)
            pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(25)
        else:
            result = run_import()
        import_s, import_cpu = time.perf_counter() - started, time.process_time() - started_cpu
        count = db.conn.execute("SELECT count(*) FROM contacts").fetchone()[0] - before
        db.close()
    assert count == len(result.added) == args.cards
    print(f"  run: import {import_s:.2f} s ({import_cpu:.2f} s CPU), parse alone {parse_only:.2f} s "
          f"({parse_cpu:.2f} s CPU)", flush=True)
    return {"import_s": import_s, "import_cpu_s": import_cpu, "parse_only_s": parse_only,
            "parse_cpu_s": parse_cpu, "into": before}

if __name__ == "__main__":
    main()
