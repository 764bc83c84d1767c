"""House rules that a tool can check."""

import importlib
import inspect
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import core

ROOT = Path(__file__).resolve().parent.parent


def test_core_never_imports_qt_or_ui():
    """The import-linter contract in pyproject.toml: core/ stays free of Qt and ui/."""
    lint = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    if not Path(lint).exists():
        pytest.fail("import-linter is not installed (pip install '.[test]')")
    result = subprocess.run([lint, "--no-cache"], cwd=ROOT, capture_output=True, text=True,
                            env={"PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin",
                                 "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "KEPT" in result.stdout


def test_every_public_core_function_has_a_docstring():
    missing = []
    for info in pkgutil.walk_packages(core.__path__, "core."):
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
                continue
            if (inspect.isfunction(obj) or inspect.isclass(obj)) and not inspect.getdoc(obj):
                missing.append(f"{info.name}.{name}")
    assert missing == []


def test_every_file_dialog_is_one_that_never_opens_the_files_it_lists():
    """Qt's own dialogs read the files they list, which drops SQLite's locks (ui/file_dialogs.py)."""
    offenders = [path.name for path in (ROOT / "ui").rglob("*.py")
                 if path.name != "file_dialogs.py" and "QFileDialog" in path.read_text(encoding="utf-8")]
    assert offenders == []
