"""A contact's first stage is implied by its creation, not stored as a row (issue 15), and shown once."""

from core.book.activity import change_stage, first_stage_entry, list_stage_history
from core.book.contacts import add_contact, add_contacts, get_contact
from core.book.duplicates import merge_contacts, undo_merge
from core.store.db import write_transaction
from core.store.records import insert_row
from core.store.undo import undo_last_operation


def _rows(db, contact_id):
    return db.conn.execute("SELECT count(*) FROM stage_history WHERE contact_id = ?", (contact_id,)).fetchone()[0]


def _shown(db, contact_id):
    return [(h["stage"], h["previous_stage"], h["changed_at"], h["note"], h["label"])
            for h in list_stage_history(db, contact_id)]


def test_a_new_contact_writes_no_first_stage_row_and_shows_it_from_the_day_met(fresh_db):
    met = add_contact(fresh_db, display_name="Ana Costa", met_on="2025-03-01")
    (bulk,) = add_contacts(fresh_db, [{"display_name": "Bo Berg", "met_on": "2025-04-02"}])
    assert _rows(fresh_db, met) == _rows(fresh_db, bulk) == 0
    assert _shown(fresh_db, met) == [("met", None, "2025-03-01T00:00:00+00:00", None, "Met")]
    assert _shown(fresh_db, bulk) == [("met", None, "2025-04-02T00:00:00+00:00", None, "Met")]


def test_without_a_meeting_day_the_first_stage_began_when_the_contact_was_made(fresh_db):
    cid = add_contact(fresh_db, display_name="Ana Costa", stage="partner")
    created = get_contact(fresh_db, cid)["created_at"]
    assert _shown(fresh_db, cid) == [("partner", None, created, None, "Partner")]


def test_the_first_stage_is_the_one_the_earliest_change_left(fresh_db):
    cid = add_contact(fresh_db, display_name="Ana Costa", met_on="2025-03-01")
    change_stage(fresh_db, cid, "rapport", when="2025-06-01T10:00:00+00:00", note="Dinner")
    change_stage(fresh_db, cid, "trial_order", when="2025-07-01T10:00:00+00:00")
    assert [(h["stage"], h["previous_stage"]) for h in list_stage_history(fresh_db, cid)] == [
        ("met", None), ("rapport", "met"), ("trial_order", "rapport")]
    assert _rows(fresh_db, cid) == 2


def test_a_first_stage_row_of_an_older_book_is_shown_once(fresh_db):
    cid = add_contact(fresh_db, display_name="Ana Costa", met_on="2025-03-01")
    with write_transaction(fresh_db):
        # As versions before issue 15 wrote it (and devices still running one send it).
        insert_row(fresh_db, "stage_history", {"contact_id": cid, "stage": "met", "previous_stage": None,
                                               "changed_at": "2025-03-01T00:00:00+00:00"})
    assert first_stage_entry(fresh_db, cid) is None
    assert _shown(fresh_db, cid) == [("met", None, "2025-03-01T00:00:00+00:00", None, "Met")]


def test_undoing_a_stage_change_leaves_the_first_stage(fresh_db):
    cid = add_contact(fresh_db, display_name="Ana Costa", met_on="2025-03-01")
    before = _shown(fresh_db, cid)
    change_stage(fresh_db, cid, "rapport")
    undo_last_operation(fresh_db)
    assert _shown(fresh_db, cid) == before


def test_a_merge_keeps_both_first_stages_and_undoing_it_gives_each_back_once(fresh_db):
    keep = add_contact(fresh_db, display_name="Zhang Wei", met_on="2025-01-01", emails=["z@f.cn"])
    other = add_contact(fresh_db, display_name="Wei Zhang", met_on="2025-02-01", emails=["z@f.cn"])
    change_stage(fresh_db, other, "rapport", when="2025-03-01T00:00:00+00:00")
    shown = {c: _shown(fresh_db, c) for c in (keep, other)}
    merge_id = merge_contacts(fresh_db, keep, other)
    assert [(h["stage"], h["changed_at"][:10]) for h in list_stage_history(fresh_db, keep)][:3] == [
        ("met", "2025-01-01"), ("met", "2025-02-01"), ("rapport", "2025-03-01")]
    undo_merge(fresh_db, merge_id)
    assert {c: _shown(fresh_db, c) for c in (keep, other)} == shown
    # Merged again, undone by the generic Undo (the recorded rows are tombstoned), merged again.
    merge_contacts(fresh_db, keep, other)
    undo_last_operation(fresh_db)
    assert {c: _shown(fresh_db, c) for c in (keep, other)} == shown
    merge_contacts(fresh_db, keep, other)
    assert [(h["stage"], h["changed_at"][:10]) for h in list_stage_history(fresh_db, keep)][:3] == [
        ("met", "2025-01-01"), ("met", "2025-02-01"), ("rapport", "2025-03-01")]
