"""Wire changes for the server's tests (the form of core/store/wire.py)."""

from __future__ import annotations

import itertools
import uuid

NOW_MS = 1_764_680_000_000
_counter = itertools.count(1)


def make_change(node: str = "a1b2c3d4e5f6", wall_ms: int = NOW_MS, **fields) -> dict:
    """One well-formed change of a contact written on *node*."""
    change_id = str(uuid.uuid4())
    return {"change_id": change_id, "hlc": f"{wall_ms:013d}-{next(_counter) % 100000:05d}-{node}",
            "node": node, "table": "contacts", "row_id": str(uuid.uuid4()),
            "fields": fields or {"city": "Osaka"}, "base": {}}


def make_changes(count: int, node: str = "a1b2c3d4e5f6", wall_ms: int = NOW_MS) -> list[dict]:
    """*count* well-formed changes of *node*."""
    return [make_change(node, wall_ms, city=f"City {i}") for i in range(count)]
