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

import os
from pathlib import Path

from PySide6.QtCore import QFileInfo, QSettings, QStandardPaths, QUrl
from PySide6.QtGui import QAbstractFileIconProvider, QDesktopServices
from PySide6.QtWidgets import QFileDialog, QFileIconProvider, QWidget

from core.i18n import _
from core.store.file_names import make_safe_file_name

# Where the last file was saved: the next save dialog opens there (else in Documents).
LAST_SAVE_FOLDER_KEY = "ui/last_save_folder"


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


def save_folder(settings: QSettings | None = None) -> str:
    """The folder a save dialog opens in: the last one saved to, else Documents, else home.

    Never the folder the app was started from (the current directory).
    """
    settings = settings if settings is not None else QSettings()
    last = settings.value(LAST_SAVE_FOLDER_KEY)
    if last and os.path.isdir(str(last)):
        return str(last)
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return documents if documents and os.path.isdir(documents) else str(Path.home())


def save_dialog(parent: QWidget | None, caption: str, filters: str, suggested: str,
                settings: QSettings | None = None) -> QFileDialog:
    """The save dialog: in ``save_folder()``, with *suggested* made a file name valid on every system."""
    stem, dot, suffix = suggested.rpartition(".")
    name = make_safe_file_name(stem, dot + suffix) if dot else make_safe_file_name(suggested)
    dialog = _dialog(parent, caption, os.path.join(save_folder(settings), name), filters)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    return dialog


def choose_save_file(parent: QWidget | None, caption: str, filters: str, suggested: str,
                     settings: QSettings | None = None) -> str:
    """Ask where to save, starting from the *suggested* name; '' when cancelled. The folder is remembered."""
    path = _selected(save_dialog(parent, caption, filters, suggested, settings))
    if path:
        (settings if settings is not None else QSettings()).setValue(LAST_SAVE_FOLDER_KEY,
                                                                     os.path.dirname(path))
    return path


def open_saved_file(path: str) -> bool:
    """Open *path* in the application the system uses for it."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(path))


def show_in_folder(path: str) -> bool:
    """Open the folder holding *path* in the system's file manager."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(os.path.dirname(path) or "."))


def saved_file_text(path: str) -> str:
    """Rich text "Saved to NAME — Open · Show in folder", links ``open`` and ``folder`` (``follow_saved_link``)."""
    import html

    return _("Saved to {name} — {open} · {folder}").format(
        name=f"<span title='{html.escape(path)}'>{html.escape(os.path.basename(path))}</span>",
        open=f"<a href='open'>{html.escape(_('Open'))}</a>",
        folder=f"<a href='folder'>{html.escape(_('Show in folder'))}</a>")


def follow_saved_link(link: str, path: str) -> bool:
    """Open the saved file (``open``) or its folder (``folder``)."""
    return open_saved_file(path) if link == "open" else show_in_folder(path)


def announce_saved_file(widget: QWidget, path: str) -> bool:
    """Offer Open and Show in folder for *path* in the toast of *widget*'s main window; False without one."""
    window = widget.window() if widget is not None else None
    while window is not None and getattr(window, "toast", None) is None:
        parent = window.parentWidget()
        window = parent.window() if parent is not None else None
    if window is None:
        return False
    window.toast.show_saved_file(path)
    return True
