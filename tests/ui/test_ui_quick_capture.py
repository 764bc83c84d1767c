"""Met at the booth: a contact in seconds, at the fair running now, met today, with its follow-up."""

from datetime import date, datetime, timedelta, timezone

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence

from core.book.activity import list_follow_ups
from core.book.contacts import get_contact, list_contacts
from core.book.events import add_event
from core.book.settings import FOLLOW_UP_HOURS, set_setting
from ui.dialogs.quick_capture_dialog import QuickCaptureDialog
from ui_helpers import operations_on


@pytest.fixture(autouse=True)
def discard_without_asking(monkeypatch):
    """Closing a dialog at the end of a test discards what it typed, without a question box."""
    monkeypatch.setattr(QuickCaptureDialog, "confirm_discard", lambda dialog: True)


def open_dialog(qtbot, db, **kwargs):
    dialog = QuickCaptureDialog(operations_on(db), follow_up_hours=kwargs.pop("hours", 48), **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def type_person(qtbot, dialog, name="Yamada Yumi"):
    qtbot.keyClicks(dialog.display_name, name)
    qtbot.keyClicks(dialog.company, "Sakura Lighting")
    qtbot.keyClicks(dialog.email, "yumi@sakura.jp")
    qtbot.keyClicks(dialog.phone, "+81 3 1234 5678")
    qtbot.keyClicks(dialog.note, "Wants samples of the 40 W panel")


def test_return_saves_the_person_at_the_fair_running_now_with_the_follow_up(qtbot, gui_db):
    today = date.today()
    ces = add_event(gui_db, name="CES", starts_on=str(today - timedelta(days=1)), ends_on=str(today + timedelta(days=2)))
    dialog = open_dialog(qtbot, gui_db, hours=24)
    assert dialog.event.field_value() == ces
    type_person(qtbot, dialog)
    before = datetime.now(timezone.utc)
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return)  # Return in any field saves
    assert dialog.result() == dialog.DialogCode.Accepted
    contact = get_contact(gui_db, dialog.saved_id)
    assert contact["display_name"] == "Yamada Yumi" and contact["company"]["name"] == "Sakura Lighting"
    assert [e["value"] for e in contact["emails"]] == ["yumi@sakura.jp"]
    assert contact["phones"] and contact["notes"] == "Wants samples of the 40 W panel"
    assert contact["met_event_id"] == ces and contact["met_on"] == today.isoformat()
    (follow_up,) = list_follow_ups(gui_db, dialog.saved_id)
    due = datetime.fromisoformat(follow_up["due_at"])
    assert timedelta(hours=23, minutes=59) < due - before < timedelta(hours=24, minutes=1)


def test_return_saves_after_save_lost_the_focus(qtbot, gui_db):
    dialog = open_dialog(qtbot, gui_db)
    qtbot.keyClicks(dialog.display_name, "Kim Min-jun")
    dialog.save_button.setFocus()
    dialog.phone.setFocus()
    qtbot.keyClick(dialog.phone, Qt.Key.Key_Return)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert [c["display_name"] for c in list_contacts(gui_db)] == ["Kim Min-jun"]


def test_save_and_add_another_keeps_the_dialog_ready_for_the_next_person(qtbot, gui_db):
    dialog = open_dialog(qtbot, gui_db)
    type_person(qtbot, dialog)
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.isVisible() and dialog.display_name.text() == "" and dialog.note.text() == ""
    assert dialog.focusWidget() is dialog.display_name
    assert "Saved Yamada Yumi" in dialog.saved_note.text()
    type_person(qtbot, dialog, "Chang Cheng-han")
    dialog.another_button.click()
    assert len(dialog.captured) == 2
    assert sorted(c["display_name"] for c in list_contacts(gui_db)) == ["Chang Cheng-han", "Yamada Yumi"]


def test_without_a_name_nothing_is_saved_and_the_error_is_under_the_name(qtbot, gui_db):
    dialog = open_dialog(qtbot, gui_db)
    qtbot.keyClicks(dialog.email, "someone@example.com")
    qtbot.keyClick(dialog.email, Qt.Key.Key_Return)
    assert dialog.isVisible() and not list_contacts(gui_db)
    assert dialog.error_label("display_name").isVisibleTo(dialog)


def test_a_scanned_badge_fills_the_form(qtbot, gui_db):
    from core.exchange.qr import parse_card_text

    card = parse_card_text("MECARD:N:Tanaka,Taro;TEL:+81312345678;EMAIL:taro@example.jp;ORG:Tanaka Denki;;")
    dialog = open_dialog(qtbot, gui_db, badge_reader=lambda: card)
    dialog.scan_button.click()
    assert dialog.email.text() == "taro@example.jp" and dialog.company.text() == "Tanaka Denki"
    assert dialog.display_name.text()


def test_ctrl_shift_n_opens_quick_capture_with_the_settings_hours_and_the_toast_opens_the_contact(
        qtbot, main_window, gui_db):
    set_setting(gui_db, FOLLOW_UP_HOURS.key, 72)
    assert main_window.quick_capture_action.shortcut() == QKeySequence("Ctrl+Shift+N")
    seen = {}

    def work():
        dialog = main_window.quick_capture_dialog
        seen["hours"] = dialog.follow_up_hours.value()
        dialog.display_name.setText("Maryam Al-Harbi")
        dialog.save_button.click()

    QTimer.singleShot(0, work)
    main_window.quick_capture_action.trigger()
    assert seen["hours"] == 72
    (contact,) = list_contacts(gui_db)
    toast = main_window.toast
    assert toast.label.text() == "Added Maryam Al-Harbi"
    assert toast.open_button.isVisibleTo(main_window) and toast.undo_button.isVisibleTo(main_window)
    toast.open_button.click()
    assert main_window.current_page_key() == "contacts"
    assert main_window.contacts_page.detail.contact_id == contact["id"]


def test_escape_asks_before_discarding_what_was_typed(qtbot, gui_db, monkeypatch):
    dialog = open_dialog(qtbot, gui_db)
    asked = []
    monkeypatch.setattr(QuickCaptureDialog, "confirm_discard", lambda _dialog: asked.append(True) or False)
    qtbot.keyClicks(dialog.display_name, "Kim Min-jun")
    qtbot.keyClick(dialog.display_name, Qt.Key.Key_Escape)
    assert asked and dialog.isVisible()
    monkeypatch.setattr(QuickCaptureDialog, "confirm_discard", lambda _dialog: True)


def test_contacts_and_today_offer_the_booth_button(main_window):
    assert main_window.contacts_page.header.quick_capture_button.isEnabled()
    assert main_window.today_page.header.quick_capture_button.text() == "Met at the booth"
