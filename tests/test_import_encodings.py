"""Issue 17: Outlook's code pages detected (charset-normalizer), shown, never a silent guess."""

from pathlib import Path

import pytest

from core.exchange.encodings import detect_encoding
from core.exchange.pipeline import preview_import, read_import_data, read_import_file

DATA = Path(__file__).parent / "data" / "exchange"


@pytest.mark.parametrize("name, encoding, given", [
    ("outlook_cp1250.csv", "cp1250", "Łukasz"), ("outlook_cp1251.csv", "cp1251", "Иван"),
    ("outlook_cp1253.csv", "cp1253", "Γιώργος"), ("outlook_cp1254.csv", "cp1254", "Ayşe"),
    ("outlook_contacts_cp1252.csv", "cp1252", "Jürgen")])
def test_outlook_code_pages_are_detected_and_said(fresh_db, name, encoding, given):
    preview = preview_import(fresh_db, read_import_file(DATA / name))
    assert preview.ok and preview.source.encoding == encoding and preview.source.encoding_detected
    assert preview.new[0].fields["given_name"] == given
    (said,) = [p for p in preview.warnings if "detected" in p.message]
    assert "Windows-" + encoding[2:] in said.message


def test_utf8_is_read_without_a_word(fresh_db):
    source = read_import_data("Name,Email\nŁukasz,l@x.pl\n".encode(), source="a.csv")
    assert (source.encoding, source.encoding_detected) == ("utf-8", False)
    assert not [p for p in source.problems if "detected" in p.message]


def test_the_user_can_name_the_encoding(fresh_db):
    data = (DATA / "outlook_cp1250.csv").read_bytes()
    source = read_import_data(data, source="a.csv", encoding="cp1257")
    assert (source.encoding, source.encoding_detected) == ("cp1257", False)
    assert source.contacts[0].fields["given_name"] != "Łukasz"


def test_an_old_vcard_in_a_code_page_is_detected_too(fresh_db):
    card = "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Yılmaz;Ayşe\r\nFN:Ayşe Yılmaz\r\nORG:Güneş Tekstil A.Ş.\r\nEND:VCARD\r\n"
    source = read_import_data(card.encode("cp1254"), source="a.vcf")
    assert source.encoding == "cp1254" and source.contacts[0].fields["display_name"] == "Ayşe Yılmaz"


def test_detection_prefers_western_when_the_text_reads_the_same():
    assert detect_encoding("Müller,Straße\n".encode("cp1252")).name == "cp1252"


def test_a_long_file_in_a_two_byte_code_page_is_detected_from_whole_lines():
    row = "山田,太郎,株式会社テスト,yamada@example.jp\r\n"
    data = ("姓,名,会社,メール\r\n" + row * 9000).encode("cp932")
    assert len(data) > 262_144 and detect_encoding(data).name == "cp932"


def test_the_summary_for_the_command_line_names_the_encoding_and_unread_columns(fresh_db):
    preview = preview_import(fresh_db, read_import_file(DATA / "outlook_cp1250.csv"))
    summary = preview.summary()
    assert (summary["encoding"], summary["encoding_detected"]) == ("cp1250", True)
    assert summary["unmapped"] == {}
    assert [(c["line"], c["country"], c["clue"]) for c in summary["countries"]] == [
        (2, "PL", "company"), (3, "CZ", "email")]
