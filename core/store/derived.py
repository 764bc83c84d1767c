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


def register_derived(table: str, hook: DerivedHook) -> DerivedHook:
    """Call ``hook(db, row_ids)`` whenever rows of *table* change outside their own module."""
    hooks = _HOOKS.setdefault(table, [])
    if hook not in hooks:
        hooks.append(hook)
    return hook


def refresh_derived(db, changes: OpChanges, tables: Iterable[str] | None = None) -> None:
    """Run the hooks for every table in *changes* (or only *tables*), inside the caller's transaction."""
    wanted = set(tables) if tables is not None else None
    for table, ids in changes.rows.items():
        if wanted is not None and table not in wanted:
            continue
        for hook in _HOOKS.get(table, ()):
            hook(db, sorted(ids))
