"""Search as you type over demo contacts, against the same SQL run bare.

Queries are what a user types letter by letter: Latin prefixes of 1–4
letters, pinyin, and native-script names (Chinese, Korean, Japanese, Arabic,
Thai, Cyrillic). The baseline is fair: for each query, the very statements
``search_contacts`` runs (recorded once, with their parameters) replayed on
the same connection with nothing around them — no query parsing, no dicts.
The ratio is what core's Python adds. A raw FTS5 prefix query with LIMIT
(no count, no ranking: the floor) is shown beside it; with --ranked, one
ranked by bm25 over every match too.
Usage: ``bench/search.py [CONTACTS]`` (default 100,000; 300,000 for the
target p95 < 10 ms). Wall-clock figures, then the same timed as this thread's CPU
(``cpu_*``: on a machine shared with other work, what search itself spends).
Last line: {"median_ms", "p95_ms", "ratio_to_same_sql", ..., "cpu_p95_ms", ...}.
"""

from __future__ import annotations

import argparse
import json
import time

from common import repeated_demo_database, summarize_ms

WORDS = ["zhang", "muller", "tanaka", "kim", "sharma", "ivanov", "garcia", "nguyen", "weber",
         "somchai", "otaibi", "silva", "wang", "lopez", "park", "dubois"]
PREFIXES = [w[:n] for w in WORDS for n in range(1, 5)]
PINYIN = ["zhang wei", "wang fang", "li na", "liu yang", "chen jing", "zhangw"]
NATIVE = ["张", "王芳", "李", "김", "김민", "田中", "たなか", "محمد", "สม", "Иван", "राहुल", "Müll"]
QUERIES = PREFIXES + PINYIN + NATIVE


def time_queries(runs, queries, rounds, clock=time.perf_counter) -> list[list[float]]:
    """Seconds per query for each of *runs*, taken in turn query by query (drift hits all alike).

    The order turns every round: the first to run a query reads its pages into SQLite's
    cache, and each run is first as often as the others. *clock*: ``time.thread_time``
    counts this thread's CPU only (what other processes on a busy machine do not inflate).
    """
    samples = [[] for _ in runs]
    order = list(range(len(runs)))
    for _ in range(rounds):
        for query in queries:
            for which in order:
                started = clock()
                runs[which](query)
                samples[which].append(clock() - started)
        order = order[1:] + order[:1]
    return samples


class _RecordingConnection:
    """A connection that notes each statement and its parameters, then runs it."""

    def __init__(self, conn):
        self._conn = conn
        self.statements = []

    def execute(self, sql, params=()):
        self.statements.append((sql, tuple(params)))
        return self._conn.execute(sql, params)

    def __getattr__(self, name):
        return getattr(self._conn, name)


def record_statements(db, run, query) -> list[tuple[str, tuple]]:
    """The SQL statements (with parameters) that ``run(query)`` executes on *db*."""
    real = db.conn
    db.conn = recorder = _RecordingConnection(real)
    try:
        run(query)
    finally:
        db.conn = real
    return recorder.statements


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("contacts", type=int, nargs="?", default=100_000)
    parser.add_argument("--rounds", type=int, default=8, help="a multiple of 4: each run first as often")
    parser.add_argument("--db", help="search this book instead of the demo book of CONTACTS")
    parser.add_argument("--ranked", action="store_true", help="also time bm25 over every match")
    parser.add_argument("--limit", type=int, default=50, help="results per query, as in the GUI")
    args = parser.parse_args()

    from core.store.db import open_database
    from core.book.search import search_contacts

    db = open_database(args.db or repeated_demo_database(args.contacts))
    count = db.conn.execute("SELECT count(*) FROM contacts").fetchone()[0]

    def core_search(query):
        return search_contacts(db, query, limit=args.limit)

    def raw_fts5(query):
        # The floor: what SQLite alone does for a plain prefix query, no ranking.
        match = " ".join('"' + word.replace('"', "") + '"*' for word in query.split())
        return db.conn.execute("SELECT rowid FROM contact_search WHERE contact_search MATCH ? LIMIT ?",
                               (match, args.limit)).fetchall()

    def ranked_fts5(query):
        # What plain bm25 ranking of every match would cost.
        match = " ".join('"' + word.replace('"', "") + '"*' for word in query.split())
        return db.conn.execute("SELECT rowid FROM contact_search WHERE contact_search MATCH ? "
                               "ORDER BY rank LIMIT ?", (match, args.limit)).fetchall()

    statements = {query: record_statements(db, core_search, query) for query in QUERIES}
    conn = db.conn

    def same_sql(query):
        # The baseline: core's own statements for this query, bare.
        for sql, params in statements[query]:
            conn.execute(sql, params).fetchall()

    for query in QUERIES:  # warm the page cache for all
        core_search(query)
        same_sql(query)
        raw_fts5(query)

    core, bare, raw = time_queries((core_search, same_sql, raw_fts5), QUERIES, args.rounds)
    core_cpu, bare_cpu = time_queries((core_search, same_sql), QUERIES, args.rounds, time.thread_time)
    # Ranking every match reads whole doclists (hundreds of ms): timed apart, not to flush the cache
    # between the others.
    ranked = time_queries((ranked_fts5,), QUERIES, 1)[0] if args.ranked else [0.0]
    median, p95 = summarize_ms(core)
    bare_median, bare_p95 = summarize_ms(bare)
    raw_median, raw_p95 = summarize_ms(raw)
    ranked_median, ranked_p95 = summarize_ms(ranked)
    cpu_median, cpu_p95 = summarize_ms(core_cpu)
    bare_cpu_median, bare_cpu_p95 = summarize_ms(bare_cpu)
    hits = {q: len(core_search(q)) for q in ("zhang", "张", "김", "محمد", "mull")}
    print(f"{count} contacts, {len(QUERIES)} queries x {args.rounds} rounds; hits: {hits}")
    print(json.dumps({"median_ms": round(median, 3), "p95_ms": round(p95, 3),
                      "ratio_to_same_sql": round(median / bare_median, 2),
                      "same_sql_median_ms": round(bare_median, 3),
                      "same_sql_p95_ms": round(bare_p95, 3),
                      "p95_ratio_to_same_sql": round(p95 / bare_p95, 2),
                      "ratio_to_fts5": round(median / raw_median, 2),
                      "fts5_median_ms": round(raw_median, 3), "fts5_p95_ms": round(raw_p95, 3),
                      "ranked_fts5_median_ms": round(ranked_median, 3),
                      "ranked_fts5_p95_ms": round(ranked_p95, 3),
                      "cpu_median_ms": round(cpu_median, 3), "cpu_p95_ms": round(cpu_p95, 3),
                      "same_sql_cpu_median_ms": round(bare_cpu_median, 3),
                      "same_sql_cpu_p95_ms": round(bare_cpu_p95, 3),
                      "cpu_ratio_to_same_sql": round(cpu_median / bare_cpu_median, 2),
                      "contacts": count}))


if __name__ == "__main__":
    main()
