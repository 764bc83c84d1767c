"""A field declared once flows through every exchange format, with no change to core/exchange.

The test declares an entry list the way ``social_profiles`` will be declared (a
``declare_field`` call plus its column), then imports, updates and exports it.
"""

import pytest

from core.book import contacts
from core.book import fields as f
from core.book import validation as v
from core.book.contacts import add_contact, get_contact
from core.exchange.csv_files import CSV_FIELDS, export_csv, guess_csv_mapping, parse_csv, sniff_csv
from core.exchange.pipeline import apply_import, export_contacts, preview_import, read_import_data
from core.exchange.qr import parse_card_text
from core.exchange.vcard import contact_to_vcard, parse_vcards
from core.store.db import open_database

NAME = "test_profiles"
CARD = ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Anna Weber\r\nEMAIL:anna@weber.de\r\n"
        "X-TEST-PROFILE;TYPE=linkedin:https://www.linkedin.com/in/anna\r\n"
        "item1.X-TEST-PROFILE:https://xing.com/anna\r\nitem1.X-ABLabel:Xing\r\nEND:VCARD\r\n")
PROFILES = [{"value": "https://www.linkedin.com/in/anna", "label": "linkedin"},
            {"value": "https://xing.com/anna", "label": "Xing"}]


@pytest.fixture
def profiles(monkeypatch):
    """The field declared (and gone afterwards); ``book()`` opens a database with its column."""
    f.declare_field(NAME, f.URL_LIST, "Test profiles", v.normalize_urls,
                    vcard=("X-TEST-PROFILE",), csv=("Test profile {n}", "Test profile {n} label"))
    opened = []

    def book():
        db = open_database(memory=True)
        db.conn.execute(f"ALTER TABLE contacts ADD COLUMN {NAME} TEXT")  # the field's migration
        opened.append(db)
        return db

    yield book
    del f.CONTACT_FIELDS[NAME]
    for db in opened:
        db.close()


def _import(db, data: bytes, source: str) -> list[str]:
    preview = preview_import(db, read_import_data(data, source=source))
    assert preview.ok and not preview.warnings, preview.problems
    result = apply_import(db, preview)
    return result.added + result.updated


def test_a_vcard_property_of_a_new_field_imports_and_exports_both_versions(profiles):
    db = profiles()
    (contact_id,) = _import(db, CARD.encode(), "card.vcf")
    contact = get_contact(db, contact_id)
    assert contact[NAME] == PROFILES and contact[f.EXTRAS.name] == []  # nothing left unread
    for version in ("3.0", "4.0"):
        text = export_contacts(db, "vcf", version=version).decode()
        assert text.count("X-TEST-PROFILE") == 2 and "X-ABLabel:Xing" in text
        copy_db = profiles()
        (copy_id,) = _import(copy_db, text.encode(), f"export-{version}.vcf")
        assert get_contact(copy_db, copy_id)[NAME] == PROFILES


def test_a_new_field_round_trips_through_csv_and_is_offered_in_the_mapping_step(profiles):
    db = profiles()
    contact_id = add_contact(db, display_name="Anna Weber", **{NAME: PROFILES})
    data = export_contacts(db, "csv")
    header = data.decode("utf-8-sig").splitlines()[0]
    assert "Test profile 1,Test profile 1 label,Test profile 2,Test profile 2 label" in header
    mapping = guess_csv_mapping(sniff_csv(data).headers)
    assert mapping["Test profile 2 label"] == "test_profile_label"
    assert {"test_profile", "test_profile_label"} <= set(CSV_FIELDS)  # the mapping step's choices
    copy_db = profiles()
    (copy_id,) = _import(copy_db, data, "export.csv")
    assert get_contact(copy_db, copy_id)[NAME] == get_contact(db, contact_id)[NAME] == PROFILES
    (parsed,) = parse_csv(sniff_csv(export_csv([get_contact(db, contact_id)]).encode()), mapping)
    assert [(p["value"], p["label"]) for p in parsed.fields[NAME]] == [
        (p["value"], p["label"]) for p in PROFILES]


def test_an_import_adds_new_entries_of_a_new_field_to_a_contact_we_have(profiles):
    db = profiles()
    contact_id = add_contact(db, display_name="Anna Weber", emails=["anna@weber.de"],
                             **{NAME: PROFILES[:1]})
    assert _import(db, CARD.encode(), "card.vcf") == [contact_id]  # same email and name: an update
    assert get_contact(db, contact_id)[NAME] == PROFILES


def test_a_qr_vcard_reads_a_new_field_and_a_card_writes_it(profiles):
    card = parse_card_text(CARD)
    assert [(p["value"], p["label"]) for p in card.fields[NAME]] == [
        (p["value"], p["label"]) for p in PROFILES]
    (back,) = parse_vcards(contact_to_vcard({f.DISPLAY_NAME.name: "Anna", NAME: PROFILES}))
    assert [(p["value"], p["label"]) for p in back.fields[NAME]] == [
        (p["value"], p["label"]) for p in PROFILES]


def test_the_declaration_is_gone_after_the_test():
    assert NAME not in f.CONTACT_FIELDS and NAME not in contacts.input_fields()
    assert "test_profile" not in CSV_FIELDS
    assert "X-TEST-PROFILE" in contact_to_vcard(
        {f.DISPLAY_NAME.name: "Anna", f.EXTRAS.name: [
            {"name": "X-TEST-PROFILE", "group": None, "params": {}, "value": "kept"}]})
