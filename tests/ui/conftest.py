"""Fixtures for the GUI tests: offscreen Qt, an in-memory database, the immediate task runner."""

import os

# Before anything imports Qt: no display needed, same result on CI and laptops.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402



@pytest.fixture(autouse=True)
def saved_names_folder(tmp_path, monkeypatch):
    """Country names kept between starts go to the test's own folder, never the user's cache."""
    import ui.formatting

    folder = tmp_path / "cache"
    monkeypatch.setattr(ui.formatting, "saved_names_folder", lambda: str(folder))
    monkeypatch.setattr(ui.formatting, "_saved_names", None)  # and none left over from another test
    return folder


@pytest.fixture(scope="session", autouse=True)
def none_refcount_guard(qapp):
    """The same protection against PySide6 6.12.0's lost references to None as the app has."""
    from ui.qt_compat import install_none_refcount_guard

    return install_none_refcount_guard(qapp)


@pytest.fixture(autouse=True)
def english_app(monkeypatch):
    """run_gui() would follow the system locale; tests stay in English (see tests/conftest.py).

    Qt's own German translator would otherwise stay installed in the shared QApplication.
    The real install_translations() is tested in a separate process (tests/test_i18n.py).
    """
    from core.i18n import install_language
    from ui import app

    monkeypatch.setattr(app, "install_translations", lambda _app, *_language: install_language("en"))


@pytest.fixture
def gui_db(fresh_db):
    """The GUI connection: the shared empty, migrated in-memory database."""
    return fresh_db


@pytest.fixture
def runner(qapp, gui_db):
    """A task runner that runs every task at once on the GUI thread."""
    from ui.tasks import ImmediateTaskRunner

    return ImmediateTaskRunner(gui_db)


@pytest.fixture
def settings(tmp_path):
    """QSettings in a temporary file, so tests never touch the user's settings."""
    store = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    yield store
    store.sync()


@pytest.fixture
def main_window(qtbot, gui_db, runner, settings):
    """The main window on an in-memory database, shown offscreen."""
    from ui.main_window import MainWindow

    window = MainWindow(settings=settings, runner=runner, db=gui_db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window

