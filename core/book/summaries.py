"""The summary of a contact: the columns the contact list, search results and duplicate cards show."""

from __future__ import annotations

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
