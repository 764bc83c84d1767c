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


# Modules may grow to about 600 lines; past that they own more than one concern.
MAX_MODULE_LINES = 620
# Modules allowed past the limit, with the size they may not exceed (none today: keep it so).
LONG_MODULES: dict[str, int] = {}


def test_no_module_is_longer_than_about_600_lines():
    too_long = {}
    for folder in ("core", "ui"):
        for path in (ROOT / folder).rglob("*.py"):
            name = path.relative_to(ROOT).as_posix()
            lines = len(path.read_text(encoding="utf-8").splitlines())
            if lines > LONG_MODULES.get(name, MAX_MODULE_LINES):
                too_long[name] = lines
    assert too_long == {}
    shrunk = [name for name, cap in LONG_MODULES.items()
              if not (ROOT / name).exists() or len((ROOT / name).read_text(encoding="utf-8").splitlines()) <= MAX_MODULE_LINES]
    assert shrunk == [], "drop these from LONG_MODULES: they are short enough now"


def _import_cycles(package: str) -> list[list[str]]:
    """Strongly connected groups of modules that import each other, at any depth (grimp's graph)."""
    import grimp

    graph = grimp.build_graph(package, include_external_packages=False)
    modules = sorted(graph.modules)
    edges = {m: sorted(graph.find_modules_directly_imported_by(m) & set(modules)) for m in modules}
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for module in modules:
        if module not in index:
            visit(module)
    return groups


# Cycles allowed (none today: keep it so).
KNOWN_CYCLES: list[list[str]] = []


def test_core_has_no_import_cycles():
    """Function-level imports count too: a cycle hidden inside a function is still a cycle."""
    assert sorted(_import_cycles("core")) == KNOWN_CYCLES
