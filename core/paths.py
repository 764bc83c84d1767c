"""Where Fairmate's data files are: the same lookup from a checkout and from an installed wheel.

The data folders (``phrasebooks/``, ``resources/``) sit at the repository's top
level beside ``core/``; the wheel installs them beside the ``core`` package in
site-packages (see ``[tool.setuptools]`` in pyproject.toml), so one relative
lookup serves both.
"""

from __future__ import annotations

from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent


def data_path(*parts: str) -> Path:
    """The path of a shipped data file or folder: ``data_path("phrasebooks", "ko.toml")``."""
    return _ROOT.joinpath(*parts)


def resource_path(*parts: str) -> Path:
    """The path of a file or folder in ``resources/``: ``resource_path("etiquette", "jp.toml")``."""
    return data_path("resources", *parts)
