"""The main window: pages, shortcuts, status bar, remembered state."""

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from core.book.contacts import count_contacts
from core.book.settings import LAST_PAGE
from ui.main_window import PAGE_KEYS, MainWindow
from ui.pages.placeholder_page import PlaceholderPage
from ui_helpers import add_person


def test_sidebar_lists_every_page(main_window):
    labels = [main_window.sidebar.item(row).text() for row in range(main_window.sidebar.count())]
    assert labels == ["Today", "Contacts", "Phrasebook", "Etiquette", "Dossiers", "Sync"]


def test_placeholder_pages_say_what_will_come(qtbot):
    page = PlaceholderPage("sync", "Sync", "Team sync arrives in a coming release.")
    qtbot.addWidget(page)
    assert "coming release" in page.promise_label.text()


def test_the_sync_page_replaces_its_placeholder(main_window):
    from ui.pages.sync_page import SyncPage

    assert isinstance(main_window.page("sync"), SyncPage)


def test_phrasebook_page_replaces_its_placeholder(main_window):
    from ui.pages.phrasebook_page import PhrasebookPage

    assert isinstance(main_window.page("phrasebook"), PhrasebookPage)


def test_ctrl_number_switches_pages(qtbot, main_window):
    main_window.activateWindow()
    for number, key in enumerate(PAGE_KEYS, start=1):
        qtbot.keyClick(main_window, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.ControlModifier)
        assert main_window.current_page_key() == key
        assert main_window.stack.currentWidget() is main_window.page(key)


def test_ctrl_f_focuses_search_on_contacts(qtbot, main_window):
    main_window.show_page("today")
    main_window.activateWindow()
    qtbot.waitUntil(main_window.isActiveWindow)
    qtbot.keyClick(main_window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert main_window.current_page_key() == "contacts"
    qtbot.waitUntil(lambda: QApplication.focusWidget() is main_window.contacts_page.search_box)


def test_ctrl_n_opens_new_contact_dialog_and_shows_the_new_contact(qtbot, main_window, gui_db):
    main_window.activateWindow()
    qtbot.waitUntil(main_window.isActiveWindow)
    seen = {}

    def fill_dialog():
        dialog = QApplication.activeModalWidget()
        seen["dialog"] = dialog.objectName()
        dialog.display_name.setText("Chen Mei-ling")
        dialog.native_name.setText("陳美玲")
        dialog.accept()

    QTimer.singleShot(0, fill_dialog)
    qtbot.keyClick(main_window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert seen["dialog"] == "contactDialog"
    assert count_contacts(gui_db) == 1
    assert main_window.current_page_key() == "contacts"
    assert main_window.contacts_page.detail.contact["native_name"] == "陳美玲"
    assert main_window.count_label.text() == "1 contact"


def test_status_bar_shows_count_and_database(qtbot, gui_db, runner, settings):
    add_person(gui_db, "Anna Müller")
    add_person(gui_db, "Jan de Vries")
    window = MainWindow(settings=settings, runner=runner, db=gui_db)
    qtbot.addWidget(window)
    assert window.count_label.text() == "2 contacts"
    assert window.path_label.text() == "Database: in memory"


def test_last_page_and_geometry_are_remembered(qtbot, gui_db, runner, settings):
    first = MainWindow(settings=settings, runner=runner, db=gui_db)
    qtbot.addWidget(first)
    first.show_page("etiquette")
    first.resize(640, 480)  # within the offscreen screen (800×800)
    first.close()
    assert settings.value(LAST_PAGE.key) == "etiquette"

    second = MainWindow(settings=settings, runner=runner, db=gui_db)
    qtbot.addWidget(second)
    assert second.current_page_key() == "etiquette"
    assert second.size().width() == 640


def test_window_appears_before_the_database(qtbot, settings):
    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    assert window.contacts_page is None
    assert not window.new_contact_action.isEnabled()
    window.focus_search()  # harmless before the database is attached


def test_run_gui_reports_a_bad_database_and_returns_1(qtbot, tmp_path, monkeypatch):
    from ui import app as app_module

    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path))
    messages = []
    monkeypatch.setattr(QMessageBox, "critical",
                        lambda parent, title, text: messages.append(text))
    code = app_module.run_gui(str(tmp_path / "missing-folder" / "fm.db"))
    assert code == 1
    assert "does not exist" in messages[0]


def test_run_gui_opens_a_database_file(qtbot, tmp_path, monkeypatch):
    from ui import app as app_module
    from ui.main_window import MainWindow as Window

    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path))
    opened = []
    original = Window.attach_database

    def attach_and_quit(self, db):
        original(self, db)
        opened.append(str(db.path))
        self.runner.wait_for_idle()
        QTimer.singleShot(0, self.close)

    monkeypatch.setattr(Window, "attach_database", attach_and_quit)
    assert app_module.run_gui(str(tmp_path / "fm.db")) == 0
    assert opened == [str(tmp_path / "fm.db")]


def test_wrapped_sentences_are_never_clipped(qtbot, main_window):
    """Placeholder pages and the empty detail pane show their whole sentence."""
    main_window.resize(1100, 760)
    main_window.show_page("sync")
    labels = [main_window.sync_page.conflicts_hint, main_window.sync_page.connect_error]
    main_window.sync_page.connect_error.setText("No Fairmate server answers at https://sync.example.com. "
                                                "Check the address and this computer's network, then try again.")
    main_window.sync_page.connect_error.show()
    qtbot.wait(10)
    for label in labels:
        assert label.height() >= label.heightForWidth(label.width()), label.text()

    from ui.widgets.contact_detail import ContactDetailView

    detail = ContactDetailView(main_window.operations)
    qtbot.addWidget(detail)
    detail.resize(420, 600)
    detail.show()
    qtbot.waitExposed(detail)
    hint = detail.empty_hint
    assert hint.isVisible() and hint.height() >= hint.heightForWidth(hint.width())


@pytest.mark.parametrize("answer", [QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No])
def test_the_app_asks_before_creating_a_book_at_a_path_given(qtbot, tmp_path, monkeypatch, answer):
    from ui import app as app_module
    from ui.main_window import MainWindow as Window

    monkeypatch.delenv("FAIRMATE_CREATE")  # as a user starts it (tests/conftest.py)
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(tmp_path))
    asked = []

    def ask(parent, title, text, *args, **kwargs):
        asked.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", ask)
    original = Window.attach_database

    def attach_and_quit(self, db):
        original(self, db)
        self.runner.wait_for_idle()
        QTimer.singleShot(0, self.close)

    monkeypatch.setattr(Window, "attach_database", attach_and_quit)
    book = tmp_path / "typo.db"
    code = app_module.run_gui(str(book))
    assert asked == [f"Create a new book at {book}?"]
    assert book.exists() == (answer == QMessageBox.StandardButton.Yes)
    assert code == (0 if answer == QMessageBox.StandardButton.Yes else 1)
