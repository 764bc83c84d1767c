"""Duplicate keys stored as 64-bit hashes (issue 15): what a hash finds is checked against the real keys,
so two texts with one hash never change a result. Forced here by making every text hash alike."""

import pytest

from core.book import duplicate_index
from core.book import duplicates as d
from core.book.contacts import add_contact, update_contact
from core.book.duplicate_index import KIND_CODES, key_hash, stored_key, DuplicateKey


@pytest.fixture(params=["real", "colliding"])
def colliding(request, monkeypatch):
    """Each test runs twice: with the real hash, and with every key text hashing to the same number."""
    if request.param == "colliding":
        monkeypatch.setattr(duplicate_index, "key_hash", lambda text: 42)


def test_a_key_hash_is_stable_and_signed_64_bit():
    assert key_hash("a@w.de") == key_hash("a@w.de") != key_hash("b@w.de")
    assert -2 ** 63 <= key_hash("a@w.de") < 2 ** 63
    assert key_hash("anna muller") == -1528312666304681321  # never changes: books store it
    assert stored_key(DuplicateKey("phone", "+4930901820")) == (KIND_CODES["phone"], key_hash("+4930901820"))


def test_a_shared_hash_is_not_a_shared_email(fresh_db, colliding):
    anna = add_contact(fresh_db, display_name="Anna Weber", emails=["a@w.de"])
    bob = add_contact(fresh_db, display_name="Bob Stone", emails=["b@x.de"], phones=["+49 30 901820"])
    twin = add_contact(fresh_db, display_name="Anna W.", emails=["A@w.de"])
    assert fresh_db.conn.execute("SELECT count(DISTINCT key_hash) FROM duplicate_keys").fetchone()[0] == (
        1 if duplicate_index.key_hash("x") == 42 else 6)  # 2 emails, 1 phone, 3 Latin names
    assert [(m.contact_id, m.reason) for m in d.find_duplicates_for_contact(fresh_db, anna)] == [(twin, "email")]
    assert d.find_duplicates_for_contact(fresh_db, bob) == []
    assert [(p.contact_id, p.other_id, p.reason) for p in d.list_duplicate_pairs(fresh_db)] == [
        (*sorted((anna, twin)), "email")]
    found = d.find_duplicates_for_fields(fresh_db, {"display_name": "Someone", "emails": ["b@x.de"]})
    assert [m.contact_id for m in found] == [bob]


def test_a_crowd_sharing_the_hash_hides_no_real_pair(fresh_db, colliding):
    """Eight holders of one hash: more than MAX_SHARED, but only two share the real address."""
    pair = [add_contact(fresh_db, display_name=f"Pair {n}", emails=["same@w.de"]) for n in range(2)]
    for n in range(d.MAX_SHARED + 1):
        add_contact(fresh_db, display_name=f"Other {n}", emails=[f"other{n}@w.de"])
    assert [(p.contact_id, p.other_id) for p in d.list_duplicate_pairs(fresh_db)] == [tuple(sorted(pair))]
    found = d.find_duplicates_for_fields(fresh_db, {"display_name": "New", "emails": ["same@w.de"]})
    assert sorted(m.contact_id for m in found) == sorted(pair)
    assert [m.contact_id for m in d.find_duplicates_for_contact(fresh_db, pair[0])] == [pair[1]]


def test_a_real_crowd_is_still_not_evidence(fresh_db, colliding):
    """A switchboard number on six cards stays left out, hash or not."""
    for n in range(d.MAX_SHARED + 1):
        add_contact(fresh_db, display_name=f"Desk {n}", phones=["+49 30 901820"])
    assert d.list_duplicate_pairs(fresh_db) == []
    assert d.find_duplicates_for_fields(fresh_db, {"display_name": "X", "phones": ["+49 30 901820"]}) == []


def test_romanization_under_one_hash_keeps_the_company_rule(fresh_db, colliding):
    zhang = add_contact(fresh_db, display_name="张伟", country="CN", company="Huawei")
    same = add_contact(fresh_db, display_name="Wei Zhang", company="Huawei")
    elsewhere = add_contact(fresh_db, display_name="Wei Zhang", company="Siemens")
    add_contact(fresh_db, display_name="Li Na", company="Huawei")
    reasons = {(m.contact_id, m.reason) for m in d.find_duplicates_for_contact(fresh_db, zhang)}
    assert (same, "romanization") in reasons and all(cid != elsewhere for cid, _r in reasons)
    pairs = {(p.contact_id, p.other_id, p.reason) for p in d.list_duplicate_pairs(fresh_db)}
    assert (*sorted((zhang, same)), "romanization") in pairs
    assert not any(elsewhere in (a, b) and zhang in (a, b) for a, b, _r in pairs)
    # The company moves: the rule follows the contact's keys as they are now.
    update_contact(fresh_db, elsewhere, company="Huawei")
    assert elsewhere in {m.contact_id for m in d.find_duplicates_for_contact(fresh_db, zhang)}


def test_an_import_matches_a_card_by_its_real_email_only(fresh_db, colliding):
    from core.exchange.preview import _same_contact

    anna = add_contact(fresh_db, display_name="Anna Weber", emails=["a@w.de"])
    add_contact(fresh_db, display_name="Anna Weber", emails=["other@w.de"])
    assert _same_contact(fresh_db, {"display_name": "Anna Weber", "emails": ["a@w.de"]}, {}) == anna
    assert _same_contact(fresh_db, {"display_name": "Anna Weber", "emails": ["new@w.de"]}, {}) is None


def test_a_preview_recomputes_a_candidates_keys_once_for_all_its_cards(fresh_db, monkeypatch):
    # Cards of an import often share candidates (a company's switchboard, a colleague's
    # name): recomputing their keys for every card made 10k cards into 100k contacts 30 % slower.
    from core.exchange import preview as p
    from core.exchange.pipeline import read_import_data

    add_contact(fresh_db, display_name="Anna Weber", phones=["+49 30 901820"], emails=["a@w.de"])
    asked: list[int] = []
    real = duplicate_index.keys_by_rowid

    def counting(db, rowids, **kwargs):
        asked.extend(rowids)
        return real(db, rowids, **kwargs)

    monkeypatch.setattr(p, "keys_by_rowid", counting)
    monkeypatch.setattr(d, "keys_by_rowid", counting)
    cards = "".join(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Colleague {n}\r\nTEL:+49 30 901820\r\nEND:VCARD\r\n"
                    for n in range(3))
    preview = p.preview_import(fresh_db, read_import_data(cards.encode(), source="team.vcf"))
    assert all(entry.duplicates for entry in preview.entries)
    assert len(asked) == len(set(asked)) == 1


def test_the_migration_stores_older_text_keys_as_hashes(tmp_path):
    """0019: the text keys of an older book are dropped and rebuilt as hashes before the first read."""
    from sqlite_utils import Database

    from core.store.db import open_database
    from core.store.derived import is_stale
    from core.store.migrations import MIGRATIONS

    path = tmp_path / "old.db"
    old = Database(path)
    MIGRATIONS.apply(old, stop_before="0019_duplicate_key_hashes")
    for row_id, email in (("c1", "a@w.de"), ("c2", "a@w.de")):
        old.conn.execute(
            "INSERT INTO contacts(id, created_at, modified, display_name, sort_key, emails) "
            "VALUES (?, '2026-01-01T00:00:00+00:00', '0000000000001-00000-node', 'Anna', 'anna', ?)",
            (row_id, f'[{{"value": "{email}"}}]'))
        old.conn.execute("INSERT INTO duplicate_keys(contact_rowid, kind, key) "
                         "SELECT rowid, 'email', ? FROM contacts WHERE id = ?", (email, row_id))
    old.conn.commit()
    old.close()
    db = open_database(path)
    assert [r[1] for r in db.conn.execute("PRAGMA table_info(duplicate_keys)")] == ["kind", "key_hash", "contact_rowid"]
    assert is_stale(db, "duplicate_keys")
    assert [(p.contact_id, p.other_id) for p in d.list_duplicate_pairs(db)] == [("c1", "c2")]
    assert db.conn.execute("SELECT DISTINCT kind, key_hash FROM duplicate_keys").fetchall() == [
        (KIND_CODES["email"], key_hash("a@w.de"))]
    db.close()
