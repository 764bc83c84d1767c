"""Merging two records of one person, and undoing a merge.

A merge keeps everything: the survivor takes the chosen value of each field
(each field's merge rule in core.book.fields: lists united element by element,
notes joined, the stage furthest along), every history row of the other
contact (interactions, promises, follow-ups, meetings, stage history) and
every introduction that pointed at it moves to the survivor, the other contact
is tombstoned (never removed), and a row in ``merges`` records what undo needs,
including the values that lost. Undo restores both contacts and moves each row back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from core.book.activity import first_stage_entry, record_first_stage
from core.book.contacts import HISTORY_TABLES, contact_sort_key, reindex_contact
from core.book.fields import (ADDRESS_LIST, ADDRESS_PARTS, CONTACT_FIELDS, COUNTRY, DISPLAY_NAME, ENTRY_TYPES,
                              IMAGE, INTRODUCED_BY_CONTACT_ID, MERGE_FURTHEST, MERGE_JOIN,
                              MERGE_UNION, PHONE_LIST, PROPERTY_LIST, REFERENCE, SORT_KEY_FIELD,
                              STAGE, STAGE_PATH, TRUST_PATH, ContactField, field_label,
                              list_fields, stage_label, trust_path_label)
from core.book.validation import ValidationError, country_name, decode_list, format_phone
from core.i18n import N_, _
from core.store.db import write_transaction
from core.store.records import (decode_value, encode_value, fetch_row, insert_row, restore_row,
                                tombstone_row, update_row, utc_now)

# History that belongs to a contact (core.book.contacts.HISTORY_TABLES) moves with a merge.
# Every field a merge chooses, in the order it shows them (derived ones are recomputed).
# Read again at call time (list_fields()), so a field declared after import is merged too.
MERGE_FIELDS = tuple(f.name for f in list_fields())
# A merge's choices: keep the survivor's value, take the other's, or (lists, notes) both.
SURVIVOR, MERGED, BOTH = "survivor", "merged", "both"


# Comparing -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FieldComparison:
    """One field of two contacts side by side, as the merge dialog shows it.

    ``options`` are the choices a merge accepts for this field, ``default`` the
    one taken when none is given; ``differs`` is False when the values agree
    or one side is empty (nothing to choose).
    """

    field: str
    label: str
    survivor_text: str
    merged_text: str
    differs: bool
    default: str
    options: tuple[str, ...]


def _entry_text(field: ContactField, entry: Any) -> str:
    if not isinstance(entry, dict):
        return str(entry)
    if field.type == ADDRESS_LIST:
        return " ".join(entry[p] for p in ADDRESS_PARTS if entry.get(p))
    if field.type == PROPERTY_LIST:
        return f"{entry.get('name', '')}: {entry.get('value', '')}"
    return format_phone(entry["value"]) if field.type == PHONE_LIST else entry.get("value", "")


def _union(field: ContactField, first: Any, second: Any) -> str:
    seen, united = set(), []
    for entry in decode_list(first) + decode_list(second):
        key = field.element_key(entry)
        if key not in seen:
            seen.add(key)
            united.append(entry)
    return json.dumps(united, ensure_ascii=False)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == "[]" or value == b""


def _same(field: ContactField, first: Any, second: Any) -> bool:
    if field.is_list:
        return ({field.element_key(e) for e in decode_list(first)}
                == {field.element_key(e) for e in decode_list(second)})
    return first == second


def _default_choice(field: ContactField, survivor: dict, merged: dict) -> str:
    if field.merge in (MERGE_UNION, MERGE_JOIN):
        return BOTH
    mine, theirs = survivor.get(field.name), merged.get(field.name)
    if field.merge == MERGE_FURTHEST:
        # Keep the relationship as far along as either record had it (met → … → partner).
        if mine in STAGE_PATH and theirs in STAGE_PATH and STAGE_PATH.index(theirs) > STAGE_PATH.index(mine):
            return MERGED
        return SURVIVOR
    return MERGED if _empty(mine) and not _empty(theirs) else SURVIVOR


def _options(field: ContactField) -> tuple[str, ...]:
    return (BOTH, SURVIVOR, MERGED) if field.merge in (MERGE_UNION, MERGE_JOIN) else (SURVIVOR, MERGED)


def describe_field_value(db, field: ContactField, value: Any) -> str:
    """A contact's value (as code uses it) as one line of text: names, not ids; entries with their labels."""
    if field.type in ENTRY_TYPES:
        return ", ".join((entry.get("display") or entry["value"])
                         + (f" ({entry['label']})" if entry.get("label") else "") for entry in value)
    return describe_value(db, field.name, value)


def describe_value(db, name: str, value: Any) -> str:
    """A stored contact value as text a person reads (company name, not its id; lists joined)."""
    field = CONTACT_FIELDS[name]
    if _empty(value):
        return ""
    if field.is_list:
        separator = "; " if field.type in (ADDRESS_LIST, PROPERTY_LIST) else ", "
        return separator.join(_entry_text(field, e) for e in decode_list(value))
    if field.type == REFERENCE:
        row = fetch_row(db, field.references, value, include_deleted=True)
        return (row.get("name") or row.get(DISPLAY_NAME.name) or value) if row else value
    if field is COUNTRY:
        return country_name(value)
    if field is STAGE:
        return stage_label(value)
    if field is TRUST_PATH:
        return trust_path_label(value)
    if field.type == IMAGE:
        size = len(value) if isinstance(value, (bytes, bytearray)) else len(str(value))
        return _("image, {kb} KB").format(kb=max(1, round(size / 1024)))
    return str(value)


def _live_contact(db, contact_id: str) -> dict:
    row = fetch_row(db, "contacts", contact_id)
    if row is None:
        raise KeyError(_("Contact {id} not found").format(id=contact_id))
    return row


def compare_contacts(db, survivor_id: str, merged_id: str) -> list[FieldComparison]:
    """Every field of two contacts side by side, with the choice a merge would make by default."""
    survivor, merged = _live_contact(db, survivor_id), _live_contact(db, merged_id)
    rows = []
    for field in list_fields():
        mine, theirs = survivor.get(field.name), merged.get(field.name)
        differs = not _empty(mine) and not _empty(theirs) and not _same(field, mine, theirs)
        rows.append(FieldComparison(field.name, field.display_label(),
                                    describe_value(db, field.name, mine),
                                    describe_value(db, field.name, theirs), differs,
                                    _default_choice(field, survivor, merged), _options(field)))
    return rows


def count_history(db, contact_id: str) -> dict[str, int]:
    """How many rows of each kind of history a contact has (what a merge moves), and introductions."""
    counts = {}
    for table in HISTORY_TABLES:
        counts[table] = db.conn.execute(
            f"SELECT count(*) FROM {table} WHERE contact_id = ? AND deleted_at IS NULL",
            (contact_id,)).fetchone()[0]
    counts["stage_history"] += first_stage_entry(db, contact_id) is not None  # moved as a row
    counts["introductions"] = db.conn.execute(
        f"SELECT count(*) FROM contacts WHERE {INTRODUCED_BY_CONTACT_ID.name} = ? "
        "AND deleted_at IS NULL",
        (contact_id,)).fetchone()[0]
    return counts


# Merging ----------------------------------------------------------------------------------------

def _dumps(mapping: dict) -> str:
    return json.dumps({k: encode_value(v) for k, v in mapping.items()}, ensure_ascii=False)


def load_merge_values(text: str | None) -> dict:
    """A merge's recorded field values (``survivor_before``/``survivor_after``) as code uses them."""
    return {k: decode_value(v) for k, v in json.loads(text or "{}").items()}


def _check_choices(choices: dict[str, str]) -> None:
    for name, choice in choices.items():
        if name not in CONTACT_FIELDS or CONTACT_FIELDS[name].is_derived:
            raise ValidationError(name, _("{field!r} is not a contact field").format(field=name))
        options = _options(CONTACT_FIELDS[name])
        if choice not in options:
            raise ValidationError(name, _("choose one of: {options}").format(
                options=", ".join(options)))


def _resolve(survivor: dict, merged: dict, choices: dict[str, str]) -> tuple[dict, dict]:
    """The survivor's new values and the values that lost, both in stored form."""
    values, kept = {}, {}
    for field in list_fields():
        name = field.name
        mine, theirs = survivor.get(name), merged.get(name)
        choice = choices.get(name) or _default_choice(field, survivor, merged)
        if choice == BOTH:
            if field.is_list:
                values[name] = _union(field, mine, theirs)
            elif _empty(theirs) or (mine and theirs.strip() in mine):
                values[name] = mine
            elif _empty(mine) or theirs and mine.strip() in theirs:
                values[name] = theirs
            else:
                values[name] = f"{mine.rstrip()}\n\n{theirs.strip()}"
            continue
        winner, loser = (mine, theirs) if choice == SURVIVOR else (theirs, mine)
        values[name] = winner
        # A lost stage stays in the stage history; every other losing value is kept here.
        if field.merge != MERGE_FURTHEST and not _empty(loser) and not _same(field, winner, loser):
            kept[name] = loser
    return values, kept


def merge_contacts(db, survivor_id: str, merged_id: str, *,
                   choices: dict[str, str] | None = None) -> str:
    """Merge *merged_id* into *survivor_id*; return the merge's id (for ``undo_merge``).

    *choices* maps a field to ``'survivor'`` or ``'merged'`` (lists and notes
    also ``'both'``, their default); other fields keep the survivor's value
    unless it is empty, and the stage goes as far along as either had it.
    Everything happens in one transaction.
    """
    choices = dict(choices or {})
    _check_choices(choices)
    if survivor_id == merged_id:
        raise ValidationError("merged_id", _("a contact cannot be merged with itself"))
    with write_transaction(db, N_("Merge contacts")):
        survivor = _live_contact(db, survivor_id)
        merged = _live_contact(db, merged_id)
        values, kept = _resolve(survivor, merged, choices)
        if values.get(INTRODUCED_BY_CONTACT_ID.name) in (survivor_id, merged_id):
            values[INTRODUCED_BY_CONTACT_ID.name] = None  # one person cannot introduce themself
        changes = {k: v for k, v in values.items() if survivor.get(k) != v}
        before = {k: survivor.get(k) for k in changes}
        # Both first stages become rows while each is still implied by its own contact: the
        # merged one's then moves like the rest of its history (and back on undo).
        record_first_stage(db, survivor_id)
        record_first_stage(db, merged_id)
        if changes:
            changes[SORT_KEY_FIELD.name] = contact_sort_key({**survivor, **changes})
            update_row(db, "contacts", survivor_id, changes)
            changes.pop(SORT_KEY_FIELD.name)
        added: dict[str, list[str]] = {}
        if STAGE.name in changes:
            added["stage_history"] = [insert_row(db, "stage_history", {
                "contact_id": survivor_id, STAGE.name: changes[STAGE.name],
                "previous_stage": survivor[STAGE.name], "changed_at": utc_now(),
                "note": _("Merged with {name}").format(name=merged[DISPLAY_NAME.name])})]

        moved: dict[str, list[str]] = {}
        for table in HISTORY_TABLES:
            ids = [r[0] for r in db.conn.execute(
                f"SELECT id FROM {table} WHERE contact_id = ? ORDER BY rowid", (merged_id,))]
            for row_id in ids:
                update_row(db, table, row_id, {"contact_id": survivor_id}, include_deleted=True)
            moved[table] = ids
        introduced = [r[0] for r in db.conn.execute(
            f"SELECT id FROM contacts WHERE {INTRODUCED_BY_CONTACT_ID.name} = ? AND deleted_at IS NULL "
            "AND id != ?", (merged_id, survivor_id))]
        for contact_id in introduced:
            update_row(db, "contacts", contact_id, {INTRODUCED_BY_CONTACT_ID.name: survivor_id})
        moved["introductions"] = introduced

        tombstone_row(db, "contacts", merged_id)
        merge_id = insert_row(db, "merges", {
            "survivor_id": survivor_id, "merged_id": merged_id, "merged_at": utc_now(),
            "choices": json.dumps(choices), "survivor_before": _dumps(before),
            "survivor_after": _dumps(changes), "moved_rows": json.dumps(moved),
            "added_rows": json.dumps(added), "kept_values": _dumps(kept)})
        reindex_contact(db, survivor_id)
        reindex_contact(db, merged_id)
    return merge_id


def undo_merge(db, merge_id: str) -> dict:
    """Undo a merge: restore the merged contact and move each of its rows back.

    The survivor's fields return to what they were, except those edited
    since the merge (the newer edit stays; they are listed in ``kept_edits``).
    Returns ``{"survivor_id", "merged_id", "kept_edits"}``. Raises
    ``ValidationError`` when the merge was already undone or the survivor has
    since been merged away (undo that merge first).
    """
    with write_transaction(db, N_("Undo merge")):
        merge = fetch_row(db, "merges", merge_id)
        if merge is None:
            raise KeyError(_("Merge {id} not found").format(id=merge_id))
        if merge["undone_at"]:
            raise ValidationError("merge", _("this merge was already undone"))
        survivor_id, merged_id = merge["survivor_id"], merge["merged_id"]
        survivor = fetch_row(db, "contacts", survivor_id)
        if survivor is None:
            later = db.conn.execute(
                "SELECT id FROM merges WHERE merged_id = ? AND undone_at IS NULL "
                "AND deleted_at IS NULL", (survivor_id,)).fetchone()
            if later:
                raise ValidationError("merge", _(
                    "the contact kept by this merge was merged again later: undo merge {id} first")
                    .format(id=later[0]))
            raise ValidationError("merge", _("the contact kept by this merge was deleted"))

        restore_row(db, "contacts", merged_id)
        moved = json.loads(merge["moved_rows"])
        for table in HISTORY_TABLES:
            for row_id in moved.get(table, []):
                row = fetch_row(db, table, row_id, include_deleted=True)
                if row is not None and row["contact_id"] == survivor_id:
                    update_row(db, table, row_id, {"contact_id": merged_id}, include_deleted=True)
        for contact_id in moved.get("introductions", []):
            row = fetch_row(db, "contacts", contact_id)
            if row is not None and row[INTRODUCED_BY_CONTACT_ID.name] == survivor_id:
                update_row(db, "contacts", contact_id, {INTRODUCED_BY_CONTACT_ID.name: merged_id})
        for table, ids in json.loads(merge["added_rows"]).items():
            for row_id in ids:
                tombstone_row(db, table, row_id)

        before, after = load_merge_values(merge["survivor_before"]), load_merge_values(merge["survivor_after"])
        revert = {k: v for k, v in before.items() if survivor.get(k) == after.get(k)}
        kept_edits = sorted(set(before) - set(revert))
        if revert:
            revert[SORT_KEY_FIELD.name] = contact_sort_key({**survivor, **revert})
            update_row(db, "contacts", survivor_id, revert)
        update_row(db, "merges", merge_id, {"undone_at": utc_now()})
        reindex_contact(db, survivor_id)
        reindex_contact(db, merged_id)
    return {"survivor_id": survivor_id, "merged_id": merged_id, "kept_edits": kept_edits}


def list_merges(db, contact_id: str | None = None) -> list[dict]:
    """Merges, newest first (of one contact, kept or merged away, when given).

    Each has ``id``, ``survivor_id``, ``survivor_name``, ``merged_id``,
    ``merged_name``, ``merged_at``, ``undone_at``, ``kept_values`` (field →
    the losing value as text) and ``moved`` (table → how many rows moved).
    """
    sql = ("SELECT m.id, m.survivor_id, s.display_name, m.merged_id, o.display_name, m.merged_at, "
           "m.undone_at, m.kept_values, m.moved_rows FROM merges m "
           "JOIN contacts s ON s.id = m.survivor_id JOIN contacts o ON o.id = m.merged_id "
           "WHERE m.deleted_at IS NULL")
    params: list = []
    if contact_id:
        sql += " AND (m.survivor_id = ? OR m.merged_id = ?)"
        params = [contact_id, contact_id]
    result = []
    for row in db.conn.execute(sql + " ORDER BY m.merged_at DESC, m.id DESC", params).fetchall():
        kept = load_merge_values(row[7])
        result.append({
            "id": row[0], "survivor_id": row[1], "survivor_name": row[2], "merged_id": row[3],
            "merged_name": row[4], "merged_at": row[5], "undone_at": row[6],
            "kept_values": {name: describe_value(db, name, value) for name, value in kept.items()},
            "moved": {table: len(ids) for table, ids in json.loads(row[8]).items()},
        })
    return result
