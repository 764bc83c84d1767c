"""Time to the first shown main window with 100k contacts, against a bare PySide6 window.

Both are measured the same way, in fresh processes: from spawning the
interpreter to the first time a QMainWindow is exposed on screen (Qt's
Expose event), so imports, database opening and the first page of the
contact list all count. Last line: {"app_s", "bare_qt_s", "ratio", ...}.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

from common import ROOT, demo_database

# A global event filter notes the first Expose of a QMainWindow, prints, and quits.
_PROBE = """
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QWindow
from PySide6.QtWidgets import QApplication

class FirstShowProbe(QObject):
    def eventFilter(self, obj, event):
        # Qt sends Expose to the native QWindow behind the main window.
        if event.type() == QEvent.Type.Expose and isinstance(obj, QWindow) and obj.isExposed():
            print("shown", time.time(), flush=True)
            QTimer.singleShot(0, QApplication.instance().quit)
            QApplication.instance().removeEventFilter(self)
        return False

probe = FirstShowProbe()
"""

BARE = _PROBE + """
from PySide6.QtWidgets import QMainWindow
app = QApplication(sys.argv)
app.installEventFilter(probe)
window = QMainWindow()
window.resize(1200, 800)
window.show()
app.exec()
"""

# The app makes its own QApplication (with its own arguments); the probe is
# installed on it right after, by wrapping the function that creates it.
APP = _PROBE + """
sys.path.insert(0, {root!r})
import ui.app
create = ui.app.create_application
def create_and_probe(*args, **kwargs):
    app = create(*args, **kwargs)
    app.installEventFilter(probe)
    return app
ui.app.create_application = create_and_probe
sys.exit(ui.app.run_gui({db!r}))
"""


def time_start(script: str, env: dict) -> float:
    started = time.time()
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            env=env, timeout=120)
    for line in result.stdout.splitlines():
        if line.startswith("shown "):
            return float(line.split()[1]) - started
    raise RuntimeError(f"window never shown:\n{result.stdout}\n{result.stderr}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    db = demo_database(args.contacts)
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    # A settings folder of its own, so the user's saved window state is not touched.
    env["XDG_CONFIG_HOME"] = str(ROOT / "bench" / ".cache" / "config")
    app_script = APP.format(root=str(ROOT), db=str(db))
    time_start(BARE, env)  # warm the OS file cache for both
    time_start(app_script, env)
    bare, app = [], []
    for _ in range(args.rounds):  # alternate, so drift affects both alike
        bare.append(time_start(BARE, env))
        app.append(time_start(app_script, env))
    bare_s, app_s = statistics.median(bare), statistics.median(app)
    print(f"{args.contacts} contacts, {args.rounds} rounds; app {app}, bare {bare}")
    print(json.dumps({"app_s": round(app_s, 3), "bare_qt_s": round(bare_s, 3),
                      "ratio": round(app_s / bare_s, 2), "contacts": args.contacts}))


if __name__ == "__main__":
    main()
