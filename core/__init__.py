"""Fairmate's core: everything that works without a display.

Nothing in this package imports Qt or ``ui``; an import-linter contract in the
tests keeps it that way, so the command line and the tests run headless.
"""

__version__ = "0.1.0"
