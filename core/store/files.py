"""Files Fairmate writes: private to the user, and never half-written.

Every output (the book's backups, exports, dossier PDFs, QR images) is
written to a temporary file in the same folder, flushed to disk and renamed
into place, so a full disk, ``ulimit -f`` or a crash leaves the previous good
file, never a torn or empty one; the temporary file is removed on failure.
On POSIX the data folder is 0700 and the files 0600 (the contact book is
personal data); a file replaced keeps the mode it had.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import urllib.parse
from pathlib import Path
from typing import Callable, Iterator

from core.i18n import _
from core.store import cipher

PRIVATE_FOLDER_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
_POSIX = os.name == "posix"


def make_private_folder(folder: Path) -> None:
    """Create *folder* (and its parents) readable by the user only; an existing folder is left as it is."""
    folder = Path(folder)
    if folder.is_dir():
        return
    folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_FOLDER_MODE)
    if _POSIX:
        os.chmod(folder, PRIVATE_FOLDER_MODE)  # mkdir's mode is masked by the umask


def create_private_file(path: Path) -> None:
    """Create an empty file at *path* readable and writable by the user only (an existing one is kept)."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE_MODE))
    if _POSIX:
        os.chmod(path, stat.S_IMODE(os.stat(path).st_mode) & ~0o077)


def _mode_for(path: Path, default: int) -> int:
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return default


@contextlib.contextmanager
def atomic_output(path: str | Path, *, mode: int | None = None, durable: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside *path*; once the block ends, it replaces *path*.

    For writers that want a file name (reportlab, Pillow, SQLite's backup).
    The new file gets *mode*, else the mode of the file it replaces, else
    0600. If the block raises, the temporary file is removed and *path* is
    untouched. ``durable=False`` skips the flush to disk (a note that may be lost).

    >>> with atomic_output("dossier.pdf") as temporary:  # doctest: +SKIP
    ...     render_dossier(..., temporary)
    """
    path = Path(path)
    final_mode = mode if mode is not None else _mode_for(path, PRIVATE_FILE_MODE)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        if durable:
            _sync_file(temporary)
        if _POSIX:
            os.chmod(temporary, final_mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    if durable:
        _sync_folder(path.parent)


def write_file_atomically(path: str | Path, data: bytes | Callable[[object], None], *,
                          mode: int | None = None, durable: bool = True) -> Path:
    """Write *data* (bytes, or a function writing to a binary file) to *path* through a temporary file.

    Returns *path*. On any failure *path* keeps its previous content.
    """
    with atomic_output(path, mode=mode, durable=durable) as temporary:
        with open(temporary, "wb") as out:
            if isinstance(data, (bytes, bytearray, memoryview)):
                out.write(data)
            else:
                data(out)
    return Path(path)


def _sync_file(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def _sync_folder(folder: Path) -> None:
    # The rename itself is durable only once the folder is on disk (POSIX).
    if not _POSIX:
        return
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def sqlite_uri(path: str | Path, **params: str) -> str:
    """A ``file:`` URI for SQLite naming *path* (quoted) with *params* (``mode="ro"``)."""
    quoted = urllib.parse.quote(str(Path(path).absolute()))
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"file:{quoted}" + (f"?{query}" if query else "")


def copy_database(source: str | Path, target: str | Path, *, passphrase: str | None = None) -> Path:
    """Copy the SQLite book at *source* (with what its WAL holds) to *target*, atomically.

    The copy keeps the mode of the original (a 0600 book gives a 0600 backup);
    the copy of an encrypted book (*passphrase*) is encrypted with the same passphrase.
    """
    source, target = Path(source), Path(target)
    with atomic_output(target, mode=_mode_for(source, PRIVATE_FILE_MODE)) as temporary:
        reader = cipher.connect_file(sqlite_uri(source, mode="ro"), path=source, passphrase=passphrase, uri=True)
        try:
            writer = cipher.connect_file(str(temporary), path=temporary, passphrase=passphrase)
            try:
                with writer:
                    reader.backup(writer)
            finally:
                writer.close()
        finally:
            reader.close()
    return target


def not_a_file_reason(path: Path) -> str | None:
    """Why *path* can never hold a book (SQLite's in-memory name, a folder, a device), or None."""
    if str(path) == ":memory:":
        # SQLite keeps ":memory:" in memory: what a command adds there is lost when it ends.
        return _("“:memory:” is not a book file (SQLite keeps it in memory, where it is lost): "
                 "give the path of a file, such as ./book.db")
    if path.is_dir():
        return _("{path} is a folder, not a book file: give the path of a file in it").format(path=path)
    if path.exists() and not path.is_file():
        return _("{path} is not a regular file (a device or a pipe): it cannot hold a book").format(path=path)
    return None


def read_only_reason(path: Path) -> str | None:
    """Why the book at *path* can only be read (its file or folder is read-only), or None."""
    if not path.exists():
        return None
    if not os.access(path, os.W_OK):
        return _("{path} is read-only; it is open for reading only, changes cannot be saved").format(path=path)
    if not os.access(path.parent, os.W_OK):
        return _("the folder of {path} is read-only; the book is open for reading only, changes cannot "
                 "be saved").format(path=path)
    return None


# The file encrypt and decrypt write beside the book before it replaces it (core.store.encryption).
CONVERSION_SUFFIX = ".encrypting"


def remove_stale_conversion(path: Path) -> None:
    """Remove what a killed encrypt or decrypt left beside the book: a decrypt's is a PLAIN copy of it."""
    target = path.with_name(path.name + CONVERSION_SUFFIX)
    for leftover in (target, Path(str(target) + "-journal")):
        with contextlib.suppress(FileNotFoundError):
            leftover.unlink()
