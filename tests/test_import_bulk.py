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
    keys = fresh_db.conn.execute("SELECT count(DISTINCT contact_id) FROM duplicate_keys "
                                 "WHERE kind = 'email'").fetchone()[0]
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
