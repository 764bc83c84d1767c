"""Conflicts as a person reads them, and choosing a side: a normal local write, so it syncs.

``core.store.receive.list_conflicts`` keeps values that lost to a concurrent
write, per (table, row, field). Here each gets what a person needs to choose:
the row's name, the field's label, both values, and which device wrote each
and when. Resolving writes the chosen value through the book's write
functions; that write has seen both sides, so on every device it settles the
conflict when it arrives.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

from core.book import fields
from core.book.activity import change_stage
from core.book.contacts import delete_contact, reindex_contact, update_contact
from core.book.merging import describe_field_value
from core.i18n import N_, _
from core.store.db import write_transaction
from core.store.ids import HlcStamp
from core.store.receive import list_conflicts
from core.store.records import confirm_fields, fetch_row, restore_row, tombstone_row, update_row
from core.sync.state import read_device_names

MINE = "mine"
THEIRS = "theirs"


class ResolveError(Exception):
    """A conflict cannot be resolved as asked; the message says why."""


def describe_stamp(db, stamp: str | None) -> dict:
    """Which device made *stamp* and when: ``node``, ``device`` (its name, or None when the server
    never named it), ``this_device``, ``at`` (UTC, ISO 8601)."""
    if not stamp:
        return {"node": None, "device": None, "this_device": False, "at": None}
    decoded = HlcStamp.decode(stamp)
    at = datetime.fromtimestamp(decoded.wall_ms / 1000, timezone.utc).replace(microsecond=0).isoformat()
    return {"node": decoded.node, "device": read_device_names(db).get(decoded.node),
            "this_device": decoded.node == db.node_id, "at": at}


def describe_conflict_value(db, conflict: dict, value: Any) -> str:
    """A conflict's value as a person reads it: names not ids, entries with labels, "deleted"."""
    if conflict["field"] == "deleted_at":
        # What each device did: one deleted the row, the other edited it (or added to its history).
        return _("Deleted") if value else conflict.get("edit_text") or _("Edited")
    if value is None or value == "":
        return _("(empty)")
    if conflict["table"] == "contacts" and conflict["field"] in fields.CONTACT_FIELDS:
        field = fields.get_field(conflict["field"])
        try:
            return describe_field_value(db, field, field.load(value)) or _("(empty)")
        except (ValueError, TypeError, KeyError):
            pass
    return str(value)


def _row_name(db, table: str, row_id: str) -> str:
    row = fetch_row(db, table, row_id, include_deleted=True) if table in ("contacts", "companies", "events") \
        else None
    if row is None:
        return row_id
    return row.get("display_name") or row.get("name") or row_id


def _field_label(table: str, name: str) -> str:
    if table == "contacts":
        if name == "deleted_at":
            return _("Deleted")
        return fields.field_label(name)
    return name


def list_sync_conflicts(db, *, table: str | None = None, row_id: str | None = None) -> list[dict]:
    """The conflicts to look at: ``table``, ``row_id``, ``name``, ``field``, ``label``, ``current``
    (the value kept now) with ``current_by``, and ``other`` (the value that lost) with ``other_by``
    (``describe_stamp``)."""
    out = []
    for conflict in list_conflicts(db, table=table, row_id=row_id):
        t, r, name = conflict["table"], conflict["row_id"], conflict["field"]
        current = _current(db, t, r, name)
        item = {"table": t, "row_id": r, "name": _row_name(db, t, r), "field": name,
                "label": _field_label(t, name), "current": current,
                "current_by": describe_stamp(db, conflict["winning_hlc"]),
                "other": conflict["value"], "other_by": describe_stamp(db, conflict["losing_hlc"])}
        if name == "deleted_at":
            # The side that did not delete is an edit: say what it changed.
            edit = conflict["losing_hlc"] if not conflict["value"] else conflict["winning_hlc"]
            item["edit_text"] = describe_edit(db, t, r, edit)
        out.append(item)
    return out


# What an edit added to a deleted contact's history, by the table it wrote.
_HISTORY_EDITS = {"interactions": N_("Logged an interaction"), "commitments": N_("Recorded a promise"),
                  "follow_ups": N_("Planned a follow-up"), "meetings": N_("Planned a meeting"),
                  "stage_history": N_("Changed the stage")}


def describe_edit(db, table: str, row_id: str, stamp: str | None) -> str:
    """What the change stamped *stamp* did to a row another device deleted: ``Edited: Job title, City``."""
    rows = db.conn.execute("SELECT table_name, row_id, fields FROM changes WHERE hlc = ?", (stamp or "",)).fetchall()
    labels = []
    for changed_table, changed_row, changed in rows:
        if changed_table == table and changed_row == row_id:
            names = [n for n in json.loads(changed) if table != "contacts" or (
                n in fields.CONTACT_FIELDS and not fields.get_field(n).is_derived)]
            labels += [_field_label(table, n) for n in names if n not in ("created_at", "deleted_at")]
        elif changed_table in _HISTORY_EDITS:
            return _(_HISTORY_EDITS[changed_table])
    return _("Edited: {fields}").format(fields=", ".join(labels)) if labels else _("Edited")


def _current(db, table: str, row_id: str, name: str) -> Any:
    row = fetch_row(db, table, row_id, include_deleted=True)
    return None if row is None else row.get(name)


def resolve_conflict(db, table: str, row_id: str, field: str, keep: str) -> dict:
    """Keep ``mine`` (this device's value) or ``theirs`` (the other device's) for one field in conflict.

    When neither value is this device's, ``mine`` is the value this book shows
    now. Returns ``{"field", "value", "changed"}``; raises ``ResolveError`` when
    the field has no conflict.
    """
    if keep not in (MINE, THEIRS):
        raise ResolveError(_("keep must be mine or theirs"))
    conflicts = list_sync_conflicts(db, table=table, row_id=row_id)
    conflicts = [c for c in conflicts if c["field"] == field]
    if not conflicts:
        raise ResolveError(_("no conflict on {field} of {id}").format(field=field, id=row_id))
    newest = conflicts[-1]  # the newest loser (listed oldest first)
    current, other = newest["current"], newest["other"]
    mine_is_other = newest["other_by"]["this_device"] and not newest["current_by"]["this_device"]
    chosen = other if (keep == THEIRS) != mine_is_other else current
    if chosen != current:
        write_value(db, table, row_id, field, chosen)
        return {"field": field, "value": chosen, "changed": True}
    # The value shown stays: written again, so every device hears the decision and settles it too.
    with write_transaction(db, N_("Resolve conflict")):
        confirm_fields(db, table, row_id, [field])
    return {"field": field, "value": chosen, "changed": False}


def write_value(db, table: str, row_id: str, field: str, value: Any) -> None:
    """Write one field through the book's write functions (contacts) or the records (other tables)."""
    if field == "deleted_at":
        if value is None:
            restore_deleted_row(db, table, row_id)
        elif table == "contacts":
            delete_contact(db, row_id)
        else:
            with write_transaction(db, N_("Resolve conflict")):
                tombstone_row(db, table, row_id)
        return
    if table == "contacts" and field == fields.STAGE.name:
        change_stage(db, row_id, value)
    elif table == "contacts" and field in fields.CONTACT_FIELDS and field != fields.COMPANY_ID.name:
        definition = fields.get_field(field)
        update_contact(db, row_id, **{field: definition.load(value)})
    else:
        with write_transaction(db, N_("Resolve conflict")):
            update_row(db, table, row_id, {field: value}, include_deleted=True)
            if table == "contacts":
                reindex_contact(db, row_id)


def restore_deleted_row(db, table: str, row_id: str) -> bool:
    """Bring back a row deleted while another device edited it (its edits stay); False if not deleted."""
    with write_transaction(db, N_("Restore deleted")):
        restored = restore_row(db, table, row_id)
        if restored and table == "contacts":
            reindex_contact(db, row_id)
    return restored
