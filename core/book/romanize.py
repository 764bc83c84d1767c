"""Latin spellings of names, so a user can find 张伟 by typing "zhang".

Chinese characters get Hanyu Pinyin (pypinyin), and for partners in Hong
Kong and Macao their Cantonese spelling first (core.book.cantonese); Japanese kana and names of
Japanese contacts get Hepburn (pykakasi), Hangul gets Revised Romanization
(hangul-romanize) plus the customary spellings of common surnames (Kim,
Lee, Park…), Cyrillic and Greek get unidecode. The heavy libraries are
imported on first use only: start-up never pays for them.
"""

from __future__ import annotations

import functools
import marshal
import re
import unicodedata

# Where a Chinese name is spelled from its Cantonese reading (core.book.cantonese).
CANTONESE_SPELLING_COUNTRIES = frozenset({"HK", "MO"})
# A rule here that changes how a stored name is spelled needs a migration marking the
# spellings stale (core.store.derived.NAME_SPELLINGS), as 0018 does for Cantonese and Arabic.

# Han ideographs (with extension A and compatibility), Hangul, kana.
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_HANGUL = r"\uac00-\ud7af\u1100-\u11ff\u3130-\u318f"
_KANA = r"\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f"
_CJK_CHARS = f"[{_HAN}{_HANGUL}{_KANA}]"
_HAN_CHARS = f"[{_HAN}]"
_HANGUL_CHARS = f"[{_HANGUL}]"
_KANA_CHARS = f"[{_KANA}]"
_CYRILLIC_GREEK_CHARS = r"[\u0370-\u03ff\u0400-\u04ff]"


@functools.cache
def _compiled(pattern: str) -> re.Pattern:
    # Compiled on first use: these character classes take ~6 ms to compile, and the GUI
    # imports this module (through core.book.fields) before its first contacts are shown.
    return re.compile(pattern)

# Customary spellings of the commonest Korean surnames, which Revised
# Romanization alone would miss ("gim" for 김, but people write Kim).
_KOREAN_SURNAMES = {
    "김": ["kim"], "이": ["lee", "yi", "rhee"], "박": ["park", "pak"], "최": ["choi"],
    "정": ["jung", "chung", "jeong"], "강": ["kang"], "조": ["cho", "jo"],
    "윤": ["yoon", "yun"], "장": ["jang", "chang"], "임": ["lim", "im"],
    "한": ["han"], "오": ["oh"], "서": ["seo", "suh"], "신": ["shin"],
    "권": ["kwon"], "황": ["hwang"], "안": ["ahn"], "송": ["song"], "류": ["ryu", "yoo"],
    "홍": ["hong"], "전": ["jeon", "jun"], "고": ["ko", "go"], "문": ["moon"],
    "손": ["son", "sohn"], "배": ["bae"], "백": ["baek", "paik"], "허": ["heo", "hur"],
    "노": ["noh", "roh"], "유": ["yoo", "yu"],
}


_KATAKANA_TO_HIRAGANA = {code: code - 0x60 for code in range(0x30A1, 0x30F7)}

# Arabic as people type it: keyboards give a bare alef for أ إ آ ٱ, ي for ى, ه for ة, and
# Persian or Urdu keyboards ک and ی; the short-vowel marks and the tatweel are seldom typed.
_ARABIC_FOLD = {**{ord(c): "ا" for c in "أإآٱ"}, ord("ى"): "ي", ord("ة"): "ه", ord("ی"): "ي",
                ord("ک"): "ك", ord("\u0640"): None,
                **{code: None for code in (*range(0x064B, 0x0660), 0x0670)}}
_ARABIC_LETTERS = "\u0600-\u06ff"
_ARABIC_WORD_WITH_ARTICLE = rf"(?<![{_ARABIC_LETTERS}])ال([{_ARABIC_LETTERS}]{{3,}})"


class _FoldTable(dict):
    """``str.translate`` table of ``fold``, filled as characters are met: katakana to hiragana, Arabic as
    typed, Latin letters (up to U+024F, and U+1E00–U+1EFF) without diacritics; others as they are.

    One pass at C speed for the characters seen before (an import folds 400,000 texts); the
    ranges are disjoint and no result falls in another's range, so one table does what three
    passes did.
    """

    def __missing__(self, code: int) -> str | int | None:
        if code in _KATAKANA_TO_HIRAGANA:
            folded = _KATAKANA_TO_HIRAGANA[code]
        elif code in _ARABIC_FOLD:
            folded = _ARABIC_FOLD[code]
        elif code < 0x0250 or 0x1E00 <= code <= 0x1EFF:
            from unidecode import unidecode

            folded = unidecode(chr(code))
        else:
            folded = code
        self[code] = folded
        return folded


_FOLD_TABLE = _FoldTable()


def fold(text: str | None) -> str:
    """Lower-case and strip Latin diacritics: ``'Müller Łódź Straße'`` → ``'muller lodz strasse'``.

    Arabic letters are written as a keyboard types them (``'إبراهيم'`` →
    ``'ابراهيم'``, short vowels dropped); other scripts are left as they are
    (Thai vowels and Devanagari matras are not "diacritics" to drop).
    """
    if not text:
        return ""
    # NFKC: full-width Latin from a CJK input method ("ｚｈａｎｇ") is plain Latin.
    text = unicodedata.normalize("NFKC", text)
    if text.isascii():
        return text.casefold()
    # Katakana and hiragana spell the same reading: タカハシ finds たかはし.
    return text.translate(_FOLD_TABLE).casefold()


def without_arabic_article(text: str) -> list[str]:
    """The words of folded *text* that begin with the article ال, without it: العمري → عمري.

    Searched beside the whole words, so a name is found as it is said and typed
    without "al-" too.
    """
    return _compiled(_ARABIC_WORD_WITH_ARTICLE).findall(text or "")


def space_cjk(text: str) -> str:
    """Put spaces around each CJK/Hangul/kana character, so each is its own search token."""
    return _compiled(_CJK_CHARS).sub(lambda m: f" {m.group(0)} ", text)


def has_cjk(text: str) -> bool:
    """True when *text* holds a Chinese, Japanese or Korean character."""
    return bool(_compiled(_CJK_CHARS).search(text or ""))


@functools.lru_cache(maxsize=1)
def _kakasi():
    import pykakasi

    converter = pykakasi.kakasi()
    _pack_kanji_dictionary()
    return converter


class PackedKanjiTable:
    """pykakasi's kanji dictionary, each first character's words kept marshalled until looked up.

    pykakasi unpickles its whole dictionary (270,000 words) into Python objects:
    125 MB for as long as the process lives. Marshalled per first character it
    is 11 MB; a name's lookups unmarshal the few characters it starts with
    (the last 256 are kept). pykakasi reads the table only through ``get``.
    """

    def __init__(self, table: dict):
        self._packed = {key: marshal.dumps(words) for key, words in table.items()}
        self.get = functools.lru_cache(maxsize=256)(self._get)

    def _get(self, key: int, default=None):
        packed = self._packed.get(key)
        return default if packed is None else marshal.loads(packed)


def _pack_kanji_dictionary() -> None:
    """Replace pykakasi's loaded kanji dictionary by a ``PackedKanjiTable`` (same lookups)."""
    try:
        from pykakasi.kanji import Kanwa
    except ImportError:  # another pykakasi: its dictionary is left as it is
        return
    state = getattr(Kanwa, "_shared_state", None)
    table = state.get("_jisyo_table") if isinstance(state, dict) else None
    if isinstance(table, dict):
        state["_jisyo_table"] = PackedKanjiTable(table)


def _hepburn(text: str) -> str:
    return " ".join(part["hepburn"] for part in _kakasi().convert(text) if part["hepburn"].strip())


def _pinyin_forms(text: str) -> list[str]:
    from pypinyin import Style, lazy_pinyin

    forms = []
    for word in text.split():
        syllables = [s for s in lazy_pinyin(word, style=Style.NORMAL) if s.strip()]
        if syllables:
            # As names are written in pinyin: family name, then the given name
            # as one word ("zhang weina"); and all of it as one word.
            forms.append(" ".join([syllables[0], "".join(syllables[1:])]).strip())
            if len(syllables) > 1:
                forms.append("".join(syllables))
    return forms


@functools.lru_cache(maxsize=1)
def _hangul_transliter():
    from hangul_romanize import Transliter
    from hangul_romanize.rule import academic

    return Transliter(academic)


def _hangul_forms(text: str) -> list[str]:
    translit = _hangul_transliter()
    forms = []
    for word in text.split():
        full = translit.translit(word).replace("-", "")
        forms.append(full)
        # Korean names: one-syllable surname first, given name after.
        if len(word) >= 2 and _compiled(_HANGUL_CHARS).match(word[0]):
            given = translit.translit(word[1:]).replace("-", "")
            surnames = _KOREAN_SURNAMES.get(word[0], []) + [translit.translit(word[0])]
            forms.extend(f"{s} {given}" for s in dict.fromkeys(surnames))
    return forms


def romanize_name(name: str | None, *, reading: str | None = None,
                  country: str | None = None) -> list[str]:
    """Latin spellings to index for a name in any script (may be empty).

    >>> romanize_name("张伟")
    ['zhang wei', 'zhangwei']
    """
    # The sort key, the search index and the duplicate index all ask for the same names.
    return list(_romanize_cached(name, reading, (country or "").upper()))


# A 100,000-contact demo book spells ~40,000 names (its own and its companies'): 4096 missed 30% more
# than the names are; 16,384 entries are ~5 MB.
@functools.lru_cache(maxsize=16384)
def _romanize_cached(name: str | None, reading: str | None, country: str) -> tuple[str, ...]:
    forms: list[str] = []
    if reading:
        forms.append(_hepburn(reading) if _compiled(_KANA_CHARS).search(reading) else fold(reading))
    if name:
        if _compiled(_HAN_CHARS).search(name):
            # A Japanese contact's kanji read as Japanese; a Hong Kong or Macao partner's as
            # Cantonese, as their cards spell it (Mandarin too, for a search typed in pinyin);
            # anyone else's as Mandarin.
            if country == "JP":
                forms.append(_hepburn(name))
            elif country in CANTONESE_SPELLING_COUNTRIES:
                from core.book.cantonese import cantonese_name_forms  # its tables: not at every start

                forms.extend(cantonese_name_forms(name, country=country))
                forms.extend(_pinyin_forms(name))
            else:
                forms.extend(_pinyin_forms(name))
        elif _compiled(_KANA_CHARS).search(name):
            forms.append(_hepburn(name))
        if _compiled(_HANGUL_CHARS).search(name):
            forms.extend(_hangul_forms(name))
        if _compiled(_CYRILLIC_GREEK_CHARS).search(name):
            from unidecode import unidecode

            forms.append(unidecode(name))
    return tuple(dict.fromkeys(fold(f) for f in forms if f and f.strip()))


def sort_key_for(*names: str | None, country: str | None = None) -> str:
    """A sort key that places every script among Latin names by its romanization."""
    for name in names:
        if not name:
            continue
        if has_cjk(name) or _compiled(_CYRILLIC_GREEK_CHARS).search(name):
            forms = romanize_name(name, country=country)
            if forms:
                return forms[0]
        return fold(name).strip()
    return ""


def name_romanization(contact: dict) -> str:
    """Reading and Latin spelling of a contact's native-script name: "たなか たろう · Tanaka Tarou".

    Empty when the name is in Latin letters already; a spelling equal to the
    display name is not repeated.
    """
    native = contact.get("native_name") or (
        contact["display_name"] if not contact["display_name"].isascii() else "")
    if not native:
        return ""
    reading = contact.get("native_reading") or ""
    latin = contact.get("romanized_name") or ""

    def bare(text: str) -> str:
        return "".join(ch for ch in text.casefold() if ch.isalnum())

    if not latin:
        forms = romanize_name(native, reading=reading or None, country=contact.get("country"))
        # When the display name already is one of the usual spellings, do not repeat it.
        if forms and bare(contact["display_name"]) not in {bare(form) for form in forms}:
            latin = " ".join(word[:1].upper() + word[1:] for word in forms[0].split())

    shown = [part for part in (reading, latin) if part and bare(part) != bare(contact["display_name"])]
    return " · ".join(dict.fromkeys(shown))
