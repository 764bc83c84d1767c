"""Pages are drawn whole: what a paint right after a page is (re)built shows is already the finished page,
not the old cards gone and the new ones not yet shown (they used to appear a few turns of the event loop later)."""

from PySide6.QtWidgets import QFrame, QWidget

from core.book.activity import add_commitment, log_interaction
from ui.pages.contacts_page import ContactsPage
from ui_helpers import add_person


def card_geometries(detail):
    content = detail._scroll.widget()
    return [(card.isVisible(), card.geometry().getRect()) for card in content.findChildren(QFrame)
            if card.parent() is content]


def test_a_selected_contacts_cards_are_whole_before_the_next_paint(qtbot, gui_db, runner):
    first = add_person(gui_db, "Anna Müller", country="DE", notes="Met at the booth. " * 20)
    second = add_person(gui_db, "Zhang Wei", native_name="张伟", country="CN", notes="Likes tea. " * 30)
    for n in range(3):
        log_interaction(gui_db, second, kind="note", summary=f"Talked about order {n}")
        add_commitment(gui_db, second, description=f"Send sample {n}", owed_by="us")
    page = ContactsPage(gui_db, runner)
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    qtbot.waitExposed(page)
    page.show_contact(first)
    qtbot.wait(50)
    page.show_contact(second)
    now = card_geometries(page.detail)  # no turn of the event loop yet: what the next paint draws
    bar_now = page.detail._scroll.verticalScrollBar().maximum()
    qtbot.wait(300)
    assert len(now) >= 6 and all(visible for visible, _rect in now)
    assert now == card_geometries(page.detail)
    assert bar_now == page.detail._scroll.verticalScrollBar().maximum()


def test_the_first_selected_contact_does_not_wait_for_the_phrasebooks(qtbot, gui_db, runner, monkeypatch):
    from core.content import phrasebooks

    zhang = add_person(gui_db, "Zhang Wei", native_name="张伟", country="CN")
    read = []
    real_load = phrasebooks.load_phrasebooks
    monkeypatch.setattr(phrasebooks, "load_phrasebooks", lambda *a: read.append(a) or real_load(*a))
    queued = []
    real_run = runner.run
    monkeypatch.setattr(runner, "run", lambda func, *args, **kw: queued.append((func, args, kw)))
    page = ContactsPage(gui_db, runner)
    qtbot.addWidget(page)
    page.show_contact(zhang)
    # Reading every phrasebook took a second or more on the GUI thread: it is a task now.
    assert read == [] and [func for func, _args, _kw in queued] == [phrasebooks.load_phrasebooks]
    entry = page.detail.phrases_button
    assert not entry.isEnabled() and entry.toolTip() == "Reading the phrasebooks…"
    func, args, kw = queued.pop()
    real_run(func, *args, **kw)
    assert entry.isEnabled() and entry.toolTip() == "Phrases in Chinese (Simplified)"
    page.show_contact(zhang)
    assert not queued and entry.isEnabled()  # read once


def test_today_is_shown_whole_when_its_items_arrive(qtbot, gui_db, runner, monkeypatch):
    from datetime import datetime, timedelta, timezone

    from PySide6.QtWidgets import QLabel

    from ui.pages.today_page import TodayItemFrame, TodayPage

    now = datetime(2026, 11, 23, 8, 0, tzinfo=timezone.utc)
    for n in range(5):
        contact = add_person(gui_db, f"Partner {n}", country="JP")
        add_commitment(gui_db, contact, description=f"Send sample {n}", owed_by="us",
                       due_on=(now - timedelta(days=n)).date().isoformat())
    queued = []
    real_run_db = runner.run_db
    monkeypatch.setattr(runner, "run_db", lambda *args, **kw: queued.append((args, kw)))
    page = TodayPage(gui_db, runner, home_time_zone="Asia/Tokyo")
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    page.refresh(now=now)
    qtbot.waitExposed(page)
    header_height = page.header.height()
    body = page._scroll.widget()
    # Before its items: no empty section headings waiting to be filled.
    assert not [label for label in body.findChildren(QLabel) if label.isVisible()]

    args, kw = queued.pop()
    real_run_db(*args, **kw)  # the items arrive
    body = page._scroll.widget()

    def drawn():
        return [(type(w).__name__, w.geometry().getRect()) for w in body.findChildren(QWidget)
                if w.isVisible() and w.parent() is body]

    now_drawn = drawn()  # no turn of the event loop yet: what the next paint shows
    items = [w for w in body.findChildren(TodayItemFrame)]
    assert len(items) == 5 and all(item.isVisible() and item.height() > 20 for item in items)
    assert page.header.height() == header_height  # the date line had its room already
    qtbot.wait(300)
    assert now_drawn == drawn()
