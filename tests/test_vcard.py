"""vCard import (2.1, 3.0, 4.0 and their quirks) and export."""

from pathlib import Path

import pytest

from core.exchange.text import decode_text
from core.exchange.vcard import contact_to_vcard, parse_vcards

DATA = Path(__file__).parent / "data" / "exchange"


def by_name(contacts):
    return {c.fields["display_name"]: c for c in contacts}


def test_apple_icloud_card_keeps_labels_photo_and_unmapped_properties():
    cards = by_name(parse_vcards((DATA / "apple_icloud_3.0.vcf").read_bytes(), source="apple.vcf"))
    weber = cards["Dr. Klaus Weber"].fields
    assert cards["Dr. Klaus Weber"].company == "Weber Maschinenbau GmbH"
    assert [(p["value"], p["label"]) for p in weber["phones"]] == [
        ("+49 711 1234567", "main"), ("+49 171 2345678", "mobile")]
    assert weber["emails"][0]["label"] == "Einkauf"  # a custom X-ABLabel
    # Every entry list notes each entry's line (for warnings), websites too.
    assert [(u["value"], u["label"]) for u in weber["urls"]] == [
        ("https://weber-maschinenbau.de", "homepage")]
    assert weber["photo"].startswith(b"\x89PNG")
    assert weber["birthday"] == "--03-14"  # Apple's year 1604 means "no year"
    assert (weber["country"], weber["city"]) == ("DE", "Stuttgart")  # from X-ABADR:de
    assert weber["notes"].startswith("Met at Hannover Messe, hall 6.")
    kept = {e["name"] for e in weber["extras"]}
    assert {"N", "ORG", "X-ABADR"} <= kept  # prefix Dr., department Export
    assert [(p["value"], p["label"]) for p in weber["social_profiles"]] == [
        ("http://www.linkedin.com/in/klausweber", "linkedin")]
    tanaka = cards["田中 宏"].fields
    assert tanaka["native_reading"] == "たなか ひろし" and tanaka["country"] == "JP"
    assert cards["Shenzhen Bright Lighting Co."].fields["phones"][0]["label"] == "WeChat"


def test_old_phone_21_quoted_printable_with_soft_line_breaks_and_latin1():
    cards = by_name(parse_vcards((DATA / "old_phone_2.1.vcf").read_bytes()))
    zhang = cards["张伟"]
    assert zhang.problems == []
    assert zhang.company == "广州光明照明"
    assert zhang.fields["notes"] == ("Met at Canton Fair, booth 12.2 C18. Wants FOB Shenzhen prices "
                                     "for 5,000 units; sample by Friday.\nCall back after the fair.")
    assert [p["label"] for p in zhang.fields["phones"]] == ["mobile", "work"]
    assert zhang.fields["photo"].startswith(b"\x89PNG")
    helene = cards["Hélène Lefèvre"].fields
    assert helene["family_name"] == "Lefèvre" and helene["addresses"][0]["street"] == "12 rue de la Paix"


def test_vcard_40_with_uris_languages_zone_geo_and_rtl_name():
    (card,) = parse_vcards((DATA / "card_4.0.vcf").read_bytes())
    f = card.fields
    assert f["display_name"] == "محمد العتيبي"
    assert [p["value"] for p in f["phones"]] == ["+966-11-234-5678", "+966501234567"]
    assert f["languages"] == ["ar", "en"] and f["time_zone"] == "Asia/Riyadh"
    assert f["geo"] == "geo:24.7136,46.6753" and f["birthday"] == "--0412"
    assert {e["name"] for e in f["extras"]} == {"KIND", "NICKNAME", "X-CUSTOM"}


@pytest.mark.parametrize("encode", [
    lambda t: t.encode("utf-8"), lambda t: b"\xef\xbb\xbf" + t.encode("utf-8"),
    lambda t: t.encode("utf-16"), lambda t: t.replace("\r\n", "\n").encode("utf-8"),
])
def test_encodings_and_line_endings(encode):
    text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Ångström\r\nNOTE:folded li\r\n ne\r\nEND:VCARD\r\n"
    (card,) = parse_vcards(encode(text))
    assert card.fields["display_name"] == "Zoë Ångström" and card.fields["notes"] == "folded line"


def test_google_card_tags_leave_out_googles_own_group():
    cards = by_name(parse_vcards((DATA / "google_3.0.vcf").read_bytes()))
    assert cards["Ana Costa"].fields["tags"] == ["Canton Fair 2026"]
    assert "tags" not in cards["Иван Петров"].fields
    assert cards["Ana Costa"].fields["birthday"] == "1985-04-12"


def test_unescaped_comma_in_a_note_is_kept():
    (card,) = parse_vcards("BEGIN:VCARD\nVERSION:3.0\nFN:X\nNOTE:a, b\\, c; d\nEND:VCARD\n")
    assert card.fields["notes"] == "a, b, c; d"


def test_broken_file_names_each_problem_with_its_line():
    contacts = parse_vcards((DATA / "broken.vcf").read_bytes(), source="broken.vcf")
    problems = [(p.line, p.field, p.severity) for c in contacts for p in c.problems]
    assert (1, "display_name", "error") in problems  # a card without any name
    assert (6, "", "error") in problems  # a line outside any card
    assert (13, "", "error") in problems  # a line without a colon
    assert (15, "", "error") in problems  # never closed
    assert "broken.vcf:13" in str(next(p for c in contacts for p in c.problems if p.line == 13))


def test_decode_text_falls_back_per_line_to_the_named_charset():
    data = "FN;CHARSET=ISO-8859-1:Müller\nNOTE:Grüße\n".encode("latin-1")
    assert decode_text(data) == "FN;CHARSET=ISO-8859-1:Müller\nNOTE:Grüße\n"


@pytest.mark.parametrize("version", ["4.0", "3.0"])
def test_export_writes_fairmate_fields_as_x_properties_and_folds_long_lines(version):
    contact = {"display_name": "Tanaka Hiroshi", "given_name": "Hiroshi", "family_name": "Tanaka",
               "native_name": "田中宏", "native_reading": "たなか ひろし", "stage": "rapport",
               "company": {"name": "Sakura; Denki, KK"}, "notes": "x" * 200,
               "phones": [{"value": "+81312345678", "label": "work"}],
               "emails": [{"value": "t@sakura.jp", "label": "Assistant"}], "country": "JP"}
    text = contact_to_vcard(contact, version=version)
    assert f"VERSION:{version}" in text and "X-FAIRMATE-NATIVE-NAME:田中宏" in text
    assert "X-FAIRMATE-STAGE:rapport" in text and "ORG:Sakura\\; Denki\\, KK" in text
    assert "item1.X-ABLabel:Assistant" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    (back,) = parse_vcards(text)
    assert back.fields["native_name"] == "田中宏" and back.fields["notes"] == "x" * 200
    assert back.company == "Sakura; Denki, KK"
    assert back.fields["emails"][0]["label"] == "Assistant"
