"""History added on one device to a contact deleted or merged away on another is never hidden without a word."""

from __future__ import annotations

from core.book.activity import add_commitment, list_interactions, log_interaction, schedule_follow_up
from core.book.contacts import add_contact, delete_contact, get_contact, update_contact
from core.store.receive import list_conflicts
from core.store.undo import undo_last_operation
from core.sync.engine import connect, open_transport, sync_once
from core.sync.resolve import list_sync_conflicts, resolve_conflict, restore_deleted_row


def paired(server, make_book, name):
    db = make_book(name)
    connect(db, server.url, server.invite(), f"{name}'s laptop", server.transport)
    return db


def sync(server, *books):
    for db in books:
        sync_once(db, open_transport(db, server.transport))


def deleted_entries(db, contact):
    return [c for c in list_conflicts(db, row_id=contact) if c["field"] == "deleted_at"]


def shared_contact(server, anna, ben):
    contact = add_contact(anna, display_name="Sato Hiroshi", city="Osaka")
    sync(server, anna, ben)
    return contact


def test_a_log_added_to_a_contact_deleted_elsewhere_is_a_conflict_on_both_books(team_server, make_book):
    anna, ben = paired(team_server, make_book, "anna"), paired(team_server, make_book, "ben")
    contact = shared_contact(team_server, anna, ben)
    # Offline: Anna logs the meeting first, Ben deletes later (his delete is the newer stamp).
    log_interaction(anna, contact, kind="meeting", summary="Wants 500 units by May")
    add_commitment(anna, contact, description="Send samples", owed_by="us")
    schedule_follow_up(anna, contact, due_at="2026-12-09T09:00:00+00:00")
    delete_contact(ben, contact)
    sync(team_server, anna, ben, anna)
    for db in (anna, ben):
        assert get_contact(db, contact) is None
        assert [c["value"] for c in deleted_entries(db, contact)], "the hidden log has no conflict entry"
        listed = [c for c in list_sync_conflicts(db) if c["row_id"] == contact]
        assert listed and listed[0]["name"] == "Sato Hiroshi" and listed[0]["field"] == "deleted_at"
    assert len(deleted_entries(anna, contact)) == len(deleted_entries(ben, contact))
    # Restore brings the contact back with the new log, on both books, and settles the entry.
    assert restore_deleted_row(ben, "contacts", contact)
    sync(team_server, ben, anna)
    for db in (anna, ben):
        assert get_contact(db, contact) is not None
        assert [i["summary"] for i in list_interactions(db, contact)] == ["Wants 500 units by May"]
        assert deleted_entries(db, contact) == []


def test_a_log_made_when_the_delete_is_older_is_a_conflict_too(team_server, make_book):
    anna, ben = paired(team_server, make_book, "anna"), paired(team_server, make_book, "ben")
    contact = shared_contact(team_server, anna, ben)
    delete_contact(ben, contact)
    log_interaction(anna, contact, kind="call", summary="Asked for the price list")
    sync(team_server, ben, anna, ben)
    assert deleted_entries(anna, contact) and deleted_entries(ben, contact)


def test_deleting_again_settles_the_conflict_on_both_books(team_server, make_book):
    anna, ben = paired(team_server, make_book, "anna"), paired(team_server, make_book, "ben")
    contact = shared_contact(team_server, anna, ben)
    log_interaction(anna, contact, kind="note", summary="Prefers WeChat")
    delete_contact(ben, contact)
    sync(team_server, anna, ben, anna)
    assert deleted_entries(anna, contact)
    # Anna, who wrote the log, leaves the contact deleted: a delete that has seen the log.
    resolve_conflict(anna, "contacts", contact, "deleted_at", "theirs")
    sync(team_server, anna, ben, anna)
    for db in (anna, ben):
        assert get_contact(db, contact) is None and deleted_entries(db, contact) == []


def test_a_delete_made_after_seeing_the_log_is_no_conflict(team_server, make_book):
    anna, ben = paired(team_server, make_book, "anna"), paired(team_server, make_book, "ben")
    contact = shared_contact(team_server, anna, ben)
    log_interaction(anna, contact, kind="note", summary="Old news")
    sync(team_server, anna, ben)
    delete_contact(ben, contact)
    sync(team_server, ben, anna, ben)
    assert deleted_entries(anna, contact) == [] and deleted_entries(ben, contact) == []


def test_an_edit_to_a_contact_merged_away_elsewhere_reaches_the_survivor(team_server, make_book):
    from core.book.merging import list_merges, merge_contacts

    anna, ben = paired(team_server, make_book, "anna"), paired(team_server, make_book, "ben")
    kept = add_contact(anna, display_name="Sato Hiroshi", city="Osaka", notes="Met at Canton Fair")
    gone = add_contact(anna, display_name="Hiroshi Sato", city="Kobe", phones=["+81 90 1234 5678"],
                       notes="Likes golf")
    sync(team_server, anna, ben)
    # Offline: Anna edits the duplicate; Ben merges it into the other contact.
    update_contact(anna, gone, job_title="Purchasing manager", city="Kyoto",
                   phones=["+81 90 1234 5678", "+81 80 5555 6666"], notes="Likes golf\nPrefers email")
    log_interaction(anna, gone, kind="call", summary="Confirmed the order")
    merge_contacts(ben, kept, gone)
    sync(team_server, anna, ben, anna, ben)
    for db in (anna, ben):
        survivor = get_contact(db, kept)
        assert get_contact(db, gone) is None
        assert survivor["job_title"] == "Purchasing manager"  # the survivor had none: carried
        assert survivor["city"] == "Osaka"  # the survivor's own value stays (the merge rule) ...
        merge = next(m for m in list_merges(db) if m["merged_id"] == gone)
        assert merge["kept_values"]["city"] == "Kyoto"  # ... and the edit's is kept with the merge
        assert {p["value"] for p in survivor["phones"]} == {"+819012345678", "+818055556666"}
        assert "Prefers email" in survivor["notes"] and "Met at Canton Fair" in survivor["notes"]
        assert survivor["notes"].count("Likes golf") == 1
        assert [i["summary"] for i in list_interactions(db, kept)] == ["Confirmed the order"]
        assert list_conflicts(db, row_id=gone) == []
    assert get_contact(anna, kept) == get_contact(ben, kept)


def phone_labels(db, contact):
    return {p["value"]: p["label"] for p in get_contact(db, contact)["phones"]}


def test_a_relabel_beats_a_concurrent_removal_on_both_books_whichever_is_newer(team_server, make_book):
    anna, ben = paired(team_server, make_book, "anna"), paired(team_server, make_book, "ben")
    work, home = "+49 30 1234567", "+49 40 7654321"
    contact = add_contact(anna, display_name="Weber", phones=[{"value": work, "label": "work"},
                                                             {"value": home, "label": "home"}])
    sync(team_server, anna, ben)
    # The removal is the newer operation in the first round, the relabel in the second.
    update_contact(anna, contact, phones=[{"value": work, "label": "Sekretariat"}, {"value": home, "label": "home"}])
    update_contact(ben, contact, phones=[{"value": home, "label": "home"}])
    sync(team_server, anna, ben, anna)
    for db in (anna, ben):
        assert phone_labels(db, contact) == {"+49301234567": "Sekretariat", "+49407654321": "home"}
    update_contact(ben, contact, phones=[{"value": work, "label": "Sekretariat"}])
    update_contact(anna, contact, phones=[{"value": work, "label": "Sekretariat"},
                                          {"value": home, "label": "privat"}])
    sync(team_server, anna, ben, anna)
    for db in (anna, ben):
        assert phone_labels(db, contact) == {"+49301234567": "Sekretariat", "+49407654321": "privat"}
    # A removal made after seeing the relabel removes it.
    update_contact(ben, contact, phones=[{"value": work, "label": "Sekretariat"}])
    sync(team_server, ben, anna)
    for db in (anna, ben):
        assert phone_labels(db, contact) == {"+49301234567": "Sekretariat"}


def test_a_delete_from_an_older_version_makes_no_conflict_it_cannot_judge(team_server, make_book):
    import json as json_module

    anna, ben = paired(team_server, make_book, "anna"), paired(team_server, make_book, "ben")
    contact = shared_contact(team_server, anna, ben)
    log_interaction(anna, contact, kind="note", summary="Seen by the older version")
    sync(team_server, anna, ben)
    delete_contact(ben, contact)
    # An older version's delete names the contact's field clocks only.
    [(seq, base)] = ben.conn.execute("SELECT seq, base_clocks FROM changes WHERE row_id = ? AND fields LIKE "
                                     "'%deleted_at%'", (contact,)).fetchall()
    older = {k: v for k, v in json_module.loads(base).items() if not k.startswith("refs")}
    ben.conn.execute("UPDATE changes SET base_clocks = ? WHERE seq = ?", (json_module.dumps(older), seq))
    ben.conn.commit()
    sync(team_server, ben, anna)
    assert deleted_entries(anna, contact) == []


def test_undoing_a_promise_after_the_delete_arrived_gives_both_books_the_same_entries(team_server, make_book):
    anna, ben = paired(team_server, make_book, "anna"), paired(team_server, make_book, "ben")
    contact = shared_contact(team_server, anna, ben)
    add_commitment(anna, contact, description="Send samples", owed_by="us")
    delete_contact(ben, contact)
    sync(team_server, anna)  # Ben's delete has not arrived: the promise is Anna's last operation
    sync(team_server, ben, anna)
    assert len(deleted_entries(anna, contact)) == 1
    undo_last_operation(anna)  # the promise goes: nothing is hidden any more, on either book
    sync(team_server, anna, ben)
    assert deleted_entries(anna, contact) == deleted_entries(ben, contact) == []
