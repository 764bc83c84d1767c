"""Large imports: contacts are added from a generator a batch at a time, and each value is checked once."""

import pytest

from core.book import contacts as contacts_module
from core.book import validation
from core.book.contacts import InvalidContact, add_contacts, count_contacts
from core.book.search import search_contacts
from core.exchange.pipeline import apply_import, preview_import, read_import_data


def _cards(count: int) -> bytes:
    return "".join(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person{n} Bulk\r\nORG:Firm {n % 2}\r\n"
                   f"EMAIL:person{n}@firm{n % 2}.example\r\nTEL:+49 30 901820{n}\r\nEND:VCARD\r\n"
                   for n in range(count)).encode()


def test_contacts_from_a_generator_are_indexed_across_batches(fresh_db, monkeypatch):
    monkeypatch.setattr(contacts_module, "_INDEX_BATCH", 3)
    ids = add_contacts(fresh_db, ({"display_name": f"Batch{n} Person", "emails": [f"b{n}@x.example"]}
                                  for n in range(7)))
    assert len(ids) == 7
    for n in range(7):
        assert [c["id"] for c in search_contacts(fresh_db, f"Batch{n}")] == [ids[n]]
    keys = fresh_db.conn.execute("SELECT count(DISTINCT contact_rowid) FROM duplicate_keys "
                                 "WHERE kind = 1").fetchone()[0]  # email
    assert keys == 7


def test_a_bad_contact_late_in_a_generator_adds_none(fresh_db, monkeypatch):
    monkeypatch.setattr(contacts_module, "_INDEX_BATCH", 2)
    people = [{"display_name": f"Early{n}"} for n in range(5)] + [{"emails": ["no name"]}]
    with pytest.raises(InvalidContact):
        add_contacts(fresh_db, iter(people))
    assert count_contacts(fresh_db) == 0
    assert fresh_db.conn.execute("SELECT count(*) FROM contact_search").fetchone()[0] == 0
    assert fresh_db.conn.execute("SELECT count(*) FROM duplicate_keys").fetchone()[0] == 0


def test_apply_does_not_check_emails_and_phones_again(fresh_db, monkeypatch):
    preview = preview_import(fresh_db, read_import_data(_cards(5), source="bulk.vcf"))
    assert preview.ok and len(preview.new) == 5

    def checked_again(*args, **kwargs):
        raise AssertionError("checked twice")

    monkeypatch.setattr(validation, "normalize_email", checked_again)
    monkeypatch.setattr(validation, "normalize_phone", checked_again)
    result = apply_import(fresh_db, preview)
    assert len(result.added) == 5
    stored = fresh_db.conn.execute("SELECT emails, phones FROM contacts ORDER BY display_name").fetchone()
    assert "person0@firm0.example" in stored[0] and "+4930901820" in stored[1]


def _one_card(name: str, email: str = "", phone: str = "") -> bytes:
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"FN:{name}"]
    lines += [f"EMAIL:{email}"] if email else []
    lines += [f"TEL:{phone}"] if phone else []
    return ("\r\n".join(lines + ["END:VCARD"]) + "\r\n").encode()


def test_the_same_contact_is_found_by_its_keys_email_in_any_case_or_phone(fresh_db):
    from core.book.contacts import add_contact, delete_contact

    anna = add_contact(fresh_db, display_name="Anna Weber", emails=["Anna.Weber@Weber.DE"])
    ben = add_contact(fresh_db, display_name="Ben Kurz", phones=["+49 30 901820"])
    gone = add_contact(fresh_db, display_name="Cleo Gone", emails=["cleo@gone.example"])
    delete_contact(fresh_db, gone)
    cases = [(_one_card("anna weber", "anna.weber@weber.de"), "update", anna),
             (_one_card("Ben Kurz", phone="+4930901820"), "update", ben),
             (_one_card("Ben Other", phone="+4930901820"), "new", None),
             (_one_card("Cleo Gone", "cleo@gone.example"), "new", None)]
    for data, action, contact_id in cases:
        entry = preview_import(fresh_db, read_import_data(data, source="one.vcf")).entries[0]
        assert (entry.action, entry.contact_id) == (action, contact_id)


def test_the_same_contact_lookup_searches_the_key_index(fresh_db):
    from core.exchange.preview import _same_contact_sql

    plan = " ".join(row[3] for row in fresh_db.conn.execute(
        "EXPLAIN QUERY PLAN " + _same_contact_sql(2), ("email", "a@b.example", "phone", "+4930901820")))
    assert "SEARCH k USING" in plan and "SCAN k" not in plan


def test_a_card_with_hundreds_of_addresses_is_matched(fresh_db):
    from core.book.contacts import add_contact

    anna = add_contact(fresh_db, display_name="Anna Weber", emails=["anna@weber.example"])
    emails = [f"EMAIL:a{n}@many.example" for n in range(250)] + ["EMAIL:anna@weber.example"]
    data = ("\r\n".join(["BEGIN:VCARD", "VERSION:3.0", "FN:Anna Weber", *emails, "END:VCARD"]) + "\r\n").encode()
    entry = preview_import(fresh_db, read_import_data(data, source="many.vcf")).entries[0]
    assert (entry.action, entry.contact_id) == ("update", anna)
