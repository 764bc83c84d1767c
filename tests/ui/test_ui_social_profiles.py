"""Social profiles in the app: typed on the Reach tab with a service, shown in the pane, undone."""

from PySide6.QtWidgets import QLabel

from core.book.contacts import get_contact
from tests.ui.ui_helpers import operations_on
from ui.dialogs.contact_dialogs import ContactDialog
from ui.widgets.contact_detail import ContactDetailView


def test_a_profile_is_typed_on_the_reach_tab_and_shown_with_its_service(qtbot, gui_db):
    dialog = ContactDialog(operations_on(gui_db))
    qtbot.addWidget(dialog)
    editor = dialog.editors["social_profiles"]
    assert dialog._tabs.tabText(dialog._field_tabs["social_profiles"]) == "Reach"
    labels = [editor._rows[0][1].itemText(i) for i in range(editor._rows[0][1].count())]
    assert {"linkedin", "xing", "wechat"} <= set(labels)
    dialog.display_name.setText("Klaus Weber")
    editor.value_edits()[0].setText("https://www.xing.com/profile/Klaus_Weber")
    dialog.accept()
    assert dialog.result() == ContactDialog.DialogCode.Accepted
    assert get_contact(gui_db, dialog.saved_id)["social_profiles"] == [
        {"value": "https://www.xing.com/profile/Klaus_Weber", "label": "xing"}]

    pane = ContactDetailView(operations_on(gui_db))
    qtbot.addWidget(pane)
    pane.show_contact(dialog.saved_id)
    shown = pane.findChild(QLabel, "detailSocialProfiles")
    assert "xing.com/profile/Klaus_Weber" in shown.text() and "xing" in shown.text()


def test_a_profile_with_spaces_is_refused_under_its_field(qtbot, gui_db):
    dialog = ContactDialog(operations_on(gui_db))
    qtbot.addWidget(dialog)
    dialog.display_name.setText("Klaus Weber")
    dialog.editors["social_profiles"].value_edits()[0].setText("Klaus Weber on LinkedIn")
    dialog.accept()
    assert dialog.result() != ContactDialog.DialogCode.Accepted
    assert "spaces" in dialog.error_label("social_profiles").text()


def test_a_handle_is_shown_as_text_and_an_address_as_a_link(qtbot, gui_db):
    from core.book.contacts import add_contact

    contact = add_contact(gui_db, display_name="Li Wei", social_profiles=[
        "https://www.linkedin.com/in/liwei", {"value": "liwei_sz", "label": "wechat"}])
    pane = ContactDetailView(operations_on(gui_db))
    qtbot.addWidget(pane)
    pane.show_contact(contact)
    text = pane.findChild(QLabel, "detailSocialProfiles").text()
    assert '<a href="https://www.linkedin.com/in/liwei">' in text
    assert 'href="liwei_sz"' not in text and "liwei_sz" in text
