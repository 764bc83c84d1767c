"""SyncPage: connect the book to the team's server once, see where sync stands, and settle differences.

Everything here asks the ``SyncController`` (ui/sync_controller.py) and
redraws from its ``status_changed``; conflicts are read from the GUI
connection (a small indexed table) when the page is shown and after each
sync or write that touches contacts.
"""

from __future__ import annotations

import socket

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QFormLayout, QFrame, QGridLayout, QHBoxLayout, QLabel, QLineEdit,
                               QMessageBox, QProgressBar, QPushButton, QScrollArea, QVBoxLayout, QWidget)

from core.i18n import _, ngettext
from ui import sync_controller as sc
from ui.formatting import format_count, format_moment
from ui.widgets.common import PageHeader, card_frame, clear_layout, muted_label


class SyncPage(QWidget):
    """The Sync page: a connect form, or the connection's state, "Sync now", progress and the conflicts."""

    def __init__(self, controller: sc.SyncController, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("page_sync")
        self.controller = controller
        self._db = controller.tasks.db
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.header = PageHeader(_("Sync"), _("Share this book with your team through its sync server"))
        layout.addWidget(self.header)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget()
        self._body = QVBoxLayout(body)
        self._body.setContentsMargins(24, 18, 24, 24)
        self._body.setSpacing(14)
        scroll.setWidget(body)
        layout.addWidget(scroll, 1)

        self.connect_card = self._build_connect_card()
        self.state_card = self._build_state_card()
        self.conflicts_card, self._conflicts_layout = card_frame(_("Differences to settle"))
        self.conflicts_card.setObjectName("conflictsCard")
        self.conflicts_hint = muted_label(_(
            "When someone else changed the same field while you were offline, the newer value is kept "
            "and the other one waits here. Choose which one stays; your choice syncs to the team."), wrap=True)
        self._conflicts_layout.addWidget(self.conflicts_hint)
        self._conflict_rows = QVBoxLayout()
        self._conflicts_layout.addLayout(self._conflict_rows)
        self.conflict_cards: list = []
        for card in (self.connect_card, self.state_card, self.conflicts_card):
            card.setMaximumWidth(860)
            self._body.addWidget(card)
        self._body.addStretch(1)

        controller.status_changed.connect(self.show_status)
        controller.conflicts_changed.connect(self.refresh_conflicts)
        controller.operations.changes_applied.connect(self._on_changes_applied)
        self.show_status(controller.status)
        self.refresh_conflicts()

    # Building ------------------------------------------------------------------------------------

    def _build_connect_card(self) -> QFrame:
        card, layout = card_frame(_("Connect to your team"), _(
            "Ask whoever runs your team's server for its address and a pairing code "
            "(fairmate server invite). You connect once; after that this book syncs by itself "
            "whenever the server answers."))
        card.setObjectName("connectCard")
        form = QFormLayout()
        self.url_edit = QLineEdit()
        self.url_edit.setObjectName("syncUrl")
        self.url_edit.setPlaceholderText("https://sync.example.com")
        self.code_edit = QLineEdit()
        self.code_edit.setObjectName("syncCode")
        self.code_edit.setPlaceholderText("XXXX-XXXX-XXXX-XXXX")
        self.name_edit = QLineEdit(socket.gethostname() or "")
        self.name_edit.setObjectName("syncDeviceName")
        form.addRow(_("Server address"), self.url_edit)
        form.addRow(_("Pairing code"), self.code_edit)
        form.addRow(_("This device's name"), self.name_edit)
        layout.addLayout(form)
        self.plain_http_box = QCheckBox(plain_http_option())
        layout.addWidget(self.plain_http_box)
        self.connect_error = QLabel()
        self.connect_error.setObjectName("connectError")
        self.connect_error.setProperty("role", "error")
        self.connect_error.setWordWrap(True)
        self.connect_error.hide()
        layout.addWidget(self.connect_error)
        row = QHBoxLayout()
        self.qr_button = QPushButton(_("Read invitation QR code…"))
        self.qr_button.setObjectName("readInvitationButton")
        self.qr_button.setToolTip(_("A photo or screenshot of the QR code from fairmate server invite --url … --qr …: "
                                    "fills in the address and the code"))
        self.qr_button.clicked.connect(lambda: self.read_invitation_qr())
        row.addWidget(self.qr_button)
        self.connecting_label = muted_label(_("Connecting…"))
        self.connecting_label.hide()
        row.addWidget(self.connecting_label)
        row.addStretch(1)
        self.connect_button = QPushButton(_("Connect"))
        self.connect_button.setObjectName("connectButton")
        self.connect_button.setProperty("role", "primary")
        self.connect_button.clicked.connect(self.connect_book)
        for edit in (self.url_edit, self.code_edit, self.name_edit):
            edit.returnPressed.connect(self.connect_book)
        row.addWidget(self.connect_button)
        layout.addLayout(row)
        return card

    def _build_state_card(self) -> QFrame:
        card, layout = card_frame(_("Team sync"))
        card.setObjectName("syncStateCard")
        self.status_label = QLabel()
        self.status_label.setObjectName("syncStatusText")
        self.status_label.setProperty("role", "")
        self.status_label.setWordWrap(True)
        layout.addWidget(self.status_label)
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        self._values: dict[str, QLabel] = {}
        rows = (("team", _("Team")), ("server", _("Server")), ("device", _("This device")),
                ("last", _("Last sync")), ("waiting", _("Changes waiting")), ("conflicts", _("Differences")))
        for number, (key, caption) in enumerate(rows):
            grid.addWidget(muted_label(caption), number, 0)
            value = QLabel()
            value.setObjectName(f"syncValue_{key}")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self._values[key] = value
            grid.addWidget(value, number, 1)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        self.message_label = QLabel()
        self.message_label.setObjectName("syncMessage")
        self.message_label.setProperty("role", "error")
        self.message_label.setWordWrap(True)
        self.message_label.hide()
        layout.addWidget(self.message_label)
        self.progress = QProgressBar()
        self.progress.setObjectName("syncProgress")
        self.progress.setRange(0, 100)
        self.progress.hide()
        layout.addWidget(self.progress)
        row = QHBoxLayout()
        self.disconnect_button = QPushButton(_("Disconnect…"))
        self.disconnect_button.setObjectName("disconnectButton")
        self.disconnect_button.setToolTip(_("Forget the server and this device's pairing; every change stays "
                                            "in this book"))
        self.disconnect_button.clicked.connect(self.disconnect_book)
        row.addWidget(self.disconnect_button)
        row.addStretch(1)
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.setObjectName("cancelSyncButton")
        self.cancel_button.clicked.connect(self.controller.cancel)
        self.cancel_button.hide()
        row.addWidget(self.cancel_button)
        self.sync_button = QPushButton(_("Sync now"))
        self.sync_button.setObjectName("syncNowButton")
        self.sync_button.setProperty("role", "primary")
        self.sync_button.clicked.connect(self.controller.sync_now)
        row.addWidget(self.sync_button)
        layout.addLayout(row)
        return card

    # Showing ----------------------------------------------------------------------------------------

    def show_status(self, status: sc.SyncStatus) -> None:
        """Show the connect form or the connection's state, as *status* says."""
        connected = status.connected
        # Revoked: the way back is a new pairing code, entered here (the same book keeps its device).
        revoked = status.state == sc.REVOKED
        self.connect_card.setVisible(not connected or revoked)
        if revoked and not self.code_edit.text():
            from core.sync.state import read_sync_state  # lazy, as the other reads here

            self.url_edit.setText(self.url_edit.text() or (status.url or "").rstrip("/"))
            self.name_edit.setText(status.device_name or self.name_edit.text())
            # The same server as before: plain http was allowed to it then, or it was not.
            self.plain_http_box.setChecked(self._db is not None and read_sync_state(self._db).allow_plain_http)
        self.state_card.setVisible(connected)
        self.conflicts_card.setVisible(connected or bool(self.conflict_cards))
        # Where sync stands is said once, in the card's first line (and the window's status bar):
        # the subtitle and the "Last sync" row do not repeat "Synced just now".
        self.header.set_subtitle(_("Share this book with your team through its sync server"))
        if not connected:
            if status.message:
                # Why it is not connected any more (a copied book must pair again).
                self._show_connect_error(status.message)
            return
        self.status_label.setText(sc.describe_status(status))
        self._values["team"].setText(status.team or "—")
        self._values["server"].setText(status.url or "—")
        self._values["device"].setText(status.device_name or (status.device_id or "—")[:13])
        self._values["last"].setText(format_moment(status.last_sync_at) if status.last_sync_at else _("never"))
        self._values["waiting"].setText(format_count(status.waiting))
        self._values["conflicts"].setText(format_count(status.conflicts))
        syncing = status.state == sc.SYNCING
        self.progress.setVisible(syncing)
        if syncing:
            # Busy (moving) until the first page tells how far it is.
            self.progress.setRange(0, 0 if status.percent is None else 100)
            self.progress.setValue(status.percent or 0)
        self.cancel_button.setVisible(syncing)
        self.sync_button.setEnabled(not syncing)
        # After a sync that went through, a message says what it could not do (changes refused, cancelled).
        shows_message = bool(status.message) and status.state != sc.SYNCING
        self.message_label.setVisible(shows_message)
        self.message_label.setText(status.message if shows_message else "")

    def refresh_conflicts(self) -> None:
        """Read the conflicts again and show one card each (the GUI connection; a small table)."""
        from core.store.receive import list_conflicts

        clear_layout(self._conflict_rows)
        self.conflict_cards = []
        if self._db is None or not list_conflicts(self._db):
            self._conflict_rows.addWidget(muted_label(_("No differences: every device agrees.")))
            self.conflicts_card.setVisible(self.controller.status.connected)
            return
        from core.sync.resolve import list_sync_conflicts
        from ui.widgets.sync_conflicts import ConflictCard

        conflicts = list_sync_conflicts(self._db)
        title = ngettext("{n} difference to settle", "{n} differences to settle", len(conflicts)).format(
            n=format_count(len(conflicts)))
        heading = QLabel(title)
        heading.setObjectName("sectionCount")
        self._conflict_rows.addWidget(heading)
        for conflict in conflicts:
            card = ConflictCard(self._db, conflict, self.controller.resolve, self.controller.restore)
            self.conflict_cards.append(card)
            self._conflict_rows.addWidget(card)
        self.conflicts_card.setVisible(True)

    def _on_changes_applied(self, changes) -> None:
        if changes.touches("contacts", "companies", "events") and self.isVisible():
            self.refresh_conflicts()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.refresh_conflicts()

    # Actions -------------------------------------------------------------------------------------------

    def connect_book(self, share_contacts: bool = False) -> None:
        """Pair with the server in the form (in the background); a failure is shown under the form.

        A book holding another team's contacts asks first (the code was only checked); Yes pairs and shares.
        """
        url, code, name = self.url_edit.text().strip(), self.code_edit.text().strip(), self.name_edit.text().strip()
        missing = [label for label, value in ((_("the server address"), url), (_("the pairing code"), code),
                                              (_("this device's name"), name)) if not value]
        if missing:
            self._show_connect_error(_("Please enter {what}.").format(what=_(", ").join(missing)))
            return
        self._show_connect_error("")
        self.connect_button.setEnabled(False)
        self.connecting_label.show()

        def failed(exc: BaseException) -> None:
            from core.sync.identity import SharingNotConfirmed  # lazy: loads the HTTP client

            self._connect_finished()
            if isinstance(exc, SharingNotConfirmed):
                if self.ask_to_share(exc):
                    self.connect_book(share_contacts=True)
                return
            self._show_connect_error(describe_connect_error(exc, url))

        self.controller.connect_to(url, code, name, allow_plain_http=self.plain_http_box.isChecked(),
                                   share_contacts=share_contacts, on_done=self._connect_finished, on_error=failed)

    def ask_to_share(self, refusal) -> bool:
        """Ask whether the contacts of the book's team may go to the new team; True for Share."""
        text = ngettext(
            "This book holds {count} contact from team {old}. Connecting it to team {new} shares it with "
            "everyone in {new}.",
            "This book holds {count} contacts from team {old}. Connecting it to team {new} shares them with "
            "everyone in {new}.", refusal.count).format(
            count=format_count(refusal.count), old=refusal.old_team, new=refusal.new_team)
        box = QMessageBox(QMessageBox.Icon.Question, _("Share contacts with another team?"), text,
                          QMessageBox.StandardButton.Cancel, self)
        share = box.addButton(_("Connect and share"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return self.confirm(box) is share

    def confirm(self, box: QMessageBox):
        """Show *box* and return the button clicked (tests replace this)."""
        box.exec()
        return box.clickedButton()

    def read_invitation_qr(self, path: str | None = None) -> None:
        """Fill in the address and code from an image of an invitation QR code (read in the background)."""
        from pathlib import Path

        from ui.dialogs.file_dialogs import choose_open_file
        from ui.dialogs.qr_dialogs import IMAGE_FILTER

        if path is None:
            path = choose_open_file(self, _("Read invitation QR code"),
                                    _("Images ({patterns})").format(patterns=IMAGE_FILTER))
            if not path:
                return
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            self._show_connect_error(_("Cannot read {path}: {error}").format(path=path, error=exc.strerror))
            return
        self.controller.tasks.run(read_invitation, data, on_done=self._fill_invitation,
                                  on_error=lambda exc: self._show_connect_error(sc.describe_sync_error(exc)))

    def _fill_invitation(self, found: tuple[str, str] | None) -> None:
        if found is None:
            self._show_connect_error(_("There is no Fairmate invitation in this image. Ask for one made with "
                                       "fairmate server invite TEAM --url … --qr invite.png"))
            return
        url, code = found
        self.url_edit.setText(url)
        self.code_edit.setText(code)
        self._show_connect_error("")
        self.name_edit.setFocus()

    def _connect_finished(self, *_args) -> None:
        self.connect_button.setEnabled(True)
        self.connecting_label.hide()
        if self.controller.status.connected:
            self.code_edit.clear()

    def _show_connect_error(self, text: str) -> None:
        self.connect_error.setText(text)
        self.connect_error.setVisible(bool(text))

    def disconnect_book(self) -> bool:
        """Ask, then forget the server; every local change stays in the book. True when disconnected."""
        status = self.controller.status
        text = _("Disconnect this book from team {team}? Every change stays in this book; {waiting} "
                 "not sent yet. You can connect again with a new pairing code.").format(
            team=status.team or status.url, waiting=format_count(status.waiting))
        answer = QMessageBox.question(self, _("Disconnect"), text,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
                                      QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return False
        self.controller.disconnect_book()
        return True


def plain_http_option() -> str:
    """The text of the checkbox that allows plain http:// (named by the refusal too)."""
    return _("Allow plain http:// to another computer (only on a network you trust)")


def describe_connect_error(exc: BaseException, url: str) -> str:
    """The sentence under the connect form for a failed pairing."""
    from core.sync.transport import PlainHttpRefused, Unreachable

    if isinstance(exc, PlainHttpRefused):
        return _("Refusing to sync over plain http:// with another computer. Use https://, or tick "
                 "“{option}” if you trust this network.").format(option=plain_http_option())
    text = sc.describe_sync_error(exc)
    if isinstance(exc, Unreachable) and "certificate" not in text:
        return _("No Fairmate server answers at {url}. Check the address and this computer's network, "
                 "then try again.").format(url=url)
    return text


def read_invitation(data: bytes) -> tuple[str, str] | None:
    """(server address, pairing code) from the first invitation QR code in an image, or None (a worker)."""
    from core.exchange.qr import read_qr_texts
    from core.sync.pairing_link import read_pairing_link

    for text in read_qr_texts(data):
        found = read_pairing_link(text)
        if found is not None:
            return found
    return None
