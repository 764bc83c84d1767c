"""A keystroke in the contacts search, from the end of the typing delay to the list repainted.

The contacts page on a copy of a demo book (offscreen Qt, the app's own task
runner with its worker thread): for each word a user types letter by letter
(the queries of ``bench/search.py``), the clock starts where the search timer
would fire (``ContactsPage.reload``) and stops once the table's viewport has
painted the new rows: the search in the worker, handing its result over,
resetting the model, fetching the first page of summaries and painting the
cells. Clearing the box (back to the whole list) is timed apart. The target is
one frame at 60 Hz: p95 <= 16 ms at 100k. Beside the wall-clock figures, the
GUI thread's CPU time (``gui_cpu_*``): on a machine busy with other work it
shows what the app itself spends. Usage: ``bench/keystroke.py
[CONTACTS]``. Last line: {"median_ms", "p95_ms", "paint_median_ms", ...}.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import time
from pathlib import Path

from common import demo_database, summarize_ms
from search import WORDS, PINYIN, NATIVE

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer  # noqa: E402

TYPED = [word[:n] for word in WORDS + PINYIN for n in range(1, len(word) + 1)] + NATIVE


class RepaintProbe(QObject):
    """Times a reload: from the call to the end of the first paint of the viewport with its rows."""

    def __init__(self, page):
        super().__init__(page)
        self.page = page
        self.loop = QEventLoop()
        self.loaded_at = None
        self.started = False
        self.deadline = QTimer(self)  # never hang the bench
        self.deadline.setSingleShot(True)
        self.deadline.setInterval(10_000)
        self.deadline.timeout.connect(self.loop.quit)
        page.table.viewport().installEventFilter(self)
        page.contacts_loaded.connect(self._on_loaded)

    def _on_loaded(self, _count: int) -> None:
        self.loaded_at = time.perf_counter()

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.Paint and self.loaded_at is not None and self.started:
            # The filter runs before the paint: the zero timer fires once it is done.
            self.started = False
            QTimer.singleShot(0, self._finish)
        return False

    def _finish(self) -> None:
        self.painted_at = time.perf_counter()
        self.cpu_done = time.thread_time()
        self.loop.quit()

    def time_reload(self) -> tuple[float, float, float]:
        """Seconds from reload to painted, of those the part after the rows arrived, and the
        GUI thread's CPU seconds meanwhile (what other processes on the machine do not inflate)."""
        self.loaded_at = None
        self.started = True
        cpu_begun = time.thread_time()
        begun = time.perf_counter()
        self.page.reload()
        self.deadline.start()
        self.loop.exec()
        self.deadline.stop()
        if self.loaded_at is None or self.started:
            raise RuntimeError("the list was not repainted within 10 s")
        return self.painted_at - begun, self.painted_at - self.loaded_at, self.cpu_done - cpu_begun


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("contacts", type=int, nargs="?", default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="print where the GUI thread's time goes")
    parser.add_argument("--profile-sort", default="tottime", help="cProfile sort key (tottime, cumtime)")
    args = parser.parse_args()

    from core.i18n import install_language
    from core.store.db import open_database
    from ui.app import create_application
    from ui.pages.contacts_page import ContactsPage
    from ui.tasks import TaskRunner

    cached = demo_database(args.contacts)
    with tempfile.TemporaryDirectory(prefix="fairmate-keystroke-") as folder:
        path = Path(folder) / "book.db"
        shutil.copyfile(cached, path)  # the app may write to the book it opens
        app = create_application()
        install_language("en")
        db = open_database(path)
        runner = TaskRunner(db)
        page = ContactsPage(db, runner)
        page.resize(1100, 760)  # the page's share of the app's first window
        page.show()
        page.reload()  # the whole list at start; warms the worker's connection
        started = []  # the work after the first rows (detail pane, babel's data) is start-up, not typing
        page.after_first_rows_shown(lambda: started.append(True))
        while page.model.rowCount() < args.contacts * 0.9 or not started:
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
        probe = RepaintProbe(page)
        typed, painted, cpu, cleared = [], [], [], []
        if args.profile:
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        for _ in range(args.rounds):
            for query in TYPED:
                page.search_box.blockSignals(True)  # the typing delay is not timed: reload is
                page.search_box.setText(query)
                page.search_box.blockSignals(False)
                total, paint, gui_cpu = probe.time_reload()
                typed.append(total)
                painted.append(paint)
                cpu.append(gui_cpu)
                if query in WORDS or query in PINYIN or query in NATIVE:
                    page.search_box.blockSignals(True)
                    page.search_box.clear()
                    page.search_box.blockSignals(False)
                    cleared.append(probe.time_reload()[0])
        if args.profile:
            import pstats

            profiler.disable()
            pstats.Stats(profiler).sort_stats(args.profile_sort).print_stats(30)
        page.close()
        runner.wait_for_idle()
        db.close()
        app.processEvents()
    median, p95 = summarize_ms(typed)
    paint_median, paint_p95 = summarize_ms(painted)
    clear_median, clear_p95 = summarize_ms(cleared)
    cpu_median, cpu_p95 = summarize_ms(cpu)
    print(f"{args.contacts} contacts, {len(TYPED)} queries x {args.rounds} rounds")
    print(json.dumps({"median_ms": round(median, 2), "p95_ms": round(p95, 2),
                      "paint_median_ms": round(paint_median, 2), "paint_p95_ms": round(paint_p95, 2),
                      "gui_cpu_median_ms": round(cpu_median, 2), "gui_cpu_p95_ms": round(cpu_p95, 2),
                      "clear_median_ms": round(clear_median, 2), "clear_p95_ms": round(clear_p95, 2),
                      "contacts": args.contacts}))


if __name__ == "__main__":
    main()
