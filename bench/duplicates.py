"""Duplicate detection over 100k demo contacts, against the raw SQL it is built on.

Three measurements, each with a baseline from the same run:

- ``find_duplicates_for_fields`` for incoming cards (as an import preview
  calls it), against raw indexed lookups of the same emails and phones;
- ``find_duplicates_for_contact`` (the detail pane), same baseline;
- ``list_duplicate_pairs`` over the whole book (Contacts ▸ Duplicates…),
  against one raw grouping query over the key index.

Also a merge and its undo of two contacts with history. Last line:
{"fields_median_ms", "fields_ratio", "contact_median_ms", "pairs_s", "pairs_ratio", ...}.
"""

from __future__ import annotations

import argparse
import json
import random
import time

from common import demo_database, summarize_ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--cards", type=int, default=300, help="incoming cards to check")
    args = parser.parse_args()

    from core.book.duplicate_index import DuplicateKey, stored_key
    from core.book.contacts import get_contact
    from core.store.db import open_database
    from core.book.duplicates import (find_duplicates_for_contact, find_duplicates_for_fields,
                                 list_duplicate_pairs, merge_contacts, undo_merge)

    started = time.perf_counter()
    db = open_database(demo_database(args.contacts))  # an older cache file migrates here
    opened = time.perf_counter() - started
    count = db.conn.execute("SELECT count(*) FROM contacts WHERE deleted_at IS NULL").fetchone()[0]
    rng = random.Random(5)
    ids = [r[0] for r in db.conn.execute("SELECT id FROM contacts WHERE deleted_at IS NULL")]
    sample = rng.sample(ids, min(args.cards, len(ids)))
    # Incoming cards: half copies of people in the book (another spelling, same email),
    # half strangers; names in every script the demo has.
    cards = []
    for n, contact_id in enumerate(sample):
        c = get_contact(db, contact_id)
        if n % 2:
            cards.append(({"display_name": c["display_name"][::-1], "emails": [f"x{n}@nowhere.example"],
                           "phones": ["+49 30 9" + f"{n:06d}"]}, None))
        else:
            cards.append(({"display_name": c["native_name"] or c["display_name"],
                           "emails": [e["value"].upper() for e in c["emails"]],
                           "phones": [p["value"] for p in c["phones"]]},
                          (c["company"] or {}).get("name")))

    def raw_lookup(fields):
        for email in fields["emails"]:
            db.conn.execute("SELECT contact_rowid FROM duplicate_keys WHERE kind = ? AND key_hash = ?",
                            stored_key(DuplicateKey("email", email.casefold()))).fetchall()
        for phone in fields["phones"]:
            db.conn.execute("SELECT contact_rowid FROM duplicate_keys WHERE kind = ? AND key_hash = ?",
                            stored_key(DuplicateKey("phone", phone.replace(" ", "")))).fetchall()

    def timed(func, items):
        samples = []
        for item in items:
            t = time.perf_counter()
            func(item)
            samples.append(time.perf_counter() - t)
        return samples

    for fields, company in cards[:20]:  # warm the caches
        find_duplicates_for_fields(db, fields, company=company)
    core = timed(lambda card: find_duplicates_for_fields(db, card[0], company=card[1]), cards)
    raw = timed(lambda card: raw_lookup(card[0]), cards)
    found = sum(bool(find_duplicates_for_fields(db, f, company=c)) for f, c in cards)
    per_contact = timed(lambda cid: find_duplicates_for_contact(db, cid), sample)
    median, p95 = summarize_ms(core)
    raw_median, _raw_p95 = summarize_ms(raw)
    contact_median, contact_p95 = summarize_ms(per_contact)

    t = time.perf_counter()
    pairs = list_duplicate_pairs(db, limit=500)
    pairs_s = time.perf_counter() - t
    t = time.perf_counter()
    db.conn.execute("SELECT count(*) FROM (SELECT kind, key_hash FROM duplicate_keys "
                    "GROUP BY kind, key_hash HAVING count(*) > 1)").fetchone()
    group_s = time.perf_counter() - t

    # A merge and its undo, inside a transaction rolled back afterwards: the cache stays as it was.
    busiest = db.conn.execute("SELECT contact_id FROM interactions GROUP BY contact_id "
                              "ORDER BY count(*) DESC LIMIT 2").fetchall()
    db.conn.execute("BEGIN")
    t = time.perf_counter()
    merge_id = merge_contacts(db, busiest[0][0], busiest[1][0])
    merge_s = time.perf_counter() - t
    t = time.perf_counter()
    undo_merge(db, merge_id)
    undo_s = time.perf_counter() - t
    db.conn.execute("ROLLBACK")

    print(f"{count} contacts (opened in {opened:.1f} s); {len(cards)} cards, {found} with likely "
          f"duplicates; {len(pairs)} pairs listed")
    print(json.dumps({"fields_median_ms": round(median, 3), "fields_p95_ms": round(p95, 3),
                      "fields_ratio": round(median / raw_median, 1),
                      "raw_lookup_median_ms": round(raw_median, 3),
                      "contact_median_ms": round(contact_median, 3),
                      "contact_p95_ms": round(contact_p95, 3),
                      "pairs_s": round(pairs_s, 3), "group_only_s": round(group_s, 3),
                      "pairs_ratio": round(pairs_s / group_s, 1),
                      "merge_ms": round(merge_s * 1000, 1), "undo_ms": round(undo_s * 1000, 1),
                      "contacts": count}))


if __name__ == "__main__":
    main()
