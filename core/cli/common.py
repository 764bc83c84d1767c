"""What every command module shares: the one-line error, contact lines, times and output checks."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any, Callable
from zoneinfo import ZoneInfo

from core.i18n import _


class CommandError(Exception):
    """A command could not do its job; the message is shown to the user as is."""


def local_time(stored: str, zone: str) -> str:
    """A stored UTC time as ``YYYY-MM-DD HH:MM`` in *zone*."""
    return datetime.fromisoformat(stored).astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M")


def contact_line(contact: dict) -> str:
    """One contact on one line: id, name (and native name), company, city and country."""
    name = contact["display_name"]
    if contact.get("native_name") and contact["native_name"] != name:
        name += f" ({contact['native_name']})"
    where = ", ".join(p for p in (contact.get("company"), contact.get("city"), contact.get("country")) if p)
    return f"{contact['id']}  {name}" + (f" — {where}" if where else "")


def require_contact(db, contact_id: str) -> dict:
    """The contact with *contact_id*; a ``CommandError`` when there is none."""
    # lazy: core.book loads sqlite-utils, phonenumbers…; `fairmate --help` stays fast without them.
    from core.book.contacts import get_contact

    contact = get_contact(db, contact_id)
    if contact is None:
        raise CommandError(_("no contact with id {id}").format(id=contact_id))
    return contact


def written_or_failed(path: str, write: Callable[[], Any]) -> Any:
    """Run *write*; a file system error becomes the command's one-line message naming *path*."""
    try:
        return write()
    except OSError as exc:
        raise CommandError(_("cannot write {path}: {error}").format(path=path, error=exc.strerror or exc)) from exc


def check_output(path: str) -> None:
    """Refuse an output path whose folder does not exist, before any work is done."""
    folder = Path(path).expanduser().resolve().parent
    if not folder.is_dir():
        raise CommandError(_("cannot write {path}: the folder {folder} does not exist").format(
            path=path, folder=folder))
