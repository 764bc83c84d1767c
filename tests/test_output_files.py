"""Every output file is written beside its target and renamed into place (issue 13, item 9).

A failed write (disk full, ``ulimit -f``) keeps the previous good file, leaves no temporary
or empty file behind, and ends the command in one line with the no-space exit code.
"""

import errno
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from core.store import files
from core.store.files import atomic_output, write_file_atomically
from safety_helpers import run

ROOT = Path(__file__).resolve().parent.parent


def test_a_failed_write_keeps_the_previous_file_and_leaves_nothing(tmp_path):
    target = tmp_path / "out.vcf"
    target.write_bytes(b"the previous good file")

    def half_then_full(out):
        out.write(b"half of the new")
        raise OSError(errno.ENOSPC, "No space left on device")

    with pytest.raises(OSError):
        write_file_atomically(target, half_then_full)
    assert target.read_bytes() == b"the previous good file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.vcf"]


def test_a_writer_given_a_path_writes_beside_the_target(tmp_path):
    target = tmp_path / "dossier.pdf"
    with atomic_output(target) as temporary:
        assert temporary.parent == tmp_path and temporary != target
        temporary.write_bytes(b"%PDF")
    assert target.read_bytes() == b"%PDF"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dossier.pdf"]


@pytest.fixture
def book(capsys, tmp_path):
    db = tmp_path / "book.db"
    for n in range(3):
        assert run(capsys, "--db", db, "add-contact", "--name", f"Partner {n}", "--country", "JP",
                   "--notes", "n" * 30000)[0] == 0
    for key, value in (("my_name", "Anna Weber"), ("my_email", "anna@weber-leuchten.de")):
        assert run(capsys, "--db", db, "settings", key, value)[0] == 0
    return db


def _contact_id(capsys, db):
    import json

    return json.loads(run(capsys, "--db", db, "list", "--json")[1])[0]["id"]


@pytest.mark.parametrize("command, name", [
    (["export", "--format", "vcf", "--out"], "out.vcf"),
    (["export", "--format", "csv", "--out"], "out.csv"),
    (["qr", "--mine", "-o"], "me.png"),
    (["dossier", "{id}", "-o"], "d.pdf"),
])
def test_a_full_disk_keeps_the_previous_output(capsys, monkeypatch, tmp_path, book, command, name):
    out = tmp_path / "out"
    out.mkdir()
    target = out / name
    target.write_bytes(b"previous good file")

    def full(path):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files, "_sync_file", full)
    argv = [c.format(id=_contact_id(capsys, book)) for c in command]
    code, stdout, err = run(capsys, "--db", book, *argv, target)
    assert code == 4 and err.count("\n") == 1 and "No space left" in err
    assert target.read_bytes() == b"previous good file"
    assert sorted(p.name for p in out.iterdir()) == [name]


def test_a_file_size_limit_during_export_is_one_line_and_keeps_the_previous_file(capsys, tmp_path, book):
    target = tmp_path / "big.vcf"
    target.write_bytes(b"previous good file")

    def limit():
        resource.setrlimit(resource.RLIMIT_FSIZE, (65536, 65536))

    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(book), "export", "--format", "vcf",
                             "--out", str(target)], capture_output=True, text=True, preexec_fn=limit,
                            cwd=ROOT, env={**os.environ, "LANGUAGE": "en"})
    assert result.returncode == 4, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert target.read_bytes() == b"previous good file"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("big")) == ["big.vcf"]


@pytest.mark.parametrize("command", [["export", "--format", "vcf", "--out"], ["dossier", "{id}", "-o"]])
def test_no_output_is_written_over_the_book(capsys, book, command):
    from safety_helpers import book_digest

    before = book_digest(book)
    argv = [c.format(id=_contact_id(capsys, book)) for c in command]
    code, out, err = run(capsys, "--db", book, *argv, book)
    assert code == 1 and "contact book itself" in err and err.count("\n") == 1
    assert book_digest(book) == before


def test_an_export_leaves_no_partial_file(capsys, tmp_path, book):
    target = tmp_path / "all.vcf"
    assert run(capsys, "--db", book, "export", "--format", "vcf", "--out", target)[0] == 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(("all", ".all"))) == ["all.vcf"]
