"""File ▸ Encrypt this book… and Decrypt this book… in the window (ui/book_encryption.py)."""

import pytest
from PySide6.QtWidgets import QDialog, QMessageBox

from core.book.contacts import add_contact, count_contacts
from core.store import cipher
from core.store.db import open_database
from core.store.encryption import encrypt_book
from ui.dialogs.encrypt_book_dialog import EncryptBookDialog

PASSPHRASE = "harbour lights 42"


@pytest.fixture(autouse=True)
def no_keyring(monkeypatch):
    monkeypatch.setenv(cipher.KEYRING_ENV, "file")
    monkeypatch.delenv(cipher.PASSPHRASE_ENV, raising=False)
    monkeypatch.setattr(cipher, "_PASSPHRASES", {})


@pytest.fixture
def restarts(monkeypatch):
    import ui.app

    started = []
    monkeypatch.setattr(ui.app, "restart_application", lambda: started.append(True) or True)
    return started


@pytest.fixture
def book_window(qtbot, tmp_path, settings):
    """The window on a plain book file, with real worker threads holding their own connections."""
    from ui.main_window import MainWindow
    from ui.tasks import TaskRunner

    path = tmp_path / "fairmate.db"
    db = open_database(path)
    add_contact(db, display_name="Ines Harbour")
    runner = TaskRunner(db)
    window = MainWindow(settings=settings, runner=runner, db=db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    # A task on a worker thread opens that thread's own connection to the file.
    counted = []
    runner.run_db(count_contacts, on_done=counted.append)
    qtbot.waitUntil(lambda: counted == [1], timeout=10_000)
    yield window, path
    runner.wait_for_idle()


def test_the_dialog_wants_the_same_passphrase_twice_and_warns_of_a_short_one(qtbot, tmp_path):
    backup = tmp_path / "fairmate.db.backup-20261207T120000Z"
    dialog = EncryptBookDialog(tmp_path / "fairmate.db", [backup])
    qtbot.addWidget(dialog)
    assert not dialog.encrypt_button.isEnabled()
    dialog.passphrase.setText("short")
    dialog.repeat.setText("shorter")
    assert not dialog.encrypt_button.isEnabled() and dialog.hint.text() == "The two passphrases differ."
    dialog.repeat.setText("short")
    assert dialog.encrypt_button.isEnabled() and "10 or more characters" in dialog.hint.text()
    assert dialog.remove_backups.isChecked() and dialog.remove_backups.isVisibleTo(dialog)
    assert dialog.answer() == ("short", True, True)


def test_encrypt_this_book_closes_every_connection_encrypts_and_restarts(qtbot, book_window, restarts,
                                                                           monkeypatch):
    from ui.book_encryption import change_book_encryption, update_encryption_action

    window, path = book_window
    update_encryption_action(window)
    assert window.encryption_action.text() == "En&crypt this book…"

    def answer(dialog):
        dialog.passphrase.setText(PASSPHRASE)
        dialog.repeat.setText(PASSPHRASE)
        dialog.remember.setChecked(False)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(EncryptBookDialog, "exec", answer)
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    assert change_book_encryption(window) is True
    assert warnings == [] and restarts == [True]
    assert cipher.is_encrypted(path)
    cipher._PASSPHRASES.clear()
    monkeypatch.setenv(cipher.PASSPHRASE_ENV, PASSPHRASE)
    reopened = open_database(path)
    assert reopened.encrypted and count_contacts(reopened) == 1
    reopened.close()


def test_a_book_open_in_another_command_is_left_as_it_was_and_the_user_is_told(qtbot, book_window, restarts,
                                                                              monkeypatch):
    from ui.book_encryption import change_book_encryption

    window, path = book_window
    elsewhere = open_database(path)  # another window or a CLI import holds it
    monkeypatch.setattr(EncryptBookDialog, "exec", lambda dialog: (
        dialog.passphrase.setText(PASSPHRASE), dialog.repeat.setText(PASSPHRASE),
        dialog.remember.setChecked(False), QDialog.DialogCode.Accepted)[-1])
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    assert change_book_encryption(window) is False
    elsewhere.close()
    assert warnings == [f"{path} is open in another window or command: close it there first"]
    assert not cipher.is_encrypted(path) and restarts == [True]
    assert count_contacts(open_database(path)) == 1


def test_decrypt_this_book_asks_then_writes_it_plain(qtbot, tmp_path, settings, restarts, monkeypatch):
    from ui.book_encryption import change_book_encryption, update_encryption_action
    from ui.main_window import MainWindow
    from ui.tasks import TaskRunner

    path = tmp_path / "fairmate.db"
    db = open_database(path)
    add_contact(db, display_name="Ines Harbour")
    db.close()
    encrypt_book(path, PASSPHRASE, remember=False)  # known to this process from now on
    db = open_database(path)
    window = MainWindow(settings=settings, runner=TaskRunner(db), db=db)
    qtbot.addWidget(window)
    update_encryption_action(window)
    assert window.encryption_action.text() == "&Decrypt this book…"

    def click_decrypt(box):
        box.button = next(b for b in box.buttons() if b.text() == "Decrypt and restart")
        monkeypatch.setattr(box, "clickedButton", lambda: box.button)

    monkeypatch.setattr(QMessageBox, "exec", click_decrypt)
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    assert change_book_encryption(window) is True, warnings
    assert not cipher.is_encrypted(path) and restarts == [True]
    assert count_contacts(open_database(path)) == 1
