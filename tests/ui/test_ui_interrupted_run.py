"""Opening a book whose demo-data run was killed: the window shows the undo's progress, then says it is done."""

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_status_bar_shows_the_undo_of_an_interrupted_run_as_it_goes(qtbot, settings, tmp_path):
    from ui.app import open_main_window
    from ui.main_window import MainWindow

    book = tmp_path / "book.db"
    script = textwrap.dedent(f"""
        import os, signal, sys
        sys.path.insert(0, {str(ROOT)!r})
        from core.book.contacts import add_contact
        from core.store.chunked_runs import ChunkedRun
        from core.store.db import open_database
        db = open_database({str(book)!r})
        with ChunkedRun(db, "Add demo data") as run:
            for number in range(4):
                with run.chunk():
                    add_contact(db, display_name=f"Half Written {{number}}")
            os.kill(os.getpid(), signal.SIGKILL)
    """)
    killed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert killed.returncode == -signal.SIGKILL, killed.stderr

    window = MainWindow(settings=settings)
    qtbot.addWidget(window)
    shown = []
    window.statusBar().messageChanged.connect(shown.append)
    assert open_main_window(window, os.fspath(book))
    undoing = "Undoing the unfinished “Add demo data” that was interrupted earlier: "
    assert [text for text in shown if text.startswith(undoing)] == [f"{undoing}{p}%" for p in (25, 50, 75, 100)]
    assert window.statusBar().currentMessage() == "Undid the unfinished “Add demo data” that was interrupted earlier"
    window.stop_sync()  # as the app does before it lets go of the book (sync starts after the first rows)
    window.db.close()
