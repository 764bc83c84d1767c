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


def damaged_encrypted_book(path: Path, monkeypatch) -> Path:
    from core.demo.generate import generate_demo_data

    db = open_database(path)
    generate_demo_data(db, 300, seed=7)  # (600 plain contacts damaged the same way say "damaged", exit 6)
    db.close()
    encrypt_book(path, "tulip harbour 42", remember=False)
    size = path.stat().st_size
    with open(path, "r+b") as handle:  # zero 4 KB in the middle
        handle.seek(size // 2 // 4096 * 4096)
        handle.write(b"\0" * 4096)
    cipher._PASSPHRASES.clear()
    monkeypatch.setenv(cipher.PASSPHRASE_ENV, "tulip harbour 42")
    return path


def test_decrypt_of_a_damaged_encrypted_book_says_it_is_damaged(tmp_path, monkeypatch, capsys):
    from main import main

    path = damaged_encrypted_book(tmp_path / "fairmate.db", monkeypatch)
    before = path.read_bytes()
    code = main(["--db", str(path), "decrypt"])
    err = capsys.readouterr().err
    assert path.read_bytes() == before
    # It said "cannot write the book: SQL logic error" with exit code 7 (file fault).
    assert code == 6 and "SQL logic error" not in err, (code, err)


def test_check_on_an_encrypted_book_with_a_zeroed_page_says_a_page_fails_its_encryption_check(
        tmp_path, monkeypatch, capsys):
    from core.book.contacts import add_contacts
    from main import main

    path = tmp_path / "fairmate.db"
    db = open_database(path)
    add_contacts(db, [{"display_name": f"Person {n}", "notes": "x" * 300} for n in range(600)])
    db.close()
    encrypt_book(path, "tulip harbour 42", remember=False)
    size = path.stat().st_size
    with open(path, "r+b") as handle:  # zero 4 KB in the middle
        handle.seek(size // 2 // 4096 * 4096)
        handle.write(b"\0" * 4096)
    cipher._PASSPHRASES.clear()
    monkeypatch.setenv(cipher.PASSPHRASE_ENV, "tulip harbour 42")
    code = main(["--db", str(path), "check"])
    err = capsys.readouterr().err
    assert code == 6
    # `list` says it this way; `check` said "damaged (SQL logic error)".
    assert "a page fails its encryption check" in err, err


def test_encrypt_while_another_process_has_the_book_open_exits_busy(tmp_path, monkeypatch, capsys):
    from main import main

    path = make_book(tmp_path / "fairmate.db")
    elsewhere = open_database(path)  # another window or command holds it
    monkeypatch.setenv(cipher.PASSPHRASE_ENV, "tulip harbour 42")
    try:
        code = main(["--db", str(path), "encrypt", "--no-keyring"])
    finally:
        elsewhere.close()
    err = capsys.readouterr().err
    # "… is open in another window or command: close it there first" came with exit 1 (bad input);
    # the README's code for "busy" is 3.
    assert code == 3 and "open in another window" in err, (code, err)
