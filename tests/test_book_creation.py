"""A book is created only when asked: `fairmate init`, `--create`, or the app (which asks for a path given)."""

from __future__ import annotations

import json

import pytest

from core.cli.common import EXIT_NO_BOOK
from tests.safety_helpers import run


@pytest.fixture(autouse=True)
def strict(monkeypatch):
    """These tests see the command line as a user does: no book is made unasked (see tests/conftest.py)."""
    monkeypatch.delenv("FAIRMATE_CREATE", raising=False)


def test_a_mistyped_book_is_not_created(capsys, tmp_path):
    typo = tmp_path / "typo.db"
    code, out, err = run(capsys, "--db", typo, "add-contact", "--name", "Anna Lee")
    assert code == EXIT_NO_BOOK and out == ""
    assert err == f"fairmate: no book at {typo}: create it with `fairmate init --db {typo}`\n"
    assert not typo.exists() and list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", [["list"], ["today"], ["import", "x.vcf"], ["demo-data", "--contacts", "1"],
                                     ["check"], ["sync", "--status"], ["export", "--format", "vcf", "-o", "x.vcf"]])
def test_every_command_refuses_a_missing_book(capsys, tmp_path, command):
    code, _, err = run(capsys, "--db", tmp_path / "nothing.db", *command)
    assert code == EXIT_NO_BOOK and err.count("\n") == 1 and "no book at" in err
    assert not (tmp_path / "nothing.db").exists()


def test_init_creates_a_book_once(capsys, tmp_path):
    book = tmp_path / "new.db"
    code, out, err = run(capsys, "init", "--db", book)
    assert code == 0 and f"Created a new book at {book}" in out
    assert book.exists()
    code, out, _ = run(capsys, "--db", book, "list", "--json")
    assert code == 0 and json.loads(out) == []
    run(capsys, "--db", book, "add-contact", "--name", "Anna Lee")
    code, out, _ = run(capsys, "--db", book, "init")
    assert code == 0 and "already" in out
    code, out, _ = run(capsys, "--db", book, "list", "--json")
    assert [c["display_name"] for c in json.loads(out)] == ["Anna Lee"]


def test_create_option_makes_the_book_for_one_command(capsys, tmp_path):
    book = tmp_path / "demo.db"
    code, _, err = run(capsys, "--db", book, "--create", "add-contact", "--name", "Anna Lee")
    assert code == 0, err
    code, _, _ = run(capsys, "add-contact", "--db", book, "--create", "--name", "Ben Ng")  # after the command too
    assert code == 0
    code, out, _ = run(capsys, "--db", book, "list", "--json")
    assert len(json.loads(out)) == 2


def test_the_default_book_is_not_made_by_a_command(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    code, _, err = run(capsys, "list")
    assert code == EXIT_NO_BOOK
    assert err.startswith("fairmate: no book at ") and err.endswith("create it with `fairmate init`\n")
    code, _, _ = run(capsys, "init")
    assert code == 0 and (tmp_path / "data" / "Fairmate" / "fairmate.db").exists()
    assert run(capsys, "list")[0] == 0


def test_init_refuses_a_missing_folder(capsys, tmp_path):
    code, _, err = run(capsys, "init", "--db", tmp_path / "no" / "x.db")
    assert code != 0 and "does not exist" in err and err.count("\n") == 1


def test_help_lists_the_exit_code(capsys):
    with pytest.raises(SystemExit):
        run(capsys, "--help")
    assert f"{EXIT_NO_BOOK} no book" in " ".join(capsys.readouterr().out.split())
