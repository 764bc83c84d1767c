"""Preferences ▸ Interface language: every shipped catalog by its own name, a restart offered on Save."""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from core import i18n
from core.book.settings import INTERFACE_LANGUAGE, get_setting, set_setting
from ui.dialogs.preferences_dialog import PreferencesDialog
from ui_helpers import operations_on

ROOT = Path(__file__).resolve().parents[2]


def test_the_list_is_the_system_default_then_each_catalog_in_its_own_language(qtbot, gui_db, tmp_path,
                                                                              monkeypatch):
    folder = tmp_path / "locale"
    for code in ("de", "ja"):
        (folder / code / "LC_MESSAGES").mkdir(parents=True)
        shutil.copy(i18n.LOCALE_DIR / "de" / "LC_MESSAGES" / "fairmate.mo", folder / code / "LC_MESSAGES")
    monkeypatch.setattr(i18n, "LOCALE_DIR", folder)  # a catalog that lands is offered, unlisted
    dialog = PreferencesDialog(operations_on(gui_db))
    qtbot.addWidget(dialog)
    combo = dialog.interface_language
    assert [combo.itemText(i) for i in range(combo.count())] == ["System default", "English", "Deutsch", "日本語"]
    assert combo.currentData() == ""
    assert dialog.error_label(INTERFACE_LANGUAGE.key) is not None  # a field of its own, apart from the locale


def test_saving_a_language_stores_it_and_offers_a_restart(qtbot, main_window, gui_db, monkeypatch):
    import ui.app

    restarts = []
    monkeypatch.setattr(ui.app, "restart_application", lambda: restarts.append(True) or True)
    seen = {}

    def choose_german():
        dialog = main_window.preferences_dialog
        dialog.interface_language.setCurrentIndex(dialog.interface_language.findData("de"))
        QTimer.singleShot(0, press_restart)
        dialog.accept()

    def press_restart():
        box = QApplication.activeModalWidget()
        seen["name"] = box.objectName()
        seen["buttons"] = [b.text() for b in box.buttons()]
        next(b for b in box.buttons() if b.text() == "Restart now").click()

    QTimer.singleShot(0, choose_german)
    assert main_window.show_preferences()
    assert get_setting(gui_db, INTERFACE_LANGUAGE.key) == "de"
    assert seen == {"name": "restartQuestion", "buttons": ["Restart now", "Later"]}
    assert restarts == [True]


def test_saving_without_changing_the_language_asks_nothing(qtbot, main_window, gui_db, monkeypatch):
    monkeypatch.setattr(QMessageBox, "exec", lambda box: (_ for _ in ()).throw(AssertionError("asked")))
    QTimer.singleShot(0, lambda: main_window.preferences_dialog.accept())
    assert main_window.show_preferences()
    assert get_setting(gui_db, INTERFACE_LANGUAGE.key) == ""


def test_restart_starts_the_same_program_again_and_quits(qtbot, tmp_path, monkeypatch):
    from ui.app import restart_application

    marker = tmp_path / "started"
    monkeypatch.setattr(sys, "argv", ["-c", f"open({str(marker)!r}, 'w').write('again')"])
    quits = []
    monkeypatch.setattr(QApplication, "quit", staticmethod(lambda: quits.append("quit")))
    monkeypatch.setattr(QApplication, "closeAllWindows", staticmethod(lambda: quits.append("close")))
    assert restart_application()
    deadline = time.time() + 20
    while not marker.exists() and time.time() < deadline:
        time.sleep(0.05)
    assert marker.read_text() == "again"
    assert quits == ["close", "quit"]


def test_the_app_starts_in_the_saved_language_whatever_the_system_says(tmp_path):
    from core.store.db import open_database

    book = tmp_path / "book.db"
    db = open_database(book)
    set_setting(db, INTERFACE_LANGUAGE.key, "de")
    db.close()
    script = (
        "import sys\n"
        "from ui.app import create_application, install_translations, saved_interface_language\n"
        "from PySide6.QtCore import QCoreApplication\n"
        "from core.i18n import _\n"
        "app = create_application(['fairmate'])\n"
        "install_translations(app, saved_interface_language(sys.argv[1]))\n"
        "print(_('Contacts'))\n"
        "print(QCoreApplication.translate('QPlatformTheme', 'Cancel'))\n")
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen",
           "LANG": "en_GB.UTF-8", "LANGUAGE": "en", "HOME": str(tmp_path)}
    if "XDG_RUNTIME_DIR" in os.environ:
        env["XDG_RUNTIME_DIR"] = os.environ["XDG_RUNTIME_DIR"]
    result = subprocess.run([sys.executable, "-c", script, str(book)], cwd=ROOT, capture_output=True,
                            text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["Kontakte", "Abbrechen"]  # ours and Qt's own


def test_a_german_form_shows_entry_labels_in_german_and_stores_them_in_english(qtbot):
    from core.book.fields import PHONES
    from ui.widgets.form_fields import EntryListEdit

    i18n.install_language("de")
    try:
        editor = EntryListEdit(PHONES)
        qtbot.addWidget(editor)
        editor.set_field_value([{"value": "+49 30 901820", "label": "mobile"},
                                {"value": "+49 30 901821", "label": "Zentrale"}])
        combos = [combo for _row, combo, _edit in editor._rows]
        assert combos[0].currentText() == "mobil" and combos[1].currentText() == "Zentrale"
        assert [combos[0].itemText(i) for i in range(combos[0].count())] == ["", "mobil", "geschäftlich",
                                                                            "privat", "Fax"]
        assert [e["label"] for e in editor.field_value()] == ["mobile", "Zentrale"]
    finally:
        i18n.install_language("en")
