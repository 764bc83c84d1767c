"""The Today page: what is due, overdue in red, one click from the contact."""

import re
from datetime import date, datetime, timedelta, timezone

from core.book.activity import add_commitment, schedule_follow_up
from core.book.events import add_event, add_meeting
from ui_helpers import add_person

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=timezone.utc)


def test_overdue_follow_up_is_listed_in_red_and_opens_the_contact(qtbot, main_window, gui_db):
    contact = add_person(gui_db, "Wang Fang", native_name="王芳", country="CN")
    schedule_follow_up(gui_db, contact, due_at=NOW - timedelta(days=2), reason="Send price list")
    today = main_window.today_page
    today.refresh(now=NOW)
    main_window.show_page("today")

    (item,) = today.items("follow_ups")
    assert item.property("overdue") == "true"
    texts = " ".join(label.text() for label in item.findChildren(type(main_window.count_label)))
    assert "overdue by 2 days" in texts and "Send price list" in texts

    with qtbot.waitSignal(today.contact_requested):
        item.open_button.click()
    assert main_window.current_page_key() == "contacts"
    assert main_window.contacts_page.detail.contact_id == contact
    page = main_window.contacts_page
    assert page.model.contact_id(page.table.currentIndex().row()) == contact


def test_clicking_the_item_itself_opens_the_contact(qtbot, main_window, gui_db):
    contact = add_person(gui_db, "Somchai Wongsakul", native_name="สมชาย วงศ์สกุล", country="TH")
    schedule_follow_up(gui_db, contact, due_at=NOW - timedelta(hours=3))
    main_window.today_page.refresh(now=NOW)
    (item,) = main_window.today_page.items("follow_ups")
    from PySide6.QtCore import Qt

    qtbot.mouseClick(item, Qt.MouseButton.LeftButton)
    assert main_window.contacts_page.detail.contact_id == contact


def test_meetings_show_fair_time_and_home_time(qtbot, main_window, gui_db):
    fair = add_event(gui_db, name="Canton Fair", city="Guangzhou", country="CN",
                     time_zone="Asia/Shanghai")
    contact = add_person(gui_db, "Zhang Wei", native_name="张伟", country="CN")
    add_meeting(gui_db, contact, starts_at="2026-11-23T09:30", time_zone="Asia/Shanghai",
                place="Hall 11.2", event_id=fair)
    today = main_window.today_page
    today.set_home_time_zone("Europe/Berlin")
    today.refresh(now=NOW)
    (item,) = today.items("meetings")
    # The zone is named by the fair's city, never by its id; home says it is home.
    assert item.time_text == "09:30 Guangzhou · 02:30 Berlin (home)"


def test_a_meeting_on_another_day_than_home_says_which_day(qtbot, main_window, gui_db):
    """16:04 in Berlin is already Tuesday 00:04 in Shanghai: its 09:00 meeting is 02:00 Tuesday at home."""
    contact = add_person(gui_db, "Hu Jun", native_name="胡军", country="CN")
    add_meeting(gui_db, contact, starts_at="2026-11-24T09:00", time_zone="Asia/Shanghai")
    today = main_window.today_page
    today.set_home_time_zone("Europe/Berlin")
    today.refresh(now=datetime(2026, 11, 23, 16, 4, tzinfo=timezone.utc))
    (item,) = today.items("meetings")
    assert item.time_text == "Tue 09:00 Shanghai · Tue 02:00 Berlin (home)"


def test_promises_due_ours_and_theirs(qtbot, main_window, gui_db):
    contact = add_person(gui_db, "Mohammed Al-Rashid", native_name="محمد الراشد", country="AE")
    add_commitment(gui_db, contact, description="Send samples", owed_by="us",
                   due_on=date(2026, 11, 21))
    add_commitment(gui_db, contact, description="Send certificate", owed_by="them",
                   due_on=date(2026, 11, 23))
    main_window.today_page.refresh(now=NOW)
    items = main_window.today_page.items("commitments")
    assert [item.property("overdue") for item in items] == ["true", "false"]
    items[0].done_button.click()
    qtbot.waitUntil(lambda: len(main_window.today_page.items("commitments")) == 1)


def test_empty_day_is_friendly(qtbot, main_window):
    main_window.today_page.refresh(now=NOW)
    from ui.widgets.common import EmptyStateFrame

    texts = [frame.label.text() for frame in main_window.today_page.findChildren(EmptyStateFrame)]
    assert any("Nothing overdue — good work." in text for text in texts)
    assert "Monday, 23 November 2026" in main_window.today_page.header.subtitle_label.text()


def test_long_backlog_shows_first_items_and_a_show_all_button(qtbot, main_window, gui_db):
    from PySide6.QtWidgets import QPushButton

    contact = add_person(gui_db, "Ebba Åberg", country="SE")
    for day in range(20):
        schedule_follow_up(gui_db, contact, due_at=NOW - timedelta(days=day + 1))
    today = main_window.today_page
    today.refresh(now=NOW)
    assert len(today.items("follow_ups")) == today.SECTION_LIMIT
    more = today.findChild(QPushButton, "showAll_follow_ups")
    assert more.text() == "Show all 20"
    more.click()
    assert len(today.items("follow_ups")) == 20


def test_marking_a_follow_up_done_keeps_the_reader_in_place(qtbot, main_window, gui_db):
    for number in range(10):
        contact = add_person(gui_db, f"Person {number}")
        schedule_follow_up(gui_db, contact, due_at=NOW - timedelta(days=1, minutes=number))
        add_commitment(gui_db, contact, description=f"Promise {number}", owed_by="us",
                       due_on=date(2026, 11, 20))
    main_window.resize(1000, 500)
    main_window.show_page("today")
    today = main_window.today_page
    today.refresh(now=NOW)
    bar = today._scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 300)
    bar.setValue(250)
    main_window.activateWindow()
    button = today.items("follow_ups")[5].done_button
    button.setFocus()  # as a real click leaves it
    qtbot.waitUntil(button.hasFocus)
    button.click()
    # The position is restored once the rebuilt page is laid out.
    qtbot.waitUntil(lambda: len(today.items("follow_ups")) == 9 and bar.maximum() >= 250)
    qtbot.waitUntil(lambda: abs(bar.value() - 250) < 60)


def test_a_refresh_in_the_background_leaves_keyboard_focus_alone(qtbot, main_window, gui_db):
    main_window.show_page("contacts")
    main_window.activateWindow()
    search = main_window.contacts_page.search_box
    search.setFocus()
    qtbot.waitUntil(search.hasFocus)
    main_window.today_page.refresh(now=NOW)
    assert search.hasFocus()


def test_the_tiles_say_what_they_count_and_overdue_adds_up(qtbot, main_window, gui_db):
    contact = add_person(gui_db, "Nguyen Van An", country="VN")
    schedule_follow_up(gui_db, contact, due_at=NOW - timedelta(days=2))
    schedule_follow_up(gui_db, contact, due_at=NOW + timedelta(hours=2))
    add_commitment(gui_db, contact, description="Send samples", owed_by="us", due_on=date(2026, 11, 20))
    add_commitment(gui_db, contact, description="Quote", owed_by="them", due_on=date(2026, 11, 19))
    add_commitment(gui_db, contact, description="Catalogue", owed_by="us", due_on=date(2026, 11, 23))
    today = main_window.today_page
    today.refresh(now=NOW)
    tiles = today.tiles
    assert tiles["follow_ups"].texts == ["2", "follow-ups due", "1 overdue"]
    assert tiles["commitments"].texts == ["3", "promises due", "2 overdue"]
    assert tiles["overdue"].texts == ["3", "overdue", "1 follow-up + 2 promises"]
    assert "already counted" in tiles["overdue"].toolTip()
    assert "overdue ones included" in tiles["follow_ups"].toolTip()


def test_zones_are_cities_and_not_clipped_at_1280(qtbot, main_window, gui_db):
    """A meeting at CES in Las Vegas, a follow-up in São Paulo: cities, whole, at 1280×720."""
    from PySide6.QtWidgets import QLabel

    ces = add_event(gui_db, name="CES", city="Las Vegas", country="US", time_zone="America/Los_Angeles")
    contact = add_person(gui_db, "Kim Min-jun", native_name="김민준", country="KR")
    add_meeting(gui_db, contact, starts_at="2026-11-23T09:00", event_id=ces)
    other = add_person(gui_db, "Ana Souza", country="BR")
    schedule_follow_up(gui_db, other, due_at="2026-11-23T10:00", time_zone="America/Sao_Paulo")
    today = main_window.today_page
    today.set_home_time_zone("Europe/Berlin")
    main_window.resize(1280, 720)
    main_window.show()
    main_window.show_page("today")
    today.refresh(now=NOW)
    (meeting,) = today.items("meetings")
    assert meeting.time_text == "09:00 Las Vegas · 18:00 Berlin (home)"
    (follow_up,) = today.items("follow_ups")
    texts = [label for item in (meeting, follow_up) for label in item.findChildren(QLabel) if label.text()]
    shown = " ".join(label.text() for label in texts)
    assert not re.search(r"(America|Europe|Asia)/", shown) and "São Paulo" in shown
    for label in texts:
        if not label.wordWrap():
            assert label.sizeHint().width() <= label.width() + 1, label.text()


def test_a_follow_up_due_on_another_day_there_says_its_weekday(qtbot, main_window, gui_db):
    """20:47 Monday in Berlin is 01:17 Tuesday in Kolkata."""
    from PySide6.QtWidgets import QLabel

    contact = add_person(gui_db, "Sachin Tripathi", country="IN")
    schedule_follow_up(gui_db, contact, due_at="2026-11-24T01:17", time_zone="Asia/Kolkata")
    today = main_window.today_page
    today.set_home_time_zone("Europe/Berlin")
    today.refresh(now=datetime(2026, 11, 23, 12, 0, tzinfo=timezone.utc))
    (item,) = today.items("follow_ups")
    texts = [label.text() for label in item.findChildren(QLabel)]
    assert "Tue 01:17 Kolkata" in texts and "20:47 Berlin (home) · today" in texts
