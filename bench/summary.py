"""Run every benchmark and print one table: each figure with its target beside it.

Each benchmark runs as its own process (its output passes through as it
comes); the summary reads the JSON object on its last line. Figures with a
target are listed by name below; a benchmark without declared targets (or a
new one in bench/ not listed here) shows every number on its last line.
``make bench`` runs it; ``python bench/summary.py search keystroke`` runs
only the benchmarks whose names start with those words.
"""

from __future__ import annotations

import json
import operator
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
_TESTS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}


@dataclass(frozen=True)
class Target:
    """One figure of a benchmark's last line and the bound it should keep (none: just shown)."""

    key: str
    unit: str = ""
    test: str | None = None  # "<", "<=", ">", ">="
    bound: float | None = None

    def describe(self) -> str:
        return f"{self.test} {self.bound:g}{self.unit}" if self.test else "—"

    def met(self, value) -> str:
        if not self.test or not isinstance(value, (int, float)):
            return ""
        return "yes" if _TESTS[self.test](value, self.bound) else "NO"


@dataclass(frozen=True)
class Benchmark:
    name: str
    script: str
    args: tuple[str, ...] = ()
    targets: tuple[Target, ...] = field(default=())


# Issue 15's targets (figures as ratios to a baseline in the same run where one exists).
BENCHMARKS = (
    Benchmark("search 100k", "search.py", ("100000",),
              (Target("p95_ms", "ms", "<", 10), Target("ratio_to_same_sql", "×", "<=", 1.5),
               Target("median_ms", "ms"))),
    Benchmark("search 300k", "search.py", ("300000",),
              (Target("p95_ms", "ms", "<", 10), Target("ratio_to_same_sql", "×", "<=", 1.5),
               Target("median_ms", "ms"))),
    Benchmark("startup 100k", "startup.py", (),
              (Target("ratio", "×", "<=", 1.5), Target("list_ratio", "×", "<=", 2.5),
               Target("app_s", "s"), Target("list_s", "s"), Target("bare_qt_s", "s"))),
    Benchmark("keystroke 100k", "keystroke.py", (),
              (Target("p95_ms", "ms", "<=", 16), Target("median_ms", "ms"), Target("gui_cpu_p95_ms", "ms"),
               Target("clear_p95_ms", "ms"))),
    Benchmark("import 10k", "import.py", (),
              (Target("import_s", "s", "<", 4), Target("ratio", "×", "<=", 5),
               Target("import_cpu_s", "s", "<", 4), Target("ratio_cpu", "×", "<=", 5), Target("peak_mb", "MB"))),
    Benchmark("import into 100k", "import.py", ("--into", "100000"),
              (Target("import_s", "s", "<", 5), Target("import_cpu_s", "s", "<", 5), Target("ratio_cpu", "×"))),
    Benchmark("import 100k memory", "import.py", ("--cards", "100000", "--runs", "1"),
              (Target("peak_mb", "MB", "<", 400), Target("import_cpu_s", "s"))),
    Benchmark("demo data 100k", "demo.py", ("100000",),
              (Target("generate_s", "s", "<", 60), Target("generate_cpu_s", "s"), Target("ratio", "×"),
               Target("baseline_s", "s"))),
    # What this version writes (--fresh: a cached book was written by whichever version made it).
    Benchmark("size", "size.py", ("--fresh", "--contacts", "10000", "100000"),
              (Target("ratio_10k", "×", "<=", 2), Target("ratio_100k", "×", "<=", 2),
               Target("bytes_per_contact_10k", " B"), Target("bytes_per_contact_100k", " B"))),
    Benchmark("duplicates 100k", "duplicates.py"),
    Benchmark("dossier", "dossier.py"),
    Benchmark("phrase search", "phrase_search.py"),
    Benchmark("integrity", "integrity.py"),
    Benchmark("sync", "sync.py"),
    Benchmark("sync client", "sync_client.py"),
    Benchmark("sync server", "sync_server.py"),
    Benchmark("vcard unfold", "vcard_unfold.py", ("1", "2", "4", "50")),
)
_HELPERS = {"common.py", "summary.py", "size_floor.py"}


def all_benchmarks() -> list[Benchmark]:
    """The benchmarks above, then any other script in bench/ (shown with every figure)."""
    listed = {b.script for b in BENCHMARKS}
    extra = [Benchmark(p.stem.replace("_", " "), p.name) for p in sorted(BENCH.glob("*.py"))
             if p.name not in listed | _HELPERS]
    return [b for b in BENCHMARKS if (BENCH / b.script).exists()] + extra


def run_benchmark(bench: Benchmark) -> tuple[dict | str, float]:
    """Run *bench*, passing its output through; its last line (parsed when JSON) and the seconds taken."""
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    print(f"\n== {bench.name}: bench/{bench.script} {' '.join(bench.args)}", flush=True)
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, str(BENCH / bench.script), *bench.args],
                               stdout=subprocess.PIPE, text=True, env=env, cwd=BENCH.parent)
    last = ""
    for line in process.stdout:
        print(line, end="", flush=True)
        last = line.strip() or last
    code = process.wait()
    taken = time.perf_counter() - started
    if code:
        return f"failed (exit {code})", taken
    try:
        found = json.loads(last)
    except ValueError:
        return last, taken
    return found if isinstance(found, dict) else last, taken


def summary_rows(bench: Benchmark, result: dict | str) -> list[tuple[str, str, str, str, str]]:
    """Rows (benchmark, figure, value, target, met) for one benchmark's result."""
    if not isinstance(result, dict):
        return [(bench.name, "", result[:60], "", "")]
    targets = bench.targets or tuple(Target(k) for k, v in result.items()
                                     if isinstance(v, (int, float)) and not isinstance(v, bool))
    rows = []
    for target in targets:
        value = result.get(target.key)
        shown = "—" if value is None else f"{value:g}" if isinstance(value, float) else str(value)
        unit = target.unit if value is not None else ""
        rows.append((bench.name, target.key, shown + unit, target.describe(), target.met(value)))
    return rows


def print_table(rows: list[tuple[str, ...]]) -> None:
    header = ("benchmark", "figure", "value", "target", "met")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())


def main(words: list[str]) -> int:
    chosen = [b for b in all_benchmarks() if not words or any(b.name.startswith(w) for w in words)]
    rows = []
    for bench in chosen:
        result, taken = run_benchmark(bench)
        rows += summary_rows(bench, result)
        print(f"({taken:.0f} s)", flush=True)
    print()
    print_table(rows)
    # A missed target is a figure to read, not a failure; a benchmark that did not run is.
    return 1 if any(row[2].startswith("failed") for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
