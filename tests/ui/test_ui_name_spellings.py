"""Opening a book in the app re-spells names a newer rule changed (migration 0018: Cantonese, Arabic)."""

from core.book.search import search_contacts
from core.store.db import open_database
from core.store.derived import NAME_SPELLINGS, is_stale
from tests.name_spelling_books import add_older_hong_kong_partner


def test_opening_an_older_book_in_the_app_finds_a_hong_kong_partner_by_the_cantonese_spelling(
        qtbot, tmp_path, settings):
    from ui.app import open_main_window
    from ui.main_window import MainWindow
    from ui.tasks import ImmediateTaskRunner

    path = tmp_path / "book.db"
    db = open_database(path)
    chan = add_older_hong_kong_partner(db)
    db.close()

    window = MainWindow(settings=settings, runner=ImmediateTaskRunner(None))
    qtbot.addWidget(window)
    assert open_main_window(window, str(path))
    opened = window.db
    qtbot.waitUntil(lambda: not is_stale(opened, NAME_SPELLINGS))  # once the first contacts are shown
    assert [r["id"] for r in search_contacts(opened, "chan tai")] == [chan]


def test_the_respelling_runs_off_the_gui_thread_and_the_status_bar_says_so(qtbot, tmp_path, settings,
                                                                           monkeypatch):
    import threading

    from ui import operations
    from ui.app import open_main_window
    from ui.main_window import MainWindow

    path = tmp_path / "book.db"
    db = open_database(path)
    chan = add_older_hong_kong_partner(db)
    db.close()
    threads = []
    real_refresh = operations.refresh_name_spellings

    def refresh(db):
        threads.append(threading.get_ident())
        return real_refresh(db)

    monkeypatch.setattr(operations, "refresh_name_spellings", refresh)
    window = MainWindow(settings=settings)  # the app's own task runner, with its threads
    qtbot.addWidget(window)
    window.show()
    assert open_main_window(window, str(path))
    # The window is back in the event loop while the names are re-spelled, and says what is going on.
    assert window.statusBar().currentMessage() == "Updating how names are sorted and found (once, after an update)…"
    reloads = []
    window.contacts_page.model.modelReset.connect(lambda: reloads.append(True))
    qtbot.waitUntil(lambda: window.statusBar().currentMessage()
                    == "Names are sorted and found by their updated spellings", timeout=20_000)
    assert threads and threads != [threading.get_ident()]
    assert not is_stale(window.db, NAME_SPELLINGS)
    assert [r["id"] for r in search_contacts(window.db, "chan tai")] == [chan]
    assert window.findChild(object, "respellingProgress") is None or not window.findChild(
        object, "respellingProgress").isVisible()
    qtbot.waitUntil(lambda: bool(reloads))  # the list reloads in the new order
    window.stop_sync()
    window.runner.wait_for_idle()
    window.db.close()
