"""Display formatting: counts, dates, overdue wording, time zones, text direction."""

from datetime import date, datetime, timedelta, timezone

from ui.formatting import (country_display_name, format_count, format_date, format_time,
                           is_right_to_left, overdue_text, zone_city, zone_offset_text)


def test_counts_and_dates_in_british_english():
    assert format_count(12345) == "12,345"
    assert format_date("2026-11-23") == "23 Nov 2026"
    assert format_date(date(2026, 11, 23), "full") == "Monday, 23 November 2026"


def test_times_in_a_zone():
    moment = datetime(2026, 11, 23, 1, 30, tzinfo=timezone.utc)
    assert format_time(moment, "Asia/Shanghai") == "09:30"
    assert format_time(moment, "Europe/Berlin") == "02:30"
    assert zone_city("America/Argentina/Buenos_Aires") == "Buenos Aires"


def test_overdue_wording():
    now = datetime(2026, 11, 23, 12, 0, tzinfo=timezone.utc)
    assert overdue_text(now - timedelta(days=2), now) == "overdue by 2 days"
    assert overdue_text(now - timedelta(hours=3), now) == "overdue by 3 hours"
    assert overdue_text(date(2026, 11, 22), date(2026, 11, 23)) == "overdue by 1 day"


def test_offset_from_home():
    winter = datetime(2026, 11, 23, 12, 0, tzinfo=timezone.utc)
    assert zone_offset_text("Asia/Shanghai", "Europe/Berlin", winter) == "7 h ahead of you"
    assert zone_offset_text("America/New_York", "Europe/Berlin", winter) == "6 h behind you"
    assert zone_offset_text("Asia/Kolkata", "Europe/Berlin", winter) == "4:30 h ahead of you"
    assert zone_offset_text("Europe/Paris", "Europe/Berlin", winter) == "same time as you"


def test_country_names_and_direction():
    assert country_display_name("JP") == "Japan"
    assert country_display_name(None) == ""
    assert is_right_to_left("محمد الراشد") and is_right_to_left("יוסי כהן")
    assert not is_right_to_left("张伟") and not is_right_to_left("(Anna)")
