"""One suite, both stores (SQLite and PostgreSQL): teams, pairing, tokens, seqs, pulls."""

from __future__ import annotations

import json
import threading

import pytest

from core.server.storage import (BadCode, CursorMismatch, NodeTaken, StoreError, UnknownDevice, UnknownTeam,
                                 hash_token, normalize_code, prepare_change)
from core.sync import protocol
from tests.server.wire_changes import make_change, make_changes


def _incoming(changes):
    return [prepare_change(c) for c in changes]


def _paired(store, team_name="Sales", node="a1b2c3d4e5f6", device_name="Anna's laptop"):
    team = store.add_team(team_name) if not any(t.name == team_name for t in store.list_teams()) \
        else store.find_team(team_name)
    return store.pair_device(store.create_pairing_code(team), device_name, node)


def test_the_schema_is_made_once_and_the_epoch_kept(store):
    epoch = store.epoch()
    store.create_schema()
    assert store.epoch() == epoch
    renewed = store.new_epoch()
    assert renewed != epoch and store.epoch() == renewed


def test_team_names_are_unique_and_found_by_name_or_id(store):
    team = store.add_team("Sales")
    with pytest.raises(StoreError):
        store.add_team("Sales")
    assert store.find_team("Sales") == team == store.find_team(team.team_id)
    with pytest.raises(UnknownTeam):
        store.find_team("Nobody")
    assert [t.name for t in store.list_teams()] == ["Sales"]


def test_a_pairing_code_is_one_time_and_gives_a_token_stored_only_hashed(store):
    team = store.add_team("Sales")
    code = store.create_pairing_code(team)
    pairing = store.pair_device(code.lower().replace("-", " "), "Anna's laptop", "node1")
    assert pairing.team == team
    device = store.authenticate(pairing.token)
    assert (device.device_id, device.team_id, device.name, device.node) == \
        (pairing.device_id, team.team_id, "Anna's laptop", "node1")
    with pytest.raises(BadCode):
        store.pair_device(code, "Ben's laptop", "node2")
    with store.read() as cur:
        stored = [row[0] for row in store.run(cur, "SELECT token_hash FROM devices")]
        codes = [row[0] for row in store.run(cur, "SELECT code_hash FROM pairing_codes")]
    assert stored == [hash_token(pairing.token)]
    assert normalize_code(code) not in codes[0] and codes[0].startswith("$argon2")


def test_a_wrong_or_expired_code_pairs_nothing(store):
    team = store.add_team("Sales")
    code = store.create_pairing_code(team, ttl_s=600)
    with pytest.raises(BadCode):
        store.pair_device("AAAA-BBBB-CCCC-DDDD", "x", "node1")
    real_clock = store.clock
    store.clock = lambda: real_clock() + 601_000
    with pytest.raises(BadCode):
        store.pair_device(code, "x", "node1")
    assert store.list_devices(team) == []


def test_a_node_paired_already_in_the_team_is_refused_and_the_code_stays_usable(store):
    first = _paired(store, node="node1")
    team = first.team
    code = store.create_pairing_code(team)
    with pytest.raises(NodeTaken):
        store.pair_device(code, "copied book", "node1")
    second = store.pair_device(code, "copied book", "node2")
    assert [d.device_id for d in store.list_devices(team)] == [first.device_id, second.device_id]
    # Another team may hold the same node.
    assert _paired(store, "Support", node="node1").team.name == "Support"


def test_a_revoked_device_no_longer_authenticates(store):
    pairing = _paired(store)
    device = store.revoke_device(pairing.device_id)
    assert device.revoked_at is not None
    assert store.authenticate(pairing.token) is None
    assert store.authenticate("") is None and store.authenticate("nope") is None
    assert store.list_devices(pairing.team)[0].revoked_at == device.revoked_at
    with pytest.raises(UnknownDevice):
        store.revoke_device("no-such-device")


def test_push_hands_out_gap_free_seqs_and_is_idempotent_by_change_id(store):
    pairing = _paired(store)
    team_id = pairing.team.team_id
    changes = make_changes(3)
    acks, head = store.push_changes(team_id, pairing.device_id, _incoming(changes))
    assert acks == [(c["change_id"], i) for i, c in enumerate(changes, 1)] and head == 3
    again = make_change()
    # Sent twice in one batch and once more later: the first seq holds.
    acks, head = store.push_changes(team_id, pairing.device_id, _incoming([changes[1], again, again]))
    assert acks == [(changes[1]["change_id"], 2), (again["change_id"], 4), (again["change_id"], 4)]
    assert head == 4
    assert store.team_head(team_id) == (4, 4)
    assert store.push_changes(team_id, pairing.device_id, []) == ([], 4)


def test_pull_pages_in_order_and_returns_the_change_as_sent(store):
    pairing = _paired(store)
    team_id = pairing.team.team_id
    changes = make_changes(5)
    changes[0]["replaced"] = {"emails": ["x"]}  # a key this version does not know passes on
    store.push_changes(team_id, pairing.device_id, _incoming(changes))
    rows, head, more = store.pull_changes(team_id, 0, None, 2)
    assert [r.seq for r in rows] == [1, 2] and head == 5 and more
    assert json.loads(rows[0].text) == changes[0]
    rows, head, more = store.pull_changes(team_id, 2, changes[1]["change_id"], 10)
    assert [r.seq for r in rows] == [3, 4, 5] and not more
    assert store.pull_changes(team_id, 5, changes[4]["change_id"], 10) == ([], 5, False)
    # The limit is capped; at least one row comes.
    assert len(store.pull_changes(team_id, 0, None, 0)[0]) == 1


def test_pull_refuses_a_cursor_the_server_does_not_hold(store):
    pairing = _paired(store)
    team_id = pairing.team.team_id
    changes = make_changes(2)
    store.push_changes(team_id, pairing.device_id, _incoming(changes))
    for after, change_id in ((3, None), (2, changes[0]["change_id"]), (1, "other"), (0, "other")):
        with pytest.raises(CursorMismatch) as caught:
            store.pull_changes(team_id, after, change_id, 10)
        assert caught.value.head == 2


def test_pull_stops_near_the_page_size(store, monkeypatch):
    pairing = _paired(store)
    team_id = pairing.team.team_id
    store.push_changes(team_id, pairing.device_id, _incoming(make_changes(4)))
    size = len(store.pull_changes(team_id, 0, None, 1)[0][0].text)
    monkeypatch.setattr(protocol, "PULL_PAGE_BYTES", size * 2 + 1)
    rows, _head, more = store.pull_changes(team_id, 0, None, 10)
    assert len(rows) == 2 and more


def test_two_teams_never_see_each_others_changes(store):
    sales = _paired(store, "Sales", node="n1")
    support = _paired(store, "Support", node="n2")
    shared = make_change()
    store.push_changes(sales.team.team_id, sales.device_id, _incoming([shared, make_change()]))
    # The same change id in another team is another change, with that team's seq.
    acks, head = store.push_changes(support.team.team_id, support.device_id, _incoming([shared]))
    assert acks == [(shared["change_id"], 1)] and head == 1
    assert [r.seq for r in store.pull_changes(support.team.team_id, 0, None, 10)[0]] == [1]
    assert store.team_head(sales.team.team_id) == (2, 2)
    with pytest.raises(UnknownTeam):
        store.push_changes("no-such-team", sales.device_id, _incoming([make_change()]))


def test_concurrent_pushes_get_unique_gap_free_seqs(store):
    pairings = [_paired(store, node=f"node{i}") for i in range(4)]
    team_id = pairings[0].team.team_id
    acked: list[tuple[str, int]] = []
    lock = threading.Lock()

    def push(pairing):
        for _ in range(10):
            acks, _head = store.push_changes(team_id, pairing.device_id,
                                             _incoming(make_changes(25, node=pairing.device_id[-8:])))
            with lock:
                acked.extend(acks)

    threads = [threading.Thread(target=push, args=(p,)) for p in pairings]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(seq for _id, seq in acked) == list(range(1, 1001))
    seen, after, change_id = [], 0, None
    while True:
        rows, head, more = store.pull_changes(team_id, after, change_id, 300)
        seen.extend(rows)
        if not more:
            break
        after, change_id = rows[-1].seq, json.loads(rows[-1].text)["change_id"]
    assert [r.seq for r in seen] == list(range(1, 1001))
    assert {json.loads(r.text)["change_id"]: r.seq for r in seen} == dict(acked)


def test_a_code_used_by_several_devices_at_once_pairs_exactly_one(store):
    team = store.add_team("Sales")
    code = store.create_pairing_code(team)
    outcomes: list[str] = []

    def pair(i):
        try:
            store.pair_device(code, f"laptop {i}", f"node{i}")
            outcomes.append("paired")
        except BadCode:
            outcomes.append("bad_code")

    threads = [threading.Thread(target=pair, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["bad_code"] * 5 + ["paired"]
    assert len(store.list_devices(team)) == 1


def test_an_erasure_overwrites_every_earlier_value_of_the_erased_rows(store):
    from core.book.activity import log_interaction
    from core.book.contacts import add_contact, update_contact
    from core.book.erasure import erase_contact
    from core.store.wire import export_changes
    from tests.receive_books import new_book

    pairing = _paired(store)
    team_id = pairing.team.team_id
    book = new_book()
    person = add_contact(book, display_name="Erasmus Quiblet", notes="Loves sailing")
    update_contact(book, person, city="Quibletton")
    log_interaction(book, person, kind="call", summary="Quiblet called")
    sent, last = export_changes(book)
    store.push_changes(team_id, pairing.device_id, _incoming(sent))
    erase_contact(book, person)
    erasures, _last = export_changes(book, last)
    store.push_changes(team_id, pairing.device_id, _incoming(erasures))
    # A device that had not heard of the erasure edits the person afterwards: kept without its values.
    late = make_change(city="Quiblet Street")
    late["row_id"] = person
    store.push_changes(team_id, pairing.device_id, _incoming([late]))
    rows, head, _more = store.pull_changes(team_id, 0, None, 1000)
    assert head == len(sent) + len(erasures) + 1 == len(rows)
    bodies = [json.loads(row.text) for row in rows]
    text = "\n".join(row.text for row in rows)
    assert "Quiblet" not in text and "sailing" not in text
    assert {b["row_id"] for b in bodies if b["fields"].get("erased_at")} >= {person}
    assert [b["fields"] for b in bodies if b["change_id"] == late["change_id"]] == [{}]
    if hasattr(store, "path"):  # the SQLite store: not in the file either, once closed (its WAL emptied)
        store.close()
        data = b"".join(p.read_bytes() for p in store.path.parent.glob(store.path.name + "*"))
        assert b"Quiblet" not in data and b"sailing" not in data


def test_the_postgres_store_recovers_when_the_database_restarts(postgres_store, pg_cluster):
    # Seen by a newcomer: PostgreSQL restarted under `fairmate serve --postgres`, and every request
    # answered 500 ("the connection is closed") until the sync server itself was restarted.
    import psycopg

    team = postgres_store.add_team("Sales")
    postgres_store.list_teams()  # connections now idle in the pool
    with psycopg.connect(pg_cluster.dsn(), autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                      "WHERE pid <> pg_backend_pid() AND backend_type = 'client backend'")
    for _ in range(3):
        assert postgres_store.list_teams() == [team]
    assert postgres_store.pair_device(postgres_store.create_pairing_code(team), "Anna's laptop", "n1").token
