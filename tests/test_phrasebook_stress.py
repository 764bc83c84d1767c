"""Russian stress: each pronunciation hint capitalises the syllable a reviewed list says is stressed.

tests/ru_stress.txt lists every Russian word of two or more syllables the phrasebook uses, its
stressed vowel in capitals (checked against the Wiktionary stress dictionary of tsnorm, see its
header). No stress library on PyPI is both light and offline without a language-model download,
so the list is the reference; a new word must be added to it before its phrase passes.
"""

import re
from pathlib import Path

import pytest

from core.content.phrasebooks import load_phrasebooks

VOWELS = "аеёиоуыэюя"
WORD = re.compile(r"[а-яё]+(?:-[а-яё]+)*")
STRESS_LIST = Path(__file__).with_name("ru_stress.txt")


def read_stress_list(path=STRESS_LIST) -> dict[str, int]:
    """Word → index of its stressed vowel (0 = first vowel)."""
    stresses = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        word = line.split("#")[0].strip()
        if word:
            stresses[word.lower()] = stressed_vowel(word)
    return stresses


def stressed_vowel(marked: str) -> int:
    vowels = [c for c in marked if c.lower() in VOWELS]
    capitals = [i for i, c in enumerate(vowels) if c.isupper()]
    if len(capitals) == 1:
        return capitals[0]
    if not capitals and "ё" in vowels:
        return vowels.index("ё")
    raise ValueError(f"ru_stress.txt: {marked!r} must mark exactly one stressed vowel")


def vowel_count(word: str) -> int:
    return sum(c in VOWELS for c in word)


def stress_problems(phrases, stresses) -> list[str]:
    """One line per word whose hint stresses another syllable, lacks a hint, or is not listed."""
    problems = []
    for phrase in phrases:
        tokens = (phrase.pronunciation or "").split()
        cursor = 0
        for word in WORD.findall(phrase.text.lower()):
            count = vowel_count(word)
            if count < 2:
                continue
            if word not in stresses:
                problems.append(f"{phrase.key}: {word!r} is not in tests/ru_stress.txt (check its stress, add it)")
                continue
            # The hint of a word is the next token with as many syllables as the word has vowels.
            match = next((i for i in range(cursor, len(tokens)) if len(tokens[i].split("-")) == count), None)
            if match is None:
                problems.append(f"{phrase.key}: no {count}-syllable hint for {word!r} in {phrase.pronunciation!r}")
                continue
            cursor = match + 1
            syllables = tokens[match].split("-")
            capitals = [i for i, s in enumerate(syllables) if s.isupper()]
            expected = stresses[word]
            if capitals != [expected]:
                right = "-".join(s.upper() if i == expected else s.lower() for i, s in enumerate(syllables))
                problems.append(f"{phrase.key}: {word} is written {tokens[match]!r}, stressed {right!r}")
    return problems


def russian_phrases():
    library = load_phrasebooks()
    assert "ru" in library.languages, [str(e) for e in library.errors if e.file == "ru.toml"]
    return list(library.languages["ru"].phrases.values())


def test_russian_hints_capitalise_the_stressed_syllable():
    problems = stress_problems(russian_phrases(), read_stress_list())
    if problems:
        pytest.fail(f"{len(problems)} Russian stress problems:\n" + "\n".join(problems), pytrace=False)


def test_the_stress_check_finds_a_wrong_stress():
    phrase = next(p for p in russian_phrases() if p.key == "sample_cost")
    wrong = type(phrase)(**{**phrase.__dict__, "pronunciation": "a-BRA-zits bis-PLAT-ny"})
    assert stress_problems([wrong], read_stress_list()) == [
        "sample_cost: образец is written 'a-BRA-zits', stressed 'a-bra-ZITS'"]


def test_the_words_the_review_named_are_listed_with_their_stress():
    stresses = read_stress_list()
    named = {"образец": 2, "образцы": 2, "образцом": 2, "образцу": 2, "изготовить": 2,
             "банковским": 0, "обеим": 1, "счёт-проформу": 2, "доехали": 1}
    assert {word: stresses.get(word) for word in named} == named


def test_no_stray_plus_stress_marker_in_russian():
    stray = [f"{p.key}.{field}: {value}" for p in russian_phrases()
             for field in ("text", "romanization", "pronunciation", "note")
             if "+" in (value := getattr(p, field) or "")]
    assert stray == []
