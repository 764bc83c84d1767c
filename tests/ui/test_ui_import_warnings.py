"""Issue 17 in the import dialog: columns and properties no field takes, the detected encoding,
and the clue that gave a contact its country, all shown before anything is imported."""

from pathlib import Path

from PySide6.QtCore import Qt

from core.book.settings import set_setting
from ui.dialogs.exchange_dialogs import ImportDialog
from ui_helpers import operations_on

DATA = Path(__file__).resolve().parent.parent / "data" / "exchange"


def problems(dialog):
    model = dialog.problems_table.model()
    return [(model.index(r, 1).data(), model.index(r, 2).data()) for r in range(model.rowCount())]


def test_unmapped_properties_and_the_country_clue_are_in_the_preview(qtbot, gui_db, tmp_path):
    set_setting(gui_db, "home_country", "DE")
    path = tmp_path / "cards.vcf"
    path.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:高橋 健二\nORG:京都精機株式会社\nTEL:075-123-4567\n"
                    "X-SHOE-SIZE:42\nEND:VCARD\n", encoding="utf-8")
    dialog = ImportDialog(operations_on(gui_db), str(path))
    qtbot.addWidget(dialog)
    assert dialog.pages.currentIndex() == 1
    (field, message), = [p for p in problems(dialog) if p[0] == "X-SHOE-SIZE"]
    assert "1 card" in message and message.startswith("Warning")
    assert "1 column or property" in dialog.info.text()
    country = dialog.contacts_table.model().index(0, 3).data()
    assert "JP" in country and "legal form" in country and "株式会社" in country
    assert dialog.import_button.isEnabled()


def test_the_detected_encoding_is_shown_and_can_be_changed(qtbot, gui_db):
    dialog = ImportDialog(operations_on(gui_db), str(DATA / "outlook_cp1250.csv"))
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.pages.currentIndex() == 0  # the column mapping first
    assert "Windows-1250 (Central European)" in dialog.encoding_label.text()
    assert "detected" in dialog.encoding_label.text()
    assert dialog.mapping_table.item(0, 1).text().startswith("Łukasz")
    dialog.preview_button.click()
    assert any("Windows-1250" in message for _field, message in problems(dialog))
    dialog.back_button.click()
    combo = dialog.encoding_combo
    combo.setCurrentIndex(combo.findData("cp1252"))
    assert "Windows-1252" in dialog.encoding_label.text() and "chosen" in dialog.encoding_label.text()
    assert dialog.mapping_table.item(0, 1).text().startswith("£ukasz")
    dialog.preview_button.click()
    assert not any("detected" in message for _field, message in problems(dialog))


def test_an_unmapped_column_is_mapped_from_its_warning_in_one_click(qtbot, gui_db, tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("Name,Email,Sekretariat\nAnna Berg,anna@example.org,+49 170 1234567\n", encoding="utf-8")
    dialog = ImportDialog(operations_on(gui_db), str(path))
    qtbot.addWidget(dialog)
    dialog.preview_button.click()
    table, model = dialog.problems_table, dialog.problems_table.model()
    (row,) = [r for r in range(model.rowCount()) if model.index(r, 1).data() == "Sekretariat"]
    assert "map this column" in model.index(row, 2).data(Qt.ItemDataRole.ToolTipRole)
    table.doubleClicked.emit(model.index(row, 2))
    assert dialog.pages.currentIndex() == 0 and dialog.focusWidget() is dialog.combos["Sekretariat"]
    dialog.set_mapping("Sekretariat", "phone:mobile")
    dialog.preview_button.click()
    assert dialog.preview.new[0].fields["phones"][0]["value"] == "+491701234567"
    assert not [p for p in dialog.preview.warnings if p.field == "Sekretariat"]


def test_the_mapping_is_learned_for_the_next_file_with_the_same_headers(qtbot, gui_db, settings, tmp_path):
    first, second = tmp_path / "fair1.csv", tmp_path / "fair2.csv"
    first.write_text("Name,Email,Sekretariat\nAnna Berg,anna@example.org,+49 170 1234567\n", encoding="utf-8")
    second.write_text("Name,Email,Sekretariat\nBo Lind,bo@example.org,+46 70 123 45 67\n", encoding="utf-8")
    dialog = ImportDialog(operations_on(gui_db), str(first), settings=settings)
    qtbot.addWidget(dialog)
    dialog.set_mapping("Sekretariat", "phone:work")
    dialog.preview_button.click()
    dialog.import_button.click()
    assert dialog.result is not None
    again = ImportDialog(operations_on(gui_db), str(second), settings=settings)
    qtbot.addWidget(again)
    assert again.combos["Sekretariat"].currentData() == "phone:work"
    assert "last time" in again.info.text()
