"""Edit ▸ Preferences…: the user settings, validated inline and applied at once."""

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from core.book.settings import (MY_PHRASE_GENDER, DISPLAY_LOCALE, FOLLOW_UP_HOURS, HOME_COUNTRY, HOME_TIME_ZONE, INTERFACE_LANGUAGE,
                                MY_CARD_KEYS, get_setting)
from ui.formatting import display_locale, set_display_locale
from ui.dialogs.preferences_dialog import PreferencesDialog
from ui_helpers import operations_on


@pytest.fixture(autouse=True)
def restore_locale():
    """Formatting's locale is global: put it back after each test."""
    yield
    set_display_locale("en_GB")


def make_dialog(qtbot, db):
    dialog = PreferencesDialog(operations_on(db))
    qtbot.addWidget(dialog)
    return dialog


def test_menu_action_opens_preferences_with_every_user_setting(qtbot, main_window, monkeypatch):
    monkeypatch.setenv("LANG", "de_DE.UTF-8")  # at home in Germany: home time is Berlin's
    seen = {}

    def inspect():
        dialog = QApplication.activeModalWidget()
        seen["name"] = dialog.objectName()
        seen["zone"] = dialog.time_zone.zone()
        seen["errors"] = set(dialog._errors)
        dialog.reject()

    QTimer.singleShot(0, inspect)
    main_window.preferences_action.trigger()
    assert seen["name"] == "preferencesDialog"
    assert seen["zone"] == "Europe/Berlin"
    assert seen["errors"] == {INTERFACE_LANGUAGE.key, HOME_COUNTRY.key, HOME_TIME_ZONE.key, DISPLAY_LOCALE.key,
                              FOLLOW_UP_HOURS.key, MY_PHRASE_GENDER.key, *MY_CARD_KEYS}
    assert "Ctrl+," in [k.toString() for k in main_window.preferences_action.shortcuts()]


def test_saving_a_new_home_zone_stores_it_and_today_shows_the_city(qtbot, main_window, gui_db):
    changed = []
    main_window.settings_changed.connect(changed.append)

    def fill():
        dialog = main_window.preferences_dialog
        dialog.time_zone.set_zone("Asia/Tokyo")
        dialog.follow_up_hours.setValue(24)
        dialog.accept()

    QTimer.singleShot(0, fill)
    assert main_window.show_preferences()
    assert get_setting(gui_db, HOME_TIME_ZONE.key) == "Asia/Tokyo"
    assert get_setting(gui_db, FOLLOW_UP_HOURS.key) == 24
    # Untouched settings are not stored: the date locale keeps following the system.
    stored = {key for (key,) in gui_db.conn.execute("SELECT key FROM settings")}
    assert stored == {HOME_TIME_ZONE.key, FOLLOW_UP_HOURS.key}
    assert "home time Tokyo" in main_window.today_page.header.subtitle_label.text()
    assert main_window.contacts_page.detail._home == "Asia/Tokyo"
    assert main_window.contacts_page._follow_up_hours == 24
    assert changed and changed[0][HOME_TIME_ZONE.key] == "Asia/Tokyo"


def test_invalid_zone_shows_an_inline_error_and_writes_nothing(qtbot, gui_db):
    dialog = make_dialog(qtbot, gui_db)
    dialog.time_zone.set_zone("Mars/Olympus")
    dialog.follow_up_hours.setValue(12)
    dialog.accept()
    error = dialog.error_label(HOME_TIME_ZONE.key)
    assert not error.isHidden()
    assert "Mars/Olympus" in error.text()
    assert dialog.result() == 0
    assert gui_db.conn.execute("SELECT COUNT(*) FROM settings").fetchone()[0] == 0


def test_country_change_suggests_its_zone_only_when_the_zone_was_the_default(qtbot, gui_db, monkeypatch):
    monkeypatch.setenv("LANG", "de_DE.UTF-8")  # at home in Germany
    dialog = make_dialog(qtbot, gui_db)
    assert dialog.country.code() == "DE" and dialog.time_zone.zone() == "Europe/Berlin"
    dialog.country.set_code("JP")
    assert dialog.time_zone.zone() == "Asia/Tokyo"
    dialog.time_zone.set_zone("Asia/Seoul")  # chosen by hand: kept
    dialog.country.set_code("FR")
    assert dialog.time_zone.zone() == "Asia/Seoul"


def test_locale_list_shows_native_names_and_applies_on_save(qtbot, gui_db):
    dialog = make_dialog(qtbot, gui_db)
    assert dialog.locale.currentData() == "en_GB"
    index = dialog.locale.findData("de_DE")
    assert dialog.locale.itemText(index).startswith("Deutsch (Deutschland)")
    dialog.locale.setCurrentIndex(index)
    dialog.accept()
    assert get_setting(gui_db, DISPLAY_LOCALE.key) == "de_DE"
    assert dialog.values[DISPLAY_LOCALE.key] == "de_DE"


def test_window_applies_a_new_locale(main_window):
    main_window.apply_settings({DISPLAY_LOCALE.key: "de_DE", HOME_TIME_ZONE.key: "Europe/Berlin",
                                FOLLOW_UP_HOURS.key: 48, HOME_COUNTRY.key: "DE"})
    assert display_locale() == "de_DE"


def test_your_card_is_edited_checked_and_stored(qtbot, gui_db):
    dialog = make_dialog(qtbot, gui_db)
    dialog.card_fields["my_name"].setText("  Anna   Weber ")
    dialog.card_fields["my_phone"].setText("030 901820")
    dialog.card_fields["my_website"].setText("weber.de")
    dialog.accept()
    assert "+ and the country code" in dialog.error_label("my_phone").text()
    assert get_setting(gui_db, "my_name") == ""
    dialog.card_fields["my_phone"].setText("+49 30 901820")
    dialog.accept()
    assert dialog.result() == 1
    assert get_setting(gui_db, "my_name") == "Anna Weber"
    assert get_setting(gui_db, "my_phone") == "+4930901820"
    assert get_setting(gui_db, "my_website") == "https://weber.de"


def test_your_gender_for_phrases_is_chosen_and_stored(qtbot, gui_db):
    dialog = make_dialog(qtbot, gui_db)
    assert dialog.phrase_gender.currentData() == ""
    dialog.phrase_gender.setCurrentIndex(dialog.phrase_gender.findData("feminine"))
    dialog.accept()
    assert get_setting(gui_db, MY_PHRASE_GENDER.key) == "feminine"
    assert make_dialog(qtbot, gui_db).phrase_gender.currentData() == "feminine"


def test_preferences_fit_a_small_screen_with_save_in_view(qtbot, gui_db):
    # 787 px tall in English, 838 in Japanese: Save was below a 720-px screen's edge.
    dialog = make_dialog(qtbot, gui_db)
    assert dialog.minimumSizeHint().height() <= 420
    dialog.resize(580, 420)
    dialog.show()
    qtbot.waitExposed(dialog)
    save = dialog.save_button
    assert save.mapTo(dialog, save.rect().bottomLeft()).y() <= dialog.height()
    assert dialog.interface_language.isVisibleTo(dialog)  # still there, scrolled


def test_preferences_fields_are_not_cut_at_the_right(qtbot, gui_db):
    # The fields scroll down only: the dialog must be as wide as they need beside the scroll bar.
    from PySide6.QtWidgets import QScrollArea

    dialog = make_dialog(qtbot, gui_db)
    dialog.show()
    qtbot.waitExposed(dialog)
    scroll = dialog.findChild(QScrollArea)
    assert scroll.viewport().width() >= scroll.widget().minimumSizeHint().width()
