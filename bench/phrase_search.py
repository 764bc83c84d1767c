"""Phrase lookup as you type over every shipped phrasebook, against a plain substring scan.

Queries are what a user types letter by letter, 1 to 6 characters: English
prefixes, romanization (pinyin, Hepburn, Revised Romanization, RTGS…) and
the target scripts (Han, kana, Hangul, Arabic, Thai, Devanagari, Cyrillic),
each searched with no language chosen (all languages) and with its own
language. The baseline is the simplest correct search: folding every
phrase's fields once, then a Python substring test over all of them per
query. Last line: {"median_ms", "p95_ms", ...}.
"""

from __future__ import annotations

import argparse
import json
import time

from common import summarize_ms

ENGLISH = ["q", "qu", "quo", "quot", "quota", "quotat", "p", "pr", "pri", "pric", "price", "s", "sa",
           "sam", "samp", "sampl", "del", "deliv", "cert", "iso", "moq", "th", "than", "thank", "ch", "chee"]
ROMAN = ["b", "ba", "bao", "baoj", "baojia", "ni", "nih", "arig", "arigat", "gam", "gamsa", "gyeon",
         "sawat", "khrap", "shuk", "namas", "spas", "spasib", "ok", "mits"]
NATIVE = {"zh-Hans": ["报", "报价", "谢谢"], "zh-Hant": ["報", "報價"], "ja": ["見", "見積", "ありが", "お"],
          "ko": ["견", "견적", "감사", "안녕하"], "ar": ["س", "سعر", "شكرا"], "th": ["ส", "สวัส", "ราคา"],
          "hi": ["न", "नमस्", "धन्य"], "ru": ["с", "спас", "цена"]}


def time_queries(run, queries, rounds):
    samples = []
    for _ in range(rounds):
        for query, language in queries:
            started = time.perf_counter()
            run(query, language)
            samples.append(time.perf_counter() - started)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--limit", type=int, default=50, help="results per query, as in the GUI")
    args = parser.parse_args()

    from core.content.phrase_search import normalize_for_search
    from core.content.phrasebooks import load_phrasebooks, search_phrases

    started = time.perf_counter()
    library = load_phrasebooks()
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    library.search_index()
    indexed = time.perf_counter() - started
    codes = list(library.languages)
    queries = [(q, None) for q in ENGLISH + ROMAN]
    queries += [(q, code) for code in codes for q in ENGLISH[::4] + ROMAN[::3]]
    for code, typed in NATIVE.items():
        queries += [(q, None) for q in typed] + ([(q, code) for q in typed] if code in library.languages else [])

    # The baseline: every field folded once, then a substring test per field per query.
    rows = [(p, " ".join(normalize_for_search(v) for v in (p.text, p.romanization, p.pronunciation, p.english)
                          if v))
            for book in library.languages.values() for p in book.phrases.values()]

    def scan(query, language):
        needle = normalize_for_search(query)
        return [p for p, text in rows if (language is None or p.language == language) and needle in text][:args.limit]

    def indexed_search(query, language):
        return search_phrases(query, language=language, limit=args.limit, library=library)

    for query, language in queries:  # warm both
        indexed_search(query, language)
        scan(query, language)
    ours = time_queries(indexed_search, queries, args.rounds)
    base = time_queries(scan, queries, args.rounds)
    median, p95 = summarize_ms(ours)
    scan_median, scan_p95 = summarize_ms(base)
    hits = {q: len(indexed_search(q, None)) for q in ("quotation", "报价", "견적", "سعر", "baojia")}
    print(f"{len(rows)} phrases in {len(codes)} languages, {len(queries)} queries x {args.rounds} rounds; "
          f"load {loaded * 1000:.0f} ms, index {indexed * 1000:.0f} ms; hits: {hits}")
    print(json.dumps({"median_ms": round(median, 3), "p95_ms": round(p95, 3),
                      "scan_median_ms": round(scan_median, 3), "scan_p95_ms": round(scan_p95, 3),
                      "ratio_to_scan": round(median / scan_median, 3), "phrases": len(rows),
                      "languages": len(codes)}))


if __name__ == "__main__":
    main()
