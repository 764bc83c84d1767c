"""Ordinary faults end in one line and their own exit code, never a traceback (issue 13, item 7)."""

import os
import resource
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from safety_helpers import book_digest, file_digest, run

ROOT = Path(__file__).resolve().parent.parent


def fairmate(*argv, limit_bytes=None, env=None):
    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))

    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, argv)], capture_output=True,
                          text=True, cwd=ROOT, preexec_fn=limit if limit_bytes else None,
                          env={**os.environ, "LANGUAGE": "en", **(env or {})})


@pytest.fixture
def book(capsys, tmp_path):
    path = tmp_path / "book.db"
    assert run(capsys, "--db", path, "add-contact", "--name", "张伟", "--city", "Shanghai")[0] == 0
    return path


def test_a_file_size_limit_while_writing_the_book_is_one_line_and_changes_nothing(book):
    before = book_digest(book)
    result = fairmate("--db", book, "add-contact", "--name", "Anna", "--notes", "x" * 60000,
                      limit_bytes=64 * 1024)
    assert result.returncode == 4, result.stderr
    assert result.stderr.count("\n") == 1 and "ulimit" in result.stderr and "Traceback" not in result.stderr
    assert book_digest(book) == before


def test_a_column_renamed_by_another_program_is_one_line_and_writes_nothing(capsys, book):
    conn = sqlite3.connect(book)
    conn.execute("ALTER TABLE contacts RENAME COLUMN city TO town")
    conn.commit()
    conn.close()
    before = file_digest(book)
    for argv in (["list"], ["add-contact", "--name", "Anna"], ["check"], ["search", "zhang"]):
        code, out, err = run(capsys, "--db", book, *argv)
        assert code == 6 and err.count("\n") == 1 and "Traceback" not in err, (argv, err)
        assert "city" in err
    assert file_digest(book) == before


def test_a_terminal_that_cannot_show_the_names_gets_no_traceback(book):
    result = fairmate("--db", book, "list", env={"PYTHONIOENCODING": "ascii"})
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert "\\u5f20" in result.stdout  # 张, shown escaped


def test_an_unexpected_fault_is_one_line_with_its_own_code(capsys, book, monkeypatch):
    from core.cli import contacts

    def broken(db, args):
        raise RuntimeError("something nobody foresaw")

    monkeypatch.setattr(contacts, "_list", broken)
    code, out, err = run(capsys, "--db", book, "list")
    assert code == 70 and err.count("\n") == 1 and "something nobody foresaw" in err


def test_usage_errors_are_one_line(capsys, book):
    with pytest.raises(SystemExit) as exit_info:
        run(capsys, "--db", book, "list", "--limit", "1e20")
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--limit" in err
