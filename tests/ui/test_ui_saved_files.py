"""Suggested file names are valid on every system; save dialogs open in a sensible folder; saved files can be opened."""

import os
from pathlib import PureWindowsPath

from PySide6.QtWidgets import QFileDialog

from tests.dossier_fixtures import add_partners
from ui.dialogs import file_dialogs
from ui.dialogs.file_dialogs import LAST_SAVE_FOLDER_KEY, save_dialog, save_folder


def valid_on_windows(name):
    return (not any(ch in name for ch in '<>:"/\\|?*') and not name.endswith((".", " "))
            and not PureWindowsPath(name).is_reserved())


def test_the_dossier_file_name_is_valid_on_windows(qtbot, gui_db, runner):
    from ui.dialogs.dossier_dialog import DossierDialog

    ids = add_partners(gui_db)
    dialog = DossierDialog(runner, contact_id=ids["JP"], title="Dossier: Yamada Yumi")
    qtbot.addWidget(dialog)
    assert dialog.suggested_file_name() == "Dossier - Yamada Yumi.pdf"
    assert valid_on_windows(dialog.suggested_file_name())


def test_the_vcard_name_is_made_safe_in_the_save_dialog(qtbot, settings, tmp_path):
    settings.setValue(LAST_SAVE_FOLDER_KEY, str(tmp_path))
    dialog = save_dialog(None, "Export vCard", "vCard (*.vcf)", "Con: Ltd.vcf", settings)
    chosen = dialog.selectedFiles()[0]
    dialog.deleteLater()
    assert os.path.dirname(chosen) == str(tmp_path)
    assert os.path.basename(chosen) == "Con - Ltd.vcf" and valid_on_windows(os.path.basename(chosen))


def test_save_dialogs_open_in_documents_then_in_the_last_folder(qtbot, settings, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the folder the app was started from is never the suggestion
    assert save_folder(settings) != str(tmp_path)
    target = tmp_path / "out"
    target.mkdir()
    monkeypatch.setattr(file_dialogs, "_selected", lambda dialog: str(target / "x.pdf"))
    assert file_dialogs.choose_save_file(None, "Save", "PDF (*.pdf)", "x.pdf", settings) == str(target / "x.pdf")
    assert save_folder(settings) == str(target)
    dialog = save_dialog(None, "Save", "PDF (*.pdf)", "y.pdf", settings)
    assert dialog.acceptMode() == QFileDialog.AcceptMode.AcceptSave
    assert dialog.directory().absolutePath() == str(target)
    dialog.deleteLater()


def test_a_saved_dossier_offers_open_and_show_in_folder(qtbot, gui_db, runner, tmp_path, monkeypatch):
    from ui.dialogs.dossier_dialog import DossierDialog

    opened = []
    monkeypatch.setattr(file_dialogs.QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    ids = add_partners(gui_db)
    dialog = DossierDialog(runner, contact_id=ids["JP"], title="Dossier: Tanaka Taro")
    qtbot.addWidget(dialog)
    path = str(tmp_path / "tanaka.pdf")
    dialog.save_dossier(path)
    assert "Open" in dialog.status_label.text() and "Show in folder" in dialog.status_label.text()
    dialog.status_label.linkActivated.emit("open")
    dialog.status_label.linkActivated.emit("folder")
    assert opened == [path, str(tmp_path)]


def test_an_export_offers_open_and_show_in_folder_in_the_toast(qtbot, main_window, tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr(file_dialogs.QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    main_window.toast.show_saved_file(str(tmp_path / "all.vcf"))
    assert main_window.toast.label.text() == "Saved to all.vcf"
    assert main_window.toast.open_button.isVisibleTo(main_window)
    assert not main_window.toast.undo_button.isVisibleTo(main_window)
    main_window.toast.folder_button.click()
    assert opened == [str(tmp_path)]


def test_a_reserved_name_gets_a_mark(qtbot, settings, tmp_path):
    settings.setValue(LAST_SAVE_FOLDER_KEY, str(tmp_path))
    dialog = save_dialog(None, "Export vCard", "vCard (*.vcf)", "nul.vcf", settings)
    name = os.path.basename(dialog.selectedFiles()[0])
    dialog.deleteLater()
    assert name == "nul_.vcf" and valid_on_windows(name)
