"""Derived data, rebuilt by per-table hooks after rows change by other means than their module.

A contact's sort key, search index and duplicate keys are derived from its
fields, so they are never logged or synced. The module that owns a table
keeps them current on its own writes; when rows change otherwise (an undo
replays the log backwards, a sync applies another device's changes), the
store calls the hooks registered here for the tables written, once per
table with every id, so many rows arriving at once are rebuilt in bulk.
"""

from __future__ import annotations

from typing import Callable, Iterable

from core.store.changes import OpChanges

DerivedHook = Callable[[object, list[str]], None]

_HOOKS: dict[str, list[DerivedHook]] = {}

# Tables whose rows carry derived data (their migrations made sort_key, name_key
# and the indexes over them): writing one without its hook would leave it stale.
TABLES_WITH_DERIVED_DATA = frozenset({"contacts", "companies"})


class MissingDerivedHook(RuntimeError):
    """Rows with derived data changed, but the module that rebuilds it was never loaded."""


def register_derived(table: str, hook: DerivedHook) -> DerivedHook:
    """Call ``hook(db, row_ids)`` whenever rows of *table* change outside their own module."""
    hooks = _HOOKS.setdefault(table, [])
    if hook not in hooks:
        hooks.append(hook)
    return hook


def refresh_derived(db, changes: OpChanges, tables: Iterable[str] | None = None) -> None:
    """Run the hooks for every table in *changes* (or only *tables*), inside the caller's transaction."""
    wanted = set(tables) if tables is not None else None
    # A contact's derived data reads its company's: companies first, so a contact is indexed once.
    refreshing = {table: ids for table, ids in sorted(changes.rows.items(), key=lambda item: item[0] != "companies")
                  if wanted is None or table in wanted}
    db.__dict__["_fairmate_refreshing"] = refreshing
    try:
        for table in list(refreshing):
            ids = refreshing[table]
            if table in TABLES_WITH_DERIVED_DATA and not _HOOKS.get(table):
                # Raised inside the caller's transaction, so the write is rolled back, not left stale.
                raise MissingDerivedHook(f"no derived-data hook for {table}: import core.book.contacts first")
            del refreshing[table]  # from here on, its rows are no longer still to come
            for hook in _HOOKS.get(table, ()):
                hook(db, sorted(ids))
    finally:
        db.__dict__.pop("_fairmate_refreshing", None)


def refreshed_later(db, table: str) -> frozenset[str]:
    """The rows of *table* whose own hooks run later in the refresh now going on (a hook need not redo them)."""
    return frozenset((db.__dict__.get("_fairmate_refreshing") or {}).get(table, ()))


# A whole derived index that must be rebuilt before it is next read (a migration
# added it): the mark lives in the device table, so it survives until the layer
# that knows how to rebuild the index first needs it.
_STALE = "stale:"
# The stored spellings of names (sort keys, search entries) after a romanization rule changed.
NAME_SPELLINGS = "name_spellings"
# The rowids of contacts whose search entry holds Arabic letters (names or details).
ARABIC_SEARCH_ENTRIES = ("SELECT rowid FROM contact_search_content "
                         "WHERE c0 GLOB '*[\u0600-\u06ff]*' OR c1 GLOB '*[\u0600-\u06ff]*'")


def mark_stale(db, index: str) -> None:
    """Note that the derived *index* must be rebuilt before it is next read."""
    db.conn.execute("INSERT OR REPLACE INTO device(key, value) VALUES (?, '1')", (_STALE + index,))


def is_stale(db, index: str) -> bool:
    """True when *index* was marked stale and not rebuilt since."""
    return db.conn.execute("SELECT 1 FROM device WHERE key = ?", (_STALE + index,)).fetchone() is not None


def clear_stale(db, index: str) -> None:
    """Note that *index* has been rebuilt."""
    db.conn.execute("DELETE FROM device WHERE key = ?", (_STALE + index,))
