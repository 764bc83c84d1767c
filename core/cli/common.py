"""What every command module shares: the one-line error, contact lines, times and output checks."""

from __future__ import annotations

import errno
import re
from datetime import datetime
from pathlib import Path
from typing import Any, Callable
from zoneinfo import ZoneInfo

from core.book.fields import CITY, COUNTRY, DISPLAY_NAME, NATIVE_NAME
from core.book import fields
from core.i18n import _


# Exit codes: one per kind of fault, so a script can tell them apart (listed in `fairmate --help`).
EXIT_OK = 0
EXIT_ERROR = 1       # bad input, or the command could not do what was asked
EXIT_USAGE = 2       # a usage error (argparse)
EXIT_BUSY = 3        # the book is busy in another window or command
EXIT_NO_SPACE = 4    # disk full, file size limit (ulimit -f), quota
EXIT_READ_ONLY = 5   # the book is on read-only media or its file is read-only
EXIT_DAMAGED = 6     # the book is damaged
EXIT_IO = 7          # any other fault of the file system or the database
EXIT_NO_BOOK = 8     # no book at the path (a mistyped --db): `fairmate init` creates one
EXIT_LOCKED = 9      # an encrypted book without its passphrase, a wrong one, or no SQLCipher
EXIT_INTERNAL = 70   # a fault nobody foresaw (sysexits' EX_SOFTWARE): please report it
EXIT_INTERRUPTED = 130  # Ctrl+C


class CommandError(Exception):
    """A command could not do its job; the message is shown to the user as is.

    *exit_code* is the process's status (``EXIT_ERROR`` unless said otherwise).
    """

    def __init__(self, message: str, exit_code: int = EXIT_ERROR):
        super().__init__(message)
        self.exit_code = exit_code


def local_time(stored: str, zone: str) -> str:
    """A stored UTC time as ``YYYY-MM-DD HH:MM`` in *zone*."""
    return datetime.fromisoformat(stored).astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")


def contact_line(contact: dict) -> str:
    """One contact on one line: id, name (and native name), company, city and country."""
    name = contact[DISPLAY_NAME.name]
    if contact.get(NATIVE_NAME.name) and contact[NATIVE_NAME.name] != name:
        name += " (" + contact[NATIVE_NAME.name] + ")"
    where = ", ".join(p for p in (contact.get("company"), contact.get(CITY.name),
                                  contact.get(COUNTRY.name)) if p)
    return f"{contact['id']}  {name}" + (f" — {where}" if where else "")


def row_field_label(table: str, name: str) -> str:
    """A changed field as the user knows it: a contact's by its declared label (``company_id`` → Company)."""
    if table == "contacts":
        return fields.field_label(name)
    return name  # other tables declare no labels: their column is named as stored


def require_contact(db, contact_id: str) -> dict:
    """The contact with *contact_id*; a ``CommandError`` when there is none."""
    # lazy: core.book loads sqlite-utils, phonenumbers…; `fairmate --help` stays fast without them.
    from core.book.contacts import get_contact

    contact = get_contact(db, contact_id)
    if contact is None:
        deleted = db.conn.execute("SELECT display_name FROM contacts WHERE id = ? AND deleted_at IS NOT NULL",
                                  (contact_id,)).fetchone()
        merged = db.conn.execute(
            "SELECT m.id, m.survivor_id, c.display_name FROM merges m JOIN contacts c ON c.id = m.survivor_id "
            "WHERE m.merged_id = ? AND m.undone_at IS NULL AND m.deleted_at IS NULL "
            "ORDER BY m.merged_at DESC LIMIT 1", (contact_id,)).fetchone() if deleted else None
        if merged:
            # A merge keeps the other record as a tombstone: point to the contact they live on in.
            raise CommandError(_("{name} ({id}) was merged into {survivor} ({survivor_id}): see fairmate show "
                                 "{survivor_id}; fairmate undo-merge {merge} makes them two contacts again").format(
                name=deleted[0], id=contact_id, survivor=merged[2], survivor_id=merged[1], merge=merged[0]))
        if deleted:
            # Deleted, not gone: say how to bring them back (a delete is kept for sync and undo).
            raise CommandError(_("{name} ({id}) was deleted; fairmate undo brings back your own latest delete, "
                                 "fairmate resolve {id} --restore one deleted on another device").format(
                name=deleted[0], id=contact_id))
        if db.conn.execute("SELECT 1 FROM erased_rows WHERE table_name = 'contacts' AND row_id = ?",
                           (contact_id,)).fetchone():
            raise CommandError(_("{id} was erased: nothing of them is kept").format(id=contact_id))
        raise CommandError(_("no contact with id {id}").format(id=contact_id))
    return contact


# errno values that mean "no room to write": disk full, the file size limit (ulimit -f), a quota.
NO_SPACE_ERRNOS = frozenset({errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)})


def os_error_exit_code(exc: OSError) -> int:
    """The exit code for a file system fault: no space (4), an I/O error (7), else bad input (1)."""
    if exc.errno in NO_SPACE_ERRNOS:
        return EXIT_NO_SPACE
    return EXIT_IO if exc.errno == errno.EIO else EXIT_ERROR


def written_or_failed(path: str, write: Callable[[], Any]) -> Any:
    """Run *write*; a file system error becomes the command's one-line message naming *path*."""
    try:
        return write()
    except OSError as exc:
        raise CommandError(_("cannot write {path}: {error}").format(path=path, error=exc.strerror or exc),
                           os_error_exit_code(exc)) from exc


def check_output(path: str, db=None) -> None:
    """Refuse an output path whose folder does not exist, or that is the open book, before any work is done."""
    target = Path(path).expanduser().resolve()
    folder = target.parent
    if not folder.is_dir():
        raise CommandError(_("cannot write {path}: the folder {folder} does not exist").format(
            path=path, folder=folder))
    book = getattr(db, "path", None)
    if book is not None and str(target) in {str(Path(str(book) + suffix).resolve())
                                            for suffix in ("", "-wal", "-shm")}:
        raise CommandError(_("cannot write {path}: it is the contact book itself").format(path=path))


# Contact fields as options --------------------------------------------------------------------
# add-contact and edit-contact take one option per declared field (core.book.fields), so a
# new field is typed, shown and reported here without a change to the command line.

# Types with no one-line form to type (a whole address, a photo, kept card properties).
_UNTYPED = frozenset({fields.ADDRESS_LIST, fields.PROPERTY_LIST, fields.IMAGE})
# Names these options had before they came from the registry; both spellings keep working.
_OLD_OPTIONS = {fields.DISPLAY_NAME.name: "--name", fields.NATIVE_READING.name: "--reading",
                fields.JOB_TITLE.name: "--title"}
# A label before "=" (``work=+49 30 901820``); a URL's own "=" comes after a ":" or "/".
_ENTRY_LABEL = re.compile(r"^([^=:/@\s][^=:/@]{0,30})=(.+)$")


def option_fields() -> list:
    """The contact fields add-contact and edit-contact take as options, in declaration order."""
    # The stage is set by set-stage, which records the change in the stage history.
    return [f for f in fields.list_fields() if f.type not in _UNTYPED and f is not fields.STAGE]


def option_name(field) -> str:
    """The option a field is typed with: ``--job-title``; one per element for lists (``--email``)."""
    if field.name in _OLD_OPTIONS:
        return _OLD_OPTIONS[field.name]
    name = field.name
    if field.type == fields.REFERENCE:
        name = name.removesuffix("_id").removesuffix("_contact")
    elif field.is_list:
        name = name[:-2] if name.endswith("sses") else name.removesuffix("s")
    return "--" + name.replace("_", "-")


def field_of_option(name: str) -> str:
    """The option a core error's field name was typed with (``phones`` → ``--phone``)."""
    field = fields.CONTACT_FIELDS.get(name)
    return option_name(field) if field is not None and field in option_fields() else name


def add_field_options(parser, *, replacing: bool) -> None:
    """One option per contact field; *replacing* (edit-contact): a list option replaces the list."""
    for field in option_fields():
        names = [option_name(field)]
        generated = "--" + field.name.replace("_", "-")
        if names[0] != generated and not field.is_list and field.type != fields.REFERENCE:
            names.append(generated)  # --job-title beside --title
        help_text = field.display_label()
        if field.type == fields.REFERENCE and field.references == "companies":
            help_text += _(" (a name: found, or added)")
        elif field.type == fields.REFERENCE:
            help_text += _(" (an id)")
        if field.is_list:
            help_text += "; " + (_("replaces all; repeat for several") if replacing
                                 else _("repeat for several"))
            if field.type in fields.ENTRY_TYPES:
                help_text += "; " + _("LABEL=VALUE or VALUE")
        elif field.type == fields.ENUM:
            help_text += f" ({', '.join(field.choices)})"
        metavar = names[0][2:].upper().replace("-", "_")
        parser.add_argument(*names, dest=field.name, help=help_text, metavar=metavar,
                            action="append" if field.is_list else "store",
                            default=None if replacing or not field.is_list else [],
                            required=field is fields.DISPLAY_NAME and not replacing)


def entry_from_option(text: str) -> dict:
    """``work=+49 30 901820`` → ``{"value": "+49 30 901820", "label": "work"}``; no "=": no label."""
    match = _ENTRY_LABEL.match(text.strip())
    if match:
        return {"value": match.group(2).strip(), "label": match.group(1).strip()}
    return {"value": text.strip(), "label": ""}


def fields_from_options(args) -> tuple[dict, str | None]:
    """The contact fields typed as options (others left out), and the company name or None."""
    values, company = {}, None
    for field in option_fields():
        value = getattr(args, field.name)
        if value is None:
            continue
        if field.type in fields.ENTRY_TYPES:
            value = [entry_from_option(text) for text in value]
        if field.type == fields.REFERENCE and field.references == "companies":
            company = value
        else:
            values[field.name] = value
    return values, company


def field_text(db, field, value: Any) -> str:
    """A contact's value as one line of text: names, not ids; entries with their labels."""
    from core.book.merging import describe_field_value

    return describe_field_value(db, field, value)
