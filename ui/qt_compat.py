"""Work-arounds for faults in the Qt bindings, each applied only where the fault shows.

PySide6 6.12.0 on Python 3.11 drops a reference to ``None`` each time an empty
QVariant becomes Python's ``None`` (``index.data()`` of a role a model leaves
empty, ``property()`` of an unset property, and inside every repaint of a
Python-subclassed widget). Before Python 3.12 ``None`` is not immortal, so after some minutes of
scrolling a large table its count reaches zero and the interpreter aborts
with "Fatal Python error: none_dealloc". PySide6 6.11 and Python 3.12+ are
not affected. Until the bindings are fixed (or pinned), the guard below
tops ``None``'s reference count up, which is harmless: ``None`` is a static
singleton that is never freed.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QTimer

_TOP_UP = 1 << 40  # lasts days even at a million dropped references a second
_LOW_WATER = 1 << 36


def none_reference_leaks() -> bool:
    """True when Qt's calls into Python overrides lose references to ``None`` here."""
    if sys.version_info >= (3, 12):
        return False  # None is immortal: its count can never reach zero
    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(32):
        probe.property("fairmate_unset")  # an empty QVariant, returned as None
    return before - sys.getrefcount(None) >= 32


def top_up_none_refcount() -> None:
    """Raise ``None``'s reference count far above anything the fault can drain."""
    if sys.getrefcount(None) < _LOW_WATER:
        import ctypes  # only where the fault shows (~2 ms at every start otherwise)

        # ob_refcnt is the first field of every object in CPython before 3.12;
        # the GIL is held, so no other thread changes it meanwhile.
        ctypes.c_ssize_t.from_address(id(None)).value += _TOP_UP


def install_none_refcount_guard(parent: QObject) -> QTimer | None:
    """Protect the process from the fault when it is present; returns the check timer (or None)."""
    if not none_reference_leaks():
        return None
    top_up_none_refcount()
    timer = QTimer(parent)
    timer.setObjectName("noneRefcountGuard")
    timer.setInterval(60_000)
    timer.timeout.connect(top_up_none_refcount)
    timer.start()
    return timer
