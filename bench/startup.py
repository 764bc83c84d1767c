"""Time to the first painted page of contacts from a 100k book, against a bare PySide6 table.

Each measurement is a fresh process, timed from spawning the interpreter
until the first page of contacts has been painted, so imports, opening the
database and loading the list all count:

- app: Fairmate's own start (``ui.app.run_gui``) on a copy of the cached
  demo book, with Contacts as the page shown at start (as saved by a user
  who left the app there);
- bare: a QMainWindow holding a QTableView over a QStandardItemModel with the
  first 200 contacts in the app's order (``sort_key``), names with their
  native script as the app shows them, read from the same file with plain
  sqlite3 — what any Qt program needs at the least.

Both use one probe: an event filter on the table's viewport notes the first
Paint event while the model has rows, and a zero timer then reports once
that paint (and the flush to the window) is done. The two run alternately,
so drift affects both alike; bytecode is compiled once, as for an installed
app. The book comes from ``common.demo_database`` (the demo generator through
core's write path: about 200 s for 100k, once; cached in bench/.cache or
$FAIRMATE_BENCH_CACHE). The app's run goes on until the whole list is in:
``list_s`` is the time until the count of every contact is painted (the
first page shows before it; targets: ``ratio`` <= 1.5, ``list_ratio`` <= 2.5).
Beside the wall-clock figures, the process's CPU seconds (all its threads) at the
same moments, ``cpu_ratio`` and ``list_cpu_ratio``: on a machine busy with other
work they show what the start itself costs.
Last line: {"app_s", "bare_qt_s", "ratio", "list_s", "list_ratio", "cpu_ratio", ...}.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, demo_database

WINDOW_SIZE = (1280, 820)  # the app's size on a first start
FIRST_ROWS = 200  # one page of the app's lazy contact model

# The probe is the same for both; it imports only what the app and the baseline import anyway.
_PROBE = """
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

class FirstRowsPaintProbe(QObject):
    # Notes the first paint of *table*'s viewport with rows in the model; then reports and quits
    # (or leaves quitting to another probe).
    def __init__(self, table, quit=True):
        super().__init__(table)
        self.table = table
        self.quit = quit
        table.viewport().installEventFilter(self)

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and self.table.model().rowCount() > 0:
            watched.removeEventFilter(self)
            # Filters run before the paint itself: the timer fires once it is on screen.
            QTimer.singleShot(0, self.report)
        return False

    def report(self):
        painted = time.time()
        table = self.table
        bottom = table.rowAt(table.viewport().height() - 1)
        shown = (bottom if bottom >= 0 else table.model().rowCount() - 1) - table.rowAt(0) + 1
        first = table.model().index(table.rowAt(0), 0).data() or ""
        print("painted", painted, shown, first.split("  ")[0], time.process_time(), sep="\\t", flush=True)
        if self.quit:
            QApplication.instance().quit()
"""

BARE = _PROBE + """
import sqlite3
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QMainWindow, QTableView

app = QApplication(sys.argv)
window = QMainWindow()
window.resize({width}, {height})
conn = sqlite3.connect({db!r})
rows = conn.execute(
    "SELECT c.display_name, c.native_name, co.name, c.job_title, c.country, c.city, c.stage "
    "FROM contacts c LEFT JOIN companies co ON co.id = c.company_id WHERE c.deleted_at IS NULL "
    "ORDER BY c.sort_key LIMIT {rows}").fetchall()
model = QStandardItemModel(0, 6)
model.setHorizontalHeaderLabels(["Name", "Company", "Title", "Country", "City", "Stage"])
for name, native, *rest in rows:
    # The same names as the app: the native script beside the Latin one, so the same fonts load.
    shown = name + "  " + native if native and native != name else name
    model.appendRow([QStandardItem(value or "") for value in (shown, *rest)])
table = QTableView()
table.setModel(model)
window.setCentralWidget(table)
probe = FirstRowsPaintProbe(table)
window.show()
app.exec()
"""

# run_gui builds the contacts page when the database is attached; the probes
# go on its table and its count then, before the event loop gets to paint them.
# The whole list is painted once the count of all contacts is on screen.
APP = _PROBE + """
sys.path.insert(0, {root!r})
import ui.app
import ui.main_window

class WholeListPaintProbe(QObject):
    # Notes the first paint of *label* once it counts *total* contacts; then reports and quits.
    def __init__(self, label, total):
        super().__init__(label)
        self.label = label
        self.total = total
        label.installEventFilter(self)

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and \
                "".join(c for c in self.label.text() if c.isdigit()) == str(self.total):
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.report)
        return False

    def report(self):
        print("listed", time.time(), time.process_time(), sep="\\t", flush=True)
        QApplication.instance().quit()

attach = ui.main_window.MainWindow.attach_database
def attach_and_probe(window, db):
    attach(window, db)
    page = window.contacts_page
    window.probe = FirstRowsPaintProbe(page.table, quit=False)
    window.list_probe = WholeListPaintProbe(page.count_label, {contacts})
ui.main_window.MainWindow.attach_database = attach_and_probe
sys.exit(ui.app.run_gui({db!r}))
"""

# QSettings of a user who left the app on Contacts and has answered the first-run question.
SETTINGS = """[ui]
last_page=contacts
home_country_asked=1
"""


def time_start(script: str, env: dict) -> tuple[float, int, str, float | None, float, float | None]:
    """Seconds from spawning *script* to its first painted rows, the rows shown, the first name,
    the seconds to the whole list counted on screen (None where the script does not say), and
    the process's CPU seconds (all threads) at both (what a busy machine does not inflate)."""
    started = time.time()
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            env=env, timeout=120)
    painted = listed = listed_cpu = None
    for line in result.stdout.splitlines():
        if line.startswith("painted\t"):
            _, when, shown, first, cpu = line.split("\t")
            painted = float(when) - started, int(shown), first
            painted_cpu = float(cpu)
        elif line.startswith("listed\t"):
            _, when, cpu = line.split("\t")
            listed, listed_cpu = float(when) - started, float(cpu)
    if painted is None:
        raise RuntimeError(f"no rows painted (exit {result.returncode}):\n{result.stdout}\n{result.stderr}")
    return (*painted, listed, painted_cpu, listed_cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    cached = demo_database(args.contacts)
    with tempfile.TemporaryDirectory(prefix="fairmate-startup-") as folder:
        # A copy, so the app's start (migration check, node id) never changes the cached book,
        # and a settings folder of its own, so the user's saved window state is not touched.
        db = Path(folder) / "book.db"
        shutil.copyfile(cached, db)
        config = Path(folder) / "config" / "Fairmate"
        config.mkdir(parents=True)
        (config / "Fairmate.conf").write_text(SETTINGS)
        env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               "XDG_CONFIG_HOME": str(config.parent),
               # The app's cache (country names saved for the next start) in the temp folder:
               # the warm-up run is a first start, the timed runs are later starts.
               "XDG_CACHE_HOME": str(Path(folder) / "cache"),
               # Bytecode as an installed app has it: compiled once (in the warm-up run), then
               # reused; kept in the temp folder, whatever PYTHONDONTWRITEBYTECODE says here.
               "PYTHONPYCACHEPREFIX": str(Path(folder) / "pycache")}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        width, height = WINDOW_SIZE
        bare_script = BARE.format(db=str(db), width=width, height=height, rows=FIRST_ROWS)
        with sqlite3.connect(db) as conn:
            live = conn.execute("SELECT count(*) FROM contacts WHERE deleted_at IS NULL").fetchone()[0]
        app_script = APP.format(root=str(ROOT), db=str(db), contacts=live)
        # Warm the OS file cache and the bytecode (and check both show the same first contact).
        _, bare_rows, bare_first, *_ = time_start(bare_script, env)
        _, app_rows, app_first, *_ = time_start(app_script, env)
        if bare_first != app_first:
            raise RuntimeError(f"first row differs: app {app_first!r}, bare {bare_first!r}")
        bare, app, listed, bare_cpu, app_cpu, listed_cpu = [], [], [], [], [], []
        for _ in range(args.rounds):  # alternate, so drift affects both alike
            bare_s, *_, cpu, _ = time_start(bare_script, env)
            bare.append(bare_s)
            bare_cpu.append(cpu)
            first_rows, _, _, whole_list, cpu, whole_list_cpu = time_start(app_script, env)
            app.append(first_rows)
            listed.append(whole_list)
            app_cpu.append(cpu)
            listed_cpu.append(whole_list_cpu)
    bare_s, app_s, list_s = statistics.median(bare), statistics.median(app), statistics.median(listed)
    bare_cpu_s, app_cpu_s = statistics.median(bare_cpu), statistics.median(app_cpu)
    list_cpu_s = statistics.median(listed_cpu)
    print(f"{args.contacts} contacts, {args.rounds} rounds; rows painted: app {app_rows}, "
          f"bare {bare_rows}, first {app_first!r}")
    print(f"app  {[round(s, 3) for s in app]}\nlist {[round(s, 3) for s in listed]}\n"
          f"bare {[round(s, 3) for s in bare]}\n"
          f"cpu: app {[round(s, 3) for s in app_cpu]}, list {[round(s, 3) for s in listed_cpu]}, "
          f"bare {[round(s, 3) for s in bare_cpu]}")
    print(json.dumps({"app_s": round(app_s, 3), "bare_qt_s": round(bare_s, 3),
                      "ratio": round(app_s / bare_s, 2), "list_s": round(list_s, 3),
                      "list_ratio": round(list_s / bare_s, 2), "app_cpu_s": round(app_cpu_s, 3),
                      "bare_cpu_s": round(bare_cpu_s, 3), "cpu_ratio": round(app_cpu_s / bare_cpu_s, 2),
                      "list_cpu_s": round(list_cpu_s, 3), "list_cpu_ratio": round(list_cpu_s / bare_cpu_s, 2),
                      "contacts": args.contacts,
                      "rounds": args.rounds}))


if __name__ == "__main__":
    main()
