"""A book is one device: a copy cannot use or delete the original's token, the same book reconnects as itself,
another team's contacts are not shared without asking, and a device cannot stamp as another."""

from __future__ import annotations

import shutil

import pytest

from core.book.contacts import add_contact, update_contact
from core.store.db import open_database
from core.sync import credentials
from core.sync.engine import connect, disconnect, load_device_token, open_transport, sync_once
from core.sync.state import read_sync_state


@pytest.fixture
def memory_keyring(monkeypatch):
    """A keyring in memory in place of the OS's (never the real one)."""
    import keyring
    from keyring.backend import KeyringBackend

    class MemoryKeyring(KeyringBackend):
        priority = 1

        def __init__(self):
            super().__init__()
            self.entries = {}

        def set_password(self, service, username, password):
            self.entries[(service, username)] = password

        def get_password(self, service, username):
            return self.entries.get((service, username))

        def delete_password(self, service, username):
            self.entries.pop((service, username), None)

    monkeypatch.delenv(credentials.KEYRING_ENV, raising=False)
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def paired(server, make_book, name):
    db = make_book(name)
    connect(db, server.url, server.invite(), f"{name}'s laptop", server.transport)
    return db


def sync(server, db):
    return sync_once(db, open_transport(db, server.transport))


def copy_book(db, target):
    """A byte copy of *db*'s file (as a user copies it), opened."""
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(db.path, target)
    return open_database(target)


@pytest.mark.parametrize("where", ["keyring", "file"])
def test_a_copied_book_cannot_use_or_delete_the_original_token(team_server, make_book, tmp_path, request, where):
    if where == "keyring":
        request.getfixturevalue("memory_keyring")
    anna = paired(team_server, make_book, "anna")
    add_contact(anna, display_name="Original")
    sync(team_server, anna)
    target = tmp_path / "elsewhere" / "fairmate.db"
    if where == "file":  # the whole folder copied: the token file too
        target.parent.mkdir()
        shutil.copyfile(credentials.token_file(anna.path), credentials.token_file(target))
    copy = copy_book(anna, target)
    try:
        assert load_device_token(copy) is None
        with pytest.raises(credentials.BookCopied) as raised:
            open_transport(copy, team_server.transport)
        assert str(anna.path) in str(raised.value)
        # The copy is a device of its own now (a new node), not connected until it pairs again.
        assert copy.node_id != anna.node_id and not read_sync_state(copy).connected
        disconnect(copy)
        # The original still syncs with its token.
        update_contact(anna, anna.conn.execute("SELECT id FROM contacts").fetchone()[0], city="Lyon")
        assert sync(team_server, anna).pushed > 0
        # The copy pairs again as a device of its own; both converge.
        connection = connect(copy, team_server.url, team_server.invite(), "copy", team_server.transport)
        assert connection.device_id != read_sync_state(anna).device_id
        sync(team_server, copy)
        sync(team_server, anna)
        names = [r[0] for r in copy.conn.execute("SELECT city FROM contacts")]
        assert names == ["Lyon"]
    finally:
        copy.close()


def test_a_moved_book_keeps_its_token(team_server, make_book, tmp_path, memory_keyring):
    anna = paired(team_server, make_book, "anna")
    sync(team_server, anna)
    path = anna.path
    anna.close()
    moved = tmp_path / "moved" / "fairmate.db"
    moved.parent.mkdir()
    shutil.move(path, moved)
    book = open_database(moved)
    try:
        assert load_device_token(book)
        sync(team_server, book)
    finally:
        book.close()


def test_a_copy_cannot_send_what_it_wrote_as_the_original(team_server, make_book, tmp_path):
    from core.sync.state import count_waiting_changes

    anna = paired(team_server, make_book, "anna")
    ben = paired(team_server, make_book, "ben")
    add_contact(ben, display_name="Ben's")
    sync(team_server, ben)
    sync(team_server, anna)
    copy = copy_book(anna, tmp_path / "copy" / "fairmate.db")  # no token beside it
    try:
        disconnect(copy)
        add_contact(copy, display_name="Written as Anna's laptop")  # stamped with anna's node
        connect(copy, team_server.url, team_server.invite(), "copy", team_server.transport)
        assert copy.node_id != anna.node_id
        result = sync(team_server, copy)
        # Ben's change and anna's the server holds pass; the copy's own under anna's node do not.
        assert result.refused == 2 and count_waiting_changes(copy) == 2
        again = sync(team_server, copy)  # refused again, and the sync still ends
        assert again.refused == 2 and again.pushed == 0
        sync(team_server, anna)
        names = sorted(r[0] for r in anna.conn.execute("SELECT display_name FROM contacts"))
        assert names == ["Ben's"]
    finally:
        copy.close()
