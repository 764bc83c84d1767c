"""Start-up stays light: what the first page of contacts does not need is loaded later, and works then."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def modules_after(code: str, *names: str) -> dict[str, bool]:
    """Which of *names* are imported after running *code* in a fresh interpreter."""
    script = code + f"\nimport json, sys\nprint(json.dumps({{n: n in sys.modules for n in {list(names)!r}}}))"
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True,
                            env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"}, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


def test_the_main_window_module_does_not_import_the_import_pipeline_or_phrasebooks():
    loaded = modules_after("import ui.main_window", "core.exchange.pipeline", "icalendar", "vobject",
                           "core.content.phrase_favourites")
    assert loaded == dict.fromkeys(loaded, False)


def test_lazily_exported_writes_are_the_core_functions():
    from core.content.phrase_favourites import add_favourite_phrase, remove_favourite_phrase
    from core.exchange.pipeline import apply_import
    from ui import operations as op

    assert op.apply_import is apply_import
    assert op.add_favourite_phrase is add_favourite_phrase
    assert op.remove_favourite_phrase is remove_favourite_phrase
    assert {"apply_import", "add_favourite_phrase", "remove_favourite_phrase"} <= set(op.__all__)
