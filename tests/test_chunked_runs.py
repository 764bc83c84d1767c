"""Demo data lands all or nothing, though it writes in short transactions (core/store/chunked_runs.py)."""

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from core.book.contacts import add_contact, list_contacts
from core.demo.generate import generate_demo_data
from core.store.chunked_runs import ChunkedRun, interrupted_runs, recover_interrupted_runs
from core.store.db import open_database, write_transaction
from core.store.operation_log import last_undoable_operation

ROOT = Path(__file__).resolve().parent.parent


def visible_contacts(db) -> int:
    return db.conn.execute("SELECT count(*) FROM contacts WHERE deleted_at IS NULL").fetchone()[0]


def lock_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.lock"))


def test_kill_9_half_way_through_demo_data_leaves_nothing_once_the_book_is_opened_again(tmp_path):
    book = tmp_path / "book.db"
    db = open_database(book)
    add_contact(db, display_name="Kept Before", company="Ours")
    db.close()
    script = textwrap.dedent(f"""
        import os, signal, sys
        sys.path.insert(0, {str(ROOT)!r})
        from core.store.db import open_database
        from core.demo import generate
        from core.demo.generate import generate_demo_data
        generate._WRITE_S = 0  # every batch of 50 its own transaction: many chunks to undo, whatever the machine
        db = open_database({str(book)!r})
        def progress(done, total):
            if done >= 300:
                os.kill(os.getpid(), signal.SIGKILL)
        generate_demo_data(db, 2000, progress=progress)
    """)
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert run.returncode == -signal.SIGKILL, run.stderr

    db = open_database(book)
    assert visible_contacts(db) > 300  # the kill left people behind …
    assert len(interrupted_runs(db)) == 1
    steps = []
    assert recover_interrupted_runs(db, lambda *step: steps.append(step)) == ["Add demo data"]
    chunks = len(steps)
    assert chunks > 5 and steps == [("Add demo data", done, chunks) for done in range(1, chunks + 1)]
    # … and opening the book undid them: only what was there before remains.
    assert [c["display_name"] for c in list_contacts(db)] == ["Kept Before"]
    assert interrupted_runs(db) == []
    assert db.conn.execute("SELECT count(*) FROM device WHERE key LIKE 'run:%'").fetchone()[0] == 0
    assert lock_files(tmp_path) == []
    assert recover_interrupted_runs(db) == []
    db.close()


def test_the_command_line_undoes_an_interrupted_run_and_says_so(tmp_path):
    book = tmp_path / "book.db"
    open_database(book).close()
    script = textwrap.dedent(f"""
        import os, signal, sys
        sys.path.insert(0, {str(ROOT)!r})
        from core.book.contacts import add_contact
        from core.store.chunked_runs import ChunkedRun
        from core.store.db import open_database
        db = open_database({str(book)!r})
        with ChunkedRun(db, "Add demo data") as run:
            with run.chunk():
                add_contact(db, display_name="Half Written")
            os.kill(os.getpid(), signal.SIGKILL)
    """)
    killed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    env = dict(os.environ, LANGUAGE="en")
    listed = subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(book), "list"],
                            capture_output=True, text=True, timeout=120, env=env)
    assert listed.returncode == 0, listed.stderr
    assert "Half Written" not in listed.stdout
    assert "Undid the unfinished “Add demo data” that was interrupted earlier" in listed.stderr
    assert lock_files(tmp_path) == []


def test_the_command_line_shows_how_far_a_long_undo_is_on_stderr(tmp_path):
    book = tmp_path / "book.db"
    open_database(book).close()
    script = textwrap.dedent(f"""
        import os, signal, sys
        sys.path.insert(0, {str(ROOT)!r})
        from core.store.db import open_database
        from core.demo import generate
        from core.demo.generate import generate_demo_data
        generate._WRITE_S = 0  # every batch of 50 its own transaction: many chunks to undo, whatever the machine
        db = open_database({str(book)!r})
        def progress(done, total):
            if done >= 1200:
                os.kill(os.getpid(), signal.SIGKILL)
        generate_demo_data(db, 1500, progress=progress)
    """)
    killed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    env = dict(os.environ, LANGUAGE="en")
    listed = subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(book), "list"],
                            capture_output=True, text=True, timeout=300, env=env)
    assert listed.returncode == 0, listed.stderr
    assert "The contact book is empty" in listed.stdout
    undoing = "Undoing the unfinished “Add demo data” that was interrupted earlier: "
    assert listed.stderr.splitlines() == [f"{undoing}{percent}%" for percent in range(10, 101, 10)] + [
        "Undid the unfinished “Add demo data” that was interrupted earlier"]


def test_a_live_run_is_left_alone_by_another_process(tmp_path):
    book = tmp_path / "book.db"
    writer = open_database(book)
    reader = open_database(book)
    with ChunkedRun(writer, "Add demo data") as run:
        with run.chunk():
            add_contact(writer, display_name="In Progress")
        assert recover_interrupted_runs(reader) == []  # its lock is held: still writing
        assert visible_contacts(reader) == 1
        with run.chunk():
            add_contact(writer, display_name="Second Chunk")
    assert interrupted_runs(reader) == []
    assert visible_contacts(reader) == 2
    assert lock_files(tmp_path) == []
    writer.close()
    reader.close()


def test_a_run_that_fails_undoes_its_chunks_at_once(tmp_path):
    db = open_database(tmp_path / "book.db")
    add_contact(db, display_name="Before")
    with pytest.raises(RuntimeError):
        with ChunkedRun(db, "Add demo data") as run:
            for name in ("One", "Two"):
                with run.chunk():
                    add_contact(db, display_name=name)
            raise RuntimeError("disk full")
    assert [c["display_name"] for c in list_contacts(db)] == ["Before"]
    assert interrupted_runs(db) == []
    db.close()


def test_demo_data_inside_one_transaction_is_one_operation_without_markers(fresh_db):
    with write_transaction(fresh_db, "Add demo data"):
        generate_demo_data(fresh_db, 20)
    assert visible_contacts(fresh_db) == 20
    assert interrupted_runs(fresh_db) == []
    assert last_undoable_operation(fresh_db)["label"] == "Add demo data"
    assert fresh_db.conn.execute("SELECT count(*) FROM operations").fetchone()[0] == 1


def test_finished_demo_data_leaves_no_marker(file_db, tmp_path):
    generate_demo_data(file_db, 120)
    assert visible_contacts(file_db) == 120
    assert interrupted_runs(file_db) == []
    assert lock_files(tmp_path) == []


def test_one_undo_takes_back_a_whole_finished_run(file_db):
    from core.store.undo import NothingToUndo, undo_last_operation

    add_contact(file_db, display_name="Before")
    generate_demo_data(file_db, 120)
    assert undo_last_operation(file_db).label == "Add demo data"
    assert [c["display_name"] for c in list_contacts(file_db)] == ["Before"]
    assert undo_last_operation(file_db).label == "Add contact"
    with pytest.raises(NothingToUndo):
        undo_last_operation(file_db)


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_a_runs_lock_file_is_private_like_the_books_other_files(tmp_path):
    db = open_database(tmp_path / "book.db")
    old = os.umask(0o022)
    try:
        with ChunkedRun(db, "demo data"):
            modes = [oct(path.stat().st_mode & 0o777) for path in lock_files(tmp_path)]
    finally:
        os.umask(old)
        db.close()
    assert modes == ["0o600"]


def test_a_second_run_on_the_same_book_refuses_at_once_and_writes_nothing(tmp_path):
    from core.store.db import BookBusy

    book = tmp_path / "book.db"
    first, second = open_database(book), open_database(book)
    with ChunkedRun(first, "Add demo data") as run:
        with run.chunk():
            add_contact(first, display_name="First Run")
        changes = second.conn.execute("SELECT count(*) FROM changes").fetchone()[0]
        with pytest.raises(BookBusy, match="Another “Add demo data” is under way on this book"):
            with ChunkedRun(second, "Add demo data") as other:
                with other.chunk():
                    add_contact(second, display_name="Second Run")
        assert second.conn.execute("SELECT count(*) FROM changes").fetchone()[0] == changes
        assert len(interrupted_runs(second)) == 1  # the first run's marker only
    assert [c["display_name"] for c in list_contacts(second)] == ["First Run"]
    assert lock_files(tmp_path) == []
    first.close()
    second.close()


def test_two_demo_data_commands_started_together_one_says_at_once_that_the_other_is_under_way(tmp_path):
    book = tmp_path / "book.db"
    open_database(book).close()
    env = dict(os.environ, LANGUAGE="en")
    command = [sys.executable, str(ROOT / "main.py"), "--db", str(book), "demo-data", "--contacts", "2500"]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
            for _ in range(2)]
    while all(process.poll() is None for process in runs):
        time.sleep(0.02)
    refused, done = sorted(runs, key=lambda process: process.poll() is None)
    still_running = done.poll() is None  # the refusal did not wait for the other run
    out, err = refused.communicate()
    assert refused.returncode == 3, err  # busy, as for a busy book
    assert err.strip().splitlines() == ["fairmate: Another “Add demo data” is under way on this book; "
                                        "try again once it has finished"]
    assert still_running
    assert done.wait(timeout=300) == 0, done.stderr.read()
    db = open_database(book)
    assert visible_contacts(db) == 2500
    assert interrupted_runs(db) == []
    db.close()
    assert lock_files(tmp_path) == []
