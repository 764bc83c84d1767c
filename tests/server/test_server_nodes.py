"""A device cannot stamp changes as another device of its team (both stores, and over HTTP)."""

from __future__ import annotations

from core.server.storage import prepare_change
from tests.server.wire_changes import make_change


def _pair(store, team, name, node):
    return store.pair_device(store.create_pairing_code(team), name, node)


def test_changes_stamped_with_another_devices_node_are_refused_unless_held(store):
    team = store.add_team("Sales")
    anna = _pair(store, team, "Anna's laptop", "annanode")
    ben = _pair(store, team, "Ben's laptop", "bennode")
    annas = prepare_change(make_change("annanode", city="Lyon"))
    acks, head = store.push_changes(team.team_id, anna.device_id, [annas])
    assert acks == [(annas.change_id, 1)] and head == 1
    # Ben re-sends Anna's change the server holds (after a restore the protocol allows that): acknowledged.
    forged = prepare_change(make_change("annanode", city="Paris"))
    own = prepare_change(make_change("bennode", city="Nice"))
    stranger = prepare_change(make_change("somebookelse", city="Metz"))  # a node no device of the team has
    acks, head = store.push_changes(team.team_id, ben.device_id, [annas, forged, own, stranger])
    # A change Ben stamped as Anna's laptop is not stored and not acknowledged; the rest is.
    assert acks == [(annas.change_id, 1), (own.change_id, 2), (stranger.change_id, 3)] and head == 3
    rows, _head, _more = store.pull_changes(team.team_id, 0, None, 100)
    assert forged.change_id not in "".join(row.text for row in rows)
    # Anna may send it herself.
    acks, head = store.push_changes(team.team_id, anna.device_id, [forged])
    assert acks == [(forged.change_id, 4)]
    # After a restore, Ben passes on an Anna change he received (her laptop may be gone): taken.
    received = prepare_change(make_change("annanode", city="Caen"))
    acks, head = store.push_changes(team.team_id, ben.device_id, [received], relayed=frozenset({received.change_id}))
    assert acks == [(received.change_id, 5)]
