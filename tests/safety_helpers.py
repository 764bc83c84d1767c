"""What the data-safety tests share: running the CLI, a book's digest, damaging and freezing files."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from main import main


def run(capsys, *argv):
    """Run ``fairmate *argv`` in this process: (exit code, stdout, stderr)."""
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def file_digest(path: Path) -> str:
    """SHA-256 of the book's bytes and its WAL's (what a damaged book's test compares)."""
    digest = hashlib.sha256()
    for suffix in ("", "-wal"):
        part = Path(str(path) + suffix)
        digest.update(part.read_bytes() if part.exists() else b"-")
    return digest.hexdigest()


def book_digest(path: Path) -> str:
    """SHA-256 of every row of the book (its SQL dump): equal when nothing was written."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()
    finally:
        conn.close()


def damage(path: Path, size: int = 4096) -> None:
    """Invert *size* bytes in the middle of the file at *path* (a disk's bad sector)."""
    data = bytearray(path.read_bytes())
    middle = (len(data) // 2) // 4096 * 4096
    data[middle:middle + size] = bytes(b ^ 0xFF for b in data[middle:middle + size])
    path.write_bytes(bytes(data))


def can_freeze() -> bool:
    """True when files can be made truly read-only here (root ignores modes: chattr +i then)."""
    return os.geteuid() != 0 or shutil.which("chattr") is not None


@contextlib.contextmanager
def frozen(*paths: Path):
    """Make *paths* read-only for the block, even for root (``chattr +i``), as on read-only media."""
    root = os.geteuid() == 0
    modes = {p: p.stat().st_mode for p in paths}
    try:
        for p in paths:
            if root:
                subprocess.run(["chattr", "+i", str(p)], check=True)
            else:
                p.chmod(0o555 if p.is_dir() else 0o444)
        yield
    finally:
        for p in paths:
            if root:
                subprocess.run(["chattr", "-i", str(p)], check=False)
            else:
                p.chmod(modes[p])
