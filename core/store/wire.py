"""The wire form of a change: what one device sends another (through the sync server).

One change is one logged write of one row, as a JSON object::

    {"change_id": "0193…",             # UUIDv7 made by the writer; unique everywhere
     "hlc": "1764680000000-00003-a1b2c3d4e5f6",  # the writer's stamp (node last)
     "node": "a1b2c3d4e5f6",           # the writer's node id, as in the stamp
     "table": "contacts",              # a synced table (or one a newer version has)
     "row_id": "0193…",
     "fields": {"city": "Osaka", "photo": {"$base64": "…"}, "deleted_at": null},
     "base": {"city": "1764679000000-00000-0f0e0d0c0b0a"}}

``fields`` holds the new values (``records.encode_value``: bytes as
``{"$base64": …}``); derived fields (``records.DERIVED_FIELDS``) are never
sent. ``base`` holds, per field, the clock that field had on the writer just
before this write (absent for a field it had no value for): a receiver learns
from it which writes the writer had seen, so those are not conflicts. Keys a
receiver does not know are ignored, so the form can grow.
"""

from __future__ import annotations

import json
from typing import Any, Mapping

from core.store.ids import HlcStamp


class WireError(ValueError):
    """A change that is not in the wire form; the message says which and why."""


def read_change(change: Mapping[str, Any]) -> dict:
    """Check one wire change and return it as a plain dict with ``base`` always present."""
    if not isinstance(change, Mapping):
        raise WireError(f"a change must be an object, not {type(change).__name__}")
    for key in ("change_id", "hlc", "node", "table", "row_id"):
        if not isinstance(change.get(key), str) or not change[key]:
            raise WireError(f"change {change.get('change_id')!r}: {key} must be a non-empty string")
    try:
        stamp = HlcStamp.decode(change["hlc"])
    except ValueError as exc:
        raise WireError(f"change {change['change_id']}: bad hlc {change['hlc']!r}") from exc
    if stamp.encode() != change["hlc"] or stamp.node != change["node"]:
        raise WireError(f"change {change['change_id']}: hlc {change['hlc']!r} is not of node {change['node']!r}")
    fields = change.get("fields")
    base = change.get("base") or {}
    if not isinstance(fields, Mapping) or not isinstance(base, Mapping):
        raise WireError(f"change {change['change_id']}: fields and base must be objects")
    if not all(isinstance(v, str) for v in base.values()):
        raise WireError(f"change {change['change_id']}: base clocks must be strings")
    return {"change_id": change["change_id"], "hlc": change["hlc"], "node": change["node"],
            "table": change["table"], "row_id": change["row_id"],
            "fields": dict(fields), "base": dict(base)}


def export_changes(db, after_seq: int = 0, *, local_only: bool = True,
                   limit: int | None = None) -> tuple[list[dict], int]:
    """The logged changes after *after_seq* in wire form, and the last ``seq`` they cover.

    ``local_only`` keeps this device's own writes (what a push sends); without
    it, changes received from others are passed on too. ``limit`` caps a page.
    """
    sql = ("SELECT seq, change_id, hlc, table_name, row_id, fields, base_clocks FROM changes "
           "WHERE seq > ?")
    params: list = [after_seq]
    if local_only:
        # The node is the stamp's tail: 13 digits, a dash, 5 digits, a dash.
        sql += " AND substr(hlc, 21) = ?"
        params.append(db.node_id)
    sql += " ORDER BY seq"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    changes = []
    last = after_seq
    for seq, change_id, hlc, table, row_id, fields, base in db.conn.execute(sql, params):
        last = seq
        changes.append({"change_id": change_id, "hlc": hlc, "node": HlcStamp.decode(hlc).node,
                        "table": table, "row_id": row_id, "fields": json.loads(fields),
                        "base": json.loads(base) if base else {}})
    return changes, last


def dump_value(encoded: Any) -> str:
    """An encoded field value as canonical JSON text (how conflicts and held values store it)."""
    return json.dumps(encoded, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
