"""The right form of a gendered phrase for who speaks and who listens.

In Hebrew, Arabic, Hindi, Thai, Russian and others the words change with the
speaker's or the listener's grammatical gender: a Hebrew "glad you found us"
is *she-matsata* to a man and *she-matsat* to a woman; a Thai man ends a
polite sentence with *khrap*, a woman with *kha*. A phrase entry is the form
a man says to a man; its ``forms`` hold the others (``phrase_checks.FORM_KEYS``).

The user's own gender is a setting and the partner's a contact field; either
may be unknown. ``choose_phrase_form`` picks one form (the base form's side
where a gender is unknown); ``list_phrase_forms`` gives every form that an
unknown partner's gender leaves open, each named, so a dossier or the
phrasebook can print both rather than guess.
"""

from __future__ import annotations

import dataclasses

from core.book.fields import FEMININE, MASCULINE, PHRASE_GENDERS as GENDERS
from core.i18n import N_, _


def phrase_varies_with(phrase) -> frozenset[str]:
    """Which sides change the words of *phrase*: a subset of {"speaker", "listener"}."""
    names = {name for name, _form in phrase.forms}
    sides = set()
    if names & {"by_woman", "by_woman_to_woman"}:
        sides.add("speaker")
    if names & {"to_woman", "by_woman_to_woman"}:
        sides.add("listener")
    return frozenset(sides)


def choose_phrase_form(phrase, *, speaker: str | None = None, listener: str | None = None):
    """*phrase* as said by *speaker* to *listener* ("feminine", "masculine" or None for unknown).

    An unknown gender takes the base form's side (masculine); a phrase that does
    not change with a side ignores it. The result is a ``Phrase`` whose text,
    romanization, pronunciation (and note, when the form has one) are the form's.
    """
    forms = dict(phrase.forms)
    if not forms:
        return phrase
    by_woman, to_woman = speaker == FEMININE, listener == FEMININE
    if by_woman and to_woman:
        form = forms.get("by_woman_to_woman") or forms.get("by_woman") or forms.get("to_woman")
    elif by_woman:
        form = forms.get("by_woman")
    elif to_woman:
        form = forms.get("to_woman")
    else:
        form = None
    if form is None:
        return phrase
    return dataclasses.replace(phrase, text=form.text, romanization=form.romanization,
                               pronunciation=form.pronunciation, note=form.note or phrase.note)


def list_phrase_forms(phrase, *, speaker: str | None = None,
                      listener: str | None = None) -> list[tuple[str | None, object]]:
    """Every form of *phrase* that the unknown genders leave open, as (label, Phrase) pairs.

    With the listener's gender known, or for a phrase that does not change with
    the listener, that is one pair whose label is None. Otherwise one pair per
    listener, labelled for the reader ("to a man", "to a woman", "said by a woman"…; untranslated:
    the caller translates them into its reader's language).
    """
    varies = phrase_varies_with(phrase)
    # The user's own gender is a setting: unset, the base form speaks (as a man), and the app
    # points to Preferences; only the partner's unknown gender opens both forms.
    speakers = [speaker]
    listeners = [listener] if listener in GENDERS or "listener" not in varies else [MASCULINE, FEMININE]
    if len(speakers) == len(listeners) == 1:
        return [(None, choose_phrase_form(phrase, speaker=speaker, listener=listener))]
    return [(_form_label(None, li), choose_phrase_form(phrase, speaker=speaker, listener=li))
            for li in listeners]


def _form_label(speaker: str | None, listener: str | None) -> str:
    labels = {(None, MASCULINE): N_("to a man"), (None, FEMININE): N_("to a woman")}
    return labels[(speaker, listener)]


def expand_phrase_forms(phrases, *, speaker: str | None = None, listener: str | None = None,
                        translate=None) -> list:
    """*phrases* with each one's form for *speaker* and *listener*; where a gender is unknown, every
    open form in a row of its own, its English marked with the label ("… (to a woman)").

    *translate* turns a label into the reader's language (default: the app's gettext).
    """
    translate = translate or _
    shown = []
    for phrase in phrases:
        for label, form in list_phrase_forms(phrase, speaker=speaker, listener=listener):
            shown.append(dataclasses.replace(form, english=f"{form.english} ({translate(label)})")
                         if label else form)
    return shown
