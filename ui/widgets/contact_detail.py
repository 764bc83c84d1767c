"""ContactDetailView: everything about one partner on one card, and the actions on them.

Reads go through core (a handful of small indexed queries, so they run on the
GUI thread); every write opens a small dialog or calls one core function,
then the view refreshes and tells the page through a signal.
"""

from __future__ import annotations

import html
import unicodedata
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QFrame, QGridLayout, QHBoxLayout,
                               QLabel, QMessageBox, QProgressBar, QPushButton, QScrollArea,
                               QSizePolicy, QStackedWidget, QVBoxLayout, QWidget)

from core.i18n import _, ngettext
from core.book.romanize import name_romanization
from ui.fonts import font_for_country
from ui.formatting import (country_display_name, format_date, format_moment, format_percent,
                           format_time, is_right_to_left, language_display_name, overdue_text,
                           parse_day, parse_moment, zone_city, zone_offset_text)
from ui.icons import page_pixmap
from ui.widgets.common import (FlowLayout, ScrollSafeComboBox, StagePillLabel, card_frame, chip_label,
                        clear_layout, muted_label)


def confirm_delete(parent: QWidget, name: str) -> bool:
    """Ask before deleting a contact; True when the user confirms."""
    answer = QMessageBox.question(
        parent, _("Delete contact"),
        _("Delete {name}? They leave your contact book; their history stays in the database.")
        .format(name=name),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel)
    return answer == QMessageBox.StandardButton.Yes


def _small_button(text: str, name: str, on_click) -> QPushButton:
    button = QPushButton(text)
    button.setProperty("role", "small")
    button.setObjectName(name)
    button.clicked.connect(on_click)
    return button


def _card(title: str | None = None) -> tuple[QFrame, QVBoxLayout]:
    return card_frame(title)


def _value_label(text: str = "", *, rich: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction if rich
                                  else Qt.TextInteractionFlag.TextSelectableByMouse)
    if rich:
        label.setTextFormat(Qt.TextFormat.RichText)
    label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    return label


def _link_list(entries: list[dict], scheme: str, name: str) -> QLabel:
    """Clickable values one per line (emails as mailto:, websites as they are)."""
    links = "<br>".join(f'<a href="{scheme}{html.escape(e["value"])}">{html.escape(e["value"])}</a>'
                        for e in entries)
    label = _value_label(links, rich=True)
    label.setOpenExternalLinks(True)
    label.setObjectName(name)
    return label


def _set_direction(label: QLabel, text: str | None, *, keep_left: bool) -> None:
    # Arabic or Hebrew text needs an RTL base direction so punctuation lands on
    # the correct side; names stay flush with the card's left edge, paragraphs
    # align right as RTL readers expect.
    if is_right_to_left(text):
        label.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        if keep_left:
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute
                               | Qt.AlignmentFlag.AlignVCenter)


_UNSHOWN_EXTRAS = {"N", "ORG", "UID", "KIND", "LABEL", "X-ABLABEL"}


def _birthday_text(day: str) -> str:
    """A birthday in the display locale; without a year (``--05-23``) as day and month."""
    if not day.startswith("--"):
        return format_date(day)
    from datetime import date

    from babel.dates import format_skeleton

    from ui.formatting import display_locale

    try:
        return format_skeleton("MMMMd", date(2000, int(day[2:4]), int(day[5:7])), locale=display_locale())
    except ValueError:
        return day


def _extra_name(extra: dict) -> str:
    """A readable name for a vCard property kept on the contact."""
    names = {"TEL": _("Phone (unchecked)"), "EMAIL": _("Email (unchecked)"), "NICKNAME": _("Nickname"),
             "ROLE": _("Role"), "BDAY": _("Birthday (unchecked)"), "X-SOCIALPROFILE": _("Social profile"),
             "IMPP": _("Messaging"), "LANG": _("Language (unchecked)"), "TZ": _("Time zone")}
    if extra["name"] == "X-FAIRMATE-CSV":
        return (extra.get("params") or {}).get("X-COLUMN", ["CSV"])[0]
    label = (extra.get("params") or {}).get("TYPE", [])
    name = names.get(extra["name"], extra["name"].removeprefix("X-").replace("-", " ").title())
    return name + (f" ({', '.join(label)})" if label else "")


def _initials(name: str) -> str:
    first = name.strip()[:1]
    if first and not unicodedata.name(first, "").startswith(("LATIN", "CYRILLIC", "GREEK")):
        # One character for CJK (the family name, as on a business card), Arabic, Thai…
        return first
    parts = [p for p in name.replace("-", " ").split() if p[:1].isalpha()]
    if not parts:
        return name[:1].upper()
    if len(parts) == 1:
        return parts[0][:2].upper() if parts[0].isascii() else parts[0][:1]
    return (parts[0][:1] + parts[-1][:1]).upper()


class _CheckLabel(QLabel):
    """Wrapping text for a checkbox; a click on it ticks the box, as the box's own text would."""

    def __init__(self, text: str, check: QCheckBox):
        super().__init__(text)
        self._check = check
        self.setWordWrap(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._check.toggle()
        super().mouseReleaseEvent(event)


class ContactDetailView(QWidget):
    """The detail pane of the contact book: profile, how we met, stage, promises, follow-ups, log."""

    contact_saved = Signal(str)
    stage_changed = Signal(str, str)
    contact_deleted = Signal(str)
    activity_logged = Signal(str)
    contact_requested = Signal(str)
    dossier_requested = Signal(str, str)  # contact id, meeting id ("" for the next one)
    phrases_requested = Signal(str)
    etiquette_requested = Signal(str)  # a country code: open its etiquette card
    contacts_merged = Signal(str, str, str)  # merge id, kept contact, merged-away contact
    merge_undone = Signal(str, str, str)     # merge id, kept contact, restored contact

    def __init__(self, db, parent: QWidget | None = None, *, home_time_zone: str = "UTC",
                 follow_up_hours: int = 48):
        super().__init__(parent)
        self.setObjectName("contactDetail")
        self._db = db
        self._home = home_time_zone
        self._follow_up_hours = follow_up_hours
        self._contact: dict | None = None
        self.vcard_path_chooser = self._choose_vcard_path
        self._local_time_label: QLabel | None = None
        self.stage_combo: QComboBox | None = None
        self._populating = False

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
        content = QWidget()
        self._content = QVBoxLayout(content)
        self._content.setContentsMargins(16, 12, 16, 20)
        self._content.setSpacing(12)
        self._scroll.setWidget(content)
        page_layout.addWidget(self._scroll, 1)
        self._stack.addWidget(page)

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
        """Show *contact_id* (None shows the empty state)."""
        from core.book.contacts import get_contact

        self._contact = get_contact(self._db, contact_id) if contact_id else None
        self._rebuild()

    def refresh(self) -> None:
        """Read the shown contact again (after a write)."""
        self.show_contact(self.contact_id)

    # Actions -------------------------------------------------------------------------

    def _build_action_bar(self) -> QWidget:
        bar = QFrame()
        bar.setObjectName("detailActions")
        outer = QHBoxLayout(bar)
        outer.setContentsMargins(16, 10, 16, 6)
        buttons = QWidget()
        # The pane can be narrow: buttons wrap onto a second line instead of being clipped.
        row = FlowLayout(buttons, spacing=6)
        self.edit_button = self._action(row, _("Edit"), self.edit_contact, primary=True)
        self.log_button = self._action(row, _("Log interaction"), self.log_interaction)
        self.commitment_button = self._action(row, _("Add commitment"), self.add_commitment)
        self.follow_up_button = self._action(row, _("Set follow-up"), self.set_follow_up)
        self.meeting_button = self._action(row, _("Plan meeting"), self.plan_meeting)
        self.dossier_button = self._action(row, _("Dossier"), self.request_dossier)
        self.dossier_button.setToolTip(_("Preview and print this partner's dossier"))
        self.phrases_button = self._action(row, _("Phrases"), self.request_phrases)
        self.phrases_button.setToolTip(_("Phrases in this partner's language"))
        self.before_meeting_button = self._action(row, _("Before you meet…"), self.open_etiquette)
        self.before_meeting_button.setObjectName("beforeYouMeetButton")
        self.export_button = self._action(row, _("Export vCard"), self.export_vcard)
        outer.addWidget(buttons, 1)
        self.delete_button = QPushButton(_("Delete"))
        self.delete_button.setProperty("role", "danger")
        self.delete_button.clicked.connect(self.delete_contact)
        outer.addWidget(self.delete_button, 0, Qt.AlignmentFlag.AlignTop)
        return bar

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

        if self.contact_id and self._run_dialog(ContactDialog(self._db, self, self.contact_id)):
            self.refresh()
            self.contact_saved.emit(self.contact_id)

    def log_interaction(self) -> None:
        """Log a meeting, call or note with the shown contact."""
        from ui.dialogs.contact_dialogs import InteractionDialog

        if self.contact_id and self._run_dialog(InteractionDialog(self._db, self.contact_id, self)):
            self._after_activity()

    def add_commitment(self) -> None:
        """Record a promise, ours or theirs."""
        from ui.dialogs.contact_dialogs import CommitmentDialog

        if self.contact_id and self._run_dialog(CommitmentDialog(self._db, self.contact_id, self)):
            self._after_activity()

    def set_follow_up(self) -> None:
        """Plan when to get back to the shown contact."""
        from ui.dialogs.contact_dialogs import FollowUpDialog

        if self.contact_id and self._run_dialog(
                FollowUpDialog(self._db, self.contact_id, self, self._follow_up_hours)):
            self._after_activity()

    def request_dossier(self) -> None:
        """Ask the window to preview this partner's dossier."""
        if self.contact_id:
            self.dossier_requested.emit(self.contact_id, "")

    def plan_meeting(self) -> None:
        """Plan a meeting with the shown contact."""
        from ui.dialogs.contact_dialogs import MeetingDialog

        if self.contact_id and self._run_dialog(
                MeetingDialog(self._db, self.contact_id, self, self._home)):
            self._after_activity()

    def request_phrases(self) -> None:
        """Ask for the Phrasebook in the shown contact's language (the main window opens it)."""
        if self.contact_id:
            self.phrases_requested.emit(self.contact_id)

    def open_etiquette(self) -> None:
        """Ask for the etiquette card of the shown contact's country ("Before you meet…")."""
        if self._contact and self._contact.get("country"):
            self.etiquette_requested.emit(self._contact["country"])

    def _update_etiquette_button(self, contact: dict) -> None:
        from core.content.etiquette import etiquette_card_for_contact

        country = contact.get("country")
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

        code = phrase_language_for_contact(contact)
        self.phrases_button.setEnabled(code is not None)
        if code is None:
            self.phrases_button.setToolTip(_("There is no phrasebook for the languages or country of this partner"))
        else:
            book = load_phrasebooks().languages.get(code)
            self.phrases_button.setToolTip(_("Phrases in {language}").format(language=book.name if book else code))

    def _choose_vcard_path(self, name: str) -> str:
        from ui.dialogs.file_dialogs import choose_save_file

        return choose_save_file(self, _("Export vCard"), _("vCard (*.vcf)"), f"{name}.vcf")

    def export_vcard(self) -> str | None:
        """Save the shown contact as a vCard 4.0 file; return the path written."""
        from core.book.contacts import get_contact
        from core.exchange.vcard import contact_to_vcard

        if self.contact_id is None:
            return None
        safe = "".join(ch for ch in self._contact["display_name"] if ch not in '\\/:*?"<>|').strip()
        path = self.vcard_path_chooser(safe or "contact")
        if not path:
            return None
        try:
            with open(path, "w", encoding="utf-8", newline="") as handle:
                handle.write(contact_to_vcard(get_contact(self._db, self.contact_id)))
        except OSError as exc:
            QMessageBox.warning(self, _("Export vCard"), _("Cannot write {path}: {error}").format(
                path=path, error=exc.strerror))
            return None
        return path

    def delete_contact(self) -> None:
        """Delete the shown contact after asking."""
        from core.book.contacts import delete_contact

        contact = self._contact
        if contact is None or not confirm_delete(self, contact["display_name"]):
            return
        delete_contact(self._db, contact["id"])
        self.show_contact(None)
        self.contact_deleted.emit(contact["id"])

    def change_stage(self, stage: str) -> None:
        """Move the shown contact to *stage* (kept in the stage history)."""
        from core.book.activity import change_stage

        if self.contact_id is None:
            return
        if change_stage(self._db, self.contact_id, stage):
            contact_id = self.contact_id
            self.refresh()
            self.stage_changed.emit(contact_id, stage)

    def _after_activity(self) -> None:
        self.refresh()
        self.activity_logged.emit(self.contact_id)

    def _on_stage_picked(self, index: int) -> None:
        if self._populating or self.stage_combo is None or index < 0:
            return
        self.change_stage(self.stage_combo.itemData(index))

    def _toggle_commitment(self, commitment_id: str, done: bool) -> None:
        from core.book.activity import complete_commitment

        complete_commitment(self._db, commitment_id, done=done)
        # Let the checkbox's click finish before its card is rebuilt.
        QTimer.singleShot(0, self._after_activity)

    def _complete_follow_up(self, follow_up_id: str) -> None:
        from core.book.activity import complete_follow_up

        complete_follow_up(self._db, follow_up_id)
        QTimer.singleShot(0, self._after_activity)

    def cancel_meeting(self, meeting_id: str) -> bool:
        """Cancel a planned meeting after the user confirms; True when cancelled."""
        from core.book.events import cancel_meeting

        answer = QMessageBox.question(
            self, _("Cancel meeting?"), _("Cancel this meeting? It leaves your Today list."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        cancel_meeting(self._db, meeting_id)
        QTimer.singleShot(0, self._after_activity)
        return True

    def compare_with(self, other_id: str) -> bool:
        """Open the MergeDialog on the shown contact and *other_id*; True when they were merged."""
        from ui.dialogs.merge_dialog import MergeDialog

        if self.contact_id is None:
            return False
        dialog = MergeDialog(self._db, self.contact_id, other_id, self)
        dialog.contacts_merged.connect(self.contacts_merged)
        return self._run_dialog(dialog)

    def undo_merge(self, merge_id: str) -> None:
        """Undo a merge kept with the shown contact: both records and their histories come back."""
        from core.book.duplicates import undo_merge
        from core.book.validation import ValidationError

        try:
            result = undo_merge(self._db, merge_id)
        except ValidationError as exc:
            QMessageBox.warning(self, _("Cannot undo merge"), exc.message[:1].upper() + exc.message[1:])
            return
        self.refresh()
        self.merge_undone.emit(merge_id, result["survivor_id"], result["merged_id"])

    def _add_duplicate_cards(self, contact: dict) -> None:
        from core.book.duplicates import find_duplicates_for_contact, list_merges
        from ui.widgets.duplicate_cards import duplicate_banner, merges_card

        for card in (duplicate_banner(find_duplicates_for_contact(self._db, contact["id"]),
                                      self.compare_with),
                     merges_card(list_merges(self._db, contact["id"]), contact["id"], self._home,
                                 self.undo_merge)):
            if card is not None:
                self._content.addWidget(card)

    def _open_link(self, link: str) -> None:
        if link.startswith("contact:"):
            self.contact_requested.emit(link.split(":", 1)[1])

    # Building the card ------------------------------------------------------------------

    def _rebuild(self) -> None:
        self._populating = True
        clear_layout(self._content)
        self._local_time_label = None
        self.stage_combo = None
        contact = self._contact
        if contact is None:
            self._stack.setCurrentIndex(0)
            self._populating = False
            return
        self._stack.setCurrentIndex(1)
        self._update_etiquette_button(contact)
        self._update_phrases_button(contact)
        self._content.addWidget(self._header_card(contact))
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
        if contact.get("notes"):
            frame, layout = _card(_("Notes"))
            notes = _value_label(contact["notes"])
            _set_direction(notes, contact["notes"], keep_left=False)
            layout.addWidget(notes)
            self._content.addWidget(frame)
        self._content.addStretch(1)
        self._scroll.verticalScrollBar().setValue(0)
        self._populating = False

    def _header_card(self, contact: dict) -> QFrame:
        from core.book.contacts import stage_label

        frame, layout = _card()
        top = QHBoxLayout()
        top.setSpacing(14)
        avatar = QLabel(_initials(contact["display_name"]))
        avatar.setProperty("role", "avatar")
        avatar.setFixedSize(56, 56)
        avatar.setAlignment(Qt.AlignmentFlag.AlignCenter)
        top.addWidget(avatar, 0, Qt.AlignmentFlag.AlignTop)

        names = QVBoxLayout()
        names.setSpacing(2)
        name = _value_label(contact["display_name"])
        name.setObjectName("detailName")
        name.setFont(font_for_country(name.font(), contact.get("country")))
        _set_direction(name, contact["display_name"], keep_left=True)
        names.addWidget(name)
        native = contact.get("native_name")
        if native and native != contact["display_name"]:
            native_label = _value_label(native)
            native_label.setObjectName("detailNative")
            native_label.setFont(font_for_country(native_label.font(), contact.get("country")))
            _set_direction(native_label, native, keep_left=True)
            names.addWidget(native_label)
        romanization = name_romanization(contact)
        if romanization:
            roman = _value_label(romanization)
            roman.setObjectName("detailRomanization")
            names.addWidget(roman)
        if contact.get("form_of_address"):
            names.addWidget(_value_label(_("Address as “{form}”").format(
                form=contact["form_of_address"])))
        work = self._work_line(contact)
        if work:
            work_label = _value_label(work)
            work_label.setObjectName("detailWork")
            names.addWidget(work_label)
        top.addLayout(names, 1)

        pill = StagePillLabel(contact["stage"], stage_label(contact["stage"]))
        pill.setObjectName("detailStagePill")
        top.addWidget(pill, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        return frame

    @staticmethod
    def _work_line(contact: dict) -> str:
        title = contact.get("job_title") or ""
        company = (contact.get("company") or {}).get("name") or ""
        if title and company:
            return _("{title} at {company}").format(title=title, company=company)
        return title or company

    def _fact_grid(self, layout: QVBoxLayout) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(7)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        return grid

    @staticmethod
    def _fact(grid: QGridLayout, label: str, value: QWidget) -> None:
        row = grid.rowCount()
        key = muted_label(label)
        key.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        key.setMinimumWidth(96)
        grid.addWidget(key, row, 0)
        grid.addWidget(value, row, 1)

    def _profile_card(self, contact: dict) -> QFrame:
        frame, layout = _card(_("Profile"))
        grid = self._fact_grid(layout)
        place = ", ".join(p for p in (contact.get("city"), country_display_name(contact.get("country"))) if p)
        if place:
            self._fact(grid, _("Based in"), _value_label(place))
        if contact.get("time_zone"):
            self._local_time_label = _value_label()
            self._fact(grid, _("Local time"), self._local_time_label)
            self._update_local_time()
        if contact["emails"]:
            self._fact(grid, ngettext("Email", "Emails", len(contact["emails"])),
                       _link_list(contact["emails"], "mailto:", "detailEmails"))
        if contact["phones"]:
            links = "<br>".join(
                f'<a href="tel:{html.escape(p["value"])}">{html.escape(p.get("display") or p["value"])}</a>'
                + (f' <span style="color:#667085">{html.escape(p["label"])}</span>' if p.get("label") else "")
                for p in contact["phones"])
            phones = _value_label(links, rich=True)
            phones.setOpenExternalLinks(True)
            phones.setObjectName("detailPhones")
            self._fact(grid, ngettext("Phone", "Phones", len(contact["phones"])), phones)
        if contact["languages"]:
            self._fact(grid, _("Speaks"), _value_label(
                ", ".join(language_display_name(code) for code in contact["languages"])))
        if contact["tags"]:
            chips = QWidget()
            flow = FlowLayout(chips)
            for tag in contact["tags"]:
                flow.addWidget(chip_label(tag))
            self._fact(grid, _("Tags"), chips)
        self._exchange_facts(grid, contact)
        if grid.rowCount() <= 1 and grid.count() == 0:
            layout.addWidget(muted_label(_("No contact details yet: use Edit to add email, phone, "
                                           "country and languages."), wrap=True))
        return frame

    def _exchange_facts(self, grid: QGridLayout, contact: dict) -> None:
        """Addresses, websites, birthday, position and the fields kept from an imported card."""
        for address in contact.get("addresses") or []:
            lines = [address.get("street"), address.get("extended"), address.get("po_box"),
                     " ".join(p for p in (address.get("postal_code"), address.get("city")) if p),
                     address.get("region"), address.get("country")]
            text = "\n".join(line for line in lines if line)
            label = _("Address") + (f" ({address['label']})" if address.get("label") else "")
            value = _value_label(text)
            value.setObjectName("detailAddress")
            _set_direction(value, text, keep_left=False)
            self._fact(grid, label, value)
        if contact.get("urls"):
            self._fact(grid, ngettext("Website", "Websites", len(contact["urls"])),
                       _link_list(contact["urls"], "", "detailUrls"))
        if contact.get("birthday"):
            day = contact["birthday"]
            self._fact(grid, _("Birthday"), _value_label(_birthday_text(day)))
        # Apple's and vCard's bookkeeping stays on the contact (an export writes it back) unseen.
        extras = [e for e in contact.get("extras") or []
                  if e["name"] not in _UNSHOWN_EXTRAS and not e["name"].startswith("X-AB")]
        if extras:
            from core.exchange.text import unescape

            text = "\n".join(f"{_extra_name(e)}: {unescape(e.get('value') or '')[:120]}" for e in extras)
            kept = _value_label(text)
            kept.setObjectName("detailExtras")
            kept.setToolTip(_("Kept from the imported card; written back when you export it"))
            self._fact(grid, _("Other fields"), kept)

    def _update_local_time(self) -> None:
        if self._local_time_label is None or self._contact is None:
            return
        zone = self._contact.get("time_zone")
        try:
            now = datetime.now(timezone.utc)
            text = _("{time} · {zone} · {offset}").format(
                time=format_time(now, zone), zone=zone,
                offset=zone_offset_text(zone, self._home, now))
        except Exception:  # noqa: BLE001 - an odd zone name must not break the card
            text = zone or ""
        self._local_time_label.setText(text)

    def _met_card(self, contact: dict) -> QFrame:
        frame, layout = _card(_("How we met"))
        grid = self._fact_grid(layout)
        event = contact.get("met_event")
        where = []
        if event:
            where.append(event["name"] + (f" ({event['city']})" if event.get("city") else ""))
        if contact.get("met_booth"):
            where.append(_("booth {booth}").format(booth=contact["met_booth"]))
        if contact.get("met_on"):
            where.append(format_date(contact["met_on"]))
        self._fact(grid, _("Met"), _value_label(" · ".join(where) if where else _("Not recorded")))
        introducer = contact.get("introduced_by")
        if introducer:
            link = _value_label(f'<a href="contact:{html.escape(introducer["id"])}">'
                                f'{html.escape(introducer["display_name"])}</a>', rich=True)
            link.setObjectName("introducerLink")
            link.linkActivated.connect(self._open_link)
            if contact.get("introduced_by_org"):
                link.setText(link.text() + " · " + html.escape(contact["introduced_by_org"]))
            self._fact(grid, _("Introduced by"), link)
        elif contact.get("introduced_by_org"):
            self._fact(grid, _("Introduced by"), _value_label(contact["introduced_by_org"]))
        trust = (_("Via an intermediary — trust borrowed from who introduced you")
                 if contact.get("trust_path") == "intermediary"
                 else _("Direct — trust built by you"))
        self._fact(grid, _("Trust path"), _value_label(trust))
        if contact.get("consent_given_at"):
            consent = format_date(contact["consent_given_at"])
            if contact.get("consent_method"):
                consent += " · " + contact["consent_method"]
            self._fact(grid, _("Consent"), _value_label(consent))
        return frame

    def _relationship_card(self, contact: dict) -> QFrame:
        from core.book.activity import list_stage_history, summarize_promises
        from core.book.contacts import STAGES, stage_label

        frame, layout = _card(_("Relationship"))
        stage_row = QHBoxLayout()
        stage_label_text = muted_label(_("Stage"))
        stage_label_text.setMinimumWidth(140)
        stage_row.addWidget(stage_label_text)
        self.stage_combo = ScrollSafeComboBox()
        self.stage_combo.setObjectName("stageCombo")
        self.stage_combo.setToolTip(_("Move this partner to another stage; the change is kept in "
                                      "the history"))
        for stage in STAGES:
            self.stage_combo.addItem(stage_label(stage), stage)
        self.stage_combo.setCurrentIndex(self.stage_combo.findData(contact["stage"]))
        self.stage_combo.currentIndexChanged.connect(self._on_stage_picked)
        stage_row.addWidget(self.stage_combo)
        stage_row.addStretch(1)
        layout.addLayout(stage_row)
        shares = summarize_promises(self._db, contact["id"], time_zone=self._home)
        for side, title in (("us", _("Our promises kept")), ("them", _("Their promises kept"))):
            summary = shares[side]
            row = QHBoxLayout()
            label = muted_label(title)
            label.setMinimumWidth(140)
            row.addWidget(label)
            if summary["share"] is None:
                value = muted_label(_("nothing due yet"))
                value.setObjectName(f"promiseShare_{side}")
                row.addWidget(value, 1)
            else:
                bar = QProgressBar()
                bar.setRange(0, 100)
                bar.setValue(round(summary["share"] * 100))
                bar.setTextVisible(False)
                bar.setFixedHeight(8)
                # Green when promises are kept, amber when some slip, red when most do.
                bar.setProperty("level", "good" if summary["share"] >= 0.8 else (
                    "fair" if summary["share"] >= 0.5 else "poor"))
                row.addWidget(bar, 1)
                value = QLabel(_("{kept} of {due} · {share}").format(
                    kept=summary["kept"], due=summary["due"], share=format_percent(summary["share"])))
                value.setObjectName(f"promiseShare_{side}")
                row.addWidget(value)
            layout.addLayout(row)
        history = list_stage_history(self._db, contact["id"])
        if history:
            layout.addWidget(muted_label(_("Stage history")))
            for entry in reversed(history):
                row = QHBoxLayout()
                row.setSpacing(10)
                row.addWidget(StagePillLabel(entry["stage"], entry["label"]))
                when = muted_label(format_date(entry["changed_at"]))
                row.addWidget(when)
                if entry.get("note"):
                    row.addWidget(_value_label(entry["note"]), 1)
                row.addStretch(1)
                layout.addLayout(row)
        return frame

    def _promises_card(self, contact: dict) -> QFrame:
        from core.book.activity import list_commitments

        frame, layout = _card(_("Open promises"))
        items = list_commitments(self._db, contact["id"])
        open_items = [c for c in items if not c["done_at"]]
        today = datetime.now(ZoneInfo(self._home)).date()
        columns = QHBoxLayout()
        columns.setSpacing(18)
        for side, title in (("us", _("We owe them")), ("them", _("They owe us"))):
            column = QVBoxLayout()
            column.setSpacing(4)
            column.addWidget(muted_label(title))
            mine = [c for c in open_items if c["owed_by"] == side]
            for item in mine:
                column.addWidget(self._commitment_row(item, today))
            if not mine:
                column.addWidget(muted_label(_("Nothing open")))
            column.addStretch(1)
            columns.addLayout(column, 1)
        layout.addLayout(columns)
        kept = len(items) - len(open_items)
        if kept:
            layout.addWidget(muted_label(ngettext("{n} promise done", "{n} promises done", kept)
                                         .format(n=kept)))
        return frame

    def _commitment_row(self, item: dict, today) -> QWidget:
        box = QWidget()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(0)
        check = QCheckBox()
        check.setObjectName(f"commitment_{item['id']}")
        check.setToolTip(_("Tick when the promise is kept"))
        check.toggled.connect(lambda done, cid=item["id"]: self._toggle_commitment(cid, done))
        grid.addWidget(check, 0, 0, Qt.AlignmentFlag.AlignTop)
        # A label beside the box (not the box's own text) so long promises wrap.
        text = _CheckLabel(item["description"], check)
        grid.addWidget(text, 0, 1)
        if item["due_on"]:
            due = parse_day(item["due_on"])
            note = _("due {date}").format(date=format_date(due))
            if due < today:
                note += " · " + overdue_text(due, today)
            label = QLabel(note)
            label.setWordWrap(True)
            label.setProperty("role", "overdue" if due < today else "muted")
            grid.addWidget(label, 1, 1)
        grid.setColumnStretch(1, 1)
        return box

    def _follow_ups_card(self, contact: dict) -> QFrame:
        from core.book.activity import list_follow_ups

        frame, layout = _card(_("Follow-ups"))
        items = list_follow_ups(self._db, contact["id"], open_only=True)
        now = datetime.now(timezone.utc)
        for item in items:
            due = parse_moment(item["due_at"])
            row = QHBoxLayout()
            texts = QVBoxLayout()
            texts.setSpacing(0)
            when = QLabel(format_moment(due, self._home))
            overdue = due < now
            if overdue:
                when.setProperty("role", "overdue")
            texts.addWidget(when)
            detail = item.get("reason") or ""
            if overdue:
                detail = " · ".join(p for p in (overdue_text(due, now), detail) if p)
            if detail:
                sub = muted_label(detail, wrap=True)
                if overdue:
                    sub.setProperty("role", "overdue")
                texts.addWidget(sub)
            row.addLayout(texts, 1)
            row.addWidget(_small_button(_("Done"), f"followUpDone_{item['id']}",
                                        lambda _checked=False, fid=item["id"]: self._complete_follow_up(fid)),
                          0, Qt.AlignmentFlag.AlignTop)
            layout.addLayout(row)
        if not items:
            layout.addWidget(muted_label(_("No follow-up planned. Partners read silence as "
                                           "disinterest: set one with “Set follow-up”."), wrap=True))
        return frame

    def _meetings_card(self, contact: dict) -> QFrame | None:
        from core.book.events import list_meetings

        meetings = list_meetings(self._db, contact_id=contact["id"], start=datetime.now(timezone.utc))
        if not meetings:
            return None
        frame, layout = _card(_("Planned meetings"))
        for meeting in meetings[:5]:
            start = parse_moment(meeting["starts_at"])
            text = _("{fair} {zone} · {home} {home_city}").format(
                fair=format_moment(start, meeting["time_zone"]), zone=meeting["time_zone"],
                home=format_time(start, self._home), home_city=zone_city(self._home))
            row = QHBoxLayout()
            texts = QVBoxLayout()
            texts.setSpacing(0)
            texts.addWidget(_value_label(text))
            details = " · ".join(p for p in (meeting.get("event"), meeting.get("place")) if p)
            if details:
                texts.addWidget(muted_label(details, wrap=True))
            row.addLayout(texts, 1)
            row.addWidget(_small_button(_("Cancel meeting"), f"meetingCancel_{meeting['id']}",
                                        lambda _checked=False, mid=meeting["id"]: self.cancel_meeting(mid)),
                          0, Qt.AlignmentFlag.AlignTop)
            layout.addLayout(row)
        return frame

    def _interactions_card(self, contact: dict) -> QFrame:
        from core.book.activity import interaction_kind_label, list_interactions

        frame, layout = _card(_("Recent interactions"))
        items = list_interactions(self._db, contact["id"], limit=8)
        for item in items:
            entry = QFrame()
            entry.setObjectName("timelineEntry")
            row = QVBoxLayout(entry)
            row.setContentsMargins(10, 2, 0, 6)
            row.setSpacing(1)
            head = " · ".join(p for p in (interaction_kind_label(item["kind"]),
                                         format_moment(item["occurred_at"], self._home), item.get("place")) if p)
            head_label = QLabel(head)
            head_label.setWordWrap(True)
            font = QFont(head_label.font())
            font.setWeight(QFont.Weight.DemiBold)
            head_label.setFont(font)
            row.addWidget(head_label)
            summary = _value_label(item["summary"])
            _set_direction(summary, item["summary"], keep_left=False)
            row.addWidget(summary)
            layout.addWidget(entry)
        if not items:
            layout.addWidget(muted_label(_("Nothing logged yet.")))
        return frame

