"""Every etiquette card in every language the interface ships whose translation is done."""

import tomllib

import pytest

from core.content.etiquette import load_etiquette_cards
from core.content.etiquette_translations import check_card_overlays, translated_card
from core.paths import resource_path

CARDS = load_etiquette_cards()
# Every interface language but English has every card, current (an outdated one is shown in
# English: a card corrected without its translations fails here).
COMPLETE = ("de", "ja", "zh", "es", "fr")


@pytest.mark.parametrize("language", COMPLETE)
def test_every_card_is_translated_and_current(language):
    assert check_card_overlays(language) == []
    for card in CARDS.cards.values():
        shown = translated_card(card, language)
        assert shown is not card, f"{language}/{card.country.lower()}.toml is missing or outdated"
        assert shown.summary != card.summary


def test_the_chinese_interface_reads_the_zh_cards():
    card = CARDS.cards["DE"]
    assert translated_card(card, "zh_CN").summary == translated_card(card, "zh").summary


def test_the_command_line_shows_the_card_in_the_interface_language(monkeypatch, capsys, tmp_path):
    from main import main

    monkeypatch.setenv("LANGUAGE", "ja")
    assert main(["--db", str(tmp_path / "b.db"), "--create", "etiquette", "CN", "--home", "DE"]) == 0
    shown = capsys.readouterr().out
    overlay = tomllib.loads((resource_path("etiquette") / "ja" / "cn.toml").read_text(encoding="utf-8"))
    assert "".join(overlay["summary"].split())[:40] in "".join(shown.split())
