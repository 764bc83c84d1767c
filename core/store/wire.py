"""The wire form of a change: what one device sends another (through the sync server).

One change is one logged write of one row, as a JSON object::

    {"change_id": "0193…",             # UUIDv7 made by the writer; unique everywhere
     "hlc": "1764680000000-00003-a1b2c3d4e5f6",  # the writer's stamp (node last)
     "node": "a1b2c3d4e5f6",           # the writer's node id, as in the stamp
     "table": "contacts",              # a synced table (or one a newer version has)
     "row_id": "0193…",
     "fields": {"city": "Osaka", "photo": {"$base64": "…"}, "deleted_at": null},
     "base": {"city": "1764679000000-00000-0f0e0d0c0b0a"},
     "replaced": {"phones": "[{\"value\": \"+4930…\"}]"}}

``fields`` holds the new values (``records.encode_value``: bytes as
``{"$base64": …}``); derived fields (``records.DERIVED_FIELDS``) are never
sent. ``base`` holds, per field, the clock that field had on the writer just
before this write (absent for a field it had no value for): a receiver learns
from it which writes the writer had seen, so those are not conflicts (a
delete names every field of its row). ``replaced`` holds, for list fields
merged element by element (``core.store.elements``), the list this write
replaced, so a receiver knows which elements it added and removed; absent for
a new row. Keys a receiver does not know are ignored, so the form can grow.

``read_change`` refuses a change that is not in this form (``WireError``):
among others a stamp that is not exactly 13 wall digits, 5 counter digits
and the node (text order must be stamp order), a base clock that is not a
stamp, or a value JSON cannot hold. A well-formed change whose *values* a
field cannot take is not malformed: ``core.store.value_checks`` decides that
per value, and ``core.store.receive`` keeps such values instead of applying them.
"""

from __future__ import annotations

import json
import re
from typing import Any, Mapping

from core.store.elements import element_fields
from core.store.ids import HlcStamp
from core.store.value_checks import is_utf8

# Fixed widths, so that comparing stamps as text compares them as stamps.
_STAMP = re.compile(r"[0-9]{13}-[0-9]{5}-[^-\s]+")


class WireError(ValueError):
    """A change that is not in the wire form; the message says which and why."""


def read_change(change: Mapping[str, Any]) -> dict:
    """Check one wire change and return it as a plain dict with ``base`` always present."""
    if not isinstance(change, Mapping):
        raise WireError(f"a change must be an object, not {type(change).__name__}")
    for key in ("change_id", "hlc", "node", "table", "row_id"):
        if not _is_name(change.get(key)):
            raise WireError(f"change {change.get('change_id')!r}: {key} must be a non-empty string")
    if not is_stamp(change["hlc"]):
        raise WireError(f"change {change['change_id']}: bad hlc {change['hlc']!r}")
    if HlcStamp.decode(change["hlc"]).node != change["node"]:
        raise WireError(f"change {change['change_id']}: hlc {change['hlc']!r} is not of node {change['node']!r}")
    fields = change.get("fields")
    base = change.get("base") or {}
    replaced = change.get("replaced") or {}
    if not all(isinstance(part, Mapping) for part in (fields, base, replaced)):
        raise WireError(f"change {change['change_id']}: fields, base and replaced must be objects")
    if not all(_is_name(k) for k in (*fields, *base, *replaced)):
        raise WireError(f"change {change['change_id']}: field names must be non-empty strings")
    if not all(is_stamp(v) for v in base.values()):
        raise WireError(f"change {change['change_id']}: base clocks must be stamps")
    try:
        json.dumps(dict(fields), allow_nan=True)
        json.dumps(dict(replaced), allow_nan=True)
    except (TypeError, ValueError) as exc:
        raise WireError(f"change {change['change_id']}: fields must be JSON ({exc})") from None
    read = {"change_id": change["change_id"], "hlc": change["hlc"], "node": change["node"],
            "table": change["table"], "row_id": change["row_id"],
            "fields": dict(fields), "base": dict(base)}
    if replaced:
        read["replaced"] = dict(replaced)
    return read


def is_stamp(text: Any) -> bool:
    """True when *text* is an encoded stamp of the fixed width (``1764680000000-00003-a1b2c3d4e5f6``)."""
    return isinstance(text, str) and _STAMP.fullmatch(text) is not None


def _is_name(text: Any) -> bool:
    return isinstance(text, str) and text != "" and is_utf8(text)


def export_changes(db, after_seq: int = 0, *, local_only: bool = True,
                   limit: int | None = None) -> tuple[list[dict], int]:
    """The logged changes after *after_seq* in wire form, and the last ``seq`` they cover.

    ``local_only`` keeps this device's own writes (what a push sends); without
    it, changes received from others are passed on too. ``limit`` caps a page.
    """
    sql = ("SELECT seq, change_id, hlc, table_name, row_id, fields, base_clocks, old_fields FROM changes "
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
    for seq, change_id, hlc, table, row_id, fields, base, old in db.conn.execute(sql, params):
        last = seq
        changes.append(wire_change(change_id, hlc, table, row_id, fields, base, old))
    return changes, last


def wire_change(change_id: str, hlc: str, table: str, row_id: str, fields: str, base: str | None,
                old: str | None) -> dict:
    """One logged change (its ``changes`` columns as stored) in wire form."""
    change = {"change_id": change_id, "hlc": hlc, "node": HlcStamp.decode(hlc).node,
              "table": table, "row_id": row_id, "fields": json.loads(fields),
              "base": json.loads(base) if base else {}}
    lists = element_fields(table)
    if old and lists & change["fields"].keys():
        replaced = json.loads(old)
        change["replaced"] = {name: replaced[name] for name in lists & change["fields"].keys()
                              if name in replaced}
        if not change["replaced"]:
            del change["replaced"]
    return change


def dump_value(encoded: Any) -> str:
    """An encoded field value as canonical JSON text (how conflicts and held values store it)."""
    text = json.dumps(encoded, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # Lone surrogates cannot be stored as UTF-8: escaped, they survive the trip.
    return text if is_utf8(text) else json.dumps(encoded, sort_keys=True, separators=(",", ":"))
