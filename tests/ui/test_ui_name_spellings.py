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
    assert not is_stale(opened, NAME_SPELLINGS)
    assert [r["id"] for r in search_contacts(opened, "chan tai")] == [chan]
