"""Erasure (GDPR Art. 17): every trace of a person overwritten, on this device and every synced one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.book.activity import add_commitment, change_stage, log_interaction, schedule_follow_up
from core.book.contacts import add_contact, delete_contact, get_contact, update_contact
from core.book.erasure import erase_contact
from core.book.events import add_meeting
from core.book.merging import merge_contacts
from core.exchange.pipeline import export_contacts
from core.store.db import open_database
from core.store.receive import apply_remote_changes
from core.store.undo import NothingToUndo, undo_last_operation
from core.store.wire import export_changes
from tests.receive_books import new_book
from tests.safety_helpers import run

# Unusual enough that no other byte sequence of a book holds them.
SECRETS = ("Quiblet", "quiblet", "QUIBLET", "erasmus.q@example.org", "Canal Street 7", "Loves sailing",
           "Sent the samples", "Owes a certificate", "Call about the quote", "Booth 9 lunch",
           "Quibletta", "4930901820", "met at the Hanover fair")


def _add_person(db) -> str:
    """Erasmus Quiblet with a full history, a duplicate merged into him, and someone he introduced."""
    person = add_contact(db, display_name="Erasmus Quiblet", emails=["erasmus.q@example.org"],
                         phones=["+49 30 901820"], notes="Loves sailing", country="DE", company="Harbour GmbH")
    update_contact(db, person, city="Canal Street 7")
    update_contact(db, person, notes="Loves sailing; met at the Hanover fair")
    log_interaction(db, person, kind="call", summary="Call about the quote")
    add_commitment(db, person, description="Sent the samples", owed_by="us")
    add_commitment(db, person, description="Owes a certificate", owed_by="them")
    schedule_follow_up(db, person, due_at="2026-12-01T10:00:00+00:00", reason="Call about the quote")
    change_stage(db, person, "rapport", note="Booth 9 lunch")
    add_meeting(db, person, starts_at="2026-12-02T10:00:00+00:00", time_zone="Europe/Berlin",
                agenda="Booth 9 lunch")
    twin = add_contact(db, display_name="Erasmus Quibletta", emails=["erasmus.q@example.org"], country="DE")
    merge_contacts(db, person, twin)
    return person


def _found(path: Path) -> list[str]:
    """The secrets found in the book's file, WAL and shared memory (case as written and folded)."""
    data = b"".join(Path(str(path) + s).read_bytes() for s in ("", "-wal", "-shm") if Path(str(path) + s).exists())
    return [s for s in SECRETS if s.encode() in data or s.encode("utf-16-le") in data]


def _in_dump(db) -> list[str]:
    """The secrets found in every table of an in-memory book (text, and blobs such as the search index's)."""
    dump = "\n".join(db.conn.iterdump())
    return [s for s in SECRETS if s in dump or s.encode().hex() in dump.lower()]


def test_a_deleted_introducer_no_longer_appears(fresh_db):
    introducer = add_contact(fresh_db, display_name="Ida Introducer")
    friend = add_contact(fresh_db, display_name="Finn Friend", introduced_by_contact_id=introducer)
    assert get_contact(fresh_db, friend)["introduced_by"]["display_name"] == "Ida Introducer"
    delete_contact(fresh_db, introducer)
    assert get_contact(fresh_db, friend)["introduced_by"] is None
    assert b"Ida" not in export_contacts(fresh_db, "vcf")


def test_erase_leaves_no_trace_in_the_file(tmp_path):
    book = tmp_path / "book.db"
    db = open_database(book)
    person = _add_person(db)
    friend = add_contact(db, display_name="Finn Friend", introduced_by_contact_id=person)
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert _found(book)  # the test can see them
    erased = erase_contact(db, person)
    assert erased.names == ["Erasmus Quiblet", "Erasmus Quibletta"] and erased.rows >= 10
    assert get_contact(db, person) is None
    assert get_contact(db, friend)["introduced_by_contact_id"] is None
    assert _found(book) == []
    for table in ("interactions", "commitments", "follow_ups", "stage_history", "meetings"):
        assert db.conn.execute(f"SELECT count(*) FROM {table} WHERE contact_id != ?", (friend,)).fetchone()[0] == 0
    assert db.conn.execute("SELECT count(*) FROM merges").fetchone()[0] == 0
    db.close()
    assert _found(book) == []


def test_an_erasure_cannot_be_undone_and_earlier_undos_stay_harmless(fresh_db):
    person = _add_person(fresh_db)
    erase_contact(fresh_db, person)
    # Operations that wrote only the erased person are gone; the rest (the company, the
    # person he introduced) undo as usual until nothing is left.
    labels = []
    for _ in range(12):
        try:
            labels.append(undo_last_operation(fresh_db).label)
        except NothingToUndo:
            break
    else:
        raise AssertionError(f"Undo never runs out after an erasure: {labels}")
    assert get_contact(fresh_db, person) is None
    assert _in_dump(fresh_db) == []


def test_the_erasure_syncs_and_the_receiver_erases_alike():
    a, b = new_book(), new_book()
    person = _add_person(a)
    apply_remote_changes(b, export_changes(a, local_only=False)[0])
    assert get_contact(b, person)["display_name"] == "Erasmus Quiblet"
    # b adds history a never saw: erased with the rest when a's erasure arrives.
    log_interaction(b, person, kind="note", summary="Quiblet called back")
    erase_contact(a, person)
    sent = export_changes(a)[0]
    assert not [s for s in SECRETS if s in json.dumps(sent, ensure_ascii=False)]
    assert {"erased_at"} <= {name for c in sent for name in c["fields"]}
    apply_remote_changes(b, export_changes(a, local_only=False)[0])
    assert get_contact(b, person) is None
    assert _in_dump(b) == []
    # b's own history of the person is erased by a change of its own, so the server scrubs it too.
    assert any(c["table"] == "interactions" and c["fields"].get("erased_at") for c in export_changes(b)[0])
    # A late edit from a device that had not heard of the erasure brings nothing back.
    c = new_book()
    apply_remote_changes(c, export_changes(a, local_only=False)[0])
    assert get_contact(c, person) is None


def test_a_late_edit_of_an_erased_person_is_kept_out(fresh_db):
    a, b = new_book(), new_book()
    person = add_contact(a, display_name="Erasmus Quiblet")
    apply_remote_changes(b, export_changes(a, local_only=False)[0])
    update_contact(b, person, notes="Loves sailing")  # before b hears of the erasure
    erase_contact(a, person)
    apply_remote_changes(a, export_changes(b)[0])
    assert get_contact(a, person) is None
    assert "Loves sailing" not in "\n".join(a.conn.iterdump())


@pytest.fixture
def book(tmp_path, capsys):
    path = tmp_path / "book.db"
    db = open_database(path)
    person = _add_person(db)
    db.close()
    return path, person


def test_cli_erase_asks_for_yes(book, capsys):
    path, person = book
    code, _, err = run(capsys, "--db", path, "erase", person)
    assert code == 1 and "--yes" in err and "Erasmus Quiblet" in err
    code, out, err = run(capsys, "--db", path, "erase", person, "--yes", "--vacuum")
    assert code == 0, err
    assert "Erased Erasmus Quiblet" in out
    assert _found(path) == []
    code, _, err = run(capsys, "--db", path, "show", person)
    assert code == 1 and "erased" in err


def test_cli_erase_of_an_unknown_contact(book, capsys):
    path, _person = book
    code, _, err = run(capsys, "--db", path, "erase", "nobody", "--yes")
    assert code == 1 and "no contact with id nobody" in err


def test_received_history_that_waits_for_an_erased_person_is_erased_with_them():
    a, b = new_book(), new_book()
    person = add_contact(a, display_name="Erasmus Quiblet")
    log_interaction(a, person, kind="call", summary="Call about the quote")
    sent, last = export_changes(a)
    apply_remote_changes(b, [c for c in sent if c["table"] == "interactions"])  # its contact has not arrived
    assert b.conn.execute("SELECT count(*) FROM pending_fields").fetchone()[0]
    erase_contact(a, person)
    apply_remote_changes(b, [c for c in export_changes(a, last)[0] if c["table"] == "contacts"])
    assert b.conn.execute("SELECT count(*) FROM pending_fields").fetchone()[0] == 0
    assert _in_dump(b) == []
