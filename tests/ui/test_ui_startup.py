"""Start-up stays light: what the first page of contacts does not need is loaded later, and works then."""

import json
from datetime import datetime, timedelta, timezone
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def modules_after(code: str, *names: str) -> dict[str, bool]:
    """Which of *names* are imported after running *code* in a fresh interpreter."""
    script = code + f"\nimport json, sys\nprint(json.dumps({{n: n in sys.modules for n in {list(names)!r}}}))"
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True,
                            env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"}, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_the_main_window_and_contacts_page_do_not_import_what_the_first_page_does_not_need():
    loaded = modules_after("import ui.main_window, ui.pages.contacts_page", "core.exchange.pipeline", "icalendar",
                           "vobject", "core.content.phrase_favourites", "sqlite_utils", "ui.pages.today_page",
                           "ui.pages.dossiers_page")
    assert loaded == dict.fromkeys(loaded, False)


def test_lazily_exported_writes_are_the_core_functions():
    from core.content.phrase_favourites import add_favourite_phrase, remove_favourite_phrase
    from core.exchange.pipeline import apply_import
    from ui import operations as op

    assert op.apply_import is apply_import
    assert op.add_favourite_phrase is add_favourite_phrase
    assert op.remove_favourite_phrase is remove_favourite_phrase
    assert {"apply_import", "add_favourite_phrase", "remove_favourite_phrase"} <= set(op.__all__)


def window_left_on_contacts(qtbot, gui_db, runner, settings):
    """The main window as it starts for a user who left it on Contacts."""
    from ui.main_window import MainWindow

    settings.setValue("ui/last_page", "contacts")
    window = MainWindow(settings=settings, runner=runner, db=gui_db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_today_and_dossiers_are_built_only_when_first_shown(qtbot, gui_db, runner, settings):
    from core.book.activity import schedule_follow_up
    from ui.pages.dossiers_page import DossiersPage
    from ui.pages.today_page import TodayPage
    from ui_helpers import add_person

    contact = add_person(gui_db, "Wang Fang", native_name="王芳", country="CN")
    schedule_follow_up(gui_db, contact, due_at=datetime.now(timezone.utc) - timedelta(days=2),
                       reason="Send price list")
    window = window_left_on_contacts(qtbot, gui_db, runner, settings)
    assert window.current_page_key() == "contacts"
    assert window.findChildren(TodayPage) == [] and window.findChildren(DossiersPage) == []

    window.sidebar.setCurrentRow(0)  # the user clicks Today
    (today,) = window.findChildren(TodayPage)
    assert window.stack.currentWidget() is today is window.today_page
    (item,) = today.items("follow_ups")  # its items loaded when it was built
    with qtbot.waitSignal(today.contact_requested):
        item.open_button.click()
    assert window.current_page_key() == "contacts" and window.contacts_page.detail.contact_id == contact

    window.show_page("dossiers")
    (dossiers,) = window.findChildren(DossiersPage)
    assert window.stack.currentWidget() is dossiers is window.dossiers_page
    assert dossiers.isVisible()
    window.show_page("today")
    assert window.findChildren(TodayPage) == [today]  # built once


def test_a_page_asked_for_before_it_is_shown_is_built_once_in_its_place(qtbot, gui_db, runner, settings):
    from ui.main_window import PAGE_KEYS

    window = window_left_on_contacts(qtbot, gui_db, runner, settings)
    today = window.today_page
    assert today.data is not None  # loaded (empty book)
    assert window.stack.indexOf(today) == PAGE_KEYS.index("today")
    window.show_page("today")
    assert window.stack.currentWidget() is today
    assert window.stack.count() == len(PAGE_KEYS)


def test_settings_saved_before_today_is_built_reach_it(qtbot, gui_db, runner, settings):
    from core.book.settings import HOME_TIME_ZONE, set_setting

    window = window_left_on_contacts(qtbot, gui_db, runner, settings)
    set_setting(gui_db, HOME_TIME_ZONE.key, "Asia/Tokyo")
    window.apply_settings(_current_settings(gui_db))
    assert window._today_page is None  # still not built
    window.show_page("today")
    assert "home time Tokyo" in window.today_page.header.subtitle_label.text()


def _current_settings(db) -> dict:
    from core.book.settings import SETTINGS, get_setting

    return {key: get_setting(db, key) for key in SETTINGS if not key.startswith("ui/")}


# Starts the app on the book in argv[1]; at the first paint of the contacts table with rows it
# prints which of argv[2:] are imported, then quits.
FIRST_PAINT = """
import json, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
import ui.app, ui.main_window

class Probe(QObject):
    def __init__(self, table):
        super().__init__(table)
        self.table = table
        table.viewport().installEventFilter(self)

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and self.table.model().rowCount():
            watched.removeEventFilter(self)
            print(json.dumps({name: name in sys.modules for name in sys.argv[2:]}), flush=True)
            QTimer.singleShot(0, QApplication.instance().quit)
        return False

attach = ui.main_window.MainWindow.attach_database
def attach_and_probe(window, db):
    attach(window, db)
    window.probe = Probe(window.contacts_page.table)
ui.main_window.MainWindow.attach_database = attach_and_probe
sys.exit(ui.app.run_gui(sys.argv[1]))
"""


def modules_at_first_paint(tmp_path, *names: str) -> dict[str, bool]:
    """Which of *names* are imported when the app (left on Contacts) first paints its contacts, at a
    later start (not the first)."""
    from core.store.db import open_database
    from ui_helpers import add_person

    book = tmp_path / "book.db"
    db = open_database(book)
    add_person(db, "Wang Fang", native_name="王芳", country="CN")
    db.close()
    config = tmp_path / "config" / "Fairmate"
    config.mkdir(parents=True)
    (config / "Fairmate.conf").write_text("[ui]\nlast_page=contacts\nhome_country_asked=1\n")
    env = {"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
           "XDG_CONFIG_HOME": str(config.parent), "XDG_CACHE_HOME": str(tmp_path / "cache"),
           "LANG": "en_GB.UTF-8"}
    for _start in ("first", "later"):  # the first start saves the country names for the later ones
        result = subprocess.run([sys.executable, "-c", FIRST_PAINT, str(book), *names], cwd=ROOT,
                                capture_output=True, text=True, env=env, timeout=120)
        assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[0])


def test_the_first_page_of_contacts_is_painted_before_what_it_does_not_need_is_imported(tmp_path):
    # filelock (and asyncio with it) only for a chunked run; babel and sync once the first page is on screen.
    loaded = modules_at_first_paint(tmp_path, "filelock", "asyncio", "babel", "ui.widgets.contact_detail",
                                    "ui.sync_controller", "core.sync.state")
    assert loaded == dict.fromkeys(loaded, False)


def test_the_first_page_of_contacts_is_painted_before_the_write_path_is_imported(tmp_path):
    # The list only reads: core's writes (ui.operations loads each on first use), undo (Edit ▸ Undo
    # is named once the list is on screen) and the records layer under them all come later; so do
    # the encryption menu's module (when the File menu opens) and the page placeholders.
    loaded = modules_at_first_paint(tmp_path, "core.book.contacts", "core.book.activity", "core.book.duplicates",
                                    "core.book.erasure", "core.book.events", "core.store.records",
                                    "core.store.undo", "hashlib", "ui.book_encryption", "ui.pages.placeholder_page")
    assert loaded == dict.fromkeys(loaded, False)


def test_the_first_page_of_contacts_is_in_the_list_before_the_worker_answers(qtbot, file_db, settings):
    # Read with the window's own connection when the book is attached: the first paint has rows,
    # whatever the worker thread (its own connection, the whole list) is still doing.
    from ui.main_window import MainWindow
    from ui.tasks import TaskRunner
    from ui_helpers import add_person

    for name in ("Wang Fang", "Anna Müller"):
        add_person(file_db, name)
    runner = TaskRunner(file_db)
    settings.setValue("ui/last_page", "contacts")
    window = MainWindow(settings=settings, runner=runner)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.attach_database(file_db)  # no event handled from here: no worker result delivered
    model = window.contacts_page.model
    assert [model.data(model.index(row, 0)) for row in range(model.rowCount())] == ["Anna Müller", "Wang Fang"]
    # The worker (its thread, its connection, the whole list) starts once that page is painted.
    assert runner._pool.activeThreadCount() == 0
    qtbot.waitUntil(lambda: window.contacts_page.count_label.text() == "2 contacts")
    qtbot.waitUntil(lambda: window.count_label.text() == "2 contacts")
    runner.wait_for_idle()


def test_edit_undo_names_the_last_operation_once_the_list_is_shown(qtbot, gui_db, runner, settings):
    from ui_helpers import add_person

    add_person(gui_db, "Wang Fang")  # an operation before the window opens
    window = window_left_on_contacts(qtbot, gui_db, runner, settings)
    qtbot.waitUntil(lambda: window.undo_action.isEnabled())
    assert window.undo_action.text() == "&Undo Add contact"
