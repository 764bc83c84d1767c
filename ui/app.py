"""Starting the GUI: ``run_gui(db_path)`` is what ``fairmate`` runs without a command.

Start-up order is chosen for speed: the window appears first, then the
database is opened in the first turn of the event loop, and the contact list
loads in the background. sqlite-utils is not imported until something needs
it (a migration, a write inside another transaction). Importing
this module pulls in Qt and nothing heavy.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import QApplication, QWidget

from core.i18n import _

ORGANIZATION = "Fairmate"
APPLICATION = "Fairmate"


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with Fairmate's names, fonts and style (reused if one exists)."""
    from ui.fonts import install_fonts
    from ui.qt_compat import install_none_refcount_guard
    from ui.style import apply_style

    app = QApplication.instance()
    if app is None:
        # "-style fusion" on the command line spares a Python QStyle wrapper at start-up.
        app = QApplication([*(argv if argv is not None else sys.argv[:1]), "-style", "fusion"])
        apply_style(app, set_style=False)
    else:
        apply_style(app)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    install_fonts(app)
    if app.findChild(QObject, "noneRefcountGuard") is None:
        install_none_refcount_guard(app)
    return app


def install_translations(app: QApplication, language: str | None = None) -> None:
    """Use *language* (a shipped catalog, e.g. ``'de'``), else the system's, for Fairmate's strings
    (gettext) and Qt's own (Save, Cancel…)."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    from core.i18n import current_language, install_language
    from ui.fonts import prefer_interface_cjk_face

    locale = QLocale(language) if language else QLocale.system()
    install_language(language or locale.name())
    prefer_interface_cjk_face(app, current_language())
    if locale.language() == QLocale.Language.English:
        return
    translator = QTranslator(app)
    if translator.load(locale, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)


def saved_interface_language(db_path: str | None) -> str | None:
    """The interface language chosen in Preferences for the book at *db_path*, or None (the system's)."""
    from core.book.settings import INTERFACE_LANGUAGE, choose_interface_language, peek_setting
    from core.store.db import default_db_path

    return choose_interface_language(peek_setting(db_path or default_db_path(), INTERFACE_LANGUAGE.key))


def restart_application() -> bool:
    """Start Fairmate again with the same arguments, then quit this one (a new interface language)."""
    from PySide6.QtCore import QProcess

    # A frozen build is its own program; otherwise Python runs the script it was started with.
    program, arguments = ((sys.executable, sys.argv[1:]) if getattr(sys, "frozen", False)
                          else (sys.executable, list(sys.argv)))
    started = QProcess.startDetached(program, arguments)
    ok = started[0] if isinstance(started, tuple) else bool(started)
    if ok:
        QApplication.instance().closeAllWindows()
        QApplication.instance().quit()
    return ok


def open_main_window(window, db_path: str | None) -> bool:
    """Open the database and attach it to *window*; on failure tell the user and return False."""
    from core.store.db import DatabaseError

    from PySide6.QtWidgets import QMessageBox

    if db_path is not None and not Path(db_path).exists() and Path(db_path).parent.is_dir() \
            and os.environ.get("FAIRMATE_CREATE") != "1":
        # A path typed on the command line may be a typo: a new, empty book only when wanted.
        # (The default book in the data folder is made without asking, on first start.)
        answer = QMessageBox.question(None, _("Fairmate"), _("Create a new book at {path}?").format(path=db_path),
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            window.hide()
            return False
    try:
        db = open_encrypted_or_plain(db_path, window)
    except DatabaseError as exc:
        window.hide()
        if str(exc):  # empty: the user cancelled the passphrase dialog
            QMessageBox.critical(None, _("Fairmate cannot open its database"), str(exc))
        return False
    from core.store.chunked_runs import recover_interrupted_runs

    def progress(label: str, done: int, total: int) -> None:
        # Undoing a killed run of thousands of contacts takes a while: the window says so as it goes.
        window.statusBar().showMessage(_("Undoing the unfinished “{operation}” that was interrupted "
                                         "earlier: {percent}%").format(operation=_(label),
                                                                        percent=done * 100 // total))
        QApplication.processEvents()

    for label in recover_interrupted_runs(db, progress):
        window.statusBar().showMessage(_("Undid the unfinished “{operation}” that was interrupted "
                                         "earlier").format(operation=_(label)), 15_000)
    from ui.respelling import refresh_name_spellings_in_background

    window.attach_database(db)
    # Once after an upgrade that changed how names are spelled: seconds at 100k, on the write lane.
    refresh_name_spellings_in_background(window)
    return True


def open_encrypted_or_plain(db_path: str | None, parent=None):
    """Open the book; an encrypted one without a known passphrase asks for it until it opens or is cancelled.

    Raises ``BookLocked("")`` when cancelled. The passphrase is then known to the process, so
    the worker threads' connections open without asking.
    """
    from core.store import cipher
    from core.store.db import BookLocked, open_database

    state = {"error": None, "asked": False, "cancelled": False}

    def prompt(path):
        from ui.dialogs.passphrase_dialog import ask_book_passphrase  # an encrypted book only

        answer = ask_book_passphrase(path, parent, state["error"])
        state["asked"], state["cancelled"] = True, answer is None
        return answer

    cipher.set_passphrase_prompt(prompt)
    try:
        while True:
            state["asked"] = False
            try:
                return open_database(db_path)
            except BookLocked as exc:
                if state["cancelled"]:
                    raise BookLocked("") from None
                if not state["asked"]:
                    raise  # SQLCipher missing: no passphrase helps
                state["error"] = str(exc)  # a wrong passphrase typed: ask again, saying so
    finally:
        cipher.set_passphrase_prompt(None)


class _ExposeWatcher(QObject):
    """Calls back once, in the turn of the event loop after a window is first exposed."""

    def __init__(self, window: QWindow, callback):
        super().__init__(window)
        self._callback = callback
        window.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Expose and watched.isExposed():
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._callback)
        return False


def when_exposed(widget: QWidget, callback) -> None:
    """Run *callback* soon after *widget*'s window is first exposed (drawn on screen)."""
    handle = widget.windowHandle()
    if handle is None or handle.isExposed():
        QTimer.singleShot(0, callback)
    else:
        _ExposeWatcher(handle, callback)


def run_gui(db_path: str | None = None) -> int:
    """Run the Fairmate window on the database at *db_path* (None: the default file); return the exit code."""
    from ui.main_window import MainWindow

    app = create_application()
    install_translations(app, saved_interface_language(db_path))
    window = MainWindow()
    window.show()
    outcome = {"code": 0}

    def open_database_later() -> None:
        if not open_main_window(window, db_path):
            outcome["code"] = 1
            app.exit(1)
            return
        # After the first paint of the pages: the question sits on a finished window.
        QTimer.singleShot(0, window.ask_home_country_if_unset)

    # The database opens once the window is on screen, not before.
    when_exposed(window, open_database_later)
    code = app.exec()
    if window.db is not None:
        window.db.close()
    return outcome["code"] or code
