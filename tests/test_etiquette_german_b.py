"""The German etiquette cards jp…za match their English cards: keys, counts, translated date."""
import tomllib
from pathlib import Path

import pytest

ETIQUETTE = Path(__file__).resolve().parent.parent / "resources" / "etiquette"
CODES = "jp kr mx my nl pl ru sa se sg th tr tw us vn za".split()
TOP_KEYS = {"translates", "summary", "dos", "donts", "dimensions", "sections"}


def load_toml(path):
    with open(path, "rb") as handle:
        return tomllib.load(handle)


def count_bullets(text):
    return sum(1 for line in text.splitlines() if line.startswith("- "))


def count_paragraphs(text):
    return len([part for part in text.strip().split("\n\n") if part.strip()])


@pytest.mark.parametrize("code", CODES)
def test_german_card_matches_english(code):
    english = load_toml(ETIQUETTE / f"{code}.toml")
    german = load_toml(ETIQUETTE / "de" / f"{code}.toml")
    assert set(german) == TOP_KEYS
    assert german["translates"] == english["reviewed"]
    assert german["summary"].strip()
    assert len(german["dos"]) == len(english["dos"])
    assert len(german["donts"]) == len(english["donts"])
    assert all(isinstance(text, str) and text.strip() for text in german["dos"] + german["donts"])
    assert set(german["dimensions"]) == set(english["dimensions"])
    assert all(reason.strip() for reason in german["dimensions"].values())
    assert set(german["sections"]) == set(english["sections"])
    for key, text in english["sections"].items():
        assert count_paragraphs(german["sections"][key]) == count_paragraphs(text), key
        assert count_bullets(german["sections"][key]) == count_bullets(text), key
