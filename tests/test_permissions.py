"""The book is private: folder 0700, files 0600, backups keep the book's mode, few backups kept (issue 13, item 10)."""

import os
import stat

import pytest

from core.store import db as store_db
from core.store.db import KEEP_BACKUPS, backup_before_migration, open_database
from safety_helpers import run

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def open_umask():
    old = os.umask(0o022)  # what most desktops use: new files 0644, folders 0755
    yield
    os.umask(old)


def test_the_default_data_folder_is_0700_and_the_book_0600(tmp_path, monkeypatch):
    path = tmp_path / "data" / "Fairmate" / "fairmate.db"
    monkeypatch.setattr(store_db, "default_db_path", lambda: path)
    db = open_database()
    try:
        assert mode(path.parent) == 0o700
        assert mode(path) == 0o600
        db.conn.execute("CREATE TABLE t(x)")  # a write: the WAL and SHM exist now
        assert mode(path.with_name("fairmate.db-wal")) == 0o600
        assert mode(path.with_name("fairmate.db-shm")) == 0o600
    finally:
        db.close()


def test_a_book_named_with_db_is_0600(tmp_path):
    open_database(tmp_path / "book.db").close()
    assert mode(tmp_path / "book.db") == 0o600


def test_backups_keep_the_books_mode_and_only_the_last_few_stay(tmp_path):
    path = tmp_path / "book.db"
    open_database(path).close()
    os.chmod(path, 0o640)
    for n in range(KEEP_BACKUPS + 2):
        db = open_database(path)
        db.conn.execute(f"CREATE TABLE changed_{n}(x)")  # the book changed since the last backup
        db.close()
        last = backup_before_migration(path)
    backups = sorted(tmp_path.glob("book.db.backup-*"))
    assert len(backups) == KEEP_BACKUPS and last in backups
    assert {mode(b) for b in backups} == {0o640}
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_retry_on_an_unchanged_book_writes_no_second_backup(tmp_path):
    path = tmp_path / "book.db"
    open_database(path).close()
    first = backup_before_migration(path)
    assert backup_before_migration(path) == first  # three processes opening one old book: one copy
    assert len(list(tmp_path.glob("book.db.backup-*"))) == 1


def test_exports_and_dossiers_are_0600(capsys, tmp_path):
    book = tmp_path / "book.db"
    code, out, _err = run(capsys, "--db", book, "add-contact", "--name", "Anna Weber", "--country", "DE",
                          "--json")
    assert code == 0
    import json

    contact = json.loads(out)["id"]
    for argv, name in ((["export", "--format", "vcf", "--out"], "a.vcf"),
                       (["export", "--format", "csv", "--out"], "a.csv"),
                       (["dossier", contact, "-o"], "a.pdf")):
        assert run(capsys, "--db", book, *argv, tmp_path / name)[0] == 0
        assert mode(tmp_path / name) == 0o600, name
