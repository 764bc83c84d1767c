"""A 13-inch screen (1280×720): native names kept, columns that shrink gracefully, a pane that can go."""

from PySide6.QtGui import QFontMetrics

from ui.models.contact_model import ContactTableModel
from ui.widgets.delegates import fit_name_and_native
from ui_helpers import add_person

PEOPLE = [("Chang Cheng-han", "張承翰", "TW", "Taipei"), ("Hong Jung-hoon", "홍정훈", "KR", "Seoul"),
          ("Maryam Al-Harbi", "مريم الحربي", "SA", "Riyadh"), ("Somchai Wongsakul", "สมชาย วงศ์สกุล", "TH",
                                                                     "Chiang Mai")]


def book_at_1280(qtbot, main_window, gui_db):
    for name, native, country, city in PEOPLE:
        add_person(gui_db, name, native_name=native, country=country, city=city,
                   company="Formosa Precision Components Co., Ltd.", job_title="Senior Purchasing Manager")
    main_window.resize(1280, 720)
    page = main_window.contacts_page
    page.reload()
    main_window.show_page("contacts")
    qtbot.waitUntil(lambda: page.model.rowCount() == len(PEOPLE))
    page.table.selectRow(0)
    qtbot.waitUntil(lambda: page.detail.contact_id is not None)
    return page


def test_native_names_are_shown_whole_at_1280(qtbot, main_window, gui_db):
    page = book_at_1280(qtbot, main_window, gui_db)
    table = page.table
    width = table.columnWidth(ContactTableModel.NAME) - 16  # the delegate's margins
    metrics = QFontMetrics(table.font())
    for name, native, *_rest in PEOPLE[:3]:
        assert fit_name_and_native(metrics, metrics, name, native, width) == (name, native)


def test_country_and_city_are_not_cut_at_1280(qtbot, main_window, gui_db):
    page = book_at_1280(qtbot, main_window, gui_db)
    table = page.table
    metrics = table.fontMetrics()
    assert table.columnWidth(ContactTableModel.COUNTRY) >= metrics.horizontalAdvance("South Korea") + 16
    assert table.columnWidth(ContactTableModel.CITY) >= metrics.horizontalAdvance("Chiang Mai") + 16
    # Everything fits the list's width: no sideways scrolling.
    assert not table.horizontalScrollBar().isVisible()


def test_a_narrow_name_column_shortens_the_name_in_the_middle_and_keeps_the_native_one():
    from PySide6.QtGui import QFont

    metrics = QFontMetrics(QFont())
    full = metrics.horizontalAdvance("Chang Cheng-han  張承翰")
    name, native = fit_name_and_native(metrics, metrics, "Chang Cheng-han", "張承翰", full * 3 // 4)
    assert native == "張承翰" and "…" in name and name.startswith("Ch") and name.endswith("n")
    assert fit_name_and_native(metrics, metrics, "Chang Cheng-han", "張承翰", 20)[1] == ""


def test_the_detail_pane_can_be_hidden_and_the_window_remembers(qtbot, main_window, gui_db, settings,
                                                                runner):
    from ui.main_window import MainWindow

    page = book_at_1280(qtbot, main_window, gui_db)
    name_width = page.table.columnWidth(ContactTableModel.NAME)
    page.details_button.click()
    assert not page.detail.isVisible()
    qtbot.waitUntil(lambda: page.table.columnWidth(ContactTableModel.NAME) > name_width)
    assert not page.table.isColumnHidden(ContactTableModel.TITLE)  # the list has room for titles again
    main_window.save_state()
    again = MainWindow(settings=settings, runner=runner, db=gui_db)
    qtbot.addWidget(again)
    assert not again.contacts_page.detail_shown()
    again.contacts_page.details_button.click()
    assert again.contacts_page.detail_shown()
