"""Encryption at rest: plain sqlite3 against SQLCipher (sqlcipher3) and SQLite3 Multiple Ciphers (apsw-sqlite3mc).

The same work on the same data through each driver: the search benchmark's
FTS5 prefix queries (with the contacts' names fetched, as a result list
does) over a copy of the cached demo book, a bulk import (the demo book's
contacts and their search rows written into a fresh file in one
transaction), and the cost of opening a book (a worker thread opens its own
connection: the key derivation is paid on every open). Each figure is the
median of three runs; ratios are to plain sqlite3. Both encrypted drivers
run with their defaults (SQLCipher 4: AES-256-CBC + HMAC-SHA512, PBKDF2
256,000 rounds; sqlite3mc: ChaCha20-Poly1305, PBKDF2 256,000 rounds).
Last line: one JSON document. Needs both drivers: ``pip install
'fairmate[encryption]' apsw-sqlite3mc`` (APSW is not a dependency of Fairmate).

Measured (10,000 demo contacts, 141 MB, 82 queries; Debian 12, a shared 2-core machine):
plain search 105 ms, import 1.03 s, open 0.4 ms; SQLCipher search 26 ms (0.25x: its
SQLite 3.51 against Debian's 3.40 in Python's sqlite3, not the cipher), import 2.43 s
(2.35x), open 267 ms (PBKDF2); sqlite3mc search 48 ms (0.45x), import 1.15 s (1.12x),
open 83 ms. Fairmate derives the SQLCipher key once per process (core.store.cipher):
later connections open in under 1 ms.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from common import demo_database
from search import QUERIES

PASSPHRASE = "correct horse battery staple"


def _sqlcipher_connect(path: Path):
    from sqlcipher3 import dbapi2

    conn = dbapi2.connect(str(path))
    conn.execute(f"PRAGMA key = '{PASSPHRASE}'")
    return conn


def _mc_connect(path: Path):
    import apsw

    conn = apsw.Connection(str(path))
    conn.execute(f"PRAGMA key = '{PASSPHRASE}'")
    return conn


def _plain_connect(path: Path):
    return sqlite3.connect(str(path))


def _copy_books(source: Path, folder: Path) -> dict[str, Path]:
    """The demo book as a plain, a SQLCipher and a sqlite3mc file."""
    plain = folder / "plain.db"
    reader = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    writer = sqlite3.connect(str(plain))
    reader.backup(writer)
    writer.execute("PRAGMA journal_mode = DELETE")
    writer.close()
    reader.close()
    cipher = folder / "sqlcipher.db"
    conn = _sqlcipher_connect(cipher)
    conn.execute(f"ATTACH DATABASE '{plain}' AS plain KEY ''")
    conn.execute("SELECT sqlcipher_export('main', 'plain')")
    conn.execute("DETACH DATABASE plain")
    conn.close()
    mc = folder / "sqlite3mc.db"
    shutil.copyfile(plain, mc)
    import apsw

    conn = apsw.Connection(str(mc))
    conn.execute(f"PRAGMA rekey = '{PASSPHRASE}'")  # encrypts the plain file in place
    conn.close()
    return {"plain": plain, "sqlcipher": cipher, "sqlite3mc": mc}


def _search(conn, limit: int = 50) -> float:
    started = time.perf_counter()
    for query in QUERIES:
        match = " ".join('"' + word.replace('"', "") + '"*' for word in query.split())
        list(conn.execute("SELECT c.id, c.display_name FROM contact_search s JOIN contacts c ON c.rowid = s.rowid "
                          "WHERE contact_search MATCH ? LIMIT ?", (match, limit)))
    return time.perf_counter() - started


def _import(connect, source: Path, target: Path) -> float:
    reader = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    rows = reader.execute("SELECT id, display_name, native_name, emails, phones, notes, tags FROM contacts").fetchall()
    search_rows = reader.execute("SELECT rowid, names, details FROM contact_search").fetchall()
    reader.close()
    started = time.perf_counter()
    conn = connect(target)
    conn.execute("CREATE TABLE contacts (id TEXT PRIMARY KEY, display_name TEXT, native_name TEXT, emails TEXT, "
                 "phones TEXT, notes TEXT, tags TEXT)")
    conn.execute("CREATE VIRTUAL TABLE contact_search USING fts5(names, details, prefix = '1 2 3')")
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO contacts VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    conn.executemany("INSERT INTO contact_search(rowid, names, details) VALUES (?, ?, ?)", search_rows)
    conn.execute("COMMIT")
    conn.close()
    return time.perf_counter() - started


def _open(connect, path: Path) -> float:
    started = time.perf_counter()
    conn = connect(path)
    list(conn.execute("SELECT count(*) FROM sqlite_master"))
    conn.close()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contacts", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    source = demo_database(args.contacts)
    connects = {"plain": _plain_connect, "sqlcipher": _sqlcipher_connect, "sqlite3mc": _mc_connect}
    results: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        books = _copy_books(source, Path(folder))
        for name, connect in connects.items():
            conn = connect(books[name])
            _search(conn)  # warm the page cache
            search = statistics.median(_search(conn) for _ in range(args.runs))
            conn.close()
            imports = []
            for run in range(args.runs):
                target = Path(folder) / f"import-{name}-{run}.db"
                imports.append(_import(connect, source, target))
            opens = statistics.median(_open(connect, books[name]) for _ in range(args.runs))
            results[name] = {"search_ms": round(search * 1000, 1), "import_s": round(statistics.median(imports), 3),
                             "open_ms": round(opens * 1000, 1)}
    for name in ("sqlcipher", "sqlite3mc"):
        for key in ("search_ms", "import_s"):
            results[name][key.split("_")[0] + "_ratio"] = round(results[name][key] / results["plain"][key], 2)
    for name, figures in results.items():
        print(f"{name:10} {figures}")
    print(json.dumps({"contacts": args.contacts, "queries": len(QUERIES), **results}))


if __name__ == "__main__":
    main()
