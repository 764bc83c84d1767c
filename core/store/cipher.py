"""Encryption at rest: the SQLCipher driver, a book's passphrase, and connections that apply it.

An encrypted book is a SQLCipher 4 file (AES-256, PBKDF2-HMAC-SHA512 over
the passphrase); a plain book stays with Python's own sqlite3. SQLCipher was
chosen over SQLite3 Multiple Ciphers after bench/encryption.py: it is a
DB-API module like sqlite3 (sqlite-utils and every ``conn.execute`` work
unchanged), where APSW would need an adapter under all of core.

The passphrase comes from this process's memory (once given), then
``FAIRMATE_BOOK_PASSPHRASE``, then the OS keyring (service
``fairmate-book``, user name: the book's absolute path), then a prompt the
interface registered (``set_passphrase_prompt``). It is never written
beside the book: a file next to the book would defeat the encryption.
Every connection to an encrypted book is made by ``connect_file``.
"""

from __future__ import annotations

import functools
import os
import sqlite3
from pathlib import Path
from typing import Callable

from core.store import held_files

SQLITE_HEADER = b"SQLite format 3\0"
KEYRING_SERVICE = "fairmate-book"
PASSPHRASE_ENV = "FAIRMATE_BOOK_PASSPHRASE"
# The switch the device token already has: "file" keeps the OS keyring out (tests, servers).
KEYRING_ENV = "FAIRMATE_SYNC_KEYRING"
# SQLCipher 4's key derivation: a raw key derived once here spares every later connection
# (each worker thread opens its own) the 0.27 s of PBKDF2 (bench/encryption.py).
_KDF_ROUNDS = 256_000

# The passphrase of each book given in this process, by absolute path.
_PASSPHRASES: dict[str, str] = {}
_PROMPT: list[Callable[[Path], "tuple[str, bool] | None"]] = []


@functools.cache
def driver():
    """The SQLCipher DB-API module (``sqlcipher3.dbapi2``), or None when it is not installed."""
    try:
        from sqlcipher3 import dbapi2
    except ImportError:
        return None
    # Its errors become subclasses of sqlite3's too: every `except sqlite3.OperationalError`
    # in core and in sqlite-utils then catches them as it does for a plain book.
    for name in ("DatabaseError", "DataError", "OperationalError", "IntegrityError", "InternalError",
                 "ProgrammingError", "NotSupportedError", "InterfaceError"):
        theirs, ours = getattr(dbapi2, name), getattr(sqlite3, name)
        if not issubclass(theirs, ours):
            theirs.__bases__ = theirs.__bases__ + (ours,)
    # SQLCipher logs a wrong key to stderr ("hmac check failed"); Fairmate says it in one line.
    quiet = dbapi2.connect(":memory:")
    quiet.execute("PRAGMA cipher_log_level = NONE")
    quiet.close()
    return dbapi2


def is_encrypted(path: str | Path) -> bool:
    """True when *path* is a file of whole pages that does not start as a plain SQLite file does."""
    try:
        size = os.path.getsize(path)
        if size < 1024 or size % 512:
            return False
        header = held_files.read_header(path, 16)  # never open() and close(): see core.store.held_files
    except OSError:
        return False
    return header != SQLITE_HEADER


def _book_key(path: str | Path) -> str:
    return str(Path(path).absolute())


def set_passphrase_prompt(prompt: Callable[[Path], "tuple[str, bool] | None"] | None) -> None:
    """Register how to ask for a book's passphrase: ``prompt(path) -> (passphrase, remember) or None``."""
    _PROMPT[:] = [prompt] if prompt is not None else []


def has_passphrase_prompt() -> bool:
    """True when an interface registered a prompt (a terminal, the window)."""
    return bool(_PROMPT)


def ask_passphrase(path: Path) -> tuple[str, bool] | None:
    """Ask the registered prompt for the passphrase of *path*; None when there is no prompt or no answer."""
    return _PROMPT[0](path) if _PROMPT else None


def _keyring():
    if os.environ.get(KEYRING_ENV, "").lower() == "file":
        return None
    try:
        import keyring
        from keyring.backends import fail
        backend = keyring.get_keyring()
    except Exception:  # not installed or misconfigured: no keyring, the prompt still works
        return None
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 1) <= 0:
        return None
    return keyring


def given_passphrase(path: str | Path) -> str | None:
    """The passphrase that opened the book at *path* in this process, or None."""
    return _PASSPHRASES.get(_book_key(path))


def known_passphrase(path: str | Path) -> str | None:
    """The passphrase of the book at *path* given in this process, in the environment or in the keyring."""
    key = _book_key(path)
    if key in _PASSPHRASES:
        return _PASSPHRASES[key]
    if os.environ.get(PASSPHRASE_ENV):
        return os.environ[PASSPHRASE_ENV]
    keyring = _keyring()
    if keyring is not None:
        try:
            return keyring.get_password(KEYRING_SERVICE, key) or None
        except Exception:  # a locked keyring: ask instead
            return None
    return None


def remember_passphrase(path: str | Path, passphrase: str, *, keyring: bool = False) -> bool:
    """Keep *passphrase* for this process (and in the OS keyring when asked); True if the keyring took it."""
    _PASSPHRASES[_book_key(path)] = passphrase
    backend = _keyring() if keyring else None
    if backend is None:
        return False
    try:
        backend.set_password(KEYRING_SERVICE, _book_key(path), passphrase)
    except Exception:  # a refusing keyring: the passphrase is asked again next time
        return False
    return True


def forget_passphrase(path: str | Path) -> None:
    """Forget the passphrase of *path*, here and in the keyring (the book was decrypted)."""
    _PASSPHRASES.pop(_book_key(path), None)
    backend = _keyring()
    if backend is not None:
        try:
            backend.delete_password(KEYRING_SERVICE, _book_key(path))
        except Exception:  # nothing stored: nothing to forget
            pass


def key_pragma(passphrase: str) -> str:
    """``PRAGMA key`` for a passphrase, quoted as SQL text (a pragma takes no parameters)."""
    return "PRAGMA key = '{}'".format(passphrase.replace("'", "''"))


@functools.lru_cache(maxsize=16)
def _raw_key(passphrase: str, salt: bytes) -> str:
    import hashlib  # only for an encrypted book: ~3 ms at every start otherwise

    return hashlib.pbkdf2_hmac("sha512", passphrase.encode(), salt, _KDF_ROUNDS, 32).hex()


def new_file_key(passphrase: str) -> str:
    """The key of a new, empty file for *passphrase*: ``x'<raw key><salt>'`` with a fresh salt.

    The key SQLCipher would derive from the passphrase, so the file opens with it like any
    other; never the passphrase itself, which SQLCipher reads as a raw key when it looks like one.
    """
    salt = os.urandom(16)
    return "x'{}{}'".format(_raw_key(passphrase, salt), salt.hex())


def _is_empty_file(path: Path | None) -> bool:
    try:
        return path is not None and os.path.getsize(path) == 0
    except OSError:
        return True  # not created yet: SQLCipher creates it


def _file_salt(path: Path | None) -> bytes | None:
    if path is None:
        return None
    try:
        salt = held_files.read_header(path, 16)
    except OSError:
        return None
    return salt if len(salt) == 16 and salt != SQLITE_HEADER else None


def connect_file(target: str, *, path: Path | None = None, passphrase: str | None = None,
                 uri: bool = False, timeout: float = 5.0, raw: bool = True):
    """A connection to *target* (a file name or a ``file:`` URI for *path*) with the book's key applied.

    Without *passphrase*, Python's sqlite3; with one, SQLCipher keyed with it
    (the key derived once per file and passphrase when *raw*).
    """
    if passphrase is None:
        return held_files.connect(sqlite3, target, path, uri=uri, timeout=timeout)[0]
    module = driver()
    if module is None:
        raise RuntimeError("SQLCipher is not installed")
    conn, salt = held_files.connect(module, target, path, before=lambda: _file_salt(path) if raw else None,
                                    uri=uri, timeout=timeout)
    if salt is not None:
        conn.execute("PRAGMA key = \"x'{}'\"".format(_raw_key(passphrase, salt)))
    elif raw and _is_empty_file(path):
        conn.execute("PRAGMA key = \"{}\"".format(new_file_key(passphrase)))
    else:
        conn.execute(key_pragma(passphrase))
    return conn
