"""sync_once, connect and disconnect against the real server app, in-process."""

from __future__ import annotations

import pytest

from core.book.contacts import add_contact, delete_contact, get_contact, update_contact
from core.content.phrase_favourites import add_favourite_phrase, list_favourite_keys
from core.store.changes import REMOTE
from core.store.receive import list_conflicts
from core.sync import credentials
from core.sync.engine import NotConnected, connect, disconnect, load_device_token, open_transport, sync_once
from core.sync.resolve import list_sync_conflicts
from core.sync.state import count_waiting_changes, read_sync_state


def paired(server, make_book, name):
    db = make_book(name)
    connect(db, server.url, server.invite(), f"{name}'s laptop", server.transport)
    return db


def sync(server, db):
    return sync_once(db, open_transport(db, server.transport))


def contact_rows(db):
    return [row for row in db.conn.execute(
        "SELECT id, display_name, city, job_title, phones, deleted_at FROM contacts ORDER BY id")]


def test_two_books_converge_through_the_server(team_server, make_book):
    anna, ben = paired(team_server, make_book, "anna"), paired(team_server, make_book, "ben")
    first = add_contact(anna, display_name="Li Wei", city="Shanghai")
    assert count_waiting_changes(anna) > 0
    steps = []
    result = sync_once(anna, open_transport(anna, team_server.transport), progress=lambda *step: steps.append(step))
    assert result.pushed > 0 and count_waiting_changes(anna) == 0
    assert ("push", result.pushed, None) in steps
    steps = []
    result = sync_once(ben, open_transport(ben, team_server.transport), progress=lambda *step: steps.append(step))
    assert result.pulled == result.head and result.changes.origin == REMOTE
    assert steps and steps[-1] == ("pull", result.head, result.head)
    assert result.changes.touches("contacts")
    assert get_contact(ben, first)["city"] == "Shanghai"
    update_contact(ben, first, job_title="Buyer")
    sync(team_server, ben)
    sync(team_server, anna)
    assert contact_rows(anna) == contact_rows(ben)
    state = read_sync_state(anna)
    assert state.cursor == state_head(team_server) and state.last_sync_at
    # A second sync with nothing new moves nothing.
    again = sync(team_server, anna)
    assert (again.pushed, again.pulled) == (0, 0)


def state_head(server):
    return server.store.team_head(server.team.team_id)[0]


def test_concurrent_edits_keep_the_loser_on_both_books(team_server, make_book):
    anna, ben = paired(team_server, make_book, "anna"), paired(team_server, make_book, "ben")
    contact = add_contact(anna, display_name="Li Wei", city="Shanghai")
    sync(team_server, anna)
    sync(team_server, ben)
    update_contact(anna, contact, city="Beijing")
    update_contact(ben, contact, city="Shenzhen")
    for db in (anna, ben, anna):
        sync(team_server, db)
    assert contact_rows(anna) == contact_rows(ben)
    losers = {(c["field"], c["value"]) for c in list_conflicts(anna)}
    assert losers == {(c["field"], c["value"]) for c in list_conflicts(ben)}
    assert losers and {"Beijing", "Shenzhen"} - {get_contact(anna, contact)["city"]} == {v for _, v in losers}
    # Each side is named by the device that wrote it, as the server calls it.
    [seen_by_anna] = list_sync_conflicts(anna)
    names = {seen_by_anna["current_by"]["device"], seen_by_anna["other_by"]["device"]}
    assert names == {"anna's laptop", "ben's laptop"}


def test_personal_tables_never_leave_the_device(team_server, make_book):
    anna, ben = paired(team_server, make_book, "anna"), paired(team_server, make_book, "ben")
    add_favourite_phrase(anna, "ja", "greeting.hello")
    add_contact(anna, display_name="Sato")
    assert count_waiting_changes(anna) == 1  # the contact (its first stage is implied); not the favourite
    sync(team_server, anna)
    sync(team_server, ben)
    assert list_favourite_keys(ben) == []
    sent = team_server.store.pull_changes(team_server.team.team_id, 0, None, 1000)[0]
    assert all('"phrase_favourites"' not in row.text for row in sent)


def test_a_pulled_page_moves_the_cursor_in_the_apply_transaction(team_server, make_book, monkeypatch):
    anna, ben = paired(team_server, make_book, "anna"), paired(team_server, make_book, "ben")
    for i in range(5):
        add_contact(anna, display_name=f"Contact {i}")
    sync(team_server, anna)
    import core.sync.engine as engine

    def broken(db, changes, **kwargs):
        raise RuntimeError("power cut while applying")

    monkeypatch.setattr(engine, "apply_remote_changes", broken)
    with pytest.raises(RuntimeError):
        sync(team_server, ben)
    assert read_sync_state(ben).cursor == 0  # nothing applied, the cursor did not move
    monkeypatch.undo()
    sync(team_server, ben)
    assert contact_rows(ben) == contact_rows(anna)


def test_a_copied_book_pairs_with_a_new_node_id(team_server, make_book, tmp_path):
    anna = paired(team_server, make_book, "anna")
    add_contact(anna, display_name="Original")
    sync(team_server, anna)
    copy = make_book("copy")
    # The copy holds the same device table (the same node id) as anna's book.
    copy.conn.execute("UPDATE device SET value = ? WHERE key = 'node_id'", (anna.node_id,))
    copy.conn.commit()
    copy.node_id = anna.node_id
    connection = connect(copy, team_server.url, team_server.invite(), "copy", team_server.transport)
    assert connection.new_node and copy.node_id != anna.node_id
    add_contact(copy, display_name="From the copy")
    sync(team_server, copy)
    sync(team_server, anna)
    assert contact_rows(anna) == contact_rows(copy)


def test_disconnect_forgets_the_device_and_keeps_every_change(team_server, make_book):
    anna = paired(team_server, make_book, "anna")
    add_contact(anna, display_name="Kept")
    waiting = count_waiting_changes(anna)
    token_file = credentials.token_file(anna.path)
    assert token_file.exists() and load_device_token(anna)
    assert disconnect(anna)
    assert not token_file.exists()
    assert not read_sync_state(anna).connected
    assert count_waiting_changes(anna) == waiting
    with pytest.raises(NotConnected):
        open_transport(anna, team_server.transport)
    assert not disconnect(anna)


def test_delete_syncs_as_a_tombstone(team_server, make_book):
    anna, ben = paired(team_server, make_book, "anna"), paired(team_server, make_book, "ben")
    contact = add_contact(anna, display_name="Gone soon")
    sync(team_server, anna)
    sync(team_server, ben)
    delete_contact(ben, contact)
    sync(team_server, ben)
    result = sync(team_server, anna)
    assert get_contact(anna, contact) is None
    assert "deleted" in result.changes.kinds["contacts"]


def test_nested_write_transaction_keeps_remote_origin(team_server, make_book):
    """apply_remote_changes inside the engine's own transaction: one operation, origin REMOTE, no undo entry."""
    anna, ben = paired(team_server, make_book, "anna"), paired(team_server, make_book, "ben")
    add_contact(anna, display_name="Remote")
    sync(team_server, anna)
    operations = ben.conn.execute("SELECT count(*) FROM operations").fetchone()[0]
    result = sync(team_server, ben)
    assert result.changes.origin == REMOTE and result.changes.operation_id is None
    assert ben.conn.execute("SELECT count(*) FROM operations").fetchone()[0] == operations
    assert ben.conn.execute("SELECT count(*) FROM changes WHERE op_seq IS NOT NULL").fetchone()[0] == 0


def test_a_pushed_list_edit_carries_the_list_it_replaced(team_server, make_book):
    """The wire form's ``replaced`` (core.store.wire): receivers merge list elements from it."""
    import json

    anna = paired(team_server, make_book, "anna")
    contact = add_contact(anna, display_name="Li Wei", phones=[{"value": "+86 138 0013 8000", "label": ""}])
    sync(team_server, anna)
    update_contact(anna, contact, phones=[{"value": "+86 138 0013 8000", "label": ""},
                                          {"value": "+86 139 1111 2222", "label": ""}])
    sync(team_server, anna)
    stored = [json.loads(row.text) for row in team_server.store.pull_changes(team_server.team.team_id, 0, None, 100)[0]]
    edit = [c for c in stored if c["row_id"] == contact and "phones" in c["fields"] and c.get("base")]
    assert edit and "phones" in edit[-1].get("replaced", {})
