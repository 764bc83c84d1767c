"""A contact created without a first-stage row (issue 15) shows the same history on every book."""

from __future__ import annotations

from core.book.activity import change_stage, list_stage_history
from core.book.contacts import add_contact
from core.sync.engine import connect, open_transport, sync_once


def paired(server, make_book, name):
    db = make_book(name)
    connect(db, server.url, server.invite(), f"{name}'s laptop", server.transport)
    return db


def sync(server, db):
    return sync_once(db, open_transport(db, server.transport))


def test_the_implied_first_stage_reaches_a_second_book(team_server, make_book):
    anna, ben = paired(team_server, make_book, "anna"), paired(team_server, make_book, "ben")
    quiet = add_contact(anna, display_name="Li Wei")
    moved = add_contact(anna, display_name="Ana Costa", met_on="2025-03-01")
    change_stage(anna, moved, "rapport", when="2025-06-01T10:00:00+00:00")
    sync(team_server, anna)
    sync(team_server, ben)
    for contact in (quiet, moved):
        assert list_stage_history(ben, contact) == list_stage_history(anna, contact)
    assert [h["stage"] for h in list_stage_history(ben, moved)] == ["met", "rapport"]
    assert [h["stage"] for h in list_stage_history(ben, quiet)] == ["met"]
    # Only the change travelled as a row.
    assert ben.conn.execute("SELECT count(*) FROM stage_history").fetchone()[0] == 1
