"""Issue 17: the country of a card from every clue it has, and phones read in it (one test per clue)."""

import pytest

from core.book.settings import set_setting
from core.exchange.country_clues import infer_country, read_phone
from core.exchange.pipeline import preview_import, read_import_data


@pytest.mark.parametrize("fields, company, code, clue", [
    ({"country": "United States of America"}, None, "US", "stated"),
    ({"addresses": [{"country": "United States of America"}]}, None, "US", "address"),
    ({"addresses": [{"country": "Deutschland"}]}, None, "DE", "address"),
    ({"addresses": [{"country": "Russian Federation"}]}, None, "RU", "address"),
    ({"addresses": [{"country": "Česko"}]}, None, "CZ", "address"),
    ({"addresses": [{"country": "Sverige"}]}, None, "SE", "address"),
    ({"time_zone": "Asia/Tokyo"}, None, "JP", "zone"),
    ({"phones": [{"value": "+48 691 342 341"}]}, None, "PL", "phone"),
    ({"display_name": "高橋 健二"}, "京都精機株式会社", "JP", "company"),
    ({"display_name": "Kim"}, "(주)한빛", "KR", "company"),
    ({"display_name": "Jan Nowak"}, "Polmet Sp. z o.o.", "PL", "company"),
    ({"display_name": "Anna", "emails": [{"value": "anna@firma.co.jp"}]}, None, "JP", "email"),
    ({"display_name": "Anna", "urls": [{"value": "https://www.vogel.de/"}]}, None, "DE", "web"),
    ({"display_name": "たかはし けんじ"}, None, "JP", "script"),
    ({"display_name": "김민준"}, None, "KR", "script"),
    ({"display_name": "สมชาย ใจดี"}, None, "TH", "script"),
    ({"display_name": "Max", "emails": [{"value": "max@vogel.at"}]}, "Vogel GmbH", "AT", "email"),
])
def test_each_clue_decides(fields, company, code, clue):
    guess = infer_country(fields, company)
    assert (guess.code, guess.clue) == (code, clue)


@pytest.mark.parametrize("fields, company", [
    ({"display_name": "Max Vogel"}, "Vogel GmbH"),  # Germany, Austria or Switzerland
    ({"display_name": "张伟"}, None),  # Chinese characters alone: China, Taiwan, Japan …
    ({"display_name": "Anna", "emails": [{"value": "anna@gmail.com"}]}, None),
    ({"display_name": "Anna", "emails": [{"value": "anna@start.io"}]}, None),
])
def test_ambiguous_clues_decide_nothing(fields, company):
    assert infer_country(fields, company).code is None


def test_a_stated_country_wins_over_other_clues():
    guess = infer_country({"addresses": [{"country": "Japan"}], "emails": [{"value": "a@b.de"}]}, "X GmbH")
    assert (guess.code, guess.clue) == ("JP", "address")


@pytest.mark.parametrize("raw, country, home, value, how", [
    ("075-123-4567", "JP", "DE", "+81751234567", "local"),
    ("905-555-1234", "US", "DE", "+19055551234", "local"),
    ("49 631 234 341", None, "DE", "+49631234341", "without_plus"),
    ("49 631 234 341", "DE", "DE", "+49631234341", "without_plus"),
    ("48 691 342 341", "DE", "DE", "+48691342341", "without_plus"),
    ("48 691 342 341", None, "DE", "+48691342341", "without_plus"),
    ("5555551111", None, "DE", None, "ambiguous"),
    ("030 1234567", None, "DE", "+49301234567", "home"),
    ("0049 30 1234567", None, None, "+49301234567", "international"),
])
def test_phones_are_read_in_the_right_country(raw, country, home, value, how):
    reading = read_phone(raw, country, home)
    assert (reading.value, reading.how) == (value, how)


def preview_of(db, text):
    return preview_import(db, read_import_data(text.encode(), source="c.vcf"))


def test_a_japanese_office_number_on_a_kanji_card_is_japanese(fresh_db):
    set_setting(fresh_db, "home_country", "DE")
    preview = preview_of(fresh_db, "BEGIN:VCARD\nVERSION:3.0\nFN:高橋 健二\nN:高橋;健二;;;\n"
                                   "ORG:京都精機株式会社\nTEL;TYPE=WORK:075-123-4567\nEND:VCARD\n")
    (entry,) = preview.new
    assert [p["value"] for p in entry.fields["phones"]] == ["+81751234567"]
    assert entry.fields["country"] == "JP" and entry.country_guess.clue == "company"


def test_us_of_america_numbers_stay_in_the_phones(fresh_db):
    set_setting(fresh_db, "home_country", "DE")
    preview = preview_of(fresh_db, "BEGIN:VCARD\nVERSION:3.0\nFN:Joe Doe\nTEL:905-555-1234\n"
                                   "ADR;TYPE=WORK:;;1 Main St;Buffalo;NY;14201;United States of America\n"
                                   "END:VCARD\n")
    (entry,) = preview.new
    assert [p["value"] for p in entry.fields["phones"]] == ["+19055551234"] and not preview.warnings


def test_outlook_2003_numbers_without_plus(fresh_db):
    set_setting(fresh_db, "home_country", "DE")
    preview = preview_of(fresh_db, "BEGIN:VCARD\nVERSION:2.1\nN:Kowalski;Jan\nFN:Jan Kowalski\n"
                                   "TEL;WORK;VOICE:49 631 234 341\nTEL;CELL;VOICE:48 691 342 341\n"
                                   "END:VCARD\n")
    (entry,) = preview.new
    assert [p["value"] for p in entry.fields["phones"]] == ["+49631234341", "+48691342341"]
    assert len([p for p in preview.warnings if p.field == "phones"]) == 2  # each reading is said


def test_a_number_no_clue_places_is_flagged_and_kept_as_typed(fresh_db):
    set_setting(fresh_db, "home_country", "DE")
    preview = preview_of(fresh_db, "BEGIN:VCARD\nVERSION:3.0\nFN:Bo\nTEL:5555551111\nEND:VCARD\n")
    (entry,) = preview.new
    assert entry.fields["phones"] == []
    assert [e["value"] for e in entry.fields["extras"] if e["name"] == "TEL"] == ["5555551111"]
    (warning,) = [p for p in preview.warnings if p.field == "phones"]
    assert "5555551111" in warning.message and "country" in warning.message


def test_a_home_number_in_its_local_form_is_read_and_said(fresh_db):
    set_setting(fresh_db, "home_country", "DE")
    preview = preview_of(fresh_db, "BEGIN:VCARD\nVERSION:3.0\nFN:Bo\nTEL:030 1234567\nEND:VCARD\n")
    (entry,) = preview.new
    assert [p["value"] for p in entry.fields["phones"]] == ["+49301234567"]
    assert any("home country" in p.message for p in preview.warnings)


def test_a_badge_qr_code_gets_its_country_from_the_same_clues():
    from core.exchange.qr import parse_card_text

    card = parse_card_text("MECARD:N:高橋,健二;ORG:京都精機株式会社;TEL:075-123-4567;;")
    assert card.fields["country"] == "JP"
    card = parse_card_text("BEGIN:VCARD\nVERSION:3.0\nFN:Max Vogel\nORG:Vogel GmbH\n"
                           "EMAIL:max@vogel.at\nEND:VCARD\n")
    assert card.fields["country"] == "AT"
