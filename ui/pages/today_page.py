"""TodayPage: the day at the fair — meetings, follow-ups due, promises due — one click from each partner."""

from __future__ import annotations

import html
from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (QApplication, QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea,
                               QVBoxLayout, QWidget)

from core.book.fields import DISPLAY_NAME, NATIVE_NAME
from core.i18n import N_, _, ngettext
from core.book.today import count_overdue
from ui import operations as op
from ui.formatting import (format_count, format_date, format_time, format_time_on, home_label, overdue_text,
                           parse_day, parse_moment, zone_city)
from ui.widgets.common import EmptyStateFrame, PageHeader, muted_label, section_title, settle_scroll_area
from ui.widgets.empty_book import EmptyBookPanel


# One width for the time column of every section, so names line up down the page.
BADGE_WIDTH = 210


def load_today(db, home_time_zone: str, now: datetime | None = None) -> dict:
    """Everything due today (core's ``list_today``), for the task runner."""
    from core.book.contacts import has_contacts
    from core.book.today import list_today

    return {**list_today(db, now=now, home_time_zone=home_time_zone), "book_empty": not has_contacts(db)}


class TodayItemFrame(QFrame):
    """One line of the Today page; a click (or its Open button) asks for the contact."""

    clicked = Signal(str)

    def __init__(self, contact_id: str, *, overdue: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.contact_id = contact_id
        self.setProperty("role", "item")
        self.setProperty("overdue", "true" if overdue else "false")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(_("Open this contact"))
        self.row = QHBoxLayout(self)
        # The red bar of an overdue item is 3 px wider than the border: keep the text aligned.
        self.row.setContentsMargins(11 if overdue else 14, 10, 12, 10)
        self.row.setSpacing(14)
        self.open_button = QPushButton(_("Open"))
        self.open_button.setProperty("role", "link")
        self.open_button.clicked.connect(lambda: self.clicked.emit(self.contact_id))

    def finish(self) -> None:
        """Put the Open button at the end, after the subclass's content."""
        self.row.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignVCenter)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.clicked.emit(self.contact_id)
        super().mouseReleaseEvent(event)


def _name_block(item: dict, detail: str, *, overdue_note: str = "") -> QVBoxLayout:
    block = QVBoxLayout()
    block.setSpacing(1)
    text = html.escape(item[DISPLAY_NAME.name])
    native = item.get(NATIVE_NAME.name)
    if native and native != item[DISPLAY_NAME.name]:
        text += f"  <span style='color:#667085'>{html.escape(native)}</span>"
    name = QLabel(text)
    name.setTextFormat(Qt.TextFormat.RichText)
    font = name.font()
    font.setWeight(font.Weight.DemiBold)
    name.setFont(font)
    block.addWidget(name)
    if detail:
        block.addWidget(muted_label(detail, wrap=True))
    if overdue_note:
        note = QLabel(overdue_note)
        note.setProperty("role", "overdue")
        block.addWidget(note)
    return block


class TodayPage(QWidget):
    """Meetings today (fair time and home time), follow-ups due and promises due, overdue in red."""

    SECTION_LIMIT = 12

    contact_requested = Signal(str)
    dossier_requested = Signal(str, str)  # contact id, meeting id
    today_loaded = Signal()

    def __init__(self, db, runner, parent: QWidget | None = None, *,
                 home_time_zone: str = "UTC"):
        super().__init__(parent)
        self.setObjectName("page_today")
        self._db = db
        self._runner = runner
        self._ops = op.operations_for(runner)
        self._ops.changes_applied.connect(self._on_changes_applied)
        self._home = home_time_zone
        self._now: datetime | None = None
        self._handle = None
        self._generation = 0
        self.data: dict | None = None
        self._sources: dict = {}
        self._expanded: set[str] = set()
        self.tiles: dict[str, QFrame] = {}  # the summary tiles by what they count

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        # The date line has its room before the date is known: the header keeps its height.
        self.header = PageHeader(_("Today"), "\u00a0")
        layout.addWidget(self.header)

        scroll = self._scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        self._restore_position: int | None = None
        scroll.verticalScrollBar().rangeChanged.connect(self._restore_scroll)
        layout.addWidget(scroll, 1)

        # An empty book offers a start above the (empty) day; the window connects its buttons.
        self.empty_book = EmptyBookPanel()
        self.empty_book.hide()
        # A damaged book or one on read-only media: nothing here may change it (as on Contacts).
        self._read_only = bool(getattr(db, "read_only", None))
        self.empty_book.set_read_only(self._read_only)
        self._sections: dict[str, QVBoxLayout] = {}
        self._counts: dict[str, QLabel] = {}
        # Until the items arrive the body is empty, not three headings waiting to be filled.
        scroll.setWidget(self._new_body(with_sections=False))

        self._timer = QTimer(self)
        self._timer.setInterval(60_000)
        self._timer.timeout.connect(self.refresh)

    def _new_body(self, with_sections: bool = True) -> QWidget:
        """A fresh, not yet shown body: the empty-book panel, the tiles' row and the three sections."""
        body = QWidget()
        self._content = QVBoxLayout(body)
        self._content.setContentsMargins(24, 18, 24, 24)
        self._content.setSpacing(10)
        self._content.addWidget(self.empty_book)
        self.summary_row = QHBoxLayout()
        self.summary_row.setSpacing(12)
        self._content.addLayout(self.summary_row)
        self._sections, self._counts = {}, {}
        for key, title in (("meetings", _("Meetings today")), ("follow_ups", _("Follow-ups due")),
                           ("commitments", _("Promises due"))) if with_sections else ():
            head = QHBoxLayout()
            head.addWidget(section_title(title))
            count = QLabel()
            count.setObjectName("sectionCount")
            head.addWidget(count)
            head.addStretch(1)
            self._counts[key] = count
            self._content.addSpacing(8)
            self._content.addLayout(head)
            section = QVBoxLayout()
            section.setSpacing(8)
            self._sections[key] = section
            self._content.addLayout(section)
        self._content.addStretch(1)
        return body

    def _swap_body(self, body: QWidget) -> None:
        # Built off screen, shown at once: items added to a body on screen would each be shown a turn
        # of the event loop later, after paints of headings without items (seen for ~1 s in Japanese).
        old = self._scroll.takeWidget()
        self._scroll.setWidget(body)
        if old is not None:
            old.hide()
            old.deleteLater()  # the button that made a write survives its click
        settle_scroll_area(self._scroll)  # heights and the scroll bar settled before the paint
        if self._restore_position is not None:
            bar = self._scroll.verticalScrollBar()
            bar.setValue(min(self._restore_position, bar.maximum()))

    # Loading -------------------------------------------------------------------------------

    def set_home_time_zone(self, zone: str) -> None:
        """Show home times in *zone* from now on."""
        self._home = zone
        self.refresh()

    def refresh(self, now: datetime | None = None) -> None:
        """Load today's items (through the runner); *now* pins the clock (tests)."""
        if now is not None:
            self._now = now
        self._runner.cancel(self._handle)
        self._generation += 1
        generation = self._generation
        self._handle = self._runner.run_db(load_today, self._home, self._now,
                                           on_done=lambda data: self._show(generation, data))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._timer.start()

    def hideEvent(self, event) -> None:
        super().hideEvent(event)
        self._timer.stop()

    # Showing ---------------------------------------------------------------------------------

    def _show(self, generation: int, data: dict) -> None:
        if generation != self._generation:
            return
        self._handle = None
        self.data = data
        day = date.fromisoformat(data["date"])
        self.header.title_label.setText(_("Today"))
        self.header.set_subtitle(_("{date} · home time {city}").format(
            date=format_date(day, "full"), city=zone_city(self._home)))

        # Rebuilding deletes the button that had focus; Qt would then scroll to
        # whatever takes focus next. Keep the reader where they were instead.
        self._restore_position = self._scroll.verticalScrollBar().value()
        focused = QApplication.focusWidget()
        if focused is not None and self.isAncestorOf(focused):
            self._scroll.setFocus()
        self._render()
        # The range grows as the rebuilt sections are laid out; stop following it soon after.
        QTimer.singleShot(500, self._stop_restoring_scroll)
        self.today_loaded.emit()

    def _render(self) -> None:
        """Build the body from ``self.data`` off screen, then show it in place of the old one."""
        data = self.data
        now = self._now or datetime.now(timezone.utc)
        body = self._new_body()
        self.empty_book.setVisible(bool(data.get("book_empty")))
        meetings, follow_ups, promises = data["meetings"], data["follow_ups"], data["commitments"]
        # The tiles say what they count: overdue items are part of the two "due" tiles, not extra.
        late_follow_ups = sum(1 for item in follow_ups if item["overdue"])
        late_promises = sum(1 for item in promises if item["overdue"])
        overdue = count_overdue(data)
        self.tiles = {
            "meetings": self._tile(len(meetings), ngettext("meeting today", "meetings today", len(meetings)),
                                   tip=_("Meetings planned for today, in the fair's time")),
            "follow_ups": self._tile(len(follow_ups), ngettext("follow-up due", "follow-ups due", len(follow_ups)),
                                     _("{n} overdue").format(n=format_count(late_follow_ups)),
                                     tip=_("Follow-ups due today or earlier and not done yet, the overdue "
                                           "ones included")),
            "commitments": self._tile(len(promises), ngettext("promise due", "promises due", len(promises)),
                                      _("{n} overdue").format(n=format_count(late_promises)),
                                      tip=_("Promises, yours and theirs, due today or earlier and not kept "
                                            "yet, the overdue ones included")),
            "overdue": self._tile(overdue, _("overdue"),
                                  _("{follow_ups} + {promises}").format(
                                      follow_ups=ngettext("{n} follow-up", "{n} follow-ups", late_follow_ups)
                                      .format(n=format_count(late_follow_ups)),
                                      promises=ngettext("{n} promise", "{n} promises", late_promises)
                                      .format(n=format_count(late_promises))),
                                  alert=overdue > 0,
                                  tip=_("Follow-ups and promises past their date: already counted in the "
                                        "two tiles before")),
        }
        for tile in self.tiles.values():
            self.summary_row.addWidget(tile)

        today = parse_day(data["date"])
        self._sources = {
            "meetings": (meetings, self._meeting_item,
                         _("No meetings planned for today. A good day to walk the halls and meet "
                           "someone new.")),
            "follow_ups": (follow_ups, lambda item: self._follow_up_item(item, now),
                           _("No follow-ups due. Nothing overdue — good work.")),
            "commitments": (promises, lambda item: self._promise_item(item, today),
                            _("No promises due today, by you or by them.")),
        }
        for key in self._sources:
            self._fill(key)
        self._swap_body(body)

    def _restore_scroll(self, _minimum: int, maximum: int) -> None:
        if self._restore_position is not None:
            self._scroll.verticalScrollBar().setValue(min(self._restore_position, maximum))
            if maximum >= self._restore_position:
                self._restore_position = None

    def _stop_restoring_scroll(self) -> None:
        self._restore_position = None

    def _tile(self, number: int, text: str, detail: str = "", *, alert: bool = False, tip: str = "") -> QFrame:
        tile = QFrame()
        tile.setProperty("role", "card")
        tile.setToolTip(tip)
        if alert:
            tile.setProperty("overdue", "true")
        layout = QVBoxLayout(tile)
        layout.setContentsMargins(16, 10, 16, 10)
        layout.setSpacing(0)
        value = QLabel(format_count(number))
        value.setObjectName("tileValue")
        value.setProperty("alert", "true" if alert else "false")
        layout.addWidget(value)
        layout.addWidget(muted_label(text))
        if detail:
            line = muted_label(detail)
            line.setObjectName("tileDetail")
            layout.addWidget(line)
        tile.texts = [value.text(), text, detail]  # what the tile says (tests, accessibility)
        tile.setAccessibleName(" ".join(t for t in tile.texts if t))
        return tile

    def _fill(self, key: str) -> None:
        entries, build, empty_text = self._sources[key]
        section = self._sections[key]
        self._counts[key].setText(f"({format_count(len(entries))})" if entries else "")
        # A long backlog shows its first items; the rest one click away, not thousands of widgets.
        shown = entries if key in self._expanded else entries[:self.SECTION_LIMIT]
        for entry in shown:
            section.addWidget(build(entry))
        if len(shown) < len(entries):
            more = QPushButton(_("Show all {n}").format(n=format_count(len(entries))))
            more.setProperty("role", "link")
            more.setObjectName(f"showAll_{key}")
            more.clicked.connect(lambda _checked=False, k=key: self._expand(k))
            section.addWidget(more, 0, Qt.AlignmentFlag.AlignLeft)
        if not entries:
            section.addWidget(EmptyStateFrame(empty_text))

    def _expand(self, key: str) -> None:
        self._expanded.add(key)
        self._restore_position = self._scroll.verticalScrollBar().value()
        self._render()
        self._restore_position = None

    def items(self, key: str) -> list[TodayItemFrame]:
        """The item frames of a section (``meetings``, ``follow_ups``, ``commitments``)."""
        section = self._sections[key]
        found = []
        for index in range(section.count()):
            widget = section.itemAt(index).widget()
            if isinstance(widget, TodayItemFrame):
                found.append(widget)
        return found

    def _item(self, contact_id: str, overdue: bool = False) -> TodayItemFrame:
        frame = TodayItemFrame(contact_id, overdue=overdue)
        frame.clicked.connect(self.contact_requested)
        return frame

    @staticmethod
    def _badge(text: str, sub: str = "", *, alert: bool = False) -> QWidget:
        box = QWidget()
        box.setFixedWidth(BADGE_WIDTH)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        main = QLabel(text)
        main.setObjectName("badgeMain")
        main.setWordWrap(True)  # a long city wraps, never cut off
        main.setProperty("alert", "true" if alert else "false")
        column.addWidget(main)
        if sub:
            column.addWidget(muted_label(sub, wrap=True))
        return box

    def _meeting_item(self, meeting: dict) -> TodayItemFrame:
        frame = self._item(meeting["contact_id"])
        start = parse_moment(meeting["starts_at"])
        # Hours apart, the fair's day and home's differ: then each time says its weekday.
        home_day = date.fromisoformat(self.data["date"])
        zone = meeting["time_zone"]
        city = meeting.get("fair_city") or zone_city(zone)
        if zone == self._home:
            fair, home_line = _("{time} {city}").format(time=format_time_on(start, zone, home_day),
                                                        city=home_label(city)), ""
            frame.time_text = fair
        else:
            fair = _("{time} {city}").format(time=format_time_on(start, zone, home_day), city=city)
            home_line = _("{time} {city}").format(time=format_time_on(start, self._home, home_day),
                                                  city=home_label(zone_city(self._home)))
            frame.time_text = f"{fair} · {home_line}"
        if meeting.get("past"):
            home_line = " · ".join(p for p in (home_line, _("over")) if p)
        frame.row.addWidget(self._badge(fair, home_line))
        details = " · ".join(p for p in (meeting.get("place"), meeting.get("event"),
                                         _("{n} min").format(n=meeting["duration_minutes"])) if p)
        frame.row.addLayout(_name_block(meeting, details), 1)
        frame.setProperty("past", "true" if meeting.get("past") else "false")
        button = QPushButton(_("Dossier"))
        button.setProperty("role", "small")
        button.setToolTip(_("Preview and print the partner's dossier for this meeting"))
        button.clicked.connect(lambda _c=False: self.dossier_requested.emit(meeting["contact_id"], meeting["id"]))
        frame.dossier_button = button
        frame.row.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
        frame.finish()
        return frame

    def _follow_up_item(self, item: dict, now: datetime) -> TodayItemFrame:
        frame = self._item(item["contact_id"], overdue=item["overdue"])
        due = parse_moment(item["due_at"])
        zone = item.get("time_zone") or self._home
        # Due where it was planned (the partner's zone), named by its city; home time under it.
        day = format_date(due.astimezone(ZoneInfo(self._home))) if item["overdue"] else _("today")
        if zone == self._home:
            main, sub = format_time(due, zone), day
        else:
            # Its weekday when the day there is not the day at home (01:17 Tuesday in Kolkata is Monday evening here).
            home_day = due.astimezone(ZoneInfo(self._home)).date()
            main = _("{time} {city}").format(time=format_time_on(due, zone, home_day),
                                             city=item.get("fair_city") or zone_city(zone))
            sub = " · ".join((_("{time} {city}").format(time=format_time(due, self._home),
                                                        city=home_label(zone_city(self._home))), day))
        frame.row.addWidget(self._badge(main, sub, alert=item["overdue"]))
        note = overdue_text(due, now) if item["overdue"] else ""
        frame.row.addLayout(_name_block(item, item.get("reason") or _("Follow up"), overdue_note=note), 1)
        return self._finish_with_done_button(frame, item, _("Done"), _("Mark this follow-up done"),
                                             op.complete_follow_up, N_("Mark follow-up done"))

    def _promise_item(self, item: dict, today: date) -> TodayItemFrame:
        frame = self._item(item["contact_id"], overdue=item["overdue"])
        side = _("We owe") if item["owed_by"] == "us" else _("They owe")
        due = parse_day(item["due_on"])
        frame.row.addWidget(self._badge(side, format_date(due), alert=item["overdue"]))
        note = overdue_text(due, today) if item["overdue"] else ""
        frame.row.addLayout(_name_block(item, item["description"], overdue_note=note), 1)
        return self._finish_with_done_button(frame, item, _("Kept"), _("Mark this promise kept"),
                                             op.complete_commitment, N_("Mark promise kept"))

    # Writes ---------------------------------------------------------------------------------------

    def _finish_with_done_button(self, frame: TodayItemFrame, item: dict, text: str, tip: str,
                                 complete, label: str) -> TodayItemFrame:
        button = QPushButton(text)
        button.setProperty("role", "small")
        button.setToolTip(tip)
        button.clicked.connect(lambda _c=False: self._mark_done(complete, item["id"], label))
        button.setEnabled(not self._read_only)
        frame.done_button = button
        frame.row.addWidget(button, 0, Qt.AlignmentFlag.AlignVCenter)
        frame.finish()
        return frame

    def _mark_done(self, complete, item_id: str, label: str) -> None:
        """Mark a follow-up done or a promise kept with core's *complete*; the page reloads from the changes."""
        self._ops.run(complete, item_id, label=label, toast=True)

    def _on_changes_applied(self, changes) -> None:
        if changes.touches("contacts", "meetings", "follow_ups", "commitments"):
            # Let the click that caused the write finish before its button is rebuilt.
            QTimer.singleShot(0, self.refresh)
