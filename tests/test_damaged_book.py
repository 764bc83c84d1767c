"""A damaged book is not trusted: quick check on open, read-only with a way out (issue 13, item 3)."""

import pytest

from core.book.contacts import add_contacts, list_contacts
from core.store.db import ReadOnlyBook, backup_before_migration, open_database
from safety_helpers import damage, file_digest, run


@pytest.fixture
def damaged_book(tmp_path):
    path = tmp_path / "book.db"
    db = open_database(path)
    add_contacts(db, [{"display_name": f"Contact {n}", "notes": "x" * 400, "city": f"City {n}"}
                      for n in range(400)])
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    damage(path)
    return path


def test_a_damaged_book_opens_read_only_and_says_why(damaged_book):
    db = open_database(damaged_book)
    try:
        assert db.damaged and "damaged" in db.read_only and "read-only" in db.read_only
        assert "fairmate export" in db.read_only  # a way out: save what can still be read
        before = file_digest(damaged_book)
        with pytest.raises(ReadOnlyBook):
            from core.book.contacts import add_contact
            add_contact(db, display_name="Written into a damaged book")
    finally:
        db.close()
    assert file_digest(damaged_book) == before


def test_cli_refuses_writes_to_a_damaged_book_in_one_line(capsys, damaged_book):
    before = file_digest(damaged_book)
    code, out, err = run(capsys, "--db", damaged_book, "add-contact", "--name", "Anna")
    assert code == 6 and out == "" and err.count("\n") == 1
    assert "damaged" in err and "Traceback" not in err
    assert file_digest(damaged_book) == before


def test_cli_reads_a_damaged_book_with_a_warning(capsys, damaged_book):
    code, out, err = run(capsys, "--db", damaged_book, "search", "Contact 1")
    assert code in (0, 6) and "Traceback" not in err
    assert "damaged" in err and err.count("\n") == 1


@pytest.mark.parametrize("command", [["export", "--format", "csv", "--out", "{tmp}/out.csv"], ["today"],
                                     ["list"], ["check"]])
def test_no_command_crashes_on_a_damaged_book(capsys, damaged_book, tmp_path, command):
    code, out, err = run(capsys, "--db", damaged_book, *[c.format(tmp=tmp_path) for c in command])
    assert "Traceback" not in err and err.strip() and err.count("\n") <= 2
    assert code in (0, 6)


def test_check_runs_the_full_integrity_check(capsys, tmp_path, damaged_book):
    good = tmp_path / "good.db"
    open_database(good).close()
    code, out, err = run(capsys, "--db", good, "check")
    assert code == 0 and "ok" in out.lower()
    code, out, err = run(capsys, "--db", damaged_book, "check")
    assert code == 6 and "damaged" in (out + err)


def test_restore_backup_puts_the_latest_whole_copy_back(capsys, tmp_path):
    path = tmp_path / "book.db"
    db = open_database(path)
    add_contacts(db, [{"display_name": f"Contact {n}", "notes": "y" * 400} for n in range(300)])
    db.close()
    backup_before_migration(path)
    db = open_database(path)
    add_contacts(db, [{"display_name": "After the backup"}])
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    damage(path)
    # "After the backup" was never sent anywhere: going back drops it, so it asks first.
    code, out, err = run(capsys, "--db", path, "restore-backup")
    assert code == 1 and "made since that backup and not yet sent will be lost" in err
    assert not list(tmp_path.glob("book.db.damaged-*"))
    code, out, err = run(capsys, "--db", path, "restore-backup", "--yes")
    assert code == 0, err
    assert "1 change not yet sent was dropped" in out  # the contact (its first stage is implied)
    assert list(tmp_path.glob("book.db.damaged-*"))  # the damaged book is kept aside, never deleted
    db = open_database(path)
    try:
        assert not db.read_only and len(list_contacts(db, limit=1000)) == 300
    finally:
        db.close()


def test_restore_backup_without_a_backup_says_so(capsys, damaged_book):
    code, out, err = run(capsys, "--db", damaged_book, "restore-backup")
    assert code == 1 and "no whole backup" in err and err.count("\n") == 1


def test_the_quick_check_runs_only_when_the_file_changed_outside_fairmate(tmp_path, monkeypatch):
    from core.store import db as store_db

    checks = []
    real = store_db._quick_check_file
    monkeypatch.setattr(store_db, "_quick_check_file", lambda path, *key: checks.append(path) or real(path, *key))
    path = tmp_path / "book.db"
    db = open_database(path)
    add_contacts(db, [{"display_name": f"Contact {n}"} for n in range(50)])
    db.close()
    open_database(path).close()  # written by Fairmate only: known whole, not read again
    assert checks == []
    damage(path)  # another program (or a bad sector copied by one) changed it
    db = open_database(path)
    db.close()
    assert checks == [path] and db.damaged
