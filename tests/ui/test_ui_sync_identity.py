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


@pytest.mark.parametrize("answer", ["share", "cancel"])
def test_connecting_to_another_team_asks_with_the_numbers(make_window, books, server, answer):
    from core.sync.engine import disconnect

    anna = books("anna")
    connect(anna, server.url, server.invite(), "Anna's laptop", server.transport)
    for name in ("Li Wei", "Sato Hiroshi"):
        add_contact(anna, display_name=name)
    sync_once(anna, open_transport(anna, server.transport))
    disconnect(anna)
    other = server.store.add_team("Other team")
    window = make_window(anna, server.transport)
    asked = []

    def confirm(box):
        asked.append(box.text())
        wanted = "Connect and share" if answer == "share" else "Cancel"
        return next(button for button in box.buttons() if button.text().replace("&", "") == wanted)

    window.show_page("sync")
    window.sync_page.confirm = confirm
    page = connect_from_page(window, server.url, server.store.create_pairing_code(other))
    assert asked == ["This book holds 2 contacts from team Fair team. Connecting it to team Other team "
                     "shares them with everyone in Other team."]
    if answer == "share":
        assert read_sync_state(anna).team_name == "Other team"
        assert server.store.team_head(other.team_id)[0] > 0
    else:
        assert not read_sync_state(anna).connected and page.connect_error.isHidden()
        assert server.store.list_devices(other) == []
    assert page.connect_button.isEnabled()
