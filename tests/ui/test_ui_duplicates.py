"""Duplicates in the GUI: the dialog of pairs, the detail pane's banner, MergeDialog, undo."""

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from core.book.activity import log_interaction
from core.book.contacts import get_contact
from core.book.duplicates import list_merges, merge_contacts
from ui.dialogs.merge_dialog import MergeDialog
from ui_helpers import add_person, operations_on


def shown(label, top):
    while label is not None and label is not top:
        if label.isHidden():
            return False
        label = label.parentWidget()
    return True


def texts(widget):
    """The text of the labels shown in *widget* (not those of rebuilt cards awaiting deletion)."""
    QApplication.processEvents()  # a card added to a shown layout is shown by a queued call
    return " ".join(label.text() for label in widget.findChildren(QLabel) if shown(label, widget))


def make_pair(db):
    native = add_person(db, "张伟", country="CN", job_title="Export Director", city="Foshan")
    latin = add_person(db, "Wei Zhang", emails=["wei@foshan.cn"], job_title="Sales")
    log_interaction(db, latin, kind="call", summary="Asked for the price list")
    return native, latin


def test_merge_dialog_shows_both_sides_history_and_merges_the_picks(qtbot, gui_db):
    native, latin = make_pair(gui_db)
    dialog = MergeDialog(operations_on(gui_db), native, latin)
    qtbot.addWidget(dialog)
    shown = texts(dialog)
    assert "Export Director" in shown and "Sales" in shown and "wei@foshan.cn" in shown
    assert dialog.findChild(QLabel, "history_right").text().startswith("1 interaction · ")
    # The record with more history is kept by default.
    assert dialog.survivor_side() == "right"
    assert set(dialog.field_buttons) == {"display_name", "job_title"}
    dialog.choose("job_title", "left")
    dialog.choose("display_name", "left")
    assert dialog.choices() == {"job_title": "merged", "display_name": "merged"}
    merged = []
    dialog.contacts_merged.connect(lambda *args: merged.append(args))
    dialog.merge_button.click()
    assert merged and merged[0][1:] == (latin, native)
    kept = get_contact(gui_db, latin)
    assert (kept["display_name"], kept["job_title"], kept["city"]) == ("张伟", "Export Director", "Foshan")
    assert get_contact(gui_db, native) is None


def test_keeping_the_other_record_turns_the_same_picks_around(qtbot, gui_db):
    native, latin = make_pair(gui_db)
    dialog = MergeDialog(operations_on(gui_db), native, latin)
    qtbot.addWidget(dialog)
    dialog.keep("left")
    dialog.choose("job_title", "left")
    assert dialog.choices()["job_title"] == "survivor"
    assert "Wei Zhang will be merged into 张伟" in dialog.summary.text()


def test_detail_pane_offers_compare_and_undo(qtbot, main_window, gui_db):
    native, latin = make_pair(gui_db)
    main_window.show_contact(native)
    detail = main_window.contacts_page.detail
    assert "Possible duplicate of <b>Wei Zhang</b> — 张伟 is written Wei Zhang" in texts(detail)

    def merge():
        dialog = main_window.contacts_page.detail.findChild(MergeDialog)
        dialog.keep("left")
        dialog.merge_button.click()

    QTimer.singleShot(0, merge)
    detail.findChild(QPushButton, f"compare_{latin}").click()
    assert detail.contact_id == native
    assert "Possible duplicate" not in texts(detail)
    assert "Merged with <b>Wei Zhang</b>" in texts(detail)
    assert "Not kept — Name: Wei Zhang" in texts(detail)
    assert main_window.contacts_page.model.rowCount() == 1  # the merged-away row left the list
    # A toast offers Undo too; the detail pane's button undoes it.
    assert main_window.toast.isVisibleTo(main_window)
    assert main_window.toast.label.text() == "Merge contacts"
    merge_id = list_merges(gui_db)[0]["id"]
    detail.findChild(QPushButton, f"undoMerge_{merge_id}").click()
    assert get_contact(gui_db, latin) is not None
    assert detail.contact_id == latin
    assert main_window.contacts_page.model.rowCount() == 2
    assert list_merges(gui_db)[0]["undone_at"]


def test_toast_undo_reverts_the_last_merge(qtbot, main_window, gui_db):
    native, latin = make_pair(gui_db)
    main_window.show_contact(native)
    detail = main_window.contacts_page.detail

    def merge():
        dialog = detail.findChild(MergeDialog)
        dialog.keep("left")
        dialog.merge_button.click()

    QTimer.singleShot(0, merge)
    detail.findChild(QPushButton, f"compare_{latin}").click()
    assert get_contact(gui_db, latin) is None
    assert main_window.contacts_page.model.rowCount() == 1
    main_window.toast.undo_button.click()
    assert get_contact(gui_db, latin)["display_name"] == "Wei Zhang"
    assert get_contact(gui_db, native)["display_name"] == "张伟"
    assert main_window.contacts_page.model.rowCount() == 2
    assert "Possible duplicate of <b>Wei Zhang</b>" in texts(detail)  # the pane is back as before
    assert main_window.toast.label.text() == "Undone: Merge contacts"


def test_duplicates_dialog_lists_pairs_merges_sets_aside_and_undoes(qtbot, main_window, gui_db):
    native, latin = make_pair(gui_db)
    anna = add_person(gui_db, "Anna Müller", emails=["anna@weber.de"])
    other_anna = add_person(gui_db, "Anna Schmidt", emails=["ANNA@weber.de"])
    seen = {}

    def work():
        dialog = main_window.duplicates_dialog
        seen["status"] = dialog.pairs_status.text()
        seen["rows"] = [dialog.pairs_table.item(r, 2).text() for r in range(dialog.pairs_table.rowCount())]
        # The first pair (strongest reason: the shared email) is set aside as two people.
        dialog.mark_selected_distinct()
        seen["after_distinct"] = dialog.pairs_table.rowCount()

        def merge():
            dialog.merge_dialog.merge_button.click()

        QTimer.singleShot(0, merge)
        seen["merged"] = dialog.compare_selected()
        seen["left"] = dialog.pairs_table.rowCount()
        dialog.tabs.setCurrentIndex(1)
        dialog.history_table.selectRow(0)
        seen["undone"] = dialog.undo_selected()
        seen["history"] = dialog.history_table.item(0, 3).text()
        dialog.reject()

    QTimer.singleShot(0, work)
    main_window.duplicates_action.trigger()
    assert seen["status"] == "2 likely duplicate pairs, strongest evidence first."
    assert seen["rows"] == ["Same email anna@weber.de", "张伟 is written Wei Zhang"]
    assert seen["after_distinct"] == 1
    assert seen["merged"] and seen["left"] == 0
    assert seen["undone"] and seen["history"].startswith("Undone")
    assert get_contact(gui_db, native) and get_contact(gui_db, latin)
    assert get_contact(gui_db, anna) and get_contact(gui_db, other_anna)


def test_contacts_page_has_a_duplicates_button(main_window):
    button = main_window.contacts_page.header.findChild(QPushButton, "duplicatesButton")
    assert button is not None and button.text() == "Duplicates…"
    assert main_window.duplicates_action.isEnabled()
