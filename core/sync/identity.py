"""Which device a book is: its own earlier pairings (reused when it pairs again), and whose contacts it holds.

A book is one device of a team. Pairing again, the same book keeps its device
entry (the server matches its node and a device id it was paired as); a copy of
the book is never offered those ids, since the path it paired from names
another book (``core.sync.credentials.find_original``). Connecting to a team
other than the one whose contacts the book holds asks first.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.i18n import ngettext
from core.sync import credentials, state
from core.sync.transport import SyncError


@dataclass(frozen=True)
class OwnDevice:
    """A device this book was paired as, and the server marks kept for it (None: send everything again)."""

    device_id: str
    team_id: str
    marks: dict | None


def is_this_book(db, recorded: str | None) -> bool:
    """True when *recorded* (the path a pairing was made from) is this book's file, or it moved from there."""
    return bool(recorded) and credentials.find_original(db.path, recorded) is None


def list_own_devices(db) -> dict[str, OwnDevice]:
    """The devices this book itself was paired as (never those of the book it is a copy of), by device id."""
    current = state.read_sync_state(db)
    own: dict[str, OwnDevice] = {}
    for team_id, record in state.read_previous_devices(db).items():
        if record.get("node") == db.node_id and is_this_book(db, record.get("book")) and record.get("device_id"):
            marks = {key: record[key] for key in ("epoch", "cursor", "cursor_change_id") if key in record}
            own[record["device_id"]] = OwnDevice(record["device_id"], team_id, marks or None)
    if current.connected and current.device_id and is_this_book(db, current.book_path):
        own[current.device_id] = OwnDevice(current.device_id, current.team_id, {
            "epoch": current.epoch, "cursor": current.cursor, "cursor_change_id": current.cursor_change_id})
    return own


def last_team(db) -> tuple[str, str] | None:
    """(team id, team name) of the team this book synced with last: the one it is connected to, or left last."""
    current = state.read_sync_state(db)
    if current.connected:
        return current.team_id, current.team_name or current.team_id
    records = state.read_previous_devices(db)
    if not records:
        return None
    team_id, record = max(records.items(), key=lambda item: str(item[1].get("left_at") or ""))
    return team_id, str(record.get("team_name") or team_id)


def count_live_contacts(db) -> int:
    """How many contacts the book holds (not deleted)."""
    return db.conn.execute("SELECT count(*) FROM contacts WHERE deleted_at IS NULL").fetchone()[0]


class SharingNotConfirmed(SyncError):
    """The book holds another team's contacts; connecting would share them with this team. Ask first."""

    def __init__(self, count: int, old_team: str, new_team: str):
        super().__init__(ngettext(
            "this book holds {count} contact from team {old}; connecting it to team {new} shares it with "
            "everyone in {new}",
            "this book holds {count} contacts from team {old}; connecting it to team {new} shares them with "
            "everyone in {new}", count).format(count=count, old=old_team, new=new_team))
        self.count, self.old_team, self.new_team = count, old_team, new_team
