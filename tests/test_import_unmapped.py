"""Issue 17: nothing read from a file is lost without a word (unmapped columns and properties)."""

from core.exchange.pipeline import preview_import, read_import_data


def unmapped(preview):
    return {p.field: p.message for p in preview.warnings if p.line is None}


def test_csv_columns_no_field_takes_are_named_with_a_count(fresh_db):
    data = ("Name,Email,Lieblingsfarbe,Shoe size\n"
            "Anna Berg,anna@example.org,blau,\n"
            "Bo Lind,bo@example.org,grün,44\n").encode()
    preview = preview_import(fresh_db, read_import_data(data, source="x.csv"))
    found = unmapped(preview)
    assert set(found) == {"Lieblingsfarbe", "Shoe size"}
    assert "2 values" in found["Lieblingsfarbe"] and "1 value" in found["Shoe size"]
    assert preview.source.unmapped == {"Lieblingsfarbe": 2, "Shoe size": 1}


def test_csv_column_set_to_ignore_is_named_too(fresh_db):
    data = b"Name,Email,Note\nAnna Berg,anna@example.org,hello\n"
    source = read_import_data(data, mapping={"Name": "display_name", "Email": "email", "Note": ""})
    found = unmapped(preview_import(fresh_db, source))
    assert list(found) == ["Note"] and "not imported" in found["Note"]


def test_vcard_properties_no_field_takes_are_named_with_a_count(fresh_db):
    card = "BEGIN:VCARD\nVERSION:3.0\nFN:Anna Berg\nX-SHOE-SIZE:38\n{extra}END:VCARD\n"
    data = (card.format(extra="X-ASSISTANT:Bo\n") + card.format(extra="")).encode()
    preview = preview_import(fresh_db, read_import_data(data, source="x.vcf"))
    found = unmapped(preview)
    assert set(found) == {"X-SHOE-SIZE", "X-ASSISTANT"}
    assert "2 cards" in found["X-SHOE-SIZE"] and "1 card" in found["X-ASSISTANT"]


def test_a_clean_file_has_no_such_warning(fresh_db):
    data = b"BEGIN:VCARD\nVERSION:3.0\nN:Berg;Anna;;;\nFN:Anna Berg\nEMAIL:anna@example.org\nEND:VCARD\n"
    preview = preview_import(fresh_db, read_import_data(data, source="x.vcf"))
    assert preview.warnings == []


def test_an_outlook_2003_card_shows_every_field_in_place_or_named(fresh_db):
    from pathlib import Path

    from core.book.settings import set_setting
    from core.exchange.pipeline import read_import_file

    set_setting(fresh_db, "home_country", "DE")
    preview = preview_import(fresh_db, read_import_file(
        Path(__file__).parent / "data" / "exchange" / "outlook_2003.vcf"))
    (jan,) = preview.new
    assert [p["value"] for p in jan.fields["phones"]] == ["+48611234567", "+48691342341", "+49631234341"]
    assert jan.fields["country"] == "PL" and jan.fields["addresses"][0]["city"] == "Poznań"
    assert jan.company == "Polmet Sp. z o.o." and jan.fields["job_title"] == "Export Manager"
    # LABEL only repeats the address; Outlook's own flag is named.
    assert unmapped(preview) == {"X-MS-OL-DEFAULT-POSTAL-ADDRESS": unmapped(preview)[
        "X-MS-OL-DEFAULT-POSTAL-ADDRESS"]}
