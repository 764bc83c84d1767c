import sqlite3

import pytest
import sqlite_utils

from core.store.db import DatabaseError, open_database, write_transaction
from core.store.migrations import MIGRATIONS


def test_new_file_is_migrated_with_wal_and_foreign_keys(file_db):
    assert MIGRATIONS.pending(file_db) == []
    assert file_db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert file_db.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert {"contacts", "companies", "changes", "contact_search"} <= set(file_db.table_names())


def test_a_book_file_gets_a_page_cache_that_holds_its_search_pages(file_db, tmp_path):
    # The default 2 MB made every search over a large book read its index pages again.
    from core.store.db import CACHE_KIB, _connect_read_only

    assert file_db.conn.execute("PRAGMA cache_size").fetchone()[0] == -CACHE_KIB
    reader = _connect_read_only(file_db.path)
    assert reader.execute("PRAGMA cache_size").fetchone()[0] == -CACHE_KIB
    reader.close()


def test_missing_folder_is_a_clear_error_and_creates_nothing(tmp_path):
    target = tmp_path / "no" / "such" / "fairmate.db"
    with pytest.raises(DatabaseError, match="does not exist"):
        open_database(target)
    assert not (tmp_path / "no").exists()


def test_not_a_database_is_a_clear_error(tmp_path):
    bogus = tmp_path / "notes.db"
    bogus.write_text("this is not sqlite " * 100)
    with pytest.raises(DatabaseError, match="notes.db"):
        open_database(bogus)


def test_existing_file_is_backed_up_before_a_pending_migration(tmp_path):
    path = tmp_path / "fairmate.db"
    db = sqlite_utils.Database(path)
    MIGRATIONS.apply(db, stop_before="0002_contact_search_index")
    db.conn.execute("INSERT INTO device(key, value) VALUES ('marker', 'kept')")
    db.conn.commit()
    db.close()

    reopened = open_database(path)
    backups = list(tmp_path.glob("fairmate.db.backup-*"))
    assert len(backups) == 1
    copy = sqlite3.connect(backups[0])
    assert copy.execute("SELECT value FROM device WHERE key='marker'").fetchone() == ("kept",)
    assert "contact_search" not in {r[0] for r in copy.execute("SELECT name FROM sqlite_master")}
    assert reopened.conn.execute("SELECT count(*) FROM contact_search").fetchone() == (0,)


def test_no_backup_when_nothing_is_pending(tmp_path):
    path = tmp_path / "fairmate.db"
    open_database(path).close()
    open_database(path).close()
    assert list(tmp_path.glob("*.backup-*")) == []


def test_node_id_is_stable_across_opens(tmp_path):
    path = tmp_path / "fairmate.db"
    first = open_database(path)
    node = first.node_id
    first.close()
    assert open_database(path).node_id == node


def test_write_transaction_rolls_back_everything_on_error(fresh_db):
    with pytest.raises(RuntimeError):
        with write_transaction(fresh_db):
            fresh_db.conn.execute("INSERT INTO settings(key, value) VALUES ('a', '1')")
            with write_transaction(fresh_db):
                fresh_db.conn.execute("INSERT INTO settings(key, value) VALUES ('b', '2')")
            raise RuntimeError("boom")
    assert fresh_db.conn.execute("SELECT count(*) FROM settings").fetchone() == (0,)


def test_a_failed_commit_leaves_no_transaction_open(file_db):
    # A deferred foreign key makes COMMIT itself fail, as a full disk would.
    with pytest.raises(sqlite3.IntegrityError):
        with write_transaction(file_db):
            file_db.conn.execute("PRAGMA defer_foreign_keys = ON")
            file_db.conn.execute(
                "INSERT INTO follow_ups(id, created_at, modified, contact_id, due_at) "
                "VALUES ('f', 'x', 'x', 'no-such-contact', 'x')")
    assert not file_db.conn.in_transaction
    with write_transaction(file_db):
        file_db.conn.execute("INSERT INTO settings(key, value) VALUES ('kept', '1')")
    file_db.conn.close()
    reopened = open_database(file_db.path)
    assert reopened.conn.execute("SELECT value FROM settings WHERE key = 'kept'").fetchone() == ("1",)


def test_opening_a_migrated_book_and_reading_it_needs_no_sqlite_utils(file_db):
    import subprocess
    import sys

    file_db.close()
    script = ("import sys\nfrom core.store.db import open_database\n"
              "from core.book.summaries import get_contact_summaries, list_contact_rowids\n"
              "from core.book.settings import DISPLAY_LOCALE, get_setting\n"
              f"db = open_database({str(file_db.path)!r})\n"
              "get_contact_summaries(db, list_contact_rowids(db)); get_setting(db, DISPLAY_LOCALE.key)\n"
              "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlite_utils', 'click')))")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_the_sqlite_utils_api_works_on_the_same_connection(fresh_db):
    assert fresh_db.conn.execute("PRAGMA recursive_triggers").fetchone()[0] == 1  # as sqlite-utils sets it
    assert fresh_db["contacts"].count == 0
    with pytest.raises(sqlite3.IntegrityError):
        with write_transaction(fresh_db):
            fresh_db.conn.execute("INSERT INTO device(key, value) VALUES ('a', '1')")
            with fresh_db.atomic():  # a savepoint in the same transaction
                fresh_db.execute("INSERT INTO device(key, value) VALUES ('b', '2')")
            fresh_db.execute("INSERT INTO device(key, value) VALUES ('a', 'again')")
    assert fresh_db.conn.execute("SELECT count(*) FROM device WHERE key IN ('a', 'b')").fetchone()[0] == 0
    with pytest.raises(AttributeError):
        fresh_db.no_such_method  # noqa: B018


def test_pending_migrations_are_the_ones_sqlite_utils_sees_as_pending(tmp_path):
    db = sqlite_utils.Database(tmp_path / "old.db")
    assert MIGRATIONS.pending(db) == MIGRATIONS.names()  # no migrations table yet
    MIGRATIONS.apply(db, stop_before="0005_contact_merges")
    reference = sqlite_utils.Migrations("fairmate")
    for name in MIGRATIONS.names():
        reference(name=name)(lambda _db: None)
    assert MIGRATIONS.pending(db) == [m.name for m in reference.pending(db)]
    assert MIGRATIONS.pending(db)[0] == "0005_contact_merges"
    assert MIGRATIONS.applied(db) == MIGRATIONS.names()[:MIGRATIONS.names().index("0005_contact_merges")]
    db.conn.execute("INSERT INTO _sqlite_migrations(migration_set, name, applied_at) VALUES ('other', 'x', '')")
    assert "x" not in MIGRATIONS.applied(db)  # another set's migrations are not ours
    with pytest.raises(ValueError):
        MIGRATIONS(name="0001_initial_schema")(lambda _db: None)


def test_a_book_from_a_newer_version_opens_for_reading_only_and_is_left_untouched(tmp_path):
    import sqlite3

    from core.book.contacts import add_contact, list_contacts
    from core.store.db import ReadOnlyBook, open_database

    path = tmp_path / "book.db"
    db = open_database(path)
    add_contact(db, display_name="Li Wei")
    db.close()
    conn = sqlite3.connect(path)
    conn.execute("INSERT INTO _sqlite_migrations(migration_set, name, applied_at) "
                 "VALUES ('fairmate', '0099_from_the_future', '2027-01-01')")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    db = open_database(path)
    assert "newer version of Fairmate" in db.read_only and str(path) in db.read_only
    assert [c["display_name"] for c in list_contacts(db)] == ["Li Wei"]
    with pytest.raises(ReadOnlyBook):
        add_contact(db, display_name="Ana")
    db.close()
    assert path.read_bytes() == before


def test_another_programs_sqlite_file_is_refused_and_left_untouched(tmp_path):
    import sqlite3

    from core.store.db import APPLICATION_ID, DatabaseError, open_database

    places = tmp_path / "places.sqlite"
    conn = sqlite3.connect(places)
    conn.execute("CREATE TABLE moz_places(id INTEGER PRIMARY KEY, url TEXT)")
    conn.execute("INSERT INTO moz_places(url) VALUES ('https://example.com')")
    conn.commit()
    conn.close()
    before = places.read_bytes()
    with pytest.raises(DatabaseError) as error:
        open_database(places)
    assert "not a Fairmate book" in str(error.value) and "moz_places" in str(error.value)
    assert places.read_bytes() == before and not (tmp_path / "places.sqlite-wal").exists()
    # A book is marked as one, and an older unmarked book still opens (by its migrations).
    book = tmp_path / "book.db"
    open_database(book).close()
    assert sqlite3.connect(book).execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    conn = sqlite3.connect(book)
    conn.execute("PRAGMA application_id = 0")
    conn.commit()
    conn.close()
    open_database(book).close()
    assert sqlite3.connect(book).execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
