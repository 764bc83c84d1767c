"""The interface language: chosen once (a setting), shared by the app and the command line,
apart from the locale of dates and numbers; every shipped catalog is offered."""

import shutil

import pytest

from core import i18n
from core.book.settings import (DISPLAY_LOCALE, INTERFACE_LANGUAGE, choose_interface_language, get_setting,
                                peek_setting, set_setting)
from core.book.validation import ValidationError
from core.store.db import open_database
from main import main


@pytest.fixture
def more_catalogs(tmp_path, monkeypatch):
    """A locale folder with German and two catalogs as the new languages will ship them."""
    folder = tmp_path / "locale"
    german = i18n.LOCALE_DIR / "de" / "LC_MESSAGES" / "fairmate.mo"
    for code in ("de", "ja", "zh_Hans"):
        (folder / code / "LC_MESSAGES").mkdir(parents=True)
        shutil.copy(german, folder / code / "LC_MESSAGES" / "fairmate.mo")
    (folder / "fr" / "LC_MESSAGES").mkdir(parents=True)  # a .po being written, nothing compiled yet
    (folder / "fr" / "LC_MESSAGES" / "fairmate.po").write_text("", encoding="utf-8")
    monkeypatch.setattr(i18n, "LOCALE_DIR", folder)
    return folder


def test_shipped_languages_are_english_and_every_compiled_catalog(more_catalogs):
    assert i18n.shipped_languages() == ["en", "de", "ja", "zh_Hans"]
    assert [i18n.language_own_name(c) for c in i18n.shipped_languages()] == ["English", "Deutsch", "日本語",
                                                                              "中文 (简体)"]


def test_a_system_locale_finds_the_catalog_of_its_language_and_script(more_catalogs):
    assert i18n.match_shipped_language("de_AT.UTF-8") == "de"
    assert i18n.match_shipped_language("ja_JP") == "ja"
    assert i18n.match_shipped_language("zh_CN.UTF-8") == "zh_Hans"  # Simplified Chinese
    assert i18n.match_shipped_language("zh_TW") is None  # Traditional: not the Simplified catalog
    assert i18n.match_shipped_language("en_US") == "en"
    assert i18n.match_shipped_language("fr_FR") is None and i18n.match_shipped_language("C") is None
    i18n.install_language("zh_CN")
    assert i18n.current_language() == "zh_Hans"


def test_english_first_in_language_wins_over_a_catalog_after_it(monkeypatch):
    monkeypatch.setenv("LANGUAGE", "en:de")
    i18n.install_language(None)
    assert i18n._("Contacts") == "Contacts" and i18n.current_language() == "en"
    monkeypatch.setenv("LANGUAGE", "it:de")  # no Italian catalog: the next one
    i18n.install_language(None)
    assert i18n._("Contacts") == "Kontakte" and i18n.current_language() == "de"


def test_the_setting_accepts_a_shipped_language_or_the_system_default(fresh_db):
    assert get_setting(fresh_db, INTERFACE_LANGUAGE.key) == ""  # the system's language
    assert set_setting(fresh_db, INTERFACE_LANGUAGE.key, "de") == "de"
    assert get_setting(fresh_db, INTERFACE_LANGUAGE.key) == "de"
    # Dates and numbers have their own setting; unset, they follow the language chosen here.
    assert get_setting(fresh_db, DISPLAY_LOCALE.key) == "de"
    set_setting(fresh_db, DISPLAY_LOCALE.key, "en_GB")
    assert get_setting(fresh_db, DISPLAY_LOCALE.key) == "en_GB"
    with pytest.raises(ValidationError) as refused:
        set_setting(fresh_db, INTERFACE_LANGUAGE.key, "xx")
    assert "'xx'" in refused.value.message and "de" in refused.value.message
    assert set_setting(fresh_db, INTERFACE_LANGUAGE.key, "") == ""


def test_the_setting_is_read_from_the_file_before_the_book_opens(tmp_path):
    path = tmp_path / "book.db"
    assert peek_setting(path, INTERFACE_LANGUAGE.key) is None  # no book yet, and none is created
    assert not path.exists()
    db = open_database(path)
    try:
        set_setting(db, INTERFACE_LANGUAGE.key, "de")
        assert peek_setting(path, INTERFACE_LANGUAGE.key) == "de"  # while the book is open, too
    finally:
        db.close()
    assert peek_setting(path, INTERFACE_LANGUAGE.key) == "de"
    (tmp_path / "junk.db").write_bytes(b"not a database" * 100)
    assert peek_setting(tmp_path / "junk.db", INTERFACE_LANGUAGE.key) is None


def test_the_command_line_honours_the_setting_unless_the_environment_names_a_language():
    assert choose_interface_language("de", {"LANG": "en_GB.UTF-8"}, environment_wins=True) == "de"
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        assert choose_interface_language("de", {name: "en_GB.UTF-8"}, environment_wins=True) is None
    assert choose_interface_language("de", {"LANGUAGE": "fr"}) == "de"  # the app: the setting wins
    assert choose_interface_language("", {}) is None  # system default
    assert choose_interface_language("xx", {}) is None  # a catalog no longer shipped


def test_a_command_speaks_the_saved_language(tmp_path, capsys, monkeypatch):
    path = tmp_path / "book.db"
    db = open_database(path)
    set_setting(db, INTERFACE_LANGUAGE.key, "de")
    db.close()
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    assert main(["--db", str(path), "today"]) == 0
    assert "Termine: keine" in capsys.readouterr().out

    monkeypatch.setenv("LANGUAGE", "en")  # named for this command: English
    assert main(["--db", str(path), "today"]) == 0
    assert "Meetings: none" in capsys.readouterr().out
