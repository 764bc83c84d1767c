"""Erasing a person for good (GDPR Art. 17, a consent withdrawn), unlike a delete, which can be undone.

``erase_contact`` removes the contact, everyone merged into them (the same
person), their interactions, promises, follow-ups, meetings, stage history
and merge records, and every value the change log kept of them; people they
introduced lose the reference. The erasure syncs to the team's other devices
and the server, which erase the same rows (core.store.erasure). The book's
file keeps no byte of it (secure delete, the WAL emptied); ``vacuum_book``
also rewrites the whole file (it drops what an older version left as free
space) and gives the room back.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.book.contacts import drop_erased_words
from core.book.fields import DISPLAY_NAME
from core.i18n import N_, _
from core.store.changes import ERASE, OpChanges, last_changes
from core.store.db import write_transaction
from core.store.erasure import checkpoint_book, erase_row_tree, is_erased, secure_delete
from core.store.records import fetch_row


@dataclass(frozen=True)
class ErasureResult:
    """What an erasure removed: the person's names (theirs and those merged into them), how many rows."""

    names: list[str]
    rows: int
    changes: OpChanges


def erase_contact(db, contact_id: str) -> ErasureResult:
    """Erase a contact (live or deleted) and their whole history for good; ``KeyError`` when there is none."""
    with secure_delete(db):
        with write_transaction(db, N_("Erase contact"), origin=ERASE):
            if fetch_row(db, "contacts", contact_id, include_deleted=True) is None:
                raise KeyError(_("no contact with id {id}").format(id=contact_id))
            people = _same_person(db, contact_id)
            names = [fetch_row(db, "contacts", person, include_deleted=True)[DISPLAY_NAME.name]
                     for person in people]
            done: set = set()
            rows = []
            # Those merged into the contact first: the contact's own erasure comes last in the log.
            for person in reversed(people):
                rows += erase_row_tree(db, "contacts", person, done=done)
            drop_erased_words(db)
        changes = last_changes(db)
        checkpoint_book(db)
    return ErasureResult(names, len(rows), changes)


def _same_person(db, contact_id: str) -> list[str]:
    """The contact and everyone merged into them (and into those), the contact first."""
    people = [contact_id]
    for person in people:
        people += [merged for (merged,) in db.conn.execute(
            "SELECT merged_id FROM merges WHERE survivor_id = ? AND undone_at IS NULL", (person,))
            if merged not in people]
    return people


def is_erased_contact(db, contact_id: str) -> bool:
    """True when the contact with this id was erased."""
    return is_erased(db.conn, "contacts", contact_id)


def vacuum_book(db) -> None:
    """Rewrite the whole book (SQLite's VACUUM): no free page of an earlier version is left, the file shrinks."""
    with secure_delete(db):
        db.conn.execute("VACUUM")
        checkpoint_book(db)
