"""attack13: hostile passphrases and interrupted conversions of an encrypted book."""

from pathlib import Path

import pytest

from core.book.contacts import add_contact, count_contacts
from core.store import cipher
from core.store.db import open_database
from core.store.encryption import encrypt_book


@pytest.fixture(autouse=True)
def no_keyring(monkeypatch):
    monkeypatch.setenv(cipher.KEYRING_ENV, "file")
    monkeypatch.delenv(cipher.PASSPHRASE_ENV, raising=False)
    monkeypatch.setattr(cipher, "_PASSPHRASES", {})
    monkeypatch.setattr(cipher, "_PROMPT", [])


def make_book(path: Path) -> Path:
    db = open_database(path)
    add_contact(db, display_name="Wilhelmina Quarterbacksson")
    db.close()
    return path


def test_a_passphrase_that_looks_like_a_raw_sqlcipher_key_is_a_passphrase_like_any_other(tmp_path, monkeypatch):
    # `x'<64 hex>'` in ATTACH … KEY '…' is taken by SQLCipher as a raw key, not a passphrase:
    # encrypt then fails its own check and says "the book is damaged", though it is not.
    passphrase = "x'" + "0" * 64 + "'"
    path = make_book(tmp_path / "fairmate.db")
    encrypt_book(path, passphrase, remember=False)
    cipher._PASSPHRASES.clear()
    monkeypatch.setenv(cipher.PASSPHRASE_ENV, passphrase)
    db = open_database(path)
    assert db.encrypted and count_contacts(db) == 1
    db.close()


def test_no_plain_copy_of_an_encrypted_book_stays_beside_it_after_an_interrupted_decrypt(tmp_path, monkeypatch):
    # A `kill -9` during `fairmate decrypt` leaves `<book>.encrypting`: the half-written PLAIN
    # copy of the encrypted book. Opening the (still encrypted) book later keeps it there.
    path = make_book(tmp_path / "fairmate.db")
    encrypt_book(path, "tulip harbour 42", remember=False)
    leftover = path.with_name(path.name + ".encrypting")
    leftover.write_bytes(b"SQLite format 3\0" + b"Wilhelmina Quarterbacksson" + b"\0" * 4000)
    monkeypatch.setenv(cipher.PASSPHRASE_ENV, "tulip harbour 42")
    db = open_database(path)
    db.close()
    assert not leftover.exists(), "a plain copy of the encrypted book is still beside it"
