import pytest

from core import i18n
from core.book.settings import FOLLOW_UP_HOURS, HOME_TIME_ZONE, SETTINGS, declare_setting, get_setting, set_setting


def test_settings_fall_back_to_their_declared_default(fresh_db):
    assert get_setting(fresh_db, FOLLOW_UP_HOURS.key) == FOLLOW_UP_HOURS.default
    assert get_setting(fresh_db, HOME_TIME_ZONE.key) == HOME_TIME_ZONE.default_value()


@pytest.mark.parametrize("lang, country, zone", [("en_GB.UTF-8", "GB", "Europe/London"),
                                                 ("de_AT.UTF-8", "AT", "Europe/Vienna"),
                                                 ("ja_JP.UTF-8", "JP", "Asia/Tokyo"),
                                                 ("de.UTF-8", "DE", "Europe/Berlin")])
def test_home_country_and_zone_follow_the_system_locale_together(fresh_db, monkeypatch, lang, country, zone):
    from core.book.settings import HOME_COUNTRY, suggest_home_country

    monkeypatch.setenv("LANG", lang)
    assert get_setting(fresh_db, HOME_COUNTRY.key) == country == suggest_home_country()
    assert get_setting(fresh_db, HOME_TIME_ZONE.key) == zone
    # A zone the user chose names the country to suggest.
    assert suggest_home_country("America/Los_Angeles") == "US" and suggest_home_country("UTC") == country


def test_settings_round_trip_with_their_type(fresh_db):
    set_setting(fresh_db, FOLLOW_UP_HOURS.key, 24)
    assert get_setting(fresh_db, FOLLOW_UP_HOURS.key) == 24


def test_unknown_or_duplicate_settings_are_refused(fresh_db):
    with pytest.raises(KeyError):
        set_setting(fresh_db, "colour_of_the_sky", "blue")
    with pytest.raises(ValueError):
        declare_setting(HOME_TIME_ZONE.key, str, "UTC", "again")
    assert all(setting.label for setting in SETTINGS.values())


def test_missing_catalog_falls_back_to_english():
    i18n.install_language("xx")
    assert i18n._("Met") == "Met"
    assert i18n.ngettext("{n} contact", "{n} contacts", 2) == "{n} contacts"
    i18n.install_language(None)


@pytest.mark.parametrize("lang, expected", [("de_DE.UTF-8", "de_DE"), ("ja_JP.UTF-8", "ja_JP"),
                                            ("C.UTF-8", "en_GB"), ("", "en_GB")])
def test_date_locale_follows_the_system_until_chosen(fresh_db, monkeypatch, lang, expected):
    from core.book.settings import DISPLAY_LOCALE

    for name in ("LANGUAGE", "LC_ALL", "LC_TIME", "LC_CTYPE", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", lang)
    assert get_setting(fresh_db, DISPLAY_LOCALE.key) == expected
    set_setting(fresh_db, DISPLAY_LOCALE.key, "fr_FR")
    assert get_setting(fresh_db, DISPLAY_LOCALE.key) == "fr_FR"


@pytest.mark.parametrize("key, typed, stored", [("home_country", "germany", "DE"), ("home_country", "USA", "US"),
                                                ("home_time_zone", "Asia/Tokyo", "Asia/Tokyo"),
                                                ("display_locale", "de-DE", "de_DE"),
                                                ("follow_up_hours", "24", 24)])
def test_settings_are_checked_and_stored_normalized(fresh_db, key, typed, stored):
    assert set_setting(fresh_db, key, typed) == stored
    assert get_setting(fresh_db, key) == stored


@pytest.mark.parametrize("key, typed", [("home_country", "Atlantis"), ("home_country", ""),
                                        ("home_time_zone", "Mars/Base"), ("display_locale", "xx_YY"),
                                        ("follow_up_hours", "-5"), ("follow_up_hours", "soon")])
def test_bad_settings_name_the_setting_and_store_nothing(fresh_db, key, typed):
    from core.book.validation import ValidationError

    with pytest.raises(ValidationError) as caught:
        set_setting(fresh_db, key, typed)
    assert caught.value.field == key
    assert fresh_db.conn.execute("SELECT count(*) FROM settings").fetchone() == (0,)


@pytest.mark.parametrize("environment, expected", [
    ({"LANG": "de_DE.UTF-8"}, "de_DE"), ({"LC_ALL": "ja_JP.eucJP", "LANG": "de_DE.UTF-8"}, "ja_JP"),
    ({"LC_TIME": "pt_BR"}, "pt_BR"), ({"LANG": "C"}, "en_GB"), ({"LANG": "POSIX"}, "en_GB"), ({}, "en_GB"),
    ({"LANG": "sr_RS@latin"}, "sr_Cyrl_RS"), ({"LANG": "xx_YY.UTF-8"}, "en_GB")])
def test_the_system_locale_is_read_from_the_environment(monkeypatch, environment, expected):
    from core.book.settings import read_system_locale

    for name in ("LC_ALL", "LC_TIME", "LANG", "LANGUAGE", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert read_system_locale() == expected


def test_an_unset_date_locale_follows_a_chosen_interface_language(fresh_db, monkeypatch):
    from core.book.settings import DISPLAY_LOCALE, INTERFACE_LANGUAGE, get_setting, set_setting

    monkeypatch.setenv("LC_ALL", "en_GB.UTF-8")
    assert get_setting(fresh_db, DISPLAY_LOCALE.key) == "en_GB"
    set_setting(fresh_db, INTERFACE_LANGUAGE.key, "de")
    assert get_setting(fresh_db, DISPLAY_LOCALE.key) == "de"  # not "Monday, 7 December" in German
    set_setting(fresh_db, DISPLAY_LOCALE.key, "en_GB")
    assert get_setting(fresh_db, DISPLAY_LOCALE.key) == "en_GB"  # chosen: kept apart
