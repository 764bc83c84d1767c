"""One time model (docs/time.md): a time is typed in a named zone and shown as typed, with its city.

The laptop runs on UTC, the fair is CES in Las Vegas, home is Berlin: the
traveller's usual case, where the laptop's clock is the wrong answer.
"""

import re
import time
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import QLabel

from core.book.activity import list_follow_ups, list_interactions
from core.book.events import add_event, list_meetings
from core.book.settings import DISPLAY_LOCALE, HOME_TIME_ZONE, set_setting
from ui.dialogs.activity_dialogs import FollowUpDialog, InteractionDialog, MeetingDialog
from ui_helpers import add_person, operations_on

LAS_VEGAS = ZoneInfo("America/Los_Angeles")


@pytest.fixture
def laptop_in_utc(monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def at_ces(gui_db, laptop_in_utc):
    """CES running now in Las Vegas, a Korean partner met there, home in Berlin."""
    set_setting(gui_db, HOME_TIME_ZONE.key, "Europe/Berlin")
    set_setting(gui_db, DISPLAY_LOCALE.key, "en_GB")
    today = datetime.now(LAS_VEGAS).date()
    ces = add_event(gui_db, name="CES", city="Las Vegas", country="US", time_zone="America/Los_Angeles",
                    starts_on=str(today - timedelta(days=1)), ends_on=str(today + timedelta(days=1)))
    contact = add_person(gui_db, "Kim Min-jun", native_name="김민준", country="KR", met_event_id=ces)
    return contact


def type_time(editor, wall: datetime) -> None:
    editor.setDateTime(QDateTime(wall))


def shown_texts(widget) -> str:
    return " | ".join(label.text() for label in widget.findChildren(QLabel) if label.text())


def pane_for(qtbot, gui_db, runner, contact):
    from ui.pages.contacts_page import ContactsPage

    page = ContactsPage(gui_db, runner, home_time_zone="Europe/Berlin")
    qtbot.addWidget(page)
    page.resize(1280, 720)
    page.show()
    page.show_contact(contact)
    return page.detail


def test_log_interaction_at_the_fair_shows_the_time_typed_in_las_vegas(qtbot, gui_db, runner, at_ces):
    dialog = InteractionDialog(operations_on(gui_db), at_ces)
    qtbot.addWidget(dialog)
    # The picker says where it is, and is pre-filled with the time there, not the laptop's.
    assert dialog.when.zone() == "America/Los_Angeles"
    assert dialog.when.zone_box.currentText() == "Las Vegas (fair)"
    assert abs(dialog.when.wall() - datetime.now(LAS_VEGAS).replace(tzinfo=None)) < timedelta(minutes=2)
    type_time(dialog.occurred_at, datetime(2026, 12, 7, 9, 0))
    assert "18:00 Berlin (home)" in dialog.when.hint.text()
    dialog.summary.setPlainText("Asked for samples")
    dialog.accept()
    (logged,) = list_interactions(gui_db, at_ces)
    assert logged["occurred_at"] == "2026-12-07T17:00:00+00:00"
    assert logged["time_zone"] == "America/Los_Angeles"
    texts = shown_texts(pane_for(qtbot, gui_db, runner, at_ces))
    assert "7 Dec 2026, 09:00 Las Vegas · 18:00 Berlin (home)" in texts


def test_follow_up_shows_the_time_typed_in_its_zone(qtbot, gui_db, runner, at_ces):
    dialog = FollowUpDialog(operations_on(gui_db), at_ces, default_hours=48)
    qtbot.addWidget(dialog)
    assert dialog.when.zone() == "America/Los_Angeles"
    due = datetime.now(LAS_VEGAS).replace(tzinfo=None) + timedelta(hours=48)
    assert abs(dialog.when.wall() - due) < timedelta(minutes=2)
    # Switched to the partner's zone before typing: 10:00 in Seoul.
    dialog.when.set_zone("Asia/Seoul")
    assert dialog.when.zone_box.currentText() == "Seoul (partner)"
    type_time(dialog.due_at, datetime(2026, 12, 9, 10, 0))
    dialog.accept()
    (follow_up,) = list_follow_ups(gui_db, at_ces)
    assert follow_up["due_at"] == "2026-12-09T01:00:00+00:00" and follow_up["time_zone"] == "Asia/Seoul"
    texts = shown_texts(pane_for(qtbot, gui_db, runner, at_ces))
    assert "9 Dec 2026, 10:00 Seoul · 02:00 Berlin (home)" in texts


def test_a_partner_met_elsewhere_but_meeting_at_the_fair_is_logged_in_fair_time(qtbot, gui_db, runner, at_ces):
    from core.book.events import add_meeting

    ces_id = gui_db.conn.execute("SELECT id FROM events WHERE name = 'CES'").fetchone()[0]
    other = add_person(gui_db, "Zhang Wei", country="CN")
    add_meeting(gui_db, other, starts_at=datetime.now(LAS_VEGAS).replace(tzinfo=None, microsecond=0).isoformat(),
                event_id=ces_id)
    dialog = InteractionDialog(operations_on(gui_db), other)
    qtbot.addWidget(dialog)
    assert dialog.when.zone_box.currentText() == "Las Vegas (fair)"
    type_time(dialog.occurred_at, datetime(2026, 12, 7, 9, 0))
    dialog.summary.setPlainText("Met at the coffee bar")
    dialog.accept()
    texts = shown_texts(pane_for(qtbot, gui_db, runner, other))
    assert "7 Dec 2026, 09:00 Las Vegas · 18:00 Berlin (home)" in texts


def test_switching_zone_keeps_the_time_once_typed(qtbot, gui_db, at_ces):
    dialog = FollowUpDialog(operations_on(gui_db), at_ces)
    qtbot.addWidget(dialog)
    before = dialog.when.moment()
    dialog.when.set_zone("Europe/Berlin")  # pre-filled: the same moment, shown in Berlin
    assert dialog.when.moment() == before
    type_time(dialog.due_at, datetime(2026, 12, 9, 10, 0))
    dialog.when.set_zone("Asia/Tokyo")  # typed: 10:00 stays, now in Tokyo
    assert dialog.when.wall() == datetime(2026, 12, 9, 10, 0)


def test_meeting_at_the_fair_shows_the_time_typed(qtbot, gui_db, runner, at_ces):
    dialog = MeetingDialog(operations_on(gui_db), at_ces, home_time_zone="Europe/Berlin")
    qtbot.addWidget(dialog)
    assert dialog.time_zone.zone() == "America/Los_Angeles"
    assert dialog.time_zone.currentText() == "Las Vegas (CES)"
    start = datetime.now(LAS_VEGAS).replace(tzinfo=None, hour=9, minute=0, second=0, microsecond=0) \
        + timedelta(days=1)
    type_time(dialog.starts_at, start)
    dialog.accept()
    (meeting,) = list_meetings(gui_db, contact_id=at_ces)
    stored = datetime.fromisoformat(meeting["starts_at"]).astimezone(LAS_VEGAS)
    assert (stored.hour, stored.minute) == (9, 0) and meeting["time_zone"] == "America/Los_Angeles"
    texts = shown_texts(pane_for(qtbot, gui_db, runner, at_ces))
    berlin = stored.astimezone(ZoneInfo("Europe/Berlin")).strftime("%H:%M")
    assert f"09:00 Las Vegas · {berlin} Berlin (home)" in texts


def test_a_partner_not_met_at_the_fair_is_written_to_in_their_zone(qtbot, gui_db, at_ces):
    other = add_person(gui_db, "Zhang Wei", country="CN")
    dialog = FollowUpDialog(operations_on(gui_db), other)
    qtbot.addWidget(dialog)
    assert dialog.when.zone() == "Asia/Shanghai"
    assert dialog.when.zone_box.currentText() == "Shanghai (partner)"
    nobody = add_person(gui_db, "No Country")
    dialog = InteractionDialog(operations_on(gui_db), nobody)
    qtbot.addWidget(dialog)
    assert dialog.when.zone() == "Europe/Berlin"
    assert dialog.when.zone_box.currentText() == "Berlin (home)"
    assert not dialog.when.hint.isVisible()


def test_zone_pickers_name_cities_never_zone_ids(qtbot, gui_db):
    from ui.widgets.form_fields import TimeZoneComboBox

    box = TimeZoneComboBox()
    qtbot.addWidget(box)
    texts = [box.itemText(row) for row in range(box.count())]
    assert "Los Angeles — United States" in texts and "Kolkata — India" in texts
    assert not [text for text in texts if re.search(r"\w/\w", text)]
    box.set_zone("Asia/Kolkata")
    assert box.currentText() == "Kolkata — India" and box.zone() == "Asia/Kolkata"
    box.setEditText("kolkata")  # typed by hand: the city is enough
    assert box.zone() == "Asia/Kolkata"
    box.setEditText("Asia/Tokyo")  # and so is a zone id
    assert box.zone() == "Asia/Tokyo"


def test_contact_pane_local_time_names_the_city(qtbot, gui_db, runner):
    contact = add_person(gui_db, "Zhang Wei", country="CN")
    texts = shown_texts(pane_for(qtbot, gui_db, runner, contact))
    assert "Shanghai" in texts and "Asia/Shanghai" not in texts


def test_contact_pane_times_are_not_clipped_at_1280(qtbot, gui_db, runner, at_ces):
    from core.book.activity import log_interaction, schedule_follow_up

    log_interaction(gui_db, at_ces, kind="meeting", summary="Booth talk", occurred_at="2026-12-07T09:00",
                    time_zone="America/Los_Angeles")
    schedule_follow_up(gui_db, at_ces, due_at="2026-12-09T10:00", time_zone="America/Argentina/Buenos_Aires")
    detail = pane_for(qtbot, gui_db, runner, at_ces)
    qtbot.waitUntil(lambda: "Booth talk" in shown_texts(detail))
    for label in detail.findChildren(QLabel):
        if label.isVisible() and label.text() and not label.wordWrap() and re.search(r"\d\d:\d\d", label.text()):
            assert label.sizeHint().width() <= label.width() + 1, label.text()


def test_german_date_pickers_show_german_dates(qtbot, gui_db):
    from ui.formatting import display_locale, set_display_locale
    from ui.widgets.form_fields import OptionalDateField

    before = display_locale()
    set_display_locale("de_DE")
    try:
        field = OptionalDateField("Am", checked=True)
        qtbot.addWidget(field)
        field.editor.setDate(date(2026, 12, 7))
        assert field.editor.text() == "07.12.2026"
        contact = add_person(gui_db, "Anna Weber", country="DE")
        dialog = InteractionDialog(operations_on(gui_db), contact)
        qtbot.addWidget(dialog)
        type_time(dialog.occurred_at, datetime(2026, 12, 7, 15, 30))
        assert dialog.occurred_at.text() == "07.12.2026, 15:30"
    finally:
        set_display_locale(before)


def test_british_pickers_write_dates_as_the_app_does(qtbot):
    from ui.formatting import format_date
    from ui.widgets.form_fields import OptionalDateField

    field = OptionalDateField("On", checked=True)
    qtbot.addWidget(field)
    field.editor.setDate(date(2026, 12, 7))
    assert field.editor.text() == format_date(date(2026, 12, 7)) == "7 Dec 2026"


def test_laptop_clock_is_not_used_for_the_fair(gui_db, at_ces):
    """The fixture's own premise: the laptop is on UTC, hours from Las Vegas."""
    assert datetime.now().astimezone().utcoffset() == timedelta(0)
    assert datetime.now(timezone.utc).astimezone(LAS_VEGAS).utcoffset() != timedelta(0)
