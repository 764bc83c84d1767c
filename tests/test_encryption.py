"""Encryption at rest: encrypt and decrypt a book, open it with its passphrase, refuse a wrong one."""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.book.contacts import add_contact, add_contacts, count_contacts
from core.book.search import search_contacts
from core.store import cipher
from core.store.db import BookLocked, open_database, write_transaction
from core.store.encryption import decrypt_book, encrypt_book
from main import main

ROOT = Path(__file__).resolve().parent.parent
PASSPHRASE = "tulip harbour 42 'quoted'"
SECRET_WORDS = [b"Wilhelmina", b"Quarterbacksson", b"zebrafish-lasagna", b"wilhelmina@quarter.example"]


@pytest.fixture(autouse=True)
def no_keyring(monkeypatch):
    """No test touches the OS keyring; each starts with no passphrase known to the process."""
    monkeypatch.setenv(cipher.KEYRING_ENV, "file")
    monkeypatch.delenv(cipher.PASSPHRASE_ENV, raising=False)
    monkeypatch.setattr(cipher, "_PASSPHRASES", {})
    monkeypatch.setattr(cipher, "_PROMPT", [])


def make_book(path: Path) -> Path:
    db = open_database(path)
    add_contact(db, display_name="Wilhelmina Quarterbacksson", notes="likes zebrafish-lasagna",
                emails=["wilhelmina@quarter.example"], company="Quarterbacksson AB")
    add_contacts(db, [{"display_name": f"Person {n}", "notes": "x" * 200} for n in range(50)])
    db.close()
    return path


def all_rows(path: Path, passphrase: str | None = None) -> dict:
    conn = cipher.connect_file(str(path), path=path, passphrase=passphrase)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                         "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'contact_search%'")]
    rows = {t: sorted(map(repr, conn.execute(f'SELECT * FROM "{t}"'))) for t in tables}
    conn.close()
    return rows


def test_an_encrypted_book_holds_none_of_a_contacts_words(tmp_path):
    path = make_book(tmp_path / "fairmate.db")
    assert all(word in path.read_bytes() for word in SECRET_WORDS[:1])
    encrypt_book(path, PASSPHRASE, remember=False)
    db = open_database(path)  # the passphrase given in this process
    add_contact(db, display_name="Later Addition", notes="zebrafish-lasagna again")
    db.close()
    for name in [path.name, path.name + "-wal"]:
        raw = (tmp_path / name).read_bytes() if (tmp_path / name).exists() else b""
        assert not any(word in raw or word.lower() in raw.lower() for word in SECRET_WORDS), name
    assert not path.read_bytes().startswith(b"SQLite format 3")


def test_it_opens_with_the_key_from_the_environment_and_refuses_none_or_a_wrong_one(tmp_path, monkeypatch):
    path = make_book(tmp_path / "fairmate.db")
    encrypt_book(path, PASSPHRASE, remember=False)
    monkeypatch.setattr(cipher, "_PASSPHRASES", {})
    with pytest.raises(BookLocked, match="this book is encrypted"):
        open_database(path)
    monkeypatch.setenv(cipher.PASSPHRASE_ENV, "not it")
    with pytest.raises(BookLocked, match="wrong passphrase"):
        open_database(path)
    monkeypatch.setenv(cipher.PASSPHRASE_ENV, PASSPHRASE)
    db = open_database(path)
    assert db.encrypted and count_contacts(db) == 51
    assert [c["display_name"] for c in search_contacts(db, "wilhel")] == ["Wilhelmina Quarterbacksson"]
    db.close()


def test_the_prompt_is_asked_and_a_wrong_answer_is_refused(tmp_path):
    path = make_book(tmp_path / "fairmate.db")
    encrypt_book(path, PASSPHRASE, remember=False)
    cipher._PASSPHRASES.clear()
    asked = []
    cipher.set_passphrase_prompt(lambda p: asked.append(p) or ("wrong", False))
    with pytest.raises(BookLocked, match="wrong passphrase"):
        open_database(path)
    cipher.set_passphrase_prompt(lambda p: asked.append(p) or (PASSPHRASE, False))
    open_database(path).close()
    assert asked == [path, path]
    open_database(path, migrate=False).close()  # a worker thread's connection: the prompt is not asked again
    assert len(asked) == 2


def test_encrypt_then_decrypt_keeps_every_row(tmp_path):
    path = make_book(tmp_path / "fairmate.db")
    before = all_rows(path)
    encrypt_book(path, PASSPHRASE, remember=False)
    assert cipher.is_encrypted(path) and all_rows(path, PASSPHRASE) == before
    with sqlite3.connect(str(path)) as plain, pytest.raises(sqlite3.DatabaseError, match="not a database"):
        plain.execute("SELECT * FROM contacts")
    decrypt_book(path, PASSPHRASE)
    assert not cipher.is_encrypted(path) and all_rows(path) == before
    db = open_database(path)
    assert db.conn.execute("PRAGMA application_id").fetchone()[0] == 0x464D4154
    db.close()


def test_migration_backups_of_an_encrypted_book_are_encrypted_and_restore(tmp_path):
    from core.store.db import backup_before_migration
    from core.store.integrity import restore_backup

    path = make_book(tmp_path / "fairmate.db")
    encrypt_book(path, PASSPHRASE, remember=False)
    backup = backup_before_migration(path, PASSPHRASE)
    assert cipher.is_encrypted(backup) and b"Wilhelmina" not in backup.read_bytes()
    os.environ[cipher.PASSPHRASE_ENV] = PASSPHRASE
    try:
        restored, aside = restore_backup(path)
    finally:
        del os.environ[cipher.PASSPHRASE_ENV]
    assert restored == backup
    db = open_database(path)
    assert count_contacts(db) == 51
    db.close()


def test_encrypt_refuses_a_book_open_elsewhere_and_changes_nothing(tmp_path):
    path = make_book(tmp_path / "fairmate.db")
    db = open_database(path)
    with write_transaction(db):
        db.conn.execute("UPDATE contacts SET notes = 'open' WHERE display_name = 'Person 1'")
        from core.store.db import DatabaseError

        with pytest.raises(DatabaseError, match="open in another window"):
            encrypt_book(path, PASSPHRASE, remember=False)
    db.close()
    assert not cipher.is_encrypted(path)
    assert not list(tmp_path.glob("*.encrypting*"))


def test_encrypt_refuses_another_programs_file(tmp_path):
    from core.store.db import DatabaseError

    other = tmp_path / "places.sqlite"
    with sqlite3.connect(str(other)) as conn:
        conn.execute("CREATE TABLE moz_places(id)")
    before = other.read_bytes()
    with pytest.raises(DatabaseError, match="is not a Fairmate book"):
        encrypt_book(other, PASSPHRASE, remember=False)
    assert other.read_bytes() == before


def test_cli_encrypt_list_wrong_passphrase_and_decrypt(tmp_path, monkeypatch, capsys):
    path = make_book(tmp_path / "fairmate.db")
    monkeypatch.setenv(cipher.PASSPHRASE_ENV, PASSPHRASE)
    assert main(["encrypt", "--db", str(path), "--no-keyring"]) == 0
    assert "Encrypted" in capsys.readouterr().out
    monkeypatch.setattr(cipher, "_PASSPHRASES", {})
    assert main(["search", "wilhel", "--db", str(path)]) == 0
    assert "Wilhelmina" in capsys.readouterr().out
    monkeypatch.setattr(cipher, "_PASSPHRASES", {})
    monkeypatch.setenv(cipher.PASSPHRASE_ENV, "wrong")
    assert main(["list", "--db", str(path)]) == 9
    err = capsys.readouterr().err
    assert err == f"fairmate: wrong passphrase for the encrypted book {path}\n"
    monkeypatch.delenv(cipher.PASSPHRASE_ENV)
    assert main(["list", "--db", str(path)]) == 9
    assert capsys.readouterr().err.startswith("fairmate: this book is encrypted: ")
    monkeypatch.setenv(cipher.PASSPHRASE_ENV, PASSPHRASE)
    assert main(["decrypt", "--db", str(path)]) == 0
    monkeypatch.delenv(cipher.PASSPHRASE_ENV)
    monkeypatch.setattr(cipher, "_PASSPHRASES", {})
    assert main(["list", "--db", str(path)]) == 0


def test_a_missing_driver_is_said_in_one_line(tmp_path, monkeypatch, capsys):
    path = make_book(tmp_path / "fairmate.db")
    encrypt_book(path, PASSPHRASE, remember=False)
    monkeypatch.setattr(cipher, "driver", lambda: None)
    assert main(["list", "--db", str(path)]) == 9
    assert "needs SQLCipher to open, which is not installed" in capsys.readouterr().err


def test_encrypt_warns_of_plain_backups_and_removes_them_when_asked(tmp_path, monkeypatch, capsys):
    from core.store.db import backup_before_migration

    path = make_book(tmp_path / "fairmate.db")
    backup = backup_before_migration(path)
    monkeypatch.setenv(cipher.PASSPHRASE_ENV, PASSPHRASE)
    assert main(["encrypt", "--db", str(path), "--no-keyring"]) == 0
    assert "1 unencrypted backups" in capsys.readouterr().out and backup.exists()
    assert main(["decrypt", "--db", str(path)]) == 0
    assert main(["encrypt", "--db", str(path), "--no-keyring", "--remove-plain-backups"]) == 0
    assert not backup.exists()


def test_remember_keeps_the_passphrase_in_the_keyring(tmp_path, monkeypatch):
    import keyring
    from keyring.backend import KeyringBackend

    class MemoryKeyring(KeyringBackend):
        priority = 1
        store: dict = {}

        def get_password(self, service, username):
            return self.store.get((service, username))

        def set_password(self, service, username, password):
            self.store[(service, username)] = password

        def delete_password(self, service, username):
            self.store.pop((service, username), None)

    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    monkeypatch.delenv(cipher.KEYRING_ENV)
    try:
        path = make_book(tmp_path / "fairmate.db")
        assert encrypt_book(path, PASSPHRASE)["keyring"] is True
        cipher._PASSPHRASES.clear()
        open_database(path).close()  # from the keyring, nothing asked
        decrypt_book(path)
        assert MemoryKeyring.store == {}
    finally:
        keyring.set_keyring(previous)


def test_kill_9_during_encrypt_leaves_the_plain_book_intact(tmp_path):
    path = tmp_path / "fairmate.db"
    db = open_database(path)
    add_contacts(db, [{"display_name": f"Person {n}", "notes": "n" * 3000} for n in range(1500)])
    db.close()
    before = all_rows(path)
    partial = tmp_path / "fairmate.db.encrypting"
    env = {**os.environ, cipher.PASSPHRASE_ENV: PASSPHRASE, cipher.KEYRING_ENV: "file"}
    process = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "encrypt", "--db", str(path),
                                "--no-keyring"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not (partial.exists() and partial.stat().st_size) and process.poll() is None \
            and time.monotonic() < deadline:
        time.sleep(0.001)
    os.kill(process.pid, signal.SIGKILL)  # half-way through writing the encrypted copy
    process.wait()
    assert process.returncode == -signal.SIGKILL
    assert partial.exists() and not cipher.is_encrypted(path)
    assert all_rows(path) == before
    db = open_database(path)
    assert count_contacts(db) == 1500
    db.close()
    encrypt_book(path, PASSPHRASE, remember=False)  # the stray copy is no obstacle
    assert not partial.exists() and all_rows(path, PASSPHRASE) == before


def test_a_damaged_encrypted_book_says_a_page_fails_its_encryption_check(tmp_path):
    path = make_book(tmp_path / "fairmate.db")
    encrypt_book(path, PASSPHRASE, remember=False)
    size = path.stat().st_size
    with open(path, "r+b") as raw:
        raw.seek(size // 2 // 4096 * 4096)
        raw.write(bytes(4096))
    db = open_database(path)
    assert db.damaged
    assert "a page fails its encryption check: the file was damaged or changed outside Fairmate" in db.read_only
    assert "SQL logic error" not in db.read_only and "not a database" not in db.read_only
    db.close()
