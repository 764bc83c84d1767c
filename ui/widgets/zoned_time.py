"""A date and time typed in a named zone: ``[7 Dec 2026, 09:00] [Las Vegas (CES) ▾]``, home time under it.

The picker always says which zone it is in (a city, never a zone id) and lets
the user switch; core reads the wall time in that zone (docs/time.md).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from PySide6.QtCore import QDateTime, QSignalBlocker, Signal
from PySide6.QtWidgets import QDateTimeEdit, QHBoxLayout, QVBoxLayout, QWidget

from core.book import times
from core.i18n import _
from ui.formatting import apply_date_format, format_zoned, home_label, zone_city
from ui.widgets.common import muted_label
from ui.widgets.form_fields import TimeZoneComboBox


class ZonedTimeField(QWidget):
    """A date-and-time editor beside the zone it is in; ``wall()`` and ``zone()`` are what was typed.

    Switching zone keeps the moment while the time is still the one pre-filled
    ("now" is now anywhere), and keeps the typed clock time once the user typed one.
    """

    changed = Signal()

    def __init__(self, home_zone: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._home = home_zone
        self._typed = False
        self.editor = QDateTimeEdit()
        self.editor.setObjectName("zonedTimeEditor")
        self.editor.setCalendarPopup(True)
        apply_date_format(self.editor, with_time=True)
        self.zone_box = TimeZoneComboBox()
        self.zone_box.setObjectName("zonePicker")
        self.zone_box.setToolTip(_("The time is in this zone; choose another to type it in that zone"))
        self.zone_box.add_suggestion(home_zone, home_label(zone_city(home_zone)))
        self.zone_box.set_zone(home_zone)
        self._zone = home_zone
        self.hint = muted_label(wrap=True)
        self.hint.setObjectName("zonedTimeHint")
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.editor, 3)
        row.addWidget(self.zone_box, 2)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(row)
        column.addWidget(self.hint)
        self.setFocusProxy(self.editor)
        self.editor.dateTimeChanged.connect(self._edited)
        self.zone_box.currentIndexChanged.connect(self._zone_switched)
        self.zone_box.editTextChanged.connect(lambda _text: self._update_hint())

    # What the user chose -----------------------------------------------------------------

    def zone(self) -> str:
        """The zone the time is typed in (IANA id; what was typed when it names none)."""
        return self.zone_box.zone()

    def wall(self) -> datetime:
        """The clock time as typed (naive, to the minute)."""
        return self.editor.dateTime().toPython().replace(second=0, microsecond=0)

    def moment(self) -> datetime | None:
        """The moment typed, aware in UTC; None while the zone is not a known one."""
        if times.zone_info(self.zone()) is None:
            return None
        return times.wall_to_utc(self.wall(), self.zone())

    # Setting it ----------------------------------------------------------------------------

    def suggest(self, zone: str, label: str) -> None:
        """Offer *zone* near the top of the list as *label* (``Las Vegas (CES)``)."""
        self.zone_box.add_suggestion(zone, label)

    def set_zone(self, zone: str) -> None:
        """Type in *zone* from now on (the moment shown stays while it is the pre-filled one)."""
        with QSignalBlocker(self.zone_box):
            self.zone_box.set_zone(zone)
        self._zone_switched()

    def set_moment(self, moment: datetime) -> None:
        """Show the aware *moment* in the current zone, as a pre-filled value (not typed)."""
        zone = self.zone() if times.zone_info(self.zone()) else self._home
        with QSignalBlocker(self.editor):
            self.editor.setDateTime(QDateTime(times.utc_to_wall(moment, zone)))
        self._typed = False
        self._update_hint()

    def set_hours_from_now(self, hours: int) -> None:
        """Pre-fill *hours* from now (on the minute)."""
        self.set_moment((datetime.now(timezone.utc) + timedelta(hours=hours)).replace(second=0, microsecond=0))

    # Reacting -----------------------------------------------------------------------------------

    def _edited(self, *_args) -> None:
        self._typed = True
        self._update_hint()
        self.changed.emit()

    def _zone_switched(self, *_args) -> None:
        new = self.zone()
        if times.zone_info(new) is None:
            self._update_hint()
            return
        old, self._zone = self._zone, new
        if not self._typed and times.zone_info(old) is not None and old != new:
            moment = times.wall_to_utc(self.wall(), old)
            with QSignalBlocker(self.editor):
                self.editor.setDateTime(QDateTime(times.utc_to_wall(moment, new)))
        self._update_hint()
        self.changed.emit()

    def _update_hint(self) -> None:
        """Under the picker: the same moment at home, when the picker is not at home."""
        moment = self.moment()
        if moment is None or times.same_clock(moment, self.zone(), self._home) and \
                zone_city(self.zone()) == zone_city(self._home):
            self.hint.setText("")
            self.hint.setVisible(False)
            return
        home = format_zoned(moment, self._home, self._home, with_date=True)
        self.hint.setText(_("That is {moment}").format(moment=home))
        self.hint.setVisible(True)
