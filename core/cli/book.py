"""The book itself: create it, check that it is whole, and go back to a backup when it is not."""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from core.cli.common import EXIT_DAMAGED, CommandError
from core.i18n import _, ngettext

# Core modules are imported inside the handlers: see core/cli/main.py (`fairmate --help` stays fast).


def register(add) -> None:
    """Add this module's commands: ``add(name, help, handler)`` returns the command's parser."""
    p = add("init", _("create a new, empty book (at --db PATH, or in your data folder)"), _init)
    p.set_defaults(opens_book=False, warns_read_only=False)
    p = add("check", _("check that the book is whole (SQLite's full integrity check)"), _check)
    p.set_defaults(warns_read_only=False)
    p = add("restore-backup", _("put the latest whole backup in place of a damaged book "
                                "(the damaged one is kept aside)"), _restore_backup)
    p.add_argument("--backup", metavar="PATH", help=_("the backup to restore (default: the newest whole one)"))
    p.add_argument("--yes", action="store_true",
                   help=_("restore even when changes made since the backup and not yet sent will be lost"))
    p.set_defaults(opens_book=False, warns_read_only=False)
    p = add("encrypt", _("encrypt the book at rest (asks for a new passphrase; keeps it in the system keyring)"),
            _encrypt)
    p.add_argument("--no-keyring", action="store_true",
                   help=_("do not keep the passphrase in the system keyring (it is asked at every start)"))
    p.add_argument("--remove-plain-backups", action="store_true",
                   help=_("delete the unencrypted migration backups beside the book"))
    p.set_defaults(opens_book=False, warns_read_only=False)
    p = add("decrypt", _("write the encrypted book back as a plain file and forget its passphrase"), _decrypt)
    p.set_defaults(opens_book=False, warns_read_only=False)


def _init(path: Path, args):
    from core.store.db import open_database

    existed = path.exists()
    open_database(args.db).close()  # a file that is not a book is refused, one that is is migrated
    result = {"path": str(path), "created": not existed}
    if existed:
        return result, lambda r: _("A book is already at {path}").format(path=r["path"])
    return result, lambda r: _("Created a new book at {path}").format(path=r["path"])


def _check(db, args):
    from core.store.integrity import (describe_damage, explain_encrypted_problems, full_check, list_backups,
                                      structure_problems)

    problems = full_check(db.conn) or structure_problems(db.conn)
    if problems and db.encrypted:
        problems = explain_encrypted_problems(problems)
    if problems:
        raise CommandError(describe_damage(db.path or Path(":memory:"), problems), EXIT_DAMAGED)
    result = {"path": str(db.path), "ok": True, "read_only": db.read_only,
              "backups": [str(p) for p in list_backups(db.path)] if db.path else []}
    return result, lambda r: _("ok: {path} is whole ({backups} backups beside it)").format(
        path=r["path"], backups=len(r["backups"]))


def _new_passphrase() -> str:
    from core.store.cipher import PASSPHRASE_ENV

    if os.environ.get(PASSPHRASE_ENV):
        return os.environ[PASSPHRASE_ENV]
    if not sys.stdin.isatty():
        raise CommandError(_("give the new passphrase on a terminal, or in {variable}").format(
            variable=PASSPHRASE_ENV))
    first = getpass.getpass(_("New passphrase: "))
    if not first:
        raise CommandError(_("the passphrase must not be empty"))
    if getpass.getpass(_("The same passphrase again: ")) != first:
        raise CommandError(_("the two passphrases differ: nothing was changed"))
    return first


def _encrypt(path: Path, args):
    from core.store.db import NoBook
    from core.store.encryption import encrypt_book

    if not path.exists():
        raise NoBook(path, explicit=args.db is not None)
    result = encrypt_book(path, _new_passphrase(), remember=not args.no_keyring,
                          remove_plain_backups=args.remove_plain_backups)

    def render(r):
        lines = [_("Encrypted {path}. Keep the passphrase safe: without it the book cannot be read, "
                   "by you or anyone.").format(path=r["path"])]
        lines.append(_("The passphrase is in the system keyring.") if r["keyring"] else
                     _("The passphrase is not stored: it is asked for at every start."))
        if r["plain_backups"]:
            lines.append(_("Warning: {count} unencrypted backups beside the book still hold its contents: "
                           "{files}; delete them or keep them somewhere safe (--remove-plain-backups "
                           "deletes them).").format(count=len(r["plain_backups"]),
                                                    files=", ".join(r["plain_backups"])))
        return "\n".join(lines)
    return result, render


def _decrypt(path: Path, args):
    from core.store.db import NoBook
    from core.store.encryption import decrypt_book

    if not path.exists():
        raise NoBook(path, explicit=args.db is not None)
    result = decrypt_book(path)
    return result, lambda r: _("Decrypted {path}: it is a plain file again, readable without a passphrase").format(
        path=r["path"])


def _restore_backup(path: Path, args):
    from core.store.db import forget_damage
    from core.store.integrity import backup_stamp, count_unsent_changes_lost, find_whole_backup, restore_backup

    try:
        chosen = find_whole_backup(path, Path(args.backup) if args.backup else None)
        lost = count_unsent_changes_lost(path, chosen) if path.exists() else 0
        if lost and not args.yes:
            raise CommandError(ngettext(
                "{count} change made since that backup and not yet sent will be lost; save what you need "
                "first (`fairmate export`), then run again with --yes",
                "{count} changes made since that backup and not yet sent will be lost; save what you need "
                "first (`fairmate export`), then run again with --yes", lost).format(count=lost))
        if lost is None and not args.yes:
            raise CommandError(_("the changes made since that backup cannot be counted (the book cannot be read) "
                                 "and any not yet sent will be lost; run again with --yes to restore anyway"))
        restored, aside = restore_backup(path, chosen)
    except ValueError as exc:
        raise CommandError(str(exc)) from None
    forget_damage(path)
    result = {"restored": str(restored), "damaged_copy": str(aside), "unsent_lost": lost}

    def render(r):
        text = _("Restored the backup of {stamp}; the book that was in place is kept as {aside}").format(
            stamp=backup_stamp(restored), aside=aside)
        if r["unsent_lost"]:
            text += "\n" + ngettext("{count} change not yet sent was dropped; the book kept aside still holds it.",
                                    "{count} changes not yet sent were dropped; the book kept aside still holds them.",
                                    r["unsent_lost"]).format(count=r["unsent_lost"])
        return text
    return result, render
