"""The device token: in the OS keyring, or a 0600 file beside the book when there is none.

The token is what lets this device into its team; it is never in the book
(a copied book must not carry it). Service ``fairmate-sync``, user name
``<team id>/<device id>``. ``FAIRMATE_SYNC_KEYRING=file`` (tests, headless
servers) skips the keyring and uses the file.
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
    keyring = _keyring()
    if keyring is not None:
        try:
            keyring.set_password(SERVICE, key, token)
            return "keyring"
        except Exception:  # a locked or refusing keyring: fall back to the file
            pass
    path = token_file(book_path)
    if path is None:
        raise CredentialError(_("no keyring to keep the device token in, and the book is not a file"))
    tokens = _read_file(path)
    tokens[key] = token
    _write_file(path, tokens)
    return "file"


def load_token(book_path: Path | None, key: str) -> str | None:
    """The token kept under *key* (keyring first, then the file), or None."""
    keyring = _keyring()
    if keyring is not None:
        try:
            token = keyring.get_password(SERVICE, key)
            if token:
                return token
        except Exception:  # unreadable keyring: the file may still have it
            pass
    path = token_file(book_path)
    return None if path is None else _read_file(path).get(key)


def delete_token(book_path: Path | None, key: str) -> None:
    """Forget the token kept under *key*, wherever it is."""
    keyring = _keyring()
    if keyring is not None:
        try:
            keyring.delete_password(SERVICE, key)
        except Exception:  # not there, or no keyring after all
            pass
    path = token_file(book_path)
    if path is not None and path.exists():
        tokens = _read_file(path)
        tokens.pop(key, None)
        if tokens:
            _write_file(path, tokens)
        else:
            path.unlink()


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
