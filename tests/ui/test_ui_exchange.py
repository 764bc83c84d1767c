"""File → Import… and File → Export…, and the detail pane's vCard export."""

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from core.book.contacts import add_contact, count_contacts, get_contact

DATA = Path(__file__).resolve().parent.parent / "data" / "exchange"


def with_dialog(action):
    """Run *action* on the modal dialog once it is open."""
    QTimer.singleShot(0, lambda: action(QApplication.activeModalWidget()))


def test_import_vcard_previews_then_imports_and_refreshes_the_list(qtbot, main_window, gui_db):
    seen = {}

    def check_and_import(dialog):
        seen["counts"] = dialog.counts_label.text()
        seen["rows"] = dialog.contacts_table.model().rowCount()
        seen["enabled"] = dialog.import_button.isEnabled()
        dialog.import_button.click()

    with_dialog(check_and_import)
    assert main_window.import_contacts(str(DATA / "mixed_versions.vcf"))
    assert "8 new contacts" in seen["counts"] and seen["rows"] == 8 and seen["enabled"]
    assert count_contacts(gui_db) == 8
    assert main_window.contacts_page.model.rowCount() == 8
    assert main_window.count_label.text() == "8 contacts"


def test_broken_file_lists_problems_by_line_and_cannot_be_imported(qtbot, main_window, gui_db):
    seen = {}

    def check(dialog):
        model = dialog.problems_table.model()
        seen["lines"] = {model.index(r, 0).data() for r in range(model.rowCount())}
        seen["enabled"] = dialog.import_button.isEnabled()
        dialog.reject()

    with_dialog(check)
    assert not main_window.import_contacts(str(DATA / "broken.vcf"))
    assert {"1", "6", "13", "15"} <= seen["lines"] and not seen["enabled"]
    assert count_contacts(gui_db) == 0


def test_csv_mapping_step_then_preview_then_import(qtbot, main_window, gui_db):
    seen = {}

    def map_and_import(dialog):
        seen["page"] = dialog.pages.currentIndex()
        seen["preset"] = dialog.combos["E-Mail"].currentData()
        seen["values"] = dialog.mapping_table.item(0, 1).text()
        dialog.set_mapping("Land", "country")
        dialog.preview_button.click()
        seen["errors"] = dialog.import_button.isEnabled()
        dialog.back_button.click()
        dialog.set_mapping("E-Mail", "")  # ignore: the row with only a bad email has no name either
        dialog.preview_button.click()
        dialog.reject()

    with_dialog(map_and_import)
    main_window.import_contacts(str(DATA / "excel_semicolon.csv"))
    assert seen["page"] == 0 and seen["preset"] == "email" and seen["values"] == "Sofia Rossi"
    assert seen["errors"] is False  # line 4 has no name


def test_google_csv_import_keeps_country_from_the_mapping(qtbot, main_window, gui_db):
    def go(dialog):
        dialog.preview_button.click()
        dialog.import_button.click()

    with_dialog(go)
    assert main_window.import_contacts(str(DATA / "google_contacts.csv"))
    assert count_contacts(gui_db) == 3


def test_export_all_or_selected(qtbot, main_window, gui_db, tmp_path):
    first = add_contact(gui_db, display_name="Anna Müller", country="DE")
    add_contact(gui_db, display_name="Zhang Wei", native_name="张伟", country="CN")
    target = tmp_path / "selected.vcf"

    def export_selected(dialog):
        assert dialog.selected_button.isEnabled() and dialog.selected_button.isChecked()
        dialog.format_buttons["vcf-3.0"].setChecked(True)
        dialog.path_chooser = lambda kind: str(target)
        dialog.export_button.click()

    with_dialog(export_selected)
    assert main_window.export_contacts([first])
    text = target.read_text(encoding="utf-8")
    assert text.count("BEGIN:VCARD") == 1 and "VERSION:3.0" in text and "Anna Müller" in text

    calendar = tmp_path / "all.ics"

    def export_calendar(dialog):
        dialog.format_buttons["ics"].setChecked(True)
        dialog.path_chooser = lambda kind: str(calendar)
        dialog.export_button.click()

    with_dialog(export_calendar)
    assert main_window.export_contacts([])
    assert calendar.read_bytes().startswith(b"BEGIN:VCALENDAR")


def test_detail_pane_shows_addresses_and_exports_one_vcard(qtbot, main_window, gui_db, tmp_path):
    contact_id = add_contact(gui_db, display_name="Ana Costa", urls=["https://lusoimport.pt"],
                             addresses=[{"label": "work", "street": "Rua Augusta 100", "city": "Lisboa"}],
                             extras=[{"name": "NICKNAME", "value": "Aninhas"}])
    main_window.show_contact(contact_id)
    detail = main_window.contacts_page.detail
    address = detail.findChild(type(detail.empty_hint), "detailAddress")
    assert "Rua Augusta 100" in address.text()
    assert "lusoimport.pt" in detail.findChild(type(detail.empty_hint), "detailUrls").text()
    assert "Aninhas" in detail.findChild(type(detail.empty_hint), "detailExtras").text()
    target = tmp_path / "ana.vcf"
    detail.vcard_path_chooser = lambda name: str(target)
    assert detail.export_vcard() == str(target)
    assert "NICKNAME:Aninhas" in target.read_text(encoding="utf-8")
    assert get_contact(gui_db, contact_id)["urls"][0]["value"] == "https://lusoimport.pt"


def test_a_csv_export_says_which_cells_it_kept_from_running_as_formulas(qtbot, main_window, gui_db, tmp_path):
    add_contact(gui_db, display_name='=HYPERLINK("http://evil.example","Click")', country="DE")
    target = tmp_path / "all.csv"

    def export_csv_file(dialog):
        dialog.format_buttons["csv"].setChecked(True)
        dialog.path_chooser = lambda kind: str(target)
        dialog.export_button.click()

    with_dialog(export_csv_file)
    assert main_window.export_contacts([])
    assert "'=HYPERLINK" in target.read_text(encoding="utf-8-sig")
    message = main_window.statusBar().currentMessage()
    assert "1 cell starts with = + - @ or a tab" in message
