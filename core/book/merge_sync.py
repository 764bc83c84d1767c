"""Merges made on several devices, brought to one outcome after a sync.

Two devices may merge the same duplicates before they sync: the same pair
(both outcomes agree), crossing pairs (A keeps X and drops Y, B keeps Y and
drops X: both contacts would end deleted), one contact merged into two
different survivors, or chains (X into Y here, Y into Z there). And history
may arrive late: a colleague's note about X, made offline, arrives after X
was merged into Y.

``reconcile_merges`` decides from the ``merges`` rows alone, so every device
decides the same: merges are taken in the order of their ids (UUIDv7: the
order they were made), and a merge is *accepted* unless its merged contact
was already merged by an earlier accepted one, or its survivor ends in the
merged contact (a cycle). Rejected merges are marked undone, their merged
contact is brought back unless an accepted merge took it, and every row
still pointing at an accepted merged contact moves to where its chain ends.
The writes are ordinary local writes; every device makes the same ones, so
the books converge, and a book already consistent gets no write at all.
"""

from __future__ import annotations

import json

from core.book.contacts import contact_sort_key, reindex_contact
from core.book.fields import INTRODUCED_BY_CONTACT_ID, SORT_KEY_FIELD
from core.book.merge_carry import carry_unseen_edits
from core.book.merging import HISTORY_TABLES, load_merge_values
from core.store.records import fetch_row, restore_row, tombstone_row, update_row


def reconcile_merges(db) -> dict[str, int]:
    """Bring the book's merges to one outcome; call inside the transaction that applied a sync page.

    Returns counts: ``rejected`` merges marked undone, ``restored`` contacts,
    ``moved`` rows re-pointed to their survivor, ``carried``: merged contacts whose
    edits the merge had not seen went to the survivor (``core.book.merge_carry``).
    """
    merges = db.conn.execute(
        "SELECT id, survivor_id, merged_id, merged_at FROM merges WHERE undone_at IS NULL AND deleted_at IS NULL "
        "ORDER BY id").fetchall()
    if not merges:
        return {"rejected": 0, "restored": 0, "moved": 0, "carried": 0}
    parent: dict[str, str] = {}

    def final(contact_id: str) -> str:
        seen = set()
        while contact_id in parent and contact_id not in seen:
            seen.add(contact_id)
            contact_id = parent[contact_id]
        return contact_id

    rejected = []
    merged_at: dict[str, str] = {}
    accepted: dict[str, str] = {}
    for merge_id, survivor_id, merged_id, at in merges:
        if merged_id in parent or final(survivor_id) == merged_id:
            rejected.append((merge_id, merged_id))
        else:
            parent[merged_id] = survivor_id
            merged_at[merged_id] = at
            accepted[merged_id] = merge_id
    counts = {"rejected": len(rejected), "restored": 0, "moved": 0, "carried": 0}
    touched: set[str] = set()
    for merge_id, merged_id in rejected:
        touched |= _reject(db, merge_id, final(merged_id))
    # A survivor that a rejected merge deleted comes back (it is where a chain ends).
    for _, merged_id in rejected:
        if merged_id not in parent and restore_row(db, "contacts", merged_id):
            counts["restored"] += 1
            touched.add(merged_id)
    for merged_id in parent:
        survivor = final(merged_id)
        if fetch_row(db, "contacts", merged_id) is not None and fetch_row(db, "contacts", survivor) is not None:
            # Merged on one device, brought back by none. Every device writes the same time
            # (the merge's), so these writes agree instead of becoming a conflict.
            tombstone_row(db, "contacts", merged_id, when=merged_at[merged_id])
            touched.add(merged_id)
        for table in HISTORY_TABLES:
            for (row_id,) in db.conn.execute(f"SELECT id FROM {table} WHERE contact_id = ?", (merged_id,)).fetchall():
                update_row(db, table, row_id, {"contact_id": survivor}, include_deleted=True)
                counts["moved"] += 1
        for (row_id,) in db.conn.execute(
                f"SELECT id FROM contacts WHERE {INTRODUCED_BY_CONTACT_ID.name} = ? AND id != ?",
                (merged_id, survivor)).fetchall():
            update_row(db, "contacts", row_id, {INTRODUCED_BY_CONTACT_ID.name: survivor}, include_deleted=True)
            counts["moved"] += 1
            touched.add(row_id)
        # Edits of the merged contact the merge had not seen (another device's): to the survivor.
        if carry_unseen_edits(db, merged_id, survivor, accepted[merged_id]):
            counts["carried"] += 1
        touched.add(survivor)
    for contact_id in sorted(touched):
        reindex_contact(db, contact_id)
    return counts


def _reject(db, merge_id: str, owner: str) -> set[str]:
    """Mark a merge undone, give the rows it moved to *owner* and revert its survivor's unedited fields."""
    merge = fetch_row(db, "merges", merge_id, include_deleted=True)
    survivor_id = merge["survivor_id"]
    moved = json.loads(merge["moved_rows"] or "{}")
    for table in HISTORY_TABLES:
        for row_id in moved.get(table, []):
            row = fetch_row(db, table, row_id, include_deleted=True)
            if row is not None and row["contact_id"] == survivor_id:
                update_row(db, table, row_id, {"contact_id": owner}, include_deleted=True)
    for contact_id in moved.get("introductions", []):
        row = fetch_row(db, "contacts", contact_id, include_deleted=True)
        if row is not None and row[INTRODUCED_BY_CONTACT_ID.name] == survivor_id:
            update_row(db, "contacts", contact_id, {INTRODUCED_BY_CONTACT_ID.name: owner}, include_deleted=True)
    survivor = fetch_row(db, "contacts", survivor_id, include_deleted=True)
    before, after = load_merge_values(merge["survivor_before"]), load_merge_values(merge["survivor_after"])
    revert = {k: v for k, v in before.items() if survivor is not None and survivor.get(k) == after.get(k)}
    if revert:
        revert[SORT_KEY_FIELD.name] = contact_sort_key({**survivor, **revert})
        update_row(db, "contacts", survivor_id, revert, include_deleted=True)
    # The merge's own time, not now: every device rejects it alike, so their writes agree.
    update_row(db, "merges", merge_id, {"undone_at": merge["merged_at"]}, include_deleted=True)
    return {survivor_id, owner}
