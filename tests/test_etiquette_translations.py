"""Etiquette cards in other languages: overlays replace the text only when complete and current."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from core.content.etiquette import DIMENSION_KEYS, SECTION_KEYS, get_etiquette_card, load_etiquette_cards
from core.content.etiquette_translations import (check_card_overlays, check_overlay, load_card_overlays,
                                                 translated_card, translated_library)

CARD_DIR = Path(__file__).resolve().parents[1] / "resources" / "etiquette"
GERMAN_FILES = sorted((CARD_DIR / "de").glob("*.toml"))


@pytest.fixture
def cards(tmp_path):
    """A folder with the English card of China and its German overlay, to be edited by a test."""
    shutil.copy(CARD_DIR / "cn.toml", tmp_path / "cn.toml")
    (tmp_path / "de").mkdir()
    shutil.copy(CARD_DIR / "de" / "cn.toml", tmp_path / "de" / "cn.toml")
    return tmp_path


def edit_overlay(folder: Path, old: str, new: str) -> Path:
    path = folder / "de" / "cn.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def line_of(path: Path, start: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if line.startswith(start))


def test_a_german_overlay_replaces_the_text_and_keeps_scores_and_dimensions(cards):
    assert check_card_overlays("de", cards) == []
    english = load_etiquette_cards(cards).get("CN")
    german = translated_card(english, "de")
    assert german.summary.startswith("In Festlandchina beruhen Geschäfte auf Beziehungen (guanxi)")
    assert german.dos[0].text == "Lassen Sie sich von jemandem vorstellen, dem der Partner bereits vertraut."
    assert [t.dimension for t in german.tips] == [t.dimension for t in english.tips]
    assert [t.kind for t in german.tips] == [t.kind for t in english.tips]
    assert {k: d.score for k, d in german.dimensions.items()} == {k: d.score for k, d in english.dimensions.items()}
    assert german.dimensions["hierarchy"].reason.startswith("Der Chef (laoban)")
    assert set(german.sections) == set(SECTION_KEYS) and "Bankette" in german.sections["dining_drinking"]
    assert german.excluded_phrases == english.excluded_phrases
    assert translated_card(english, "en") is english and translated_card(english, "fr") is english
    assert translated_library(load_etiquette_cards(cards), "de_DE").get("CN") == german


def test_an_outdated_overlay_is_reported_and_not_used(cards):
    path = edit_overlay(cards, "translates = 2026-11-23", "translates = 2026-10-01")
    errors = check_card_overlays("de", cards)
    assert [(e.file, e.line) for e in errors] == [("de/cn.toml", 1)]
    assert "outdated" in errors[0].message and "2026-10-01" in errors[0].message
    english = load_etiquette_cards(cards).get("CN")
    assert translated_card(english, "de") is english
    overlay = load_card_overlays("de", cards).overlays["CN"]
    assert check_overlay(overlay, english) == errors and path.exists()


def test_a_missing_section_or_dimension_is_reported_with_file_and_line(cards):
    path = edit_overlay(cards, 'hierarchy = "Der Chef', 'hierarchie = "Der Chef')
    edit_overlay(cards, 'dress = """', 'kleidung = """')
    errors = check_card_overlays("de", cards)
    lines = {e.line for e in errors}
    assert {e.file for e in errors} == {"de/cn.toml"}
    assert line_of(path, "hierarchie =") in lines and line_of(path, "kleidung =") in lines  # unknown keys
    assert line_of(path, "[dimensions]") in lines and line_of(path, "[sections]") in lines  # missing ones
    assert any("dimensions.hierarchy" in e.message for e in errors)
    assert any("sections.dress" in e.message for e in errors)
    english = load_etiquette_cards(cards).get("CN")
    assert translated_card(english, "de") is english


def test_a_wrong_number_of_dos_is_reported_with_file_and_line(cards):
    path = edit_overlay(cards, '  "Nehmen Sie Einladungen zu Banketten an und erwidern Sie die Gastfreundschaft.",\n', "")
    errors = check_card_overlays("de", cards)
    assert [(e.file, e.line) for e in errors] == [("de/cn.toml", line_of(path, "dos ="))]
    assert "5" in errors[0].message and "6" in errors[0].message
    english = load_etiquette_cards(cards).get("CN")
    assert translated_card(english, "de") is english


def test_bad_toml_is_reported_and_the_english_card_still_shows(cards):
    edit_overlay(cards, 'summary = "', 'summary = ')
    errors = check_card_overlays("de", cards)
    assert [(e.file, e.line) for e in errors] == [("de/cn.toml", 2)]
    english = load_etiquette_cards(cards).get("CN")
    assert translated_card(english, "de") is english


# Cards written in English that still wait for their German text (the app shows them in English).
# The list may only shrink: a new card comes with its German overlay or is named here.
AWAITING_GERMAN: set[str] = set()


def test_every_card_has_its_german_text_or_is_named_as_waiting():
    english = {p.stem for p in CARD_DIR.glob("*.toml")}
    german = {p.stem for p in GERMAN_FILES}
    assert english - german == AWAITING_GERMAN


@pytest.mark.parametrize("path", GERMAN_FILES, ids=lambda p: p.name)
def test_every_german_overlay_is_complete_and_current(path):
    errors = [e for e in check_card_overlays("de") if e.file == f"de/{path.name}"]
    assert errors == []
    english = get_etiquette_card(path.stem.upper())
    german = translated_card(english, "de")
    assert german.summary != english.summary
    assert set(german.dimensions) == set(DIMENSION_KEYS)
    # The same paragraphs and bullets as the English card.
    for key in SECTION_KEYS:
        assert german.sections[key].count("\n\n") == english.sections[key].count("\n\n"), key
        assert german.sections[key].count("\n- ") == english.sections[key].count("\n- "), key


def test_a_german_dossier_prints_the_dos_in_german(fresh_db, tmp_path):
    from core.content.etiquette_comparison import compare_etiquette
    from core.dossier.data import collect_dossier
    from core.dossier.render import render_dossier
    from tests.dossier_fixtures import NOW, add_partners
    from tests.test_dossier import needs_poppler, pdf_text, squeeze

    if needs_poppler.args[0]:
        pytest.skip("poppler-utils is not installed")
    partner = add_partners(fresh_db)["IN"]
    path = tmp_path / "de.pdf"
    render_dossier(fresh_db, partner, path, language="de", now=NOW)
    text = squeeze(pdf_text(path))
    home = collect_dossier(fresh_db, partner, now=NOW).home_country
    german = compare_etiquette(home, "IN", translated_library(load_etiquette_cards(), "de"))
    english = compare_etiquette(home, "IN")
    assert "Etikette" in text or "Etiquette" in text
    for tip in german.tips[:3]:
        assert squeeze(tip.text) in text
    assert squeeze(english.tips[0].text) not in text
    for row, english_row in zip(german.rows[:3], english.rows):
        # The end of each reason (its start shares lines with the row's label column).
        assert squeeze(row.partner_reason)[-25:] in text
        assert squeeze(english_row.partner_reason)[-25:] not in text
