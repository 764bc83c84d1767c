"""add_contacts writes in bulk (an import): the book must end exactly as adding one by one leaves it."""

import json

from core.book.contacts import add_contact, add_contacts, reindex_contact, update_contact
from core.store.db import write_transaction
from core.store.field_clocks import list_field_clocks

PEOPLE = [
    {"display_name": "张伟", "romanized_name": "Zhang Wei", "country": "CN", "company": "Huaxin 电子",
     "phones": ["+86 21 5555 0101"], "emails": [{"value": "zhang@huaxin.example", "label": "work"}],
     "tags": ["fair", "prospect"], "notes": "Met at the booth, wants a quote."},
    {"display_name": "田中 宏", "native_reading": "たなか ひろし", "country": "JP", "company": "Osaka Seiki",
     "addresses": [{"label": "work", "street": "1-2-3 Umeda", "city": "Osaka", "country": "Japan"}],
     "met_on": "2026-11-20", "stage": "rapport"},
    {"display_name": "Anna Müller", "given_name": "Anna", "family_name": "Müller", "country": "DE",
     "company": "Osaka Seiki", "phones": ["+49 30 901820", "+49 30 901821"], "languages": ["de", "en"],
     "urls": ["https://weber.example"], "introduced_by_org": "AHK"},
    {"display_name": "Иван Петров", "country": "RU", "emails": ["ivan@petrov.example", "IVAN@petrov.example"]},
]


def _book_state(db):
    """Everything a contact's add leaves, with ids and stamps replaced by the contact's position."""
    ids = [row[0] for row in db.conn.execute("SELECT id FROM contacts ORDER BY rowid")]
    state = []
    for contact_id in ids:
        rowid, = db.conn.execute("SELECT rowid FROM contacts WHERE id = ?", (contact_id,)).fetchone()
        search = db.conn.execute("SELECT names, details FROM contact_search WHERE rowid = ?", (rowid,)).fetchall()
        keys = sorted(db.conn.execute("SELECT kind, key_hash FROM duplicate_keys "
                                      "WHERE contact_rowid = ?", (rowid,)).fetchall())
        logged = [{k: v for k, v in json.loads(fields).items() if k not in ("created_at", "company_id")}
                  for (fields,) in db.conn.execute(
                      "SELECT fields FROM changes WHERE row_id = ? ORDER BY seq", (contact_id,))]
        clocks = sorted(list_field_clocks(db.conn, "contacts", contact_id))
        elements = sorted(db.conn.execute("SELECT field, element_key, present, value FROM element_clocks "
                                          "WHERE row_id = ?", (contact_id,)).fetchall())
        # Without a meeting day the first stage begins now: only its day is compared.
        stages = db.conn.execute("SELECT stage, substr(changed_at, 1, 10) FROM stage_history "
                                 "WHERE contact_id = ?", (contact_id,)).fetchall()
        state.append((search, keys, logged, clocks, elements, stages))
    unsent = db.conn.execute("SELECT count(*) FROM changes WHERE server_seq IS NULL").fetchone()[0]
    return state, unsent


def test_bulk_add_leaves_the_book_as_adding_one_by_one(fresh_db, file_db):
    for person in PEOPLE:
        add_contact(fresh_db, **person)
    add_contacts(file_db, PEOPLE)
    assert _book_state(file_db) == _book_state(fresh_db)


def test_bulk_entries_equal_what_reindexing_writes(fresh_db):
    add_contacts(fresh_db, PEOPLE)
    before = _book_state(fresh_db)
    with write_transaction(fresh_db):
        for (contact_id,) in fresh_db.conn.execute("SELECT id FROM contacts").fetchall():
            reindex_contact(fresh_db, contact_id)
    assert _book_state(fresh_db) == before


def test_an_edit_in_the_same_transaction_sees_the_whole_log(fresh_db):
    # The bulk log is written before any write that reads the log (an introducer set afterwards).
    with write_transaction(fresh_db):
        first, second = add_contacts(fresh_db, PEOPLE[:2])
        update_contact(fresh_db, second, introduced_by_contact_id=first, phones=["+81 6 6123 4567"])
    edits = fresh_db.conn.execute("SELECT fields, base_clocks FROM changes WHERE row_id = ? AND "
                                  "old_fields IS NOT NULL", (second,)).fetchall()
    assert len(edits) == 1 and edits[0][1] is None  # neither field had a value: no clock overwritten
    clocks = {name: hlc for name, (hlc, _) in list_field_clocks(fresh_db.conn, "contacts", second).items()}
    assert clocks["display_name"] < clocks["phones"] == clocks["introduced_by_contact_id"]
    elements = fresh_db.conn.execute("SELECT element_key, present FROM element_clocks WHERE row_id = ? AND field = 'phones'",
                                     (second,)).fetchall()
    assert elements == [("0:+81661234567", 1)]
