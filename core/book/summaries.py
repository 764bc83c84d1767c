"""The summary of a contact: the columns the contact list, search results and duplicate cards show.

With the list's other reads (its row ids in name order, a page of summaries):
the app's first page of contacts needs only this module, not the write path.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any, Iterable

from core.book.fields import SUMMARY_FIELDS

# Keys of a summary: the id, the summary fields, the company's name and the last change.
SUMMARY_COLUMNS = ("id", *(f.name for f in SUMMARY_FIELDS), "company", "modified")
_SELECT = ("SELECT c.{key}, c.id, " + ", ".join(f"c.{f.name}" for f in SUMMARY_FIELDS)
           + ", co.name, c.modified FROM contacts c LEFT JOIN companies co ON co.id = c.company_id "
           "WHERE ")


def select_contact_summaries(db, where: str, params: Iterable[Any] = (), *,
                             key: str = "id") -> dict[Any, dict]:
    """Summaries of the contacts matching *where* (SQL over ``contacts c``), keyed by *key*.

    *key* is ``'id'`` or ``'rowid'``; the dict keeps the query's order.

    >>> select_contact_summaries(db, "c.id IN (?)", [contact_id])  # doctest: +SKIP
    {'01…': {'id': '01…', 'display_name': 'Anna Müller', …, 'company': 'Weber GmbH', …}}
    """
    if key not in ("id", "rowid"):
        raise ValueError(f"summaries are keyed by id or rowid, not {key!r}")
    cursor = db.conn.execute(_SELECT.format(key=key) + where, list(params))
    return {row[0]: dict(zip(SUMMARY_COLUMNS, row[1:])) for row in cursor}


def list_contact_rowids(db, limit: int | None = None) -> list[int]:
    """Rowids of all live contacts in name order (for lazy views over large books); the first *limit*."""
    if limit is not None:  # a page read through the sort index: well under a millisecond
        return [row[0] for row in db.conn.execute(
            "SELECT rowid FROM contacts WHERE deleted_at IS NULL ORDER BY sort_key LIMIT ?", (limit,))]
    # One JSON array built inside SQLite: for 100,000 contacts it is three times quicker than a
    # row at a time, and the GUI thread keeps Python's lock while a worker reads (start-up).
    if sqlite3.sqlite_version_info >= (3, 44):
        sql = ("SELECT json_group_array(rowid ORDER BY sort_key) FROM contacts "
               "WHERE deleted_at IS NULL")
    else:  # before 3.44 an aggregate keeps the order of an ordered subquery (not promised, but so)
        sql = ("SELECT json_group_array(rowid) FROM "
               "(SELECT rowid FROM contacts WHERE deleted_at IS NULL ORDER BY sort_key)")
    return json.loads(db.conn.execute(sql).fetchone()[0])


def get_contact_rowid(db, contact_id: str) -> int | None:
    """The rowid of a live contact (the key of lazy views and the search index), or None."""
    row = db.conn.execute("SELECT rowid FROM contacts WHERE id = ? AND deleted_at IS NULL",
                          (contact_id,)).fetchone()
    return row[0] if row else None


def get_contact_summaries(db, rowids: list[int]) -> dict[int, dict]:
    """Summaries (the list's columns) keyed by rowid, for a page of a lazy view."""
    if not rowids:
        return {}
    marks = ",".join("?" * len(rowids))
    return select_contact_summaries(db, f"c.rowid IN ({marks})", rowids, key="rowid")
