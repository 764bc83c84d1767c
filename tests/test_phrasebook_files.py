"""The shipped phrasebooks: every one of the languages loads cleanly and its romanization agrees
with the established libraries (see tests/phrasebook_consistency.py for what is folded and why).

A failure prints every entry that differs, with what the file has and what the library gives.
"""

import re

import pytest

from core.content.phrasebooks import load_phrasebooks, phrase_language_for_contact, phrasebook_directory
from phrasebook_consistency import ROMANIZATION_CHECKS, opencc_differences

SHIPPED = ("zh-Hans", "zh-Hant", "ja", "ko", "de", "fr", "it", "es", "pt-BR", "pt-PT", "nl", "pl", "ru", "tr",
           "ar", "he", "hi", "th", "vi", "id", "sv", "ro", "el", "uk", "cs", "hu", "yue", "ms", "ur", "bn")


def shipped_book(code):
    path = phrasebook_directory() / f"{code}.toml"
    if not path.exists():
        pytest.fail(f"{path.name} is missing from {path.parent}")
    library = load_phrasebooks()
    if code not in library.languages:
        pytest.fail("\n".join(str(e) for e in library.errors if e.file == path.name))
    return library, library.languages[code]


def fail_with(problems, what):
    if problems:
        text = f"{len(problems)} {what}:\n" + "\n".join(problems)
        print(text)
        pytest.fail(text, pytrace=False)


def test_catalog_loads_cleanly():
    library = load_phrasebooks()
    fail_with([str(e) for e in library.errors if e.file == "catalog.toml"], "catalog problems")


def test_only_known_language_files():
    names = {p.name for p in phrasebook_directory().glob("*.toml")} - {"catalog.toml"}
    assert names <= {f"{code}.toml" for code in SHIPPED}


@pytest.mark.parametrize("code", SHIPPED)
def test_shipped_phrasebook_is_complete_and_well_formed(code):
    library, book = shipped_book(code)
    fail_with([str(e) for e in library.errors if e.file == f"{code}.toml"], f"problems in {code}.toml")
    assert list(book.phrases) == list(library.catalog)


@pytest.mark.parametrize("code", list(ROMANIZATION_CHECKS))
def test_shipped_romanization_agrees_with_the_library(code):
    _library, book = shipped_book(code)
    name, differences = ROMANIZATION_CHECKS[code]
    fail_with(differences(book), f"{code} entries differ from {name}")


def test_traditional_chinese_is_the_simplified_text_converted_unless_explained():
    _library, traditional = shipped_book("zh-Hant")
    _library, simplified = shipped_book("zh-Hans")
    fail_with(opencc_differences(traditional, simplified), "zh-Hant entries differ from OpenCC t2s of zh-Hans")


def test_cantonese_is_its_own_language_not_converted_written_chinese():
    # yue is written in Traditional characters too, but it is spoken Cantonese (係, 唔, 嘅):
    # the OpenCC comparison with zh-Hans is for zh-Hant only.
    _library, cantonese = shipped_book("yue")
    _library, simplified = shipped_book("zh-Hans")
    with pytest.raises(ValueError):
        opencc_differences(cantonese, simplified)
    spoken = [p.key for p in cantonese.phrases.values() if any(c in p.text for c in "係唔嘅咗喺佢")]
    assert len(spoken) > 100


# Words that give Indonesian away; their Malaysian equivalents are in brackets.
INDONESIAN_ONLY = ("mobil", "gratis", "perusahaan", "pabrik", "kantor", "mengerti", "tanggal", "Senin",
                   "Kamis", "Jumat", "sore", "nomor", "telepon", "kirim", "apotek", "polisi", "besok",
                   "kemarin", "Maret", "Agustus", "Desember", "delapan", "persen", "miliar", "kualitas",
                   "diskon", "uang", "dokter", "paspor", "sehat", "rapat", "manajer", "kemasan", "Eropa")
# (kereta, percuma, syarikat, kilang, pejabat, faham, haribulan, Isnin, Khamis, Jumaat, petang, nombor,
#  telefon, hantar, farmasi, polis, esok, semalam, Mac, Ogos, Disember, lapan, peratus, bilion, kualiti,
#  diskaun, wang, doktor, pasport, sihat, mesyuarat, pengurus, pembungkusan, Eropah)


def test_malay_is_malaysian_not_indonesian():
    _library, malay = shipped_book("ms")
    _library, indonesian = shipped_book("id")
    shared = [key for key in malay.phrases if key in indonesian.phrases]
    same = [key for key in shared if malay.phrases[key].text.casefold().rstrip(".!?")
            == indonesian.phrases[key].text.casefold().rstrip(".!?")]
    assert len(same) < 0.3 * len(shared), f"{len(same)} of {len(shared)} texts are the Indonesian ones"
    texts = {key: " ".join([p.text, *(form.text for _name, form in p.forms)]) for key, p in malay.phrases.items()}
    indonesian_words = [f"{key}: {word}" for key, text in texts.items() for word in INDONESIAN_ONLY
                        if re.search(rf"\b{word}\b", text, re.IGNORECASE)]
    assert indonesian_words == []


# A book serves every country in its `countries`: its phrases must not name one of them.
PLACE_NAMES = {
    "de": ("Deutschland", "Österreich", "Schweiz"),
    "fr": ("France", "Belgique", "Suisse", "Canada", "Québec"),
    "it": ("Italia", "Svizzera", "Ticino"),
    "es": ("España", "México", "Argentina", "Colombia", "Chile"),
    "nl": ("Nederland", "België"),
    "pt-BR": ("Brasil", "Portugal"),
    "pt-PT": ("Portugal", "Angola", "Moçambique", "Cabo Verde", "Guiné", "São Tomé", "Timor"),
    "zh-Hans": ("中国", "新加坡"),
    "zh-Hant": ("台灣", "臺灣", "香港", "澳門", "中國"),
    "ar": ("السعودية", "الإمارات", "مصر", "قطر", "الكويت"),
    "ru": ("Росси", "Казахстан", "Беларус"),
    "ro": ("România", "Moldova", "român", "moldovenesc"),
    "el": ("Ελλάδ", "Ελλην", "Κύπρ", "Κυπρ"),
    "yue": ("香港", "澳門"),
    "ms": ("Malaysia", "Brunei"),
}


@pytest.mark.parametrize("code", list(PLACE_NAMES))
def test_a_book_for_several_countries_names_none_of_them(code):
    _library, book = shipped_book(code)
    assert len(book.countries) > 1
    named = [f"{p.key}: {p.text}" for p in book.phrases.values()
             if any(place in p.text for place in PLACE_NAMES[code])]
    assert named == []


@pytest.mark.parametrize("contact, expected", [
    ({"country": "CH"}, "de"),                          # not Italian
    ({"country": "CH", "languages": ["fr"]}, "fr"),
    ({"country": "CH", "languages": ["it-CH"]}, "it"),
    ({"country": "CA"}, None),                          # English: no phrasebook
    ({"country": "CA", "languages": ["en"]}, None),
    ({"country": "CA", "languages": ["fr-CA"]}, "fr"),
    ({"country": "HK"}, "yue"),                         # spoken Cantonese
    ({"country": "HK", "languages": ["yue"]}, "yue"),
    ({"country": "HK", "languages": ["zh"]}, "zh-Hant"),  # written Chinese, as the user chose
    ({"country": "MO"}, "yue"),
    ({"country": "MY"}, "ms"),
    ({"country": "BN"}, "ms"),
    ({"country": "MY", "languages": ["ms-MY"]}, "ms"),
    ({"country": "MY", "languages": ["zh"]}, "zh-Hans"),  # Chinese Malaysians write Simplified
    ({"country": "ID"}, "id"),
    ({"country": "PT"}, "pt-PT"),
    ({"country": "PT", "languages": ["pt"]}, "pt-PT"),
    ({"country": "PT", "languages": ["pt-PT"]}, "pt-PT"),
    ({"country": "AO"}, "pt-PT"),                       # Lusophone Africa writes European Portuguese
    ({"country": "MZ", "languages": ["pt"]}, "pt-PT"),
    ({"country": "TL"}, "pt-PT"),
    ({"country": "BR"}, "pt-BR"),
    ({"country": "BR", "languages": ["pt"]}, "pt-BR"),
    ({"country": "US", "languages": ["pt"]}, "pt-BR"),
    ({"country": "US", "languages": ["pt-PT"]}, "pt-PT"),
    ({"country": "AT"}, "de"),
    ({"country": "BE", "languages": ["nl"]}, "nl"),
    ({"country": "TW"}, "zh-Hant"),
    ({"country": "SA"}, "ar"),
])
def test_a_contact_gets_the_book_of_their_language_else_the_country_business_language(contact, expected):
    assert phrase_language_for_contact(contact, library=load_phrasebooks()) == expected


# Arabic letters that look like Urdu ones but are other code points: search, sorting and
# text-to-speech treat them as different letters.
ARABIC_LOOK_ALIKES = {"\u0643": "ک", "\u064a": "ی", "\u0649": "ی", "\u0647": "ہ or ھ"}


def test_urdu_is_written_with_urdu_letters_not_arabic_look_alikes():
    _library, book = shipped_book("ur")
    texts = [(f"{p.key}", p.text) for p in book.phrases.values()]
    texts += [(f"{p.key}.{name}", form.text) for p in book.phrases.values() for name, form in p.forms]
    found = [f"{key}: {text} has {char!r} (write {ARABIC_LOOK_ALIKES[char]})"
             for key, text in texts for char in text if char in ARABIC_LOOK_ALIKES]
    assert found == []


def test_hong_kong_is_not_told_it_is_in_taiwan():
    _library, book = shipped_book("zh-Hant")
    assert "台灣" not in book.phrases["first_time_here"].text


@pytest.mark.parametrize("contact, expected", [
    ({"country": "SE"}, "sv"),
    ({"country": "SE", "languages": ["sv"]}, "sv"),
    ({"country": "FI", "languages": ["sv-FI"]}, "sv"),    # Finland's Swedish speakers
    ({"country": "RO"}, "ro"),
    ({"country": "RO", "languages": ["ro"]}, "ro"),
    ({"country": "MD"}, "ro"),                          # Romanian is Moldova's official language
    ({"country": "MD", "languages": ["ro-MD"]}, "ro"),
    ({"country": "MD", "languages": ["ru"]}, "ru"),     # a Russian-speaking Moldovan partner
])
def test_swedish_and_romanian_partners_get_their_books(contact, expected):
    assert phrase_language_for_contact(contact, library=load_phrasebooks()) == expected


def test_romanian_file_has_no_cedilla_letters_anywhere():
    """ș and ț are written with a comma below (U+0219, U+021B) everywhere in ro.toml, comments included."""
    text = (phrasebook_directory() / "ro.toml").read_text(encoding="utf-8")
    cedillas = [f"line {number}: {line.strip()}" for number, line in enumerate(text.splitlines(), 1)
                if set(line) & {"\u015f", "\u0163", "\u015e", "\u0162"}]
    assert cedillas == []
    assert "\u0219" in text and "\u021b" in text
