"""The command line: every core job, headless (``fairmate [--db PATH] COMMAND``).

Each command prints human-readable text, or one JSON document with
``--json``. Every fault ends in one line on stderr that names the problem and
a status per kind of fault (``core.cli.common.EXIT_*``: 1 bad input, 2 usage,
3 busy, 4 no space, 5 read-only, 6 damaged, 7 other file or database
faults; the sync commands' own from 10, core/cli/sync.py), never a traceback.
Nothing here imports Qt.

The commands live in one module per concern (``contacts``, ``activity``,
``events``, ``settings``, ``dossiers``, ``content``, ``duplicates``,
``exchange``, ``history``, ``sync``, ``demo``, ``server``); each has a ``register(add)`` that declares its
commands' options beside their handlers. Command modules import core inside
their handlers: importing it all up front makes ``fairmate --help`` take
0.45 s instead of 0.04 s (measured).
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sqlite3
import sys
from pathlib import Path
from typing import Any, Callable

from core import __version__
from core.book.control_chars import escape_control_characters
from core.book.validation import ValidationError
from core.cli import (activity, book, contacts, content, demo, dossiers, duplicates, events, exchange,
                      history, server, settings, sync)
from core.cli.common import (EXIT_BUSY, EXIT_DAMAGED, EXIT_ERROR, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_IO,
                             EXIT_LOCKED, EXIT_NO_BOOK, EXIT_NO_SPACE, EXIT_READ_ONLY,
                             CommandError, field_of_option, os_error_exit_code)
from core.i18n import _, install_language

_MODULES = (contacts, activity, events, settings, dossiers, content, duplicates, exchange, history, sync,
            demo, book, server)

# The order of the commands in `fairmate --help` (and in a wrong command's list of choices).
_HELP_ORDER = ("add-contact", "search", "list", "show", "delete-contact", "erase", "set-stage", "log", "promise",
               "follow-up", "edit-contact", "done", "undo", "add-event", "events", "add-meeting", "cancel-meeting",
               "settings", "today", "dossier", "dossiers", "phrase", "phrasebooks", "etiquette",
               "duplicates", "merge", "undo-merge", "merges", "import", "export", "qr", "read-qr",
               "connect", "sync", "conflicts", "resolve", "disconnect", "demo-data", "init", "check", "restore-backup",
               "encrypt", "decrypt",
               "serve", "server")


class _Parser(argparse.ArgumentParser):
    """argparse, with a usage error in one line (the usage itself is in ``--help``)."""

    def error(self, message: str):
        self.exit(2, _("{prog}: error: {message} (see {prog} --help)").format(prog=self.prog, message=message)
                  + "\n")


def _build_parser() -> argparse.ArgumentParser:
    common = _Parser(add_help=False)
    common.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS,
                        help=_("database file (default: fairmate.db in your data folder)"))
    common.add_argument("--create", action="store_true", default=argparse.SUPPRESS,
                        help=_("create the book if there is none at the path (else: an error, exit 8)"))
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                        help=_("print machine-readable JSON"))

    parser = _Parser(
        prog="fairmate", parents=[common],
        description=_("Fairmate: your offline companion at overseas trade fairs. "
                      "Without a command, the app opens."),
        epilog=_("Exit status: 0 done, 1 bad input or the command could not do it, 2 usage, "
                 "3 the book is busy, 4 no space left (disk full, file size limit), "
                 "5 the book is read-only, 6 the book is damaged, 7 another file or database fault, "
                 "8 no book at the path (fairmate init creates one), "
                 "9 the book is encrypted and was not unlocked (no or a wrong passphrase), "
                 "10–16 sync (see fairmate sync --help), "
                 "70 an unexpected fault (please report it), 130 interrupted."))
    parser.add_argument("--version", action="version", version=f"fairmate {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name, help_text, handler):
        command_parser = sub.add_parser(name, parents=[common], help=help_text, description=help_text)
        command_parser.set_defaults(handler=handler)
        return command_parser

    for module in _MODULES:
        module.register(add)
    _sort_commands(sub)
    return parser


def _sort_commands(sub) -> None:
    # argparse lists commands in the order they were added; the modules add them by concern.
    sub._choices_actions.sort(key=lambda action: _HELP_ORDER.index(action.dest))
    ordered = {name: sub.choices[name] for name in sorted(sub.choices, key=_HELP_ORDER.index)}
    sub.choices.clear()
    sub.choices.update(ordered)


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    """Parse the command line; ``command`` is None when the GUI should start."""
    parser = _build_parser()
    if any("\0" in arg for arg in argv):
        # No shell can pass one; a script calling main() can, and no file name may hold one.
        parser.error(_("an argument holds a NUL character"))
    args = parser.parse_args(argv)
    args.db = getattr(args, "db", None)
    args.json = getattr(args, "json", False)
    # FAIRMATE_CREATE=1: every command creates a missing book, as --create does (scripts, the tests).
    args.create = getattr(args, "create", False) or os.environ.get("FAIRMATE_CREATE") == "1"
    return args


def _print(args, result: Any, render: Callable[[Any], str]) -> None:
    # Control characters stored by an older version (ESC, bidi overrides) are shown, never
    # obeyed: JSON escapes them as \u001b, text as \x1b.
    if args.json:
        print(escape_control_characters(json.dumps(result, ensure_ascii=False, indent=2, default=str), json=True))
    else:
        text = render(result)
        if text:
            print(escape_control_characters(text))


# Field names in core errors, as the options a command-line user typed (contact fields:
# their generated options, core.cli.common.field_of_option).
_OPTION_NAMES = {"due_on": "--due", "limit": "--limit", "offset": "--offset", "duration_minutes": "--minutes",
                 "starts_at": "--at", "follow_up_hours": "--follow-up", "in_hours": "--in-hours",
                 "contacts": "--contacts", "scale": "--scale", "occurred_at": "--when",
                 "starts_on": "--starts", "ends_on": "--ends"}


def _fail(message: str, code: int) -> int:
    print("fairmate: " + escape_control_characters(" ".join(str(message).splitlines())), file=sys.stderr)
    return code


def _sqlite_exit_code(exc: sqlite3.Error) -> int:
    from core.store.faults import file_size_limited

    text = str(exc)
    if "locked" in text or "busy" in text:
        return EXIT_BUSY
    if "full" in text or "disk I/O error" in text and file_size_limited():
        return EXIT_NO_SPACE
    if "readonly" in text or "read-only" in text:
        return EXIT_READ_ONLY
    if "malformed" in text or "not a database" in text or "no such column" in text or "no such table" in text:
        return EXIT_DAMAGED
    return EXIT_IO


# Chunks of an interrupted run from which its undo shows progress (20: about a thousand demo contacts).
_LONG_UNDO = 20


def _recover_interrupted_runs(db) -> None:
    """Undo what a killed ``demo-data`` left behind before this command reads the book; say so on stderr."""
    from core.store.chunked_runs import recover_interrupted_runs

    shown = {}

    def progress(label: str, done: int, total: int) -> None:
        # A long undo (a killed demo-data of thousands of contacts) says how far it is, every tenth.
        step = done * 10 // total
        if total >= _LONG_UNDO and step > shown.get(label, 0):
            shown[label] = step
            print(_("Undoing the unfinished “{operation}” that was interrupted earlier: {percent}%").format(
                operation=_(label), percent=step * 10), file=sys.stderr, flush=True)

    for label in recover_interrupted_runs(db, progress):
        print(_("Undid the unfinished “{operation}” that was interrupted earlier").format(
            operation=_(label)), file=sys.stderr)


def _install_saved_language(db) -> None:
    """Speak the interface language chosen in the app, unless LANGUAGE or LC_ALL/LC_MESSAGES say otherwise."""
    from core.book.settings import INTERFACE_LANGUAGE, choose_interface_language, get_setting

    language = choose_interface_language(get_setting(db, INTERFACE_LANGUAGE.key), environment_wins=True)
    if language:
        install_language(language)


def ask_passphrase(path: Path) -> tuple[str, bool] | None:
    """Ask on the terminal for the passphrase of the encrypted book at *path* (not kept in the keyring)."""
    passphrase = getpass.getpass(_("Passphrase for {path}: ").format(path=path))
    return (passphrase, False) if passphrase else None


def run_command(args: argparse.Namespace) -> int:
    """Open the database and run ``args.command``; return the process exit code."""
    # lazy: core.store loads sqlite-utils (90 ms), not needed for --help or a usage error.
    from core.store import cipher
    from core.store.db import (BookBusy, BookLocked, DamagedBook, DatabaseError, NoBook, ReadOnlyBook,
                               default_db_path, open_database)
    from core.store.faults import describe_database_error
    # The book registers the hooks that rebuild derived data (search, sort and duplicate
    # keys) when undo or a sync writes contacts; every command must have them.
    from core.book.contacts import refresh_name_spellings

    install_language(None)  # the language of the environment (LANGUAGE, LANG…)
    if sys.stdin.isatty():
        cipher.set_passphrase_prompt(ask_passphrase)
    warning = None
    try:
        if not getattr(args, "needs_book", True):
            # The sync server's commands open the server's store, not a contact book.
            result, render = args.handler(None, args)
        elif not getattr(args, "opens_book", True):
            # Works on the file itself (restore-backup): the book may be too damaged to open.
            result, render = args.handler(Path(args.db) if args.db else default_db_path(), args)
        else:
            # A book is created only when asked (init, --create): a mistyped --db is an error.
            db = open_database(args.db, create=args.create)
            try:
                _install_saved_language(db)
                _recover_interrupted_runs(db)
                refresh_name_spellings(db)
                result, render = args.handler(db, args)
                if getattr(args, "warns_read_only", True):
                    warning = db.read_only
            finally:
                db.close()
    except ValidationError as exc:
        problems = getattr(exc, "errors", [exc])
        return _fail("; ".join(f"{_OPTION_NAMES.get(p.field) or field_of_option(p.field)}: {p.message}"
                               for p in problems), EXIT_ERROR)
    except ReadOnlyBook as exc:
        return _fail(str(exc), EXIT_DAMAGED if exc.damaged else EXIT_READ_ONLY)
    except DamagedBook as exc:
        return _fail(str(exc), EXIT_DAMAGED)
    except NoBook as exc:
        return _fail(str(exc), EXIT_NO_BOOK)
    except BookLocked as exc:
        return _fail(str(exc), EXIT_LOCKED)
    except BookBusy as exc:
        return _fail(str(exc), EXIT_BUSY)
    except DatabaseError as exc:
        return _fail(str(exc), EXIT_ERROR)
    except CommandError as exc:
        return _fail(str(exc), exc.exit_code)
    except KeyError as exc:
        return _fail(str(exc.args[0] if exc.args else exc), EXIT_ERROR)
    except sqlite3.Error as exc:
        # Another window or command is writing (an import), the disk refused the write,
        # or the file is damaged where this command read it.
        return _fail(describe_database_error(exc), _sqlite_exit_code(exc))
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        return _fail(where + (exc.strerror or str(exc)), os_error_exit_code(exc))
    except UnicodeError as exc:
        # An argument with bytes that are not UTF-8 (a lone surrogate) used as an id or a key.
        return _fail(_("the input holds bytes that are not valid text ({error})").format(error=exc), EXIT_ERROR)
    except KeyboardInterrupt:
        return _fail(_("interrupted: what was not yet saved was left out"), EXIT_INTERRUPTED)
    except Exception as exc:  # noqa: BLE001 — the last line of defence: one line, never a traceback
        if os.environ.get("FAIRMATE_DEBUG"):
            raise
        return _fail(_("unexpected error ({kind}: {error}); nothing half-written was kept. Please report it; "
                       "FAIRMATE_DEBUG=1 shows the details").format(kind=type(exc).__name__, error=exc),
                     EXIT_INTERNAL)
    _print(args, result, render)
    if warning:
        print(escape_control_characters(_("fairmate: warning: {reason}").format(reason=warning)), file=sys.stderr)
    return 0
