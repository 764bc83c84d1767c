"""The time model (docs/time.md): UTC plus the zone it was typed in; shown there, named by a city."""

import re
import shutil
import subprocess
from datetime import date, datetime, timedelta, timezone

import pytest

from core.book.activity import list_follow_ups, list_interactions, log_interaction, schedule_follow_up
from core.book.contacts import add_contact
from core.book.events import add_event
from core.book.times import (choose_entry_zone, date_pattern, format_zoned_time, list_zone_places,
                             qt_date_format, wall_to_utc, zone_city)
from core.book.validation import ValidationError


def test_zones_are_named_by_cities_in_the_locale():
    assert zone_city("America/Los_Angeles") == "Los Angeles"
    assert zone_city("Asia/Kolkata", "de") == "Kalkutta"
    assert zone_city("Asia/Calcutta", "en") == "Kolkata"  # an old alias reads as the city too
    assert zone_city("UTC") == "UTC"
    assert zone_city(None) == ""
    places = dict(list_zone_places("en"))
    assert places["Asia/Shanghai"] == "Shanghai — China"
    assert not [name for name in places.values() if "/" in name]
    assert dict(list_zone_places("de"))["Europe/Vienna"] == "Wien — Österreich"


def test_a_time_shows_where_it_happens_then_at_home():
    moment = "2026-12-07T17:00:00+00:00"
    assert format_zoned_time(moment, "America/Los_Angeles", "Europe/Berlin", city="Las Vegas") \
        == "09:00 Las Vegas · 18:00 Berlin (home)"
    assert format_zoned_time(moment, "America/Los_Angeles", "Europe/Berlin", with_date=True) \
        == "7 Dec 2026, 09:00 Los Angeles · 18:00 Berlin (home)"
    assert format_zoned_time(moment, "Europe/Berlin", "Europe/Berlin", with_date=True) == "7 Dec 2026, 18:00 Berlin (home)"
    assert format_zoned_time(moment, None, "Europe/Berlin") == "18:00 Berlin (home)"  # older rows: home
    assert format_zoned_time(moment, "America/Los_Angeles", "Europe/Berlin", locale="en_US") \
        == "9:00\u202fAM Los Angeles · 6:00\u202fPM Berlin (home)"


def test_german_names_home_heimat():
    from core.i18n import install_language

    install_language("de")
    moment = "2026-12-07T17:00:00+00:00"
    assert format_zoned_time(moment, "Asia/Kolkata", "Europe/Berlin", locale="de_DE", names_locale="de") \
        == "22:30 Kalkutta · 18:00 Berlin (Heimat)"


def test_wall_time_in_a_zone_and_the_clock_changes():
    assert wall_to_utc(datetime(2026, 12, 7, 9, 0), "America/Los_Angeles") \
        == datetime(2026, 12, 7, 17, 0, tzinfo=timezone.utc)
    # Clocks go back in Berlin on 25 Oct 2026: 02:30 happens twice; the first (summer time) is meant.
    assert wall_to_utc(datetime(2026, 10, 25, 2, 30), "Europe/Berlin") == datetime(2026, 10, 25, 0, 30,
                                                                                    tzinfo=timezone.utc)
    # Clocks go forward on 29 Mar 2026: 02:30 does not exist; it is read as 03:30 summer time.
    skipped = wall_to_utc(datetime(2026, 3, 29, 2, 30), "Europe/Berlin")
    assert skipped == datetime(2026, 3, 29, 1, 30, tzinfo=timezone.utc)


def test_interactions_and_follow_ups_keep_utc_and_their_zone(fresh_db):
    contact = add_contact(fresh_db, display_name="Kim Min-jun", country="KR")
    log_interaction(fresh_db, contact, kind="meeting", summary="Booth talk",
                    occurred_at="2026-12-07T09:00", time_zone="America/Los_Angeles")
    schedule_follow_up(fresh_db, contact, due_at=datetime(2026, 12, 9, 10, 0), time_zone="Asia/Seoul")
    (logged,) = list_interactions(fresh_db, contact)
    assert (logged["occurred_at"], logged["time_zone"]) == ("2026-12-07T17:00:00+00:00", "America/Los_Angeles")
    (due,) = list_follow_ups(fresh_db, contact)
    assert (due["due_at"], due["time_zone"]) == ("2026-12-09T01:00:00+00:00", "Asia/Seoul")
    # An aware time stays the moment it is, whatever zone it is shown in.
    log_interaction(fresh_db, contact, kind="note", summary="x",
                    occurred_at=datetime(2026, 12, 8, 12, 0, tzinfo=timezone.utc), time_zone="Asia/Seoul")
    assert list_interactions(fresh_db, contact)[0]["occurred_at"] == "2026-12-08T12:00:00+00:00"
    with pytest.raises(ValidationError) as refused:
        schedule_follow_up(fresh_db, contact, due_at="2026-12-09T10:00", time_zone="Mars/Olympus")
    assert refused.value.field == "time_zone"
    with pytest.raises(ValidationError):  # no zone, no offset: which 10:00?
        schedule_follow_up(fresh_db, contact, due_at="2026-12-09T10:00")


def test_entry_zone_is_the_fairs_then_the_partners_then_home(fresh_db):
    now = datetime(2026, 1, 7, 18, 0, tzinfo=timezone.utc)  # 10:00 at CES
    ces = add_event(fresh_db, name="CES", city="Las Vegas", time_zone="America/Los_Angeles",
                    starts_on="2026-01-06", ends_on="2026-01-09")
    met_there = add_contact(fresh_db, display_name="Kim Min-jun", country="KR", met_event_id=ces)
    elsewhere = add_contact(fresh_db, display_name="Zhang Wei", country="CN")
    nowhere = add_contact(fresh_db, display_name="Sam")
    assert choose_entry_zone(fresh_db, met_there, "Europe/Berlin", now=now) == ("America/Los_Angeles", "Las Vegas")
    assert choose_entry_zone(fresh_db, elsewhere, "Europe/Berlin", now=now) == ("Asia/Shanghai", None)
    assert choose_entry_zone(fresh_db, nowhere, "Europe/Berlin", now=now) == ("Europe/Berlin", None)
    from core.book.events import add_meeting

    add_meeting(fresh_db, elsewhere, starts_at="2026-01-08T11:00", event_id=ces)  # meets them at CES
    assert choose_entry_zone(fresh_db, elsewhere, "Europe/Berlin", now=now) == ("America/Los_Angeles", "Las Vegas")
    after = now + timedelta(days=10)  # CES is over: the partner's own zone
    assert choose_entry_zone(fresh_db, met_there, "Europe/Berlin", now=after) == ("Asia/Seoul", None)


def test_date_patterns_follow_the_locale_and_become_qt_formats():
    assert date_pattern("en_GB") == "d MMM y"
    assert date_pattern("de_DE", with_time=True) == "dd.MM.y, HH:mm"
    assert qt_date_format(date_pattern("de_DE", with_time=True)) == "dd.MM.yyyy, HH:mm"
    assert qt_date_format(date_pattern("en_US", with_time=True)) == "MMM d, yyyy, h:mm\u202fAP"
    assert qt_date_format("y年M月d日") == "yyyy年M月d日"
    assert qt_date_format("d 'de' MMMM 'de' y") == "d 'de' MMMM 'de' yyyy"


def test_dossier_writes_dates_as_the_app_does(fresh_db):
    """The app writes en_GB dates ("7 Dec 2026"): an English dossier for that user does too."""
    from babel.dates import format_date

    from core.book.settings import DISPLAY_LOCALE, set_setting
    from core.book.times import date_locale_for as dossier_date_locale
    from core.dossier.render import _Writer

    day = date(2026, 12, 7)
    assert dossier_date_locale("en", "en_GB") == "en_GB"
    assert dossier_date_locale("de", "en_GB") == "de"  # a German dossier writes German dates
    assert dossier_date_locale("de", "de_AT") == "de_AT"
    for locale in ("en_GB", "en_US", "de_DE"):
        set_setting(fresh_db, DISPLAY_LOCALE.key, locale)
        writer = _Writer(locale.split("_")[0], date_locale=locale)
        assert writer.date(day) == format_date(day, date_pattern(locale), locale=locale)
    assert _Writer("en", date_locale="en_GB").date(day) == "7 Dec 2026"


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs poppler's pdftotext")
def test_english_dossier_pdf_uses_british_dates_and_cities(fresh_db, tmp_path):
    from core.book.events import add_meeting
    from core.book.settings import DISPLAY_LOCALE, HOME_TIME_ZONE, set_setting
    from core.dossier.render import render_dossier

    set_setting(fresh_db, DISPLAY_LOCALE.key, "en_GB")
    set_setting(fresh_db, HOME_TIME_ZONE.key, "Europe/Berlin")
    ces = add_event(fresh_db, name="CES", city="Las Vegas", time_zone="America/Los_Angeles")
    contact = add_contact(fresh_db, display_name="Kim Min-jun", country="KR", met_event_id=ces)
    meeting = add_meeting(fresh_db, contact, starts_at="2026-12-07T15:30", event_id=ces)
    path = tmp_path / "dossier.pdf"
    render_dossier(fresh_db, contact, path, language="en", meeting_id=meeting,
                   now=datetime(2026, 12, 6, tzinfo=timezone.utc))
    text = " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert "7 Dec 2026, 15:30 Las Vegas" in text
    assert "Dec 7, 2026" not in text and "America/Los_Angeles" not in text
    assert re.search(r"8 Dec 2026, 00:30 Berlin \(home\)", text)
