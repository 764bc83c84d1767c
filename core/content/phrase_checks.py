"""The structural checks of one phrase entry, run on every load (core.content.phrasebooks).

A phrase's ``text`` is in its language's script: every letter belongs to
that script or is Latin (codes such as ISO, CE, FOB, brand names, email),
digits and punctuation may appear anywhere, and a non-Latin language has at
least one letter of its own script. ``romanization`` is required for a
non-Latin script and absent for a Latin one; it and ``pronunciation`` are
written in Latin letters. ``register`` is formal, neutral or informal.
A ``note`` is English prose, not a second pronunciation: it differs from
the romanization and pronunciation and has at least two plain words of its
own. Scripts are told by the Unicode Script property (the ``regex`` module). Romanian text and
notes use ș and ț with a comma below, never the cedilla look-alikes ş and ţ.

Where the words change with who speaks or who is spoken to (Hebrew, Arabic,
Hindi, Thai, Russian…), the entry itself is the form a man says to a man and
sub-tables hold the others (``FORM_KEYS``): each has its own ``text``,
``romanization`` and ``pronunciation`` (and may have a ``note``), checked as
the entry is.
"""

from __future__ import annotations

import difflib
import functools
import unicodedata
from typing import Any

import regex

from core.content.scripts import SCRIPT_LETTERS
from core.i18n import _

REGISTERS = ("formal", "neutral", "informal")
_FIELDS = {"text", "romanization", "pronunciation", "register", "note", "local_usage"}
# The other forms of a gendered phrase: said to a woman, said by a woman, both.
FORM_KEYS = ("to_woman", "by_woman", "by_woman_to_woman")
_FORM_FIELDS = {"text", "romanization", "pronunciation", "note"}
_NEUTRAL = r"\p{Script=Common}\p{Script=Inherited}"
# Look-alike letters a language must not use, with the right one. Romanian ș and ț take a comma
# below; the cedilla forms ş and ţ (Turkish letters, typed on old keyboards) look the same in most
# fonts but are other characters, so search, sorting and speech would treat the word as a stranger.
CEDILLA_LOOK_ALIKES = {"ro": {"\u015f": "\u0219", "\u0163": "\u021b", "\u015e": "\u0218", "\u0162": "\u021a"}}


@functools.lru_cache(maxsize=None)
def _patterns(script: str) -> tuple[regex.Pattern, regex.Pattern | None]:
    own = "".join(rf"\p{{Script={name}}}" for name in SCRIPT_LETTERS[script])
    foreign = regex.compile(rf"(?V1)[[\p{{L}}\p{{M}}]--[{own}\p{{Script=Latin}}{_NEUTRAL}]]")
    return foreign, (regex.compile(f"[{own}]") if script != "Latn" else None)


_NOT_LATIN = regex.compile(rf"(?V1)[[\p{{L}}\p{{M}}]--[\p{{Script=Latin}}{_NEUTRAL}]]")


def foreign_letters(text: str, script: str) -> str:
    """The letters of *text* that belong neither to *script* (ISO 15924) nor to Latin, in order, once each."""
    foreign, _own = _patterns(script)
    return "".join(dict.fromkeys(foreign.findall(text)))


def has_script_letter(text: str, script: str) -> bool:
    """True when *text* has at least one letter of *script* (always True for Latin)."""
    _foreign, own = _patterns(script)
    return own is None or bool(own.search(text))


def non_latin_letters(text: str) -> str:
    """The letters of *text* that are not Latin, once each (romanization and pronunciation must have none)."""
    return "".join(dict.fromkeys(_NOT_LATIN.findall(text)))


def check_phrase_fields(values: dict[str, Any], *, script: str, code: str) -> list[tuple[str | None, str]]:
    """Problems of one ``[phrases.key]`` table as (field, message) pairs; empty when it is sound."""
    problems: list[tuple[str | None, str]] = []
    for name in FORM_KEYS:
        if name in values:
            problems.extend(_check_form(name, values[name], values.get("register"), script=script, code=code))
    has = {name for name in FORM_KEYS if name in values}
    if has & {"by_woman", "to_woman"} == {"by_woman", "to_woman"} and "by_woman_to_woman" not in has \
            or "by_woman_to_woman" in has and not {"by_woman", "to_woman"} <= has:
        problems.append(("by_woman_to_woman", _(
            "a phrase that changes with both speaker and listener needs by_woman, to_woman and by_woman_to_woman")))
    values = {name: value for name, value in values.items() if name not in FORM_KEYS}
    for name in sorted(set(values) - _FIELDS):
        problems.append((name, _("unknown field {field!r}").format(field=name)))
    for name in sorted(set(values) & _FIELDS):
        if not isinstance(values[name], str):
            problems.append((name, _("{field} must be text in quotes").format(field=name)))
    if problems:
        return problems
    text = (values.get("text") or "").strip()
    if not text:
        problems.append(("text", _("text is missing")))
    else:
        stray = foreign_letters(text, script)
        if stray:
            problems.append(("text", _("text has letters {letters!r} that are not in script {script}").format(
                letters=stray, script=script)))
        elif not has_script_letter(text, script):
            problems.append(("text", _("text has no letter of script {script}").format(script=script)))
    romanization = (values.get("romanization") or "").strip()
    if script == "Latn":
        if "romanization" in values:
            problems.append(("romanization", _("a Latin-script language has no romanization field")))
    elif not romanization:
        problems.append(("romanization", _("romanization is missing")))
    for name in ("romanization", "pronunciation"):
        stray = non_latin_letters(values.get(name) or "")
        if stray:
            problems.append((name, _("{field} must be in Latin letters, not {letters!r}").format(
                field=name, letters=stray)))
    if not (values.get("pronunciation") or "").strip():
        problems.append(("pronunciation", _("pronunciation is missing")))
    if values.get("register") not in REGISTERS:
        problems.append(("register", _("register must be formal, neutral or informal, not {value!r}").format(
            value=values.get("register"))))
    note = (values.get("note") or "").strip()
    if note and not is_prose_note(note, romanization, values.get("pronunciation") or ""):
        problems.append(("note", _("note must be English prose, not a pronunciation or romanization")))
    for name in ("text", "note"):
        problems.extend((name, message) for message in cedilla_problems(values.get(name) or "", name, code))
    if "local_usage" in values and code != "zh-Hant":
        problems.append(("local_usage", _("local_usage is only for zh-Hant")))
    return problems


def cedilla_problems(text: str, field: str, code: str) -> list[str]:
    """One message per cedilla letter of *code*'s ``CEDILLA_LOOK_ALIKES`` in *text* (a cedilla ş in Romanian)."""
    wrong = CEDILLA_LOOK_ALIKES.get(code, {})
    return [_("{field} has {wrong!r}, a cedilla look-alike; write {right!r} (comma below)").format(
        field=field, wrong=letter, right=wrong[letter]) for letter in dict.fromkeys(text) if letter in wrong]


def _check_form(name: str, form: Any, register: Any, *, script: str,
                code: str) -> list[tuple[str | None, str]]:
    """Problems of one other form (``to_woman``…) of a phrase, named after it."""
    if not isinstance(form, dict):
        return [(name, _("{form} must be a table with its own text, romanization and pronunciation").format(
            form=name))]
    extra = sorted(set(form) - _FORM_FIELDS)
    if extra:
        return [(name, _("{form}: unknown field {field!r}").format(form=name, field=extra[0]))]
    return [(name, f"{name}: {message}")
            for _field, message in check_phrase_fields({**form, "register": register}, script=script, code=code)]


_PLAIN_WORD = regex.compile(r"(?<![\p{L}\p{M}'’-])\p{Latin}[\p{Ll}\p{M}]+(?![\p{L}\p{M}'’-])")
_FOLD = regex.compile(r"[^\p{L}]+")


def _folded(text: str) -> str:
    return _FOLD.sub("", unicodedata.normalize("NFKD", text).casefold())


def is_prose_note(note: str, romanization: str, pronunciation: str) -> bool:
    """True when *note* reads as prose: not a copy of the romanization or pronunciation (nearly
    equal when folded), and at least two plain Latin words (no syllable hyphens) not taken from them.

    >>> is_prose_note("hal na-ta-WAA-sal 'AB-ra LINKED-in", "hal natawāṣal ʿabra LinkedIn?", "")
    False
    >>> is_prose_note("Also said among friends.", "", "")
    True
    """
    folded = _folded(note)
    for other in (romanization, pronunciation):
        other = _folded(other)
        if other and difflib.SequenceMatcher(None, folded, other).ratio() > 0.8:
            return False
    borrowed = {_folded(w) for w in f"{romanization} {pronunciation}".split()}
    own = [w for w in _PLAIN_WORD.findall(note) if _folded(w) not in borrowed]
    return len(own) >= 2
