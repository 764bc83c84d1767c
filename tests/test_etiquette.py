"""Etiquette cards: every shipped card is valid and complete; broken files are named with their line;
the comparison puts the biggest differences first."""

import re
import tomllib
from datetime import date, timedelta
from pathlib import Path

import pytest

from core.content.etiquette import (DIMENSION_KEYS, SECTION_KEYS, default_etiquette_directory, dimension_labels,
                                    etiquette_card_for_contact, get_etiquette_card, list_etiquette_cards,
                                    load_etiquette_cards, section_titles, split_section_text)
from core.content.etiquette_comparison import EtiquetteCardMissing, compare_etiquette

ROOT = Path(__file__).resolve().parent.parent
CARD_DIR = ROOT / "resources" / "etiquette"
# The 31 countries of issue 5.
EXPECTED_COUNTRIES = {"CN", "TW", "JP", "KR", "IN", "TH", "VN", "ID", "SG", "MY", "AE", "SA", "TR", "IL",
                      "DE", "AT", "CH", "FR", "BE", "NL", "IT", "ES", "PL", "SE", "GB", "US", "CA",
                      "MX", "BR", "ZA", "AU"}
SHIPPED = sorted(CARD_DIR.glob("*.toml"))


# Shipped cards ---------------------------------------------------------------------------------------


def test_every_country_of_the_issue_has_a_card():
    missing = EXPECTED_COUNTRIES - {p.stem.upper() for p in SHIPPED}
    assert not missing, f"no card yet for: {', '.join(sorted(missing))}"


@pytest.mark.parametrize("path", SHIPPED, ids=[p.name for p in SHIPPED])
def test_shipped_card_loads_without_errors(path):
    library = load_etiquette_cards(CARD_DIR)
    errors = [str(e) for e in library.errors if e.file == path.name]
    assert errors == []
    card = library.cards[path.stem.upper()]
    assert card.reviewed <= date.today()
    assert set(card.dimensions) == set(DIMENSION_KEYS) and set(card.sections) == set(SECTION_KEYS)


@pytest.mark.parametrize("path", SHIPPED, ids=[p.name for p in SHIPPED])
def test_shipped_card_follows_the_house_style(path):
    """The agreed format's limits: sections of 40–200 words, 4–8 dos and 4–8 don'ts, short reasons."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    problems = []
    for key, text in data["sections"].items():
        words = len(text.split())
        if not 40 <= words <= 200:
            problems.append(f"section {key} has {words} words")
    for kind in ("dos", "donts"):
        if not 4 <= len(data[kind]) <= 8:
            problems.append(f"{len(data[kind])} {kind}")
    for key, entry in data["dimensions"].items():
        if "\n" in entry["reason"] or len(entry["reason"]) > 200:
            problems.append(f"reason of {key} is not one line")
    assert problems == []


def test_shipped_cards_are_found_by_default():
    assert default_etiquette_directory().resolve() == CARD_DIR.resolve()
    assert {c.country for c in list_etiquette_cards()} == {p.stem.upper() for p in SHIPPED} - {
        e.file.removesuffix(".toml").upper() for e in load_etiquette_cards().errors}


# Broken cards -----------------------------------------------------------------------------------------


def _card_text(country="JP", **scores) -> str:
    """A minimal valid card; scores default to 3 unless given by dimension key."""
    dims = "\n".join(f'{key} = {{ score = {scores.get(key, 3)}, reason = "Why {key} is {scores.get(key, 3)}." }}'
                     for key in DIMENSION_KEYS)
    sections = "\n".join(f'{key} = """\nAbout {key}.\n\nMore about {key}.\n"""' for key in SECTION_KEYS)
    tips = "".join(f'\n[[dos]]\ntext = "Do {key}."\ndimension = "{key}"\n' for key in DIMENSION_KEYS)
    tips += '\n[[dos]]\ntext = "Do something general."\n'
    tips += "".join(f'\n[[donts]]\ntext = "Don\'t {key}."\ndimension = "{key}"\n' for key in DIMENSION_KEYS)
    return (f'country = "{country}"\nreviewed = 2026-01-15\nsummary = "A test card."\n\n'
            f"[dimensions]\n{dims}\n\n[sections]\n{sections}\n{tips}")


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _line_of(text: str, pattern: str) -> int:
    for number, line in enumerate(text.splitlines(), start=1):
        if re.search(pattern, line):
            return number
    raise AssertionError(pattern)


def test_a_valid_test_card_loads(tmp_path):
    _write(tmp_path, "jp.toml", _card_text())
    library = load_etiquette_cards(tmp_path)
    assert library.errors == [] and list(library.cards) == ["JP"]
    card = library.cards["JP"]
    assert card.reviewed == date(2026, 1, 15) and len(card.dos) == 8 and card.dos[-1].dimension is None


def test_syntax_error_is_named_with_its_line_and_other_cards_still_load(tmp_path):
    lines = _card_text().splitlines()
    lines.insert(5, "this line is not toml")
    _write(tmp_path, "jp.toml", "\n".join(lines))
    _write(tmp_path, "de.toml", _card_text("DE"))
    library = load_etiquette_cards(tmp_path)
    assert list(library.cards) == ["DE"]
    [error] = library.errors
    assert (error.file, error.line) == ("jp.toml", 6)
    assert "syntax" in error.message and "line" not in error.message
    assert str(error).startswith("jp.toml:6: ")


def test_missing_section_is_named_with_the_line_of_its_table(tmp_path):
    text = re.sub(r'gifts = """\n.*?\n"""\n', "", _card_text(), flags=re.S)
    _write(tmp_path, "jp.toml", text)
    library = load_etiquette_cards(tmp_path)
    assert library.cards == {}
    [error] = library.errors
    assert error.line == _line_of(text, r"^\[sections\]") and "gifts" in error.message


def test_score_out_of_range_is_named_with_its_line(tmp_path):
    text = _card_text(hierarchy=7)
    _write(tmp_path, "jp.toml", text)
    [error] = load_etiquette_cards(tmp_path).errors
    assert error.line == _line_of(text, r"^hierarchy = ") and "1 to 5" in error.message and "7" in error.message


@pytest.mark.parametrize("change, pattern, words", [
    (lambda t: t.replace('country = "JP"', 'country = "DE"'), r"^country", "file name"),
    (lambda t: t.replace('country = "JP"', 'country = "jp"'), r"^country", "upper-case"),
    (lambda t: t.replace("reviewed = 2026-01-15", f"reviewed = {date.today() + timedelta(days=3)}"),
     r"^reviewed", "future"),
    (lambda t: t.replace("reviewed = 2026-01-15", 'reviewed = "2026-01-15"'), r"^reviewed", "without quotes"),
    (lambda t: t.replace('reason = "Why formality is 3."', 'reason = " "'), r"^formality", "reason"),
    (lambda t: t.replace("score = 3, reason = \"Why trust_basis", "score = 2.5, reason = \"Why trust_basis"),
     r"^trust_basis", "whole number"),
    (lambda t: t.replace("score = 3, reason = \"Why trust_basis", "score = true, reason = \"Why trust_basis"),
     r"^trust_basis", "whole number"),
    (lambda t: t.replace('text = "Don\'t hierarchy."\ndimension = "hierarchy"',
                         'text = "Don\'t hierarchy."\ndimension = "rank"'), r'dimension = "rank"', "rank"),
    (lambda t: t.replace('text = "Do formality."', 'text = ""'), r'^text = ""', "empty"),
    (lambda t: t.replace("[sections]", "[sections]\ngift = \"typo\""), r"^gift =", "unknown section"),
    (lambda t: t.replace("summary = ", "sumary = "), r"^sumary", "unknown key"),
])
def test_each_broken_field_is_named_with_its_line(tmp_path, change, pattern, words):
    text = change(_card_text())
    _write(tmp_path, "jp.toml", text)
    library = load_etiquette_cards(tmp_path)
    assert library.cards == {}
    assert any(e.line == _line_of(text, pattern) and words in e.message for e in library.errors), \
        [str(e) for e in library.errors]


def test_country_that_does_not_exist_is_refused(tmp_path):
    _write(tmp_path, "zz.toml", _card_text("ZZ"))
    [error] = load_etiquette_cards(tmp_path).errors
    assert error.line == 1 and "ISO country code" in error.message


def test_missing_dos_and_tables_are_reported(tmp_path):
    text = _card_text().split("\n[[dos]]")[0]
    _write(tmp_path, "jp.toml", text)
    messages = [e.message for e in load_etiquette_cards(tmp_path).errors]
    assert any("[[dos]]" in m for m in messages) and any("[[donts]]" in m for m in messages)
    _write(tmp_path, "jp.toml", 'country = "JP"\nreviewed = 2026-01-01\nsummary = "x"\n')
    messages = [e.message for e in load_etiquette_cards(tmp_path).errors]
    assert any("[dimensions]" in m for m in messages) and any("[sections]" in m for m in messages)


def test_every_problem_of_a_file_is_reported_at_once(tmp_path):
    text = _card_text(hierarchy=0, formality=6).replace('country = "JP"', 'country = "DE"')
    _write(tmp_path, "jp.toml", text)
    assert len(load_etiquette_cards(tmp_path).errors) == 3


def test_not_utf8_and_missing_folder_are_errors_not_exceptions(tmp_path):
    (tmp_path / "jp.toml").write_bytes(_card_text().encode() + b'\nx = "\xff"\n')
    [error] = load_etiquette_cards(tmp_path).errors
    assert "UTF-8" in error.message and error.line == _card_text().count("\n") + 2
    library = load_etiquette_cards(tmp_path / "nowhere")
    assert library.cards == {} and "does not exist" in library.errors[0].message


def test_cards_are_cached_until_a_file_changes(tmp_path):
    path = _write(tmp_path, "jp.toml", _card_text())
    first = load_etiquette_cards(tmp_path)
    assert load_etiquette_cards(tmp_path) is first
    path.write_text(_card_text(hierarchy=5) + "\n# edited\n", encoding="utf-8")
    second = load_etiquette_cards(tmp_path)
    assert second is not first and second.cards["JP"].score("hierarchy") == 5


# Comparison ----------------------------------------------------------------------------------------------


@pytest.fixture
def library(tmp_path):
    _write(tmp_path, "de.toml", _card_text("DE", communication=1, specific_diffuse=2, hierarchy=3,
                                           punctuality=5, negotiation_pace=3, formality=4, trust_basis=2))
    _write(tmp_path, "jp.toml", _card_text("JP", communication=5, specific_diffuse=4, hierarchy=4,
                                           punctuality=5, negotiation_pace=5, formality=5, trust_basis=1))
    return load_etiquette_cards(tmp_path)


def test_rows_are_sorted_by_size_of_difference_with_advice_by_direction(library):
    comparison = compare_etiquette("DE", "JP", library)
    assert comparison.home.country == "DE" and comparison.partner.country == "JP"
    gaps = [abs(r.difference) for r in comparison.rows]
    assert gaps == sorted(gaps, reverse=True)
    assert [r.key for r in comparison.rows][:3] == ["communication", "specific_diffuse", "negotiation_pace"]
    first = comparison.rows[0]
    assert (first.home_score, first.partner_score, first.difference) == (1, 5, 4) and first.is_large
    assert "not said" in first.advice
    trust = next(r for r in comparison.rows if r.key == "trust_basis")
    assert trust.difference == -1 and not trust.is_large and "facts" in trust.advice
    same = next(r for r in comparison.rows if r.key == "punctuality")
    assert same.difference == 0 and same.advice == ""
    assert first.partner_reason == "Why communication is 5." and first.home_reason == "Why communication is 1."
    assert first.label == dimension_labels()["communication"][0]


def test_the_other_way_round_gives_the_opposite_advice(library):
    first = compare_etiquette("JP", "DE", library).rows[0]
    assert first.key == "communication" and first.difference == -4 and "plain words" in first.advice


def test_tips_follow_the_differences_then_general_then_same_as_home(library):
    comparison = compare_etiquette("DE", "JP", library)
    tips = comparison.tips
    assert len(tips) == len(comparison.partner.tips)
    assert [(t.kind, t.dimension) for t in tips[:2]] == [("do", "communication"), ("dont", "communication")]
    order = [r.key for r in comparison.rows if r.difference]
    dimensions = [t.dimension for t in tips if t.dimension in order]
    assert dimensions == [key for key in order for _kind in ("do", "dont")]
    general = tips.index(next(t for t in tips if t.dimension is None))
    assert all(t.dimension in order for t in tips[:general])
    assert {t.dimension for t in tips[general + 1:]} == {"punctuality"}


def test_home_without_a_card_shows_the_partner_alone(library):
    comparison = compare_etiquette("NO", "JP", library)
    assert comparison.home is None and comparison.home_country == "NO" and not comparison.is_home_country
    assert [r.key for r in comparison.rows] == list(DIMENSION_KEYS)
    assert all(r.home_score is None and r.difference is None and not r.is_large for r in comparison.rows)
    advice = {r.key: r.advice for r in comparison.rows}
    assert "not said" in advice["communication"]  # 5: the indirect end
    assert "facts" in advice["trust_basis"]  # 1: the task end
    assert comparison.tips == list(comparison.partner.tips)


def test_same_country_as_home_is_just_the_card(library):
    comparison = compare_etiquette("jp", "Japan", library)
    assert comparison.home is None and comparison.is_home_country
    assert all(r.advice == "" and r.difference is None for r in comparison.rows)
    assert [r.partner_score for r in comparison.rows] == [
        comparison.partner.score(k) for k in DIMENSION_KEYS]


def test_no_home_at_all_and_unknown_partner(library):
    assert compare_etiquette(None, "JP", library).home is None
    with pytest.raises(EtiquetteCardMissing):
        compare_etiquette("DE", "NO", library)
    with pytest.raises(EtiquetteCardMissing):
        compare_etiquette("DE", "Atlantis", library)


def test_contact_country_gives_its_card(library):
    assert etiquette_card_for_contact({"country": "JP"}, library).country == "JP"
    assert etiquette_card_for_contact({"country": None}, library) is None
    assert etiquette_card_for_contact({"country": "NO"}, library) is None
    assert etiquette_card_for_contact(None, library) is None
    assert get_etiquette_card("germany", library).country == "DE"


def test_labels_and_titles_come_in_the_card_order():
    assert list(dimension_labels()) == list(DIMENSION_KEYS)
    assert all(len(v) == 3 and all(v) for v in dimension_labels().values())
    assert list(section_titles()) == list(SECTION_KEYS)


def test_section_text_splits_into_paragraphs_and_bullets():
    text = "First line\nwraps here.\n\n- one\n- two\n  continues\nAfter the list.\n\nLast."
    blocks = split_section_text(text)
    assert [(b.kind, b.items) for b in blocks] == [
        ("paragraph", ("First line wraps here.",)),
        ("bullets", ("one", "two continues")),
        ("paragraph", ("After the list.",)),
        ("paragraph", ("Last.",)),
    ]


# Key phrases per country ------------------------------------------------------------------------------


def test_cards_where_alcohol_is_illegal_or_unwelcome_leave_out_the_toast():
    for country in ("SA", "AE", "KW", "QA"):
        assert "cheers" in get_etiquette_card(country).excluded_phrases
    assert get_etiquette_card("JP").excluded_phrases == ()


def test_shipped_phrase_choices_name_catalog_keys_or_categories():
    from core.content.phrasebooks import load_phrasebooks

    library = load_phrasebooks()
    known = set(library.catalog) | set(library.categories)
    unknown = [(card.country, key) for card in list_etiquette_cards()
               for key in card.excluded_phrases + card.added_phrases if key not in known]
    assert unknown == []


def test_a_phrases_table_adjusts_the_key_phrases_and_a_bad_one_is_named(tmp_path):
    _write(tmp_path, "sa.toml", _card_text("SA") + '\n[phrases]\nexclude = ["cheers", "dining"]\nadd = ["enjoy_meal"]\n')
    bad = _card_text("JP") + '\n[phrases]\nexclude = "cheers"\nremove = ["x"]\n'
    _write(tmp_path, "jp.toml", bad)
    library = load_etiquette_cards(tmp_path)
    card = library.cards["SA"]
    assert (card.excluded_phrases, card.added_phrases) == (("cheers", "dining"), ("enjoy_meal",))
    assert card.to_dict()["phrases"] == {"exclude": ["cheers", "dining"], "add": ["enjoy_meal"]}
    assert sorted((e.line, e.message) for e in library.errors) == [
        (_line_of(bad, "^exclude = "), 'phrases.exclude must be a list of phrase keys or categories, such as ["cheers"]'),
        (_line_of(bad, "^remove = "), "unknown key 'remove'")]


def test_every_shipped_card_says_how_to_tip():
    """Tipping is the question a visitor has at the first dinner (issue 14 found five cards silent)."""
    library = load_etiquette_cards(CARD_DIR)
    silent = [code for code, card in library.cards.items()
              if not re.search(r"\btip|service charge|service is included", card.sections["dining_drinking"], re.I)]
    assert silent == []


def test_a_dimension_may_name_its_source_and_an_empty_one_is_refused(tmp_path):
    text = (CARD_DIR / "us.toml").read_text(encoding="utf-8")
    (tmp_path / "good").mkdir()
    (tmp_path / "good" / "us.toml").write_text(text, encoding="utf-8")
    library = load_etiquette_cards(tmp_path / "good")
    assert not library.errors and "Meyer" in library.cards["US"].dimensions["communication"].source
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "us.toml").write_text(text.replace('source = "Meyer', 'source = " ", old = "Meyer', 1),
                                              encoding="utf-8")
    library = load_etiquette_cards(tmp_path / "bad")
    assert "US" not in library.cards and any("source" in e.message for e in library.errors)
