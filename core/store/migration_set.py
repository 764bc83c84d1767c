"""A named, ordered set of migrations that can say what is pending without importing sqlite-utils.

Every start asks whether the file needs migrating; the answer is one query
on sqlite-utils' own ``_sqlite_migrations`` table. Applying them is still
sqlite-utils ``Migrations``' job (same table, names, order and transactions),
built when there is something to apply: sqlite-utils and its imports cost
~50 ms, which a start with nothing to migrate no longer pays.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable

# sqlite-utils records applied migrations here (``Migrations.migrations_table``).
MIGRATIONS_TABLE = "_sqlite_migrations"


class MigrationSet:
    """``@MIGRATIONS(name="0001_…")`` registers a migration; ``pending`` and ``apply`` as in sqlite-utils."""

    def __init__(self, name: str):
        self.name = name
        self._steps: list[tuple[str, Callable[[Any], None], bool]] = []

    def __call__(self, *, name: str | None = None, transactional: bool = True):
        def register(func):
            step = name or func.__name__
            if step in self.names():
                raise ValueError(f"Migration {step!r} is already registered in set {self.name!r}")
            self._steps.append((step, func, transactional))
            return func

        return register

    def names(self) -> list[str]:
        """Every migration's name, in the order they apply."""
        return [step for step, _func, _transactional in self._steps]

    def applied(self, db) -> list[str]:
        """Names of the migrations applied to *db*, in the order they were applied."""
        conn = db.conn
        if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                        (MIGRATIONS_TABLE,)).fetchone() is None:
            return []
        return [name for (name,) in conn.execute(
            f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ? ORDER BY rowid", (self.name,))]

    def unknown(self, db) -> list[str]:
        """Migrations applied to *db* that this version does not have: a newer version wrote it."""
        known = set(self.names())
        return [step for step in self.applied(db) if step not in known]

    def pending(self, db) -> list[str]:
        """Names of the migrations not yet applied to *db*, in order (read only)."""
        done = set(self.applied(db))
        return [step for step in self.names() if step not in done]

    def apply(self, db, *, stop_before: str | Iterable[str] | None = None) -> None:
        """Apply the pending migrations with sqlite-utils (each in a transaction with its record)."""
        from sqlite_utils import Migrations

        migrations = Migrations(self.name)
        for step, func, transactional in self._steps:
            migrations(name=step, transactional=transactional)(func)
        # A FairmateDatabase hands over its sqlite-utils Database (same connection).
        migrations.apply(getattr(db, "sqlite_utils_db", db), stop_before=stop_before)
