"""Every GUI write goes through the OperationRunner: off the GUI thread, announced once, undoable."""

import ast
import threading
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QCheckBox, QLabel

from core.book.activity import add_commitment, list_commitments, list_stage_history, schedule_follow_up
from core.book.contacts import add_contact, count_contacts, get_contact, update_contact
from core.store.changes import UNDO
from ui_helpers import add_person

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "exchange"


def with_dialog(action):
    """Run *action* on the modal dialog once it is open."""
    QTimer.singleShot(0, lambda: action(QApplication.activeModalWidget()))


def shown(widget, kind, name):
    """The child *name* on screen (a rebuilt card's old widgets linger, hidden, until deleted)."""
    QApplication.sendPostedEvents()  # new widgets in a shown layout are shown by a queued call
    found = [child for child in widget.findChildren(kind, name) if child.isVisibleTo(widget)]
    return found[0] if found else None


def press_undo(qtbot, window):
    """Ctrl+Z as the user presses it, with the keyboard focus in the window."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.contacts_page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


# Undo of each kind of write, from the GUI ------------------------------------------------------------


def test_undo_a_delete_brings_the_contact_back_in_list_and_pane(qtbot, main_window, gui_db, monkeypatch):
    anna = add_person(gui_db, "Anna Müller", country="DE")
    add_person(gui_db, "Bo Larsson", country="SE")
    main_window.show_contact(anna)
    monkeypatch.setattr("ui.widgets.contact_detail.confirm_delete", lambda parent, name: True)
    main_window.contacts_page.detail.delete_button.trigger()
    assert get_contact(gui_db, anna) is None
    assert main_window.contacts_page.model.rowCount() == 1
    assert main_window.toast.isVisibleTo(main_window)
    assert main_window.toast.label.text() == "Delete contact"
    assert main_window.undo_action.text() == "&Undo Delete contact"
    press_undo(qtbot, main_window)
    assert get_contact(gui_db, anna)["display_name"] == "Anna Müller"
    assert main_window.contacts_page.model.rowCount() == 2
    assert main_window.count_label.text() == "2 contacts"
    assert main_window.contacts_page.detail.contact_id == anna  # shown and selected again
    assert main_window.contacts_page.selected_contact_ids() == [anna]
    assert main_window.toast.label.text() == "Undone: Delete contact"
    assert not main_window.toast.undo_button.isVisibleTo(main_window)


def test_undo_a_stage_change_puts_the_stage_and_its_history_back(qtbot, main_window, gui_db):
    contact = add_person(gui_db, "Zhang Wei", native_name="张伟", country="CN")
    main_window.show_contact(contact)
    detail = main_window.contacts_page.detail
    detail.stage_combo.setCurrentIndex(detail.stage_combo.findData("rapport"))
    assert get_contact(gui_db, contact)["stage"] == "rapport"
    main_window.toast.undo_button.click()
    assert get_contact(gui_db, contact)["stage"] == "met"
    assert [entry["stage"] for entry in list_stage_history(gui_db, contact)] == ["met"]
    assert detail.stage_combo.currentData() == "met"
    model = main_window.contacts_page.model
    assert model.data(model.index(0, model.STAGE)) == "Met"


def test_undo_an_edit_restores_the_fields_and_the_pane(qtbot, main_window, gui_db):
    contact = add_person(gui_db, "Tanaka Taro", country="JP", city="Osaka")
    main_window.show_contact(contact)
    detail = main_window.contacts_page.detail

    def rename(dialog):
        dialog.display_name.setText("Tanaka Jiro")
        dialog.save_button.click()

    with_dialog(rename)
    detail.edit_contact()
    assert get_contact(gui_db, contact)["display_name"] == "Tanaka Jiro"
    assert shown(detail, QLabel, "detailName").text() == "Tanaka Jiro"
    press_undo(qtbot, main_window)
    assert get_contact(gui_db, contact)["display_name"] == "Tanaka Taro"
    assert shown(detail, QLabel, "detailName").text() == "Tanaka Taro"
    assert main_window.contacts_page.model.contact_id(0) == contact


def test_undo_done_on_today_lists_the_follow_up_again(qtbot, main_window, gui_db):
    contact = add_person(gui_db, "Olga Ivanova", country="RU")
    schedule_follow_up(gui_db, contact, due_at=datetime.now(timezone.utc) - timedelta(hours=1))
    main_window.show_page("today")
    today = main_window.today_page
    today.refresh()
    (item,) = today.items("follow_ups")
    item.done_button.click()
    qtbot.waitUntil(lambda: today.items("follow_ups") == [])
    assert main_window.toast.label.text() == "Mark follow-up done"
    main_window.undo_action.trigger()
    qtbot.waitUntil(lambda: len(today.items("follow_ups")) == 1)


def test_undo_a_kept_promise_from_the_detail_pane(qtbot, main_window, gui_db):
    contact = add_person(gui_db, "Priya Sharma", country="IN")
    promise = add_commitment(gui_db, contact, description="Send samples", owed_by="us",
                             due_on=date.today() + timedelta(days=3))
    main_window.show_contact(contact)
    detail = main_window.contacts_page.detail
    shown(detail, QCheckBox, f"commitment_{promise}").click()
    assert list_commitments(gui_db, contact)[0]["done_at"]
    assert shown(detail, QCheckBox, f"commitment_{promise}") is None  # no longer open
    press_undo(qtbot, main_window)
    assert list_commitments(gui_db, contact)[0]["done_at"] is None
    assert shown(detail, QCheckBox, f"commitment_{promise}") is not None


def test_undo_an_import_removes_every_imported_contact(qtbot, main_window, gui_db):
    add_person(gui_db, "Already Here")
    with_dialog(lambda dialog: dialog.import_button.click())
    assert main_window.import_contacts(str(DATA / "mixed_versions.vcf"))
    assert count_contacts(gui_db) == 9
    assert main_window.toast.label.text() == "Import contacts"
    press_undo(qtbot, main_window)
    assert count_contacts(gui_db) == 1
    assert main_window.contacts_page.model.rowCount() == 1
    assert main_window.count_label.text() == "1 contact"


def test_undo_is_disabled_when_there_is_nothing_to_undo(qtbot, main_window, gui_db, monkeypatch):
    assert not main_window.undo_action.isEnabled()
    assert main_window.undo_action.text() == "&Undo"
    contact = add_person(gui_db, "Jan de Vries")
    main_window.show_contact(contact)
    main_window.contacts_page.detail.change_stage("rapport")
    assert main_window.undo_action.isEnabled()
    assert main_window.undo_action.text() == "&Undo Change stage"
    main_window.undo_action.trigger()
    assert get_contact(gui_db, contact)["stage"] == "met"
    # add_person ran outside the GUI; core names its operations, so Undo now offers it by name.
    assert main_window.undo_action.text() == "&Undo Add contact"


def test_a_refused_write_becomes_one_message_not_a_traceback(qtbot, main_window, gui_db):
    contact = add_person(gui_db, "Jan de Vries")
    failures = []
    main_window.operations.operation_failed.connect(failures.append)
    main_window.operations.run(update_contact, contact, label="Edit contact", country="Atlantis")
    (text,) = failures
    assert "Atlantis" in text and "Traceback" not in text and "\n" not in text
    assert text in main_window.statusBar().currentMessage()


# Refreshing keeps the reader's place ---------------------------------------------------------------------


def test_selection_and_scroll_survive_a_refresh(qtbot, main_window, gui_db):
    ids = [add_contact(gui_db, display_name=f"Person {n:03d}") for n in range(120)]
    page = main_window.contacts_page
    page.reload()
    qtbot.waitUntil(lambda: page.model.rowCount() == 120)
    page.show_contact(ids[60])
    bar = page.table.verticalScrollBar()
    bar.setValue(bar.value() + 90)  # the reader scrolled on a little
    before = bar.value()
    changes = []
    main_window.operations.changes_applied.connect(changes.append)
    main_window.operations.run(update_contact, ids[5], label="Edit contact", city="Köln")
    assert changes and changes[0].touches("contacts")
    assert page.detail.contact_id == ids[60]
    assert page.model.contact_id(page.table.currentIndex().row()) == ids[60]
    assert bar.value() == before


# Where writes run, and that they all go through the runner --------------------------------------------------


def test_a_write_never_runs_on_the_gui_thread(qtbot, tmp_path):
    from core.store.db import open_database
    from ui.operations import OperationRunner
    from ui.tasks import TaskRunner

    db = open_database(tmp_path / "fairmate.db")
    contact = add_contact(db, display_name="Anna Müller")
    tasks = TaskRunner(db)
    operations = OperationRunner(tasks)
    threads = []

    def rename(worker_db, contact_id):
        threads.append((threading.get_ident(), worker_db is db))
        return update_contact(worker_db, contact_id, display_name="Anna Schmidt")

    with qtbot.waitSignal(operations.changes_applied, timeout=10_000) as signal:
        operations.run(rename, contact, label="Edit contact")
    assert threads == [(threads[0][0], False)]
    assert threads[0][0] != threading.get_ident()
    assert signal.args[0].rows["contacts"] == {contact}
    assert get_contact(db, contact)["display_name"] == "Anna Schmidt"
    with qtbot.waitSignal(operations.changes_applied, timeout=10_000) as signal:
        operations.undo()
    assert signal.args[0].origin == UNDO
    assert get_contact(db, contact)["display_name"] == "Anna Müller"
    tasks.wait_for_idle()


def _core_write_functions() -> set[str]:
    """Names of core functions that open a write transaction (directly, by reading their source)."""
    names = set()
    for path in (ROOT / "core").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_"):
                source = ast.get_source_segment(path.read_text(encoding="utf-8"), node) or ""
                if "write_transaction(" in source:
                    names.add(node.name)
    return names


def _imported_core_writes(path: Path, writes: set[str]) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    module_aliases = set()
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("core"):
            for alias in node.names:
                if alias.name in writes:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {alias.name}")
                module_aliases.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            module_aliases.update(a.asname or a.name for a in node.names if a.name.startswith("core"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in writes and isinstance(node.value, ast.Name) \
                and node.value.id in module_aliases:
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} calls {node.value.id}.{node.attr}")
    return found


def test_the_architecture_check_finds_a_core_write(tmp_path):
    writes = _core_write_functions()
    assert {"delete_contact", "change_stage", "set_setting", "apply_import", "merge_contacts"} <= writes
    sample = ROOT / "ui" / "_sample_for_test.py"
    try:
        sample.write_text("from core.book import settings as s\nfrom core.book.contacts import delete_contact\n"
                          "s.set_setting(None, 'k', 1)\n", encoding="utf-8")
        assert len(_imported_core_writes(sample, writes)) == 2
    finally:
        sample.unlink()


def test_only_ui_operations_imports_core_write_functions():
    writes = _core_write_functions()
    offenders = []
    for path in sorted((ROOT / "ui").rglob("*.py")):
        if path.name != "operations.py" or path.parent.name != "ui":
            offenders += _imported_core_writes(path, writes)
    assert offenders == []


def test_a_busy_book_becomes_a_plain_sentence():
    import sqlite3

    from ui.operations import describe_failure

    assert describe_failure(sqlite3.OperationalError("database is locked")) == \
        "The book is busy in another window or command; try again in a moment"


def test_the_toast_undo_brings_back_a_promise_marked_kept_on_today(qtbot, main_window, gui_db):
    contact = add_person(gui_db, "Hong Jung-hoon", country="KR")
    promise = add_commitment(gui_db, contact, description="Send the catalogue", owed_by="us",
                             due_on=date.today())
    main_window.show_page("today")
    today = main_window.today_page
    today.refresh()
    (item,) = today.items("commitments")
    item.done_button.click()
    qtbot.waitUntil(lambda: today.items("commitments") == [])
    assert main_window.toast.undo_button.isVisibleTo(main_window)
    main_window.toast.undo_button.click()
    qtbot.waitUntil(lambda: len(today.items("commitments")) == 1)
    assert list_commitments(gui_db, contact)[0]["done_at"] is None and promise


def test_a_write_that_meets_a_busy_book_says_so_in_the_window(qtbot, tmp_path, monkeypatch):
    """Another process holds the write lock (a long import): the window stays responsive and says why
    the write did not happen, instead of freezing and failing silently."""
    import sqlite3 as sqlite

    import core.store.db as store_db
    from core.store.db import open_database
    from ui.operations import OperationRunner
    from ui.tasks import TaskRunner

    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_S", 0.3)
    path = tmp_path / "fairmate.db"
    db = open_database(path)
    contact = add_contact(db, display_name="Anna Müller")
    tasks = TaskRunner(db)
    operations = OperationRunner(tasks)
    operations.busy_retry_s = 0  # no retrying: the busy book is reported at once
    shown = []
    monkeypatch.setattr(tasks, "show_error", shown.append)
    other = sqlite.connect(path, isolation_level=None)  # the importing process
    other.execute("BEGIN IMMEDIATE")
    try:
        with qtbot.waitSignal(operations.operation_failed, timeout=10_000) as signal:
            operations.run(op_delete_contact(), contact)
        qtbot.wait(10)  # the GUI thread was never blocked: events keep flowing
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert "busy" in signal.args[0] and shown == [signal.args[0]]
    assert get_contact(db, contact) is not None
    tasks.wait_for_idle()


def op_delete_contact():
    from ui.operations import delete_contact

    return delete_contact


def test_a_write_that_meets_a_busy_book_says_busy_retrying_and_goes_through_once_it_is_free(qtbot, tmp_path,
                                                                                           monkeypatch):
    """An import in another process holds the book for longer than the busy timeout: the write is
    tried again (the window says so) and saved once the import has committed."""
    import sqlite3 as sqlite

    from PySide6.QtCore import QTimer

    import core.store.db as store_db
    from core.store.db import open_database
    from ui.operations import OperationRunner
    from ui.tasks import TaskRunner

    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_S", 0.2)
    path = tmp_path / "fairmate.db"
    db = open_database(path)
    contact = add_contact(db, display_name="Anna Müller")
    tasks = TaskRunner(db)
    operations = OperationRunner(tasks)
    waiting, failed = [], []
    operations.operation_waiting.connect(waiting.append)
    operations.operation_failed.connect(failed.append)
    other = sqlite.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    QTimer.singleShot(1500, lambda: (other.execute("ROLLBACK"), other.close()))
    with qtbot.waitSignal(operations.changes_applied, timeout=20_000):
        operations.run(op_delete_contact(), contact)
    assert waiting and "retrying" in waiting[0] and failed == []
    assert get_contact(db, contact) is None
    tasks.wait_for_idle()
