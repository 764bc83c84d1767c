"""The bulk activity writes (demo data) leave what the one-at-a-time writes leave."""

from datetime import datetime, timezone

import pytest

from core.book import activity
from core.book.activity import (add_commitment, add_commitments, change_stage, change_stages, complete_commitment,
                                complete_commitments, complete_follow_up, complete_follow_ups, list_commitments,
                                list_follow_ups, list_interactions, list_stage_history, log_interaction,
                                log_interactions, schedule_follow_up, schedule_follow_ups)
from core.book.contacts import add_contact
from core.book.validation import ValidationError
from core.store.db import open_database
from core.store.records import list_changes

MOVES = [("Ann", "rapport", "2026-03-01T10:00:00+00:00"), ("Ben", "rapport", "2026-03-02T10:00:00+00:00"),
         ("Ann", "trial_order", "2026-04-01T10:00:00+00:00"), ("Cem", "met", "2026-04-02T10:00:00+00:00"),
         ("Ann", "partner", "2026-05-01T10:00:00+00:00"), ("Ben", "rapport", "2026-05-02T10:00:00+00:00")]


def make_book(path):
    db = open_database(path)
    ids = {name: add_contact(db, display_name=name, met_on="2026-01-05") for name in ("Ann", "Ben", "Cem")}
    return db, ids


def logged(db, contact_id: str) -> list:
    """The log of a contact and its stage history rows, without ids and stamps."""
    history = [r[0] for r in db.conn.execute("SELECT id FROM stage_history WHERE contact_id = ?", (contact_id,))]
    return [(e["table"], e["field"], "contact" if e["value"] == contact_id else e["value"], e.get("old", "new"))
            for row_id in [contact_id, *history] for e in list_changes(db, row_id=row_id) if e["field"] != "created_at"]


def test_change_stages_writes_and_logs_each_move_as_change_stage_does(tmp_path):
    (one, one_ids), (two, two_ids) = make_book(tmp_path / "1.db"), make_book(tmp_path / "2.db")
    moved = sum(change_stage(one, one_ids[name], stage, when=when) for name, stage, when in MOVES)
    assert change_stages(two, [(two_ids[name], stage, when) for name, stage, when in MOVES]) == moved == 4
    for name in one_ids:
        assert list_stage_history(one, one_ids[name]) == list_stage_history(two, two_ids[name])
        assert logged(one, one_ids[name]) == logged(two, two_ids[name])
    moves = [h["stage"] for h in list_stage_history(two, two_ids["Ann"]) if h["previous_stage"]]
    assert moves == ["rapport", "trial_order", "partner"]
    one.close()
    two.close()


def test_change_stages_with_a_missing_contact_writes_nothing(fresh_db):
    ann = add_contact(fresh_db, display_name="Ann")
    before = fresh_db.conn.execute("SELECT count(*) FROM changes").fetchone()[0]
    with pytest.raises(KeyError):
        change_stages(fresh_db, [(ann, "rapport", None), ("missing", "rapport", None)])
    with pytest.raises(ValidationError):
        change_stages(fresh_db, [(ann, "rapport", None), (ann, "no such stage", None)])
    assert fresh_db.conn.execute("SELECT count(*) FROM changes").fetchone()[0] == before
    assert list_stage_history(fresh_db, ann)[-1]["stage"] == "met"


def test_bulk_interactions_promises_and_follow_ups_match_the_single_writes(tmp_path, monkeypatch):
    # An entry without a time is stamped "now": the same now for both books (on a busy machine the
    # second book was written a second later, and the two differed).
    monkeypatch.setattr(activity, "utc_now", lambda: "2026-03-02T08:00:00+00:00")
    when = datetime(2026, 3, 1, 9, 30, tzinfo=timezone.utc)
    interactions = [{"kind": "call", "summary": " Called about samples ", "occurred_at": when,
                     "time_zone": "Asia/Tokyo"}, {"kind": "note", "summary": "Likes tea", "place": "Booth A1"}]
    promises = [{"description": "Send samples", "owed_by": "us", "due_on": "2026-03-05", "owner": "Logistics"},
                {"description": "Send certificate", "owed_by": "them"}]
    follow_ups = [{"due_at": when, "reason": "Call back", "time_zone": "Europe/Berlin"}, {"due_at": when}]
    results = []
    for number, bulk in enumerate((False, True)):
        db, ids = make_book(tmp_path / f"{number}.db")
        ann = ids["Ann"]
        if bulk:
            log_interactions(db, [{"contact_id": ann, **entry} for entry in interactions])
            promise_ids = add_commitments(db, [{"contact_id": ann, **entry} for entry in promises])
            follow_up_ids = schedule_follow_ups(db, [{"contact_id": ann, **entry} for entry in follow_ups])
            complete_commitments(db, [(promise_ids[0], when)])
            complete_follow_ups(db, [(follow_up_ids[1], when)])
        else:
            for entry in interactions:
                log_interaction(db, ann, **entry)
            promise_ids = [add_commitment(db, ann, **entry) for entry in promises]
            follow_up_ids = [schedule_follow_up(db, ann, **entry) for entry in follow_ups]
            complete_commitment(db, promise_ids[0], when=when)
            complete_follow_up(db, follow_up_ids[1], when=when)
        strip = [{k: v for k, v in row.items() if k != "id"} for row in
                 [*list_interactions(db, ann), *list_commitments(db, ann), *list_follow_ups(db, ann)]]
        results.append((strip, sorted((e["table"], e["field"], str(e["value"]).replace(ann, "Ann").replace(ids["Ben"], "Ben").replace(ids["Cem"], "Cem"), "old" in e)
                                      for e in list_changes(db) if e["field"] != "created_at")))
        db.close()
    assert results[0] == results[1]
    assert "Called about samples" in [row.get("summary") for row in results[1][0]]


def test_one_invalid_entry_in_a_bulk_write_writes_none(fresh_db):
    ann = add_contact(fresh_db, display_name="Ann")
    with pytest.raises(ValidationError):
        log_interactions(fresh_db, [{"contact_id": ann, "kind": "call", "summary": "Fine"},
                                    {"contact_id": ann, "kind": "telegram", "summary": "Not a kind"}])
    with pytest.raises(KeyError):
        add_commitments(fresh_db, [{"contact_id": "missing", "description": "x", "owed_by": "us"}])
    assert list_interactions(fresh_db, ann) == [] and list_commitments(fresh_db, ann) == []


def test_add_companies_writes_what_add_company_writes_under_the_ids_given(tmp_path):
    from core.book.contacts import add_companies, add_company
    from core.store.ids import new_id

    companies = [{"name": " Müller  GmbH ", "country": "de", "city": "Essen"}, {"name": "上海贸易", "country": "CN"}]
    rows = []
    for number, bulk in enumerate((False, True)):
        db = open_database(tmp_path / f"{number}.db")
        if bulk:
            chosen = [new_id(), None]
            ids = add_companies(db, [{"id": i, **fields} for i, fields in zip(chosen, companies)])
            assert ids[0] == chosen[0] and ids[1]
        else:
            ids = [add_company(db, **fields) for fields in companies]
        rows.append([db.conn.execute("SELECT name, name_key, country, city FROM companies WHERE id = ?", (i,)).fetchone()
                     for i in ids])
        with pytest.raises(ValidationError):
            add_companies(db, [{"name": "Fine Ltd"}, {"name": "  "}])
        assert db.conn.execute("SELECT count(*) FROM companies").fetchone()[0] == 2
        db.close()
    assert rows[0] == rows[1]
    assert rows[1][0][2:] == ("DE", "Essen")
