"""The sync server's endpoints through HTTP (in-process): the contract of docs/sync-protocol.md."""

from __future__ import annotations

import gzip
import json
import warnings

import pytest

with warnings.catch_warnings():
    # Starlette 0.52's testclient names anyio.abc.BlockingPortal, which anyio deprecated: not ours to fix.
    warnings.simplefilter("ignore", DeprecationWarning)
    from starlette.testclient import TestClient

from core.server.app import create_app
from core.sync import protocol
from tests.server.wire_changes import NOW_MS, make_change, make_changes


class Server:
    """An app over a store, a test client, and a fixed server clock."""

    def __init__(self, store):
        self.store = store
        self.now = NOW_MS
        self.client = TestClient(create_app(store, clock=lambda: self.now))

    def pair(self, team_name="Sales", node="a1b2c3d4e5f6", name="Anna's laptop") -> dict:
        """Pair a new device of *team_name* (made when missing); the pair answer plus its headers."""
        try:
            team = self.store.find_team(team_name)
        except Exception:
            team = self.store.add_team(team_name)
        code = self.store.create_pairing_code(team)
        answer = self.client.post("/pair", json={"code": code, "device_name": name, "node": node})
        assert answer.status_code == 200, answer.text
        result = answer.json()
        result["headers"] = {"Authorization": f"Bearer {result['token']}"}
        return result

    def push(self, device, changes, epoch=None):
        """POST /push for *device*."""
        return self.client.post("/push", headers=device["headers"],
                                json={"epoch": epoch or device["epoch"], "changes": changes})

    def pull(self, device, after=0, after_change_id=None, limit=500, epoch=None):
        """POST /pull for *device*."""
        return self.client.post("/pull", headers=device["headers"],
                                json={"epoch": epoch or device["epoch"], "after": after,
                                      "after_change_id": after_change_id, "limit": limit})


@pytest.fixture
def server(sqlite_store):
    """The app over a fresh SQLite store."""
    return Server(sqlite_store)


@pytest.fixture
def any_server(store):
    """The app over each store in turn."""
    return Server(store)


def _hello(server, device, protocol_version=protocol.PROTOCOL):
    return server.client.post("/hello", headers=device["headers"], json={
        "protocol": protocol_version, "schema": "0009_sync_state", "app": "0.1.0",
        "node": "a1b2c3d4e5f6", "time_ms": NOW_MS})


def test_ping_answers_small_without_a_token(server):
    answer = server.client.get("/ping")
    assert answer.status_code == 200 and answer.json() == {"fairmate": 1}
    assert len(answer.content) < 1024


def test_pairing_gives_a_token_the_team_and_the_epoch(server):
    device = server.pair()
    assert device["team_name"] == "Sales" and device["epoch"] == server.store.epoch()
    assert server.store.authenticate(device["token"]).device_id == device["device_id"]


@pytest.mark.parametrize("body, status, error", [
    ({"code": "AAAA-BBBB-CCCC-DDDD", "device_name": "x", "node": "n1"}, 403, "bad_code"),
    ({"code": "AAAA", "device_name": "x"}, 400, "bad_request"),
    ({"code": "AAAA", "device_name": "x", "node": "has-dash"}, 400, "bad_request"),
    ({"code": "AAAA", "device_name": " ", "node": "n1"}, 400, "bad_request"),
])
def test_pairing_refuses_bad_codes_and_bad_bodies(server, body, status, error):
    answer = server.client.post("/pair", json=body)
    assert (answer.status_code, answer.json()["error"]) == (status, error)
    assert answer.json()["message"]


def test_pairing_a_node_twice_answers_node_taken(server):
    server.pair(node="n1")
    code = server.store.create_pairing_code(server.store.find_team("Sales"))
    answer = server.client.post("/pair", json={"code": code, "device_name": "copy", "node": "n1"})
    assert (answer.status_code, answer.json()["error"]) == (409, "node_taken")


def test_hello_tells_the_team_the_time_and_the_head(server):
    device = server.pair()
    server.push(device, make_changes(3))
    answer = _hello(server, device).json()
    assert answer == {"protocol": 1, "min_protocol": 1, "server_time_ms": NOW_MS, "epoch": device["epoch"],
                      "team_id": device["team_id"], "team_name": "Sales", "device_id": device["device_id"],
                      "device_name": "Anna's laptop", "head": 3, "count": 3,
                      "devices": [{"node": "a1b2c3d4e5f6", "name": "Anna's laptop", "revoked": False}]}


def test_an_old_client_is_told_to_update(server, monkeypatch):
    device = server.pair()
    monkeypatch.setattr(protocol, "MIN_PROTOCOL", 2)
    answer = _hello(server, device, protocol_version=1)
    assert answer.status_code == 426 and answer.json()["error"] == "update_required"
    assert answer.json()["message"] == "Update Fairmate to sync with this server."


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic abc"},
                                     {"Authorization": "Bearer "}])
def test_requests_without_a_known_token_are_unauthorized(server, headers):
    for path in ("/hello", "/push", "/pull"):
        answer = server.client.post(path, headers=headers, json={})
        assert (answer.status_code, answer.json()["error"]) == (401, "unauthorized")


def test_push_acks_in_order_and_pull_returns_the_changes(server):
    device = server.pair()
    changes = make_changes(3)
    answer = server.push(device, changes + [changes[0]])
    assert answer.json() == {"acks": [[c["change_id"], i] for i, c in enumerate(changes, 1)]
                             + [[changes[0]["change_id"], 1]], "head": 3}
    page = server.pull(device, limit=2).json()
    assert page["head"] == 3 and page["more"] is True
    assert page["changes"] == [{"seq": 1, "change": changes[0]}, {"seq": 2, "change": changes[1]}]
    page = server.pull(device, 2, changes[1]["change_id"]).json()
    assert page == {"changes": [{"seq": 3, "change": changes[2]}], "head": 3, "more": False}


def test_gzip_bodies_both_ways(server):
    device = server.pair()
    changes = make_changes(50)
    body = gzip.compress(json.dumps({"epoch": device["epoch"], "changes": changes}).encode())
    answer = server.client.post("/push", headers={**device["headers"], "Content-Encoding": "gzip",
                                                  "Content-Type": "application/json"}, content=body)
    assert answer.json()["head"] == 50
    answer = server.client.post("/pull", headers={**device["headers"], "Accept-Encoding": "gzip"},
                                json={"epoch": device["epoch"], "after": 0, "after_change_id": None, "limit": 500})
    assert answer.headers["content-encoding"] == "gzip" and len(answer.json()["changes"]) == 50
    broken = server.client.post("/push", headers={**device["headers"], "Content-Encoding": "gzip"},
                                content=b"not gzip")
    assert (broken.status_code, broken.json()["error"]) == (400, "bad_request")


def test_a_malformed_change_refuses_the_whole_batch_naming_it(server):
    device = server.pair()
    good, bad = make_change(), make_change()
    bad["hlc"] = "yesterday"
    answer = server.push(device, [good, bad])
    assert (answer.status_code, answer.json()["error"]) == (400, "bad_change")
    assert bad["change_id"] in answer.json()["message"]
    assert server.push(device, [good, 7]).json()["message"].startswith("change #1:")
    assert server.store.team_head(device["team_id"]) == (0, 0)


def test_a_stamp_too_far_ahead_refuses_the_batch_with_the_server_time(server):
    device = server.pair()
    fine = make_change(wall_ms=NOW_MS + protocol.MAX_CLOCK_AHEAD_MS)
    ahead = make_change(wall_ms=NOW_MS + protocol.MAX_CLOCK_AHEAD_MS + 1)
    answer = server.push(device, [fine, ahead])
    assert answer.status_code == 409
    assert answer.json() | {"message": ""} == {"error": "clock_ahead", "server_time_ms": NOW_MS,
                                               "change_id": ahead["change_id"], "message": ""}
    assert server.push(device, [fine]).status_code == 200


def test_a_wrong_epoch_or_a_cursor_the_server_lacks_answers_epoch_changed(server):
    device = server.pair()
    changes = make_changes(2)
    server.push(device, changes)
    answer = server.push(device, make_changes(1), epoch="old")
    assert answer.status_code == 409 and answer.json() | {"message": ""} == {
        "error": "epoch_changed", "epoch": device["epoch"], "message": ""}
    for kwargs in ({"epoch": "old"}, {"after": 5}, {"after": 2, "after_change_id": changes[0]["change_id"]}):
        answer = server.pull(device, **kwargs)
        assert answer.status_code == 409
        assert (answer.json()["error"], answer.json()["epoch"], answer.json()["head"]) == \
            ("epoch_changed", device["epoch"], 2)
    new_epoch = server.store.new_epoch()
    assert server.pull(device).json()["epoch"] == new_epoch
    assert server.pull(device, epoch=new_epoch).status_code == 200


def test_oversize_requests_answer_too_large(server, monkeypatch):
    device = server.pair()
    answer = server.push(device, make_changes(protocol.MAX_PUSH_CHANGES + 1))
    assert (answer.status_code, answer.json()["error"]) == (413, "too_large")
    monkeypatch.setattr(protocol, "MAX_BODY_BYTES", 10_000)
    assert server.push(device, make_changes(100)).status_code == 413
    bomb = gzip.compress(b" " * 20_000)
    answer = server.client.post("/push", headers={**device["headers"], "Content-Encoding": "gzip"}, content=bomb)
    assert (answer.status_code, answer.json()["error"]) == (413, "too_large")


@pytest.mark.parametrize("body", [b"[1]", b"{", b'{"epoch": 5}'])
def test_bodies_that_are_not_the_right_json_answer_bad_request(server, body):
    device = server.pair()
    answer = server.client.post("/push", headers=device["headers"], content=body)
    assert (answer.status_code, answer.json()["error"]) == (400, "bad_request")


def test_teams_are_isolated_whatever_the_body_says(any_server):
    server = any_server
    anna = server.pair("Sales", node="n1")
    bob = server.pair("Support", node="n2")
    server.push(anna, make_changes(3, node="n1"))
    # A team id, a device id or a forged seq in the body change nothing: the token decides.
    forged = {"epoch": bob["epoch"], "changes": make_changes(1, node="n2"), "team_id": anna["team_id"],
              "device_id": anna["device_id"]}
    assert server.client.post("/push", headers=bob["headers"], json=forged).json()["head"] == 1
    page = server.client.post("/pull", headers=bob["headers"], json={
        "epoch": bob["epoch"], "after": 0, "after_change_id": None, "limit": 500,
        "team_id": anna["team_id"], "device_id": anna["device_id"]}).json()
    assert [c["change"]["node"] for c in page["changes"]] == ["n2"]
    assert _hello(server, bob).json()["team_id"] == bob["team_id"]
    # Bob's cursor is past Anna's head? No: each team's seqs are its own.
    assert server.pull(bob, after=3).json()["error"] == "epoch_changed"
    # A revoked device neither reads nor writes, and keeps nothing of the other team.
    server.store.revoke_device(anna["device_id"])
    assert server.push(anna, make_changes(1)).status_code == 401
    assert server.pull(anna).status_code == 401
    assert server.store.team_head(anna["team_id"]) == (3, 3)
    assert server.store.team_head(bob["team_id"]) == (1, 1)


def test_json_nested_a_hundred_thousand_deep_is_a_bad_request_not_a_crash(server):
    body = "[" * 100_000 + "]" * 100_000
    answer = server.client.post("/pair", content=body, headers={"Content-Type": "application/json"})
    assert (answer.status_code, answer.json()["error"]) == (400, "bad_request")


def test_a_push_to_a_table_no_team_shares_is_refused(server):
    device = server.pair()
    for table in ("device", "settings", "changes", "phrase_favourites"):
        change = {**make_change(), "table": table}
        answer = server.push(device, [change])
        assert (answer.status_code, answer.json()["error"]) == (400, "bad_change"), table
        assert table in answer.json()["message"]
    # A table this version does not know may be a newer version's: passed on.
    assert server.push(device, [{**make_change(), "table": "voice_notes"}]).status_code == 200


def test_the_server_file_is_private(sqlite_store):
    import os
    import stat

    sqlite_store.add_team("Sales")
    assert stat.S_IMODE(os.stat(sqlite_store.path).st_mode) == 0o600
