"""The detail pane's actions: a few main buttons on one line and a More menu; the list keeps its selection."""

from PySide6.QtWidgets import QFrame, QPushButton

from core.book.activity import list_commitments
from ui import operations as op
from ui.models.contact_model import ContactIdRole
from ui_helpers import add_person


def test_main_actions_fit_one_line_at_1280_by_720_and_the_rest_are_in_more(qtbot, main_window, gui_db):
    main_window.resize(1280, 720)
    contact = add_person(gui_db, "Maryam Al-Harbi", native_name="مريم الحربي", country="SA")
    main_window.show_contact(contact)
    detail = main_window.contacts_page.detail
    qtbot.waitUntil(lambda: detail.isVisible() and detail.log_button.isVisible())
    bar = detail.findChild(QFrame, "detailActions")
    shown = [b.text() for b in bar.findChildren(QPushButton) if b.isVisibleTo(detail)]
    assert shown == ["Log interaction", "Follow-up", "Dossier", "More"]
    assert {b.y() for b in (detail.log_button, detail.dossier_button, detail.more_button)} == {detail.log_button.y()}
    assert bar.height() < 64  # one line of buttons, not a third of the pane
    more = [a.text() for a in detail.more_menu.actions() if not a.isSeparator()]
    assert more == ["Edit contact…", "Add promise…", "Plan meeting…", "Phrases", "Before you meet…", "Export vCard…",
                    "Delete contact…", "Erase permanently…"]


def test_an_action_from_more_keeps_the_contact_selected_in_the_list(qtbot, main_window, gui_db, monkeypatch):
    for name in ("Anna Müller", "Chang Cheng-han", "Hong Jung-hoon"):
        add_person(gui_db, name)
    chang = add_person(gui_db, "Zhang Wei", native_name="张伟", country="CN")
    page = main_window.contacts_page
    page.reload()
    qtbot.waitUntil(lambda: page.model.rowCount() == 4)
    main_window.show_contact(chang)
    page.detail._ops.run(op.add_commitment, chang, description="Send samples", owed_by="us")
    qtbot.wait(50)
    assert list_commitments(gui_db, chang)
    current = page.table.currentIndex()
    assert current.isValid() and current.data(ContactIdRole) == chang
    assert page.detail.contact_id == chang


def test_a_double_click_or_f2_edits_the_contact(qtbot, main_window, gui_db, monkeypatch):
    from PySide6.QtCore import Qt

    from ui.widgets.contact_detail import ContactDetailView

    edited = []
    monkeypatch.setattr(ContactDetailView, "edit_contact", lambda detail: edited.append(detail.contact_id))
    contact = add_person(gui_db, "Chang Cheng-han", native_name="張承翰", country="TW")
    page = main_window.contacts_page
    page.reload()
    main_window.show_page("contacts")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.table.selectRow(0)
    page.table.doubleClicked.emit(page.model.index(0, 1))
    assert edited == [contact]
    main_window.activateWindow()
    qtbot.waitUntil(main_window.isActiveWindow)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F2)
    assert edited == [contact, contact]
