"""The guard against PySide6 6.12.0 losing references to None (fatal on Python 3.11)."""

import sys

from PySide6.QtCore import QObject

from ui.qt_compat import none_reference_leaks, top_up_none_refcount


def test_guard_keeps_none_far_from_zero(qapp):
    top_up_none_refcount()
    if sys.version_info < (3, 12):
        assert sys.getrefcount(None) > 1 << 36


def test_unset_property_reads_as_none_and_the_probe_answers(qapp):
    assert QObject().property("fairmate_unset") is None
    assert none_reference_leaks() in (True, False)
