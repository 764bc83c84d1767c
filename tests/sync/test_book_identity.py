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
        # This file is the device's book from now on: a new book where it was is not the original.
        assert read_sync_state(book).book_path == str(moved.resolve())
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
        # Ben's change and anna's the server holds pass; the copy's own under anna's node (the
        # contact: its first stage is implied, issue 15) does not.
        assert result.refused == 1 and count_waiting_changes(copy) == 1
        again = sync(team_server, copy)  # refused again, and the sync still ends
        assert again.refused == 1 and again.pushed == 0
        sync(team_server, anna)
        names = sorted(r[0] for r in anna.conn.execute("SELECT display_name FROM contacts"))
        assert names == ["Ben's"]
    finally:
        copy.close()


@pytest.mark.parametrize("disconnect_first", [True, False], ids=["after-disconnect", "while-connected"])
def test_the_same_book_reconnects_as_the_same_device(team_server, make_book, disconnect_first):
    from core.sync.state import count_waiting_changes

    anna = paired(team_server, make_book, "anna")
    for i in range(5):
        add_contact(anna, display_name=f"Contact {i}")
    sync(team_server, anna)
    device_id, node = read_sync_state(anna).device_id, anna.node_id
    if disconnect_first:
        disconnect(anna)
    add_contact(anna, display_name="While away")
    connection = connect(anna, team_server.url, team_server.invite(), "Anna's new name", team_server.transport)
    assert connection.reused and not connection.new_node
    assert connection.device_id == device_id and anna.node_id == node
    devices = team_server.store.list_devices(team_server.team)
    assert [(d.device_id, d.name) for d in devices] == [(device_id, "Anna's new name")]
    # Only what the server lacks goes out: the contact written while away (its first stage is implied).
    assert count_waiting_changes(anna) == 1
    result = sync(team_server, anna)
    assert result.pushed == 1 and result.pulled <= 1 and not result.count_mismatch  # pulled: its own, echoed


@pytest.mark.parametrize("disconnect_first", [True, False], ids=["after-disconnect", "while-connected"])
def test_another_teams_contacts_are_not_shared_without_asking(team_server, make_book, disconnect_first):
    from core.sync.identity import SharingNotConfirmed

    anna = paired(team_server, make_book, "anna")
    for i in range(3):
        add_contact(anna, display_name=f"Fair team's {i}")
    sync(team_server, anna)
    if disconnect_first:
        disconnect(anna)
    other = team_server.store.add_team("Other team")
    code = team_server.store.create_pairing_code(other)
    with pytest.raises(SharingNotConfirmed) as raised:
        connect(anna, team_server.url, code, "Anna's laptop", team_server.transport)
    assert (raised.value.count, raised.value.old_team, raised.value.new_team) == (3, "Fair team", "Other team")
    assert "3 contacts from team Fair team" in str(raised.value)
    assert team_server.store.list_devices(other) == [] and team_server.store.team_head(other.team_id) == (0, 0)
    assert read_sync_state(anna).connected is not disconnect_first
    # The same book back to its own team is not asked; agreeing uses the same code, which was only checked.
    connection = connect(anna, team_server.url, code, "Anna's laptop", team_server.transport, share_contacts=True)
    assert connection.team_name == "Other team"
    sync(team_server, anna)
    assert team_server.store.team_head(other.team_id)[0] > 0


def test_a_book_back_to_its_own_team_or_never_synced_is_not_asked(team_server, make_book):
    anna = paired(team_server, make_book, "anna")
    add_contact(anna, display_name="Li Wei")
    sync(team_server, anna)
    disconnect(anna)
    connect(anna, team_server.url, team_server.invite(), "Anna's laptop", team_server.transport)
    fresh = make_book("fresh")
    add_contact(fresh, display_name="Own contact")
    connect(fresh, team_server.url, team_server.invite(), "Fresh laptop", team_server.transport)


def test_the_cli_refuses_to_share_another_teams_contacts_without_yes(capsys, tmp_path, team_server, monkeypatch):
    from core.cli.sync import EXIT_PAIRING
    from main import main
    import core.cli.sync as cli_sync

    monkeypatch.setattr(cli_sync, "_factory", lambda allow: team_server.transport)
    book = tmp_path / "anna.db"
    args = ["--db", str(book), "connect", team_server.url, "--allow-plain-http", "--name", "Anna's laptop"]
    assert main([*args, "--code", team_server.invite()]) == 0
    assert main(["--db", str(book), "add-contact", "--name", "Li Wei"]) == 0
    assert main(["--db", str(book), "sync"]) == 0
    assert main(["--db", str(book), "disconnect"]) == 0
    out = capsys.readouterr().out
    assert main([*args, "--code", team_server.invite()]) == 0
    assert "same device again" in capsys.readouterr().out
    code = team_server.store.create_pairing_code(team_server.store.add_team("Other team"))
    assert main([*args, "--code", code]) == EXIT_PAIRING
    err = capsys.readouterr().err
    assert "1 contact from team Fair team" in err and "team Other team" in err and "--yes" in err
    assert main([*args, "--code", code, "--yes"]) == 0
    assert "Connected to team Other team" in capsys.readouterr().out
    assert out


def test_a_revoked_book_paired_again_sends_what_it_wrote_while_revoked(team_server, make_book):
    # Seen by a newcomer: revoked, then "connect again with a new code" said "a copy" and the
    # contact written in between was refused for good (stamped with the revoked device's node).
    from core.sync.state import count_waiting_changes

    anna, ben = paired(team_server, make_book, "anna"), paired(team_server, make_book, "ben")
    add_contact(anna, display_name="Before")
    sync(team_server, anna)
    device_id, node = read_sync_state(anna).device_id, anna.node_id
    team_server.store.revoke_device(device_id)
    add_contact(anna, display_name="While revoked")
    connection = connect(anna, team_server.url, team_server.invite(), "Anna's laptop", team_server.transport)
    assert connection.reused and not connection.new_node and anna.node_id == node
    result = sync(team_server, anna)
    assert result.refused == 0 and result.pushed == 1 and count_waiting_changes(anna) == 0
    sync(team_server, ben)
    names = sorted(r[0] for r in ben.conn.execute("SELECT display_name FROM contacts"))
    assert names == ["Before", "While revoked"]
    devices = team_server.store.list_devices(team_server.team)
    assert [(d.device_id, d.revoked_at) for d in devices if d.node == node] == [(device_id, None)]


def test_a_copy_of_a_revoked_book_still_pairs_as_a_new_device(team_server, make_book, tmp_path):
    anna = paired(team_server, make_book, "anna")
    add_contact(anna, display_name="Before")
    sync(team_server, anna)
    team_server.store.revoke_device(read_sync_state(anna).device_id)
    copy = copy_book(anna, tmp_path / "copy" / "fairmate.db")
    try:
        connection = connect(copy, team_server.url, team_server.invite(), "Copy", team_server.transport)
        assert connection.new_node and not connection.reused
        revoked = [d for d in team_server.store.list_devices(team_server.team) if d.node == anna.node_id]
        assert revoked[0].revoked_at is not None
    finally:
        copy.close()
