"""A 13-inch screen (1280×720): native names kept, columns that shrink gracefully, a pane that can go."""

from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QWidget

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


def test_a_hyphenated_name_wraps_at_its_space_never_at_its_hyphen(qtbot, main_window, gui_db):
    from PySide6.QtWidgets import QLabel

    contact = add_person(gui_db, "Maryam Al-Harbi", native_name="مريم الحربي", country="SA")
    main_window.resize(1280, 720)
    main_window.show_contact(contact)
    label = main_window.contacts_page.detail.findChild(QLabel, "detailName")
    assert label.text() == "Maryam Al\u2011Harbi"  # a non-breaking hyphen: "Al-" never ends a line


def test_tall_dialogs_fit_the_screen_they_open_on(qtbot, main_window, gui_db, runner):
    from ui.dialogs.contact_dialogs import ContactDialog
    from ui.dialogs.merge_dialog import MergeDialog
    from ui.dialogs.qr_dialogs import MyCardDialog, ReadQrDialog
    from ui_helpers import operations_on

    first, second = add_person(gui_db, "Wei Zhang"), add_person(gui_db, "Zhang Wei")
    area = main_window.screen().availableGeometry()
    for dialog in (MyCardDialog(gui_db, main_window), ReadQrDialog(runner, main_window),
                   ContactDialog(operations_on(gui_db), main_window),
                   MergeDialog(operations_on(gui_db), first, second, main_window)):
        qtbot.addWidget(dialog)
        assert dialog.height() <= area.height() and dialog.width() <= area.width(), type(dialog).__name__


def test_phrasebook_categories_and_search_placeholder_fit_at_1280(qtbot, main_window):
    main_window.resize(1280, 720)
    main_window.show_page("phrasebook")
    page = main_window.phrasebook_page
    qtbot.waitUntil(lambda: page.category_list.count() > 10, timeout=10_000)
    categories = page.category_list
    font = categories.font()
    font.setPointSizeF(13)  # the app's style sheet font is larger than the test platform's
    categories.setFont(font)
    page._fill_categories()
    qtbot.wait(50)
    metrics = categories.fontMetrics()
    room = categories.viewport().width() - 2 * 10  # the items' padding
    for row in range(categories.count()):
        text = categories.item(row).text()
        assert metrics.horizontalAdvance(text) <= room, text
    box = page.search_box
    assert box.fontMetrics().horizontalAdvance(box.placeholderText()) < box.width() - 40


def test_the_phrasebook_fits_a_1024_pixel_screen(qtbot, main_window):
    # The language list grew to its longest name and the header with it: the window needed 1092 px.
    main_window.show_page("phrasebook")
    page = main_window.findChild(QWidget, "phraseLanguage").window()
    combo = main_window.findChild(QWidget, "phraseLanguage")
    qtbot.waitUntil(lambda: combo.count() > 20)
    assert page.minimumSizeHint().width() <= 1024 - 16  # the window frame's borders
    # Names are still shown whole in the open list.
    view = combo.view()
    assert view.minimumWidth() >= max(view.sizeHintForColumn(0), 1)
