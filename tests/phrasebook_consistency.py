"""Romanizations checked against established libraries (test dependencies, not needed at run time).

Each ``*_differences`` function takes a loaded ``Phrasebook`` and returns one
readable paragraph per entry that differs from the library, saying what
the file has, what the library gives, and where they part, so the content
can be fixed. What is ignored on both sides (documented in
phrasebooks/README.md):

- zh-Hans, zh-Hant: pypinyin with tone marks; any heteronym of a character
  and pypinyin's reading in context are accepted, so is the neutral tone on
  a repeated character (谢谢 xièxie) or where pypinyin allows it, and a
  digit may be written as digits or read out; spacing, capitals,
  apostrophes and punctuation are ignored.
- ja: pykakasi's Hepburn; macrons and doubled vowels fold to one vowel
  (ō, ou, oo → o; ū, uu → u; ā, aa → a; ī, ii → i; ē, ee → e), every
  は/へ/を may be read wa/e/o (or ha/he/wo), pykakasi's "tsu" for a small
  っ before a consonant is read as the doubled consonant, the few words with
  two standard readings in ``KANJI_READINGS`` (日本 nihon/nippon, 今日
  kyō/konnichi…) accept both; spacing ignored.
- ko: koroman (Revised Romanization with its sound-change rules); spacing,
  capitals and punctuation ignored; digits may be read out (Sino-Korean or
  native numbers, % as 퍼센트); "lly" and "ry" count as the same, since
  ㄴ-insertion after ㄹ (필요 piryo, 월요일 woryoil) depends on word structure.
- th: pythainlp's royin (RTGS) engine; spacing ignored, and since royin
  depends on word segmentation, up to max(2, 15 % of the length) letters
  may differ.
- ru: iuliia's BGN/PCGN; apostrophes for ь/ъ, the middle dot and the
  diaeresis of ë are ignored. Gendered forms (a woman's ``by_woman``) are checked
  too, keyed "entry.form"; the Thai tolerance is tuned to entries, so Thai forms are not.
- uk: translitua's national system of 2010 (KMU resolution 55); spacing,
  capitals and punctuation ignored, nothing else. Gendered forms are checked
  too, keyed "entry.form".
- yue: ToJyutping (CanCLID, LSHK Jyutping with tone numbers); any reading
  ToJyutping lists for a character is accepted, besides its reading in
  context (heteronyms and changed tones: 錢 cin4/cin2, 今年 nin2, 會 wui2),
  and digits may be written as digits or read one by one; spacing, capitals
  and punctuation are ignored.
- bn: aksharamukha's ISO 15919 transliteration of the text, letter for letter (the inherent
  a written); only Unicode normalization and spacing are ignored.
- zh-Hant: OpenCC t2s of the text equals the zh-Hans text unless the entry's
  ``local_usage`` explains the Taiwan wording. Not for yue, which is written
  in Traditional characters but is spoken Cantonese, not converted Mandarin.

A difference the library gets wrong (a kanji reading pykakasi does not know)
is listed with the reason in ``tests/phrasebook_exceptions.toml``; an
exception that no longer differs is reported as stale.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import tomllib
import unicodedata
from pathlib import Path

EXCEPTIONS_FILE = Path(__file__).with_name("phrasebook_exceptions.toml")
THAI_TOLERANCE_SHARE = 0.15
THAI_TOLERANCE_MIN = 2


@functools.lru_cache(maxsize=1)
def library_exceptions() -> dict[str, dict[str, str]]:
    """Language code → {phrase key: why the library is wrong there}."""
    if not EXCEPTIONS_FILE.exists():
        return {}
    return tomllib.loads(EXCEPTIONS_FILE.read_text(encoding="utf-8"))


def _letters(text: str) -> str:
    """Lower-case letters and digits only (tone marks kept, everything else dropped)."""
    text = unicodedata.normalize("NFC", text.casefold())
    return "".join(c for c in text if c.isalnum())


def _entry(phrase, library_name: str, expected: str, detail: str = "") -> str:
    lines = [f"{phrase.language} {phrase.key}: {phrase.text}",
             f"    file:     {phrase.romanization}",
             f"    {library_name + ':':<9} {expected}"]
    if detail:
        lines.append(f"    {detail}")
    return "\n".join(lines)


def with_forms(book) -> list:
    """Every entry of *book* and, after each, its gendered forms as phrases keyed "key.form"."""
    phrases = []
    for phrase in book.phrases.values():
        phrases.append(phrase)
        phrases.extend(dataclasses.replace(phrase, key=f"{phrase.key}.{name}", text=form.text,
                                           romanization=form.romanization, forms=())
                       for name, form in phrase.forms)
    return phrases


def _apply_exceptions(code: str, differing: dict[str, str], book) -> list[str]:
    allowed = library_exceptions().get(code, {})
    report = [text for key, text in differing.items() if key not in allowed]
    for key in allowed:
        if key not in book.phrases:
            report.append(f"{code} {key}: listed in {EXCEPTIONS_FILE.name} but not in the file")
        elif key not in differing:
            report.append(f"{code} {key}: stale exception in {EXCEPTIONS_FILE.name} "
                          f"(the romanization now agrees with the library; remove it)")
    return report


# Chinese ---------------------------------------------------------------------------------------

_DIGITS = "líng yī èr sān sì wǔ liù qī bā jiǔ".split()


def _number_readings(digits: str) -> set[str]:
    """Ways to say a run of digits: as written, digit by digit, and as a cardinal number (up to 9999)."""
    readings = {digits, "".join(_DIGITS[int(d)] for d in digits)}
    value = int(digits)
    if len(digits) <= 4 and not (len(digits) > 1 and digits[0] == "0"):
        if value < 10:
            readings.add(_DIGITS[value])
        else:
            parts, zero = [], False
            for unit, size in (("qiān", 1000), ("bǎi", 100), ("shí", 10), ("", 1)):
                digit = value // size % 10
                if digit:
                    if zero:
                        parts.append("líng")
                        zero = False
                    word = _DIGITS[digit]
                    if unit == "shí" and digit == 1 and value < 20:
                        word = ""
                    parts.append(word + unit)
                elif parts and size > 1 and value % size:
                    zero = True
            readings.add("".join(parts))
            if value >= 200:
                readings.add("".join(parts).replace("èrbǎi", "liǎngbǎi").replace("èrqiān", "liǎngqiān"))
    return readings


def _strip_tone(syllable: str) -> str:
    decomposed = unicodedata.normalize("NFD", syllable)
    kept = "".join(c for c in decomposed if c not in "\u0300\u0301\u0304\u030c")
    return unicodedata.normalize("NFC", kept)


def _pinyin_units(text: str) -> list[tuple[str, set[str], set[str]]]:
    """Per character of *text*: (character, readings anywhere, extra readings inside a word only)."""
    from pypinyin import Style, pinyin

    chars = list(text)
    each = lambda run: list(run)  # noqa: E731 - one item per non-Han character keeps the lists aligned
    context = [item[0] for item in pinyin(text, style=Style.TONE, errors=each)]
    variants = [set(item) for item in pinyin(text, style=Style.TONE, heteronym=True, errors=each)]
    units: list[tuple[str, set[str], set[str]]] = []
    i = 0
    while i < len(chars):
        char = chars[i]
        if char.isdigit() and char.isascii():
            j = i
            while j < len(chars) and chars[j].isdigit() and chars[j].isascii():
                j += 1
            units.append((text[i:j], {_letters(r) for r in _number_readings(text[i:j])}, set()))
            i = j
            continue
        if "CJK" in unicodedata.name(char, ""):
            options = {_letters(o) for o in {context[i]} | variants[i]}
            # The neutral tone falls on a syllable inside a word (zhège, xièxie, wǒmen).
            neutral = {_letters(_strip_tone(o)) for o in {context[i]} | variants[i]} - options
            units.append((char, options, neutral))
        elif char.isalnum():
            units.append((char, {_letters(char)}, set()))
        i += 1
    return [u for u in units if all(u[1])]


def _word_starts(romanization: str) -> frozenset[int]:
    """Positions in ``_letters(romanization)`` where a written word begins."""
    starts, position = set(), 0
    for word in re.split(r"[\s\-]+", romanization):
        letters = _letters(word)
        if letters:
            starts.add(position)
            position += len(letters)
    return frozenset(starts)


def _segment(target: str, units, word_starts: frozenset[int] = frozenset()) -> tuple[bool, int, int]:
    """Can *target* be spelled as one reading per unit in order? Also the furthest unit and position reached."""
    best = [0, 0]

    @functools.lru_cache(maxsize=None)
    def walk(unit: int, position: int) -> bool:
        if unit > best[0] or (unit == best[0] and position > best[1]):
            best[0], best[1] = unit, position
        if unit == len(units):
            return position == len(target)
        _label, options, inside = units[unit]
        allowed = options | (inside if position not in word_starts else set())
        return any(target.startswith(option, position) and walk(unit + 1, position + len(option))
                   for option in sorted(allowed, key=len, reverse=True))

    ok = walk(0, 0)
    return ok, best[0], best[1]


def pinyin_differences(book) -> list[str]:
    """Entries whose pinyin cannot be read as pypinyin's readings of the characters, in order."""
    from pypinyin import Style, pinyin

    differing = {}
    for phrase in book.phrases.values():
        units = _pinyin_units(phrase.text)
        target = _letters(phrase.romanization or "")
        ok, unit, position = _segment(target, units, _word_starts(phrase.romanization or ""))
        if ok:
            continue
        suggestion = " ".join(item[0] for item in pinyin(phrase.text, style=Style.TONE)
                              if item[0].strip() and item[0][0].isalnum())
        if unit < len(units):
            char, options, inside = units[unit]
            options = options | inside
            detail = (f"after “{target[:position]}”, {char} should read one of "
                      f"{', '.join(sorted(options))} but the file has “{target[position:position + 8]}…”")
        else:
            detail = f"the file has extra letters “{target[position:]}”"
        differing[phrase.key] = _entry(phrase, "pypinyin", suggestion, detail)
    return _apply_exceptions(book.code, differing, book)


# Japanese ---------------------------------------------------------------------------------------

_MACRONS = str.maketrans("āīūēôōâûê", "aiueooaue")
_PARTICLES = {"は": ("wa", "ha"), "へ": ("e", "he"), "を": ("o", "wo")}  # as said, as written


def fold_hepburn(text: str) -> str:
    """Hepburn reduced to what pykakasi and a careful writer always agree on (see the module docstring)."""
    text = _letters(text).translate(_MACRONS)
    text = re.sub(r"ou", "o", text)
    return re.sub(r"([aiueo])\1+", r"\1", text)


@functools.lru_cache(maxsize=1)
def _kakasi():
    import pykakasi

    return pykakasi.kakasi()


# Words with two standard readings, where pykakasi knows only one (both accepted).
KANJI_READINGS = {
    "日本": ("nihon", "nippon"), "今日": ("kyou", "konnichi"), "今年": ("kotoshi", "konnen"),
    "私": ("watashi", "watakushi"), "明日": ("ashita", "asu", "myounichi"),
    "昨日": ("kinou", "sakujitsu"), "一日": ("ichinichi", "tsuitachi"),
}
_SPLIT = re.compile("|".join(sorted(KANJI_READINGS, key=len, reverse=True)) + "|[はへを]")


def _kakasi_units(text: str) -> list[tuple[str, ...]]:
    items = [i for i in _kakasi().convert(text) if _letters(i["hepburn"])]
    units = []
    for n, item in enumerate(items):
        orig, spelled = item["orig"], _letters(item["hepburn"])
        if orig[-1:] in ("っ", "ッ") and spelled.endswith("tsu") and n + 1 < len(items):
            following = _letters(items[n + 1]["hepburn"])
            doubled = following[:1] if following[:1] not in "aiueon" else ""
            spelled = spelled[:-3] + ("t" if following.startswith("ch") else doubled)
        units.append((spelled,))
    return units


def _hepburn_units(text: str) -> list[tuple[str, ...]]:
    """pykakasi's reading of *text* as units; は/へ/を and the words of ``KANJI_READINGS`` stand alone."""
    units: list[tuple[str, ...]] = []
    position = 0
    for match in _SPLIT.finditer(text):
        units += _kakasi_units(text[position:match.start()])
        word = match.group(0)
        units.append(KANJI_READINGS.get(word) or _PARTICLES[word])
        position = match.end()
    return units + _kakasi_units(text[position:])


def hepburn_differences(book) -> list[str]:
    """Entries whose Hepburn differs from pykakasi's (after the folds in the module docstring)."""
    import itertools

    differing = {}
    for phrase in book.phrases.values():
        units = _hepburn_units(phrase.text)
        target = fold_hepburn(phrase.romanization or "")
        spellings = itertools.islice(itertools.product(*units), 256)
        candidates = [fold_hepburn("".join(s)) for s in spellings]
        if target in candidates:
            continue
        expected = " ".join(u[0] for u in units)
        first = candidates[0] if candidates else ""
        common = next((i for i, (a, b) in enumerate(zip(target, first)) if a != b), min(len(target), len(first)))
        detail = (f"folded, the file reads “{target}”, pykakasi “{first}”; they part after “{target[:common]}”")
        differing[phrase.key] = _entry(phrase, "pykakasi", expected, detail)
    return _apply_exceptions(book.code, differing, book)


# Korean --------------------------------------------------------------------------------------------


_SINO = "영 일 이 삼 사 오 육 칠 팔 구".split()
_NATIVE = {1: "한", 2: "두", 3: "세", 4: "네", 5: "다섯", 6: "여섯", 7: "일곱", 8: "여덟", 9: "아홉", 10: "열",
           20: "스무"}


def _sino_korean(number: int) -> str:
    """A number in Sino-Korean words (이십오 for 25), up to 99,999."""
    if number == 0:
        return "영"
    words = []
    for unit, size in (("만", 10000), ("천", 1000), ("백", 100), ("십", 10), ("", 1)):
        digit = number // size % 10
        if digit:
            words.append(("" if digit == 1 and unit else _SINO[digit]) + unit)
    return "".join(words)


def _native_korean(number: int) -> str | None:
    """A number below 100 in native Korean counting words, before a counter (세 시, 두 개)."""
    tens, ones = divmod(number, 10)
    tens_word = {0: "", 1: "열", 2: "스물", 3: "서른", 4: "마흔", 5: "쉰"}.get(tens)
    if tens_word is None or number == 0:
        return None
    if ones == 0:
        return _NATIVE.get(number, tens_word)
    return tens_word + _NATIVE[ones]


def _korean_readings(text: str) -> list[str]:
    """*text* with each number as digits, in Sino-Korean or in native Korean words (every mix, up to 81)."""
    import itertools

    parts = re.split(r"(\d+)", text.replace("%", " 퍼센트"))
    choices = [[part] if i % 2 == 0 else
               list(dict.fromkeys(w for w in (part, _sino_korean(int(part)), _native_korean(int(part))) if w))
               for i, part in enumerate(parts)]
    variants = ["".join(combo) for combo in itertools.islice(itertools.product(*choices), 81)]
    return list(dict.fromkeys([text] + variants))


def _fold_rr(text: str) -> str:
    # ㄴ-insertion after ㄹ (필요 piryo, 월요일 woryoil) depends on word structure that no
    # library sees: "lly" and "ry" are taken as the same.
    return _letters(text).replace("lly", "ry")


def rr_differences(book) -> list[str]:
    """Entries whose Revised Romanization differs from koroman's (spacing and punctuation ignored).

    Digits may stay digits or be read out in Sino-Korean or native numbers.
    """
    import koroman

    differing = {}
    for phrase in book.phrases.values():
        readings = [koroman.romanize(variant) for variant in _korean_readings(phrase.text)]
        a = _fold_rr(phrase.romanization or "")
        if a in {_fold_rr(r) for r in readings}:
            continue
        expected = readings[-1] if len(readings) > 1 else readings[0]
        b = _fold_rr(expected)
        common = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
        differing[phrase.key] = _entry(phrase, "koroman", " | ".join(readings[:3]), f"they part after “{a[:common]}”")
    return _apply_exceptions(book.code, differing, book)


# Thai ------------------------------------------------------------------------------------------------


def _edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]


def thai_tolerance(expected: str) -> int:
    """How many letters an RTGS romanization may differ from royin's (segmentation dependent)."""
    return max(THAI_TOLERANCE_MIN, round(THAI_TOLERANCE_SHARE * len(expected)))


def rtgs_differences(book) -> list[str]:
    """Entries whose RTGS differs from pythainlp's royin by more than the tolerance."""
    from pythainlp.transliterate import romanize

    differing = {}
    for phrase in book.phrases.values():
        expected = romanize(phrase.text, engine="royin")
        a, b = _letters(phrase.romanization or ""), _letters(expected)
        distance = _edit_distance(a, b)
        if distance > thai_tolerance(b):
            differing[phrase.key] = _entry(
                phrase, "royin", expected,
                f"{distance} letters differ, at most {thai_tolerance(b)} allowed (file “{a}”, royin “{b}”)")
    return _apply_exceptions(book.code, differing, book)


# Russian -------------------------------------------------------------------------------------------


def _fold_bgn(text: str) -> str:
    text = text.replace("ë", "e").replace("Ë", "E").replace("ё", "e")
    return _letters(text)


def bgn_differences(book) -> list[str]:
    """Entries whose BGN/PCGN differs from iuliia's (apostrophes, middle dot and ë's diaeresis ignored)."""
    import iuliia

    differing = {}
    for phrase in with_forms(book):
        expected = iuliia.BGN_PCGN.translate(phrase.text)
        a, b = _fold_bgn(phrase.romanization or ""), _fold_bgn(expected)
        if a != b:
            common = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
            differing[phrase.key] = _entry(phrase, "iuliia", expected, f"they part after “{a[:common]}”")
    return _apply_exceptions(book.code, differing, book)


def kmu_differences(book) -> list[str]:
    """Entries whose Ukrainian national romanization (KMU 2010) differs from translitua's."""
    from translitua import UkrainianKMU, translit

    differing = {}
    for phrase in with_forms(book):
        expected = translit(phrase.text, UkrainianKMU)
        a, b = _letters(phrase.romanization or ""), _letters(expected)
        if a != b:
            common = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
            differing[phrase.key] = _entry(phrase, "translitua", expected, f"they part after “{a[:common]}”")
    return _apply_exceptions(book.code, differing, book)


# Cantonese -----------------------------------------------------------------------------------------

_CANTONESE_DIGITS = "ling4 jat1 ji6 saam1 sei3 ng5 luk6 cat1 baat3 gau2".split()


def _jyutping_units(text: str) -> list[tuple[str, set[str], set[str]]]:
    """Per character of *text*: (character, ToJyutping's reading in context and every reading it lists, no extras)."""
    import ToJyutping

    units: list[tuple[str, set[str], set[str]]] = []
    run = ""  # a run of ASCII digits, read as written or digit by digit
    for char, reading in ToJyutping.get_jyutping_list(text) + [("", None)]:
        if char.isascii() and char.isdigit():
            run += char
            continue
        if run:
            units.append((run, {run, "".join(_CANTONESE_DIGITS[int(d)] for d in run)}, set()))
            run = ""
        if reading:
            options = {reading, *(c for _char, cs in ToJyutping.get_jyutping_candidates(char) for c in cs)}
            units.append((char, {_letters(o) for o in options}, set()))
        elif char.isalnum():
            units.append((char, {_letters(char)}, set()))
    return units


def jyutping_differences(book) -> list[str]:
    """Entries whose Jyutping cannot be read as ToJyutping's readings of the characters, in order."""
    import ToJyutping

    differing = {}
    for phrase in with_forms(book):
        units = _jyutping_units(phrase.text)
        target = _letters(phrase.romanization or "")
        ok, unit, position = _segment(target, units)
        if ok:
            continue
        if unit < len(units):
            char, options, _inside = units[unit]
            detail = (f"after “{target[:position]}”, {char} should read one of "
                      f"{', '.join(sorted(options))} but the file has “{target[position:position + 8]}…”")
        else:
            detail = f"the file has extra letters “{target[position:]}”"
        differing[phrase.key] = _entry(phrase, "ToJyutping", ToJyutping.get_jyutping_text(phrase.text), detail)
    return _apply_exceptions(book.code, differing, book)


# Bengali ---------------------------------------------------------------------------------------------


def _fold_iso(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def iso15919_differences(book) -> list[str]:
    """Entries whose ISO 15919 romanization differs from aksharamukha's transliteration of the text."""
    from aksharamukha import transliterate

    differing = {}
    for phrase in with_forms(book):
        expected = transliterate.process("Bengali", "ISO", phrase.text)
        a, b = _fold_iso(phrase.romanization or ""), _fold_iso(expected)
        if a != b:
            common = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
            differing[phrase.key] = _entry(phrase, "aksharamukha", expected, f"they part after “{a[:common]}”")
    return _apply_exceptions(book.code, differing, book)


# Traditional against Simplified ----------------------------------------------------------------------


def opencc_differences(traditional, simplified) -> list[str]:
    """zh-Hant entries whose OpenCC t2s conversion is not the zh-Hans text and that give no ``local_usage``."""
    import opencc

    if traditional.code != "zh-Hant":
        # Cantonese (yue) is written in Traditional characters but is another language.
        raise ValueError(f"the OpenCC comparison is for zh-Hant, not {traditional.code}")
    converter = opencc.OpenCC("t2s")
    report = []
    for key, phrase in traditional.phrases.items():
        other = simplified.phrases.get(key)
        if other is None or phrase.local_usage:
            continue
        converted = converter.convert(phrase.text)
        if re.sub(r"\s", "", converted) != re.sub(r"\s", "", other.text):
            report.append(f"zh-Hant {key}: {phrase.text}\n    t2s:      {converted}\n"
                          f"    zh-Hans:  {other.text}\n    (make them agree, or explain the Taiwan "
                          f"wording in local_usage)")
    return report


ROMANIZATION_CHECKS = {
    "zh-Hans": ("pypinyin", pinyin_differences),
    "zh-Hant": ("pypinyin", pinyin_differences),
    "ja": ("pykakasi", hepburn_differences),
    "ko": ("koroman", rr_differences),
    "th": ("pythainlp", rtgs_differences),
    "ru": ("iuliia", bgn_differences),
    "uk": ("translitua", kmu_differences),
    "yue": ("ToJyutping", jyutping_differences),
    "bn": ("aksharamukha", iso15919_differences),
}
