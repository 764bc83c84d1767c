"""The contact list's cells: drawn as Qt draws their texts, without laying a name out again in every repaint."""

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPalette

from core.book.summaries import list_contact_rowids
from ui.formatting import is_right_to_left
from ui.models.contact_model import ContactTableModel
from ui.pages.contacts_page import ContactsPage
from ui.style import MUTED
from ui.widgets import delegates
from ui_helpers import add_person

PEOPLE = [("Zhang Wei", "张伟", "CN"), ("Maryam Al-Harbi", "مريم الحربي", "SA"), ("Yossi Cohen", "יוסי כהן", "IL"),
          ("Anna Müller", None, "DE"), ("Somchai Wongsakul", "สมชาย วงศ์สกุล", "TH"),
          ("Tanaka Taro", "田中 太郎", "JP"), ("Chang Cheng-han", "張承翰", "TW")]


def shown_page(qtbot, gui_db, runner):
    for name, native, country in PEOPLE:
        add_person(gui_db, name, native_name=native, country=country)
    page = ContactsPage(gui_db, runner)
    qtbot.addWidget(page)
    page.resize(900, 420)
    page.show()
    page.reload()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: page.model.rowCount() == len(PEOPLE))
    return page


class DrawTextNames(delegates.ContactNameDelegate):
    """The names as QPainter.drawText lays them out in each paint (how the cells were drawn before)."""

    def paint(self, painter, option, index):
        name, native, font = index.model().name_cell(index.row())
        self.draw_background(painter, option, focus_frame=False)
        font = font.resolve(option.font) if font is not None else option.font
        medium = QFont(font)
        medium.setWeight(QFont.Weight.Medium)
        rect = option.rect.adjusted(10, 0, -6, 0)
        name_text, native_text = delegates.fit_name_and_native(QFontMetrics(medium), QFontMetrics(font), name,
                                                               native, rect.width())
        left = int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft)
        painter.save()
        painter.setFont(medium)
        painter.setPen(option.palette.color(QPalette.ColorRole.Text))
        painter.drawText(rect, left, name_text)
        if native_text:
            flags = left | int(Qt.AlignmentFlag.AlignAbsolute)
            if is_right_to_left(native_text):
                flags |= int(Qt.TextFlag.TextForceRightToLeft)
            painter.setFont(font)
            painter.setPen(QColor(MUTED))
            gap = QFontMetrics(medium).horizontalAdvance(name_text) + delegates.NATIVE_GAP
            painter.drawText(rect.adjusted(gap, 0, 0, 0), flags, native_text)
        painter.restore()


def name_column(page):
    viewport = page.table.viewport()
    return viewport.grab(QRect(0, 0, page.table.columnWidth(ContactTableModel.NAME), viewport.height())).toImage()


def test_names_are_painted_as_qt_draws_their_text(qtbot, gui_db, runner):
    # Latin, CJK in each country's face, Arabic and Hebrew read right to left, Thai; a selected row.
    page = shown_page(qtbot, gui_db, runner)
    page.table.selectRow(1)
    for width in (None, 100):  # whole, and cut in the middle of the name
        if width:
            page._user_sized_columns = True  # as after the user drags the column's edge
            page.table.setColumnWidth(ContactTableModel.NAME, width)
        painted = name_column(page)
        assert painted.width() > 0
        page.table.setItemDelegateForColumn(ContactTableModel.NAME, DrawTextNames(page.table))
        assert name_column(page) == painted
        page.table.setItemDelegateForColumn(ContactTableModel.NAME, delegates.ContactNameDelegate(page.table))


def test_a_repaint_lays_out_no_name_again(qtbot, gui_db, runner, monkeypatch):
    page = shown_page(qtbot, gui_db, runner)
    name_column(page)  # painted once
    laid_out = []
    lay_out = delegates._static_text
    monkeypatch.setattr(delegates, "_static_text", lambda text, *args, **kwargs:
                        laid_out.append(text) or lay_out(text, *args, **kwargs))
    name_column(page)
    assert laid_out == []
    page._user_sized_columns = True  # as after the user drags the column's edge
    page.table.setColumnWidth(ContactTableModel.NAME, 100)  # narrower: laid out again, once
    name_column(page)
    name_column(page)
    assert laid_out.count("张伟") == 1


def test_the_model_leaves_cell_flags_to_qt(qapp, gui_db):
    # flags() is asked for every cell of every repaint: Qt's own answer costs no Python call.
    add_person(gui_db, "Anna Müller")
    model = ContactTableModel(gui_db)
    model.set_rowids(list_contact_rowids(gui_db))
    assert "flags" not in ContactTableModel.__dict__
    flags = model.flags(model.index(0, ContactTableModel.NAME))
    assert flags & Qt.ItemFlag.ItemIsEnabled and flags & Qt.ItemFlag.ItemIsSelectable
    assert not flags & Qt.ItemFlag.ItemIsEditable

