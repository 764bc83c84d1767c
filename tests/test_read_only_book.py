"""A book on read-only media opens read-only: lists work, writes say "read-only" in one line (issue 13, item 6)."""

import pytest

from core.book.contacts import add_contacts
from core.store.db import ReadOnlyBook, open_database
from safety_helpers import can_freeze, file_digest, frozen, run

pytestmark = pytest.mark.skipif(not can_freeze(), reason="cannot make files read-only here")


@pytest.fixture
def book(tmp_path):
    folder = tmp_path / "stick"
    folder.mkdir()
    path = folder / "book.db"
    db = open_database(path)
    add_contacts(db, [{"display_name": "Anna Weber", "city": "Berlin"}, {"display_name": "Mei Chen"}])
    db.close()
    return path


@pytest.mark.parametrize("what", ["folder", "file", "both"])
def test_a_book_on_read_only_media_is_listed_and_never_written(capsys, book, what):
    targets = {"folder": [book.parent], "file": [book], "both": [book, book.parent]}[what]
    before = file_digest(book)
    with frozen(*targets):
        code, out, err = run(capsys, "--db", book, "list")
        assert code == 0 and "Anna Weber" in out and "Mei Chen" in out
        assert "read-only" in err and err.count("\n") == 1
        code, out, err = run(capsys, "--db", book, "add-contact", "--name", "Nobody")
        assert code == 5 and out == "" and err.count("\n") == 1 and "read-only" in err
        db = open_database(book)
        try:
            assert db.read_only and not db.damaged
            with pytest.raises(ReadOnlyBook):
                from core.book.contacts import add_contact
                add_contact(db, display_name="Nobody")
        finally:
            db.close()
    assert file_digest(book) == before


def test_a_new_book_in_a_read_only_folder_is_one_line(capsys, tmp_path):
    folder = tmp_path / "cdrom"
    folder.mkdir()
    with frozen(folder):
        code, out, err = run(capsys, "--db", folder / "new.db", "list")
    assert code == 1 and "read-only" in err and err.count("\n") == 1
