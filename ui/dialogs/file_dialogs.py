"""Open and Save file dialogs that never open the files they list.

Qt's default icon provider reads a file's first bytes to guess its type.
Opening and closing a file drops every POSIX lock this process holds on it,
so a dialog showing the folder of the database (its -shm file) silently
releases SQLite's locks: the next ``fairmate`` command then believes it is
the last user, deletes the WAL under the running app, and the app's later
writes go to a deleted file. These dialogs name and draw files by their
name alone.
"""

from __future__ import annotations

from PySide6.QtCore import QFileInfo
from PySide6.QtGui import QAbstractFileIconProvider
from PySide6.QtWidgets import QFileDialog, QFileIconProvider, QWidget

from core.i18n import _


class NameOnlyIconProvider(QAbstractFileIconProvider):
    """Folder and file icons, and a type from the file name: no file is opened."""

    def __init__(self):
        super().__init__()
        self._icons = QFileIconProvider()

    def icon(self, what):
        if isinstance(what, QFileInfo):
            what = (QAbstractFileIconProvider.IconType.Folder if what.isDir()
                    else QAbstractFileIconProvider.IconType.File)
        return self._icons.icon(what)

    def type(self, info: QFileInfo) -> str:
        if info.isDir():
            return _("Folder")
        suffix = info.suffix()
        return _("{suffix} file").format(suffix=suffix.upper()) if suffix else _("File")


def _dialog(parent: QWidget | None, caption: str, directory: str, filters: str) -> QFileDialog:
    dialog = QFileDialog(parent, caption, directory, filters)
    # The platform's own dialog may sniff files in-process just the same.
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    provider = NameOnlyIconProvider()
    dialog.setIconProvider(provider)
    dialog.icon_provider = provider  # the dialog does not own it: keep it alive as long
    return dialog


def _selected(dialog: QFileDialog) -> str:
    chosen = dialog.selectedFiles() if dialog.exec() else []
    dialog.deleteLater()
    return chosen[0] if chosen else ""


def choose_open_file(parent: QWidget | None, caption: str, filters: str, directory: str = "") -> str:
    """Ask for an existing file to open; '' when cancelled."""
    dialog = _dialog(parent, caption, directory, filters)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    return _selected(dialog)


def choose_save_file(parent: QWidget | None, caption: str, filters: str, suggested: str) -> str:
    """Ask where to save, starting from the *suggested* name; '' when cancelled."""
    dialog = _dialog(parent, caption, suggested, filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    return _selected(dialog)
