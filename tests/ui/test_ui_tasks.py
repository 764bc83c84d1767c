"""The task runner: results and errors come back on the GUI thread; tests can run it immediately."""

import threading

import pytest

from core.book.contacts import count_contacts
from core.store.db import open_database
from ui.tasks import ImmediateTaskRunner, TaskRunner, describe_error


def test_immediate_runner_delivers_result_at_once(qapp, gui_db):
    runner = ImmediateTaskRunner(gui_db)
    results = []
    runner.run(lambda a, b: a + b, 2, 3, on_done=results.append)
    runner.run_db(count_contacts, on_done=results.append)
    assert results == [5, 0]


def test_immediate_runner_delivers_errors_to_on_error(qapp, gui_db):
    runner = ImmediateTaskRunner(gui_db)
    errors = []

    def fail():
        raise ValueError("the fair's Wi-Fi is down")

    runner.run(fail, on_done=lambda _r: pytest.fail("on_done must not run"), on_error=errors.append)
    assert len(errors) == 1 and str(errors[0]) == "the fair's Wi-Fi is down"


def test_error_without_handler_is_shown_and_emitted(qtbot, gui_db):
    runner = ImmediateTaskRunner(gui_db)
    shown = []
    runner.task_failed.connect(shown.append)

    def fail():
        raise KeyError("Contact 42 not found")

    runner.run(fail)
    assert shown == ["Contact 42 not found"]


def test_threaded_runner_opens_its_own_connection_in_the_worker(qtbot, tmp_path):
    gui = open_database(tmp_path / "fm.db")
    runner = TaskRunner(gui)
    seen = {}

    def work(db):
        seen["thread"] = threading.current_thread()
        seen["same_connection"] = db is gui
        return count_contacts(db)

    results = []
    with qtbot.waitSignal(runner.task_finished, timeout=10_000):
        runner.run_db(work, on_done=results.append)
    assert results == [0]
    assert seen["thread"] is not threading.main_thread()
    assert seen["same_connection"] is False
    runner.wait_for_idle()
    gui.close()


def test_threaded_runner_reports_errors_on_the_gui_thread(qtbot, tmp_path):
    gui = open_database(tmp_path / "fm.db")
    runner = TaskRunner(gui)
    errors = []

    def fail(_db):
        raise RuntimeError("disk full")

    def on_error(exc):
        errors.append((str(exc), threading.current_thread() is threading.main_thread()))

    with qtbot.waitSignal(runner.task_finished, timeout=10_000):
        runner.run_db(fail, on_error=on_error)
    assert errors == [("disk full", True)]
    runner.wait_for_idle()
    gui.close()


def test_in_memory_database_runs_on_the_gui_connection(qtbot, gui_db):
    runner = TaskRunner(gui_db)  # no file to reopen in a worker
    results = []
    runner.run_db(lambda db: db is gui_db, on_done=results.append)
    assert results == [True]


def test_describe_error_gives_the_message():
    assert describe_error(KeyError("Contact x not found")) == "Contact x not found"
    assert describe_error(ValueError("")) == "ValueError"


def test_worker_thread_reuses_its_own_connection(qtbot, tmp_path):
    gui = open_database(tmp_path / "book.db")
    runner = TaskRunner(gui)
    seen = []
    for _ in range(4):
        runner.run_db(lambda db: (id(db), threading.get_ident()), on_done=seen.append)
    qtbot.waitUntil(lambda: len(seen) == 4)
    connections = {conn for conn, _thread in seen}
    assert len(connections) == 1 and id(gui) not in connections
    assert len({thread for _conn, thread in seen}) == 1
    runner.wait_for_idle()
