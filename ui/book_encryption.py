"""File ▸ Encrypt this book… / Decrypt this book…: the command line's encrypt and decrypt, in the window.

The file is swapped on disk, so no connection may stay open on it: automatic
sync stops, running tasks finish, every worker thread's connection and the
window's own are closed, the book is converted (``core/store/encryption.py``:
a verified copy renamed into place; a failure leaves the book as it was) and
Fairmate restarts on the result, asking for the passphrase unless the
keyring keeps it.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from core.i18n import _


def update_encryption_action(window) -> None:
    """Name the File menu's action for the open book: Encrypt… for a plain one, Decrypt… for an encrypted one."""
    db = window.db
    action = window.encryption_action
    action.setEnabled(db is not None and getattr(db, "path", None) is not None and not db.read_only)
    encrypted = bool(getattr(db, "encrypted", False))
    action.setText(_("&Decrypt this book…") if encrypted else _("En&crypt this book…"))


def change_book_encryption(window) -> bool:
    """Encrypt the window's plain book, or decrypt its encrypted one, then restart; False when not done."""
    from core.store import cipher

    db = window.db
    if db is None or getattr(db, "path", None) is None or db.read_only:
        return False
    path = Path(db.path)
    if cipher.driver() is None:
        QMessageBox.information(window, _("Encrypt this book"),
                                _("Encryption needs SQLCipher, which is not installed here: install "
                                  "Fairmate with its encryption extra (pip install 'fairmate[encryption]')."))
        return False
    if db.encrypted:
        return _decrypt(window, path)
    return _encrypt(window, path)


def _encrypt(window, path: Path) -> bool:
    from core.store.encryption import encrypt_book, list_plain_backups
    from ui.dialogs.encrypt_book_dialog import EncryptBookDialog

    backups = list_plain_backups(path)
    dialog = EncryptBookDialog(path, backups, window)
    window.encrypt_dialog = dialog  # reachable while open (tests)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    window.encrypt_dialog = None
    if not accepted:
        return False
    passphrase, remember, remove_backups = dialog.answer()
    return _convert_and_restart(window, lambda: encrypt_book(
        path, passphrase, remember=remember, remove_plain_backups=remove_backups))


def _decrypt(window, path: Path) -> bool:
    from core.store.encryption import decrypt_book

    box = QMessageBox(QMessageBox.Icon.Question, _("Decrypt this book"),
                      _("Store {path} unencrypted? Anyone who gets the file can then read it.").format(path=path),
                      QMessageBox.StandardButton.NoButton, window)
    box.setObjectName("decryptQuestion")
    box.setInformativeText(_("Fairmate restarts to finish."))
    decrypt = box.addButton(_("Decrypt and restart"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(decrypt)
    window.decrypt_question = box
    box.exec()
    window.decrypt_question = None
    if box.clickedButton() is not decrypt:
        return False
    return _convert_and_restart(window, lambda: decrypt_book(path))


def _convert_and_restart(window, convert) -> bool:
    """Close every connection to the book, run *convert*, report a failure, restart; True when converted."""
    from core.store.db import DatabaseError
    from core.store.faults import describe_database_error
    from ui.app import restart_application

    release_book(window)
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    window.statusBar().showMessage(_("Rewriting the book…"))
    # Painted now, without running the event loop: a timer there could start a task that
    # opens the book again while it is being rewritten.
    window.statusBar().repaint()
    error = None
    try:
        convert()
    except DatabaseError as exc:
        error = str(exc)
    except sqlite3.Error as exc:
        error = describe_database_error(exc)
    except OSError as exc:
        error = f"{exc.filename}: {exc.strerror}" if exc.filename else str(exc)
    finally:
        QApplication.restoreOverrideCursor()
    if error:
        QMessageBox.warning(window, _("The book was not changed"), error)
    if not restart_application():
        QMessageBox.critical(window, _("Restart Fairmate"),
                             _("Fairmate could not restart itself: please start it again."))
        QApplication.instance().quit()
    return error is None


def release_book(window) -> None:
    """Stop sync and tasks and close every connection the window holds on its book (worker threads' too)."""
    from ui.tasks import close_worker_databases

    window.stop_sync()
    if window.runner is not None:
        window.runner.wait_for_idle(30_000)
    db = window.db
    if db is not None:
        close_worker_databases(str(db.path))
        db.close()
