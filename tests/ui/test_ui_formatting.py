"""Display formatting: counts, dates, overdue wording, time zones, text direction."""

import json

import pytest
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
    from ui.formatting import load_locale_data, use_saved_country_names

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


def test_saved_country_names_are_per_interface_language_and_a_broken_file_is_ignored(saved_names_folder):
    from core.i18n import install_language
    from ui.formatting import set_display_locale, use_saved_country_names

    saved_names_folder.mkdir()
    (saved_names_folder / "country-names-en_GB.json").write_text('{"JP": "Japan (saved)"}', encoding="utf-8")
    (saved_names_folder / "country-names-de.json").write_text("{not json", encoding="utf-8")
    install_language("de")
    try:
        assert use_saved_country_names() is False
        assert country_display_name("DE") == "Deutschland"  # German from babel
    finally:
        install_language("en")
    assert use_saved_country_names() is True
    assert country_display_name("JP") == "Japan (saved)"
    set_display_locale("de_DE")  # German dates: the names stay English, from babel
    assert country_display_name("DE") == "Germany"
    set_display_locale("en_GB")
    install_language("de")  # another language: not the English names saved
    try:
        assert country_display_name("DE") == "Deutschland"
    finally:
        install_language("en")


@pytest.fixture
def german_dates_english_words():
    """Dates and numbers in German, the interface in English (the two settings apart)."""
    from core.i18n import install_language
    from ui.formatting import set_display_locale

    install_language("en")
    set_display_locale("de_DE")
    yield
    set_display_locale("en_GB")
    install_language("en")


def test_relative_times_and_country_names_follow_the_interface_language_not_the_date_locale(
        german_dates_english_words):
    from ui.formatting import country_choices, language_display_name
    from ui.sync_controller import format_ago

    now = datetime(2026, 11, 23, 12, 0, tzinfo=timezone.utc)
    assert overdue_text(now - timedelta(days=7), now) == "overdue by 1 week"  # was "1 Woche"
    assert country_display_name("DE") == "Germany"  # was "Deutschland"
    assert language_display_name("ko") == "Korean"
    assert ("JP", "Japan") in country_choices()
    assert format_ago((now - timedelta(minutes=5)).isoformat(), now) == "5 min. ago"  # CLDR's "en"
    assert format_date("2026-11-23") == "23.11.2026"  # dates still follow the date locale
    assert format_count(12345) == "12.345"


def test_an_english_interface_with_british_dates_speaks_british_english():
    from ui.formatting import names_locale
    from ui.sync_controller import format_ago

    now = datetime(2026, 11, 23, 12, 0, tzinfo=timezone.utc)
    assert names_locale() == "en_GB"
    assert format_ago((now - timedelta(minutes=5)).isoformat(), now) == "5 min ago"


def test_a_german_interface_names_countries_in_german_with_british_dates():
    from core.i18n import install_language
    from ui.formatting import set_display_locale

    install_language("de")
    set_display_locale("en_GB")
    try:
        now = datetime(2026, 11, 23, 12, 0, tzinfo=timezone.utc)
        assert overdue_text(now - timedelta(days=2), now) == "2 Tage überfällig"
        assert country_display_name("JP") == "Japan" and country_display_name("DE") == "Deutschland"
        assert format_date("2026-11-23") == "23 Nov 2026"
    finally:
        install_language("en")


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
