"""Favourite phrases: stored in the database, by language and catalog key, synced like any row.

Writes go through core.store.records in one write transaction (change log, HLC,
tombstones). A favourite whose language or key is gone from the
phrasebooks stays stored but is not listed.
"""

from __future__ import annotations

from core.content.phrasebooks import load_phrasebooks
from core.store.db import write_transaction
from core.store.records import insert_row, tombstone_row


def _live_ids(db, language: str, key: str) -> list[str]:
    return [row[0] for row in db.conn.execute(
        "SELECT id FROM phrase_favourites WHERE language = ? AND phrase_key = ? AND deleted_at IS NULL",
        (language, key))]


def add_favourite_phrase(db, language: str, key: str) -> str:
    """Star the phrase *key* of *language*; return the favourite's id (the existing one if already starred)."""
    with write_transaction(db):
        existing = _live_ids(db, language, key)
        if existing:
            return existing[0]
        return insert_row(db, "phrase_favourites", {"language": language, "phrase_key": key})


def remove_favourite_phrase(db, language: str, key: str) -> bool:
    """Unstar the phrase (tombstoning its rows); False when it was not starred."""
    with write_transaction(db):
        ids = _live_ids(db, language, key)
        for row_id in ids:
            tombstone_row(db, "phrase_favourites", row_id)
    return bool(ids)


def list_favourite_keys(db, *, language: str | None = None) -> list[tuple[str, str]]:
    """(language, key) of every starred phrase, oldest star first, each once."""
    sql = "SELECT language, phrase_key FROM phrase_favourites WHERE deleted_at IS NULL"
    params: list = []
    if language is not None:
        sql += " AND language = ?"
        params.append(language)
    rows = db.conn.execute(sql + " ORDER BY created_at, id", params)
    return list(dict.fromkeys((row[0], row[1]) for row in rows))


def list_favourite_phrases(db, *, language: str | None = None, library=None) -> list:
    """The starred phrases (``Phrase``), oldest star first; those no longer in the phrasebooks are left out."""
    lib = library if library is not None else load_phrasebooks()
    phrases = []
    for code, key in list_favourite_keys(db, language=language):
        book = lib.languages.get(code)
        if book is not None and key in book.phrases:
            phrases.append(book.phrases[key])
    return phrases
