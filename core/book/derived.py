"""The book's derived data, rebuilt when its rows change by undo or sync (see core.store.derived)."""

from __future__ import annotations

from core.book.contacts import company_name_key, contact_sort_key, reindex_contact
from core.store.derived import register_derived


def refresh_contacts(db, contact_ids: list[str]) -> None:
    """Recompute the sort key, search index and duplicate keys of these contacts."""
    for contact_id in contact_ids:
        cursor = db.conn.execute(
            "SELECT romanized_name, display_name, native_name, country FROM contacts WHERE id = ?",
            (contact_id,))
        row = cursor.fetchone()
        if row is None:
            continue
        record = dict(zip((d[0] for d in cursor.description), row))
        db.conn.execute("UPDATE contacts SET sort_key = ? WHERE id = ?",
                        (contact_sort_key(record), contact_id))
        reindex_contact(db, contact_id)


def refresh_companies(db, company_ids: list[str]) -> None:
    """Recompute each company's name key and re-index its people (search finds them by company)."""
    people = []
    for company_id in company_ids:
        row = db.conn.execute("SELECT name FROM companies WHERE id = ?", (company_id,)).fetchone()
        if row is None:
            continue
        db.conn.execute("UPDATE companies SET name_key = ? WHERE id = ?",
                        (company_name_key(row[0] or ""), company_id))
        people += [r[0] for r in db.conn.execute(
            "SELECT id FROM contacts WHERE company_id = ?", (company_id,))]
    for contact_id in people:
        reindex_contact(db, contact_id)


register_derived("contacts", refresh_contacts)
register_derived("companies", refresh_companies)
