"""Opening an encrypted book in the window: the passphrase dialog, a wrong passphrase, cancel."""

import pytest
from PySide6.QtWidgets import QDialog, QDialogButtonBox

from core.book.contacts import add_contact, count_contacts
from core.store import cipher
from core.store.db import BookLocked, open_database
from core.store.encryption import encrypt_book
from ui.dialogs.passphrase_dialog import PassphraseDialog

PASSPHRASE = "lighthouse 7"


@pytest.fixture
def encrypted_book(tmp_path, monkeypatch):
    monkeypatch.setenv(cipher.KEYRING_ENV, "file")
    monkeypatch.delenv(cipher.PASSPHRASE_ENV, raising=False)
    monkeypatch.setattr(cipher, "_PASSPHRASES", {})
    path = tmp_path / "fairmate.db"
    db = open_database(path)
    add_contact(db, display_name="Grete Lighthouse")
    db.close()
    encrypt_book(path, PASSPHRASE, remember=False)
    cipher._PASSPHRASES.clear()
    return path


def test_the_dialog_opens_only_with_a_passphrase_and_offers_the_keyring(qtbot, tmp_path):
    dialog = PassphraseDialog(tmp_path / "fairmate.db", error="wrong passphrase")
    qtbot.addWidget(dialog)
    open_button = dialog.buttons.button(QDialogButtonBox.StandardButton.Open)
    assert not open_button.isEnabled() and dialog.error_label.text() == "wrong passphrase"
    qtbot.keyClicks(dialog.field, "secret")
    assert open_button.isEnabled()
    dialog.remember.setChecked(False)
    assert dialog.answer() == ("secret", False)


def test_opening_asks_again_after_a_wrong_passphrase_then_opens(qtbot, encrypted_book, monkeypatch):
    from ui.app import open_encrypted_or_plain

    typed = iter(["not it", PASSPHRASE])
    shown_errors = []

    def answer(dialog):
        shown_errors.append(dialog.error_label.text() if dialog.error_label.isVisibleTo(dialog) else None)
        dialog.field.setText(next(typed))
        dialog.remember.setChecked(False)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(PassphraseDialog, "exec", answer)
    db = open_encrypted_or_plain(str(encrypted_book))
    assert db.encrypted and count_contacts(db) == 1
    db.close()
    assert shown_errors == [None, f"wrong passphrase for the encrypted book {encrypted_book}"]
    assert not cipher.has_passphrase_prompt()  # worker threads never show a dialog


def test_cancel_gives_an_empty_error_and_no_message(qtbot, encrypted_book, monkeypatch):
    from ui.app import open_encrypted_or_plain

    monkeypatch.setattr(PassphraseDialog, "exec", lambda dialog: QDialog.DialogCode.Rejected)
    with pytest.raises(BookLocked) as raised:
        open_encrypted_or_plain(str(encrypted_book))
    assert str(raised.value) == ""


def test_worker_threads_open_the_encrypted_book_without_asking(qtbot, encrypted_book, monkeypatch):
    from ui.app import open_encrypted_or_plain
    from ui.tasks import TaskRunner

    asked = []

    def answer(dialog):
        asked.append(dialog)
        dialog.field.setText(PASSPHRASE)
        dialog.remember.setChecked(False)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(PassphraseDialog, "exec", answer)
    gui = open_encrypted_or_plain(str(encrypted_book))
    runner = TaskRunner(gui)
    results = []
    with qtbot.waitSignal(runner.task_finished, timeout=20_000):
        runner.run_db(lambda db: (db is not gui, db.encrypted, count_contacts(db)), on_done=results.append)
    with qtbot.waitSignal(runner.task_finished, timeout=20_000):
        runner.run_write(lambda db: add_contact(db, display_name="From the write lane"), on_done=results.append)
    runner.wait_for_idle()
    assert results[0] == (True, True, 1) and len(asked) == 1
    assert count_contacts(gui) == 2
    gui.close()
