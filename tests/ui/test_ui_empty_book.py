"""An empty book offers a start on Contacts and Today: import, add the first partner, or demo data."""

from PySide6.QtCore import QTimer

from core.book.contacts import count_contacts
from ui_helpers import add_person


def test_an_empty_book_offers_three_ways_to_start_on_contacts_and_today(qtbot, main_window):
    contacts = main_window.contacts_page
    main_window.show_page("contacts")
    qtbot.waitUntil(lambda: contacts.empty_book.isVisible())
    assert not contacts.splitter.isVisible()
    panel = contacts.empty_book
    assert [b.text() for b in (panel.import_button, panel.add_button, panel.demo_button)] == [
        "Import your contacts…", "Add your first partner…", "Try demo data"]
    main_window.show_page("today")
    qtbot.waitUntil(lambda: main_window.today_page.empty_book.isVisible())


def test_a_book_with_contacts_shows_the_list(qtbot, main_window, gui_db):
    add_person(gui_db, "Anna Müller")
    contacts = main_window.contacts_page
    contacts.reload()
    main_window.show_page("contacts")
    qtbot.waitUntil(lambda: contacts.model.rowCount() == 1)
    assert contacts.splitter.isVisible() and not contacts.empty_book.isVisible()
    main_window.today_page.refresh()
    assert not main_window.today_page.empty_book.isVisibleTo(main_window.today_page)


def test_add_your_first_partner_opens_the_contact_dialog_and_the_list_appears(qtbot, main_window, gui_db):
    contacts = main_window.contacts_page
    main_window.show_page("contacts")
    qtbot.waitUntil(lambda: contacts.empty_book.isVisible())

    def fill():
        dialog = main_window.contact_dialog
        dialog.display_name.setText("Chang Cheng-han")
        dialog.save_button.click()

    QTimer.singleShot(0, fill)
    contacts.empty_book.add_button.click()
    qtbot.waitUntil(lambda: contacts.splitter.isVisible())
    assert not contacts.empty_book.isVisible() and count_contacts(gui_db) == 1


def test_try_demo_data_fills_the_book_and_undo_empties_it_again(qtbot, main_window, gui_db):
    contacts = main_window.contacts_page
    main_window.show_page("today")
    today = main_window.today_page
    qtbot.waitUntil(lambda: today.empty_book.isVisible())
    today.empty_book.demo_button.click()
    assert count_contacts(gui_db) == 200
    qtbot.waitUntil(lambda: not today.empty_book.isVisibleTo(today))
    assert today.items("meetings")  # the sample book has meetings today
    assert main_window.toast.label.text() == "Add demo data" and main_window.toast.undo_button.isVisibleTo(main_window)
    main_window.toast.undo_button.click()
    assert count_contacts(gui_db) == 0
    main_window.show_page("contacts")
    qtbot.waitUntil(lambda: contacts.empty_book.isVisible())
