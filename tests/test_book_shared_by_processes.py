"""A book open in two processes (two windows, a window and a command): each keeps its hold on the file.

Closing any descriptor of a file drops every POSIX lock the process holds on it,
SQLite's included (sqlite.org/howtocorrupt.html, 2.2). A window whose worker thread
read the book's header with open()/close() then looked unused to another process,
which deleted the WAL (and its index) under the window's connections when it closed
the book: the window's later commits went to a deleted file, and reads mixed pages
of two versions ("database disk image is malformed").
"""

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from core.book.contacts import add_contact
from core.store import cipher
from core.store.db import open_database, perform
from core.store.encryption import encrypt_book

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX advisory locks")

ROOT = Path(__file__).resolve().parent.parent

# Another process (a command, a second window) opens the book, counts, may add one contact, and closes it.
OTHER = """
import sys
from core.book.contacts import add_contact
from core.store.db import open_database, perform
db = open_database(sys.argv[1], create=False)
print(db.conn.execute("SELECT count(*) FROM contacts").fetchone()[0])
if sys.argv[2] != "-":
    perform(db, add_contact, display_name=sys.argv[2])
db.close()
"""


def run_other(path: Path, name: str = "-") -> int:
    done = subprocess.run([sys.executable, "-c", OTHER, str(path), name], cwd=ROOT, check=True,
                          capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return int(done.stdout.split()[-1])


def open_in_thread(path: Path) -> list:
    # What a GUI worker does: its own connection, opened in its thread (kept open, as the pool keeps it).
    held = []
    thread = threading.Thread(target=lambda: held.append(open_database(path, migrate=False)))
    thread.start()
    thread.join()
    return held


@pytest.fixture(params=["plain", "encrypted"])
def book_path(request, tmp_path, monkeypatch):
    """A new book's path; encrypted: SQLCipher's connections, the salt read from the header for each."""
    path = tmp_path / "book.db"
    open_database(path).close()
    if request.param == "encrypted":
        if cipher.driver() is None:
            pytest.skip("SQLCipher is not installed")
        monkeypatch.setenv(cipher.KEYRING_ENV, "file")
        monkeypatch.setenv(cipher.PASSPHRASE_ENV, "a passphrase")  # the other process's too
        monkeypatch.setattr(cipher, "_PASSPHRASES", {})
        encrypt_book(path, "a passphrase", remember=False)
    return path


def test_a_worker_opening_the_book_keeps_the_window_s_hold_on_it(book_path):
    path = book_path
    window = open_database(path)
    perform(window, add_contact, display_name="Ada Lovelace")
    worker = open_in_thread(path)
    assert run_other(path) == 1
    # The other process closed the book: it must not have taken it for unused.
    assert Path(str(path) + "-wal").exists()
    perform(window, add_contact, display_name="Grace Hopper")
    assert run_other(path, "Klaus Weber") == 2
    perform(window, add_contact, display_name="Hedy Lamarr")
    assert window.conn.execute("SELECT count(*) FROM contacts").fetchone()[0] == 4
    worker.clear()
    window.close()
    # Nothing either process wrote is lost, and the file is whole.
    assert run_other(path) == 4
    again = open_database(path)
    assert again.conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    again.close()


def test_opening_the_book_again_in_the_window_keeps_its_hold_on_it(book_path):
    # A second open_database in the same process (a restored window, the CLI's second look) reads the
    # header too (is it encrypted? is it a Fairmate book?).
    path = book_path
    window = open_database(path)
    perform(window, add_contact, display_name="Ada Lovelace")
    open_database(path).close()
    assert run_other(path) == 1
    assert Path(str(path) + "-wal").exists()
    perform(window, add_contact, display_name="Grace Hopper")
    assert run_other(path) == 2
    window.close()


def open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="counts descriptors in /proc")
def test_the_descriptor_kept_for_a_header_is_closed_once_the_book_is(tmp_path):
    # One per book at most while it is open, none after: a test run opening thousands of books leaks none.
    paths = [tmp_path / f"book{n}.db" for n in range(3)]
    for path in paths:
        open_database(path).close()
    cipher.is_encrypted(paths[0])  # lets go of what no connection needs any more
    before = open_descriptors()
    books = [open_database(path) for path in paths]
    with_books = open_descriptors()
    for _ in range(5):
        for path in paths:
            assert not cipher.is_encrypted(path)
    assert open_descriptors() <= with_books + len(paths)
    for db in books:
        db.close()
    cipher.is_encrypted(paths[0])  # any later read lets go of what no connection needs
    assert open_descriptors() == before
