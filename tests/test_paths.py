"""Shipped resources are found in a checkout and after ``pip install .``."""

import fnmatch
import tomllib
from pathlib import Path

from core import paths

ROOT = Path(__file__).resolve().parent.parent


def _data_files() -> dict[str, list[str]]:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return pyproject["tool"]["setuptools"]["data-files"]


def test_pyproject_installs_every_shipped_resource_where_resource_path_looks():
    shipped = {p.relative_to(ROOT).as_posix() for p in (ROOT / "resources").rglob("*")
               if p.is_file() and p.parent != ROOT / "resources"}  # resources/README.md is for developers
    assert shipped, "nothing shipped?"
    installed = {}
    for target, globs in _data_files().items():
        assert Path(target).parts[:2] == paths.INSTALLED_SUBDIR.parts
        for path in shipped:
            if any(fnmatch.fnmatch(path, pattern) for pattern in globs):
                installed[path] = Path(target, Path(path).name)
    assert sorted(shipped - set(installed)) == []
    # Installed under share/fairmate/ with the same layout as under resources/.
    for path, target in installed.items():
        assert target.relative_to(paths.INSTALLED_SUBDIR) == Path(path).relative_to("resources")


def test_resource_path_prefers_the_checkout():
    assert paths.resource_path("etiquette") == ROOT / "resources" / "etiquette"


def test_resource_path_finds_an_installed_copy(tmp_path, monkeypatch):
    installed = tmp_path / "prefix" / "share" / "fairmate" / "etiquette"
    installed.mkdir(parents=True)
    monkeypatch.setattr(paths, "CHECKOUT_RESOURCES", tmp_path / "no-checkout")
    monkeypatch.setattr(paths.sysconfig, "get_path",
                        lambda name, scheme=None: str(tmp_path / "prefix") if scheme is None else "/nonexistent")
    assert paths.resource_path("etiquette") == installed
    # Nowhere to be found: the checkout path, so an error message names a sensible place.
    assert paths.resource_path("no-such-thing") == tmp_path / "no-checkout" / "no-such-thing"
