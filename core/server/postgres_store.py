"""The server's store in PostgreSQL (psycopg 3): for a team that outgrows one file.

What scales past one machine is PostgreSQL's own replication, not ours. A
push locks the team's row (``SELECT … FOR UPDATE``) and hands out seqs from its
``head`` inside the same transaction: a PostgreSQL sequence would commit out of
order and a reader would skip rows.
"""

from __future__ import annotations

import psycopg
from psycopg import errors

from core.server.sql_store import SqlStore


class PostgresStore(SqlStore):
    """A ``SyncStore`` in a PostgreSQL database named by a DSN; connections are pooled, one transaction each at a time."""

    PARAM = "%s"
    BIGINT = "BIGINT"

    def __init__(self, dsn: str, **kwargs):
        super().__init__(**kwargs)
        self.dsn = dsn

    def open_connection(self) -> psycopg.Connection:
        """A new connection in autocommit mode (transactions are begun explicitly)."""
        return psycopg.connect(self.dsn, autocommit=True)

    def begin_write(self, cur) -> None:
        """Begin a read-committed transaction; the team's row lock orders the pushes."""
        cur.execute("BEGIN")

    def begin_read(self, cur) -> None:
        """One snapshot for the whole read: the head and the rows agree."""
        cur.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")

    def lock_team(self, cur, team_id: str) -> int | None:
        """Lock the team's row until commit and return its head."""
        row = cur.execute("SELECT head FROM teams WHERE team_id = %s FOR UPDATE", (team_id,)).fetchone()
        return row[0] if row else None

    def held_seqs(self, cur, team_id: str, change_ids) -> dict[str, int]:
        """The seqs of those of *change_ids* the team holds already (one array parameter)."""
        # An IN list of 500 markers, once prepared, got a generic plan that scanned the team's
        # every row: pushes slowed from 30 ms to 600 ms past 10,000 changes (measured).
        rows = cur.execute("SELECT change_id, seq FROM changes WHERE team_id = %s AND change_id = ANY(%s)",
                           (team_id, list(change_ids))).fetchall()
        return dict(rows)

    def is_broken(self, conn) -> bool:
        """True when the connection was lost (PostgreSQL restarted, or ended it): it is opened anew."""
        return conn.closed or conn.broken

    def is_unique_violation(self, exc: Exception) -> bool:
        """True when *exc* is PostgreSQL refusing a duplicate key."""
        return isinstance(exc, errors.UniqueViolation)
