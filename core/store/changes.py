"""What a write changed: collected while a transaction runs, announced once it commits.

Every write goes through ``write_transaction``; the records it touches are
noted here as they are written (``note_row``), and when the outermost
transaction commits they become one ``OpChanges``: which tables, which rows,
which fields, and why (a local edit, an undo, or changes from another
device). The GUI refreshes from that one announcement, as Anki's views
refresh from ``OpChanges``; ``core.store.db.perform`` runs a core write and
hands back its result together with what it changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Mapping

# Why a set of changes happened; the GUI words its messages and undo from it.
LOCAL = "local"
UNDO = "undo"
REMOTE = "remote"
ERASE = "erase"  # an erasure (core.store.erasure): never undone, so not kept as an operation

# Row kinds, as the log records them.
INSERTED = "inserted"
UPDATED = "updated"
DELETED = "deleted"
RESTORED = "restored"


@dataclass(frozen=True)
class OpChanges:
    """What one committed operation changed.

    ``rows`` maps a table to the ids written in it, ``fields`` a table to the
    field names that changed, ``kinds`` a table to the kinds of row change
    (``inserted``, ``updated``, ``deleted``, ``restored``). ``operation_id`` is
    set for local writes that can be undone.
    """

    label: str = ""
    origin: str = LOCAL
    operation_id: str | None = None
    rows: Mapping[str, frozenset[str]] = field(default_factory=dict)
    fields: Mapping[str, frozenset[str]] = field(default_factory=dict)
    kinds: Mapping[str, frozenset[str]] = field(default_factory=dict)

    @property
    def tables(self) -> frozenset[str]:
        """Every table this operation wrote to."""
        return frozenset(self.rows)

    def touches(self, *tables: str) -> bool:
        """True when any of *tables* changed: ``changes.touches("contacts", "companies")``."""
        return any(table in self.rows for table in tables)

    def touched_fields(self, table: str) -> frozenset[str]:
        """The fields that changed in *table* (empty when it was not written)."""
        return self.fields.get(table, frozenset())

    def is_empty(self) -> bool:
        """True when nothing was written."""
        return not self.rows

    @classmethod
    def merged(cls, parts: Iterable["OpChanges"], *, label: str = "", origin: str = LOCAL) -> "OpChanges":
        """Several operations' changes as one announcement (a sync pull of many pages)."""
        rows: dict[str, set] = {}
        fields_: dict[str, set] = {}
        kinds: dict[str, set] = {}
        for part in parts:
            for target, source in ((rows, part.rows), (fields_, part.fields), (kinds, part.kinds)):
                for table, values in source.items():
                    target.setdefault(table, set()).update(values)
        return cls(label=label, origin=origin, rows=_freeze(rows), fields=_freeze(fields_),
                   kinds=_freeze(kinds))


def _freeze(mapping: Mapping[str, Iterable[str]]) -> dict[str, frozenset[str]]:
    return {table: frozenset(values) for table, values in mapping.items()}


@dataclass
class ChangeCollector:
    """The changes of the transaction in progress (one per connection)."""

    operation_id: str
    label: str = ""
    origin: str = LOCAL
    undoes: str | None = None
    # The operation's ``seq`` in ``operations``, which its change log rows carry (``op_seq``):
    # given at its first logged change (core.store.operation_log.operation_seq_of).
    operation_seq: int | None = None
    notes: list[tuple[str, str, str, tuple[str, ...]]] = field(default_factory=list)
    # The clock has seen the newest stamp in the log: the transaction holds the write
    # lock, so no other connection can log a newer one until it ends.
    clock_observed: bool = False

    def mark(self) -> int:
        """A point to roll back to when a savepoint inside the transaction fails."""
        return len(self.notes)

    def roll_back_to(self, mark: int) -> None:
        """Forget what a rolled-back savepoint noted."""
        del self.notes[mark:]

    def to_changes(self) -> OpChanges:
        """What was noted, as the announcement."""
        rows: dict[str, set] = {}
        fields_: dict[str, set] = {}
        kinds: dict[str, set] = {}
        for table, row_id, kind, names in self.notes:
            rows.setdefault(table, set()).add(row_id)
            fields_.setdefault(table, set()).update(names)
            kinds.setdefault(table, set()).add(kind)
        return OpChanges(label=self.label, origin=self.origin,
                         operation_id=self.operation_id if rows and self.origin not in (REMOTE, ERASE) else None,
                         rows=_freeze(rows), fields=_freeze(fields_), kinds=_freeze(kinds))


def current_collector(db) -> ChangeCollector | None:
    """The collector of the transaction running on *db*'s connection, if any."""
    return db.__dict__.get("_fairmate_collector")


def note_row(db, table: str, row_id: str, kind: str, names: Iterable[str] = ()) -> None:
    """Record that *row_id* in *table* changed; writes outside a transaction are not announced."""
    collector = current_collector(db)
    if collector is not None:
        collector.notes.append((table, row_id, kind, tuple(names)))


def last_changes(db) -> OpChanges:
    """What the last committed transaction on *db*'s connection changed."""
    return db.__dict__.get("_fairmate_last_changes") or OpChanges()
