"""A book that can only be read (damaged, or on read-only media): a banner, and no editing (issue 13, items 3 and 6)."""

import pytest

from datetime import datetime, timedelta, timezone

from core.book.activity import add_commitment, schedule_follow_up
from core.book.contacts import add_contacts
from core.store.db import open_database
from safety_helpers import damage


@pytest.fixture
def damaged_db(tmp_path):
    path = tmp_path / "book.db"
    db = open_database(path)
    (first, *_rest) = add_contacts(db, [{"display_name": f"Contact {n}", "notes": "z" * 400} for n in range(400)])
    schedule_follow_up(db, first, due_at=datetime.now(timezone.utc) - timedelta(days=1), reason="Send prices")
    add_commitment(db, first, description="Samples", owed_by="us", due_on=datetime.now(timezone.utc).date())
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    damage(path)
    db = open_database(path)
    yield db
    db.close()


def test_a_damaged_book_shows_a_banner_and_editing_is_off(qtbot, settings, damaged_db):
    from ui.main_window import MainWindow
    from ui.tasks import ImmediateTaskRunner

    window = MainWindow(settings=settings, runner=ImmediateTaskRunner(damaged_db), db=damaged_db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.read_only_banner.isVisible()
    assert "damaged" in window.read_only_banner.text() and "read-only" in window.read_only_banner.text()
    for name in ("new_contact_action", "import_action", "read_qr_action", "duplicates_action",
                 "preferences_action"):
        assert not getattr(window, name).isEnabled(), name
    assert window.export_action.isEnabled()  # saving what can still be read is the way out
    page = window.contacts_page
    assert not page.new_button.isEnabled()
    for name in ("edit_button", "log_button", "commitment_button", "follow_up_button", "meeting_button",
                 "delete_button"):
        assert not getattr(page.detail, name).isEnabled(), name


def test_a_writable_book_shows_no_banner(main_window):
    assert not main_window.read_only_banner.isVisible()
    assert main_window.new_contact_action.isEnabled() and main_window.contacts_page.new_button.isEnabled()


def test_a_book_on_read_only_media_shows_the_banner_too(qtbot, settings, tmp_path):
    from safety_helpers import can_freeze, frozen
    from ui.main_window import MainWindow
    from ui.tasks import ImmediateTaskRunner

    if not can_freeze():
        pytest.skip("cannot make files read-only here")
    path = tmp_path / "stick" / "book.db"
    path.parent.mkdir()
    open_database(path).close()
    with frozen(path, path.parent):
        db = open_database(path)
        try:
            window = MainWindow(settings=settings, runner=ImmediateTaskRunner(db), db=db)
            qtbot.addWidget(window)
            window.show()
            qtbot.waitExposed(window)
            assert window.read_only_banner.isVisible() and "read-only" in window.read_only_banner.text()
            assert not window.new_contact_action.isEnabled() and not window.contacts_page.new_button.isEnabled()
            window.close()
        finally:
            db.close()


def test_on_a_damaged_book_today_s_done_buttons_are_off_and_the_banner_names_the_menu(qtbot, settings, damaged_db):
    from ui.main_window import MainWindow
    from ui.tasks import ImmediateTaskRunner

    window = MainWindow(settings=settings, runner=ImmediateTaskRunner(damaged_db), db=damaged_db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    text = window.read_only_banner.text()
    assert "File ▸ Export…" in text and "fairmate export" not in text, text
    window.show_page("today")
    today = window.today_page
    today.refresh()
    items = today.items("follow_ups") + today.items("commitments")
    assert len(items) == 2
    assert not any(item.done_button.isEnabled() for item in items)
