"""A field declared once (core.book.fields) is edited, shown and merged by the GUI unchanged."""

from PySide6.QtWidgets import QLabel

from core.book.contacts import add_contact, get_contact
from tests.ui.ui_helpers import operations_on
from ui.dialogs.contact_dialogs import ContactDialog

ENTRIES = [{"value": "https://www.linkedin.com/in/anna", "label": "linkedin"}]


def test_the_dialog_has_an_input_for_a_new_field_and_saves_it(qtbot, gui_db, new_field):
    new_field.add_column(gui_db)
    dialog = ContactDialog(operations_on(gui_db))
    qtbot.addWidget(dialog)
    editor = dialog.editors[new_field.name]
    tab = dialog._tabs.count() - 1
    assert dialog._tabs.tabText(tab) == "Other" and dialog._field_tabs[new_field.name] == tab
    dialog.display_name.setText("Anna Müller")
    editor.value_edits()[0].setText(ENTRIES[0]["value"])
    editor.value_edits()[0].textEdited.emit(ENTRIES[0]["value"])  # as typed: a blank row opens
    assert len(editor.value_edits()) == 2
    editor._rows[0][1].setEditText("linkedin")
    dialog.accept()
    assert dialog.result() == ContactDialog.DialogCode.Accepted
    assert get_contact(gui_db, dialog.saved_id)[new_field.name] == ENTRIES

    again = ContactDialog(operations_on(gui_db), contact_id=dialog.saved_id)
    qtbot.addWidget(again)
    assert again.editors[new_field.name].field_value() == ENTRIES


def test_the_pane_shows_a_new_field(qtbot, gui_db, new_field):
    from ui.widgets.contact_detail import ContactDetailView

    new_field.add_column(gui_db)
    contact_id = add_contact(gui_db, display_name="Anna Müller", **{new_field.name: ENTRIES})
    detail = ContactDetailView(operations_on(gui_db))
    qtbot.addWidget(detail)
    detail.show_contact(contact_id)
    shown = detail.findChild(QLabel, "detailChatHandles")
    assert "linkedin.com/in/anna" in shown.text() and "linkedin" in shown.text()
    labels = [label.text() for label in detail.findChildren(QLabel)]
    assert "Chat handles" in labels


def test_the_merge_dialog_compares_a_new_field(qtbot, gui_db, new_field):
    from ui.dialogs.merge_dialog import MergeDialog

    new_field.add_column(gui_db)
    first = add_contact(gui_db, display_name="Anna Müller", **{new_field.name: ENTRIES})
    second = add_contact(gui_db, display_name="Anna Mueller",
                         **{new_field.name: [{"value": "https://anna.example", "label": ""}]})
    dialog = MergeDialog(operations_on(gui_db), first, second)
    qtbot.addWidget(dialog)
    assert set(dialog.field_buttons[new_field.name]) == {"left", "right", "both"}
