"""Gendered phrases: the forms said to and by a woman, checked on load and chosen by gender."""

import dataclasses
import re
import types

import pytest

from core.content.phrase_forms import (FEMININE, MASCULINE, choose_phrase_form, list_phrase_forms,
                                       phrase_varies_with)
from core.content.phrasebooks import load_phrasebooks
from phrasebook_samples import HEBREW, write_samples

# "Could you send me a quotation?" to one person: tukhal (to a man), tukhli (to a woman).
QUOTATION_TO_ONE = '''[phrases.send_quotation]
text = "תוכל לשלוח לי הצעת מחיר?"
romanization = "tukhal lishloah li hatsa'at mehir?"
pronunciation = "too-KHAL leesh-LO-akh LEE ha-tsa-AT me-KHEER"
register = "neutral"

[phrases.send_quotation.to_woman]
text = "תוכלי לשלוח לי הצעת מחיר?"
romanization = "tukhli lishloah li hatsa'at mehir?"
pronunciation = "tookh-LEE leesh-LO-akh LEE ha-tsa-AT me-KHEER"
'''
# "The price is too high for us" with a made-up speaker form, to test both sides together.
PRICE_BOTH_SIDES = '''
[phrases.price_too_high.by_woman]
text = "המחיר גבוה מדי בשבילנו, אני חוששת."
romanization = "ha-mehir gavoha midai bishvilenu, ani hosheshet."
pronunciation = "ha-me-KHEER ga-VO-a mee-DAI, a-NEE kho-SHE-shet"

[phrases.price_too_high.to_woman]
text = "המחיר גבוה מדי בשבילנו, את מבינה."
romanization = "ha-mehir gavoha midai bishvilenu, at mevina."
pronunciation = "ha-me-KHEER ga-VO-a mee-DAI, AT me-vee-NA"
'''
BOTH_TOGETHER = '''
[phrases.price_too_high.by_woman_to_woman]
text = "המחיר גבוה מדי בשבילנו, אני חוששת, את מבינה."
romanization = "ha-mehir gavoha midai bishvilenu, ani hosheshet, at mevina."
pronunciation = "ha-me-KHEER ga-VO-a mee-DAI, a-NEE kho-SHE-shet, AT me-vee-NA"
'''


def hebrew(tmp_path, extra=""):
    start = HEBREW.index("[phrases.send_quotation]")
    end = HEBREW.index("[phrases.price_too_high]")
    text = HEBREW[:start] + QUOTATION_TO_ONE + "\n" + HEBREW[end:] + extra
    return load_phrasebooks(write_samples(tmp_path / "books", languages=("he",), he=text))


def test_a_form_said_to_a_woman_loads_and_is_chosen_for_a_woman(tmp_path):
    library = hebrew(tmp_path)
    assert not library.errors
    phrase = library.languages["he"].phrases["send_quotation"]
    assert phrase_varies_with(phrase) == {"listener"}
    assert choose_phrase_form(phrase, listener=FEMININE).romanization.startswith("tukhli")
    assert choose_phrase_form(phrase, listener=MASCULINE).romanization.startswith("tukhal")
    # The speaker does not change these words.
    assert choose_phrase_form(phrase, speaker=FEMININE, listener=FEMININE).text.startswith("תוכלי")
    assert phrase.to_dict()["forms"]["to_woman"]["romanization"].startswith("tukhli")


def test_an_unknown_listener_lists_both_forms_with_their_labels(tmp_path):
    phrase = hebrew(tmp_path).languages["he"].phrases["send_quotation"]
    forms = list_phrase_forms(phrase, speaker=FEMININE, listener=None)
    assert [(label, p.romanization.split()[0]) for label, p in forms] == [("to a man", "tukhal"),
                                                                           ("to a woman", "tukhli")]
    assert [label for label, _p in list_phrase_forms(phrase, listener=FEMININE)] == [None]
    hello = hebrew(tmp_path / "2").languages["he"].phrases["hello"]
    assert [label for label, _p in list_phrase_forms(hello)] == [None]


def test_both_sides_need_the_form_for_both_and_then_pick_it(tmp_path):
    library = hebrew(tmp_path, PRICE_BOTH_SIDES)
    assert any("by_woman_to_woman" in e.message for e in library.errors)
    assert "price_too_high" not in library.languages["he"].phrases
    library = hebrew(tmp_path / "2", PRICE_BOTH_SIDES + BOTH_TOGETHER)
    assert not library.errors
    phrase = library.languages["he"].phrases["price_too_high"]
    assert phrase_varies_with(phrase) == {"speaker", "listener"}
    assert choose_phrase_form(phrase, speaker=FEMININE, listener=FEMININE).romanization.endswith("at mevina.")
    assert "hoshesh" not in choose_phrase_form(phrase, speaker=MASCULINE, listener=MASCULINE).romanization
    assert len(list_phrase_forms(phrase)) == 2  # the user's own gender unset: as a man says it
    assert [p.romanization.split(',')[1].strip(' .') for _l, p in list_phrase_forms(phrase, speaker=FEMININE)] == [
        'ani hosheshet', 'ani hosheshet']


def test_a_form_in_the_wrong_script_or_with_a_stray_field_is_reported(tmp_path):
    wrong = QUOTATION_TO_ONE.replace('text = "תוכלי', 'text = "Тухли', 1)
    library = load_phrasebooks(write_samples(tmp_path / "a", languages=("he",), he=HEBREW.replace(
        HEBREW[HEBREW.index("[phrases.send_quotation]"):HEBREW.index("[phrases.price_too_high]")], wrong + "\n")))
    assert any("to_woman" in e.message and "script" in e.message for e in library.errors)
    stray = QUOTATION_TO_ONE + 'register = "formal"\n'
    library = load_phrasebooks(write_samples(tmp_path / "b", languages=("he",), he=HEBREW.replace(
        HEBREW[HEBREW.index("[phrases.send_quotation]"):HEBREW.index("[phrases.price_too_high]")], stray + "\n")))
    assert any("to_woman" in e.message and "register" in e.message for e in library.errors)


def test_expanded_phrases_carry_the_label_in_their_english(tmp_path):
    from core.content.phrase_forms import expand_phrase_forms

    library = hebrew(tmp_path)
    phrases = list(library.languages["he"].phrases.values())
    shown = expand_phrase_forms(phrases, speaker=None, listener=None, translate=str.upper)
    quotation = [p for p in shown if p.key == "send_quotation"]
    assert [p.english for p in quotation] == ["Could you send me a quotation? (TO A MAN)",
                                             "Could you send me a quotation? (TO A WOMAN)"]
    assert len(expand_phrase_forms(phrases, listener=FEMININE)) == len(phrases)


# The shipped books ---------------------------------------------------------------------------------

GENDERED_BOOKS = ("he", "ar", "hi", "ru", "pl", "th", "ro", "el", "uk", "cs", "pt-PT", "pt-BR", "ms", "ur")


@pytest.fixture(scope="module")
def shipped():
    library = load_phrasebooks()
    assert not [e for e in library.errors if e.file.split(".")[0] in GENDERED_BOOKS]
    return library.languages


@pytest.mark.parametrize("code, key, speaker, listener, words", [
    ("he", "thank_you_for_meeting", None, FEMININE, "she-matsat "),
    ("he", "how_are_you", None, FEMININE, "shlomekh"),
    ("he", "sorry", FEMININE, None, "mitsta'eret"),
    ("he", "appreciate_help", FEMININE, FEMININE, "ma'arikha et ha-ezra shelakh"),
    ("ar", "fine_thank_you", None, FEMININE, "wa-anti?"),
    ("ar", "please_sit_down", None, FEMININE, "tafaḍḍalī"),
    ("ar", "vegetarian", FEMININE, None, "nabātiyya"),
    ("hi", "i_understand", FEMININE, None, "samajh gaī"),
    ("hi", "how_are_you", None, FEMININE, "kaisī"),
    ("hi", "follow_up_email", FEMININE, None, "bhejūm̐gī"),
    ("ru", "long_time_no_see", FEMININE, None, "Рада"),
    ("ru", "lost_passport", FEMININE, None, "потеряла"),
    ("pl", "nice_to_meet_you", None, FEMININE, "Panią"),
    ("pl", "lost_badge", FEMININE, None, "Zgubiłam"),
    ("pl", "agenda_today", FEMININE, None, "chciałabym"),
    ("ro", "nice_to_meet_you", FEMININE, None, "Încântată"),
    ("ro", "i_am_sick", FEMININE, None, "bolnavă"),
    ("ro", "free_on_thursday", None, FEMININE, "liberă"),
    ("ro", "welcome_visit", None, FEMININE, "binevenită"),
    ("uk", "long_time_no_see", FEMININE, None, "Рада"),
    ("uk", "sorry_late", FEMININE, None, "запізнилася"),
    ("uk", "i_am_sick", FEMININE, None, "захворіла"),
    ("el", "free_on_thursday", None, FEMININE, "ελεύθερη"),
    ("el", "allergy", FEMININE, None, "αλλεργική"),
    ("el", "i_work_as", FEMININE, FEMININE, "υπεύθυνη"),
    ("cs", "lost_passport", FEMININE, None, "Ztratila"),
    ("cs", "long_time_no_see", FEMININE, None, "Ráda"),
    ("cs", "could_you_repeat", None, FEMININE, "Mohla byste"),
    ("pt-PT", "thank_you", FEMININE, None, "Obrigada"),
    ("pt-PT", "fine_thank_you", FEMININE, FEMININE, "obrigada. E a senhora"),
    ("pt-PT", "long_time_no_see", None, FEMININE, "vê-la"),
    ("pt-PT", "minutes_late", FEMININE, None, "atrasada"),
    ("pt-BR", "thank_you_very_much", FEMININE, None, "obrigada"),
    ("pt-BR", "where_are_you_from", None, FEMININE, "A senhora"),
    ("ms", "nice_to_meet_you", None, FEMININE, "Puan"),   # Tuan to a man, Puan to a woman
    ("ms", "send_quotation", FEMININE, FEMININE, "Puan"),
    ("ur", "i_understand", FEMININE, None, "سمجھ گئی"),
    ("ur", "how_are_you", None, FEMININE, "kaisī"),
    ("ur", "follow_up_email", FEMININE, None, "bhejūṉ gī"),
    ("ur", "exclusive_distributor", None, FEMININE, "chāheṉ gī"),
])
def test_shipped_books_say_it_as_a_woman_or_to_a_woman(shipped, code, key, speaker, listener, words):
    phrase = shipped[code].phrases[key]
    form = choose_phrase_form(phrase, speaker=speaker, listener=listener)
    assert words in f"{form.text} {form.romanization or ''}"
    man = choose_phrase_form(phrase, speaker=MASCULINE, listener=MASCULINE)
    assert words not in f"{man.text} {man.romanization or ''}"


@pytest.mark.parametrize("code", GENDERED_BOOKS)
def test_every_shipped_form_differs_from_its_entry(shipped, code):
    same = [f"{key}.{name}" for key, phrase in shipped[code].phrases.items() for name, form in phrase.forms
            if (form.romanization or form.text) == (phrase.romanization or phrase.text)]
    assert not same, f"{code}: forms identical to their entry (a form must change the words): {same}"


@pytest.mark.parametrize("code", GENDERED_BOOKS)
def test_woman_forms_are_forms_not_notes(shipped, code):
    """A note that says what a woman says, or what is said to her, belongs in a form."""
    notes = [f"{key}: {phrase.note}" for key, phrase in shipped[code].phrases.items()
             if re.match(r"(To a woman\b|A woman says\b)", phrase.note or "")]
    assert not notes


def test_polish_entries_are_said_to_a_man_and_forms_to_a_woman(shipped):
    assert not [key for key, phrase in shipped["pl"].phrases.items() if "/Pan" in phrase.text]
    assert sum(1 for phrase in shipped["pl"].phrases.values() if dict(phrase.forms).get("to_woman")) >= 15


def test_the_russian_library_check_covers_forms(shipped):
    from phrasebook_consistency import bgn_differences

    book = shipped["ru"]
    phrase = book.phrases["lost_badge"]
    name, form = phrase.forms[0]
    wrong = dataclasses.replace(phrase, forms=((name, dataclasses.replace(form, romanization=phrase.romanization)),))
    assert bgn_differences(types.SimpleNamespace(code="ru", phrases={"lost_badge": phrase})) == []
    report = bgn_differences(types.SimpleNamespace(code="ru", phrases={"lost_badge": wrong}))
    assert len(report) == 1 and "lost_badge.by_woman" in report[0]
