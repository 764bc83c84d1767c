"""Which fair is running now: the default of "Met at" and of Plan meeting at the booth."""

from datetime import datetime, timezone

from core.book.events import add_event, find_running_event


def test_the_fair_whose_dates_include_today_in_its_own_zone(fresh_db):
    add_event(fresh_db, name="IFA", time_zone="Europe/Berlin", starts_on="2026-09-04", ends_on="2026-09-08")
    ces = add_event(fresh_db, name="CES", time_zone="America/Los_Angeles",
                    starts_on="2027-01-06", ends_on="2027-01-09")
    # 05:00 UTC on 10 January is still the evening of the 9th in Las Vegas: CES is on.
    running = find_running_event(fresh_db, now=datetime(2027, 1, 10, 5, 0, tzinfo=timezone.utc))
    assert running["id"] == ces and running["today"] == "2027-01-09"
    assert find_running_event(fresh_db, now=datetime(2027, 1, 10, 9, 0, tzinfo=timezone.utc)) is None
    assert find_running_event(fresh_db, now=datetime(2027, 1, 5, 20, 0, tzinfo=timezone.utc)) is None


def test_a_one_day_event_and_the_latest_of_two_overlapping(fresh_db):
    add_event(fresh_db, name="Canton Fair", time_zone="Asia/Shanghai", starts_on="2026-10-15",
              ends_on="2026-11-04")
    meetup = add_event(fresh_db, name="Buyers' evening", time_zone="Asia/Shanghai", starts_on="2026-10-20")
    now = datetime(2026, 10, 20, 3, 0, tzinfo=timezone.utc)
    assert find_running_event(fresh_db, now=now)["id"] == meetup
    assert find_running_event(fresh_db, now=datetime(2026, 10, 21, 3, 0, tzinfo=timezone.utc))["name"] \
        == "Canton Fair"


def test_no_dates_or_no_events_means_none(fresh_db):
    assert find_running_event(fresh_db) is None
    add_event(fresh_db, name="Somewhere, some day")
    assert find_running_event(fresh_db) is None
