"""The romanization checks against libraries catch real mistakes and say exactly where."""

import pytest

import phrasebook_consistency as checks
from core.content.phrasebooks import load_phrasebooks
from phrasebook_samples import CHINESE, JAPANESE, KOREAN, TRADITIONAL, write_samples

def sample_language(code, name, native, script, system, speech, country, entries):
    """A small language file: the header, then (key, text, romanization) entries."""
    header = (f'[language]\ncode = "{code}"\nname = "{name}"\nnative_name = "{native}"\nscript = "{script}"\n'
              f'direction = "ltr"\nromanization = "{system}"\nspeech = "{speech}"\ncountries = ["{country}"]\n')
    return header + "".join(f'\n[phrases.{key}]\ntext = "{text}"\nromanization = "{roman}"\n'
                            f'pronunciation = "{roman}"\nregister = "neutral"\n' for key, text, roman in entries)


RUSSIAN = sample_language("ru", "Russian", "Русский", "Cyrl", "BGN/PCGN", "ru-RU", "RU", [
    ("hello", "Здравствуйте.", "Zdravstvuyte."), ("thank_you", "Спасибо.", "Spasibo."),
    ("send_quotation", "Не могли бы вы прислать коммерческое предложение?",
     "Ne mogli by vy prislat’ kommercheskoye predlozheniye?"),
    ("price_too_high", "Для нас цена слишком высокая, всё же.", "Dlya nas tsena slishkom vysokaya, vsë zhe."),
    ("cheers", "За здоровье!", "Za zdorov’ye!")])

THAI = sample_language("th", "Thai", "ไทย", "Thai", "Royal Thai General System", "th-TH", "TH", [
    ("hello", "สวัสดีครับ", "sawatdi khrap"), ("thank_you", "ขอบคุณครับ", "khop khun khrap"),
    ("send_quotation", "ช่วยส่งใบเสนอราคาให้หน่อยได้ไหมครับ", "chuai song bai sano rakha hai noi dai mai khrap"),
    ("price_too_high", "ราคาแพงเกินไปครับ", "rakha phaeng koen pai khrap"),
    ("cheers", "ชนแก้ว", "chon kaeo")])


@pytest.fixture(autouse=True)
def no_shipped_exceptions(monkeypatch):
    """The samples are checked without the exceptions listed for the shipped files."""
    monkeypatch.setattr(checks, "library_exceptions", lambda: {})


def book(tmp_path, code, text):
    library = load_phrasebooks(write_samples(tmp_path / code, languages=(code,), **{code: text}))
    assert library.errors == []
    return library.languages[code]


def test_correct_samples_agree_with_every_library(tmp_path):
    assert checks.rr_differences(book(tmp_path, "ko", KOREAN)) == []
    assert checks.hepburn_differences(book(tmp_path, "ja", JAPANESE)) == []
    assert checks.pinyin_differences(book(tmp_path, "zh-Hans", CHINESE)) == []
    assert checks.bgn_differences(book(tmp_path, "ru", RUSSIAN)) == []


def test_korean_without_the_sound_changes_is_caught(tmp_path):
    wrong = KOREAN.replace('"gamsahamnida."', '"gamsahapnida."')
    [report] = checks.rr_differences(book(tmp_path, "ko", wrong))
    assert "ko thank_you: 감사합니다." in report
    assert "gamsahapnida." in report and "koroman:  gamsahamnida." in report
    assert "they part after “gamsaha”" in report


def test_pinyin_with_a_wrong_tone_is_caught_and_located(tmp_path):
    wrong = CHINESE.replace("bàojiàdān", "bàojiādān")
    [report] = checks.pinyin_differences(book(tmp_path, "zh-Hans", wrong))
    assert "zh-Hans send_quotation" in report
    assert "价 should read one of jia, jià but the file has “jiādānma…”" in report


def test_pinyin_tolerates_spacing_capitals_neutral_tone_and_heteronyms(tmp_path):
    relaxed = CHINESE.replace('"zhège jiàgé duì wǒmen lái shuō tài gāo le."',
                              '"Zhè ge jiàgé duì wǒ men láishuō tài gāo le."')
    assert checks.pinyin_differences(book(tmp_path, "zh-Hans", relaxed)) == []
    # A neutral tone at the start of a written word is a mistake, not a variant.
    wrong = CHINESE.replace('"xièxie."', '"xie xie."')
    [report] = checks.pinyin_differences(book(tmp_path, "zh-Hans", wrong))
    assert "thank_you" in report


def test_japanese_folds_macrons_particles_and_small_tsu(tmp_path):
    variants = JAPANESE.replace('"arigatō gozaimasu."', '"arigatou gozaimasu."').replace(
        '"mitsumorisho o okutte itadakemasu ka?"', '"Mitsumorisho wo okutte itadakemasu ka?"')
    assert checks.hepburn_differences(book(tmp_path, "ja", variants)) == []
    wrong = JAPANESE.replace('"kakaku ga sukoshi takasugimasu."', '"kakaku ga sukosi takai desu."')
    [report] = checks.hepburn_differences(book(tmp_path, "ja", wrong))
    assert "ja price_too_high" in report and "pykakasi" in report and "they part after" in report


def test_russian_bgn_pcgn(tmp_path):
    wrong = RUSSIAN.replace('"Spasibo."', '"Spasibo."').replace('"Zdravstvuyte."', '"Zdrawstwujte."')
    [report] = checks.bgn_differences(book(tmp_path, "ru", wrong))
    assert "ru hello" in report and "Zdravstvuyte" in report


def test_thai_royin_with_tolerance(tmp_path):
    thai = book(tmp_path, "th", THAI)
    assert checks.rtgs_differences(thai) == []
    wrong = book(tmp_path / "x", "th", THAI.replace('"rakha phaeng koen pai khrap"', '"laka peng kern pai kap"'))
    [report] = checks.rtgs_differences(wrong)
    assert "th price_too_high" in report and "letters differ" in report


def test_opencc_needs_local_usage_to_differ(tmp_path):
    library = load_phrasebooks(write_samples(tmp_path / "zh", languages=("zh-Hans", "zh-Hant")))
    hans, hant = library.languages["zh-Hans"], library.languages["zh-Hant"]
    assert checks.opencc_differences(hant, hans) == []
    without_note = TRADITIONAL.replace('local_usage = "Taiwan says 給我一份 without 發 (to send out)."\n', "")
    library = load_phrasebooks(write_samples(tmp_path / "zh2", languages=("zh-Hans", "zh-Hant"),
                                             **{"zh-Hant": without_note}))
    [report] = checks.opencc_differences(library.languages["zh-Hant"], library.languages["zh-Hans"])
    assert "zh-Hant send_quotation" in report and "您能给我一份报价单吗？" in report


def test_exceptions_silence_a_difference_and_go_stale(tmp_path, monkeypatch):
    wrong = KOREAN.replace('"gamsahamnida."', '"gamsahapnida."')
    korean = book(tmp_path, "ko", wrong)
    monkeypatch.setattr(checks, "library_exceptions", lambda: {"ko": {"thank_you": "test", "hello": "test"}})
    [stale] = checks.rr_differences(korean)
    assert stale.startswith("ko hello: stale exception")


@pytest.mark.parametrize("digits, reading", [("2026", "èrlíngèrliù"), ("15", "shíwǔ"), ("105", "yībǎilíngwǔ"),
                                             ("300", "sānbǎi")])
def test_numbers_may_be_read_out(digits, reading):
    assert reading in checks._number_readings(digits)


def test_korean_numbers_may_be_read_out_and_n_insertion_is_either_way(tmp_path):
    numbers = KOREAN.replace('text = "건배!"\nromanization = "geonbae!"',
                             'text = "3시에 2년 보증, 필요합니다!"\nromanization = "se sie inyeon bojeung, piryohamnida!"')
    assert checks.rr_differences(book(tmp_path, "ko", numbers)) == []
    wrong = numbers.replace("se sie inyeon", "se sie sam nyeon")
    [report] = checks.rr_differences(book(tmp_path / "w", "ko", wrong))
    assert "ko cheers" in report and "koroman" in report
