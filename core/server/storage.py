"""What the sync server keeps, and the interface both stores implement (SQLite, PostgreSQL).

A store holds teams, their devices and pairing codes, and each team's changes
numbered 1, 2, 3, … with no gaps. The number is handed out inside the
transaction that stores the change, under a lock on the team's counter row, so
a reader that has seen seq N has seen every seq below it (a free-running
sequence commits out of order and readers skip rows). Tokens are stored as
SHA-256 hashes (they are long and random), pairing codes as argon2 hashes
(they are short enough to guess at).
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Iterable, Sequence

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from core.store.ids import new_id
from core.sync import protocol

# Letters that cannot be misread for each other when typed from a screen (no 0/O, 1/I/L).
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
_CODE_GROUPS = 4
_CODE_GROUP_LEN = 4


class StoreError(Exception):
    """Something the store refuses; the message says what, for a person."""


class BadCode(StoreError):
    """A pairing code that is wrong, used already or expired."""


class NodeTaken(StoreError):
    """The node is paired already in this team (a copied book)."""


class UnknownTeam(StoreError):
    """No team of that name or id."""


class UnknownDevice(StoreError):
    """No device with that id."""


class CursorMismatch(StoreError):
    """A pull after a seq the server does not hold as the client believes: restored from a backup."""

    def __init__(self, head: int):
        super().__init__("cursor not on this server, head " + str(head))
        self.head = head


@dataclass(frozen=True)
class Team:
    """A team: one shared book on the server."""

    team_id: str
    name: str


@dataclass(frozen=True)
class Device:
    """One paired book of a team."""

    device_id: str
    team_id: str
    team_name: str
    name: str
    node: str
    created_at: int
    revoked_at: int | None = None

    def to_json(self) -> dict:
        """The device as a JSON object (for ``fairmate server devices --json``)."""
        return {"device_id": self.device_id, "team_id": self.team_id, "team_name": self.team_name,
                "name": self.name, "node": self.node, "created_at": self.created_at,
                "revoked_at": self.revoked_at}


@dataclass(frozen=True)
class Pairing:
    """What pairing gives a device: its id, its token (shown once) and its team."""

    device_id: str
    token: str
    team: Team
    # The book paired before as this device (same node, its own device id): the entry is reused.
    reused: bool = False


@dataclass(frozen=True)
class PulledChange:
    """One stored change as pulled: its seq and its wire JSON text as pushed."""

    seq: int
    text: str


@dataclass(frozen=True)
class IncomingChange:
    """One checked change to store: its id, stamp and the JSON text to keep."""

    change_id: str
    hlc: str
    text: str


def prepare_change(change: dict) -> IncomingChange:
    """A change already checked with ``core.store.wire.read_change``, kept as it was sent."""
    # The text is the change as sent, not as read: keys this version does not know pass on.
    text = json.dumps(change, ensure_ascii=False, separators=(",", ":"))
    return IncomingChange(change["change_id"], change["hlc"], text)


def stamp_node(hlc: str) -> str:
    """The node an HLC stamp names (its tail: ``wall-counter-node``)."""
    return hlc.split("-", 2)[-1]


def hash_token(token: str) -> str:
    """The SHA-256 hex digest under which a device token is stored."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    """A new random device token (256 bits, URL-safe text)."""
    return secrets.token_urlsafe(32)


def new_code() -> str:
    """A new pairing code: four groups of four easily typed characters (about 80 bits)."""
    groups = ("".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_GROUP_LEN))
              for _ in range(_CODE_GROUPS))
    return "-".join(groups)


def normalize_code(code: str) -> str:
    """A typed code as issued: upper case, dashes between groups, spaces dropped."""
    letters = "".join(ch for ch in code.upper() if ch.isalnum())
    return "-".join(letters[i:i + _CODE_GROUP_LEN] for i in range(0, len(letters), _CODE_GROUP_LEN))


def now_ms() -> int:
    """The wall clock in milliseconds since the epoch."""
    return int(time.time() * 1000)


def unique_changes(changes: Sequence[IncomingChange]) -> list[IncomingChange]:
    """*changes* without repeats of a change id (the first one counts), in order."""
    seen: set[str] = set()
    kept = []
    for change in changes:
        if change.change_id not in seen:
            seen.add(change.change_id)
            kept.append(change)
    return kept


def chunk_list(items: Sequence, size: int) -> Iterable[Sequence]:
    """*items* in slices of at most *size* (for IN lists under the database's parameter limit)."""
    for start in range(0, len(items), size):
        yield items[start:start + size]


def default_hasher() -> PasswordHasher:
    """argon2id at OWASP's minimum (19 MiB, 2 passes): ~30 ms a code on a small server.

    argon2's own defaults (64 MiB, 3 passes) take ~160 ms, and a pairing checks
    every live code; an 80-bit code that lives 10 minutes needs no more.
    """
    return PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)


class SyncStore(ABC):
    """The server's storage: teams, devices, pairing codes and each team's numbered changes.

    Implementations are safe to call from several threads at once (a
    connection serves one thread at a time). Every method is one transaction.
    """

    def __init__(self, hasher: PasswordHasher | None = None, clock=now_ms):
        # Tests pass a cheap hasher and a fake clock.
        self.hasher = hasher or default_hasher()
        self.clock = clock

    # Schema and epoch.
    @abstractmethod
    def create_schema(self) -> None:
        """Create the tables when they are missing, and the epoch with them."""

    @abstractmethod
    def epoch(self) -> str:
        """The store's epoch: a random id that changes when a backup is restored."""

    @abstractmethod
    def new_epoch(self) -> str:
        """Give the store a new epoch (after restoring a backup) and return it."""

    # Teams and devices.
    @abstractmethod
    def add_team(self, name: str) -> Team:
        """Add a team called *name* (unique); ``StoreError`` when the name is taken."""

    @abstractmethod
    def find_team(self, name_or_id: str) -> Team:
        """The team with this name or id; ``UnknownTeam`` when there is none."""

    @abstractmethod
    def list_teams(self) -> list[Team]:
        """Every team, by name."""

    @abstractmethod
    def create_pairing_code(self, team: Team, ttl_s: int = protocol.PAIRING_CODE_TTL_S) -> str:
        """A new one-time pairing code for *team*, valid *ttl_s* seconds (stored hashed)."""

    @abstractmethod
    def pair_device(self, code: str, device_name: str, node: str,
                    previous_device_ids: Sequence[str] = ()) -> Pairing:
        """Exchange a pairing code for a new device and its token.

        ``BadCode`` for a wrong, used or expired code; ``NodeTaken`` when
        *node* is paired already in the code's team (the code stays unused),
        unless that device is one of *previous_device_ids* (the same book
        pairing again): then it gets a new token and name, and is no longer
        revoked (a new code from the admin lets it in again, and what it
        wrote while revoked, under its node, can go out).
        """

    @abstractmethod
    def find_code_team(self, code: str) -> Team:
        """The team of a live pairing code, which stays unused; ``BadCode`` when there is none."""

    @abstractmethod
    def authenticate(self, token: str) -> Device | None:
        """The device holding *token*; None when the token is unknown or the device revoked."""

    @abstractmethod
    def list_devices(self, team: Team) -> list[Device]:
        """The team's devices, revoked ones included, oldest first."""

    @abstractmethod
    def revoke_device(self, device_id: str) -> Device:
        """Revoke a device: its token stops working. ``UnknownDevice`` when there is none."""

    # Changes.
    @abstractmethod
    def push_changes(self, team_id: str, device_id: str, changes: Sequence[IncomingChange],
                     relayed: frozenset[str] = frozenset()) -> tuple[list[tuple[str, int]], int]:
        """Store *changes* for the team in one transaction; return the acks and the new head.

        Acks are ``(change_id, seq)`` in the order sent; a change id the team
        holds already keeps its first seq. A change the team lacks that is
        stamped with another of its devices' nodes is refused (not stored, not
        acknowledged) unless its id is in *relayed*: the pushing device received
        it from the server and passes it on after a restore.
        """

    @abstractmethod
    def pull_changes(self, team_id: str, after: int, after_change_id: str | None,
                     limit: int) -> tuple[list[PulledChange], int, bool]:
        """The team's changes after seq *after*, ascending: ``(rows, head, more)``.

        At most *limit* rows and about ``PULL_PAGE_BYTES`` of text (one row
        at least). ``CursorMismatch`` when *after* is past the head, or the
        change at seq *after* is not *after_change_id* (when one is given).
        """

    @abstractmethod
    def newest_stamp(self, team_id: str) -> str | None:
        """The newest HLC stamp among the team's changes (None when it has none)."""

    @abstractmethod
    def team_head(self, team_id: str) -> tuple[int, int]:
        """The team's head (highest seq) and how many changes it holds."""

    @abstractmethod
    def close(self) -> None:
        """Close every connection this store opened."""

    # Shared by both stores.
    def hash_code(self, code: str) -> str:
        """The argon2 hash under which a pairing code is stored."""
        return self.hasher.hash(normalize_code(code))

    def code_matches(self, code: str, stored_hash: str) -> bool:
        """True when *code* is the one hashed as *stored_hash*."""
        try:
            return self.hasher.verify(stored_hash, normalize_code(code))
        except (VerificationError, InvalidHashError):
            return False

    def make_device_id(self) -> str:
        """A new device or team id (UUIDv7)."""
        return new_id()
