from datetime import date, datetime, timedelta, timezone

import pytest

from core.book.activity import (add_commitment, change_stage, complete_commitment, complete_follow_up,
                           list_commitments, list_interactions, list_stage_history,
                           log_interaction, schedule_follow_up, summarize_promises)
from core.book.contacts import add_contact, get_contact
from core.book.events import add_event, add_meeting, list_meetings
from core.book.today import count_overdue, list_today
from core.book.validation import ValidationError

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=timezone.utc)


@pytest.fixture
def contact(fresh_db):
    return add_contact(fresh_db, display_name="Wang Fang", native_name="王芳", country="CN")


def test_stage_changes_are_kept_as_history(fresh_db, contact):
    assert change_stage(fresh_db, contact, "rapport", note="Dinner went well")
    assert not change_stage(fresh_db, contact, "rapport")
    change_stage(fresh_db, contact, "trial_order")
    history = list_stage_history(fresh_db, contact)
    assert [h["stage"] for h in history] == ["met", "rapport", "trial_order"]
    assert history[1]["previous_stage"] == "met" and history[1]["note"] == "Dinner went well"
    assert get_contact(fresh_db, contact)["stage"] == "trial_order"


def test_unknown_stage_is_refused(fresh_db, contact):
    with pytest.raises(ValidationError):
        change_stage(fresh_db, contact, "best friends")


def test_interactions_are_an_append_only_log_newest_first(fresh_db, contact):
    log_interaction(fresh_db, contact, kind="meeting", summary="Booth talk",
                    occurred_at=NOW - timedelta(days=1))
    log_interaction(fresh_db, contact, kind="email", summary="Sent price list", occurred_at=NOW)
    assert [i["summary"] for i in list_interactions(fresh_db, contact)] == ["Sent price list", "Booth talk"]
    with pytest.raises(ValidationError):
        log_interaction(fresh_db, contact, kind="telepathy", summary="?")
    with pytest.raises(ValidationError):
        log_interaction(fresh_db, contact, kind="note", summary="  ")


def test_share_of_promises_kept_counts_late_and_overdue(fresh_db, contact):
    on_time = add_commitment(fresh_db, contact, description="Samples", owed_by="us", due_on="2026-11-20")
    late = add_commitment(fresh_db, contact, description="Price list", owed_by="us", due_on="2026-11-10")
    add_commitment(fresh_db, contact, description="Catalogue", owed_by="us", due_on="2026-11-01")
    add_commitment(fresh_db, contact, description="Certificate", owed_by="them", due_on="2026-12-30")
    complete_commitment(fresh_db, on_time, when="2026-11-19T10:00:00+00:00")
    complete_commitment(fresh_db, late, when="2026-11-15T10:00:00+00:00")
    summary = summarize_promises(fresh_db, contact, today=date(2026, 11, 23))
    assert summary["us"] == {"due": 3, "kept": 1, "share": pytest.approx(1 / 3)}
    assert summary["them"] == {"due": 0, "kept": 0, "share": None}
    assert [c["description"] for c in list_commitments(fresh_db, contact, open_only=True)] == [
        "Catalogue", "Certificate"]


def test_commitment_needs_a_side(fresh_db, contact):
    with pytest.raises(ValidationError):
        add_commitment(fresh_db, contact, description="x", owed_by="nobody")


def test_today_lists_overdue_follow_ups_promises_and_meetings_in_fair_time(fresh_db, contact):
    fair = add_event(fresh_db, name="Canton Fair", city="Guangzhou", country="CN",
                     time_zone="Asia/Shanghai", starts_on="2026-11-20", ends_on="2026-11-26")
    overdue = schedule_follow_up(fresh_db, contact, due_at=NOW - timedelta(days=2), reason="Quote")
    schedule_follow_up(fresh_db, contact, due_at=NOW + timedelta(days=5))
    add_commitment(fresh_db, contact, description="Send samples", owed_by="us", due_on="2026-11-21")
    # 17:30 in Guangzhou on the 23rd is today there; 07:00 on the 24th is not.
    add_meeting(fresh_db, contact, starts_at="2026-11-23T17:30", event_id=fair, place="Hall 9.2")
    add_meeting(fresh_db, contact, starts_at="2026-11-24T07:00", event_id=fair)

    today = list_today(fresh_db, now=NOW, home_time_zone="Europe/Berlin")
    assert [f["id"] for f in today["follow_ups"]] == [overdue]
    assert today["follow_ups"][0]["overdue"]
    assert today["commitments"][0]["overdue"] and today["commitments"][0]["owed_by"] == "us"
    [meeting] = today["meetings"]
    assert meeting["fair_time"].startswith("2026-11-23T17:30") and meeting["home_time"].startswith(
        "2026-11-23T10:30")
    assert count_overdue(today) == 2

    complete_follow_up(fresh_db, overdue)
    assert list_today(fresh_db, now=NOW, home_time_zone="Europe/Berlin")["follow_ups"] == []


def test_meeting_time_without_zone_is_read_in_the_events_zone(fresh_db, contact):
    fair = add_event(fresh_db, name="Foodex", time_zone="Asia/Tokyo")
    add_meeting(fresh_db, contact, starts_at="2026-03-10T10:00", event_id=fair)
    assert list_meetings(fresh_db)[0]["starts_at"] == "2026-03-10T01:00:00+00:00"


def test_event_end_before_start_is_refused(fresh_db):
    with pytest.raises(ValidationError, match="ends before"):
        add_event(fresh_db, name="X", starts_on="2026-05-02", ends_on="2026-05-01")


def test_promise_kept_late_evening_in_the_home_zone_is_on_time(fresh_db, contact):
    item = add_commitment(fresh_db, contact, description="Samples", owed_by="us", due_on="2026-11-20")
    # 20:00 in Chicago on the due day is already the 21st in UTC.
    complete_commitment(fresh_db, item, when="2026-11-20T20:00:00-06:00")
    summary = summarize_promises(fresh_db, contact, today=date(2026, 11, 23), time_zone="America/Chicago")
    assert summary["us"] == {"due": 1, "kept": 1, "share": 1.0}


def test_stage_history_starts_when_we_met(fresh_db):
    cid = add_contact(fresh_db, display_name="Ana Costa", met_on="2025-03-01")
    change_stage(fresh_db, cid, "rapport", when="2025-06-01T10:00:00+00:00")
    assert [h["stage"] for h in list_stage_history(fresh_db, cid)] == ["met", "rapport"]


def test_follow_up_done_time_can_be_given(fresh_db, contact):
    item = schedule_follow_up(fresh_db, contact, due_at=NOW)
    complete_follow_up(fresh_db, item, when=NOW + timedelta(hours=1))
    assert fresh_db.conn.execute("SELECT done_at FROM follow_ups WHERE id = ?", (item,)).fetchone() == (
        "2026-11-23T09:00:00+00:00",)


def test_meetings_of_deleted_contacts_leave_today(fresh_db, contact):
    from core.book.contacts import delete_contact

    add_meeting(fresh_db, contact, starts_at=NOW + timedelta(hours=1), time_zone="UTC")
    delete_contact(fresh_db, contact)
    assert list_today(fresh_db, now=NOW)["meetings"] == []
    assert list_meetings(fresh_db) == []


@pytest.mark.parametrize("blank", ["", "   "])
def test_blank_times_are_a_validation_error(fresh_db, contact, blank):
    with pytest.raises(ValidationError):
        schedule_follow_up(fresh_db, contact, due_at=blank)
    with pytest.raises(ValidationError):
        log_interaction(fresh_db, contact, kind="note", summary="x", occurred_at=blank)


def test_meetings_can_be_moved_and_cancelled(fresh_db, contact):
    from core.book.events import cancel_meeting, move_meeting

    meeting = add_meeting(fresh_db, contact, starts_at=NOW, time_zone="Asia/Shanghai")
    move_meeting(fresh_db, meeting, starts_at=NOW + timedelta(hours=2))
    assert list_meetings(fresh_db)[0]["starts_at"] == "2026-11-23T10:00:00+00:00"
    with pytest.raises(ValidationError):
        move_meeting(fresh_db, meeting, starts_at=datetime(2026, 11, 23, 12, 0))
    cancel_meeting(fresh_db, meeting)
    assert list_meetings(fresh_db) == []
