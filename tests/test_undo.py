"""Undo replays the last operation's log backwards; every write announces what it changed."""

import pytest

from core.book.activity import (add_commitment, change_stage, complete_commitment, complete_follow_up,
                                list_commitments, list_follow_ups, list_stage_history, schedule_follow_up_in)
from core.book.contacts import add_contact, delete_contact, get_contact, update_contact
from core.book.duplicates import merge_contacts
from core.book.search import search_contacts
from core.exchange.pipeline import apply_import, preview_import, read_import_data
from core.store.db import perform, write_transaction
from core.store.changes import last_changes
from core.store.operation_log import list_operations
from core.store.records import list_changes
from core.store.receive import apply_remote_changes
from core.store.undo import NothingToUndo, describe_undo, undo_last_operation
from core.store.wire import export_changes
from tests.receive_books import new_book


def _live_contact_ids(db):
    return {r[0] for r in db.conn.execute("SELECT id FROM contacts WHERE deleted_at IS NULL")}


def _names_found(db, query):
    return [c["display_name"] for c in search_contacts(db, query)]


@pytest.fixture
def anna(fresh_db):
    return add_contact(fresh_db, display_name="Anna Müller", company="Weber GmbH", country="DE",
                       emails=["anna@weber.de"])


def test_perform_returns_the_value_and_what_changed(fresh_db, anna):
    result = perform(fresh_db, update_contact, anna, label="Edit contact", city="Köln")
    assert result.value == {"city": "Köln"}
    assert result.changes.touches("contacts")
    assert not result.changes.touches("commitments")
    assert result.changes.rows["contacts"] == {anna}
    assert "city" in result.changes.touched_fields("contacts")
    assert result.changes.label == "Edit contact"
    assert result.changes.operation_id is not None


def test_a_write_that_changes_nothing_announces_nothing(fresh_db, anna):
    result = perform(fresh_db, update_contact, anna, city=None)
    assert result.changes.is_empty()
    assert result.changes.operation_id is None


def test_the_log_keeps_what_each_write_replaced(fresh_db, anna):
    update_contact(fresh_db, anna, city="Köln")
    update_contact(fresh_db, anna, city="Bonn")
    cities = [(c["old"], c["value"]) for c in list_changes(fresh_db, row_id=anna) if c["field"] == "city"]
    assert cities == [(None, "Köln"), ("Köln", "Bonn")]


def test_a_failed_savepoint_inside_an_operation_is_not_announced(fresh_db, anna):
    with write_transaction(fresh_db, "Two steps"):
        update_contact(fresh_db, anna, city="Köln")
        with pytest.raises(KeyError):
            update_contact(fresh_db, "no-such-contact", city="Bonn")
    changes = last_changes(fresh_db)
    assert changes.rows == {"contacts": {anna}}


def test_undo_an_edit_restores_the_fields_and_the_search_index(fresh_db, anna):
    perform(fresh_db, update_contact, anna, label="Edit contact", display_name="Anna Schmidt", city="Köln")
    assert _names_found(fresh_db, "schmidt") == ["Anna Schmidt"]
    assert describe_undo(fresh_db) == "Edit contact"
    result = undo_last_operation(fresh_db)
    contact = get_contact(fresh_db, anna)
    assert (contact["display_name"], contact["city"]) == ("Anna Müller", None)
    assert _names_found(fresh_db, "schmidt") == []
    assert _names_found(fresh_db, "muller") == ["Anna Müller"]
    assert result.label == "Edit contact"
    assert result.changes.touches("contacts")


def test_undo_a_delete_brings_the_contact_back(fresh_db, anna):
    delete_contact(fresh_db, anna)
    assert anna not in _live_contact_ids(fresh_db)
    undo_last_operation(fresh_db)
    assert anna in _live_contact_ids(fresh_db)
    assert _names_found(fresh_db, "anna") == ["Anna Müller"]


def test_undo_a_stage_change(fresh_db, anna):
    change_stage(fresh_db, anna, "rapport")
    undo_last_operation(fresh_db)
    assert get_contact(fresh_db, anna)["stage"] == "met"
    assert [h["stage"] for h in list_stage_history(fresh_db, anna)] == ["met"]


def test_undo_done_reopens_a_promise_and_a_follow_up(fresh_db, anna):
    promise = add_commitment(fresh_db, anna, description="Send samples", owed_by="us")
    follow_up = schedule_follow_up_in(fresh_db, anna, hours=24)
    complete_commitment(fresh_db, promise)
    complete_follow_up(fresh_db, follow_up)
    undo_last_operation(fresh_db)
    assert [f["done_at"] for f in list_follow_ups(fresh_db, anna)] == [None]
    assert list_commitments(fresh_db, anna)[0]["done_at"] is not None
    undo_last_operation(fresh_db)
    assert list_commitments(fresh_db, anna)[0]["done_at"] is None


def test_undo_a_merge_brings_both_contacts_and_their_history_back(fresh_db, anna):
    other = add_contact(fresh_db, display_name="Anna Mueller", emails=["anna@weber.de"], city="Köln")
    add_commitment(fresh_db, other, description="Send certificate", owed_by="them")
    merge_contacts(fresh_db, anna, other)
    assert other not in _live_contact_ids(fresh_db)
    undo_last_operation(fresh_db)
    assert {anna, other} <= _live_contact_ids(fresh_db)
    assert [c["description"] for c in list_commitments(fresh_db, other)] == ["Send certificate"]
    assert list_commitments(fresh_db, anna) == []
    assert get_contact(fresh_db, anna)["city"] is None


def test_undo_an_import_removes_what_it_added_and_restores_what_it_updated(fresh_db, anna):
    data = ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Kenji Tanaka\r\nEMAIL:kenji@example.jp\r\nEND:VCARD\r\n"
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Anna Müller\r\nEMAIL:anna@weber.de\r\n"
            "TITLE:Head of Sales\r\nEND:VCARD\r\n").encode()
    before = _live_contact_ids(fresh_db)
    apply_import(fresh_db, preview_import(fresh_db, read_import_data(data, source="two.vcf")))
    assert len(_live_contact_ids(fresh_db)) == len(before) + 1
    undo_last_operation(fresh_db)
    assert _live_contact_ids(fresh_db) == before
    assert _names_found(fresh_db, "kenji") == []
    assert get_contact(fresh_db, anna)["job_title"] is None


def test_undo_goes_back_one_operation_at_a_time_and_then_says_nothing_is_left(fresh_db):
    with pytest.raises(NothingToUndo):
        undo_last_operation(fresh_db)
    first = add_contact(fresh_db, display_name="Li Wei")
    update_contact(fresh_db, first, city="Shanghai")
    undo_last_operation(fresh_db)
    assert get_contact(fresh_db, first)["city"] is None
    undo_last_operation(fresh_db)
    assert first not in _live_contact_ids(fresh_db)
    with pytest.raises(NothingToUndo):
        undo_last_operation(fresh_db)
    origins = [op["origin"] for op in list_operations(fresh_db)]
    assert origins == ["undo", "undo", "local", "local"]


def test_undo_is_itself_a_logged_write_that_syncs(fresh_db, anna):
    update_contact(fresh_db, anna, city="Köln")
    seq = max(c["seq"] for c in list_changes(fresh_db))
    undo_last_operation(fresh_db)
    after = [(c["field"], c["old"], c["value"]) for c in list_changes(fresh_db, after_seq=seq)]
    assert after == [("city", "Köln", None)]


def test_undo_leaves_a_field_that_changed_since_as_it_is(fresh_db, anna):
    update_contact(fresh_db, anna, city="Köln", job_title="Buyer")
    # A later change that is not a local operation of its own (as if from another device).
    fresh_db.conn.execute("UPDATE contacts SET city = 'Bonn' WHERE id = ?", (anna,))
    result = undo_last_operation(fresh_db)
    contact = get_contact(fresh_db, anna)
    assert (contact["city"], contact["job_title"]) == ("Bonn", None)
    assert result.kept == (("contacts", anna, "city"),)


def test_rows_with_derived_data_are_never_written_without_their_hook(fresh_db, anna, monkeypatch):
    from core.store import derived

    update_contact(fresh_db, anna, city="Köln")
    monkeypatch.setattr(derived, "_HOOKS", {})
    with pytest.raises(derived.MissingDerivedHook):
        undo_last_operation(fresh_db)
    assert get_contact(fresh_db, anna)["city"] == "Köln"  # rolled back, not left half-done


def _sync(source, target):
    apply_remote_changes(target, export_changes(source, local_only=False)[0])


def test_undo_keeps_a_new_row_that_something_from_another_device_refers_to():
    mine, colleague = new_book(), new_book()
    first = add_contact(mine, display_name="Hans Acme", company="Acme GmbH")
    company = get_contact(mine, first)["company_id"]
    _sync(mine, colleague)
    add_contact(colleague, display_name="Eva Acme", company="Acme GmbH")  # the same company
    _sync(colleague, mine)
    result = undo_last_operation(mine)
    assert first not in _live_contact_ids(mine)
    live_companies = [r[0] for r in mine.conn.execute("SELECT id FROM companies WHERE deleted_at IS NULL")]
    assert live_companies == [company]
    assert ("companies", company, "id") in result.kept


def test_undo_keeps_a_new_row_that_another_device_changed_since():
    mine, colleague = new_book(), new_book()
    anna = add_contact(mine, display_name="Anna Weber")
    _sync(mine, colleague)
    update_contact(colleague, anna, city="Bonn")
    _sync(colleague, mine)
    result = undo_last_operation(mine)
    assert anna in _live_contact_ids(mine)
    assert get_contact(mine, anna)["city"] == "Bonn"
    assert ("contacts", anna, "city") in result.kept


def test_changes_received_inside_a_runner_transaction_stay_remote_and_are_not_undoable():
    mine, colleague = new_book(), new_book()
    anna = add_contact(colleague, display_name="Anna Weber")
    incoming = export_changes(colleague)[0]
    local = add_contact(mine, display_name="Li Wei")
    result = perform(mine, apply_remote_changes, incoming)  # as the GUI's runner runs a pull
    assert result.changes.origin == "remote"
    assert result.changes.operation_id is None
    assert result.changes.touches("contacts") and anna in result.changes.rows["contacts"]
    assert describe_undo(mine) == "Add contact"
    undo_last_operation(mine)
    assert local not in _live_contact_ids(mine) and anna in _live_contact_ids(mine)
