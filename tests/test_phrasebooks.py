"""The phrasebook engine on tiny sample phrasebooks: loading, checks at load, lookups, contacts, favourites."""

import json
import os
import time

import pytest

from core.content.phrase_favourites import add_favourite_phrase, list_favourite_phrases, remove_favourite_phrase
from core.content.phrase_checks import is_prose_note
from core.content.phrasebooks import (PhrasebookError, get_phrase, list_key_phrases, list_phrase_languages,
                                      list_phrases, load_phrasebooks, phrase_language_for_contact,
                                      search_phrases)
from core.store.records import list_changes
from phrasebook_samples import CATALOG, GERMAN, KOREAN, TRADITIONAL, write_samples


@pytest.fixture
def library(tmp_path):
    return load_phrasebooks(write_samples(tmp_path / "books", languages=("ko", "ja", "de", "ar", "zh-Hans",
                                                                         "zh-Hant")))


def keys(phrases):
    return [(p.language, p.key) for p in phrases]


def broken(tmp_path, **overrides):
    folder = write_samples(tmp_path / "broken", languages=("ko", "de"), **overrides)
    return load_phrasebooks(folder)


# Loading ---------------------------------------------------------------------------------------


def test_samples_load_without_errors_with_catalog_fields(library):
    assert library.errors == []
    assert sorted(library.languages) == ["ar", "de", "ja", "ko", "zh-Hans", "zh-Hant"]
    assert list(library.categories) == ["greetings", "prices", "dining"]
    korean = library.languages["ko"]
    assert (korean.name, korean.native_name, korean.script, korean.speech, korean.countries) == (
        "Korean", "한국어", "Hang", "ko-KR", ["KR"])
    assert korean.romanization_system == "Revised Romanization of Korean"
    phrase = korean.phrases["send_quotation"]
    assert phrase.english == "Could you send me a quotation?" and phrase.category == "prices"
    assert phrase.romanization == "gyeonjeokseoreul bonae jusigetseumnikka?"
    assert library.languages["ar"].phrases["hello"].direction == "rtl"
    assert library.languages["de"].romanization_system is None


def test_languages_listed_by_english_name(library):
    assert [b.code for b in list_phrase_languages(library=library)] == [
        "ar", "zh-Hans", "zh-Hant", "de", "ja", "ko"]


def test_phrases_in_catalog_order_and_by_category(library):
    assert [p.key for p in list_phrases("ja", library=library)] == [
        "hello", "thank_you", "send_quotation", "price_too_high", "cheers"]
    assert [p.key for p in list_phrases("ja", category="prices", library=library)] == [
        "send_quotation", "price_too_high"]
    assert list_phrases("xx", library=library) == []
    assert get_phrase("de", "cheers", library=library).text == "Prost!"
    assert get_phrase("de", "nope", library=library) is None


def test_key_phrases_put_dossier_phrases_first(library):
    assert [p.key for p in list_key_phrases("ko", limit=4, library=library)] == [
        "hello", "thank_you", "send_quotation", "price_too_high"]
    assert len(list_key_phrases("ko", library=library)) == 5
    assert list_key_phrases("xx", library=library) == []


def test_library_is_cached_until_a_file_changes(tmp_path):
    folder = write_samples(tmp_path / "books", languages=("de",))
    first = load_phrasebooks(folder)
    assert load_phrasebooks(folder) is first
    path = folder / "de.toml"
    path.write_text(GERMAN.replace("Prost!", "Zum Wohl!"), encoding="utf-8")
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 10_000_000))
    second = load_phrasebooks(folder)
    assert second is not first and second.languages["de"].phrases["cheers"].text == "Zum Wohl!"


def test_shipped_folder_is_found_and_holds_the_catalog():
    from core.paths import data_path
    from core.content.phrasebooks import phrasebook_directory

    assert phrasebook_directory() == data_path("phrasebooks")
    library = load_phrasebooks()
    assert len(library.catalog) >= 200 and len(library.categories) == 19
    assert sum(e.dossier for e in library.catalog.values()) == 12


def test_every_shipped_category_title_is_marked_for_translation():
    # catalog.toml is data babel does not read: its titles are repeated, with N_(), in phrase_labels.
    from core.content.phrase_labels import CATEGORY_TITLES, category_title
    from core.i18n import install_language

    assert load_phrasebooks().categories == CATEGORY_TITLES, "add the new title to core/content/phrase_labels.py"
    install_language("de")
    try:
        assert category_title("moq") == "Mindestbestellmenge"
        assert category_title("custom", "A title only a custom catalog has") == "A title only a custom catalog has"
    finally:
        install_language("en")


def test_language_names_come_from_babel_in_the_readers_language():
    from core.content.phrase_labels import phrasebook_language_label, phrasebook_language_name

    books = load_phrasebooks().languages
    assert phrasebook_language_name(books["zh-Hans"], "de") == "Chinesisch (Vereinfacht)"
    assert phrasebook_language_name(books["pt-BR"], "en") == "Portuguese (Brazil)"
    assert phrasebook_language_label(books["ja"], "de") == "日本語 — Japanisch"
    assert phrasebook_language_label(books["de"], "de") == "Deutsch"  # not "Deutsch — Deutsch"


# Problems at load: collected with file and line, never raised --------------------------------------------


def test_toml_syntax_error_names_file_and_line_and_other_languages_load(tmp_path):
    bad = KOREAN.replace('register = "neutral"\nnote = "Turn', 'register = neutral\nnote = "Turn')
    library = broken(tmp_path, ko=bad)
    assert "de" in library.languages and "ko" not in library.languages
    [error] = library.errors
    line = bad.splitlines().index("register = neutral") + 1
    assert (error.file, error.line) == ("ko.toml", line)
    assert "not valid TOML" in error.message
    assert str(error).startswith(f"ko.toml:{line}: ")


def line_of(text, needle):
    return text.splitlines().index(needle) + 1


def test_semantic_errors_point_at_the_phrase_and_field(tmp_path):
    bad = (KOREAN.replace('romanization = "gamsahamnida."\n', '')
           .replace('text = "건배!"', 'text = "Cheers!"')
           .replace('register = "neutral"\nnote = "Turn', 'register = "polite"\nnote = "Turn')
           .replace('[phrases.hello]', '[phrases.helo]'))
    library = broken(tmp_path, ko=bad)
    found = {(e.line, e.message) for e in library.errors if e.file == "ko.toml"}
    assert (line_of(bad, "[phrases.thank_you]"), "phrase thank_you: romanization is missing") in found
    assert (line_of(bad, 'text = "Cheers!"'), "phrase cheers: text has no letter of script Hang") in found
    assert (line_of(bad, 'register = "polite"'),
            "phrase cheers: register must be formal, neutral or informal, not 'polite'") in found
    assert (line_of(bad, "[phrases.helo]"),
            "phrase helo is not in the catalog (check the spelling of the key)") in found
    assert (None, "missing phrase hello (Hello.)") in found
    # The language still loads with its sound phrases; the broken ones are left out.
    assert sorted(library.languages["ko"].phrases) == ["price_too_high", "send_quotation"]
    assert library.broken_files() == ["ko.toml"]


def test_script_checks(tmp_path):
    bad = (KOREAN.replace("견적서를", "견적서Бы").replace('romanization = "geonbae!"', 'romanization = "건배"')
           .replace("text = \"감사합니다.\"", "text = \"ISO 9001 감사합니다.\""))
    library = broken(tmp_path, ko=bad)
    messages = [e.message for e in library.errors]
    assert messages == ["phrase send_quotation: text has letters 'Бы' that are not in script Hang",
                        "phrase cheers: romanization must be in Latin letters, not '건배'"]
    assert "thank_you" in library.languages["ko"].phrases  # Latin codes like ISO are fine


@pytest.mark.parametrize("note", ["geon-BAE", "geonbae!", "GUN-beh!"])
def test_a_note_that_repeats_the_pronunciation_is_caught(tmp_path, note):
    bad = KOREAN.replace('note = "Turn your head away from seniors when you drink."', f'note = "{note}"')
    library = broken(tmp_path, ko=bad)
    assert [(e.line, e.message) for e in library.errors] == [
        (line_of(bad, f'note = "{note}"'), "phrase cheers: note must be English prose, not a pronunciation or romanization")]


def test_a_note_in_english_prose_passes():
    assert is_prose_note("To a woman: ואת? (ve-at?).", "tov, toda. ve-ata?", "TOV, to-DA. ve-a-TA")
    assert is_prose_note("Dial 110 for the police.", "", "to-long pang-gil-kan po-lee-see")
    assert not is_prose_note("hal na-ta-WAA-sal 'AB-ra LINKED-in", "hal natawāṣal ʿabra LinkedIn?",
                             "hal na-ta-WAA-sal 'AB-ra LinkedIn")


def test_romanian_cedilla_letters_are_caught_where_they_are(tmp_path):
    """ș and ț take a comma below; the cedilla look-alikes ş ţ (old keyboards) are reported, in text and note."""
    romanian = (GERMAN.replace('code = "de"', 'code = "ro"').replace('countries = ["DE", "AT", "CH"]', 'countries = ["RO"]')
                .replace('speech = "de-DE"', 'speech = "ro-RO"')
                .replace('text = "Vielen Dank."', 'text = "Mul\u0163umesc."')
                .replace('text = "Prost!"', 'text = "Noroc!"\nnote = "Also \u015eti\u021bi: the comma-below \u021b is right."')
                .replace('text = "Guten Tag."', 'text = "Bun\u0103 ziua, domnule \u0218tef\u0103nescu."'))
    library = load_phrasebooks(write_samples(tmp_path / "ro", languages=("de", "ro"), ro=romanian))
    assert [(e.file, e.line, e.message) for e in library.errors] == [
        ("ro.toml", line_of(romanian, 'text = "Mul\u0163umesc."'),
         "phrase thank_you: text has '\u0163', a cedilla look-alike; write '\u021b' (comma below)"),
        ("ro.toml", line_of(romanian, 'note = "Also \u015eti\u021bi: the comma-below \u021b is right."'),
         "phrase cheers: note has '\u015e', a cedilla look-alike; write '\u0218' (comma below)")]
    assert "hello" in library.languages["ro"].phrases  # the comma-below letters are the right ones


def test_header_problems(tmp_path):
    library = broken(tmp_path, ko=KOREAN.replace('code = "ko"', 'code = "kr"'),
                     de=GERMAN.replace('speech = "de-DE"', 'speech = "German"').replace(
                         'text = "Guten Tag."', 'text = "Guten Tag."\nromanization = "x"'))
    assert "ko" not in library.languages
    by_file = {e.file: e for e in library.errors}
    assert by_file["ko.toml"].line == 3 and "equal to the file name (ko)" in by_file["ko.toml"].message
    german = [e for e in library.errors if e.file == "de.toml"]
    assert ["speech 'German' is not a locale such as ko-KR",
            "phrase hello: a Latin-script language has no romanization field"] == [e.message for e in german]
    assert "de" in library.languages


def test_hebrew_loads_right_to_left_in_its_own_script(tmp_path):
    from phrasebook_samples import HEBREW

    library = load_phrasebooks(write_samples(tmp_path / "he", languages=("he",)))
    assert library.errors == []
    hebrew = library.languages["he"]
    assert (hebrew.script, hebrew.direction) == ("Hebr", "rtl")
    assert hebrew.phrases["price_too_high"].text.endswith("FOB.")  # Latin codes are fine
    # Text typed with vowel points (niqqud) finds text written without them.
    assert keys(search_phrases("תּוֹדָה", library=library)) == [("he", "thank_you")]

    arabic_letters = HEBREW.replace('text = "תודה"', 'text = "תודה شكرا"')
    folder = write_samples(tmp_path / "he2", languages=("he",), he=arabic_letters)
    [error] = load_phrasebooks(folder).errors
    assert error.message == "phrase thank_you: text has letters 'شكرا' that are not in script Hebr"
    assert error.line == line_of(arabic_letters, 'text = "תודה شكرا"')


def test_arabic_must_run_right_to_left(tmp_path):
    from phrasebook_samples import ARABIC

    folder = write_samples(tmp_path / "ar", languages=("ar",), ar=ARABIC.replace('direction = "rtl"',
                                                                                 'direction = "ltr"'))
    [error] = load_phrasebooks(folder).errors
    assert error.message == "direction must be rtl for script Arab"
    assert error.line == line_of(ARABIC, 'direction = "rtl"')


def test_broken_catalog_is_reported_and_nothing_loads(tmp_path):
    folder = write_samples(tmp_path / "c", languages=("de",))
    (folder / "catalog.toml").write_text(CATALOG.replace("[categories]", "[categories"), encoding="utf-8")
    library = load_phrasebooks(folder)
    assert library.languages == {}
    assert library.errors[0].file == "catalog.toml" and library.errors[0].line == 2


def test_missing_folder_is_an_error_not_an_exception(tmp_path):
    library = load_phrasebooks(tmp_path / "nowhere")
    assert library.languages == {} and "does not exist" in library.errors[0].message
    assert isinstance(library.errors[0], PhrasebookError)


# Search ----------------------------------------------------------------------------------------------------


def test_english_finds_the_phrase_in_every_language_without_one_chosen(library):
    found = search_phrases("quotation", library=library)
    assert {p.key for p in found} == {"send_quotation"}
    assert [p.language for p in found] == ["ar", "zh-Hans", "zh-Hant", "de", "ja", "ko"]


def test_english_with_a_language_chosen(library):
    assert keys(search_phrases("Could you send me a quotation?", language="ko", library=library)) == [
        ("ko", "send_quotation")]
    assert keys(search_phrases("quot", language="ko", library=library)) == [("ko", "send_quotation")]
    assert search_phrases("quotation", language="xx", library=library) == []


def test_target_script_romanization_and_pronunciation(library):
    for query in ("견적", "견적서를 보내 주시겠습니까?", "gyeonjeok", "gyeonjeokseoreul bonae", "gyun-juk", "gyunjuk",
                  "jusigetseumnikka"):
        assert keys(search_phrases(query, library=library))[:1] == [("ko", "send_quotation")], query


def test_cjk_matches_by_characters_anywhere(library):
    assert keys(search_phrases("报价", library=library)) == [("zh-Hans", "send_quotation")]
    assert keys(search_phrases("價格", library=library)) == [("zh-Hant", "price_too_high")]
    assert keys(search_phrases("送って", library=library)) == [("ja", "send_quotation")]


def test_tones_diacritics_and_long_vowels_are_ignored(library):
    assert {p.language for p in search_phrases("baojia", library=library)} == {"zh-Hans", "zh-Hant"}
    assert keys(search_phrases("bàojiàdān", language="zh-Hans", library=library)) == [
        ("zh-Hans", "send_quotation")]
    assert keys(search_phrases("konnten", library=library)) == [("de", "send_quotation")]
    assert keys(search_phrases("arigatou", library=library)) == [("ja", "thank_you")]
    assert keys(search_phrases("arigato", library=library)) == [("ja", "thank_you")]
    # Arabic typed without vowel marks finds text written with them.
    assert keys(search_phrases("شكرا", library=library)) == [("ar", "thank_you")]


def test_ranking_exact_then_prefix_then_word_prefix_then_substring(tmp_path):
    texts = {"cheers": "Dank", "thank_you": "Danke schön", "hello": "Vielen Dank",
             "price_too_high": "Undankbar", "send_quotation": "Ein Angebot"}
    german = GERMAN
    for key, text in texts.items():
        start = german.index(f"[phrases.{key}]")
        line_start = german.index('text = "', start)
        line_end = german.index("\n", line_start)
        german = german[:line_start] + f'text = "{text}"' + german[line_end:]
    library = load_phrasebooks(write_samples(tmp_path / "rank", languages=("de",), de=german))
    assert [p.text for p in search_phrases("dank", library=library)] == [
        "Dank", "Danke schön", "Vielen Dank", "Undankbar"]
    # The English source ranks the same way: "thank" starts "Thank you."
    assert [p.key for p in search_phrases("thank", library=library)] == ["thank_you"]


def test_word_prefixes_in_any_order_and_limit(library):
    assert keys(search_phrases("price high", language="de", library=library)) == [("de", "price_too_high")]
    assert keys(search_phrases("high price", language="de", library=library)) == [("de", "price_too_high")]
    assert len(search_phrases("a", library=library, limit=3)) == 3
    assert search_phrases("   ", library=library) == []
    assert search_phrases("zzzz", library=library) == []


# Contacts ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("contact, expected", [
    ({"languages": '["ko"]', "country": "KR"}, "ko"),
    ({"languages": ["zh"], "country": "TW"}, "zh-Hant"),
    ({"languages": ["zh"], "country": "HK"}, "zh-Hant"),
    ({"languages": ["zh"], "country": "CN"}, "zh-Hans"),
    ({"languages": ["zh"], "country": None}, "zh-Hans"),
    ({"languages": ["zh_Hant_TW"], "country": "US"}, "zh-Hant"),
    ({"languages": ["en", "de"], "country": "JP"}, "de"),
    ({"languages": ["en"], "country": "JP"}, "ja"),
    ({"languages": "[]", "country": "AT"}, "de"),
    ({"languages": "[]", "country": "EG"}, "ar"),
    ({"languages": ["en"], "country": "US"}, None),
    ({}, None),
])
def test_phrase_language_for_contact(library, contact, expected):
    assert phrase_language_for_contact(contact, library=library) == expected


@pytest.mark.parametrize("contact, expected", [
    ({"country": "CZ"}, "cs"),
    ({"languages": "[]", "country": "CZ"}, "cs"),
    ({"languages": ["cs"], "country": "CZ"}, "cs"),
    ({"languages": ["cs-CZ"], "country": "DE"}, "cs"),   # a Czech speaker in Germany
    ({"country": "HU"}, "hu"),
    ({"languages": '["hu"]', "country": "HU"}, "hu"),
    ({"languages": ["hu"], "country": "AT"}, "hu"),
])
def test_czech_and_hungarian_contacts_get_the_shipped_books(contact, expected):
    assert phrase_language_for_contact(contact, library=load_phrasebooks()) == expected


def test_portuguese_means_brazilian_portuguese(tmp_path):
    folder = write_samples(tmp_path / "pt", languages=("de",))
    (folder / "pt-BR.toml").write_text(GERMAN.replace('code = "de"', 'code = "pt-BR"')
                                       .replace('countries = ["DE", "AT", "CH"]', 'countries = ["BR"]'),
                                       encoding="utf-8")
    library = load_phrasebooks(folder)
    assert library.errors == []
    assert phrase_language_for_contact({"languages": ["pt"], "country": "PT"}, library=library) == "pt-BR"
    assert phrase_language_for_contact({"languages": [], "country": "BR"}, library=library) == "pt-BR"


@pytest.mark.parametrize("contact, expected", [
    ({"languages": "[]", "country": "PK"}, "ur"),
    ({"languages": ["ur"], "country": "PK"}, "ur"),
    ({"languages": ["ur-IN"], "country": "IN"}, "ur"),
    ({"languages": "[]", "country": "BD"}, "bn"),
    ({"languages": ["bn"], "country": "BD"}, "bn"),
    ({"languages": ["bn"], "country": "IN"}, "bn"),     # West Bengal: the language decides
    ({"languages": "[]", "country": "IN"}, "hi"),
])
def test_pakistani_and_bangladeshi_partners_get_urdu_and_bengali(contact, expected):
    assert phrase_language_for_contact(contact, library=load_phrasebooks()) == expected


@pytest.mark.parametrize("contact, expected", [
    ({"country": "GR"}, "el"),
    ({"country": "GR", "languages": ["el"]}, "el"),
    ({"country": "CY"}, "el"),                          # Greek first: Turkish lists CY nowhere
    ({"country": "CY", "languages": '["el-CY"]'}, "el"),
    ({"country": "CY", "languages": ["tr"]}, "tr"),
    ({"country": "UA"}, "uk"),
    ({"country": "UA", "languages": ["uk-UA"]}, "uk"),
    ({"country": "DE", "languages": ["uk"]}, "uk"),
])
def test_greek_and_ukrainian_contacts_get_the_shipped_greek_and_ukrainian_books(contact, expected):
    assert phrase_language_for_contact(contact, library=load_phrasebooks()) == expected


def test_portuguese_means_european_portuguese_for_portugal_and_lusophone_africa(tmp_path):
    folder = write_samples(tmp_path / "pt", languages=("de",))
    for code, countries in (("pt-BR", '["BR"]'), ("pt-PT", '["PT", "AO", "MZ"]')):
        (folder / f"{code}.toml").write_text(GERMAN.replace('code = "de"', f'code = "{code}"')
                                             .replace('countries = ["DE", "AT", "CH"]', f"countries = {countries}"),
                                             encoding="utf-8")
    library = load_phrasebooks(folder)
    assert library.errors == []
    for contact, expected in (({"languages": ["pt"], "country": "PT"}, "pt-PT"),
                              ({"languages": [], "country": "PT"}, "pt-PT"),
                              ({"languages": ["pt"], "country": "AO"}, "pt-PT"),
                              ({"languages": ["pt"], "country": "CV"}, "pt-PT"),   # not listed in the file
                              ({"languages": ["pt-PT"], "country": "BR"}, "pt-PT"),
                              ({"languages": ["pt"], "country": "BR"}, "pt-BR"),
                              ({"languages": ["pt"], "country": None}, "pt-BR")):
        assert phrase_language_for_contact(contact, library=library) == expected, contact


def _cantonese_sample() -> str:
    """The Traditional Chinese sample as a Cantonese book for Hong Kong and Macao (the words do not matter here)."""
    return (TRADITIONAL.replace('code = "zh-Hant"', 'code = "yue"').replace('"Chinese (Traditional)"', '"Cantonese"')
            .replace('romanization = "Hanyu Pinyin"', 'romanization = "Jyutping (LSHK)"')
            .replace('speech = "zh-TW"', 'speech = "yue-HK"').replace('countries = ["TW", "HK", "MO"]',
                                                                       'countries = ["HK", "MO"]')
            .replace('local_usage = "Taiwan says 給我一份 without 發 (to send out)."\n', ""))


@pytest.mark.parametrize("contact, expected", [
    ({"country": "HK"}, "yue"),                          # spoken Cantonese by default
    ({"country": "MO"}, "yue"),
    ({"country": "HK", "languages": ["yue"]}, "yue"),
    ({"country": "GB", "languages": ["yue-HK"]}, "yue"),  # a Cantonese speaker abroad
    ({"country": "HK", "languages": ["zh"]}, "zh-Hant"),  # the user chose (written) Chinese
    ({"country": "HK", "languages": ["zh-HK"]}, "zh-Hant"),
    ({"country": "TW"}, "zh-Hant"),
])
def test_hong_kong_gets_cantonese_unless_chinese_is_chosen(tmp_path, contact, expected):
    folder = write_samples(tmp_path / "yue", languages=("zh-Hans", "zh-Hant"))
    (folder / "yue.toml").write_text(_cantonese_sample(), encoding="utf-8")
    library = load_phrasebooks(folder)
    assert library.errors == []
    assert phrase_language_for_contact(contact, library=library) == expected


def test_hong_kong_gets_traditional_chinese_without_a_cantonese_book(tmp_path):
    library = load_phrasebooks(write_samples(tmp_path / "zh", languages=("zh-Hans", "zh-Hant")))
    assert phrase_language_for_contact({"country": "HK"}, library=library) == "zh-Hant"


# Favourites ------------------------------------------------------------------------------------------------


def test_favourites_are_stored_logged_and_listed(fresh_db, library):
    first = add_favourite_phrase(fresh_db, "ko", "send_quotation")
    assert add_favourite_phrase(fresh_db, "ko", "send_quotation") == first  # starring twice is one star
    add_favourite_phrase(fresh_db, "ja", "cheers")
    add_favourite_phrase(fresh_db, "ko", "no_such_key")
    assert keys(list_favourite_phrases(fresh_db, library=library)) == [("ko", "send_quotation"), ("ja", "cheers")]
    assert keys(list_favourite_phrases(fresh_db, language="ja", library=library)) == [("ja", "cheers")]
    changes = list_changes(fresh_db, row_id=first)
    assert {c["field"]: c["value"] for c in changes}["phrase_key"] == "send_quotation"
    assert changes[0]["table"] == "phrase_favourites"

    assert remove_favourite_phrase(fresh_db, "ko", "send_quotation") is True
    assert remove_favourite_phrase(fresh_db, "ko", "send_quotation") is False
    assert keys(list_favourite_phrases(fresh_db, library=library)) == [("ja", "cheers")]
    row = fresh_db.conn.execute("SELECT deleted_at FROM phrase_favourites WHERE id = ?", (first,)).fetchone()
    assert row[0] is not None  # a tombstone, so the removal syncs


def test_favourites_migration_is_named_and_applied(fresh_db):
    applied = [r[0] for r in fresh_db.conn.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid")]
    assert "0003_phrase_favourites" in applied
    assert json.dumps(applied)  # plain names


def test_key_phrases_without_a_limit_are_the_dossier_ones_adjusted_by_exclude_and_add(library):
    dossier = [k for k, e in library.catalog.items() if e.dossier]
    assert [p.key for p in list_key_phrases("ko", limit=None, library=library)] == dossier
    assert [p.key for p in list_key_phrases("ko", limit=None, exclude=["hello"], add=["cheers", "nope"],
                                            library=library)] == [k for k in dossier if k != "hello"] + ["cheers"]
    assert [p.key for p in list_key_phrases("ko", limit=None, exclude=["prices"], library=library)] == [
        k for k in dossier if library.catalog[k].category != "prices"]


def library_where_thank_you_has(tmp_path, also: str):
    """The German sample book, its catalog's thank_you given the line ``also = <also>``."""
    folder = write_samples(tmp_path / "also", languages=("de",))
    entry = '[phrases.thank_you]\ncategory = "greetings"\n'
    (folder / "catalog.toml").write_text(CATALOG.replace(entry, f"{entry}also = {also}\n"), encoding="utf-8")
    return load_phrasebooks(folder)


def test_other_english_wordings_find_the_phrase(tmp_path):
    library = library_where_thank_you_has(tmp_path, '["Many thanks.", "Cheers, mate."]')
    assert not library.errors
    assert library.catalog["thank_you"].also == ("Many thanks.", "Cheers, mate.")
    assert keys(search_phrases("many thanks", library=library)) == [("de", "thank_you")]
    assert keys(search_phrases("cheers mate", library=library, language="de")) == [("de", "thank_you")]


def test_also_that_is_not_a_list_of_wordings_is_reported(tmp_path):
    library = library_where_thank_you_has(tmp_path, '"Many thanks."')
    assert "thank_you" in library.catalog
    assert any("also" in error.message and error.file == "catalog.toml" for error in library.errors)


def test_the_shipped_catalog_finds_nice_to_meet_you():
    found = search_phrases("nice to meet you", language="de")
    assert found and found[0].key == "nice_to_meet_you"
