"""Property tests of the receive path: any order, any pieces, duplicates — the same data everywhere."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.store.ids import HlcStamp, new_id
from core.store.receive import apply_remote_changes
from core.store.records import insert_row, restore_row, tombstone_row, update_row
from core.store.wire import export_changes
from tests.receive_books import dump_data, edit, new_book

NAMES = ["Zhang Wei", "Anna Müller", "佐藤 花子", "Kim Min-jun", "Ольга", "Ana"]
WORDS = [None, "Osaka", "Hall 9", "Berlin", "x"]
# Values another device may send that a field cannot take (kept, never applied), and good ones.
SENT = [("city", {"a": 1}), ("city", 2 ** 70), ("stage", "hacked"), ("emails", "not json"),
        ("display_name", ""), ("deleted_at", ""), ("deleted_at", 0), ("photo", {"$base64": "!!!"}),
        ("created_at", "garbage"), ("tags", '[[1],{"x":2}]'), ("country", "ZZZZ"),
        ("city", "Kyoto"), ("stage", "dormant"), ("deleted_at", None), ("tags", '["tea"]')]

_step = st.one_of(
    st.tuples(st.just("company"), st.integers(0, 2), st.sampled_from(NAMES)),
    st.tuples(st.just("contact"), st.integers(0, 2), st.sampled_from(NAMES), st.integers(0, 9), st.booleans()),
    st.tuples(st.just("edit_contact"), st.integers(0, 2), st.integers(0, 9),
              st.sampled_from(["display_name", "city", "notes", "stage", "company_id", "native_name"]),
              st.integers(0, 9)),
    # A list field edited element by element: add, drop or relabel one element.
    st.tuples(st.just("edit_list"), st.integers(0, 2), st.integers(0, 9), st.sampled_from(["phones", "tags"]),
              st.sampled_from(["add", "drop", "relabel"]), st.integers(0, 4)),
    st.tuples(st.just("edit_company"), st.integers(0, 2), st.integers(0, 9), st.sampled_from(NAMES)),
    st.tuples(st.just("delete"), st.integers(0, 2), st.sampled_from(["contacts", "companies"]), st.integers(0, 9)),
    st.tuples(st.just("restore"), st.integers(0, 2), st.sampled_from(["contacts", "companies"]), st.integers(0, 9)),
    st.tuples(st.just("promise"), st.integers(0, 2), st.integers(0, 9), st.sampled_from(["us", "them"])),
    st.tuples(st.just("fulfil"), st.integers(0, 2), st.integers(0, 9)),
    st.tuples(st.just("sync"), st.integers(0, 2), st.integers(0, 2)),
    # Another device's change of a contact (or of one not arrived), with one or two sent values.
    st.tuples(st.just("receive"), st.integers(0, 2), st.integers(0, 9),
              st.lists(st.sampled_from(SENT), min_size=1, max_size=2)),
)


def _ids(db, table):
    return [r[0] for r in db.conn.execute(f"SELECT id FROM {table} ORDER BY id")]


def _pick(db, table, index):
    ids = _ids(db, table)
    return ids[index % len(ids)] if ids else None


def _run(books, step, sent):
    kind, db = step[0], books[step[1]]
    if kind == "company":
        edit(db, insert_row, "companies", {"name": step[2], "name_key": ""})
    elif kind == "contact":
        company = _pick(db, "companies", step[3]) if step[4] else None
        edit(db, insert_row, "contacts", {"display_name": step[2], "company_id": company})
    elif kind == "edit_contact":
        row, name, value = _pick(db, "contacts", step[2]), step[3], step[4]
        if row is None:
            return
        if name == "company_id":
            value = _pick(db, "companies", value)
        elif name == "stage":
            value = ["met", "partner", "rapport"][value % 3]
        elif name == "display_name":
            value = NAMES[value % len(NAMES)]
        else:
            value = WORDS[value % len(WORDS)]
        edit(db, update_row, "contacts", row, {name: value}, include_deleted=True)
    elif kind == "edit_list":
        row, name, action, pick = _pick(db, "contacts", step[2]), step[3], step[4], step[5]
        if row is None:
            return
        current = json.loads(db.conn.execute(f"SELECT {name} FROM contacts WHERE id = ?", (row,)).fetchone()[0])
        element = ({"value": f"+4930123456{pick}", "label": "work"} if name == "phones" else f"tag{pick}")
        if action == "add" and element not in current:  # a book's tags never repeat (what it sends is checked)
            current.append(element)
        elif action == "drop" and current:
            current.pop(pick % len(current))
        elif action == "relabel" and current and name == "phones":
            current[pick % len(current)] = {**current[pick % len(current)], "label": ["home", "mobile"][pick % 2]}
        edit(db, update_row, "contacts", row, {name: json.dumps(current, ensure_ascii=False)},
             include_deleted=True)
    elif kind == "edit_company":
        row = _pick(db, "companies", step[2])
        if row is not None:
            edit(db, update_row, "companies", row, {"name": step[3]}, include_deleted=True)
    elif kind in ("delete", "restore"):
        row = _pick(db, step[2], step[3])
        if row is not None:
            edit(db, tombstone_row if kind == "delete" else restore_row, step[2], row)
    elif kind == "promise":
        row = _pick(db, "contacts", step[2])
        if row is not None:
            edit(db, insert_row, "commitments", {"contact_id": row, "description": "send samples",
                                                 "owed_by": step[3]})
    elif kind == "fulfil":
        row = _pick(db, "commitments", step[2])
        if row is not None:
            edit(db, update_row, "commitments", row, {"done_at": "2026-12-01T10:00:00+00:00"},
                 include_deleted=True)
    elif kind == "sync" and step[1] != step[2]:
        apply_remote_changes(books[step[2]], export_changes(db, local_only=False)[0])
    elif kind == "receive":
        row = _pick(db, "contacts", step[2])
        if row is None:
            return
        # One stamp per change (a real node never reuses one), from a device the books do not hold.
        stamp = HlcStamp(db.clock.wall_ms(), len(sent), "0ther0device").encode()
        change = {"change_id": new_id(), "hlc": stamp, "node": "0ther0device", "table": "contacts",
                  "row_id": row, "fields": dict(step[3])}
        sent.append(change)
        apply_remote_changes(db, [change])


def _all_changes(books, sent):
    changes = {c["change_id"]: c for c in sent}
    for db in books:
        for change in export_changes(db)[0]:
            changes[change["change_id"]] = change
    return list(changes.values())


def _pieces(changes, order, cuts, duplicates):
    ordered = [changes[i] for i in order]
    ordered += [changes[i % len(changes)] for i in duplicates] if changes else []
    bounds = sorted({c % (len(ordered) + 1) for c in cuts} | {0, len(ordered)})
    return [ordered[a:b] for a, b in zip(bounds, bounds[1:])]


@st.composite
def _histories(draw):
    steps = draw(st.lists(_step, min_size=2, max_size=20))
    books = [new_book() for _ in range(3)]
    sent = []
    # A shared start, so later edits on different books meet on the same rows.
    for step in [("company", 0, "Huaxin"), ("contact", 0, "Zhang Wei", 0, True), ("contact", 0, "Ana", 0, False),
                 ("promise", 0, 0, "us"), ("sync", 0, 1), ("sync", 0, 2)]:
        _run(books, step, sent)
    for step in steps:
        _run(books, step, sent)
    changes = _all_changes(books, sent)
    n = len(changes)
    orders = [draw(st.permutations(range(n))) for _ in range(2)]
    cuts = [draw(st.lists(st.integers(0, 60), max_size=5)) for _ in range(2)]
    duplicates = [draw(st.lists(st.integers(0, 60), max_size=3)) for _ in range(2)]
    return books, changes, orders, cuts, duplicates, sent


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_histories())
def test_any_order_and_pieces_give_the_same_data_and_every_book_converges(history):
    books, changes, orders, cuts, duplicates, sent = history
    receivers = [new_book(), new_book()]
    for receiver, order, cut, dup in zip(receivers, orders, cuts, duplicates):
        for piece in _pieces(changes, order, cut, dup):
            apply_remote_changes(receiver, piece)
    expected = dump_data(receivers[0])
    assert dump_data(receivers[1]) == expected
    # Every writer, once it has everyone's changes, holds the same data as the receivers.
    for source in books:
        for target in books:
            if source is not target:
                apply_remote_changes(target, export_changes(source)[0])
    for book in books:
        apply_remote_changes(book, sent)
    for book in books:
        assert dump_data(book) == expected
    # Nothing waits once every change has arrived.
    assert dict(expected)["pending_fields"] == []
