"""PassphraseDialog: the passphrase of an encrypted book, asked when the keyring does not have it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from core.i18n import _


class PassphraseDialog(QDialog):
    """Asks for the passphrase of the book at *path*; *error* (a wrong passphrase) is shown above the field."""

    def __init__(self, path: Path, parent: QWidget | None = None, error: str | None = None):
        super().__init__(parent)
        self.setObjectName("passphraseDialog")
        self.setWindowTitle(_("Encrypted book"))
        layout = QVBoxLayout(self)
        intro = QLabel(_("{path} is encrypted. Enter its passphrase to open it.").format(path=path))
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.error_label = QLabel(error or "")
        self.error_label.setObjectName("passphraseError")
        self.error_label.setWordWrap(True)
        self.error_label.setVisible(bool(error))
        layout.addWidget(self.error_label)
        self.field = QLineEdit()
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setAccessibleName(_("Passphrase"))
        self.field.setPlaceholderText(_("Passphrase"))
        layout.addWidget(self.field)
        self.remember = QCheckBox(_("Remember in the system keyring"))
        self.remember.setChecked(True)
        layout.addWidget(self.remember)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Open).setEnabled(False)
        self.field.textChanged.connect(
            lambda text: self.buttons.button(QDialogButtonBox.StandardButton.Open).setEnabled(bool(text)))
        layout.addWidget(self.buttons)
        self.resize(460, self.sizeHint().height())

    def answer(self) -> tuple[str, bool]:
        """The passphrase typed and whether to keep it in the keyring."""
        return self.field.text(), self.remember.isChecked()


def ask_book_passphrase(path: Path, parent: QWidget | None = None, error: str | None = None) -> tuple[str, bool] | None:
    """Show the dialog modally; the answer, or None when the user cancelled."""
    dialog = PassphraseDialog(path, parent, error)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.answer()
