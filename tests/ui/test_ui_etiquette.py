"""The Etiquette page: reached from a contact, compared with home, searchable, honest about broken files."""

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel

from core.content.etiquette import DIMENSION_KEYS, SECTION_KEYS
from core.book.settings import (HOME_COUNTRY, HOME_COUNTRY_ASKED, HOME_TIME_ZONE, get_setting, has_saved_setting,
                           set_setting)
from ui.widgets.etiquette_chart import LARGE_BAND, LEGEND_HEIGHT, PARTNER_COLOR, ROW_HEIGHT, EtiquetteChartWidget
from ui.pages.etiquette_page import EtiquettePage
from ui_helpers import add_person

CARD_DIR = Path(__file__).resolve().parents[2] / "resources" / "etiquette"


def make_page(qtbot, **kwargs) -> EtiquettePage:
    page = EtiquettePage(**kwargs)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    qtbot.waitExposed(page)
    return page


def test_before_you_meet_opens_the_japan_card_compared_with_home(qtbot, main_window, gui_db):
    set_setting(gui_db, HOME_COUNTRY.key, "DE")
    tanaka = add_person(gui_db, "Tanaka Hiroshi", native_name="田中 博", country="JP")
    main_window.show_contact(tanaka)
    detail = main_window.contacts_page.detail
    button = detail.before_meeting_button
    assert button.text() == "Before you meet…" and button.isEnabled()

    button.trigger()  # in the pane's More menu

    assert main_window.current_page_key() == "etiquette"
    page = main_window.etiquette_page
    assert main_window.stack.currentWidget() is page
    assert page.country == "JP" and page.home_country == "DE"
    comparison = page.comparison
    assert comparison.partner.country == "JP" and comparison.home.country == "DE"
    assert page.title_label.text() == "Japan"
    qtbot.waitUntil(page.title_label.isVisible)
    # The chart shows home against partner, the most different dimension on top.
    assert page.chart.has_home() and page.chart.rows == comparison.rows
    gaps = [abs(r.difference) for r in page.chart.rows]
    assert gaps == sorted(gaps, reverse=True) and gaps[0] >= 2
    # The tips that matter most for a German come first; then every section of the card.
    texts = [w.text() for w in page.tip_labels]
    assert texts == [t.text for t in comparison.tips]
    assert comparison.tips[0].dimension == comparison.rows[0].key
    for key in SECTION_KEYS:
        assert page.section_frames[key].isVisible()
    assert page.country_list.currentItem().text() == "Japan"
    assert not page.banner.isVisible()


def test_before_you_meet_is_off_without_a_card(qtbot, main_window, gui_db):
    nobody = add_person(gui_db, "Jón Jónsson", country="IS")
    main_window.show_contact(nobody)
    button = main_window.contacts_page.detail.before_meeting_button
    assert not button.isEnabled() and "Iceland" in button.toolTip()
    somewhere = add_person(gui_db, "No Country")
    main_window.show_contact(somewhere)
    assert not button.isEnabled() and "country" in button.toolTip()


def test_search_finds_countries_by_name_code_and_without_accents(qtbot):
    page = make_page(qtbot, home_country="DE")
    assert len(page.visible_countries()) == len(list(CARD_DIR.glob("*.toml")))
    qtbot.keyClicks(page.search_box, "jap")
    assert page.visible_countries() == ["JP"]
    assert page.count_label.text().startswith("1 of ")
    qtbot.keyClick(page.search_box, Qt.Key.Key_Return)
    assert page.country == "JP"
    page.search_box.setText("turkiye")
    assert page.visible_countries() == ["TR"]
    page.search_box.setText("emirates")
    assert page.visible_countries() == ["AE"]
    # Common short names, and the country's name in its own language.
    for typed, code in (("UAE", "AE"), ("usa", "US"), ("Britain", "GB"), ("Holland", "NL"),
                        ("Deutschland", "DE"), ("日本", "JP"), ("Brasil", "BR"), ("한국", "KR")):
        page.search_box.setText(typed)
        assert page.visible_countries() == [code], typed
    page.search_box.clear()
    page.country_list.setCurrentRow(0)
    assert page.country == page.visible_countries()[0]


def test_home_without_a_card_shows_the_partner_alone(qtbot):
    page = make_page(qtbot, home_country="IS")
    page.show_country("BR")
    assert page.comparison.home is None and not page.chart.has_home()
    assert "Iceland" in page.header.subtitle_label.text()
    page.set_home_country("US")
    assert page.comparison.home.country == "US" and page.chart.has_home()
    page.show_country("US")
    assert page.comparison.is_home_country and not page.chart.has_home()


def _card(country: str, scores: dict) -> str:
    dims = "\n".join(f'{k} = {{ score = {scores.get(k, 3)}, reason = "r" }}' for k in DIMENSION_KEYS)
    sections = "\n".join(f'{k} = "About {k}."' for k in SECTION_KEYS)
    return (f'country = "{country}"\nreviewed = 2026-01-01\nsummary = "s"\n[dimensions]\n{dims}\n'
            f'[sections]\n{sections}\n[[dos]]\ntext = "Do."\n[[donts]]\ntext = "Don\'t."\n')


def test_broken_card_file_is_named_in_a_quiet_banner(qtbot, tmp_path):
    (tmp_path / "de.toml").write_text(_card("DE", {}), encoding="utf-8")
    (tmp_path / "jp.toml").write_text(_card("JP", {"hierarchy": 7}), encoding="utf-8")
    page = make_page(qtbot, home_country="DE", directory=tmp_path)
    line = next(n for n, text in enumerate(_card("JP", {"hierarchy": 7}).splitlines(), 1)
                if text.startswith("hierarchy"))
    assert page.banner.isVisible()
    assert f"jp.toml, line {line}" in page.banner.text() and "1 to 5" in page.banner.text()
    assert page.visible_countries() == ["DE"]  # the other card still loads
    for number in range(4):
        (tmp_path / f"x{number}.toml").write_text("= broken", encoding="utf-8")
    page = make_page(qtbot, home_country="DE", directory=tmp_path)
    assert page.banner.text().count("\n") == 4 and "2 more" in page.banner.text()
    assert page.banner.toolTip().count("toml") == 5


def test_chart_draws_partner_dots_on_their_step_and_bands_large_gaps(qtbot, tmp_path):
    (tmp_path / "de.toml").write_text(_card("DE", {"communication": 1}), encoding="utf-8")
    (tmp_path / "jp.toml").write_text(_card("JP", {"communication": 5, "hierarchy": 4}), encoding="utf-8")
    page = make_page(qtbot, home_country="DE", directory=tmp_path)
    page.show_country("JP")
    chart: EtiquetteChartWidget = page.chart
    image = chart.grab().toImage()
    first, second = chart.rows[0], chart.rows[1]
    assert (first.key, first.is_large, second.key, second.is_large) == ("communication", True, "hierarchy", False)
    middle = LEGEND_HEIGHT + ROW_HEIGHT // 2
    ratio = chart.devicePixelRatioF()

    def colour(x, y):
        return QColor(image.pixel(QPoint(int(x * ratio), int(y * ratio))))

    assert colour(chart.marker_x(5), middle) == PARTNER_COLOR
    assert colour(chart.marker_x(4), middle + ROW_HEIGHT) == PARTNER_COLOR
    assert colour(6, middle) == LARGE_BAND  # the large gap's band
    assert colour(6, middle + ROW_HEIGHT) != LARGE_BAND
    assert "r" in chart.row_tooltip(0) and "Japan" in chart.row_tooltip(0)


def test_preferences_change_the_home_country_of_the_page(qtbot, main_window, gui_db):
    main_window.show_page("etiquette")
    page = main_window.etiquette_page
    page.show_country("JP")
    values = {key: get_setting(gui_db, key) for key in (HOME_COUNTRY.key, HOME_TIME_ZONE.key,
                                                       "display_locale", "follow_up_hours")}
    values[HOME_COUNTRY.key] = "US"
    main_window.apply_settings(values)
    assert page.home_country == "US" and page.comparison.home.country == "US"


def test_first_start_asks_for_the_home_country_once(qtbot, main_window, gui_db):
    assert not has_saved_setting(gui_db, HOME_COUNTRY.key)

    def answer():
        dialog = main_window.home_country_dialog
        dialog.country.set_code("JP")
        dialog.accept()

    QTimer.singleShot(0, answer)
    assert main_window.ask_home_country_if_unset()
    assert get_setting(gui_db, HOME_COUNTRY.key) == "JP"
    assert get_setting(gui_db, HOME_TIME_ZONE.key) == "Asia/Tokyo"  # followed, as it was never chosen
    assert not main_window.ask_home_country_if_unset()  # saved: never asked again


def test_later_stores_nothing_and_does_not_ask_again(qtbot, main_window, gui_db, settings):
    QTimer.singleShot(0, lambda: main_window.home_country_dialog.reject())
    assert not main_window.ask_home_country_if_unset()
    assert not has_saved_setting(gui_db, HOME_COUNTRY.key)
    assert int(settings.value(HOME_COUNTRY_ASKED.key)) == 1
    assert not main_window.ask_home_country_if_unset()  # returns at once: no dialog to answer


@pytest.mark.parametrize("code", ["JP", "AE", "BR"])
def test_card_text_is_never_clipped(qtbot, code):
    page = make_page(qtbot, home_country="DE")
    page.show_country(code)
    qtbot.waitUntil(lambda: page.title_label.isVisible() and page.title_label.height() > 0)
    labels = [w for w in page.findChildren(QLabel) if w.wordWrap() and w.isVisible()]
    assert len(labels) > 40
    clipped = [w.text()[:50] for w in labels if w.height() < w.heightForWidth(w.width())]
    assert clipped == []


def test_country_names_follow_the_ui_language(qtbot):
    from core.i18n import install_language

    install_language("de")  # reset to English by the autouse fixture
    page = make_page(qtbot, home_country="DE")
    names = [page.country_list.item(r).text() for r in range(page.country_list.count())]
    assert "Deutschland" in names and "Vereinigte Arabische Emirate" in names
    assert page.title_label.text() == "Deutschland"
    page.search_box.setText("germany")  # the English name still finds it
    assert page.visible_countries() == ["DE"]


def test_escape_clears_the_country_search(qtbot):
    page = make_page(qtbot, home_country="DE")
    qtbot.keyClicks(page.search_box, "jap")
    qtbot.keyClick(page.search_box, Qt.Key.Key_Escape)
    assert page.search_box.text() == ""
    assert len(page.visible_countries()) == len(list(CARD_DIR.glob("*.toml")))


@pytest.mark.parametrize("saved_zone, country", [(None, "GB"), ("Asia/Tokyo", "JP")])
def test_welcome_suggests_the_country_of_the_home_time_shown(qtbot, main_window, gui_db, saved_zone, country):
    from core.book.validation import default_time_zone
    from ui.dialogs.home_country_dialog import HomeCountryDialog
    from ui.operations import operations_for

    # The tests' system speaks en_GB.
    if saved_zone:
        set_setting(gui_db, HOME_TIME_ZONE.key, saved_zone)
    dialog = HomeCountryDialog(operations_for(main_window.runner), main_window)
    assert dialog.country.code() == country
    assert default_time_zone(country) == get_setting(gui_db, HOME_TIME_ZONE.key)
    dialog.deleteLater()


def test_long_country_names_are_wrapped_not_cut(qtbot):
    # In German "Sonderverwaltungsregion…" and "Vereinigte Arabische Emir…" were cut off.
    from core.i18n import install_language

    install_language("de")
    try:
        page = make_page(qtbot, home_country="DE")
        page.resize(1000, 700)
        view = page.country_list
        metrics = view.fontMetrics()
        long_names = 0
        for row in range(view.count()):
            item = view.item(row)
            rect = view.visualItemRect(item)
            if metrics.horizontalAdvance(item.text()) > rect.width() - 8:
                long_names += 1
                assert rect.height() >= 2 * metrics.lineSpacing(), item.text()
            assert item.toolTip().startswith(item.text())
        assert long_names  # the test looked at some
    finally:
        install_language("en")
