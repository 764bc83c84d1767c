"""insert_rows and update_rows write what insert_row and update_row write, row by row: rows, log, clocks."""

import json

import pytest

from core.book.contacts import add_company
from core.store.db import open_database, write_transaction
from core.store.records import insert_row, insert_rows, update_row, update_rows


def snapshot(db, table: str, row_id: str) -> dict:
    """What the write path left for one row, with stamps named by their order (the two books' stamps differ)."""
    stamps = sorted({hlc for (hlc,) in db.conn.execute(
        "SELECT hlc FROM changes WHERE row_id = ? UNION SELECT hlc FROM field_clocks WHERE row_id = ? "
        "UNION SELECT modified FROM " + table + " WHERE id = ?", (row_id, row_id, row_id))})
    name = {hlc: f"t{index}" for index, hlc in enumerate(stamps)}
    name[None] = None

    def rename(clocks: str | None):
        if clocks is None:
            return None
        # What a delete saw of the rows referring to it is keyed by device: the books' devices differ.
        return {("refs:node" if k.startswith("refs:") else k): ("seen" if k.startswith("refs:") else name.get(v, v))
                for k, v in json.loads(clocks).items()}

    row = db.conn.execute(f"SELECT * FROM {table} WHERE id = ?", (row_id,)).fetchone()
    columns = [d[1] for d in db.conn.execute(f"PRAGMA table_info({table})")]
    values = {k: v for k, v in zip(columns, row) if k not in ("id", "created_at", "modified")}
    return {
        "row": values, "modified": name[row[columns.index("modified")]],
        "log": [(name[hlc], json.loads(fields), old and json.loads(old), rename(base))
                for hlc, fields, old, base in db.conn.execute(
                    "SELECT hlc, fields, old_fields, base_clocks FROM changes WHERE row_id = ? ORDER BY seq",
                    (row_id,))],
        "clocks": sorted((field, name[hlc], name.get(seen, seen)) for field, hlc, seen in db.conn.execute(
            "SELECT field, hlc, seen_hlc FROM field_clocks WHERE row_id = ?", (row_id,))),
        "conflicts": db.conn.execute("SELECT field FROM conflicts WHERE row_id = ?", (row_id,)).fetchall(),
    }


def make_companies(db) -> list[str]:
    """Four companies whose clocks are kept each of the ways a book can hold them."""
    ids = [add_company(db, name=f"Firm {n}", country="DE") for n in range(4)]
    # 1: its clocks are stored already (it was edited before).
    with write_transaction(db):
        update_row(db, "companies", ids[1], {"city": "Essen"})
    # 2: clocks stored without a creation marker (an older book), and a conflict on the field.
    hlc = db.conn.execute("SELECT modified FROM companies WHERE id = ?", (ids[2],)).fetchone()[0]
    db.conn.executemany("INSERT INTO field_clocks VALUES ('companies', ?, ?, ?, NULL)",
                        [(ids[2], field, hlc) for field in ("name", "country", "created_at")])
    db.conn.execute("INSERT INTO conflicts VALUES ('companies', ?, 'name', '0', '\"Old\"', ?)", (ids[2], hlc))
    return ids


def test_update_rows_leaves_each_row_as_update_row_does(tmp_path):
    books = [open_database(tmp_path / f"{n}.db") for n in (1, 2)]
    changes = [{"name": "Neu GmbH", "city": "Köln"}, {"city": "Bonn"}, {"name": "Drei AG"}, {"name": "Firm 3"}]
    results = []
    for db in books:
        ids = make_companies(db)
        with write_transaction(db):
            if db is books[0]:
                results.append([update_row(db, "companies", i, c) for i, c in zip(ids, changes)])
            else:
                results.append(update_rows(db, "companies", list(zip(ids, changes))))
    assert results[0] == results[1] == [changes[0], changes[1], changes[2], {}]
    one, two = ([snapshot(db, "companies", r[0]) for r in db.conn.execute("SELECT id FROM companies ORDER BY rowid")]
                for db in books)
    assert one == two
    assert one[2]["conflicts"] == []  # the local write settled it
    assert one[0]["clocks"] and one[1]["clocks"]
    for db in books:
        db.close()


def test_update_rows_of_a_missing_or_deleted_row_writes_nothing(fresh_db):
    ids = [add_company(fresh_db, name=name) for name in ("Alpha", "Beta")]
    with write_transaction(fresh_db):
        fresh_db.conn.execute("UPDATE companies SET deleted_at = '2026-01-01' WHERE id = ?", (ids[1],))
    before = fresh_db.conn.execute("SELECT count(*) FROM changes").fetchone()[0]
    for bad in (ids[1], "no-such-id"):
        with pytest.raises(KeyError):
            with write_transaction(fresh_db):
                update_rows(fresh_db, "companies", [(ids[0], {"city": "Ulm"}), (bad, {"city": "Ulm"})])
    assert fresh_db.conn.execute("SELECT count(*) FROM changes").fetchone()[0] == before
    with pytest.raises(ValueError):
        update_rows(fresh_db, "companies", [(ids[0], {"city": "Ulm"}), (ids[0], {"city": "Ulm"})])


def test_insert_rows_writes_what_insert_row_writes(tmp_path):
    books = [open_database(tmp_path / f"{n}.db") for n in (1, 2)]
    rows = [{"name": "One", "name_key": "one", "country": "DE"}, {"name": "Two", "name_key": "two", "country": None},
            {"name": "Three", "name_key": "three"}, {"name": "Four", "name_key": "four", "city": "Graz"}]
    for db in books:
        with write_transaction(db):
            if db is books[0]:
                ids = [insert_row(db, "companies", row) for row in rows]
            else:
                ids = insert_rows(db, "companies", rows)
        assert [r[0] for r in db.conn.execute("SELECT id FROM companies ORDER BY rowid")] == ids
    one, two = ([snapshot(db, "companies", r[0]) for r in db.conn.execute("SELECT id FROM companies ORDER BY rowid")]
                for db in books)
    assert one == two
    assert [entry["log"][0][1].get("country") for entry in two] == ["DE", None, None, None]
    for db in books:
        db.close()


def test_tombstone_rows_leaves_each_row_as_tombstone_row_does(tmp_path):
    from core.book.activity import log_interaction
    from core.book.contacts import add_contact
    from core.store.records import tombstone_row, tombstone_rows

    books = [open_database(tmp_path / f"{n}.db") for n in (1, 2)]
    for db in books:
        ids = make_companies(db)
        person = add_contact(db, display_name="Works There", company_id=ids[0])
        log_interaction(db, person, kind="note", summary="Met")  # what the delete saw refers to the contact
        rows = [("companies", i) for i in ids] + [("contacts", person)]
        with write_transaction(db):
            if db is books[0]:
                gone = [i for table, i in rows if tombstone_row(db, table, i)]
            else:
                gone = tombstone_rows(db, "companies", ids) + tombstone_rows(db, "contacts", [person])
        assert gone == [i for _table, i in rows]
        with write_transaction(db):
            assert tombstone_rows(db, "companies", ids) == []

    def deleted(db):
        found = []
        for table in ("companies", "contacts"):
            for (row_id,) in db.conn.execute(f"SELECT id FROM {table} ORDER BY rowid"):
                entry = snapshot(db, table, row_id)
                assert entry["row"].pop("deleted_at")  # deleted now: the time differs between the books
                entry["log"][-1][1].pop("deleted_at")
                found.append(entry)
        text = json.dumps(found)
        for number, (row_id,) in enumerate(db.conn.execute("SELECT id FROM companies ORDER BY rowid")):
            text = text.replace(row_id, f"company {number}")
        return json.loads(text)

    one, two = deleted(books[0]), deleted(books[1])
    assert one == two
    assert "refs" in two[-1]["log"][-1][3]  # a contact's delete names what it saw of its history
    for db in books:
        db.close()


@pytest.mark.parametrize("remembered", [20_000, 1])
def test_rows_changed_in_the_transaction_that_made_them_get_the_clocks_a_later_change_reads(
        tmp_path, monkeypatch, remembered):
    """A new row changed before its transaction ends (demo data moves its new contacts on) learns its implicit
    clocks from the bulk log, not by reading its log row back: the same clocks, markers and log as a change in a
    later transaction, which reads them back. Past what the bulk log remembers, the rows are read back."""
    from core.store import records
    from core.store.field_clocks import CREATION
    from core.store.records import logging_in_bulk

    monkeypatch.setattr(records._BulkLog, "REMEMBERED", remembered)
    rows = [{"name": "One", "name_key": "one", "country": "DE"}, {"name": "Two", "name_key": "two"},
            {"name": "Three", "name_key": "three", "city": "Graz"}]
    books, read = [open_database(tmp_path / f"{n}.db") for n in (1, 2)], []
    books[1].conn.set_trace_callback(read.append)
    for db in books:
        with write_transaction(db), logging_in_bulk(db):
            ids = insert_rows(db, "companies", rows)
            if db is books[1]:
                read.clear()
                update_rows(db, "companies", [(ids[0], {"city": "Bonn"}), (ids[1], {"name": "Zwei"})])
                update_rows(db, "companies", [(ids[0], {"city": "Ulm", "name": "Eins"})])
                update_row(db, "companies", ids[2], {"city": "Wien"})
        if db is books[0]:
            with write_transaction(db):
                update_rows(db, "companies", [(ids[0], {"city": "Bonn"}), (ids[1], {"name": "Zwei"})])
                update_rows(db, "companies", [(ids[0], {"city": "Ulm", "name": "Eins"})])
                update_row(db, "companies", ids[2], {"city": "Wien"})
    one, two = ([snapshot(db, "companies", r[0]) for r in db.conn.execute("SELECT id FROM companies ORDER BY rowid")]
                for db in books)
    assert one == two
    assert (CREATION, "t0", None) in two[0]["clocks"]  # the creation marker
    read_back = [sql for sql in read if "SELECT row_id, hlc, fields FROM changes" in sql]
    assert bool(read_back) == (remembered == 1)
    for db in books:
        db.close()
