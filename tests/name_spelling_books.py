"""A book as an older version left a Hong Kong partner: sorted and indexed by Mandarin only."""

from core.book.contacts import add_contact
from core.store.derived import NAME_SPELLINGS, mark_stale


def add_older_hong_kong_partner(db) -> str:
    """Add 陳大文 spelled by the older rule, the book marked as migration 0018 marks it; his id.

    Committed, so a file book can be closed and opened again by the CLI or the app.
    """
    chan = add_contact(db, native_name="陳大文", country="CN")
    db.conn.execute("UPDATE contacts SET country = 'HK' WHERE id = ?", (chan,))
    mark_stale(db, NAME_SPELLINGS)
    db.conn.commit()
    return chan
