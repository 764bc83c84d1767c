"""MainWindow: the sidebar of pages, the page stack, menus, shortcuts and the status bar.

The window is built before the database is opened, so it appears at once;
``attach_database`` then builds Contacts; every other page is built when
first shown (or asked for: ``today_page``). Geometry, the splitter and the
last page come back from QSettings.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QMainWindow, QPushButton, QStackedWidget,
                               QVBoxLayout, QWidget)

from core.book.fields import DISPLAY_NAME
from core.i18n import _
from ui.widgets.sidebar import LoadingPage, build_sidebar
from ui.widgets.sync_status import SyncStatusLabel
from ui.widgets.toast import UndoToast
from ui.operations import operations_for
from ui.main_capture import CaptureActions
from ui.main_exchange import ExchangeActions
from ui.main_menus import PAGE_KEYS, READ_ONLY_ACTIONS, build_menus, enable_book_actions

# Window state keys; settings with meaning for the user live in core.book.settings.
GEOMETRY_KEY = "ui/geometry"
SPLITTER_KEY = "ui/contacts_splitter"
DETAIL_SHOWN_KEY = "ui/contacts_detail_shown"


class MainWindow(ExchangeActions, CaptureActions, QMainWindow):
    """Fairmate's window: Today, Contacts and the pages still to come."""

    page_changed = Signal(str)
    settings_changed = Signal(dict)  # the user settings saved in Preferences, applied

    def __init__(self, settings: QSettings | None = None, runner=None, db=None,
                 parent: QWidget | None = None, *, sync_options: dict | None = None):
        super().__init__(parent)
        # SyncController keyword arguments (tests: the in-process server's transport_factory, timings).
        self.sync_options = dict(sync_options or {})
        self._sync_controller = None
        self._sync_stopped = False
        self.sync_page = None
        self.setWindowTitle(_("Fairmate"))
        self.setObjectName("mainWindow")
        self.settings = settings if settings is not None else QSettings()
        self.runner = runner
        self.db = None
        self._today_page = None
        self._dossiers_page = None
        self.contacts_page = None
        self.phrasebook_page = None
        self.etiquette_page = None
        self.home_country_dialog = None
        self.contact_dialog = None
        self.preferences_dialog = None
        self.import_dialog = None
        self.export_dialog = None
        self.duplicates_dialog = None
        self.my_card_dialog = None
        self.read_qr_dialog = None
        self._pages: dict[str, QWidget] = {}

        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        # Why the book can only be read (damaged, read-only media): shown above every page.
        self.read_only_banner = QLabel()
        self.read_only_banner.setObjectName("readOnlyBanner")
        self.read_only_banner.setWordWrap(True)
        self.read_only_banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.read_only_banner.hide()
        column.addWidget(self.read_only_banner)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        column.addLayout(body, 1)
        body.addWidget(self._build_sidebar())
        self.stack = QStackedWidget()
        body.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        # Pages are built when first shown; until then an empty widget holds the place.
        self._built: set[str] = set()
        for key in PAGE_KEYS:
            page = LoadingPage() if key in ("today", "contacts") else QWidget()
            self._pages[key] = page
            self.stack.addWidget(page)

        build_menus(self)
        self._build_status_bar()
        self.sidebar.currentRowChanged.connect(self._on_sidebar_row)
        self.resize(1280, 820)
        geometry = self.settings.value(GEOMETRY_KEY)
        if geometry is not None:
            self.restoreGeometry(geometry)
        if db is not None:
            self.attach_database(db)

    # Building -----------------------------------------------------------------------------

    def _build_sidebar(self) -> QWidget:
        panel, self.sidebar = build_sidebar()
        return panel

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        bar.setSizeGripEnabled(False)
        # After a write that can be undone, a toast offers Undo (as does Edit ▸ Undo, Ctrl+Z).
        self.toast = UndoToast(self)
        self.toast.undo_requested.connect(self.undo)
        self.count_label = QLabel()
        self.count_label.setObjectName("statusCount")
        self.path_label = QLabel()
        self.path_label.setObjectName("statusPath")
        self.sync_label = SyncStatusLabel()
        self.sync_label.clicked.connect(lambda: self.show_page("sync") if self.db is not None else None)
        bar.addPermanentWidget(self.sync_label)
        bar.addPermanentWidget(self.count_label)
        bar.addPermanentWidget(self.path_label)

    # Database ---------------------------------------------------------------------------------

    def attach_database(self, db) -> None:
        """Build the data pages on *db*, restore the last page, and start loading the list."""
        from core.book.settings import (DISPLAY_LOCALE, FOLLOW_UP_HOURS, HOME_TIME_ZONE, LAST_PAGE, get_setting,
                                        has_saved_setting)
        from ui.pages.contacts_page import ContactsPage
        from ui.formatting import set_display_locale
        from ui.preferences import read_setting
        from ui.tasks import TaskRunner

        self.db = db
        if self.runner is None:
            self.runner = TaskRunner(db, self)
        else:
            self.runner.set_database(db)
        self.runner.error_parent = self
        self.runner.task_failed.connect(lambda text: self.statusBar().showMessage(text, 10_000))
        # Every write goes through one operation runner; what it changed is announced once.
        self.operations = operations_for(self.runner)
        self.operations.changes_applied.connect(self._on_changes_applied)
        self.operations.operation_failed.connect(lambda text: self.statusBar().showMessage(text, 10_000))
        self.operations.operation_waiting.connect(lambda text: self.statusBar().showMessage(text, 2_000))
        # User settings come from the database, shared with the command line.
        set_display_locale(get_setting(db, DISPLAY_LOCALE.key))
        # An unsaved home zone is suggested when the detail pane is built (None), after the first page
        # of contacts: the suggestion reads babel's data.
        home = get_setting(db, HOME_TIME_ZONE.key) if has_saved_setting(db, HOME_TIME_ZONE.key) else None
        hours = get_setting(db, FOLLOW_UP_HOURS.key)

        last = read_setting(self.settings, LAST_PAGE)
        start_page = last if last in PAGE_KEYS else LAST_PAGE.default_value()
        self.contacts_page = ContactsPage(db, self.runner, home_time_zone=home, follow_up_hours=hours)
        self._replace_page("contacts", self.contacts_page)
        splitter = self.settings.value(SPLITTER_KEY)
        if splitter is not None:
            self.contacts_page.splitter.restoreState(splitter)
        self.contacts_page.set_detail_shown(str(self.settings.value(DETAIL_SHOWN_KEY, True)).lower()
                                            not in ("false", "0"))

        self.contacts_page.dossier_requested.connect(self.open_dossier)
        self.contacts_page.phrases_requested.connect(self.show_phrases_for_contact)
        self.contacts_page.etiquette_requested.connect(self.show_etiquette)
        self.contacts_page.contacts_merged.connect(self.on_contacts_merged)
        self.contacts_page.merge_undone.connect(self.on_merge_undone)
        duplicates_button = QPushButton(_("Duplicates…"))
        duplicates_button.setObjectName("duplicatesButton")
        duplicates_button.setToolTip(self.duplicates_action.toolTip())
        duplicates_button.clicked.connect(self.duplicates_action.trigger)
        self.contacts_page.header.actions.insertWidget(0, duplicates_button)
        self.duplicates_button = duplicates_button
        enable_book_actions(self, True)
        self.add_capture_button(self.contacts_page.header)
        self.connect_empty_book(self.contacts_page.empty_book)
        self.show_read_only(getattr(db, "read_only", None))
        path = getattr(db, "path", None)
        self.path_label.setText(_("Database: {path}").format(path=path) if path
                                else _("Database: in memory"))
        self.path_label.setToolTip(str(path or ""))

        self.show_page(start_page)  # builds that page (Today loads its items when built)
        # One lane for database work: the page on screen gets its data first, and the rest waits
        # until the first contacts are on screen (painted, when Contacts is shown), so nothing competes.
        # Shown first: the first page of contacts is read at once, and waits for its paint.
        self.contacts_page.reload()
        self.contacts_page.after_first_rows_shown(self._load_in_background)
        # Edit ▸ Undo names the last operation once the list is on screen: reading it imports the undo
        # machinery (the write path), which the first page does not need. Until then it stays off.
        self.contacts_page.after_first_rows_shown(self.update_undo_action)
        # Sync starts once the first contacts are on screen (or when its page or status is asked for).
        self.contacts_page.after_first_rows_shown(self._start_sync)

    def show_read_only(self, reason: str | None) -> None:
        """Show why the book can only be read in the banner, and switch off what would change it."""
        self.read_only_banner.setText(getattr(reason, "in_app", reason) or "")  # File ▸ Export…, not a command
        self.read_only_banner.setVisible(bool(reason))
        if reason:
            for name in READ_ONLY_ACTIONS:
                getattr(self, name).setEnabled(False)
            self.duplicates_button.setEnabled(False)
        self.contacts_page.set_read_only(bool(reason))

    @property
    def sync_controller(self):
        """The sync controller (started now if it was not yet); None without a database, or when stopped unstarted."""
        self._start_sync()
        return self._sync_controller

    def _start_sync(self) -> None:
        """Start the sync controller: it syncs by itself when the book is connected; the status bar follows it."""
        if self._sync_controller is not None or self._sync_stopped or self.db is None:
            return
        from ui.sync_controller import SyncController

        self._sync_controller = SyncController(self.operations, parent=self, **self.sync_options)
        self.sync_label.follow(self._sync_controller)
        self._sync_controller.start()

    def stop_sync(self) -> None:
        """No more automatic syncs (the window closes, the book is released); never started if it was not yet."""
        self._sync_stopped = True
        if self._sync_controller is not None:
            self._sync_controller.stop()

    @property
    def today_page(self):
        """The Today page, built (and its items loaded) on first use; None without a database."""
        if self._today_page is None and self.db is not None:
            from core.book.settings import HOME_TIME_ZONE, get_setting
            from ui.pages.today_page import TodayPage

            page = TodayPage(self.db, self.runner, home_time_zone=get_setting(self.db, HOME_TIME_ZONE.key))
            page.contact_requested.connect(self.show_contact)
            page.dossier_requested.connect(self.open_dossier)
            self.add_capture_button(page.header)
            self.connect_empty_book(page.empty_book)
            self._today_page = page
            self._replace_page("today", page)
            page.refresh()
        return self._today_page

    @property
    def dossiers_page(self):
        """The Dossiers page, built on first use (it loads its meetings when shown); None without a database."""
        if self._dossiers_page is None and self.db is not None:
            from core.book.settings import HOME_TIME_ZONE, get_setting
            from ui.pages.dossiers_page import DossiersPage

            page = DossiersPage(self.db, self.runner, home_time_zone=get_setting(self.db, HOME_TIME_ZONE.key))
            page.dossier_requested.connect(self.open_dossier)
            page.batch_requested.connect(self.open_day_dossiers)
            self._dossiers_page = page
            self._replace_page("dossiers", page)
        return self._dossiers_page

    def _load_in_background(self) -> None:
        """Count the contacts for the status bar and read the etiquette cards (for "Before you meet…")."""
        from core.content.etiquette import load_etiquette_cards

        self.update_contact_count()
        self.runner.run(load_etiquette_cards)

    def _replace_page(self, key: str, page: QWidget) -> None:
        old = self._pages[key]
        index = self.stack.indexOf(old)
        self.stack.insertWidget(index, page)
        self.stack.removeWidget(old)
        old.deleteLater()
        self._pages[key] = page

    def update_contact_count(self) -> None:
        """Refresh "N contacts" in the status bar (counted in the background)."""
        from core.book.contacts import count_contacts
        from core.i18n import ngettext
        from ui.formatting import format_count

        def show(count: int) -> None:
            self.count_label.setText(ngettext("{n} contact", "{n} contacts", count)
                                     .format(n=format_count(count)))

        if self.runner is not None and self.db is not None:
            self.runner.run_db(count_contacts, on_done=show)

    # Changes and undo ---------------------------------------------------------------------------

    def _on_changes_applied(self, changes) -> None:
        """After every write or undo: the count, Edit ▸ Undo, and the toast (pages refresh themselves)."""
        from core.store.changes import UNDO

        if changes.touches("contacts"):
            self.update_contact_count()
        self.update_undo_action()
        if changes.origin == UNDO:
            self.statusBar().clearMessage()
            self.toast.show_message(_("Undone: {action}").format(action=_(changes.label) if changes.label
                                                                  else _("Last change")), can_undo=False)
        elif self.operations.wants_toast(changes):
            self.toast.show_message(_(changes.label), can_undo=True)

    def update_undo_action(self) -> None:
        """Edit ▸ Undo names what it would undo, and is enabled only when something is there."""
        label = self.operations.describe_undo() if self.db is not None else None
        self.undo_action.setEnabled(label is not None)
        self.undo_action.setText(_("&Undo {action}").format(action=label) if label else _("&Undo"))

    def undo(self) -> None:
        """Edit ▸ Undo (Ctrl+Z) and the toast's Undo: undo the last operation."""
        if self.db is not None:
            self.toast.hide()
            self.operations.undo()

    # Navigation -----------------------------------------------------------------------------------

    def page(self, key: str) -> QWidget:
        """The page widget for *key* (built now if it was not yet)."""
        if key in ("today", "dossiers") and self.db is not None:
            getattr(self, f"{key}_page")  # built on first use
        if key == "etiquette" and key not in self._built and self.db is not None:
            self._replace_page(key, self._build_etiquette_page())
            self._built.add(key)
        if key == "sync" and key not in self._built and self.sync_controller is not None:
            from ui.pages.sync_page import SyncPage

            self.sync_page = SyncPage(self.sync_controller)
            self._replace_page(key, self.sync_page)
            self._built.add(key)
        if key == "phrasebook" and key not in self._built and self.db is not None:
            from ui.pages.phrasebook_page import PhrasebookPage

            self.phrasebook_page = PhrasebookPage(self.db, self.runner, settings=self.settings)
            self._replace_page(key, self.phrasebook_page)
            self._built.add(key)
        elif key not in self._built and key not in ("today", "contacts", "dossiers"):
            from ui.pages.placeholder_page import PlaceholderPage, placeholder_promises

            promises = placeholder_promises()
            if key in promises:
                title, promise = promises[key]
                self._replace_page(key, PlaceholderPage(key, title, promise))
                self._built.add(key)
        return self._pages[key]

    def _build_etiquette_page(self) -> QWidget:
        from core.book.settings import HOME_COUNTRY, get_setting
        from ui.pages.etiquette_page import EtiquettePage

        self.etiquette_page = EtiquettePage(home_country=get_setting(self.db, HOME_COUNTRY.key))
        self.etiquette_page.preferences_requested.connect(self.show_preferences)
        return self.etiquette_page

    def show_etiquette(self, country: str | None = None) -> None:
        """Switch to Etiquette and show *country*'s card (from a contact's "Before you meet…")."""
        self.show_page("etiquette")
        if country and self.etiquette_page is not None:
            self.etiquette_page.show_country(country)

    def ask_home_country_if_unset(self) -> bool:
        """On the first start, ask where the user is based (once); True when a country was saved."""
        from PySide6.QtWidgets import QDialog

        from core.book.settings import HOME_COUNTRY, HOME_COUNTRY_ASKED, has_saved_setting
        from ui.preferences import read_setting

        # Not on a window already closing (or never shown): the question belongs on screen.
        if self.db is None or getattr(self.db, "read_only", None) or not self.isVisible() \
                or has_saved_setting(self.db, HOME_COUNTRY.key) \
                or read_setting(self.settings, HOME_COUNTRY_ASKED):
            return False
        from ui.dialogs.home_country_dialog import HomeCountryDialog  # only when asked: not at every start

        dialog = HomeCountryDialog(self.operations, self)
        self.home_country_dialog = dialog  # reachable while open (tests)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        self.home_country_dialog = None
        self.settings.setValue(HOME_COUNTRY_ASKED.key, 1)
        if accepted:
            self.apply_settings(dialog.values)
        dialog.deleteLater()
        return accepted

    def current_page_key(self) -> str:
        """The key of the page shown."""
        item = self.sidebar.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else PAGE_KEYS[0]

    def show_page(self, key: str) -> None:
        """Switch to page *key* (``today``, ``contacts``, …)."""
        self.sidebar.setCurrentRow(PAGE_KEYS.index(key))
        self.stack.setCurrentWidget(self.page(key))  # also when the row was already current

    def _on_sidebar_row(self, row: int) -> None:
        if row < 0:
            return
        key = PAGE_KEYS[row]
        self.stack.setCurrentWidget(self.page(key))
        self.page_changed.emit(key)

    def focus_search(self) -> None:
        """Ctrl+F: go to Contacts and put the cursor in the search box."""
        if self.contacts_page is None:
            return
        self.show_page("contacts")
        self.contacts_page.focus_search()

    def new_contact(self, card=None) -> str | None:
        """Ctrl+N: add a contact (prefilled from a scanned *card* when given); on Save show it in Contacts."""
        if self.contacts_page is None:
            return None
        from PySide6.QtWidgets import QDialog

        from core.book.settings import FOLLOW_UP_HOURS, get_setting
        from ui.dialogs.contact_dialogs import ContactDialog

        dialog = ContactDialog(self.operations, self, follow_up_hours=get_setting(self.db, FOLLOW_UP_HOURS.key))
        if card is not None:
            from ui.dialogs.qr_dialogs import duplicate_notice

            dialog.prefill({k: v for k, v in card.fields.items() if not k.startswith("_")}, card.company)
            notice = duplicate_notice(self.db, card)
            if notice is not None:
                dialog.body.insertWidget(0, notice)
        self.contact_dialog = dialog  # reachable while open (tests, shortcuts)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        contact_id = dialog.saved_id if accepted else None
        self.contact_dialog = None
        dialog.deleteLater()
        if contact_id:
            self.show_page("contacts")
            self.contacts_page.contact_added(contact_id)
        return contact_id

    def show_my_card(self) -> None:
        """Contacts ▸ Show my card…: your card as a large QR code (or where to fill it in)."""
        if self.db is None:
            return
        from ui.dialogs.qr_dialogs import MyCardDialog

        dialog = MyCardDialog(self.db, self)
        self.my_card_dialog = dialog  # reachable while open (tests)
        wants_edit = []
        dialog.edit_card_requested.connect(lambda: wants_edit.append(True))
        dialog.exec()
        self.my_card_dialog = None
        dialog.deleteLater()
        if wants_edit:
            self.show_preferences()

    def add_contact_from_qr(self) -> str | None:
        """Contacts ▸ Add contact from QR code…: read a badge's QR code, then confirm the new contact."""
        if self.db is None:
            return None
        card = self.read_badge()
        return self.new_contact(card=card) if card is not None else None

    def show_contact(self, contact_id: str) -> None:
        """Switch to Contacts and show *contact_id* (from Today, or a link)."""
        self.show_page("contacts")
        self.contacts_page.show_contact(contact_id)

    def _dossier_language(self) -> str:
        from core.i18n import current_language

        return current_language()  # the interface's; the dialog offers the others

    def open_dossier(self, contact_id: str, meeting_id: str = "") -> None:
        """Preview a partner's dossier (for *meeting_id*, or their next meeting), to print or save."""
        from core.book.contacts import get_contact
        from ui.dialogs.dossier_dialog import DossierDialog

        contact = get_contact(self.db, contact_id)
        if contact is None:
            return
        title = _("Dossier: {name}").format(name=contact[DISPLAY_NAME.name])
        self.dossier_dialog = DossierDialog(self.runner, contact_id=contact_id, meeting_id=meeting_id or None,
                                            title=title, language=self._dossier_language(), parent=self)
        self.dossier_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.dossier_dialog.show()

    def open_day_dossiers(self, day) -> None:
        """Preview the dossiers of every meeting on *day* as one PDF with a cover agenda."""
        from ui.dialogs.dossier_dialog import DossierDialog
        from ui.formatting import format_date

        title = _("Dossiers for {date}").format(date=format_date(day))
        self.dossier_dialog = DossierDialog(self.runner, day=day, title=title,
                                            language=self._dossier_language(), parent=self)
        self.dossier_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.dossier_dialog.show()

    def show_phrases_for_contact(self, contact_id: str) -> str | None:
        """Open the Phrasebook in the language of *contact_id*; return that language (None if none fits)."""
        from core.book.contacts import get_contact

        contact = get_contact(self.db, contact_id) if self.db is not None else None
        if contact is None:
            return None
        self.show_page("phrasebook")
        code = self.phrasebook_page.open_for_contact(contact)
        if code is None:
            self.statusBar().showMessage(_("No phrasebook matches the languages or country of {name}").format(
                name=contact[DISPLAY_NAME.name]), 8000)
        return code

    def show_duplicates(self) -> None:
        """Contacts ▸ Duplicates…: likely duplicate pairs to compare and merge, and the merge history."""
        if self.db is None:
            return
        from core.book.settings import HOME_TIME_ZONE, get_setting
        from ui.dialogs.duplicates_dialog import DuplicatesDialog

        dialog = DuplicatesDialog(self.operations, self,
                                  home_time_zone=get_setting(self.db, HOME_TIME_ZONE.key))
        self.duplicates_dialog = dialog  # reachable while open (tests)
        dialog.contacts_merged.connect(self.on_contacts_merged)
        dialog.merge_undone.connect(self.on_merge_undone)
        dialog.exec()
        self.duplicates_dialog = None
        dialog.deleteLater()

    def on_contacts_merged(self, _merge_id: str, survivor_id: str, _merged_id: str) -> None:
        """After a merge: show the kept contact (the toast offers Undo)."""
        self.show_page("contacts")
        self.contacts_page.contact_added(survivor_id)

    def on_merge_undone(self, _merge_id: str, _survivor_id: str, merged_id: str) -> None:
        """After a merge was undone from its history: show the restored contact."""
        self.statusBar().showMessage(_("Merge undone: both contacts are back."), 10_000)
        self.show_page("contacts")
        self.contacts_page.contact_added(merged_id)

    def show_preferences(self) -> bool:
        """Edit ▸ Preferences…: edit the user settings; on Save apply them at once."""
        if self.db is None:
            return False
        from PySide6.QtWidgets import QDialog

        from ui.dialogs.preferences_dialog import PreferencesDialog, offer_restart

        dialog = PreferencesDialog(self.operations, self)
        self.preferences_dialog = dialog  # reachable while open (tests)
        dialog.settings_changed.connect(self.apply_settings)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        self.preferences_dialog = None
        dialog.deleteLater()
        if accepted and dialog.language_changed:
            offer_restart(self)  # the interface language applies from the next start
        return accepted

    def apply_settings(self, values: dict) -> None:
        """Use newly saved user settings everywhere, then redraw what shows them."""
        from core.book.settings import DISPLAY_LOCALE, FOLLOW_UP_HOURS, HOME_COUNTRY, HOME_TIME_ZONE
        from ui.formatting import set_display_locale

        set_display_locale(values[DISPLAY_LOCALE.key])
        self.contacts_page.set_follow_up_hours(values[FOLLOW_UP_HOURS.key])
        self.contacts_page.set_home_time_zone(values[HOME_TIME_ZONE.key])
        self.contacts_page.reload()
        if self._today_page is not None:  # else built with the new zone when first shown
            self._today_page.set_home_time_zone(values[HOME_TIME_ZONE.key])  # refreshes Today
        if self.etiquette_page is not None:
            self.etiquette_page.set_home_country(values[HOME_COUNTRY.key])
        self.update_contact_count()
        self.settings_changed.emit(values)

    def show_about(self) -> None:
        """Help ▸ About Fairmate."""
        from PySide6.QtWidgets import QMessageBox

        from core import __version__

        QMessageBox.about(self, _("About Fairmate"), _(
            "<h3>Fairmate {version}</h3><p>Your offline companion at overseas trade fairs: who a "
            "partner is, what you promised each other, when to follow up.</p>"
            "<p>Everything works without a network; your data stays on this computer.</p>")
            .format(version=__version__))

    # Closing -------------------------------------------------------------------------------------------

    def save_state(self) -> None:
        """Remember geometry, the splitter and the page shown."""
        self.settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        if self.contacts_page is not None:
            self.settings.setValue(SPLITTER_KEY, self.contacts_page.splitter.saveState())
            self.settings.setValue(DETAIL_SHOWN_KEY, self.contacts_page.detail_shown())
        if self.db is not None:
            from core.book.settings import LAST_PAGE

            self.settings.setValue(LAST_PAGE.key, self.current_page_key())
        self.settings.sync()

    def closeEvent(self, event) -> None:
        self.save_state()
        self.stop_sync()
        if self.runner is not None:
            self.runner.wait_for_idle(5000)
        super().closeEvent(event)
