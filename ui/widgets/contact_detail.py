"""ContactDetailView: everything about one partner on one card, and the actions on them.

Reads go through core (a handful of small indexed queries, so they run on the
GUI thread); every write opens a small dialog or runs one operation through
``ui.operations.OperationRunner``. The pane redraws when an operation's
changes touch what it shows, wherever the write came from.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (QComboBox, QDialog, QFrame, QHBoxLayout, QLabel, QMenu, QMessageBox, QPushButton,
                               QScrollArea, QStackedWidget, QVBoxLayout, QWidget)

from core.book.fields import COUNTRY, DISPLAY_NAME, NOTES
from core.i18n import _
from ui import operations as op
from ui.dialogs.file_dialogs import announce_saved_file
from ui.formatting import country_display_name
from ui.icons import page_pixmap
from ui.widgets.common import FlowLayout, muted_label, settle_scroll_area
from ui.widgets.contact_cards import ContactCardsMixin, detail_card, set_direction, value_label

# The tables whose changes the pane shows.
DETAIL_TABLES = ("contacts", "companies", "events", "meetings", "interactions", "commitments", "follow_ups",
                 "stage_history", "merges", "distinct_contacts", "duplicate_keys")


def confirm_delete(parent: QWidget, name: str) -> bool:
    """Ask before deleting a contact; True when the user confirms."""
    answer = QMessageBox.question(
        parent, _("Delete contact"),
        _("Delete {name}? They leave your contact book with their history; Undo (Ctrl+Z) brings them back.")
        .format(name=name),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel)
    return answer == QMessageBox.StandardButton.Yes


def confirm_erase(parent: QWidget | None, name: str) -> bool:
    """Ask before erasing a contact for good, naming them; True when the user confirms."""
    box = QMessageBox(QMessageBox.Icon.Warning, _("Erase permanently"),
                      _("Erase {name} permanently?").format(name=name), QMessageBox.StandardButton.Cancel, parent)
    box.setInformativeText(_("{name} and their whole history (interactions, promises, meetings, stage history "
                             "and every earlier value) are removed for good, here and on every device your book "
                             "syncs with. Unlike Delete, this cannot be undone.").format(name=name))
    erase = box.addButton(_("Erase permanently"), QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    answer = box.exec()
    return box.clickedButton() is erase and answer != QMessageBox.StandardButton.Cancel


def offer_vacuum(parent: QWidget | None, names: list[str]) -> bool:
    """After an erasure: ask whether to rewrite the whole book now (VACUUM); True for yes."""
    answer = QMessageBox.question(
        parent, _("Erase permanently"),
        _("{names} erased. Also compact the book now? It rewrites the whole file (this takes a moment for a "
          "large book), gives the space back and leaves nothing an older version kept in it.")
        .format(names=", ".join(names)),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes)
    return answer == QMessageBox.StandardButton.Yes


class ContactDetailView(ContactCardsMixin, QWidget):
    """The detail pane of the contact book: profile, how we met, stage, promises, follow-ups, log."""

    contact_requested = Signal(str)
    dossier_requested = Signal(str, str)  # contact id, meeting id ("" for the next one)
    phrases_requested = Signal(str)
    etiquette_requested = Signal(str)  # a country code: open its etiquette card
    contacts_merged = Signal(str, str, str)  # merge id, kept contact, merged-away contact
    merge_undone = Signal(str, str, str)     # merge id, kept contact, restored contact

    def __init__(self, operations, parent: QWidget | None = None, *, home_time_zone: str = "UTC",
                 follow_up_hours: int = 48):
        super().__init__(parent)
        self.setObjectName("contactDetail")
        self._ops = operations
        self._db = operations.db
        operations.changes_applied.connect(self._on_changes_applied)
        self._home = home_time_zone
        self._follow_up_hours = follow_up_hours
        self._contact: dict | None = None
        self.vcard_path_chooser = self._choose_vcard_path
        self._local_time_label: QLabel | None = None
        self.stage_combo: QComboBox | None = None
        self._populating = False
        self.conflict_summary: QLabel | None = None
        self.conflict_cards: list = []
        self._phrasebooks_read = self._phrasebooks_reading = False

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self._stack = QStackedWidget()
        outer.addWidget(self._stack)

        empty = QWidget()
        empty_layout = QVBoxLayout(empty)
        icon = QLabel()
        icon.setPixmap(page_pixmap("contacts", 72))
        icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint = self.empty_hint = muted_label(_("Select a contact to see who they are, what you promised each other "
                             "and when to follow up."), wrap=True)
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setFixedWidth(360)  # a fixed width lets the wrapped text claim its height
        empty_layout.addStretch(1)
        empty_layout.addWidget(icon)
        empty_layout.addWidget(hint, 0, Qt.AlignmentFlag.AlignHCenter)
        empty_layout.addStretch(2)
        self._stack.addWidget(empty)

        page = QWidget()
        page_layout = QVBoxLayout(page)
        page_layout.setContentsMargins(0, 0, 0, 0)
        page_layout.setSpacing(0)
        page_layout.addWidget(self._build_action_bar())
        self._scroll = QScrollArea()
        self._scroll.setWidgetResizable(True)
        self._scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._scroll.setWidget(self._new_content())
        page_layout.addWidget(self._scroll, 1)
        self._stack.addWidget(page)

        self._scroll_target = 0
        self._scroll_deadline = QTimer(self)  # how long the place is followed while the card grows
        self._scroll_deadline.setSingleShot(True)
        self._scroll_deadline.setInterval(500)
        self._scroll.verticalScrollBar().rangeChanged.connect(self._follow_scroll_range)

        self._clock = QTimer(self)
        self._clock.setInterval(30_000)
        self._clock.timeout.connect(self._update_local_time)
        self._clock.start()

    # Public ----------------------------------------------------------------------

    @property
    def contact_id(self) -> str | None:
        """The id of the contact shown, or None."""
        return self._contact["id"] if self._contact else None

    @property
    def contact(self) -> dict | None:
        """The contact shown, as ``get_contact`` returned it."""
        return self._contact

    def set_home_time_zone(self, zone: str) -> None:
        """Compare local times with *zone* from now on."""
        self._home = zone
        self.refresh()

    def set_follow_up_hours(self, hours: int) -> None:
        """Propose follow-ups *hours* ahead from now on."""
        self._follow_up_hours = hours

    def show_contact(self, contact_id: str | None) -> None:
        """Show *contact_id* (None shows the empty state); the same contact again keeps the reader's place."""
        from core.book.contacts import get_contact

        position = self._scroll.verticalScrollBar().value() if contact_id and contact_id == self.contact_id \
            else 0
        self._contact = get_contact(self._db, contact_id) if contact_id else None
        self._rebuild()
        self._restore_scroll(position)

    def refresh(self) -> None:
        """Read the shown contact again, keeping the reader's place on the card."""
        self.show_contact(self.contact_id)

    def _restore_scroll(self, position: int) -> None:
        # The old cards leave and the new ones get their height in later turns of the event loop,
        # so the range shrinks and grows again: follow it for a moment, back to the old place.
        bar = self._scroll.verticalScrollBar()
        self._scroll_target = position
        bar.setValue(min(position, bar.maximum()))
        if position:
            self._scroll_deadline.start()
        else:
            self._scroll_deadline.stop()

    def _follow_scroll_range(self, _minimum: int, maximum: int) -> None:
        if self._scroll_deadline.isActive():
            self._scroll.verticalScrollBar().setValue(min(self._scroll_target, maximum))

    def _on_changes_applied(self, changes) -> None:
        # The card's widgets go with deleteLater, so the checkbox or button that made the write survives its click.
        if self.contact_id and changes.touches(*DETAIL_TABLES):
            self.refresh()

    # Actions -------------------------------------------------------------------------

    def _build_action_bar(self) -> QWidget:
        # A few main buttons on one line; the rest in More, so the card keeps the pane's height at 720p.
        bar = QFrame()
        bar.setObjectName("detailActions")
        outer = QHBoxLayout(bar)
        outer.setContentsMargins(12, 10, 12, 6)
        buttons = QWidget()
        # The pane can be narrow: buttons wrap onto a second line instead of being clipped.
        row = FlowLayout(buttons, spacing=6)
        self.log_button = self._action(row, _("Log interaction"), self.log_interaction, primary=True)
        self.log_button.setToolTip(_("Log a meeting, call, email or note"))
        self.follow_up_button = self._action(row, _("Follow-up"), self.set_follow_up)
        self.follow_up_button.setToolTip(_("Plan when to get back to this partner"))
        self.dossier_button = self._action(row, _("Dossier"), self.request_dossier)
        self.dossier_button.setToolTip(_("Preview and print this partner's dossier"))
        self.more_button = QPushButton(_("More"))
        self.more_button.setObjectName("detailMoreButton")
        self.more_button.setToolTip(_("Edit, add a promise, plan a meeting, phrases, etiquette, export, delete"))
        self.more_button.setAccessibleName(_("More actions"))
        self.more_menu = QMenu(self.more_button)
        self.more_menu.setObjectName("detailMoreMenu")
        self.more_menu.setToolTipsVisible(True)  # a switched-off entry says why
        self.more_button.setMenu(self.more_menu)
        row.addWidget(self.more_button)
        outer.addWidget(buttons, 1)
        menu = self.more_menu
        self.edit_button = menu.addAction(_("Edit contact…"), self.edit_contact)
        # The page's F2 (and a double-click on the row) opens it too; shown here, fired there.
        self.edit_button.setShortcut(QKeySequence("F2"))
        self.edit_button.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.commitment_button = menu.addAction(_("Add promise…"), self.add_commitment)
        self.meeting_button = menu.addAction(_("Plan meeting…"), self.plan_meeting)
        menu.addSeparator()
        self.phrases_button = menu.addAction(_("Phrases"), self.request_phrases)
        self.phrases_button.setToolTip(_("Phrases in this partner's language"))
        self.before_meeting_button = menu.addAction(_("Before you meet…"), self.open_etiquette)
        self.before_meeting_button.setObjectName("beforeYouMeetButton")
        self.export_button = menu.addAction(_("Export vCard…"), self.export_vcard)
        menu.addSeparator()
        self.delete_button = menu.addAction(_("Delete contact…"), self.delete_contact)
        self.delete_button.setObjectName("deleteContactAction")
        # Rare and final: last in the menu, after Delete.
        self.erase_action = menu.addAction(_("Erase permanently…"))
        self.erase_action.triggered.connect(self.erase_contact)
        return bar

    # The buttons and menu entries that change the contact (off while the book can only be read).
    EDIT_BUTTONS = ("edit_button", "log_button", "commitment_button", "follow_up_button", "meeting_button",
                    "delete_button", "erase_action")

    def set_read_only(self, read_only: bool) -> None:
        """Switch off every button that would change the contact, or on again."""
        for name in self.EDIT_BUTTONS:
            getattr(self, name).setEnabled(not read_only)

    def _action(self, row, text: str, slot, primary: bool = False) -> QPushButton:
        button = QPushButton(text)
        if primary:
            button.setProperty("role", "primary")
        button.clicked.connect(slot)
        row.addWidget(button)
        return button

    def _run_dialog(self, dialog: QDialog) -> bool:
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        dialog.deleteLater()
        return accepted

    def edit_contact(self) -> None:
        """Open the contact dialog on the shown contact."""
        from ui.dialogs.contact_dialogs import ContactDialog

        if self.contact_id:
            self._run_dialog(ContactDialog(self._ops, self, self.contact_id))

    def log_interaction(self) -> None:
        """Log a meeting, call or note with the shown contact."""
        from ui.dialogs.activity_dialogs import InteractionDialog

        if self.contact_id:
            self._run_dialog(InteractionDialog(self._ops, self.contact_id, self))

    def add_commitment(self) -> None:
        """Record a promise, ours or theirs."""
        from ui.dialogs.activity_dialogs import CommitmentDialog

        if self.contact_id:
            self._run_dialog(CommitmentDialog(self._ops, self.contact_id, self))

    def set_follow_up(self) -> None:
        """Plan when to get back to the shown contact."""
        from ui.dialogs.activity_dialogs import FollowUpDialog

        if self.contact_id:
            self._run_dialog(FollowUpDialog(self._ops, self.contact_id, self, self._follow_up_hours))

    def request_dossier(self) -> None:
        """Ask the window to preview this partner's dossier."""
        if self.contact_id:
            self.dossier_requested.emit(self.contact_id, "")

    def plan_meeting(self) -> None:
        """Plan a meeting with the shown contact."""
        from ui.dialogs.activity_dialogs import MeetingDialog

        if self.contact_id:
            self._run_dialog(MeetingDialog(self._ops, self.contact_id, self, self._home))

    def request_phrases(self) -> None:
        """Ask for the Phrasebook in the shown contact's language (the main window opens it)."""
        if self.contact_id:
            self.phrases_requested.emit(self.contact_id)

    def open_etiquette(self) -> None:
        """Ask for the etiquette card of the shown contact's country ("Before you meet…")."""
        if self._contact and self._contact.get(COUNTRY.name):
            self.etiquette_requested.emit(self._contact[COUNTRY.name])

    def _update_etiquette_button(self, contact: dict) -> None:
        from core.content.etiquette import etiquette_card_for_contact

        country = contact.get(COUNTRY.name)
        has_card = etiquette_card_for_contact(contact) is not None
        self.before_meeting_button.setEnabled(has_card)
        if has_card:
            tip = _("Etiquette for {country}, compared with your home country").format(
                country=country_display_name(country))
        elif country:
            tip = _("There is no etiquette card for {country} yet").format(country=country_display_name(country))
        else:
            tip = _("Add the contact's country to see its etiquette card")
        self.before_meeting_button.setToolTip(tip)

    def _update_phrases_button(self, contact: dict) -> None:
        from core.content.phrasebooks import load_phrasebooks, phrase_language_for_contact

        if not self._phrasebooks_read:
            # Reading every phrasebook takes a second or more: off the GUI thread, the entry set after.
            self.phrases_button.setEnabled(False)
            self.phrases_button.setToolTip(_("Reading the phrasebooks…"))
            if not self._phrasebooks_reading:
                self._phrasebooks_reading = True
                self._ops.tasks.run(load_phrasebooks, on_done=self._on_phrasebooks_read,
                                    on_error=lambda _exc: self._on_phrasebooks_read(None))
            return
        code = phrase_language_for_contact(contact)
        self.phrases_button.setEnabled(code is not None)
        if code is None:
            self.phrases_button.setToolTip(_("There is no phrasebook for the languages or country of this partner"))
        else:
            book = load_phrasebooks().languages.get(code)
            self.phrases_button.setToolTip(_("Phrases in {language}").format(language=book.name if book else code))

    def _on_phrasebooks_read(self, _library) -> None:
        # Cached in core from now on (read again only when a file changes): asked on the GUI thread.
        self._phrasebooks_read, self._phrasebooks_reading = True, False
        if self._contact is not None:
            self._update_phrases_button(self._contact)

    def _choose_vcard_path(self, name: str) -> str:
        from ui.dialogs.file_dialogs import choose_save_file

        return choose_save_file(self, _("Export vCard"), _("vCard (*.vcf)"), f"{name}.vcf")  # made safe there

    def export_vcard(self) -> str | None:
        """Save the shown contact as a vCard 4.0 file; return the path written."""
        from core.book.contacts import get_contact
        from core.exchange.vcard import contact_to_vcard
        from core.store.files import write_file_atomically

        if self.contact_id is None:
            return None
        path = self.vcard_path_chooser(self._contact[DISPLAY_NAME.name])
        if not path:
            return None
        try:
            write_file_atomically(path, contact_to_vcard(get_contact(self._db, self.contact_id)).encode("utf-8"))
        except OSError as exc:
            QMessageBox.warning(self, _("Export vCard"), _("Cannot write {path}: {error}").format(
                path=path, error=exc.strerror))
            return None
        announce_saved_file(self, path)
        return path

    def delete_contact(self) -> None:
        """Delete the shown contact after asking (Edit ▸ Undo brings them back)."""
        contact = self._contact
        if contact is None or not confirm_delete(self, contact[DISPLAY_NAME.name]):
            return
        self._ops.run(op.delete_contact, contact["id"], toast=True)

    def erase_contact(self) -> None:
        """Erase the shown contact for good after asking by name; then offer to compact the book."""
        contact = self._contact
        if contact is None or not confirm_erase(self, contact[DISPLAY_NAME.name]):
            return

        def erased(result) -> None:
            if offer_vacuum(self, result.names):
                self._ops.vacuum()

        self._ops.erase(contact["id"], on_done=erased)

    def change_stage(self, stage: str) -> None:
        """Move the shown contact to *stage* (kept in the stage history)."""
        if self.contact_id is not None:
            self._ops.run(op.change_stage, self.contact_id, stage, toast=True)

    def _on_stage_picked(self, index: int) -> None:
        if self._populating or self.stage_combo is None or index < 0:
            return
        self.change_stage(self.stage_combo.itemData(index))

    def _toggle_commitment(self, commitment_id: str, done: bool) -> None:
        self._ops.run(op.complete_commitment, commitment_id, done=done, toast=done)

    def _complete_follow_up(self, follow_up_id: str) -> None:
        self._ops.run(op.complete_follow_up, follow_up_id, toast=True)

    def cancel_meeting(self, meeting_id: str) -> bool:
        """Cancel a planned meeting after the user confirms; True when asked to cancel."""
        answer = QMessageBox.question(
            self, _("Cancel meeting?"), _("Cancel this meeting? It leaves your Today list."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        self._ops.run(op.cancel_meeting, meeting_id, toast=True)
        return True

    def compare_with(self, other_id: str) -> bool:
        """Open the MergeDialog on the shown contact and *other_id*; True when they were merged."""
        from ui.dialogs.merge_dialog import MergeDialog

        if self.contact_id is None:
            return False
        dialog = MergeDialog(self._ops, self.contact_id, other_id, self)
        dialog.contacts_merged.connect(self.contacts_merged)
        return self._run_dialog(dialog)

    def undo_merge(self, merge_id: str) -> None:
        """Undo a merge kept with the shown contact: both records and their histories come back."""
        def failed(exc: BaseException) -> None:
            QMessageBox.warning(self, _("Cannot undo merge"), op.describe_failure(exc))

        self._ops.run(op.undo_merge, merge_id, on_error=failed, on_done=lambda result:
                      self.merge_undone.emit(merge_id, result["survivor_id"], result["merged_id"]))

    def _add_duplicate_cards(self, contact: dict) -> None:
        from core.book.duplicates import find_duplicates_for_contact, list_merges
        from ui.widgets.duplicate_cards import duplicate_banner, merges_card

        for card in (duplicate_banner(find_duplicates_for_contact(self._db, contact["id"]),
                                      self.compare_with),
                     merges_card(list_merges(self._db, contact["id"]), contact["id"], self._home,
                                 self.undo_merge)):
            if card is not None:
                self._content.addWidget(card)

    def _add_conflict_card(self, contact: dict) -> None:
        """"2 unresolved differences with another device", each with Keep mine / Take theirs (after a sync)."""
        from core.store.receive import list_conflicts

        if not list_conflicts(self._db, table="contacts", row_id=contact["id"]):
            return
        from core.sync.resolve import list_sync_conflicts
        from ui.widgets.sync_conflicts import ConflictCard, devices_summary

        conflicts = list_sync_conflicts(self._db, table="contacts", row_id=contact["id"])
        frame, layout = detail_card()
        frame.setObjectName("contactConflicts")
        self.conflict_summary = QLabel(devices_summary(conflicts))
        self.conflict_summary.setObjectName("conflictSummary")
        self.conflict_summary.setProperty("role", "overdue")
        self.conflict_summary.setWordWrap(True)
        layout.addWidget(self.conflict_summary)
        self.conflict_cards = [ConflictCard(self._db, conflict, self.resolve_conflict, self.restore_contact,
                                            show_name=False) for conflict in conflicts]
        for card in self.conflict_cards:
            layout.addWidget(card)
        self._content.addWidget(frame)

    def resolve_conflict(self, table: str, row_id: str, field: str, keep: str) -> None:
        """Keep ``mine`` or ``theirs`` for a field in conflict (a write that syncs), then redraw."""
        self._ops.run(op.resolve_conflict, table, row_id, field, keep, on_done=lambda _value: self.refresh())

    def restore_contact(self, table: str, row_id: str) -> None:
        """Bring back a row deleted on another device while edited here."""
        self._ops.run(op.restore_deleted_row, table, row_id, on_done=lambda _value: self.refresh())

    def _open_link(self, link: str) -> None:
        if link.startswith("contact:"):
            self.contact_requested.emit(link.split(":", 1)[1])

    # Building the card ------------------------------------------------------------------

    def _new_content(self) -> QWidget:
        """An empty card holder; ``self._content`` is its layout."""
        content = QWidget()
        self._content = QVBoxLayout(content)
        self._content.setContentsMargins(16, 12, 16, 20)
        self._content.setSpacing(12)
        return content

    def _swap_content(self, content: QWidget) -> None:
        # The cards are built in a holder not yet on screen, then shown at once with it: added to the
        # visible holder, each would be shown a turn of the event loop later, after a paint of the pane
        # without them. The old holder goes with deleteLater: the button that made a write survives its click.
        old = self._scroll.takeWidget()
        self._scroll.setWidget(content)
        if old is not None:
            old.hide()
            old.deleteLater()
        settle_scroll_area(self._scroll)  # the scroll bar and wrapped texts too, before the paint

    def _rebuild(self) -> None:
        self._populating = True
        content = self._new_content()
        try:
            self._build_cards()
        finally:
            self._swap_content(content)
            self._populating = False

    def _build_cards(self) -> None:
        self.conflict_summary, self.conflict_cards = None, []
        self._local_time_label = None
        self.stage_combo = None
        contact = self._contact
        if contact is None:
            self._stack.setCurrentIndex(0)
            return
        self._stack.setCurrentIndex(1)
        self._update_etiquette_button(contact)
        self._update_phrases_button(contact)
        self._content.addWidget(self._header_card(contact))
        self._add_conflict_card(contact)
        self._add_duplicate_cards(contact)
        self._content.addWidget(self._profile_card(contact))
        self._content.addWidget(self._met_card(contact))
        self._content.addWidget(self._relationship_card(contact))
        self._content.addWidget(self._promises_card(contact))
        self._content.addWidget(self._follow_ups_card(contact))
        meetings = self._meetings_card(contact)
        if meetings is not None:
            self._content.addWidget(meetings)
        self._content.addWidget(self._interactions_card(contact))
        if contact.get(NOTES.name):
            frame, layout = detail_card(_("Notes"))
            notes = value_label(contact[NOTES.name])
            set_direction(notes, contact[NOTES.name], keep_left=False)
            layout.addWidget(notes)
            self._content.addWidget(frame)
        self._content.addStretch(1)
