"""fairmate phrase QUERY and fairmate phrasebooks, on sample phrasebooks."""

import json

import pytest

from main import main
from phrasebook_samples import KOREAN, write_samples


@pytest.fixture
def books(tmp_path, monkeypatch):
    folder = write_samples(tmp_path / "books", languages=("ko", "de"))
    (folder / "ja.toml").write_text("[language\ncode = 'ja'\n", encoding="utf-8")
    monkeypatch.setenv("FAIRMATE_PHRASEBOOKS", str(folder))
    return folder


def run(capsys, tmp_path, *argv):
    code = main(["--db", str(tmp_path / "cli.db"), *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_phrase_in_english_finds_it_in_every_language(capsys, tmp_path, books):
    code, out, err = run(capsys, tmp_path, "phrase", "quotation", "--json")
    assert code == 0
    found = json.loads(out)
    assert [(p["language"], p["text"]) for p in found] == [
        ("de", "Könnten Sie mir ein Angebot schicken?"), ("ko", "견적서를 보내 주시겠습니까?")]
    assert "ja.toml:1: not valid TOML" in err  # a broken file is named, the rest still answers


def test_phrase_typed_in_korean_with_language_as_text(capsys, tmp_path, books):
    code, out, _ = run(capsys, tmp_path, "phrase", "견적서", "--lang", "ko")
    assert code == 0
    assert out.splitlines()[:3] == ["[ko] Could you send me a quotation?", "  견적서를 보내 주시겠습니까?",
                                    "  gyeonjeokseoreul bonae jusigetseumnikka?"]


def test_phrase_unknown_language_and_no_match(capsys, tmp_path, books):
    code, out, err = run(capsys, tmp_path, "phrase", "hello", "--lang", "xx")
    assert code == 1 and "no phrasebook for 'xx'; one of: de, ko" in err
    code, out, _ = run(capsys, tmp_path, "phrase", "zzzz")
    assert code == 0 and out.strip() == "No phrase matches 'zzzz'"


def test_phrasebooks_lists_counts_and_errors(capsys, tmp_path, books):
    (books / "ko.toml").write_text(KOREAN.replace('register = "neutral"\nnote = "Turn',
                                                  'register = "casual"\nnote = "Turn'), encoding="utf-8")
    code, out, _ = run(capsys, tmp_path, "phrasebooks", "--json")
    assert code == 0
    result = json.loads(out)
    assert [(b["code"], b["phrases"], b["of"]) for b in result["languages"]] == [("de", 5, 5), ("ko", 4, 5)]
    assert {(e["file"], e["message"].split(":")[0]) for e in result["errors"]} == {
        ("ja.toml", "not valid TOML"), ("ko.toml", "phrase cheers")}
    code, out, _ = run(capsys, tmp_path, "phrasebooks")
    assert "ko       Korean (한국어): 4 of 5 phrases" in out and "2 problems found" in out
