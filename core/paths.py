"""Where the data files the app ships (``resources/``) are, in a checkout and when installed.

In a checkout, ``resources/`` sits beside the ``core`` package. ``pip install .``
cannot put a top-level folder beside an installed package, so pyproject.toml
ships the files as data files under ``<prefix>/share/fairmate/`` (``prefix`` is
the venv, ``/usr/local``, ``~/.local``…), and ``resource_path`` looks there too.
"""

from __future__ import annotations

import sys
import sysconfig
from pathlib import Path

CHECKOUT_RESOURCES = Path(__file__).resolve().parent.parent / "resources"
# The folder under an install prefix that pyproject.toml's data-files fill.
INSTALLED_SUBDIR = Path("share") / "fairmate"


def installed_resource_roots() -> list[Path]:
    """The ``share/fairmate`` folders an install may have put data files in, most likely first."""
    prefixes = [sysconfig.get_path("data")]
    for scheme in sysconfig.get_scheme_names():
        try:
            prefixes.append(sysconfig.get_path("data", scheme))
        except KeyError:  # a scheme without a data path on this platform
            continue
    prefixes += [sys.prefix, sys.base_prefix]
    roots: list[Path] = []
    for prefix in prefixes:
        root = Path(prefix) / INSTALLED_SUBDIR
        if prefix and root not in roots:
            roots.append(root)
    return roots


def resource_path(*parts: str) -> Path:
    """The path of a shipped resource, e.g. ``resource_path("etiquette")``.

    The checkout's ``resources/`` wins when it has the resource; then each
    installed location; when none has it, the checkout path is returned, so an
    error message names a sensible place.
    """
    relative = Path(*parts)
    candidates = [CHECKOUT_RESOURCES / relative] + [root / relative for root in installed_resource_roots()]
    for candidate in candidates:
        if candidate.exists():
            return candidate
    return candidates[0]
