"""Re-stamping unsent changes after a clock_ahead answer: data unchanged, order kept, books still converge."""

from __future__ import annotations

import json
import time

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import core.book.contacts  # noqa: F401  (the derived-data hooks)
from core.store.db import install_clock
from core.store.receive import apply_remote_changes, list_conflicts
from core.store.records import insert_row, tombstone_row, update_row
from core.store.wire import export_changes
from core.sync.restamp import restamp_unsent_changes
from core.sync.state import mark_changes_sent
from tests.receive_books import edit, new_book

HOURS_3 = 3 * 60 * 60 * 1000


def _data(db) -> list:
    """Every contact and company as stored, without the stamp in ``modified``."""
    out = []
    for table in ("companies", "contacts"):
        cursor = db.conn.execute(f"SELECT * FROM {table} ORDER BY id")
        names = [d[0] for d in cursor.description]
        out.append([{k: v for k, v in zip(names, row) if k != "modified"} for row in cursor])
    return out


def _conflicts(db) -> list:
    return sorted((c["table"], c["row_id"], c["field"], repr(c["value"])) for c in list_conflicts(db))


def _ahead(offset):
    return lambda: int(time.time() * 1000) + offset


_steps = st.lists(st.tuples(st.sampled_from(["a_edit", "b_edit", "b_to_a", "a_sent", "a_delete", "a_new",
                                             "a_phone", "b_phone"]),
                            st.integers(0, 2), st.sampled_from(["Osaka", "Lyon", "Quito", "Perth"])),
                  min_size=1, max_size=14)


def _contact_ids(db):
    return [r[0] for r in db.conn.execute("SELECT id FROM contacts ORDER BY id")]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_steps, st.integers(0, 10))
def test_restamp_keeps_data_order_and_convergence(steps, ahead_from):
    a, b = new_book(), new_book()
    shared = [edit(b, insert_row, "contacts", {"display_name": f"Contact {i}", "city": "Bonn"}) for i in range(3)]
    apply_remote_changes(a, export_changes(b, local_only=False)[0])
    a.conn.execute("UPDATE changes SET server_seq = seq")  # what a had from the server
    b_sent = 0
    for step, (kind, index, city) in enumerate(steps):
        if step == ahead_from:
            install_clock(a, wall_clock=_ahead(HOURS_3))  # from now on a's clock runs three hours ahead
        if kind == "a_edit":
            ids = _contact_ids(a)
            if edit(a, update_row, "contacts", ids[index % len(ids)], {"city": city}, include_deleted=True):
                pass
        elif kind == "a_new":
            edit(a, insert_row, "contacts", {"display_name": f"New {city}", "city": city})
        elif kind == "a_delete":
            edit(a, tombstone_row, "contacts", shared[index])
        elif kind == "b_edit":
            edit(b, update_row, "contacts", shared[index], {"city": city, "job_title": city},
                 include_deleted=True)
        elif kind == "b_to_a":
            changes, b_sent = export_changes(b, b_sent)
            apply_remote_changes(a, changes)
            a.conn.execute("UPDATE changes SET server_seq = seq WHERE server_seq IS NULL AND substr(hlc, 21) = ?",
                           (b.node_id,))
        elif kind in ("a_phone", "b_phone"):
            # List fields carry element clocks (core.store.elements): re-stamped too.
            book = a if kind == "a_phone" else b
            current = json.loads(book.conn.execute("SELECT phones FROM contacts WHERE id = ?",
                                                   (shared[index],)).fetchone()[0])
            digit = 1 if book is a else 2
            phones = current + [{"value": f"+49301{len(city)}{len(current)}{digit}0", "label": ""}]
            edit(book, update_row, "contacts", shared[index], {"phones": json.dumps(phones)}, include_deleted=True)
        elif kind == "a_sent":
            # a's oldest unsent change reached the server (which takes only stamps near its time).
            rows = a.conn.execute("SELECT change_id, seq, hlc FROM changes WHERE server_seq IS NULL "
                                  "ORDER BY seq LIMIT 1").fetchall()
            mark_changes_sent(a, [[cid, 10_000 + seq] for cid, seq, hlc in rows
                                  if int(hlc[:13]) < time.time() * 1000 + 60_000])
    before_data, before_conflicts = _data(a), _conflicts(a)
    order_before = [r[0] for r in a.conn.execute("SELECT change_id FROM changes ORDER BY hlc, change_id")]
    unsent_before = {r[0]: r[1] for r in a.conn.execute(
        "SELECT change_id, hlc FROM changes WHERE server_seq IS NULL AND substr(hlc, 21) = ?", (a.node_id,))}

    install_clock(a, wall_clock=_ahead(0))  # the offset corrected
    restamped = restamp_unsent_changes(a)
    event("re-stamped" if restamped else "nothing to re-stamp")

    assert _data(a) == before_data
    assert _conflicts(a) == before_conflicts
    after = {r[0]: r[1] for r in a.conn.execute("SELECT change_id, hlc FROM changes")}
    assert sorted(after, key=lambda cid: (after[cid], cid)) == order_before  # every stamp in the same order
    changed = [cid for cid, hlc in unsent_before.items() if after[cid] != hlc]
    assert len(changed) == restamped
    now = int(time.time() * 1000)
    assert all(int(after[cid][:13]) <= now + 60_000 for cid in unsent_before)  # near the team's time
    # Every field clock and row stamp names a stamp in the log; a's next edit stamps after all of them.
    stamps = set(after.values())
    assert {r[0] for r in a.conn.execute("SELECT hlc FROM field_clocks")} <= stamps
    assert {r[0] for r in a.conn.execute("SELECT hlc FROM element_clocks")} <= stamps
    assert {r[0] for r in a.conn.execute("SELECT modified FROM contacts")} <= stamps
    assert a.clock.tick() > max(stamps)
    # b receives everything of a's: both books hold the same data and conflicts.
    apply_remote_changes(b, export_changes(a, local_only=False)[0])
    apply_remote_changes(a, export_changes(b, local_only=False)[0])
    assert _data(b) == _data(a)
    assert _conflicts(b) == _conflicts(a)


def test_restamp_rewrites_base_clocks_of_later_changes():
    a = new_book()
    install_clock(a, wall_clock=_ahead(HOURS_3))
    contact = edit(a, insert_row, "contacts", {"display_name": "Ana", "city": "Bonn"})
    edit(a, update_row, "contacts", contact, {"city": "Lyon"})
    install_clock(a, wall_clock=_ahead(0))
    assert restamp_unsent_changes(a) == 2
    first, second = a.conn.execute("SELECT hlc, base_clocks FROM changes ORDER BY seq").fetchall()
    assert second[1] == '{"city":"%s"}' % first[0]
    assert a.conn.execute("SELECT modified FROM contacts").fetchone()[0] == second[0]
    assert int(second[0][:13]) < int(time.time() * 1000) + 60_000
    assert restamp_unsent_changes(a) == 0  # nothing is ahead of the rest any more
