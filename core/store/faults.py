"""One plain sentence for a fault SQLite reports on a write: busy, disk full, read-only, damaged…"""

from __future__ import annotations

import sqlite3

from core.i18n import _


def describe_database_error(exc: sqlite3.Error) -> str:
    """One plain sentence for a write SQLite refused: busy elsewhere, disk full, or its own words."""
    text = str(exc)
    if "locked" in text or "busy" in text:
        return _("the book is busy in another window or command; try again in a moment")
    if "disk is full" in text:
        return _("the disk is full: nothing was changed; free some space and try again")
    if "readonly" in text or "read-only" in text:
        return _("the book is read-only (its file or folder cannot be written): nothing was changed")
    if "malformed" in text or "not a database" in text:
        return _("the book is damaged ({error}): run `fairmate check`").format(error=text)
    if "no such column" in text or "no such table" in text:
        return _("the book's tables are not what Fairmate expects ({error}); were they changed by another "
                 "program? Run `fairmate check`").format(error=text)
    if "disk I/O error" in text and file_size_limited():
        return _("the file size limit (ulimit -f) stopped the write: nothing was changed")
    return _("cannot write the book: {error}").format(error=text)


def file_size_limited() -> bool:
    """True when this process may not write files past a size (``ulimit -f``; POSIX)."""
    try:
        import resource
    except ImportError:  # Windows
        return False
    return resource.getrlimit(resource.RLIMIT_FSIZE)[0] != resource.RLIM_INFINITY
