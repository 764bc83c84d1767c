"""Dialogs write through core; refused input shows red under its field and writes nothing."""

from datetime import datetime, timedelta

from PySide6.QtCore import QDateTime, Qt

from core.book.activity import list_commitments, list_follow_ups, list_interactions
from core.book.contacts import count_contacts, get_contact
from core.book.events import add_event, list_meetings
from ui.dialogs.activity_dialogs import CommitmentDialog, FollowUpDialog, InteractionDialog, MeetingDialog
from ui.dialogs.contact_dialogs import ContactDialog
from ui_helpers import add_person, operations_on


def make_contact_dialog(qtbot, db, **kwargs):
    dialog = ContactDialog(operations_on(db), **kwargs)
    qtbot.addWidget(dialog)
    return dialog


def test_add_contact_happy_path(qtbot, gui_db):
    dialog = make_contact_dialog(qtbot, gui_db, follow_up_hours=24)
    dialog.display_name.setText("Zhang Wei")
    dialog.native_name.setText("张伟")
    dialog.company.setText("Shanghai Brightlight Co.")
    dialog.job_title.setText("Sales Director")
    dialog.emails.set_field_value(["zhang.wei@example.com"])
    dialog.phones.set_field_value(["+86 21 6288 1234"])
    dialog.country.set_code("CN")
    dialog.languages.setText("zh, English")
    dialog.tags.setText("LED, priority")
    dialog.accept()

    assert dialog.result() == ContactDialog.DialogCode.Accepted
    contact = get_contact(gui_db, dialog.saved_id)
    assert contact["native_name"] == "张伟"
    assert contact["company"]["name"] == "Shanghai Brightlight Co."
    assert contact["phones"][0]["value"] == "+862162881234"
    assert contact["time_zone"] == "Asia/Shanghai"  # suggested from the country
    assert contact["languages"] == ["zh", "en"]
    assert contact["tags"] == ["LED", "priority"]
    assert len(list_follow_ups(gui_db, dialog.saved_id)) == 1  # "Follow up in 24 hours"


def test_country_suggests_time_zone_until_the_user_picks_one(qtbot, gui_db):
    dialog = make_contact_dialog(qtbot, gui_db)
    dialog.country.set_code("JP")
    assert dialog.time_zone.zone() == "Asia/Tokyo"
    dialog.time_zone.lineEdit().textEdited.emit("Asia/Seoul")
    dialog.time_zone.set_zone("Asia/Seoul")
    dialog.country.set_code("DE")
    assert dialog.time_zone.zone() == "Asia/Seoul"


def test_empty_name_and_bad_phone_show_inline_errors_and_write_nothing(qtbot, gui_db):
    dialog = make_contact_dialog(qtbot, gui_db)
    dialog.show()
    dialog.phones.set_field_value(["12345"])
    dialog.emails.set_field_value(["not-an-email"])
    dialog.accept()

    assert count_contacts(gui_db) == 0
    assert dialog.isVisible()  # stays open for correction
    assert dialog.result() != ContactDialog.DialogCode.Accepted
    name_error = dialog.error_label("display_name")
    phone_error = dialog.error_label("phones")
    assert not name_error.isHidden() and name_error.text() == "A contact needs a name"
    assert not phone_error.isHidden() and "12345" in phone_error.text()
    assert dialog.error_label("emails").text()
    assert dialog.display_name.property("invalid") is True
    assert dialog._tabs.currentIndex() == 0  # the first field with an error is shown
    reach = 1
    assert not dialog._tabs.tabIcon(reach).isNull()  # its tab is marked with a red dot
    assert dialog._tabs.tabIcon(2).isNull()

    # Fixing the fields clears the errors and saves.
    dialog.display_name.setText("Anna Müller")
    dialog.phones.set_field_value(["+49 30 901820"])
    dialog.emails.set_field_value(["anna@weber.de"])
    dialog.accept()
    assert count_contacts(gui_db) == 1
    assert name_error.isHidden()


def test_bad_country_shows_under_country(qtbot, gui_db):
    dialog = make_contact_dialog(qtbot, gui_db)
    dialog.display_name.setText("Jan de Vries")
    dialog.country.setEditText("Atlantis")
    dialog.accept()
    assert count_contacts(gui_db) == 0
    assert "Atlantis" in dialog.error_label("country").text()
    assert dialog._tabs.currentIndex() == 1  # the Reach tab, where the country is


def test_edit_contact_keeps_fields_and_saves_changes(qtbot, gui_db):
    contact = add_person(gui_db, "Tanaka Taro", native_name="田中 太郎", country="JP",
                         phones=["+81 6 6123 4567"], company="Osaka Seiki")
    dialog = make_contact_dialog(qtbot, gui_db, contact_id=contact)
    assert dialog.native_name.text() == "田中 太郎"
    assert dialog.company.text() == "Osaka Seiki"
    assert dialog.country.code() == "JP"
    dialog.form_of_address.setText("Tanaka-san")
    dialog.accept()
    saved = get_contact(gui_db, contact)
    assert saved["form_of_address"] == "Tanaka-san"
    assert saved["phones"][0]["value"] == "+81661234567"
    assert saved["company"]["name"] == "Osaka Seiki"


def test_introducer_picker_sets_trust_path(qtbot, gui_db):
    introducer = add_person(gui_db, "Zhang Wei", native_name="张伟", country="CN")
    dialog = make_contact_dialog(qtbot, gui_db)
    dialog.display_name.setText("Wang Fang")
    dialog.introducer.setText("zhang")
    dialog.introducer.textEdited.emit("zhang")
    item_text = dialog.introducer._results.item(0).text()
    dialog.introducer.setText(item_text)
    dialog.introducer._choose_text(item_text)
    dialog.accept()
    saved = get_contact(gui_db, dialog.saved_id)
    assert saved["introduced_by_contact_id"] == introducer
    assert saved["trust_path"] == "intermediary"


def test_interaction_dialog_logs_and_requires_a_summary(qtbot, gui_db):
    contact = add_person(gui_db, "Kim Min-jun", native_name="김민준", country="KR")
    dialog = InteractionDialog(operations_on(gui_db), contact)
    qtbot.addWidget(dialog)
    dialog.accept()
    assert dialog.error_label("summary").text() == "Write what happened"
    assert list_interactions(gui_db, contact) == []
    dialog.summary.setPlainText("Asked for MOQ and lead times")
    dialog.place.setText("Hall 9.1")
    dialog.accept()
    logged = list_interactions(gui_db, contact)
    assert logged[0]["summary"] == "Asked for MOQ and lead times"
    assert logged[0]["place"] == "Hall 9.1"


def test_commitment_dialog_records_their_promise(qtbot, gui_db):
    contact = add_person(gui_db, "Priya Sharma", native_name="प्रिया शर्मा", country="IN")
    dialog = CommitmentDialog(operations_on(gui_db), contact)
    qtbot.addWidget(dialog)
    dialog.accept()
    assert dialog.error_label("description").text() == "Say what was promised"
    dialog.theirs.setChecked(True)
    dialog.description.setText("Send the CE certificate")
    dialog.accept()
    (promise,) = list_commitments(gui_db, contact)
    assert promise["owed_by"] == "them" and promise["due_on"]


def test_follow_up_dialog_schedules(qtbot, gui_db):
    contact = add_person(gui_db, "Olga Ivanova", native_name="Ольга Иванова", country="RU")
    dialog = FollowUpDialog(operations_on(gui_db), contact, default_hours=48)
    qtbot.addWidget(dialog)
    dialog.reason.setText("Send the price list")
    dialog.accept()
    (follow_up,) = list_follow_ups(gui_db, contact)
    assert follow_up["reason"] == "Send the price list"


def test_meeting_dialog_uses_the_fairs_time_zone(qtbot, gui_db):
    fair = add_event(gui_db, name="Canton Fair", city="Guangzhou", country="CN",
                     time_zone="Asia/Shanghai")
    contact = add_person(gui_db, "Zhang Wei", native_name="张伟", country="CN", met_event_id=fair)
    dialog = MeetingDialog(operations_on(gui_db), contact, home_time_zone="Europe/Berlin")
    qtbot.addWidget(dialog)
    assert dialog.time_zone.zone() == "Asia/Shanghai"
    start = datetime.now().replace(hour=9, minute=30, second=0, microsecond=0) + timedelta(days=1)
    dialog.starts_at.setDateTime(QDateTime(start))
    assert "Berlin" in dialog.home_hint.text()
    dialog.accept()
    (meeting,) = list_meetings(gui_db, contact_id=contact)
    assert meeting["time_zone"] == "Asia/Shanghai" and meeting["event_id"] == fair


def test_meeting_dialog_shows_bad_time_zone_inline(qtbot, gui_db):
    contact = add_person(gui_db, "Zhang Wei", country="CN")
    dialog = MeetingDialog(operations_on(gui_db), contact, home_time_zone="Europe/Berlin")
    qtbot.addWidget(dialog)
    dialog.time_zone.setEditText("Mars/Olympus")
    dialog.accept()
    assert "Mars/Olympus" in dialog.error_label("time_zone").text()
    assert list_meetings(gui_db, contact_id=contact) == []


def test_escape_asks_before_discarding_typed_work(qtbot, gui_db, monkeypatch):
    from ui.dialogs.contact_dialogs import ContactDialog

    dialog = ContactDialog(operations_on(gui_db))
    qtbot.addWidget(dialog)
    dialog.show()
    answers = []
    monkeypatch.setattr(dialog, "confirm_discard", lambda: answers.append("asked") or False)
    dialog.reject()  # nothing typed: closes without asking
    assert answers == [] and not dialog.isVisible()

    dialog.show()
    dialog.display_name.setText("Chen Jing")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert answers == ["asked"] and dialog.isVisible()
    monkeypatch.setattr(dialog, "confirm_discard", lambda: True)
    dialog.reject()
    assert not dialog.isVisible()


def press_return_in(qtbot, dialog, editor):
    """As at the booth: the dialog opens with Save focused, the user goes to a field and presses Return."""
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.save_button.setFocus()
    editor.setFocus()
    assert dialog.focusWidget() in (editor, editor.focusProxy())
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def test_enter_saves_the_follow_up_from_the_time_or_the_reason(qtbot, gui_db):
    contact = add_person(gui_db, "Olga Ivanova", country="RU")
    for field in ("due_at", "reason"):
        dialog = FollowUpDialog(operations_on(gui_db), contact, default_hours=48)
        qtbot.addWidget(dialog)
        press_return_in(qtbot, dialog, getattr(dialog, field))
        assert dialog.result() == dialog.DialogCode.Accepted, field
    assert len(list_follow_ups(gui_db, contact)) == 2


def test_enter_continues_the_welcome_dialog(qtbot, gui_db):
    from core.book.settings import HOME_COUNTRY, get_setting
    from ui.dialogs.home_country_dialog import HomeCountryDialog

    dialog = HomeCountryDialog(operations_on(gui_db), suggestion="JP")
    qtbot.addWidget(dialog)
    press_return_in(qtbot, dialog, dialog.country)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert get_setting(gui_db, HOME_COUNTRY.key) == "JP"


def test_new_contact_is_met_today_at_the_fair_running_now(qtbot, gui_db):
    from datetime import date

    today = date.today()
    add_event(gui_db, name="IFA", starts_on=str(today - timedelta(days=400)),
              ends_on=str(today - timedelta(days=396)))
    ces = add_event(gui_db, name="CES", starts_on=str(today - timedelta(days=1)),
                    ends_on=str(today + timedelta(days=2)))
    dialog = make_contact_dialog(qtbot, gui_db)
    assert dialog.met_event_id.field_value() == ces
    assert dialog.met_on.field_value() == today.isoformat()
    assert not dialog.has_changes()  # the defaults are no typed work to warn about
    dialog.display_name.setText("Kim Min-jun")
    dialog.accept()
    contact = get_contact(gui_db, dialog.saved_id)
    assert contact["met_event_id"] == ces and contact["met_on"] == today.isoformat()


def test_new_contact_between_fairs_is_met_today_nowhere(qtbot, gui_db):
    from datetime import date

    add_event(gui_db, name="IFA", starts_on="2020-09-04", ends_on="2020-09-08")
    dialog = make_contact_dialog(qtbot, gui_db)
    assert dialog.met_event_id.field_value() is None
    assert dialog.met_on.field_value() == date.today().isoformat()


def test_editing_a_contact_keeps_its_own_meeting_facts(qtbot, gui_db):
    from datetime import date

    add_event(gui_db, name="CES", starts_on=str(date.today()), ends_on=str(date.today()))
    contact = add_person(gui_db, "Olga Ivanova", country="RU")
    dialog = make_contact_dialog(qtbot, gui_db, contact_id=contact)
    assert dialog.met_event_id.field_value() is None and dialog.met_on.field_value() == ""


def test_plan_meeting_proposes_the_fair_running_now(qtbot, gui_db):
    from datetime import date

    today = date.today()
    add_event(gui_db, name="Canton Fair", time_zone="Asia/Shanghai", starts_on="2020-10-15", ends_on="2020-11-04")
    ces = add_event(gui_db, name="CES", starts_on=str(today - timedelta(days=1)),
                    ends_on=str(today + timedelta(days=1)), time_zone="America/Los_Angeles")
    contact = add_person(gui_db, "Zhang Wei", country="CN")
    dialog = MeetingDialog(operations_on(gui_db), contact, home_time_zone="Europe/Berlin")
    qtbot.addWidget(dialog)
    assert dialog.event.currentData() == ces
    assert dialog.time_zone.zone() == "America/Los_Angeles"


def test_editing_a_contact_leaves_an_unset_gender_for_phrases_unset(qtbot, gui_db):
    # A newcomer edited only the city of "Mr. Mohammed": his phrases turned feminine.
    contact = add_person(gui_db, "Mohammed Al-Ketbi", country="AE", form_of_address="Mr. Mohammed")
    dialog = make_contact_dialog(qtbot, gui_db, contact_id=contact)
    assert not dialog.phrase_gender.field_value()
    dialog.city.setText("Dubai")
    dialog.accept()
    saved = get_contact(gui_db, contact)
    assert saved["city"] == "Dubai"
    assert saved.get("phrase_gender") is None
    # Chosen, then cleared again: back to unset.
    dialog = make_contact_dialog(qtbot, gui_db, contact_id=contact)
    dialog.phrase_gender.set_field_value("masculine")
    dialog.accept()
    assert get_contact(gui_db, contact)["phrase_gender"] == "masculine"
    dialog = make_contact_dialog(qtbot, gui_db, contact_id=contact)
    assert dialog.phrase_gender.field_value() == "masculine"
    dialog.phrase_gender.set_field_value(None)
    dialog.accept()
    assert get_contact(gui_db, contact).get("phrase_gender") is None
