"""Dossiers in the GUI: preview, save, print, the day's batch, and the buttons that open them."""

from datetime import date

from PySide6.QtPrintSupport import QPrinter

from tests.dossier_fixtures import NOW, PARTNERS, add_partners

DAY = date(2026, 11, 23)


def open_dialog(qtbot, runner, **kwargs):
    from ui.dialogs.dossier_dialog import DossierDialog

    dialog = DossierDialog(runner, **kwargs)
    qtbot.addWidget(dialog)
    return dialog


def test_preview_shows_the_dossier_and_saves_it(qtbot, gui_db, runner, tmp_path):
    ids = add_partners(gui_db)
    dialog = open_dialog(qtbot, runner, contact_id=ids["JP"], title="Dossier: Tanaka Taro")
    assert dialog.pdf_bytes.startswith(b"%PDF")
    assert dialog.document.pageCount() >= 1
    assert dialog.print_button.isEnabled() and dialog.save_button.isEnabled()
    assert "page" in dialog.status_label.text()
    saved = dialog.save_dossier(str(tmp_path / "tanaka.pdf"))
    assert (tmp_path / "tanaka.pdf").read_bytes() == dialog.pdf_bytes and saved


def test_changing_the_language_makes_the_dossier_again(qtbot, gui_db, runner):
    ids = add_partners(gui_db)
    dialog = open_dialog(qtbot, runner, contact_id=ids["DE"])
    english = dialog.pdf_bytes
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("de"))
    assert dialog.language == "de" and dialog.pdf_bytes != english


def test_printing_sends_every_page(qtbot, gui_db, runner, tmp_path):
    from ui.dialogs.dossier_dialog import print_pdf

    ids = add_partners(gui_db)
    dialog = open_dialog(qtbot, runner, contact_id=ids["SA"])
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert print_pdf(dialog.document, printer) == dialog.document.pageCount()
    assert (tmp_path / "printed.pdf").stat().st_size > 10_000


def test_the_day_batch_has_a_cover_and_every_partner(qtbot, gui_db, runner, monkeypatch):
    add_partners(gui_db)
    dialog = open_dialog(qtbot, runner, day=DAY, title="Dossiers for 2026-11-23")
    assert dialog.document.pageCount() >= len(PARTNERS) + 1
    assert dialog.suggested_file_name() == "Dossiers 2026-11-23.pdf"


def test_today_meetings_open_their_dossier(qtbot, main_window, gui_db):
    ids = add_partners(gui_db)
    today = main_window.today_page
    today.refresh(now=NOW)
    items = today.items("meetings")
    assert len(items) == len(PARTNERS)
    with qtbot.waitSignal(today.dossier_requested) as signal:
        items[0].dossier_button.click()
    contact_id, meeting_id = signal.args
    assert contact_id == ids["JP"] and meeting_id
    dialog = main_window.dossier_dialog
    assert dialog.isVisible() and dialog.meeting_id == meeting_id and dialog.pdf_bytes


def test_the_contact_pane_opens_the_partner_dossier(qtbot, main_window, gui_db):
    ids = add_partners(gui_db)
    main_window.show_contact(ids["TH"])
    main_window.contacts_page.detail.dossier_button.click()
    dialog = main_window.dossier_dialog
    assert dialog.contact_id == ids["TH"] and dialog.document.pageCount() >= 1
    assert "Somchai" in dialog.windowTitle()


def test_dossiers_page_lists_the_day_and_opens_the_batch(qtbot, main_window, gui_db):
    add_partners(gui_db)
    main_window.show_page("dossiers")
    page = main_window.dossiers_page
    page.date_edit.setDate(page.date_edit.date().fromString("2026-11-23", "yyyy-MM-dd"))
    assert page.table.rowCount() == len(PARTNERS)
    assert page.table.item(0, 1).text().startswith("Tanaka Taro")
    assert page.table.item(0, 2).text() == "Maruwa Trading"
    # The time at the fair says its place as Today does, never a zone's code ("Asia/Tokyo").
    for row in range(page.table.rowCount()):
        assert "/" not in page.table.item(row, 0).text()
    with qtbot.waitSignal(page.dossier_requested):
        page.open_button.click()
    page.batch_button.click()
    assert main_window.dossier_dialog.day == DAY
    page.date_edit.setDate(page.date_edit.date().addDays(1))
    assert page.table.rowCount() == 0 and page.empty_label.isVisibleTo(page)
    assert not page.batch_button.isEnabled()


def test_preview_fits_the_screen_it_opens_on(qtbot, gui_db, runner):
    from PySide6.QtWidgets import QWidget

    ids = add_partners(gui_db)
    owner = QWidget()
    qtbot.addWidget(owner)
    owner.show()
    area = owner.screen().availableGeometry()
    assert area.height() < 1000  # the offscreen screen is smaller than the preview's wish
    from ui.dialogs.dossier_dialog import DossierDialog

    dialog = DossierDialog(runner, contact_id=ids["JP"], parent=owner)  # goes with its owner
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.width() <= area.width() and dialog.height() <= area.height()
    assert area.contains(dialog.frameGeometry())
