"""The main window's menus: File, Edit, Contacts, View and Help, with their shortcuts.

Each action is kept on the window (``window.undo_action``) and starts
disabled where it needs the database; ``MainWindow.attach_database``
enables them.
"""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence

from core.i18n import _

PAGE_KEYS = ("today", "contacts", "phrasebook", "etiquette", "dossiers", "sync")


def page_titles() -> dict[str, str]:
    """The sidebar label of each page."""
    return {"today": _("Today"), "contacts": _("Contacts"), "phrasebook": _("Phrasebook"),
            "etiquette": _("Etiquette"), "dossiers": _("Dossiers"), "sync": _("Sync")}


def _book_encryption():
    # Imported when the File menu opens: not needed for the first page of contacts.
    from ui import book_encryption

    return book_encryption


def build_menus(window) -> None:
    """The menu bar and its actions on *window*, the main window (each kept as an attribute)."""
    menu = window.menuBar()
    file_menu = menu.addMenu(_("&File"))
    window.new_contact_action = QAction(_("&New contact…"), window)
    window.new_contact_action.setShortcut(QKeySequence("Ctrl+N"))
    window.new_contact_action.triggered.connect(lambda _checked=False: window.new_contact())
    file_menu.addAction(window.new_contact_action)
    window.quick_capture_action = QAction(_("&Met at the booth…"), window)
    window.quick_capture_action.setToolTip(_("Add someone you just met: the fair, today and a follow-up are "
                                             "filled in (Ctrl+Shift+N)"))
    window.quick_capture_action.setShortcut(QKeySequence("Ctrl+Shift+N"))
    window.quick_capture_action.triggered.connect(lambda _checked=False: window.quick_capture())
    file_menu.addAction(window.quick_capture_action)
    file_menu.addSeparator()
    window.import_action = QAction(_("&Import…"), window)
    window.import_action.setShortcut(QKeySequence("Ctrl+I"))
    window.import_action.triggered.connect(lambda _checked=False: window.import_contacts())
    file_menu.addAction(window.import_action)
    window.export_action = QAction(_("&Export…"), window)
    window.export_action.setShortcut(QKeySequence("Ctrl+E"))
    window.export_action.triggered.connect(lambda _checked=False: window.export_contacts())
    file_menu.addAction(window.export_action)
    file_menu.addSeparator()
    window.encryption_action = QAction(_("En&crypt this book…"), window)
    window.encryption_action.triggered.connect(lambda _checked=False: _book_encryption().change_book_encryption(window))
    file_menu.addAction(window.encryption_action)
    file_menu.aboutToShow.connect(lambda: _book_encryption().update_encryption_action(window))
    file_menu.addSeparator()
    quit_action = QAction(_("&Quit"), window)
    quit_action.setShortcut(QKeySequence("Ctrl+Q"))
    quit_action.setMenuRole(QAction.MenuRole.QuitRole)
    quit_action.triggered.connect(window.close)
    file_menu.addAction(quit_action)

    edit_menu = menu.addMenu(_("&Edit"))
    window.undo_action = QAction(_("&Undo"), window)
    window.undo_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
    window.undo_action.triggered.connect(lambda _checked=False: window.undo())
    window.undo_action.setEnabled(False)
    edit_menu.addAction(window.undo_action)
    edit_menu.addSeparator()
    window.preferences_action = QAction(_("&Preferences…"), window)
    shortcuts = [QKeySequence(QKeySequence.StandardKey.Preferences), QKeySequence("Ctrl+,")]
    window.preferences_action.setShortcuts(list(dict.fromkeys(k for k in shortcuts if not k.isEmpty())))
    window.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
    window.preferences_action.triggered.connect(window.show_preferences)
    edit_menu.addAction(window.preferences_action)

    _build_contacts_menu(window, menu.addMenu(_("&Contacts")))

    view_menu = menu.addMenu(_("&View"))
    window.page_actions: dict[str, QAction] = {}
    titles = page_titles()
    for number, key in enumerate(PAGE_KEYS, start=1):
        action = QAction(titles[key], window)
        action.setShortcut(QKeySequence(f"Ctrl+{number}"))
        action.triggered.connect(lambda _checked=False, k=key: window.show_page(k))
        view_menu.addAction(action)
        window.page_actions[key] = action
    view_menu.addSeparator()
    window.find_action = QAction(_("&Find contact"), window)
    window.find_action.setShortcut(QKeySequence("Ctrl+F"))
    window.find_action.triggered.connect(window.focus_search)
    view_menu.addAction(window.find_action)

    help_menu = menu.addMenu(_("&Help"))
    about = QAction(_("&About Fairmate"), window)
    about.setMenuRole(QAction.MenuRole.AboutRole)
    about.triggered.connect(window.show_about)
    help_menu.addAction(about)
    enable_book_actions(window, False)


# The actions that need an open contact book: off until attach_database.
BOOK_ACTIONS = ("new_contact_action", "quick_capture_action", "import_action", "export_action",
                "find_action",
                "preferences_action", "duplicates_action", "my_card_action", "read_qr_action")


# The actions that change the book: off while it can only be read (damaged, read-only media).
READ_ONLY_ACTIONS = ("new_contact_action", "quick_capture_action", "import_action", "preferences_action",
                     "duplicates_action",
                     "read_qr_action")


def enable_book_actions(window, enabled: bool) -> None:
    """Turn on (or off) every menu action that needs the contact book."""
    for name in BOOK_ACTIONS:
        getattr(window, name).setEnabled(enabled)

def _build_contacts_menu(window, contacts_menu) -> None:
    window.duplicates_action = QAction(_("&Duplicates…"), window)
    window.duplicates_action.setToolTip(_("Find contacts that are likely the same person, and merge them"))
    window.duplicates_action.triggered.connect(window.show_duplicates)
    contacts_menu.addAction(window.duplicates_action)
    contacts_menu.addSeparator()
    window.my_card_action = QAction(_("Show &my card…"), window)
    window.my_card_action.setToolTip(_("Your details as a large QR code for a partner to scan"))
    window.my_card_action.setShortcut(QKeySequence("Ctrl+Shift+M"))
    window.my_card_action.triggered.connect(window.show_my_card)
    contacts_menu.addAction(window.my_card_action)
    window.read_qr_action = QAction(_("Add contact from &QR code…"), window)
    window.read_qr_action.setToolTip(_("Read the QR code on a badge or card: photo, screenshot or camera"))
    window.read_qr_action.setShortcut(QKeySequence("Ctrl+Shift+B"))  # B for badge
    window.read_qr_action.triggered.connect(window.add_contact_from_qr)
    contacts_menu.addAction(window.read_qr_action)
