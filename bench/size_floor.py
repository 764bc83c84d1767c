"""The floor of a book's size: what each removable part costs, measured on copies (``bench/size.py --floor``).

Each part is taken out of its own copy of the measured (migrated, vacuumed)
book by plain SQL, the copy is vacuumed again, and the difference in bytes is
that part's cost. ``why`` says why the part stays (or what it would break).
The last rows take every removable part out of one copy at once, and count
what is left that a vCard export does not hold (activity): the book's floor.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import tempfile
from pathlib import Path

# (name, why it stays, SQL run on a copy). The SQL may use blob16(text) and hash64(text).
PARTS = (
    ("change log, whole", "the only copy of writes not yet pushed (wire form), Undo's old values, "
     "the ids and stamps the count check and echo detection need",
     "DROP TABLE changes"),
    ("log: values of creating changes", "a new row's fields are wire data until pushed; may be folded per "
     "field once acknowledged by every device (docs/storage.md), and a fresh book has none acknowledged",
     "UPDATE changes SET fields = '{}' WHERE old_fields IS NULL"),
    ("log: index by stamp", "the clock observes max(hlc); receive orders by stamp",
     "DROP INDEX changes_hlc"),
    ("log: index by change id", "a change applied twice is recognised (unique)",
     "DROP INDEX changes_change_id"),
    ("log: index by row", "merges, history, Undo's 'changed since' read a row's changes",
     "DROP INDEX changes_row"),
    ("log: ids as 16-byte blobs", "41 SQL statements of the book read or write changes, comparing ids as text; "
     "the wire form is text",
     "UPDATE changes SET change_id = blob16(change_id), row_id = blob16(row_id)"),
    ("log: stamp as an integer", "stamps are compared and sent as text (node tail); every reader parses them",
     "UPDATE changes SET hlc = hash64(hlc)"),
    ("log: table name as a number", "readers filter by table_name text",
     "UPDATE changes SET table_name = (SELECT count(*) FROM sqlite_master WHERE name < table_name)"),
    ("field clocks", "conflict detection: clocks that differ from the creation's are stored only",
     "DROP TABLE field_clocks"),
    ("search: copy of the indexed text", "a contentless index on SQLite 3.40 must be given the old text "
     "to delete a row; a derivation that changed since would corrupt it silently (3.43 lifts this)",
     "@contentless"),
    ("search: positions per column only (detail=column)", "phrase queries (CJK names are phrases) need positions",
     "@detail_column"),
    ("search: prefix indexes 1-3", "p95 at 100k 4.9 -> 43 ms without them", "@no_prefix"),
    ("duplicate keys, whole", "finding a card's duplicates is a few index lookups, not a scan of every contact",
     "DROP TABLE duplicate_keys"),
)

# What stays in any design: the user's data a vCard does not hold.
ACTIVITY = ("interactions", "stage_history", "commitments", "follow_ups", "meetings", "events", "merges",
            "distinct_contacts", "operations")


def blob16(text):
    """A UUID's 16 bytes (what a text id would be as a blob)."""
    return bytes.fromhex(text.replace("-", "")) if text else text


def hash64(text):
    """A signed 64-bit integer of *text* (the size of an integer stamp or key hash)."""
    if text is None:
        return None
    return int.from_bytes(hashlib.blake2b(str(text).encode(), digest_size=8).digest(), "big", signed=True)


def _search_schema(conn) -> str:
    return conn.execute("SELECT sql FROM sqlite_master WHERE name = 'contact_search'").fetchone()[0]


def _rebuild_search(conn, variant: str) -> None:
    sql = _search_schema(conn).replace("CREATE VIRTUAL TABLE contact_search", "CREATE VIRTUAL TABLE search_copy")
    if variant == "@contentless":
        sql = sql.replace("prefix", "content = '', prefix")
    elif variant == "@detail_column":
        sql = sql.replace("prefix", "detail = column, prefix")
    elif variant == "@no_prefix":
        sql = sql.replace("prefix = '1 2 3'", "columnsize = 1")
    conn.execute(sql)
    conn.execute("INSERT INTO search_copy(rowid, names, details) SELECT rowid, names, details FROM contact_search")
    conn.execute("DROP TABLE contact_search")


def _apply(conn, sql: str) -> None:
    if sql.startswith("@"):
        _rebuild_search(conn, sql)
    else:
        conn.execute(sql)


def _size_after(book: Path, statements: list[str]) -> int:
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "copy.db"
        shutil.copyfile(book, copy)
        conn = sqlite3.connect(copy, isolation_level=None)
        conn.create_function("blob16", 1, blob16, deterministic=True)
        conn.create_function("hash64", 1, hash64, deterministic=True)
        conn.execute("BEGIN")
        for sql in statements:
            _apply(conn, sql)
        conn.execute("COMMIT")
        conn.execute("VACUUM")
        size = conn.execute("PRAGMA page_count").fetchone()[0] * conn.execute("PRAGMA page_size").fetchone()[0]
        conn.close()
        return size


def _activity_bytes(book: Path) -> int:
    conn = sqlite3.connect(book)
    tables = ",".join("?" * len(ACTIVITY))
    total = conn.execute(f"SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name IN ({tables}) OR name IN "
                         f"(SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ({tables}))",
                         (*ACTIVITY, *ACTIVITY)).fetchone()[0]
    conn.close()
    return total


def measure_floor(book: Path, size: int, vcard_bytes: int) -> dict:
    """Each removable part's bytes (taken out alone), and the book with all of them out: the floor."""
    parts = []
    for name, why, sql in PARTS:
        parts.append({"part": name, "bytes": size - _size_after(book, [sql]), "why": why})
    # Everything at once: no log, no clocks, the smallest search index that keeps phrases, no duplicate keys.
    floor = _size_after(book, ["DROP TABLE changes", "DROP TABLE field_clocks", "DROP TABLE duplicate_keys",
                               "@contentless"])
    activity = _activity_bytes(book)
    return {"parts": parts, "floor_bytes": floor, "floor_ratio": round(floor / max(vcard_bytes, 1), 2),
            "activity_bytes": activity,
            "floor_without_activity_ratio": round((floor - activity) / max(vcard_bytes, 1), 2)}


def print_floor(figures: dict, vcard_bytes: int) -> None:
    """The table: part, bytes, why it stays; then the floor."""
    print(f"  {'part':48} {'bytes':>9}  why it stays")
    for part in figures["parts"]:
        print(f"  {part['part']:48} {part['bytes'] / 1e6:7.2f} MB  {part['why']}")
    print(f"  floor (no log, no clocks, no duplicate keys, contentless search): "
          f"{figures['floor_bytes'] / 1e6:.1f} MB = {figures['floor_ratio']}× the vCard export "
          f"({vcard_bytes / 1e6:.1f} MB)")
    print(f"  of which activity a vCard does not hold: {figures['activity_bytes'] / 1e6:.1f} MB; "
          f"without it {figures['floor_without_activity_ratio']}×")
