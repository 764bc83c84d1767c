"""Issue 12's "done when", on a real X server: two app windows on two books and a sync server on loopback.

The scenario is tests/ui/two_books_on_loopback.py (connect both with pairing
codes, a contact added in one appears in the other, server down while both
edit the same contact, back up: converged, the difference settled from the
GUI). It runs in a process of its own under Xvfb, since this one is offscreen.
"""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

SCRIPT = Path(__file__).with_name("two_books_on_loopback.py")


@pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is not installed")
def test_two_windows_sync_through_a_loopback_server(tmp_path):
    display = next(n for n in range(120, 200) if not Path(f"/tmp/.X{n}-lock").exists()
                   and not Path(f"/tmp/.X11-unix/X{n}").exists())
    xvfb = subprocess.Popen(["Xvfb", f":{display}", "-screen", "0", "2600x900x24", "-nolisten", "tcp"],
                            stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 10
        while not Path(f"/tmp/.X11-unix/X{display}").exists():
            assert xvfb.poll() is None and time.monotonic() < deadline, "Xvfb did not start"
            time.sleep(0.05)
        env = {**os.environ, "DISPLAY": f":{display}", "QT_QPA_PLATFORM": "xcb", "FAIRMATE_SYNC_KEYRING": "file",
               "LANGUAGE": "en"}
        shots = Path(os.environ.get("FAIRMATE_SCREENSHOTS") or tmp_path) / "two-books"
        done = subprocess.run([sys.executable, str(SCRIPT), str(shots)], env=env, capture_output=True, text=True,
                              timeout=240)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "ok: the choice synced" in done.stdout
        assert (shots / "3-offline-screen.png").exists()
    finally:
        xvfb.terminate()
        xvfb.wait(10)
