"""Looking phrases up as the user types, in any direction, in well under a frame.

Every phrase is indexed by its target text, romanization and pronunciation,
and every catalog key by its English source, all normalized the same way
(``normalize_for_search``: lower case, Latin diacritics and pinyin tones
dropped, katakana as hiragana, Arabic and Hebrew vowel marks dropped,
punctuation as spaces). Romanization and pronunciation also go in without
spaces or hyphens, so "nihao" finds "nǐ hǎo" and "gyunjuk" finds "gyun-juk";
Japanese long vowels go in both as macrons folded (ō → o) and doubled (ō → ou).

Results come in tiers, best first: the whole field equals the query, the
field starts with it, every query word starts a word of the phrase, the
query occurs anywhere (how CJK and Thai, written without spaces, match
mid-sentence). The first three tiers are ranges of sorted lists found by
bisection; the last is ``str.find`` over one joined string. Each tier stops
as soon as *limit* phrases are found, so a one-letter query costs no more
than a long one.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from dataclasses import dataclass, field

import regex

from core.book.romanize import fold

_SEPARATORS = regex.compile(r"[^\p{L}\p{N}\p{M}]+")
# Arabic short vowels, shadda, sukun, tatweel; Hebrew points (niqqud) and cantillation: readers type without them.
_VOWEL_MARKS = regex.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640"
                             "\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7]")
_LONG_VOWELS = str.maketrans({"ā": "aa", "ī": "ii", "ū": "uu", "ē": "ee", "ō": "ou",
                              "Ā": "Aa", "Ī": "Ii", "Ū": "Uu", "Ē": "Ee", "Ō": "Ou"})


# fold() of each character seen, so indexing folds a character once, not every time.
_folded_chars: dict[str, str] = {}


def _fold_fast(text: str) -> str:
    if text.isascii():
        return text.casefold()
    text = unicodedata.normalize("NFKC", text)
    out = []
    for char in text:
        folded = _folded_chars.get(char)
        if folded is None:
            folded = _folded_chars[char] = fold(char)
        out.append(folded)
    return "".join(out)


def normalize_for_search(text: str | None) -> str:
    """*text* as the index stores it: folded, without marks readers skip, words separated by one space.

    >>> normalize_for_search("Nǐ hǎo!  Müller")
    'ni hao muller'
    """
    if not text:
        return ""
    folded = _fold_fast(text)
    if not folded.isascii():
        folded = _VOWEL_MARKS.sub("", folded)
    return " ".join(_SEPARATORS.split(folded)).strip()


@dataclass
class _FieldIndex:
    """Sorted whole fields, sorted words, and one joined string, each pointing at an entry id."""

    field_keys: list[str] = field(default_factory=list)
    field_ids: list[int] = field(default_factory=list)
    token_keys: list[str] = field(default_factory=list)
    token_ids: list[int] = field(default_factory=list)
    entry_tokens: dict[int, tuple[str, ...]] = field(default_factory=dict)
    haystack: str = ""
    segment_starts: list[int] = field(default_factory=list)
    segment_ids: list[int] = field(default_factory=list)

    @classmethod
    def build(cls, forms_by_id: list[tuple[int, list[str]]]) -> "_FieldIndex":
        fields, tokens, segments = [], [], []
        index = cls()
        for entry_id, forms in forms_by_id:
            words: set[str] = set()
            for form in dict.fromkeys(f for f in forms if f):
                fields.append((form, entry_id))
                segments.append((form, entry_id))
                words.update(form.split())
            tokens.extend((w, entry_id) for w in words)
            index.entry_tokens[entry_id] = tuple(sorted(words))
        fields.sort()
        tokens.sort()
        index.field_keys = [f for f, _ in fields]
        index.field_ids = [i for _, i in fields]
        index.token_keys = [t for t, _ in tokens]
        index.token_ids = [i for _, i in tokens]
        parts, position = [], 0
        for form, entry_id in segments:
            index.segment_starts.append(position)
            index.segment_ids.append(entry_id)
            parts.append(form)
            position += len(form) + 1
        index.haystack = "\n".join(parts)
        return index

    def exact(self, query: str):
        """Entry ids whose whole field equals *query*."""
        i = bisect_left(self.field_keys, query)
        keys, ids = self.field_keys, self.field_ids
        while i < len(keys) and keys[i] == query:
            yield ids[i]
            i += 1

    def field_prefix(self, query: str):
        """Entry ids with a field starting with *query*."""
        i = bisect_left(self.field_keys, query)
        keys, ids = self.field_keys, self.field_ids
        while i < len(keys) and keys[i].startswith(query):
            yield ids[i]
            i += 1

    def word_prefix(self, words: list[str]):
        """Entry ids where every one of *words* starts a word of the entry."""
        keys, ids = self.token_keys, self.token_ids
        ranges = []
        for word in words:
            start = bisect_left(keys, word)
            end = start
            while end < len(keys) and keys[end].startswith(word):
                end += 1
            if start == end:
                return
            ranges.append((end - start, start, end, word))
        ranges.sort()
        _size, start, end, _word = ranges[0]
        others = [r[3] for r in ranges[1:]]
        for position in range(start, end):
            entry_id = ids[position]
            if not others or all(any(t.startswith(w) for t in self.entry_tokens[entry_id]) for w in others):
                yield entry_id

    def substring(self, query: str):
        """Entry ids with a field containing *query* anywhere, in index order."""
        haystack, starts, ids = self.haystack, self.segment_starts, self.segment_ids
        position = haystack.find(query)
        while position >= 0:
            segment = bisect_left(starts, position + 1) - 1
            yield ids[segment]
            # Go on from the next segment: one hit per field is enough.
            following = segment + 1
            if following >= len(starts):
                return
            position = haystack.find(query, starts[following])


def _phrase_forms(phrase) -> list[str]:
    forms = [normalize_for_search(phrase.text)]
    for spelled in (phrase.romanization, phrase.pronunciation):
        if not spelled:
            continue
        variants = [spelled]
        if spelled.translate(_LONG_VOWELS) != spelled:
            variants.append(spelled.translate(_LONG_VOWELS))
        for variant in variants:
            normal = normalize_for_search(variant)
            forms.append(normal)
            forms.append(normal.replace(" ", ""))
    return forms


@dataclass
class PhraseIndex:
    """The lookup index of a library: one per language, one over all, and one over the English sources."""

    phrases: list = field(default_factory=list)
    by_language: dict[str, _FieldIndex] = field(default_factory=dict)
    everything: _FieldIndex | None = None
    english: _FieldIndex | None = None
    keys: list[str] = field(default_factory=list)
    # Catalog key → its phrase ids, languages by English name.
    phrases_of_key: dict[str, list[int]] = field(default_factory=dict)
    language_order: list[str] = field(default_factory=list)


def build_phrase_index(library) -> PhraseIndex:
    """Index every phrase of *library* (a ``PhraseLibrary``) for ``search_phrase_index``."""
    index = PhraseIndex()
    books = sorted(library.languages.values(), key=lambda b: b.name)
    index.language_order = [b.code for b in books]
    all_forms = []
    for book in books:
        forms = []
        for phrase in book.phrases.values():
            phrase_id = len(index.phrases)
            index.phrases.append(phrase)
            index.phrases_of_key.setdefault(phrase.key, []).append(phrase_id)
            forms.append((phrase_id, _phrase_forms(phrase)))
        index.by_language[book.code] = _FieldIndex.build(forms)
        all_forms.extend(forms)
    index.everything = _FieldIndex.build(all_forms)
    index.keys = list(library.catalog)
    index.english = _FieldIndex.build(
        [(i, [normalize_for_search(text) for text in (entry.english, *entry.also)])
         for i, entry in enumerate(library.catalog[key] for key in index.keys)])
    return index


def search_phrase_index(index: PhraseIndex, query: str, *, language: str | None = None,
                        limit: int = 50) -> list:
    """The best *limit* phrases for *query* (see the module docstring for the ranking)."""
    normal = normalize_for_search(query)
    if not normal or limit <= 0:
        return []
    if language is not None and language not in index.by_language:
        return []
    target = index.by_language[language] if language is not None else index.everything
    compact = normal.replace(" ", "")
    words = normal.split()
    phrases = index.phrases
    found: list = []
    seen: set[int] = set()

    def from_english(key_ids):
        for key_id in key_ids:
            for phrase_id in index.phrases_of_key.get(index.keys[key_id], ()):
                if language is None or phrases[phrase_id].language == language:
                    yield phrase_id

    def take(ids) -> bool:
        for phrase_id in ids:
            if phrase_id not in seen:
                seen.add(phrase_id)
                found.append(phrases[phrase_id])
                if len(found) >= limit:
                    return True
        return False

    spaced = compact != normal  # a query of several words also tries them run together
    tiers = [lambda i: i.exact(normal), lambda i: i.exact(compact) if spaced else (),
             lambda i: i.field_prefix(normal), lambda i: i.field_prefix(compact) if spaced else (),
             lambda i: i.word_prefix(words)]
    # A one-letter Latin query matches half of every book mid-word: only
    # starts of words count until a second letter arrives.
    if len(compact) >= 2 or not _is_spaced_script(compact):
        tiers += [lambda i: i.substring(normal), lambda i: i.substring(compact) if spaced else ()]
    for tier in tiers:
        if take(tier(target)) or take(from_english(tier(index.english))):
            break
    return found


def _is_spaced_script(text: str) -> bool:
    """True for text of a script that separates words with spaces (not CJK or Thai)."""
    for char in text:
        if not char.isascii():
            name = unicodedata.name(char, "")
            if name.startswith(("CJK", "HIRAGANA", "KATAKANA", "THAI", "HANGUL")):
                return False
    return True
