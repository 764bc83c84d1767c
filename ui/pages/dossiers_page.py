"""DossiersPage: a day's meetings, each partner's dossier one click away, and the day as one PDF."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QDateEdit, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from core.book.fields import DISPLAY_NAME, NATIVE_NAME
from core.i18n import _, ngettext
from ui.formatting import apply_date_format, format_zoned
from ui.widgets.common import PageHeader, muted_label


class DossiersPage(QWidget):
    """Pick a day; its meetings are listed; open one partner's dossier or the whole day's batch."""

    dossier_requested = Signal(str, str)  # contact id, meeting id ("" for the next meeting)
    batch_requested = Signal(object)  # the date
    meetings_loaded = Signal()

    def __init__(self, db, runner, parent: QWidget | None = None, *, home_time_zone: str = "UTC"):
        super().__init__(parent)
        self.setObjectName("page_dossiers")
        self._db, self._runner, self._home = db, runner, home_time_zone
        self._meetings: list[dict] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.header = PageHeader(_("Dossiers"), _("A briefing to read or print before each meeting"))
        layout.addWidget(self.header)

        body = QVBoxLayout()
        body.setContentsMargins(24, 16, 24, 24)
        body.setSpacing(12)
        layout.addLayout(body, 1)

        controls = QHBoxLayout()
        controls.addWidget(QLabel(_("Meetings on")))
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        apply_date_format(self.date_edit)
        self.date_edit.setDate(self._today())
        self.date_edit.dateChanged.connect(lambda _d: self.refresh())
        controls.addWidget(self.date_edit)
        today = QPushButton(_("Today"))
        today.clicked.connect(lambda: self.date_edit.setDate(self._today()))
        controls.addWidget(today)
        controls.addStretch(1)
        self.open_button = QPushButton(_("Open dossier"))
        self.open_button.clicked.connect(self.open_selected)
        self.batch_button = QPushButton(_("All of the day as one PDF…"))
        self.batch_button.setProperty("role", "primary")
        self.batch_button.setToolTip(_("A cover agenda and every partner's dossier, to print in one go"))
        self.batch_button.clicked.connect(lambda: self.batch_requested.emit(self.selected_day()))
        controls.addWidget(self.open_button)
        controls.addWidget(self.batch_button)
        body.addLayout(controls)

        self.table = QTableWidget(0, 4)
        self.table.setObjectName("dossierMeetings")
        self.table.setHorizontalHeaderLabels([_("Time at the fair"), _("Partner"), _("Company"), _("Where")])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        for column in (0, 1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        body.addWidget(self.table, 1)
        self.empty_label = muted_label(_("No meetings on this day. Every contact also has a Dossier "
                                         "button, for a partner you meet without an appointment."), wrap=True)
        body.addWidget(self.empty_label)
        self._update_buttons()

    def _today(self) -> QDate:
        now = datetime.now(ZoneInfo(self._home))
        return QDate(now.year, now.month, now.day)

    def set_home_time_zone(self, zone: str) -> None:
        """Use *zone* as home (for the default day)."""
        self._home = zone

    def selected_day(self) -> date:
        """The day whose meetings are listed."""
        value = self.date_edit.date()
        return date(value.year(), value.month(), value.day())

    def refresh(self) -> None:
        """Load the meetings of the chosen day in the background."""
        from core.dossier.data import list_dossier_meetings

        self._runner.run_db(list_dossier_meetings, self.selected_day(), on_done=self._show)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.refresh()

    def _show(self, meetings: list[dict]) -> None:
        self._meetings = meetings
        self.table.setRowCount(len(meetings))
        for row, meeting in enumerate(meetings):
            start = datetime.fromisoformat(meeting["starts_at"])
            # As Today says it: "10:00 Las Vegas" (the fair's city, else the zone's).
            when = format_zoned(start, meeting["time_zone"], None, city=meeting.get("fair_city"))
            partner = meeting[DISPLAY_NAME.name]
            if meeting.get(NATIVE_NAME.name) and meeting[NATIVE_NAME.name] != partner:
                partner += "  " + meeting[NATIVE_NAME.name]
            where = " · ".join(p for p in (meeting.get("place"), meeting.get("event")) if p)
            for column, text in enumerate((when, partner, meeting.get("company") or "", where)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, meeting["id"])
                self.table.setItem(row, column, item)
        self.header.set_subtitle(ngettext("{n} meeting on this day", "{n} meetings on this day",
                                          len(meetings)).format(n=len(meetings)))
        self.empty_label.setVisible(not meetings)
        if meetings and not self.table.selectedItems():
            self.table.selectRow(0)
        self._update_buttons()
        self.meetings_loaded.emit()

    def _update_buttons(self) -> None:
        self.open_button.setEnabled(bool(self.table.selectedItems()))
        self.batch_button.setEnabled(bool(self._meetings))

    def open_selected(self) -> None:
        """Ask for the dossier of the selected meeting's partner."""
        rows = self.table.selectionModel().selectedRows()
        if rows:
            meeting = self._meetings[rows[0].row()]
            self.dossier_requested.emit(meeting["contact_id"], meeting["id"])
