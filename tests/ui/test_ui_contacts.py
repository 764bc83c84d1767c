"""The contact book: the lazy model, search as you type, the detail pane and its stage selector."""

import json

from ui.operations import operations_for
from ui_helpers import add_person
from core.book.activity import list_stage_history
from core.book.summaries import list_contact_rowids
from ui.models.contact_model import ContactIdRole, ContactTableModel
from ui.pages.contacts_page import ContactsPage
from PySide6.QtCore import QPersistentModelIndex, QTimer


def test_model_counts_rows_without_fetching_them(qapp, gui_db):
    for number in range(450):
        add_person(gui_db, f"Person {number:03d}")
    model = ContactTableModel(gui_db)
    model.set_rowids(list_contact_rowids(gui_db))
    assert model.rowCount() == 450
    assert model.pages_fetched == 0  # nothing read until a cell is asked for


def test_rows_past_those_read_with_the_ids_are_read_when_asked_for(qapp, gui_db):
    # The worker reads the rows a window shows with the ids; the rest of the first page comes later.
    from core.book.summaries import get_contact_summaries

    for number in range(120):
        add_person(gui_db, f"Person {number:03d}")
    rowids = list_contact_rowids(gui_db) + [10**9]  # the last one gone since the ids were read
    model = ContactTableModel(gui_db)
    model.set_rowids(rowids, get_contact_summaries(gui_db, rowids[:60]))
    assert model.data(model.index(59, 0)) == "Person 059" and model.pages_fetched == 0
    assert model.data(model.index(60, 0)) == "Person 060" and model.pages_fetched == 1
    assert model.data(model.index(0, 0)) == "Person 000" and model.data(model.index(120, 0)) is None
    assert model.data(model.index(119, 0)) == "Person 119" and model.data(model.index(120, 0)) is None
    assert model.pages_fetched == 1  # read once, the row gone included


def test_model_fetches_pages_on_demand_and_caches_them(qapp, gui_db):
    for number in range(450):
        add_person(gui_db, f"Person {number:03d}")
    model = ContactTableModel(gui_db)
    model.set_rowids(list_contact_rowids(gui_db))
    assert model.data(model.index(0, 0)) == "Person 000"
    assert model.data(model.index(5, 0)) == "Person 005"
    assert model.pages_fetched == 1
    assert model.data(model.index(449, 0)) == "Person 449"
    assert model.pages_fetched == 2  # row 449 is on the third page; the second was never read
    assert model.data(model.index(449, 0), ContactIdRole)


def test_model_columns_show_company_country_and_stage(qapp, gui_db):
    add_person(gui_db, "Zhang Wei", native_name="张伟", company="Brightlight", job_title="Buyer",
               country="CN", city="Shanghai")
    model = ContactTableModel(gui_db)
    model.set_rowids(list_contact_rowids(gui_db))
    row = [model.data(model.index(0, column)) for column in range(model.columnCount())]
    assert row == ["Zhang Wei  张伟", "Brightlight", "Buyer", "China", "Shanghai", "Met"]


def make_page(qtbot, gui_db, runner):
    page = ContactsPage(gui_db, runner)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    page.reload()
    return page


def test_search_box_filters_by_romanization(qtbot, gui_db, runner):
    add_person(gui_db, "Zhang Wei", native_name="张伟", country="CN")
    add_person(gui_db, "Anna Müller", country="DE")
    add_person(gui_db, "Tanaka Taro", native_name="田中 太郎", country="JP")
    page = make_page(qtbot, gui_db, runner)
    assert page.model.rowCount() == 3
    assert page.count_label.text() == "3 contacts"

    qtbot.keyClicks(page.search_box, "zhang")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.model.data(page.model.index(0, 0)) == "Zhang Wei  张伟"
    assert page.count_label.text() == "1 match"

    page.search_box.clear()
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)


def test_search_finds_native_script_and_diacritics(qtbot, gui_db, runner):
    add_person(gui_db, "Zhang Wei", native_name="张伟", country="CN")
    add_person(gui_db, "Anna Müller", country="DE")
    page = make_page(qtbot, gui_db, runner)
    page.search_box.setText("张")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.search_box.setText("muller")
    qtbot.waitUntil(lambda: page.model.data(page.model.index(0, 0)) == "Anna Müller")


def test_selecting_a_row_shows_the_contact(qtbot, gui_db, runner):
    first = add_person(gui_db, "Anna Müller", country="DE", emails=["anna@weber.de"])
    page = make_page(qtbot, gui_db, runner)
    page.table.selectRow(0)
    assert page.detail.contact_id == first
    assert "anna@weber.de" in page.detail.findChild(type(page.count_label), "detailEmails").text()


def test_stage_change_in_detail_pane_writes_stage_history(qtbot, gui_db, runner):
    contact = add_person(gui_db, "Zhang Wei", native_name="张伟", country="CN")
    page = make_page(qtbot, gui_db, runner)
    page.show_contact(contact)
    combo = page.detail.stage_combo
    with qtbot.waitSignal(operations_for(runner).changes_applied) as signal:
        combo.setCurrentIndex(combo.findData("rapport"))
    changes = signal.args[0]
    assert changes.label == "Change stage" and changes.rows["contacts"] == {contact}
    history = list_stage_history(gui_db, contact)
    assert [entry["stage"] for entry in history] == ["met", "rapport"]
    # The table shows the new stage too.
    assert page.model.data(page.model.index(0, ContactTableModel.STAGE)) == "In talks"
    assert page.detail.stage_combo.currentData() == "rapport"


def test_show_contact_clears_a_search_that_hides_it(qtbot, gui_db, runner):
    add_person(gui_db, "Zhang Wei", native_name="张伟", country="CN")
    anna = add_person(gui_db, "Anna Müller", country="DE")
    page = make_page(qtbot, gui_db, runner)
    page.search_box.setText("zhang")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    page.show_contact(anna)
    assert page.search_box.text() == ""
    assert page.model.rowCount() == 2
    assert page.model.contact_id(page.table.currentIndex().row()) == anna


def test_delete_from_detail_pane_asks_and_removes(qtbot, gui_db, runner, monkeypatch):
    from core.book.contacts import count_contacts

    contact = add_person(gui_db, "Jan de Vries", country="NL")
    page = make_page(qtbot, gui_db, runner)
    page.show_contact(contact)
    monkeypatch.setattr("ui.widgets.contact_detail.confirm_delete", lambda parent, name: True)
    page.detail.delete_button.trigger()
    assert count_contacts(gui_db) == 0
    assert page.model.rowCount() == 0
    assert page.detail.contact_id is None


def test_done_follow_up_and_kept_promise_in_detail_pane(qtbot, gui_db, runner):
    from datetime import date, datetime, timedelta, timezone

    from PySide6.QtWidgets import QCheckBox, QPushButton

    from core.book.activity import (add_commitment, list_commitments, list_follow_ups,
                               schedule_follow_up)

    contact = add_person(gui_db, "Somchai Wongsakul", native_name="สมชาย วงศ์สกุล", country="TH")
    follow_up = schedule_follow_up(gui_db, contact, due_at=datetime.now(timezone.utc) - timedelta(days=2))
    promise = add_commitment(gui_db, contact, description="Send samples", owed_by="us",
                             due_on=date.today() + timedelta(days=2))
    page = make_page(qtbot, gui_db, runner)
    page.show_contact(contact)
    page.detail.findChild(QPushButton, f"followUpDone_{follow_up}").click()
    qtbot.waitUntil(lambda: list_follow_ups(gui_db, contact, open_only=True) == [])
    page.detail.findChild(QCheckBox, f"commitment_{promise}").setChecked(True)
    qtbot.waitUntil(lambda: list_commitments(gui_db, contact, open_only=True) == [])


def test_mouse_wheel_over_stage_selector_does_not_change_stage(qtbot, gui_db, runner):
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    contact = add_person(gui_db, "Pavel Král", country="CZ")
    page = make_page(qtbot, gui_db, runner)
    page.show_contact(contact)
    combo = page.detail.stage_combo
    centre = QPointF(combo.rect().center())
    wheel = QWheelEvent(centre, combo.mapToGlobal(centre), QPoint(), QPoint(0, -120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(combo, wheel)
    assert [entry["stage"] for entry in list_stage_history(gui_db, contact)] == ["met"]


def test_cancel_a_planned_meeting_from_the_detail_pane(qtbot, gui_db, runner, monkeypatch):
    from datetime import datetime, timedelta, timezone

    from PySide6.QtWidgets import QMessageBox, QPushButton

    from core.book.events import add_meeting, list_meetings

    contact = add_person(gui_db, "Ana Costa", country="BR")
    meeting = add_meeting(gui_db, contact, time_zone="America/Sao_Paulo",
                          starts_at=datetime.now(timezone.utc) + timedelta(days=1))
    page = ContactsPage(gui_db, runner)
    qtbot.addWidget(page)
    page.reload()
    page.show_contact(contact)
    button = page.detail.findChild(QPushButton, f"meetingCancel_{meeting}")
    assert button is not None

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    button.click()
    assert len(list_meetings(gui_db)) == 1
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    button.click()
    assert list_meetings(gui_db) == []
    qtbot.waitUntil(lambda: page.detail.findChild(QPushButton, f"meetingCancel_{meeting}") is None)


def test_work_after_first_rows_waits_for_their_paint(qtbot, gui_db, runner):
    """At start-up the rest loads only once the first page of contacts is on screen."""
    for number in range(30):
        add_person(gui_db, f"Person {number:03d}")
    page = ContactsPage(gui_db, runner)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    qtbot.waitExposed(page)
    summaries_read = []
    read_summary = page.model.summary
    page.model.summary = lambda row: summaries_read.append(row) or read_summary(row)
    read_when_called = []
    page.after_first_rows_shown(lambda: read_when_called.append(len(summaries_read)))
    page.reload()  # the rows arrive at once (immediate runner), the paint comes later
    assert read_when_called == []
    qtbot.waitUntil(lambda: read_when_called != [])
    assert read_when_called[0] >= 1  # the paint showed the first page before the callback ran
    later = []
    page.after_first_rows_shown(lambda: later.append(True))
    assert later == [True]  # once shown, callbacks run at once


def test_work_after_first_rows_runs_one_piece_a_turn_of_the_event_loop(qtbot, gui_db, runner):
    # Between the pieces (the detail pane, babel's data, sync…) the window paints and answers clicks.
    for number in range(30):
        add_person(gui_db, f"Person {number:03d}")
    page = ContactsPage(gui_db, runner)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    qtbot.waitExposed(page)
    order = []

    def first():
        order.append("first")
        QTimer.singleShot(0, lambda: order.append("a click"))  # what the event loop has by then

    page.after_first_rows_shown(first)
    page.after_first_rows_shown(lambda: order.append("second"))
    page.reload()
    qtbot.waitUntil(lambda: len(order) == 3)
    assert order == ["first", "a click", "second"]


def test_work_after_first_rows_runs_at_once_when_nothing_is_painted(qtbot, gui_db, runner):
    page = ContactsPage(gui_db, runner)  # never shown, and the book is empty
    qtbot.addWidget(page)
    called = []
    page.after_first_rows_shown(lambda: called.append(True))
    page.reload()
    assert called == [True]


def test_detail_pane_is_built_once_the_first_rows_are_painted(qtbot, gui_db, runner):
    """At start the pane shows no contact: it is built after the first page, in its place and size."""
    from ui.widgets.contact_detail import ContactDetailView

    for number in range(30):
        add_person(gui_db, f"Person {number:03d}")
    page = ContactsPage(gui_db, runner)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    qtbot.waitExposed(page)
    width = page.splitter.widget(1).width()
    assert page.findChild(ContactDetailView) is None
    page.reload()
    qtbot.waitUntil(lambda: page.findChild(ContactDetailView) is not None)
    detail = page.findChild(ContactDetailView)
    assert page.splitter.widget(1) is detail and page.splitter.count() == 2
    qtbot.waitUntil(detail.isVisible)
    # In its place: the splitter may share out a pixel or two anew (seen with other tests' fonts installed).
    assert abs(detail.width() - width) <= 4
    assert detail.contact_id is None  # the empty state, as before

    page.table.selectRow(3)
    assert detail.contact_id == page.model.contact_id(3)
    requested = []
    page.dossier_requested.connect(lambda *args: requested.append(args))
    detail.request_dossier()  # the pane's requests reach the window through the page
    assert requested == [(detail.contact_id, "")]


def test_contact_shown_before_the_first_rows_is_in_the_pane_and_selected(qtbot, gui_db, runner):
    for number in range(30):
        add_person(gui_db, f"Person {number:03d}")
    wanted = add_person(gui_db, "Zoe Last")
    page = ContactsPage(gui_db, runner)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    page.set_home_time_zone("Asia/Tokyo")  # kept for the pane built later
    page.show_contact(wanted)  # e.g. from Today, while the list is still loading
    page.reload()
    qtbot.waitUntil(lambda: page.table.currentIndex().row() == 30)
    assert page.detail.contact_id == wanted
    assert page.model.contact_id(page.table.currentIndex().row()) == wanted
    assert page.detail._home == "Asia/Tokyo"


def test_model_extends_the_rows_shown_keeping_fetched_rows_and_selection(qapp, gui_db):
    for number in range(450):
        add_person(gui_db, f"Person {number:03d}")
    everyone = list_contact_rowids(gui_db)
    model = ContactTableModel(gui_db)
    model.set_rowids(everyone[:200])
    assert model.data(model.index(3, 0)) == "Person 003"
    kept = QPersistentModelIndex(model.index(3, 0))
    inserted, resets = [], []
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    model.modelReset.connect(lambda: resets.append(True))
    model.extend_rowids(everyone)
    assert (inserted, resets) == ([(200, 449)], [])
    assert model.rowCount() == 450 and kept.row() == 3
    assert model.pages_fetched == 1  # the first page was not read again
    assert model.data(model.index(449, 0)) == "Person 449"
    model.extend_rowids(list(reversed(everyone)))  # not a continuation: shown afresh
    assert resets == [True] and model.data(model.index(0, 0)) == "Person 449"


def test_start_shows_the_first_page_then_adds_the_rest_below(qtbot, gui_db, runner):
    for number in range(450):
        add_person(gui_db, f"Person {number:03d}")
    page = ContactsPage(gui_db, runner)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    shown = []
    page.model.modelReset.connect(lambda: shown.append(("reset", page.model.rowCount())))
    page.model.rowsInserted.connect(lambda _parent, first, last: shown.append(("added", first, last)))
    page.reload()
    assert shown == [("reset", ContactTableModel.PAGE_SIZE), ("added", 200, 449)]
    assert page.count_label.text() == "450 contacts"
    page.reload()  # later loads show the whole list at once
    assert shown[2:] == [("reset", 450)]


def test_start_shows_saved_country_names_then_babel_s_own(qtbot, gui_db, runner, saved_names_folder):
    """The first page need not wait for babel's data: names saved by the last start show until it loads."""
    add_person(gui_db, "Tanaka Taro", country="JP")
    saved_names_folder.mkdir()
    (saved_names_folder / "country-names-en_GB.json").write_text('{"JP": "Japan (saved)"}', encoding="utf-8")
    page = ContactsPage(gui_db, runner)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    page.reload()
    country = page.model.index(0, ContactTableModel.COUNTRY)
    assert country.data() == "Japan (saved)"
    qtbot.waitUntil(lambda: country.data() == "Japan")  # after the first paint
    assert "Japan" == json.loads((saved_names_folder / "country-names-en_GB.json").read_text())["JP"]


def test_escape_clears_the_search_box_and_shows_every_contact(qtbot, gui_db, runner):
    from PySide6.QtCore import Qt

    add_person(gui_db, "Zhang Wei", native_name="张伟", country="CN")
    add_person(gui_db, "Anna Müller", country="DE")
    page = make_page(qtbot, gui_db, runner)
    qtbot.keyClicks(page.search_box, "zhang")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    qtbot.keyClick(page.search_box, Qt.Key.Key_Escape)
    assert page.search_box.text() == ""
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)


def long_pane(qtbot, gui_db, runner):
    """A contact whose card is much taller than the pane, scrolled down to its promises."""
    from core.book.activity import add_commitment, log_interaction

    contact = add_person(gui_db, "Zhang Wei", native_name="张伟", country="CN", notes="Likes tea. " * 40)
    for n in range(12):
        log_interaction(gui_db, contact, kind="note", summary=f"Talked about order {n}")
        add_commitment(gui_db, contact, description=f"Send sample {n}", owed_by="us")
    page = make_page(qtbot, gui_db, runner)
    page.resize(1200, 560)
    page.show_contact(contact)
    bar = page.detail._scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 600)
    bar.setValue(500)
    return page, contact, bar


def test_pane_keeps_its_place_when_the_stage_changes(qtbot, gui_db, runner):
    page, _contact, bar = long_pane(qtbot, gui_db, runner)
    combo = page.detail.stage_combo
    combo.setCurrentIndex(combo.findData("rapport"))
    qtbot.wait(700)  # past the moment the pane follows its growing card
    assert page.detail.stage_combo.currentData() == "rapport"
    assert bar.value() == 500


def test_pane_keeps_its_place_after_a_commitment_is_added(qtbot, gui_db, runner):
    from ui import operations as op

    page, contact, bar = long_pane(qtbot, gui_db, runner)
    operations_for(runner).run(op.add_commitment, contact, description="Call back", owed_by="us")
    qtbot.wait(700)  # past the moment the pane follows its growing card
    assert bar.value() == 500


def test_erase_permanently_asks_naming_the_person_and_leaves_nothing(qtbot, gui_db, runner, monkeypatch):
    contact = add_person(gui_db, "Erasmus Quiblet", country="NL", notes="Loves sailing")
    page = make_page(qtbot, gui_db, runner)
    page.show_contact(contact)
    asked, offered = [], []
    monkeypatch.setattr("ui.widgets.contact_detail.confirm_erase",
                        lambda parent, name: asked.append(name) or True)
    monkeypatch.setattr("ui.widgets.contact_detail.offer_vacuum", lambda parent, names: offered.append(names) or True)
    action = page.detail.erase_action
    assert action.text() == "Erase permanently…" and action in page.detail.more_button.menu().actions()
    action.trigger()
    assert asked == ["Erasmus Quiblet"] and offered == [["Erasmus Quiblet"]]
    assert gui_db.conn.execute("SELECT count(*) FROM contacts").fetchone()[0] == 0
    assert page.model.rowCount() == 0 and page.detail.contact_id is None
    dump = "\n".join(gui_db.conn.iterdump())
    assert "Quiblet" not in dump and "sailing" not in dump


def test_erase_is_not_done_when_cancelled(qtbot, gui_db, runner, monkeypatch):
    from PySide6.QtWidgets import QMessageBox
    from ui.widgets.contact_detail import confirm_erase

    texts = []

    def cancel(box):
        texts.append(box.text())
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "exec", cancel)
    assert confirm_erase(None, "Erasmus Quiblet") is False
    assert "Erase Erasmus Quiblet permanently?" in texts[0]


def test_a_search_past_the_count_cap_says_how_many_at_least(qtbot, gui_db, runner, monkeypatch):
    from core.book import search
    from ui.pages import contacts_page

    monkeypatch.setattr(search, "RANKED_MATCHES_MAX", 3)
    monkeypatch.setattr(contacts_page, "SEARCH_PAGE_ROWS", 2)
    for name in ("Mia Moss", "Max Mayer", "Mo Chen", "Ama Mills", "Emil Marx"):
        add_person(gui_db, name)
    page = make_page(qtbot, gui_db, runner)
    qtbot.keyClicks(page.search_box, "m")
    qtbot.waitUntil(lambda: page.model.rowCount() == 2)
    assert page.count_label.text() == "2 of 3+ matches"


def test_the_first_page_of_rows_comes_with_the_ids_from_the_worker(qtbot, gui_db, runner):
    # Reading the first 200 summaries on the GUI thread held up the repaint after each keystroke.
    for number in range(450):
        add_person(gui_db, f"Person {number:03d}")
    page = make_page(qtbot, gui_db, runner)
    assert page.model.data(page.model.index(0, 0)) == "Person 000"
    assert page.model.pages_fetched == 0
    qtbot.keyClicks(page.search_box, "person 01")
    qtbot.waitUntil(lambda: page.model.rowCount() == 10)
    assert page.model.data(page.model.index(9, 0)) == "Person 019"
    assert page.model.pages_fetched == 0


def test_work_after_first_rows_waits_for_the_whole_list_too(qtbot, gui_db):
    # At start the whole list arrives after the first page is painted; the pane and babel's data,
    # built in between, held it up (and its count) on the GUI thread.
    from ui.pages.contacts_page import load_contact_rowids
    from ui.tasks import ImmediateTaskRunner

    class WholeListLater(ImmediateTaskRunner):
        held = None

        def run_db(self, func, *args, on_done=None, on_error=None):
            if func is load_contact_rowids and self.held is None:
                self.held = lambda: on_done(func(self._db, *args))
                return None
            return super().run_db(func, *args, on_done=on_done, on_error=on_error)

    for number in range(300):
        add_person(gui_db, f"Person {number:03d}")
    runner = WholeListLater(gui_db)
    page = ContactsPage(gui_db, runner)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    qtbot.waitExposed(page)
    called = []
    page.after_first_rows_shown(lambda: called.append(page.model.rowCount()))
    page.reload()
    qtbot.waitUntil(lambda: page.model.rowCount() == 200)
    qtbot.wait(100)  # the first page is painted meanwhile
    assert called == []
    runner.held()
    qtbot.waitUntil(lambda: called != [])
    assert called == [300] and page.count_label.text() == "300 contacts"


def test_the_contact_table_draws_no_focus_frame_around_the_cell_clicked(qtbot, gui_db, runner):
    # Rows are picked whole. The app's style sheet (outline: 0) keeps Qt's dotted frame off
    # the current cell, so plain columns paint with Qt's own delegate, no Python in each cell.
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

    from ui.style import STYLESHEET

    page = make_page(qtbot, gui_db, runner)
    page.setStyleSheet(STYLESHEET)
    table = page.table

    def cell(state):
        option = QStyleOptionViewItem()
        option.initFrom(table)
        option.rect = QRect(0, 0, 200, 34)
        option.state = state
        option.text = "Brightlight"
        option.features = QStyleOptionViewItem.ViewItemFeature.HasDisplay
        image = QImage(200, 34, QImage.Format.Format_ARGB32)
        image.fill(0xFFFFFFFF)
        painter = QPainter(image)
        table.style().drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, table)
        painter.end()
        return image

    shown = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Active
    for selected in (QStyle.StateFlag.State_None, QStyle.StateFlag.State_Selected):
        assert cell(shown | selected | QStyle.StateFlag.State_HasFocus) == cell(shown | selected)


def test_a_new_count_does_not_move_the_search_box(qtbot, gui_db, runner):
    # A wider count laid the search row out again at every keystroke (and repainted the table).
    page = ContactsPage(gui_db, runner)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    qtbot.waitExposed(page)
    page.count_label.setText("1 contact")
    qtbot.wait(20)
    box = page.search_box.geometry()
    for text in ("500 of 3,000+ matches", "500 of 2,345 matches", "100,000 contacts", "7 matches"):
        page.count_label.setText(text)
        qtbot.wait(20)  # the layout runs
        assert page.search_box.geometry() == box, text


def test_the_detail_pane_is_never_a_window_of_its_own(qtbot, qapp, gui_db, runner):
    # Shown before it was put in the splitter, it opened as a top-level window for a moment, and a
    # main window closed just then no longer ended the app.
    from PySide6.QtCore import QEvent, QObject

    from ui.widgets.contact_detail import ContactDetailView

    class WindowsShown(QObject):
        shown = []

        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Show and isinstance(watched, ContactDetailView) and watched.isWindow():
                self.shown.append(watched)
            return False

    spy = WindowsShown()
    qapp.installEventFilter(spy)
    try:
        add_person(gui_db, "Person 001")
        page = ContactsPage(gui_db, runner)
        qtbot.addWidget(page)
        page.show()
        page.reload()
        qtbot.waitUntil(lambda: page.findChild(ContactDetailView) is not None)
    finally:
        qapp.removeEventFilter(spy)
    assert spy.shown == [] and page.detail.isVisible()
