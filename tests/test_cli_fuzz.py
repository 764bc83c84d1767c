"""Every CLI command with hostile strings and numbers (issue 13, "Done when").

Each example runs one command, with hostile values for some of its options and
arguments, on a fresh copy of a small book. It must end with exit 0 or one of
the one-line error codes (never a traceback, never the "unexpected" 70), and a
command that refuses leaves the book exactly as it was (its rows' digest).
"""

import contextlib
import io
import os
import shutil
import struct
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.cli.main import _build_parser
from main import main
from safety_helpers import book_digest

# 8: no book at the path; 10–16: the sync commands' own (core/cli/sync.py).
ALLOWED = {0, 1, 2, 3, 4, 5, 6, 7, 8, *range(10, 17)}
HOSTILE_TEXT = ["", " ", "\x00", "\x1b[2J\x1b]0;pwned\x07", "\u202eevil", "A" * 300, "\udcff",
                "=HYPERLINK(\"http://evil.example\")", "'; DROP TABLE contacts;--", "%s%n{0}{!r}",
                "../../../etc/passwd", "Europe", "ZZ", "EU", "Mars/Base", "9999-12-31", "0000-00-00",
                "9999-12-31T23:59-12:00", "2026-02-30", "yesterday", "张伟\u200d", "null", "--help"]
HOSTILE_NUMBERS = ["-1", "0", "1e20", "100000000000000000000", "-100000000000000000000", "nan", "inf",
                   "2147483648", "9223372036854775808", "1000000000000", "0x10", " 5"]
# Commands whose arguments are files or folders get these too.
PATH_CHOICES = ["{dir}/out.vcf", "{dir}/no/such/folder/out.pdf", "{dir}", "{book}", "{dir}/evil.vcf",
                "{dir}/open.csv", "{dir}/bomb.png", "{dir}/empty.vcf", "{dir}/\x1bname.vcf"]
# Not run here: they would fill the disk or take minutes even when right.
SKIPPED_OPTIONS = {("demo-data", "--contacts")}
# Not run here: they start a server or reach out to the network (their own tests in tests/server and
# tests/sync cover hostile input); a book that is not connected still gets sync, conflicts and resolve.
SKIPPED_COMMANDS = {"serve", "server", "connect"}


def _commands() -> dict:
    parser = _build_parser()
    sub = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    commands = {}
    for name, command_parser in sub.choices.items():
        if name in SKIPPED_COMMANDS:
            continue
        options = []
        for action in command_parser._actions:
            if action.dest in ("help", "db", "json") or (name, (action.option_strings or [""])[0]) in SKIPPED_OPTIONS:
                continue
            options.append((action.option_strings[0] if action.option_strings else None,
                            action.nargs == 0, action.required, action.dest))
        commands[name] = options
    return commands


COMMANDS = _commands()


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fuzz")
    book = folder / "template.db"
    quiet = io.StringIO()
    with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
        assert main(["--db", str(book), "--create", "add-contact", "--name", "Anna Weber", "--country", "DE",
                     "--email", "anna@example.com"]) == 0
        for key, value in (("my_name", "Me"), ("my_email", "me@example.com")):
            assert main(["--db", str(book), "settings", key, value]) == 0
        # Derived indexes brought up to date (a read may refresh a stale cache: not a change).
        assert main(["--db", str(book), "duplicates"]) == 0
    (folder / "evil.vcf").write_bytes("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:\x1b[2JMallory\u202e\r\nEND:VCARD\r\n"
                                      .encode())
    (folder / "open.csv").write_bytes(b'Name,Email\n"Bob,bob@example.com\nCarl,c@example.com\n')
    (folder / "empty.vcf").write_bytes(b"")

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    (folder / "bomb.png").write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 20000, 20000, 8, 0,
                                                                                            0, 0, 0))
                                      + chunk(b"IDAT", zlib.compress(b"\0" * 100)) + chunk(b"IEND", b""))
    import json

    with contextlib.redirect_stdout(out := io.StringIO()), contextlib.redirect_stderr(quiet):
        main(["--db", str(book), "list", "--json"])
    return folder, book, json.loads(out.getvalue())[0]["id"]


def _value(draw, dest: str, folder: Path, book: Path, contact: str) -> str:
    choices = HOSTILE_TEXT + HOSTILE_NUMBERS + [contact]
    if dest in ("output", "out", "file", "image", "backup"):
        choices = [p.format(dir=folder, book=book) for p in PATH_CHOICES] + choices[:6]
    return draw(st.sampled_from(choices))


@st.composite
def invocations(draw, template):
    folder, book, contact = template
    name = draw(st.sampled_from(sorted(COMMANDS)))
    argv = [name]
    for option, is_flag, required, dest in COMMANDS[name]:
        if option is None:
            argv.append(_value(draw, dest, folder, book, contact))
        elif required or draw(st.booleans()):
            argv += [option] if is_flag else [option, _value(draw, dest, folder, book, contact)]
    return argv


TRIED = {"cases": 0, "passed": 0, "codes": {}, "commands": set()}


@settings(max_examples=int(os.environ.get("FAIRMATE_FUZZ_EXAMPLES", "250")), deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(data=st.data())
def test_every_command_with_hostile_input_ends_in_one_line_and_refusals_change_nothing(data, template, tmp_path):
    folder, template_book, contact = template
    argv = data.draw(invocations(template))
    TRIED["cases"] += 1
    book = tmp_path / "book.db"
    shutil.copyfile(template_book, book)
    before = book_digest(book)
    argv = [a.replace(str(template_book), str(book)) for a in argv]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(["--db", str(book), *argv])
        except SystemExit as exit_info:  # argparse: a usage error, or --help
            code = exit_info.code or 0
    message = err.getvalue()
    assert "Traceback" not in message, (argv, message)
    assert code in ALLOWED, (argv, code, message)
    if code != 0:
        assert message.count("\n") == 1, (argv, message)
        assert book.exists() and book_digest(book) == before, (argv, message)
    else:
        book_digest(book)  # still a readable book: no output was written over it
    TRIED["passed"] += 1
    TRIED["codes"][code] = TRIED["codes"].get(code, 0) + 1
    TRIED["commands"].add(argv[0])
    for leftover in tmp_path.iterdir():
        if leftover.is_file():
            leftover.unlink()
        else:
            shutil.rmtree(leftover)


def test_fuzz_counts():
    """Reports how many cases the fuzz test tried (run after it, in file order)."""
    if TRIED["cases"]:
        print(f"\nfuzz: {TRIED['cases']} cases tried, {TRIED['passed']} passed, "
              f"{len(TRIED['commands'])} of {len(COMMANDS)} commands, exit codes {sorted(TRIED['codes'].items())}")
        assert TRIED["passed"] == TRIED["cases"]
