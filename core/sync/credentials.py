"""The device token: in the OS keyring, or a 0600 file beside the book when there is none.

The token is what lets this device into its team; it is never in the book
(a copied book must not carry it). Service ``fairmate-sync``, user name
``<team id>/<device id>``. ``FAIRMATE_SYNC_KEYRING=file`` (tests, headless
servers) skips the keyring and uses the file.

Beside the token (``<key>#book``) is the path of the book that paired: the
keyring is shared by every book of the user, and a copied book holds the same
team and device ids. A book whose token names another book that still exists
is a copy (``BookCopied``): it neither uses nor deletes that token. A book
found at a new path while the old one is gone was moved, and keeps it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from core.i18n import _

SERVICE = "fairmate-sync"
# Set to "file" to keep tokens in the file beside the book, never in the OS keyring.
KEYRING_ENV = "FAIRMATE_SYNC_KEYRING"


class CredentialError(Exception):
    """The token cannot be stored or read; the message says why."""


class BookCopied(CredentialError):
    """This book is a copy of *original*, which holds the token of the device both name."""

    def __init__(self, original: str):
        super().__init__(_("this book is a copy of {path}, which syncs as this device; the copy got a device id "
                           "of its own: connect it again with a new pairing code").format(path=original))
        self.original = original


def token_key(team_id: str, device_id: str) -> str:
    """The keyring user name of one paired device."""
    return f"{team_id}/{device_id}"


def token_file(book_path: Path | None) -> Path | None:
    """The fallback file beside the book (``fairmate.db.sync-token``); None for a book in memory."""
    return None if book_path is None else Path(book_path).with_name(Path(book_path).name + ".sync-token")


def _keyring():
    """The keyring module when a working backend is there and not switched off, else None."""
    if os.environ.get(KEYRING_ENV, "").lower() == "file":
        return None
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    try:
        backend = keyring.get_keyring()
    except Exception:  # a broken backend configuration: the file fallback still works
        return None
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 1) <= 0:
        return None
    return keyring


def save_token(book_path: Path | None, key: str, token: str) -> str:
    """Keep *token* under *key*; returns where: ``"keyring"`` or ``"file"``."""
    owner = book_text(book_path)
    keyring = _keyring()
    if keyring is not None:
        try:
            keyring.set_password(SERVICE, key, token)
            keyring.set_password(SERVICE, _owner_key(key), owner)
            return "keyring"
        except Exception:  # a locked or refusing keyring: fall back to the file
            pass
    path = token_file(book_path)
    if path is None:
        raise CredentialError(_("no keyring to keep the device token in, and the book is not a file"))
    tokens = _read_file(path)
    tokens[key] = token
    tokens[_owner_key(key)] = owner
    _write_file(path, tokens)
    return "file"


def load_token(book_path: Path | None, key: str) -> str | None:
    """The token kept under *key* (keyring first, then the file), or None; ``BookCopied`` for a copy."""
    keyring = _keyring()
    if keyring is not None:
        try:
            token = keyring.get_password(SERVICE, key)
            if token:
                owner = keyring.get_password(SERVICE, _owner_key(key))
                if _claim(book_path, owner):
                    keyring.set_password(SERVICE, _owner_key(key), book_text(book_path))
                return token
        except CredentialError:
            raise
        except Exception:  # unreadable keyring: the file may still have it
            pass
    path = token_file(book_path)
    if path is None:
        return None
    tokens = _read_file(path)
    if key in tokens and _claim(book_path, tokens.get(_owner_key(key))):
        tokens[_owner_key(key)] = book_text(book_path)
        _write_file(path, tokens)
    return tokens.get(key)


def delete_token(book_path: Path | None, key: str) -> None:
    """Forget the token kept under *key*, wherever it is; never the token of the book this one is a copy of."""
    keyring = _keyring()
    if keyring is not None:
        try:
            owner = keyring.get_password(SERVICE, _owner_key(key))
            if not find_original(book_path, owner):
                keyring.delete_password(SERVICE, key)
                keyring.delete_password(SERVICE, _owner_key(key))
        except Exception:  # not there, or no keyring after all
            pass
    path = token_file(book_path)
    if path is not None and path.exists():
        tokens = _read_file(path)
        if find_original(book_path, tokens.get(_owner_key(key))):
            return
        tokens.pop(key, None)
        tokens.pop(_owner_key(key), None)
        if tokens:
            _write_file(path, tokens)
        else:
            path.unlink()


def _owner_key(key: str) -> str:
    return key + "#book"


def book_text(book_path: Path | None) -> str:
    """The book's path as kept beside a token ("" for a book in memory)."""
    return "" if book_path is None else str(Path(book_path).resolve())


def find_original(book_path: Path | None, owner: str | None) -> str | None:
    """The other book that holds the token (this one is its copy), or None when the token is this book's."""
    if not owner or book_path is None:
        return None  # paired before the owner was kept, or a book in memory: the first to use it has it
    owner_path, mine = Path(owner), Path(book_path)
    try:
        if owner_path.exists() and not (mine.exists() and os.path.samefile(owner_path, mine)):
            return owner
    except OSError:  # an unreadable path: it is not this book
        return owner
    return None  # this book, or a book moved away from where it paired


def _claim(book_path: Path | None, owner: str | None) -> bool:
    """True when the token is this book's but names another path (kept from before, or moved): note this one.

    ``BookCopied`` when another book that exists holds it.
    """
    original = find_original(book_path, owner)
    if original is not None:
        raise BookCopied(original)
    return owner != book_text(book_path)


def _read_file(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise CredentialError(_("cannot read the device token file {path}: {error}").format(
            path=path, error=exc)) from exc
    return data if isinstance(data, dict) else {}


def _write_file(path: Path, tokens: dict) -> None:
    # Created 0600 from the start (never readable by others, not even for a moment).
    temporary = path.with_name(path.name + ".tmp")
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(tokens, handle)
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except OSError as exc:
        raise CredentialError(_("cannot write the device token file {path}: {error}").format(
            path=path, error=exc.strerror or exc)) from exc
