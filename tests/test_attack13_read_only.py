"""attack13: encrypt and demo-data on a book on read-only media say "read-only" (exit 5), like every write."""

import pytest

from core.book.contacts import add_contacts
from core.store import cipher
from core.store.db import open_database
from safety_helpers import can_freeze, file_digest, frozen, run

pytestmark = pytest.mark.skipif(not can_freeze(), reason="cannot make files read-only here")


@pytest.fixture
def book(tmp_path, monkeypatch):
    monkeypatch.setenv(cipher.KEYRING_ENV, "file")
    monkeypatch.setenv(cipher.PASSPHRASE_ENV, "tulip harbour 42")
    monkeypatch.setattr(cipher, "_PASSPHRASES", {})
    folder = tmp_path / "stick"
    folder.mkdir()
    path = folder / "book.db"
    db = open_database(path)
    add_contacts(db, [{"display_name": "Anna Weber"}, {"display_name": "Mei Chen"}])
    db.close()
    return path


@pytest.mark.parametrize("command", [["encrypt", "--no-keyring"], ["demo-data", "--contacts", "5"]])
def test_a_write_command_on_read_only_media_says_read_only(capsys, book, command):
    before = file_digest(book)
    with frozen(book, book.parent):
        code, out, err = run(capsys, "--db", book, *command)
    # encrypt said "… is open in another window or command: close it there first" (exit 1);
    # demo-data said "book.db.<id>.lock: Read-only file system" (exit 1).
    assert (code, err.count("\n")) == (5, 1) and "read-only" in err, (code, err)
    assert file_digest(book) == before
