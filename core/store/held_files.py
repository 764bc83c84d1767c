"""Reading a book's first bytes without dropping this process's SQLite locks on it.

On POSIX, closing any descriptor of a file drops every lock the process holds
on it, SQLite's included (sqlite.org/howtocorrupt.html, 2.2). A window whose
worker thread read the book's header with open()/close() then held no lock:
another process (a second window, ``fairmate sync``) closing the book took it
for closed everywhere and deleted the WAL and its index under the window's
connections. The window's later commits went to the deleted file (lost), and
its reads mixed pages of two versions ("database disk image is malformed").

So every connection to a book file is made through ``connect`` here and
remembered, and while one is open, the header is read through one descriptor
kept open until they are all gone. Windows locks per handle: nothing is kept.
(ui/dialogs/file_dialogs.py keeps Qt's file dialogs from opening the book for the same reason.)
"""

from __future__ import annotations

import os
import threading
import weakref
from pathlib import Path

_POSIX = os.name == "posix"
_lock = threading.RLock()
# The connections made on each file, by (device, inode), and a descriptor kept open on it.
_connections: dict[tuple[int, int], weakref.WeakSet] = {}
_kept: dict[tuple[int, int], list[int]] = {}
_classes: dict[type, type] = {}


def _connection_class(module) -> type:
    # sqlite3.Connection takes no weak reference and tells no other thread it is closed; a subclass does.
    base = module.Connection
    if base not in _classes:
        def close(self) -> None:
            base.close(self)
            self.closed_here = True  # after: a close refused (another thread's) leaves it open

        _classes[base] = type("BookConnection", (base,), {"close": close, "closed_here": False})
    return _classes[base]


def connect(module, target: str, path: Path | None, *, before=None, **kwargs):
    """``module.connect(target, **kwargs)``, remembered as a connection to the file *path*.

    *before* runs first under the same lock (a read of the header it needs):
    no other thread closes a descriptor of the file between the two.
    """
    with _lock:
        ready = before() if before is not None else None
        conn = module.connect(target, factory=_connection_class(module), **kwargs)
        if path is not None and _POSIX:
            try:
                info = os.stat(path)
            except OSError:
                return conn, ready
            _connections.setdefault((info.st_dev, info.st_ino), weakref.WeakSet()).add(conn)
        return conn, ready


def _in_use(key: tuple[int, int]) -> bool:
    return any(not conn.closed_here for conn in list(_connections.get(key, ())))


def _release_unused() -> None:
    for key in [key for key in _kept if not _in_use(key)]:
        for fd in _kept.pop(key):
            os.close(fd)  # no connection of ours left on the file: no lock to lose
    for key in [key for key, conns in _connections.items() if not len(conns)]:
        del _connections[key]


def read_header(path: str | Path, length: int) -> bytes:
    """The first *length* bytes of the file at *path* (fewer when it is shorter); raises OSError."""
    if not _POSIX:
        with open(path, "rb") as file:
            return file.read(length)
    with _lock:
        _release_unused()
        info = os.stat(path)
        key = (info.st_dev, info.st_ino)
        if key in _kept:
            return os.pread(_kept[key][0], length, 0)
        fd = os.open(path, os.O_RDONLY)
        try:
            stat = os.fstat(fd)
            key = (stat.st_dev, stat.st_ino)  # the file may have been replaced since the stat
            return os.pread(fd, length, 0)
        finally:
            if _in_use(key):
                _kept.setdefault(key, []).append(fd)
            else:
                os.close(fd)
