"""Display formatting: counts, dates, overdue wording, time zones, text direction."""

import json
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


def test_country_names_are_saved_for_the_next_start(saved_names_folder):
    from ui.formatting import load_locale_data, set_display_locale, use_saved_country_names

    set_display_locale("en_GB")
    assert use_saved_country_names() is False  # nothing saved yet: babel's names
    assert load_locale_data() is False
    saved = json.loads((saved_names_folder / "country-names-en_GB.json").read_text(encoding="utf-8"))
    assert saved["JP"] == "Japan" and saved["DE"] == "Germany"

    # The next start: the saved names show until babel's are loaded (a newer babel may differ).
    saved["JP"] = "Japan (saved)"
    (saved_names_folder / "country-names-en_GB.json").write_text(json.dumps(saved), encoding="utf-8")
    assert use_saved_country_names() is True
    assert country_display_name("JP") == "Japan (saved)"
    assert country_display_name("Q9") == "Q9"  # unknown codes show as themselves, as with babel
    assert load_locale_data() is True  # they differed: what shows them is redrawn
    assert country_display_name("JP") == "Japan"
    again = json.loads((saved_names_folder / "country-names-en_GB.json").read_text(encoding="utf-8"))
    assert again["JP"] == "Japan"


def test_saved_country_names_are_per_locale_and_a_broken_file_is_ignored(saved_names_folder):
    from ui.formatting import set_display_locale, use_saved_country_names

    saved_names_folder.mkdir()
    (saved_names_folder / "country-names-en_GB.json").write_text('{"JP": "Japan (saved)"}', encoding="utf-8")
    (saved_names_folder / "country-names-de_DE.json").write_text("{not json", encoding="utf-8")
    set_display_locale("de_DE")
    try:
        assert use_saved_country_names() is False
        assert country_display_name("JP") == "Japan"  # German from babel
    finally:
        set_display_locale("en_GB")
    assert use_saved_country_names() is True
    assert country_display_name("JP") == "Japan (saved)"
    set_display_locale("de_DE")  # another locale: its own names
    set_display_locale("en_GB")
    assert country_display_name("JP") == "Japan"


def test_number_grouping_is_saved_for_the_next_start(saved_names_folder):
    # The list's count ("100,000 contacts") must not wait for babel's locale data at start.
    from ui.formatting import load_locale_data, set_display_locale, use_saved_country_names

    set_display_locale("en_GB")
    load_locale_data()
    saved = json.loads((saved_names_folder / "number-format-en_GB.json").read_text(encoding="utf-8"))
    assert saved == {"group": ",", "grouping": [3, 3]}
    saved["group"] = "_"  # marks the saved format, to tell it from babel's
    (saved_names_folder / "number-format-en_GB.json").write_text(json.dumps(saved), encoding="utf-8")
    assert use_saved_country_names() is True
    assert [format_count(n) for n in (0, 999, 1000, -12345, 1234567)] == \
        ["0", "999", "1_000", "-12_345", "1_234_567"]
    load_locale_data()
    assert format_count(1234567) == "1,234,567"


def test_saved_number_grouping_matches_babel_or_is_not_saved(saved_names_folder):
    from babel.numbers import format_decimal

    from ui.formatting import load_locale_data, set_display_locale, use_saved_country_names

    try:
        for code in ("en_IN", "de_DE", "fr_FR", "de_CH"):
            set_display_locale(code)
            load_locale_data()
            use_saved_country_names()
            numbers = (7, 1000, 12345, 100000, 12345678, 1234567890)
            assert [format_count(n) for n in numbers] == [format_decimal(n, locale=code) for n in numbers]
            load_locale_data()
        # Swiss German groups 12345678 unlike its pattern in babel: nothing saved, babel decides.
        assert not (saved_names_folder / "number-format-de_CH.json").exists()
        assert (saved_names_folder / "number-format-en_IN.json").exists()
    finally:
        set_display_locale("en_GB")
