"""Sync tests of test_engine, run again on encrypted books (``make_book`` here encrypts each book)."""

import pytest

from core.store import cipher
from core.store.db import open_database
from core.store.encryption import encrypt_book
from test_engine import (test_concurrent_edits_keep_the_loser_on_both_books,  # noqa: F401
                         test_delete_syncs_as_a_tombstone, test_two_books_converge_through_the_server)


@pytest.fixture
def make_book(tmp_path, monkeypatch):
    """``make_book(name)``: a new encrypted book in its own folder, each with its own passphrase."""
    monkeypatch.setenv(cipher.KEYRING_ENV, "file")
    monkeypatch.setattr(cipher, "_PASSPHRASES", {})
    books = []

    def make(name: str):
        folder = tmp_path / name
        folder.mkdir(exist_ok=True)
        path = folder / "fairmate.db"
        open_database(path).close()
        encrypt_book(path, f"passphrase of {name}", remember=False)
        db = open_database(path)
        assert db.encrypted
        books.append(db)
        return db

    yield make
    for db in books:
        db.close()
