"""Search as you type over 100k demo contacts, against raw FTS5 on the same data.

Queries are what a user types letter by letter: Latin prefixes of 1–4
letters, pinyin, and native-script names (Chinese, Korean, Japanese, Arabic,
Thai, Cyrillic). The baseline is a raw FTS5 prefix query with LIMIT and no
ranking (the floor); a raw FTS5 query ranked by bm25 is shown beside it.
Last line: {"median_ms", "p95_ms", "ratio_to_fts5", ...}.
"""

from __future__ import annotations

import argparse
import json
import time

from common import demo_database, summarize_ms

WORDS = ["zhang", "muller", "tanaka", "kim", "sharma", "ivanov", "garcia", "nguyen", "weber",
         "somchai", "otaibi", "silva", "wang", "lopez", "park", "dubois"]
PREFIXES = [w[:n] for w in WORDS for n in range(1, 5)]
PINYIN = ["zhang wei", "wang fang", "li na", "liu yang", "chen jing", "zhangw"]
NATIVE = ["张", "王芳", "李", "김", "김민", "田中", "たなか", "محمد", "สม", "Иван", "राहुल", "Müll"]
QUERIES = PREFIXES + PINYIN + NATIVE


def time_queries(run, queries, rounds):
    samples = []
    for _ in range(rounds):
        for query in queries:
            started = time.perf_counter()
            run(query)
            samples.append(time.perf_counter() - started)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--limit", type=int, default=50, help="results per query, as in the GUI")
    args = parser.parse_args()

    from core.store.db import open_database
    from core.book.search import search_contacts

    db = open_database(demo_database(args.contacts))
    count = db.conn.execute("SELECT count(*) FROM contacts").fetchone()[0]

    def core_search(query):
        return search_contacts(db, query, limit=args.limit)

    def raw_fts5(query):
        # The baseline: what SQLite alone does for a plain prefix query, no ranking.
        match = " ".join('"' + word.replace('"', "") + '"*' for word in query.split())
        return db.conn.execute("SELECT rowid FROM contact_search WHERE contact_search MATCH ? LIMIT ?",
                               (match, args.limit)).fetchall()

    for query in QUERIES:  # warm the page cache for both
        core_search(query)
        raw_fts5(query)
    def ranked_fts5(query):
        # What plain bm25 ranking of every match would cost.
        match = " ".join('"' + word.replace('"', "") + '"*' for word in query.split())
        return db.conn.execute("SELECT rowid FROM contact_search WHERE contact_search MATCH ? "
                               "ORDER BY rank LIMIT ?", (match, args.limit)).fetchall()

    core = time_queries(core_search, QUERIES, args.rounds)
    raw = time_queries(raw_fts5, QUERIES, args.rounds)
    ranked = time_queries(ranked_fts5, QUERIES, args.rounds)
    median, p95 = summarize_ms(core)
    raw_median, raw_p95 = summarize_ms(raw)
    ranked_median, ranked_p95 = summarize_ms(ranked)
    hits = {q: len(core_search(q)) for q in ("zhang", "张", "김", "محمد", "mull")}
    print(f"{count} contacts, {len(QUERIES)} queries x {args.rounds} rounds; hits: {hits}")
    print(json.dumps({"median_ms": round(median, 3), "p95_ms": round(p95, 3),
                      "ratio_to_fts5": round(median / raw_median, 2),
                      "fts5_median_ms": round(raw_median, 3), "fts5_p95_ms": round(raw_p95, 3),
                      "ranked_fts5_median_ms": round(ranked_median, 3),
                      "ranked_fts5_p95_ms": round(ranked_p95, 3),
                      "contacts": count}))


if __name__ == "__main__":
    main()
