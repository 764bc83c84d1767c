"""The Etiquette page in German shows the German translation of a card."""

from PySide6.QtWidgets import QLabel

from core.content.etiquette import get_etiquette_card
from core.content.etiquette_translations import translated_card
from ui.pages.etiquette_page import EtiquettePage


def test_the_german_page_shows_the_german_card(qtbot):
    from core.i18n import install_language

    install_language("de")  # reset to English by the autouse fixture
    page = EtiquettePage(home_country="DE")
    qtbot.addWidget(page)
    page.show_country("CN")
    german = translated_card(get_etiquette_card("CN"), "de")
    summary = page.findChildren(QLabel, "etiquetteSummary")[-1]  # the card shown last
    assert summary.text() == german.summary and summary.text().startswith("In Festlandchina")
    assert [w.text() for w in page.tip_labels] == [t.text for t in page.comparison.tips]
    assert page.comparison.tips[0].text in [t.text for t in german.tips]
    assert page.comparison.rows[0].partner_reason == german.dimensions[page.comparison.rows[0].key].reason


def test_the_english_page_shows_the_english_card(qtbot):
    page = EtiquettePage(home_country="DE")
    qtbot.addWidget(page)
    page.show_country("CN")
    summary = page.findChildren(QLabel, "etiquetteSummary")[-1]  # the card shown last
    assert summary.text() == get_etiquette_card("CN").summary
