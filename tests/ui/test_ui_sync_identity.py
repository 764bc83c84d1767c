"""The app and a book's identity as a device: a copied book, the same book again, another team's contacts."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

from core.book.contacts import add_contact
from core.store.db import open_database
from core.sync import credentials
from core.sync.engine import connect, load_device_token, open_transport, sync_once
from core.sync.state import read_sync_state
from ui import sync_controller as sc


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_here = Path(__file__).resolve().parent
_ui_sync = _load("ui_sync_tests", _here / "test_ui_sync.py")
_identity = _load("sync_identity_tests", _here.parent / "sync" / "test_book_identity.py")
# The fixtures of the app's sync tests (a server in-process, book files, windows).
server, books, make_window, token_file = (_ui_sync.server, _ui_sync.books, _ui_sync.make_window,
                                          _ui_sync.token_file)
memory_keyring = _identity.memory_keyring
connect_from_page = _ui_sync.connect_from_page


def test_a_copied_book_stops_syncing_as_the_original_and_says_so(make_window, books, server, tmp_path,
                                                                  memory_keyring, qtbot):
    anna = books("anna")
    connect(anna, server.url, server.invite(), "Anna's laptop", server.transport)
    sync_once(anna, open_transport(anna, server.transport))
    anna.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    (tmp_path / "copy").mkdir()
    shutil.copyfile(anna.path, tmp_path / "copy" / "fairmate.db")
    copy = open_database(tmp_path / "copy" / "fairmate.db")
    try:
        window = make_window(copy, server.transport)
        status = window.sync_controller.status
        assert status.state == sc.OFF and "is a copy of" in status.message and str(anna.path) in status.message
        assert copy.node_id != anna.node_id  # the GUI's own connection stamps with the copy's new node
        add_contact(copy, display_name="In the copy")
        stamp = copy.conn.execute("SELECT hlc FROM changes ORDER BY seq DESC LIMIT 1").fetchone()[0]
        assert stamp.endswith(copy.node_id)
        window.show_page("sync")
        page = window.sync_page
        assert page.connect_card.isVisibleTo(page) and "is a copy of" in page.connect_error.text()
        assert load_device_token(anna)  # the original's token is untouched
        window.sync_controller.stop()
    finally:
        copy.close()
