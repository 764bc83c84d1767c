"""Edits made on one device to a contact that another device merged away, carried to the survivor.

A merge deletes the merged contact. An edit of it that the merge had not seen
(another laptop, offline) would stay on the deleted contact, kept only as a
delete-vs-edit conflict nobody looks for. ``carry_unseen_edits`` gives each
such edit to the contact the merge kept, by the field's merge rule
(``core.book.fields``), as if the merge had seen it:

- lists (emails, phones, tags, …): the elements the edit added join the survivor's;
- notes: the edit's text replaces the old text where the survivor holds it, else is added after;
- stage: the survivor's moves on when the edit's is further along;
- any other field: the survivor takes the edit's value when it had none or had
  the value the edit replaced; otherwise it keeps its own (as a merge does) and
  the edit's value is kept with the merge (``kept_values``, shown with the merge).

A field the edit emptied leaves the survivor's value. The merged contact is
then deleted again with what it has seen, which settles its conflicts on
every device. Every device carries the same edits to the same values, so the
books agree.
"""

from __future__ import annotations

import json
from typing import Any

from core.book.contacts import contact_sort_key, reindex_contact
from core.book.fields import (CONTACT_FIELDS, INTRODUCED_BY_CONTACT_ID, MERGE_DERIVE, MERGE_FURTHEST,
                              MERGE_JOIN, SORT_KEY_FIELD, STAGE_PATH)
from core.book.merging import _dumps, load_merge_values
from core.book.validation import decode_list
from core.store.elements import list_element_operations
from core.store.records import confirm_fields, decode_value, fetch_row, update_row
from core.store.value_checks import check_value


def carry_unseen_edits(db, merged_id: str, survivor_id: str, merge_id: str) -> bool:
    """Carry the merged contact's edits its merge had not seen to the survivor; True when it wrote."""
    losing = [hlc for (hlc,) in db.conn.execute(
        "SELECT losing_hlc FROM conflicts WHERE table_name = 'contacts' AND row_id = ? AND field = 'deleted_at' "
        "AND losing_value = 'null' "
        "ORDER BY losing_hlc", (merged_id,))]
    if not losing:
        return False
    survivor = fetch_row(db, "contacts", survivor_id)
    merged = fetch_row(db, "contacts", merged_id, include_deleted=True)
    if survivor is None or merged is None or merged["deleted_at"] is None:
        return False
    logged = {hlc: (json.loads(fields), json.loads(base or "{}")) for hlc, fields, base in db.conn.execute(
        "SELECT hlc, fields, base_clocks FROM changes WHERE table_name = 'contacts' AND row_id = ?", (merged_id,))}
    values: dict[str, Any] = {}
    kept: dict[str, Any] = {}
    for hlc in losing:
        if hlc not in logged:
            continue  # history that belongs to the contact: moved to the survivor already
        fields, base = logged[hlc]
        for name, value in fields.items():
            field = CONTACT_FIELDS.get(name)
            if field is None or field.merge == MERGE_DERIVE or check_value("contacts", name, value):
                continue
            current = values.get(name, survivor.get(name))
            # The value it replaced, from the write it names in its base (a received change has no old values).
            old = logged.get(base.get(name), ({}, {}))[0].get(name)
            carried = _carry(field, current, decode_value(value), decode_value(old), survivor_id)
            if carried is _KEEP:
                kept[name] = decode_value(value)
            elif carried is not _SAME:
                values[name] = carried
    values = {name: value for name, value in values.items() if value != survivor.get(name)}
    if values:
        values[SORT_KEY_FIELD.name] = contact_sort_key({**survivor, **values})
        update_row(db, "contacts", survivor_id, values)
        reindex_contact(db, survivor_id)
    merge = fetch_row(db, "merges", merge_id, include_deleted=True)
    if kept and merge is not None:
        update_row(db, "merges", merge_id, {"kept_values": _dumps({**load_merge_values(merge["kept_values"]), **kept})},
                   include_deleted=True)
    # Deleted again, having seen the edits: their conflicts are settled here and wherever this arrives.
    confirm_fields(db, "contacts", merged_id, ["deleted_at"])
    return True


_SAME, _KEEP = object(), object()


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == "[]" or value == b""


def _carry(field, current: Any, new: Any, old: Any, survivor_id: str) -> Any:
    """The survivor's value with one edit carried, ``_SAME`` (nothing to do) or ``_KEEP`` (kept with the merge)."""
    if _empty(new) or new == current:
        return _SAME
    if field.is_list:
        elements = decode_list(current)
        keys = {field.element_key(element) for element in elements}
        added = [element for _, present, element in list_element_operations(field.element_key, new, old)
                 if present and field.element_key(element) not in keys]
        return json.dumps(elements + added, ensure_ascii=False) if added else _SAME
    if field.merge == MERGE_JOIN:
        if new in (current or ""):
            return _SAME
        if _empty(current):
            return new
        if old and old in current:
            return current.replace(old, new, 1)
        return f"{current.rstrip()}\n\n{new.strip()}"
    if field.merge == MERGE_FURTHEST:
        if _empty(current) or (new in STAGE_PATH and current in STAGE_PATH
                               and STAGE_PATH.index(new) > STAGE_PATH.index(current)):
            return new
        return _SAME
    if field.name == INTRODUCED_BY_CONTACT_ID.name and new == survivor_id:
        return _SAME  # one person cannot introduce themself
    if _empty(current) or current == old:
        return new
    return _KEEP
