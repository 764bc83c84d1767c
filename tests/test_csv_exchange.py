"""CSV import: encodings, delimiters, presets, mapping; CSV export."""

import csv
import io
from pathlib import Path

import pytest

from core.exchange.csv_files import export_csv, guess_csv_mapping, parse_csv, sniff_csv

DATA = Path(__file__).parent / "data" / "exchange"


def test_google_csv_preset_splits_multi_values_and_pairs_labels():
    table = sniff_csv((DATA / "google_contacts.csv").read_bytes(), source="google.csv")
    assert (table.encoding, table.delimiter, table.preset) == ("utf-8", ",", "google")
    mapping = guess_csv_mapping(table.headers)
    assert mapping["E-mail 1 - Value"] == "email" and mapping["Phone 1 - Label"] == "phone_label"
    assert mapping["Custom Field 1 - Value"] == "extra"
    chen = parse_csv(table, mapping)[0]
    assert chen.fields["display_name"] == "Mei-ling Chen" and chen.company == "Formosa Bikes Ltd."
    assert [(p["value"], p["label"]) for p in chen.fields["phones"]] == [
        ("+886 912 345 678", "mobile"), ("+886 2 2345 6789", "mobile"), ("+886 2 2700 1234", "work")]
    assert chen.fields["emails"] == [{"value": "meiling.chen@formosabikes.tw", "label": "work", "_line": 2}]
    assert chen.fields["tags"] == ["Taipei Cycle 2026"]  # "* myContacts" is Google's own group
    assert chen.fields["country"] == "TW" and chen.line == 2
    assert "\n" in chen.fields["notes"]  # a quoted cell over two lines


@pytest.mark.parametrize("name, encoding, delimiter", [
    ("outlook_contacts_cp1252.csv", "cp1252", ","), ("outlook_contacts_utf16.csv", "utf-16", "\t")])
def test_outlook_exports_in_the_encodings_outlook_writes(name, encoding, delimiter):
    table = sniff_csv((DATA / name).read_bytes())
    assert (table.encoding, table.delimiter, table.preset) == (encoding, delimiter, "outlook")
    mueller, dupre = parse_csv(table, guess_csv_mapping(table.headers))
    assert mueller.fields["display_name"] == "Jürgen Müller"  # "Herr" stays a name prefix
    assert mueller.company == "Müller & Söhne KG" and mueller.fields["birthday"] == "1970-05-23"
    assert {p["label"] for p in mueller.fields["phones"]} == {"work", "work fax", "mobile"}
    assert mueller.fields["addresses"][0]["street"] == "Königstraße 5\n2. OG"  # Street 2 joins it
    assert mueller.fields["addresses"][0]["label"] == "work"
    assert mueller.fields["tags"] == ["Messe München", "Prio A"]
    assert "birthday" not in dupre.fields  # Outlook writes 0/0/00 for none
    assert dupre.fields["country"] == "FR"


def test_semicolon_csv_with_bom_and_a_changed_mapping():
    table = sniff_csv((DATA / "excel_semicolon.csv").read_bytes())
    assert (table.encoding, table.delimiter, table.preset) == ("utf-8-sig", ";", "generic")
    mapping = guess_csv_mapping(table.headers)
    assert mapping == {"Name": "display_name", "E-Mail": "email", "Telefon": "phone",
                       "Firma": "company", "Land": "country"}  # German for country
    mapping["Land"] = "country"
    rossi = parse_csv(table, mapping)[0]
    assert rossi.fields["country"] == "Italy" and rossi.line == 2
    rows = parse_csv(table, mapping)
    assert [p.line for p in rows[1].problems] == [4]  # the row without a name (blank row skipped)


def test_unknown_mapping_target_is_refused():
    table = sniff_csv(b"Name\nAnna\n")
    with pytest.raises(ValueError):
        parse_csv(table, {"Name": "shoe_size"})


def test_export_csv_reads_back_with_its_own_preset():
    contacts = [{"display_name": "Anna Müller", "company": {"name": "Weber GmbH"}, "stage": "partner",
                 "emails": [{"value": "a@weber.de", "label": "work"}, {"value": "a@home.de", "label": ""}],
                 "phones": [], "addresses": [{"label": "work", "street": "Hauptstr. 1", "city": "Berlin"}],
                 "tags": ["vip"], "languages": ["de", "en"], "notes": "line 1\nline, 2"}]
    text = export_csv(contacts)
    table = sniff_csv(text.encode("utf-8-sig"))
    assert table.preset == "fairmate"
    (back,) = parse_csv(table, guess_csv_mapping(table.headers))
    assert back.company == "Weber GmbH" and back.fields["stage"] == "partner"
    assert [e["value"] for e in back.fields["emails"]] == ["a@weber.de", "a@home.de"]
    assert back.fields["notes"] == "line 1\nline, 2" and back.fields["languages"] == ["de", "en"]
    assert back.fields["addresses"][0]["city"] == "Berlin"


# Formula injection (OWASP "CSV injection"): a cell a spreadsheet would run is written with a leading '.

HOSTILE = {"display_name": '=HYPERLINK("http://evil.example","Click")', "notes": "-2+3 units\nsecond line",
           "job_title": "@SUM(1+1)", "city": "-Kreis Mettmann"}


def test_cells_a_spreadsheet_would_run_are_written_as_text_and_read_back_unchanged(fresh_db):
    from core.book.contacts import add_contact, get_contact
    from core.exchange.formula_guard import count_guarded_cells
    from core.exchange.pipeline import apply_import, export_contacts, preview_import, read_import_data
    from core.store.db import open_database

    contact = add_contact(fresh_db, phones=["+49 30 901820"], **HOSTILE)
    data = export_contacts(fresh_db, "csv")
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["Name"] == "'" + HOSTILE["display_name"]
    assert row["Job title"] == "'@SUM(1+1)" and row["Notes"].startswith("'-2+3")
    assert row["City"] == "'-Kreis Mettmann" and row["Phone 1"] == "'+4930901820"
    assert count_guarded_cells(text) == 5
    other = open_database(memory=True)
    preview = preview_import(other, read_import_data(text.encode("utf-8"), source="out.csv"))
    (copy,) = apply_import(other, preview).added
    back = get_contact(other, copy)
    assert {name: back[name] for name in HOSTILE} == {name: get_contact(fresh_db, contact)[name] for name in HOSTILE}
    assert back["phones"][0]["value"] == "+4930901820"


@pytest.mark.parametrize("value", ["'=already quoted", "''=twice", "'plain", "=", "+", "'", "''", "normal", "\tx", "\rx", "-"])
def test_guarding_a_cell_is_undone_exactly(value):
    from core.exchange.formula_guard import guard_cell, unguard_cell

    assert unguard_cell(guard_cell(value)) == value
