"""File dialogs list the database's folder without dropping SQLite's locks."""

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QFileInfo

from core.book.contacts import count_contacts
from core.store.db import open_database
from ui.dialogs.file_dialogs import NameOnlyIconProvider, _dialog

ROOT = Path(__file__).resolve().parent.parent.parent


def test_listing_the_database_folder_keeps_the_wal_of_the_running_app(qapp, tmp_path):
    db = open_database(tmp_path / "fairmate.db")
    count_contacts(db)
    provider = NameOnlyIconProvider()
    for path in tmp_path.iterdir():  # what a file dialog asks for each file it shows
        info = QFileInfo(str(path))
        provider.icon(info)
        provider.type(info)
    # Qt's default provider opens files to guess their type, which releases this process's
    # locks: the command below would then delete the WAL under the running app.
    subprocess.run([sys.executable, "main.py", "--db", str(tmp_path / "fairmate.db"), "add-contact",
                    "--name", "Li Na"], cwd=ROOT, check=True, capture_output=True)
    assert (tmp_path / "fairmate.db-wal").exists() and (tmp_path / "fairmate.db-shm").exists()
    assert count_contacts(db) == 1
    db.close()


def test_dialog_uses_the_name_only_provider(qapp):
    dialog = _dialog(None, "Open", "", "Contacts (*.vcf)")
    assert isinstance(dialog.iconProvider(), NameOnlyIconProvider)
    assert provider_type(dialog, "x.vcf") == "VCF file"
    dialog.deleteLater()


def provider_type(dialog, name):
    return dialog.iconProvider().type(QFileInfo(name))
