"""Two app windows on two books and a sync server on loopback, as a salesperson would see them (issue 12).

Run under a display (Xvfb) with screenshots into a folder:

    Xvfb :91 -screen 0 2600x900x24 &
    DISPLAY=:91 QT_QPA_PLATFORM=xcb .venv/bin/python tests/ui/two_books_on_loopback.py /tmp/shots

Steps: connect both books from their Sync pages with pairing codes; add a
contact in one window and wait, touching nothing, until it is in the other;
take the server down, edit the same contact in both (the status bars say
"Offline — N changes waiting"); bring the server up on the same port and wait
for the back-off to find it: both converge, the difference is on both Sync
pages, and is settled from the GUI ("Keep mine"). Exits non-zero at the first
step that does not happen. ``tests/ui/test_ui_sync_xvfb.py`` runs it.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("FAIRMATE_SYNC_KEYRING", "file")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


def load_fixtures():
    spec = importlib.util.spec_from_file_location("sync_test_fixtures", ROOT / "tests" / "sync" / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Loopback:
    """The team server under uvicorn on 127.0.0.1:port, which can be stopped and started again."""

    def __init__(self, server, port: int):
        self.server, self.port, self.runner, self.thread = server, port, None, None

    def start(self) -> None:
        import uvicorn

        config = uvicorn.Config(self.server.app, host="127.0.0.1", port=self.port, log_level="warning",
                                lifespan="off")
        self.runner = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.runner.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.runner.started:
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)

    def stop(self) -> None:
        self.runner.should_exit = True
        self.thread.join(10)


def wait_until(app, condition, timeout: float, what: str) -> None:
    """Run the event loop until *condition()* holds; exit with *what* when it does not in time."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            print(f"FAILED: {what}", flush=True)
            sys.exit(1)
        app.processEvents()
        time.sleep(0.02)
    print(f"ok: {what}", flush=True)


def model_names(window) -> list[str]:
    model = window.contacts_page.model
    return [str(model.data(model.index(row, 0))) for row in range(model.rowCount())]


def main(shots: Path) -> int:
    from core.store.db import open_database
    from ui import operations as op
    from ui.app import create_application
    from ui.main_window import MainWindow
    from ui.tasks import TaskRunner

    shots.mkdir(parents=True, exist_ok=True)
    app = create_application()
    folder = Path(tempfile.mkdtemp(prefix="fairmate-two-books-"))
    fixtures = load_fixtures()
    (folder / "server").mkdir()
    team = fixtures.TeamServer(folder / "server")
    loopback = Loopback(team, fixtures.free_port())
    loopback.start()
    url = f"http://127.0.0.1:{loopback.port}"

    windows = {}
    for index, name in enumerate(("Anna", "Ben")):
        (folder / name).mkdir()
        db = open_database(folder / name / "fairmate.db")
        settings = QSettings(str(folder / f"{name}.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings=settings, runner=TaskRunner(db), db=db,
                            sync_options={"watch_network": False, "poll_ms": 1500, "debounce_ms": 500})
        window.setWindowTitle(f"Fairmate — {name}'s laptop")
        window.resize(1280, 820)
        window.move(index * 1300, 0)
        window.show()
        windows[name] = window

    def shoot(name: str) -> None:
        for _ in range(20):
            app.processEvents()
            time.sleep(0.01)
        for who, window in windows.items():
            window.grab().save(str(shots / f"{name}-{who.lower()}.png"))
        screen = app.primaryScreen()
        screen.grabWindow(0).save(str(shots / f"{name}-screen.png"))

    wait_until(app, lambda: all(w.contacts_page is not None for w in windows.values()), 10, "both windows open")
    # 1. Connect both from the Sync page with pairing codes.
    for name, window in windows.items():
        window.show_page("sync")
        page = window.sync_page
        page.url_edit.setText(url)
        page.code_edit.setText(team.invite())
        page.name_edit.setText(f"{name}'s laptop")
        if name == "Anna":
            shoot("0-connect-form")
        page.connect_button.click()
    wait_until(app, lambda: all(w.sync_label.text() == "Synced just now" for w in windows.values()), 20,
               "both connected and synced")
    shoot("1-connected")

    # 2. A contact added in Anna's window appears in Ben's, nothing touched.
    anna, ben = windows["Anna"], windows["Ben"]
    for window in windows.values():
        window.show_page("contacts")
    anna.operations.run(op.add_contact, display_name="Zhang Wei", city="Shenzhen", country="CN")
    wait_until(app, lambda: any("Zhang Wei" in text for text in model_names(ben)), 20,
               "the contact appears in Ben's window")
    contact_id = anna.db.conn.execute("SELECT id FROM contacts WHERE display_name = 'Zhang Wei'").fetchone()[0]
    for window in windows.values():
        window.show_contact(contact_id)
    shoot("2-contact-arrived")

    # 3. Server down; both edit the same contact.
    loopback.stop()
    anna.operations.run(op.update_contact, contact_id, city="Guangzhou")
    time.sleep(0.01)
    ben.operations.run(op.update_contact, contact_id, city="Dongguan")
    wait_until(app, lambda: all(w.sync_label.text().startswith("Offline — ") for w in windows.values()), 30,
               "both status bars say offline with changes waiting")
    print("   ", [w.sync_label.text() for w in windows.values()], flush=True)
    shoot("3-offline")

    # 4. Server up again: the back-off finds it; both converge, the difference shows on both.
    loopback.start()
    wait_until(app, lambda: all(w.sync_controller.status.conflicts == 1 and w.sync_controller.status.waiting == 0
                                for w in windows.values()), 90, "both converge with the difference listed")
    cities = {w.db.conn.execute("SELECT city FROM contacts WHERE id = ?", (contact_id,)).fetchone()[0]
              for w in windows.values()}
    assert len(cities) == 1, cities
    for window in windows.values():
        window.show_page("sync")
    shoot("4-conflict")

    # 5. Settled from Anna's Sync page: "Keep mine" (Guangzhou); it reaches Ben.
    wait_until(app, lambda: len(anna.sync_page.conflict_cards) == 1, 10, "the conflict card is on Anna's page")
    anna.sync_page.conflict_cards[0].keep_button.click()
    wait_until(app, lambda: all(
        w.db.conn.execute("SELECT city FROM contacts WHERE id = ?", (contact_id,)).fetchone()[0] == "Guangzhou"
        and w.sync_controller.status.conflicts == 0 for w in windows.values()), 30,
        "the choice synced: Guangzhou on both, no difference left")
    for window in windows.values():
        window.show_contact(contact_id)
    shoot("5-settled")

    for window in windows.values():
        window.close()
    loopback.stop()
    team.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="fairmate-shots-"))))
