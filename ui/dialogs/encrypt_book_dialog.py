"""EncryptBookDialog: choose a passphrase for the book, typed twice, before it is encrypted."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit,
                               QVBoxLayout, QWidget)

from core.i18n import _, ngettext

# Shorter passphrases are allowed (the command line takes any), but the dialog says they are weak.
WEAK_BELOW = 10


class EncryptBookDialog(QDialog):
    """The passphrase (twice), whether the keyring keeps it, and whether the plain backups go."""

    def __init__(self, path: Path, plain_backups: list[Path], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("encryptBookDialog")
        self.setWindowTitle(_("Encrypt this book"))
        layout = QVBoxLayout(self)
        intro = QLabel(_("Encrypting keeps {path} unreadable without its passphrase, on this laptop and on "
                         "any copy of the file. Fairmate restarts to finish.").format(path=path))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        warning = QLabel(_("Nobody can recover the book if the passphrase is lost: write it down and keep "
                           "it somewhere safe."))
        warning.setObjectName("encryptWarning")
        warning.setWordWrap(True)
        layout.addWidget(warning)
        form = QFormLayout()
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("newPassphrase")
        self.repeat = QLineEdit()
        self.repeat.setObjectName("repeatPassphrase")
        for field in (self.passphrase, self.repeat):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.textChanged.connect(self._check)
        form.addRow(_("Passphrase:"), self.passphrase)
        form.addRow(_("Type it again:"), self.repeat)
        layout.addLayout(form)
        self.hint = QLabel()
        self.hint.setObjectName("passphraseHint")
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.remember = QCheckBox(_("Remember in the system keyring"))
        self.remember.setChecked(True)
        layout.addWidget(self.remember)
        self.remove_backups = QCheckBox(ngettext(
            "Delete the unencrypted backup beside the book",
            "Delete the {count} unencrypted backups beside the book", len(plain_backups)).format(
            count=len(plain_backups)))
        self.remove_backups.setObjectName("removePlainBackups")
        self.remove_backups.setToolTip("\n".join(str(b) for b in plain_backups))
        self.remove_backups.setChecked(bool(plain_backups))
        self.remove_backups.setVisible(bool(plain_backups))
        layout.addWidget(self.remove_backups)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.encrypt_button = self.buttons.addButton(_("Encrypt and restart"),
                                                     QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._check()
        self.resize(480, self.sizeHint().height())

    def _check(self) -> None:
        typed, again = self.passphrase.text(), self.repeat.text()
        if not typed:
            hint = ""
        elif again and typed != again:
            hint = _("The two passphrases differ.")
        elif len(typed) < WEAK_BELOW:
            hint = _("A passphrase of {count} or more characters, several words for instance, is much "
                     "harder to guess.").format(count=WEAK_BELOW)
        else:
            hint = ""
        self.hint.setText(hint)
        self.hint.setVisible(bool(hint))
        self.encrypt_button.setEnabled(bool(typed) and typed == again)

    def answer(self) -> tuple[str, bool, bool]:
        """The passphrase, whether to keep it in the keyring, whether to delete the plain backups."""
        return self.passphrase.text(), self.remember.isChecked(), self.remove_backups.isChecked()
