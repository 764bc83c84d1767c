"""Merges made on two devices before they sync end in one outcome everywhere, history included."""

from __future__ import annotations

from core.book.activity import log_interaction
from core.book.contacts import add_contact, get_contact
from core.book.merge_sync import reconcile_merges
from core.book.merging import merge_contacts
from core.store.db import write_transaction
from core.store.receive import apply_remote_changes, list_conflicts
from core.store.wire import export_changes
from tests.receive_books import dump_data, new_book


def _sync(*books):
    """Exchange everything, reconcile on each book, until no book writes anything more."""
    for _ in range(4):
        for source in books:
            for target in books:
                if source is not target:
                    apply_remote_changes(target, export_changes(source, local_only=False)[0])
        before = [book.conn.execute("SELECT count(*) FROM changes").fetchone()[0] for book in books]
        for book in books:
            with write_transaction(book):
                reconcile_merges(book)
        after = [book.conn.execute("SELECT count(*) FROM changes").fetchone()[0] for book in books]
        if before == after:
            return
    raise AssertionError("reconciling merges never settled")


def _two_books_with_duplicates():
    first, second = new_book(), new_book()
    x = add_contact(first, display_name="Zhang Wei", city="Shenzhen")
    y = add_contact(first, display_name="Wei Zhang", city="Shenzhen")
    log_interaction(first, x, kind="meeting", summary="Booth talk about samples",
                    occurred_at="2026-12-01T10:00:00+00:00")
    log_interaction(first, y, kind="email", summary="Price list sent", occurred_at="2026-12-02T10:00:00+00:00")
    _sync(first, second)
    return first, second, x, y


def _interaction_owners(db):
    return {row[0] for row in db.conn.execute("SELECT contact_id FROM interactions WHERE deleted_at IS NULL")}


def test_crossing_merges_keep_exactly_one_contact_with_both_histories(monkeypatch):
    import itertools

    import core.book.merge_sync
    import core.store.records

    first, second, x, y = _two_books_with_duplicates()
    # Each device's clock reads a different second: decisions must not carry "now".
    seconds = itertools.count()
    tick = lambda: f"2026-12-07T10:{next(seconds) % 60:02d}:00+00:00"  # noqa: E731
    monkeypatch.setattr(core.store.records, "utc_now", tick)
    monkeypatch.setattr(core.book.merge_sync, "utc_now", tick, raising=False)
    merge_contacts(first, x, y)   # here Zhang Wei is kept
    merge_contacts(second, y, x)  # there Wei Zhang is kept
    _sync(first, second)
    for book in (first, second):
        alive = [c for c in (x, y) if get_contact(book, c) is not None]
        assert len(alive) == 1
        assert _interaction_owners(book) == set(alive)
        # Both devices made the same decision with the same values: nothing for a person to settle.
        assert list_conflicts(book) == []
    assert dump_data(first) == dump_data(second)


def test_the_same_merge_on_both_devices_is_one_merge():
    first, second, x, y = _two_books_with_duplicates()
    merge_contacts(first, x, y)
    merge_contacts(second, x, y)
    _sync(first, second)
    for book in (first, second):
        assert get_contact(book, x) is not None and get_contact(book, y) is None
        assert _interaction_owners(book) == {x}
    assert dump_data(first) == dump_data(second)


def test_history_that_arrives_after_the_merge_moves_to_the_survivor():
    first, second, x, y = _two_books_with_duplicates()
    merge_contacts(first, x, y)
    # Offline, the colleague still sees Wei Zhang and notes a call.
    log_interaction(second, y, kind="call", summary="Asked for MOQ", occurred_at="2026-12-03T10:00:00+00:00")
    _sync(first, second)
    for book in (first, second):
        assert _interaction_owners(book) == {x}
        assert book.conn.execute("SELECT count(*) FROM interactions").fetchone()[0] == 3
    assert dump_data(first) == dump_data(second)


def test_merging_one_contact_into_two_others_keeps_the_first_merge():
    first, second, x, y = _two_books_with_duplicates()
    z = add_contact(first, display_name="Zhang W.")
    _sync(first, second)
    merge_contacts(first, x, y)   # Y into X, made first
    merge_contacts(second, z, y)  # Y into Z, made later
    _sync(first, second)
    for book in (first, second):
        assert get_contact(book, x) is not None and get_contact(book, z) is not None
        assert get_contact(book, y) is None
        assert _interaction_owners(book) == {x}
    assert dump_data(first) == dump_data(second)


def test_a_consistent_book_gets_no_write():
    first, _, x, y = _two_books_with_duplicates()
    merge_contacts(first, x, y)
    count = first.conn.execute("SELECT count(*) FROM changes").fetchone()[0]
    with write_transaction(first):
        assert reconcile_merges(first) == {"rejected": 0, "restored": 0, "moved": 0, "carried": 0}
    assert first.conn.execute("SELECT count(*) FROM changes").fetchone()[0] == count
