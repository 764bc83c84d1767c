import pytest

from core import i18n
from core.settings import FOLLOW_UP_HOURS, HOME_TIME_ZONE, SETTINGS, declare_setting, get_setting, set_setting


def test_settings_fall_back_to_their_declared_default(fresh_db):
    assert get_setting(fresh_db, HOME_TIME_ZONE.key) == HOME_TIME_ZONE.default


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
