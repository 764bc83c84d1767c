"""What happens with a contact over time: interactions, promises, follow-ups, stages.

Interactions and stage history are append-only logs (they never conflict
when syncing); commitments and follow-ups are edited only to mark them done.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta, timezone
from typing import Any, Iterable
from zoneinfo import ZoneInfo

from core.book.fields import MET_ON, STAGE, stage_label
from core.book.times import wall_to_utc
from core.book.validation import (ValidationError, check_range, check_year, clean_text, normalize_date,
                                  normalize_datetime, normalize_time_zone, to_utc_text)
from core.i18n import N_, _
from core.store.db import write_transaction
from core.store.records import fetch_row, insert_row, insert_rows, restore_row, update_row, update_rows, utc_now
from core.store.value_checks import register_value_check

INTERACTION_KINDS = ("meeting", "call", "email", "message", "note")
OWED_BY = ("us", "them")  # who keeps a promise


def interaction_kind_label(kind: str) -> str:
    """The display name of an interaction kind."""
    return {"meeting": _("Meeting"), "call": _("Call"), "email": _("Email"),
            "message": _("Message"), "note": _("Note")}.get(kind, kind)


def _require_contact(db, contact_id: str) -> dict:
    contact = fetch_row(db, "contacts", contact_id)
    if contact is None:
        raise KeyError(_("Contact {id} not found").format(id=contact_id))
    return contact


def _require_contacts(db, contact_ids) -> None:
    """``_require_contact`` for many (a bulk write): one query a few hundred at a time."""
    wanted = list(dict.fromkeys(contact_ids))
    for first in range(0, len(wanted), 500):
        chunk = wanted[first:first + 500]
        found = {row[0] for row in db.conn.execute(
            f"SELECT id FROM contacts WHERE id IN ({', '.join('?' for _ in chunk)}) AND deleted_at IS NULL", chunk)}
        for contact_id in chunk:
            if contact_id not in found:
                raise KeyError(_("Contact {id} not found").format(id=contact_id))


def _rows(cursor) -> list[dict]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r)) for r in cursor]


def _aware(value: datetime | str | None, field: str, zone: str | None = None) -> str:
    """UTC text of *value*; a time without an offset is read as wall-clock time in *zone*."""
    if value is None:
        return utc_now()
    if isinstance(value, str):
        if not value.strip():
            raise ValidationError(field, _("a date and time is needed"))
        if zone:
            try:
                parsed = datetime.fromisoformat(value.strip())
            except ValueError:
                parsed = None  # normalize_datetime says what is wrong
            if parsed is not None and parsed.tzinfo is None:
                value = parsed
    if isinstance(value, datetime):
        if value.tzinfo is None:
            if not zone:
                raise ValidationError(field, _("needs a time zone"))
            value = wall_to_utc(value, zone)
        check_year(value, field)
        return to_utc_text(value)
    return normalize_datetime(value, field)


# Interactions ---------------------------------------------------------------

def log_interaction(db, contact_id: str, *, kind: str, summary: str,
                    occurred_at: datetime | str | None = None, place: str | None = None,
                    time_zone: str | None = None) -> str:
    """Append a meeting, call, email, message or note to a contact's log; return its id.

    *time_zone* is where it happened (the fair's, the partner's): the time is shown
    there (docs/time.md), and a time without an offset is read in it.
    """
    row = _interaction_row(contact_id, kind=kind, summary=summary, occurred_at=occurred_at, place=place,
                           time_zone=time_zone)
    with write_transaction(db, N_("Log interaction")):
        _require_contact(db, contact_id)
        return insert_row(db, "interactions", row)


def log_interactions(db, entries: Iterable[dict[str, Any]]) -> list[str]:
    """``log_interaction`` for many entries (dicts of its arguments, ``contact_id`` too) in one transaction.

    Returns their ids in order; nothing is written when one is invalid.
    """
    rows = [_interaction_row(**entry) for entry in entries]
    with write_transaction(db, N_("Log interaction")):
        _require_contacts(db, (row["contact_id"] for row in rows))
        return insert_rows(db, "interactions", rows)


def _interaction_row(contact_id: str, *, kind: str, summary: str, occurred_at: datetime | str | None = None,
                     place: str | None = None, time_zone: str | None = None) -> dict[str, Any]:
    if kind not in INTERACTION_KINDS:
        raise ValidationError("kind", _("{value!r} is not one of {kinds}").format(
            value=kind, kinds=", ".join(INTERACTION_KINDS)))
    summary, place = clean_text(summary, multiline=True), clean_text(place)
    if not summary:
        raise ValidationError("summary", _("write what happened"))
    zone = normalize_time_zone(time_zone)
    return {"contact_id": contact_id, "kind": kind, "occurred_at": _aware(occurred_at, "occurred_at", zone),
            "time_zone": zone, "place": place, "summary": summary}


def list_interactions(db, contact_id: str, limit: int | None = None) -> list[dict]:
    """A contact's interactions, newest first."""
    sql = ("SELECT id, kind, occurred_at, time_zone, place, summary FROM interactions "
           "WHERE contact_id = ? AND deleted_at IS NULL ORDER BY occurred_at DESC")
    return _rows(db.conn.execute(sql + (f" LIMIT {int(limit)}" if limit else ""), (contact_id,)))


# Commitments ------------------------------------------------------------------

def add_commitment(db, contact_id: str, *, description: str, owed_by: str,
                   due_on: date | str | None = None, owner: str | None = None) -> str:
    """Record a promise: ``owed_by='us'`` (we send samples) or ``'them'`` (they send a certificate)."""
    row = _commitment_row(contact_id, description=description, owed_by=owed_by, due_on=due_on, owner=owner)
    with write_transaction(db, N_("Add promise")):
        _require_contact(db, contact_id)
        return insert_row(db, "commitments", row)


def add_commitments(db, entries: Iterable[dict[str, Any]]) -> list[str]:
    """``add_commitment`` for many promises (dicts of its arguments) in one transaction; their ids in order."""
    rows = [_commitment_row(**entry) for entry in entries]
    with write_transaction(db, N_("Add promise")):
        _require_contacts(db, (row["contact_id"] for row in rows))
        return insert_rows(db, "commitments", rows)


def _commitment_row(contact_id: str, *, description: str, owed_by: str, due_on: date | str | None = None,
                    owner: str | None = None) -> dict[str, Any]:
    if owed_by not in OWED_BY:
        raise ValidationError("owed_by", _("a promise is owed by us or by them"))
    description = clean_text(description, multiline=True)
    if not description:
        raise ValidationError("description", _("say what was promised"))
    due = due_on.isoformat() if isinstance(due_on, date) else normalize_date(due_on, "due_on")
    return {"contact_id": contact_id, "description": description, "owed_by": owed_by, "due_on": due,
            "owner": owner}


def complete_commitment(db, commitment_id: str, *, done: bool = True,
                        when: datetime | str | None = None) -> None:
    """Mark a promise kept (or reopen it with ``done=False``)."""
    with write_transaction(db, N_("Mark promise kept") if done else N_("Reopen promise")):
        update_row(db, "commitments", commitment_id,
                   {"done_at": _aware(when, "done_at") if done else None})


def complete_commitments(db, kept: Iterable[tuple[str, datetime | str | None]]) -> None:
    """Mark many promises kept, each ``(commitment_id, when)``, in one transaction."""
    updates = [(commitment_id, {"done_at": _aware(when, "done_at")}) for commitment_id, when in kept]
    with write_transaction(db, N_("Mark promise kept")):
        update_rows(db, "commitments", updates)


def list_commitments(db, contact_id: str, *, open_only: bool = False) -> list[dict]:
    """A contact's promises both ways: open ones first, by due date."""
    sql = ("SELECT id, description, owed_by, owner, due_on, done_at FROM commitments "
           "WHERE contact_id = ? AND deleted_at IS NULL")
    if open_only:
        sql += " AND done_at IS NULL"
    sql += " ORDER BY done_at IS NOT NULL, due_on IS NULL, due_on"
    return _rows(db.conn.execute(sql, (contact_id,)))


def summarize_promises(db, contact_id: str, today: date | None = None,
                       time_zone: str = "UTC") -> dict[str, Any]:
    """How reliably each side keeps its promises: a trust signal.

    For ``'us'`` and ``'them'``: promises that have fallen due (or were done),
    how many were kept on time, and the share kept (None when nothing is due yet).
    Due dates are calendar days in *time_zone* (the user's home zone).
    """
    zone = ZoneInfo(time_zone)
    today = today or datetime.now(zone).date()
    result = {}
    for side in ("us", "them"):
        due = kept = 0
        for item in list_commitments(db, contact_id):
            if item["owed_by"] != side:
                continue
            if item["done_at"]:
                due += 1
                done_day = datetime.fromisoformat(item["done_at"]).astimezone(zone).date().isoformat()
                kept += 1 if not item["due_on"] or done_day <= item["due_on"] else 0
            elif item["due_on"] and item["due_on"] < today.isoformat():
                due += 1
        result[side] = {"due": due, "kept": kept, "share": (kept / due) if due else None}
    return result


# Follow-ups ---------------------------------------------------------------------

def schedule_follow_up(db, contact_id: str, *, due_at: datetime | str,
                       reason: str | None = None, time_zone: str | None = None) -> str:
    """Plan a follow-up at *due_at* (an aware datetime or ISO text); return its id.

    *time_zone* is the zone it was planned in (usually the partner's): shown there,
    and a time without an offset is read in it.
    """
    row = _follow_up_row(contact_id, due_at=due_at, reason=reason, time_zone=time_zone)
    with write_transaction(db, N_("Plan follow-up")):
        _require_contact(db, contact_id)
        return insert_row(db, "follow_ups", row)


def schedule_follow_ups(db, entries: Iterable[dict[str, Any]]) -> list[str]:
    """``schedule_follow_up`` for many (dicts of its arguments) in one transaction; their ids in order."""
    rows = [_follow_up_row(**entry) for entry in entries]
    with write_transaction(db, N_("Plan follow-up")):
        _require_contacts(db, (row["contact_id"] for row in rows))
        return insert_rows(db, "follow_ups", rows)


def _follow_up_row(contact_id: str, *, due_at: datetime | str, reason: str | None = None,
                   time_zone: str | None = None) -> dict[str, Any]:
    zone = normalize_time_zone(time_zone)
    return {"contact_id": contact_id, "due_at": _aware(due_at, "due_at", zone), "time_zone": zone,
            "reason": clean_text(reason, multiline=True)}


def schedule_follow_up_in(db, contact_id: str, *, hours: int, reason: str | None = None,
                          now: datetime | None = None, time_zone: str | None = None) -> str:
    """Plan a follow-up *hours* from now (the 24–48 h after a first meeting), shown in *time_zone*."""
    check_range(hours, "follow_up_hours")
    start = now or datetime.now(timezone.utc)
    return schedule_follow_up(db, contact_id, due_at=start + timedelta(hours=hours), reason=reason,
                              time_zone=time_zone)


def complete_follow_up(db, follow_up_id: str, *, done: bool = True,
                       when: datetime | str | None = None) -> None:
    """Mark a follow-up done, at *when* or now (or open it again with ``done=False``)."""
    with write_transaction(db, N_("Mark follow-up done") if done else N_("Reopen follow-up")):
        update_row(db, "follow_ups", follow_up_id,
                   {"done_at": _aware(when, "done_at") if done else None})


def complete_follow_ups(db, done: Iterable[tuple[str, datetime | str | None]]) -> None:
    """Mark many follow-ups done, each ``(follow_up_id, when)`` (None: now), in one transaction."""
    updates = [(follow_up_id, {"done_at": _aware(when, "done_at")}) for follow_up_id, when in done]
    with write_transaction(db, N_("Mark follow-up done")):
        update_rows(db, "follow_ups", updates)


def list_follow_ups(db, contact_id: str, *, open_only: bool = False) -> list[dict]:
    """A contact's follow-ups, open ones first, by due time."""
    sql = ("SELECT id, due_at, time_zone, reason, done_at FROM follow_ups "
           "WHERE contact_id = ? AND deleted_at IS NULL")
    if open_only:
        sql += " AND done_at IS NULL"
    return _rows(db.conn.execute(sql + " ORDER BY done_at IS NOT NULL, due_at", (contact_id,)))


# Stages --------------------------------------------------------------------------

def change_stage(db, contact_id: str, stage: str, *, note: str | None = None,
                 when: datetime | str | None = None) -> bool:
    """Move a contact to *stage* and append it to the stage history; False if unchanged."""
    STAGE.clean(stage)
    with write_transaction(db, N_("Change stage")):
        contact = _require_contact(db, contact_id)
        if contact[STAGE.name] == stage:
            return False
        update_row(db, "contacts", contact_id, {STAGE.name: stage})
        # stage_history names its columns after the contact's field.
        insert_row(db, "stage_history", {"contact_id": contact_id, STAGE.name: stage,
                                         "previous_stage": contact[STAGE.name],
                                         "changed_at": _aware(when, "changed_at"), "note": note})
    return True


def change_stages(db, moves: Iterable[tuple[str, str, datetime | str | None]]) -> int:
    """``change_stage`` for many moves ``(contact_id, stage, when)`` in one transaction; return how many moved.

    A contact may move more than once (met, rapport, partner): its moves apply in
    the order given. Each move is written and logged as ``change_stage`` writes it
    (the contact's stage and a stage history row); a move to the stage the contact
    is in already is skipped. Nothing is written when a contact is missing.
    """
    rounds: list[list[tuple[str, str, str]]] = []
    count: dict[str, int] = {}
    for contact_id, stage, when in moves:
        STAGE.clean(stage)
        number = count[contact_id] = count.get(contact_id, -1) + 1
        if number == len(rounds):
            rounds.append([])
        # The n-th move of every contact in one round: update_rows writes a row once.
        rounds[number].append((contact_id, stage, _aware(when, "changed_at")))
    moved = 0
    with write_transaction(db, N_("Change stage")):
        _require_contacts(db, count)
        stages = _read_stages(db, list(count))
        for moves_now in rounds:
            real = [(contact_id, stage, when) for contact_id, stage, when in moves_now if stages[contact_id] != stage]
            update_rows(db, "contacts", [(contact_id, {STAGE.name: stage}) for contact_id, stage, _when in real])
            # stage_history names its columns after the contact's field.
            insert_rows(db, "stage_history", [
                {"contact_id": contact_id, STAGE.name: stage, "previous_stage": stages[contact_id],
                 "changed_at": when, "note": None} for contact_id, stage, when in real])
            stages.update((contact_id, stage) for contact_id, stage, _when in real)
            moved += len(real)
    return moved


def _read_stages(db, contact_ids: list[str]) -> dict[str, str]:
    stages = {}
    for first in range(0, len(contact_ids), 500):
        chunk = contact_ids[first:first + 500]
        stages.update(db.conn.execute(f"SELECT id, {STAGE.name} FROM contacts WHERE id IN "
                                      f"({', '.join('?' for _ in chunk)})", chunk))
    return stages


def list_stage_history(db, contact_id: str) -> list[dict]:
    """A contact's stages over time, oldest first, each with its display label.

    The first stage is implied by the contact's creation unless a row records
    it (``first_stage_entry``): shown once either way.
    """
    rows = _rows(db.conn.execute(
        "SELECT stage, previous_stage, changed_at, note FROM stage_history "
        "WHERE contact_id = ? AND deleted_at IS NULL ORDER BY changed_at, previous_stage IS NOT NULL, modified",
        (contact_id,)))
    first = first_stage_entry(db, contact_id)
    if first is not None:
        # A first stage comes before every change of its time, as its row did (written first).
        at = next((n for n, row in enumerate(rows) if row["changed_at"] >= first["changed_at"]), len(rows))
        rows.insert(at, first)
    for row in rows:
        row["label"] = stage_label(row[STAGE.name])
    return rows


def first_stage_entry(db, contact_id: str) -> dict | None:
    """The contact's first stage when no row of its history records it, else None (issue 15).

    A new contact gets no "met" row (it was a fifth of a demo book's stage
    history): its first stage began when it was met (``met_on``), else when it
    was created, and is the stage its earliest recorded change left, else its
    stage now. Books made before keep their rows; a row with no previous stage
    is the first stage, and then nothing is implied.
    """
    if db.conn.execute("SELECT 1 FROM stage_history WHERE contact_id = ? AND previous_stage IS NULL "
                       "AND deleted_at IS NULL LIMIT 1", (contact_id,)).fetchone():
        return None
    contact = db.conn.execute(f"SELECT {STAGE.name}, {MET_ON.name}, created_at FROM contacts WHERE id = ?",
                              (contact_id,)).fetchone()
    if contact is None:
        return None
    stage, met_on, created_at = contact
    earliest = db.conn.execute(
        "SELECT previous_stage FROM stage_history WHERE contact_id = ? AND deleted_at IS NULL "
        "ORDER BY created_at, modified LIMIT 1", (contact_id,)).fetchone()
    return {STAGE.name: earliest[0] if earliest else stage, "previous_stage": None,
            "changed_at": f"{met_on}T00:00:00+00:00" if met_on else created_at, "note": None}


def record_first_stage(db, contact_id: str) -> str | None:
    """Write the implied first stage of *contact_id* as a row (before a merge moves its history); its id.

    The row's id and creation time come from the contact's, so two devices
    recording it (crossing merges) write one row, not two, and do not conflict.
    """
    first = first_stage_entry(db, contact_id)
    if first is None:
        return None
    row_id = str(uuid.uuid5(_FIRST_STAGE_IDS, contact_id))
    if fetch_row(db, "stage_history", row_id, include_deleted=True) is not None:
        # Recorded by an earlier merge whose insert was undone since: back, as it is implied now.
        restore_row(db, "stage_history", row_id)
        update_row(db, "stage_history", row_id, {**first, "contact_id": contact_id})
        return row_id
    created_at = db.conn.execute("SELECT created_at FROM contacts WHERE id = ?", (contact_id,)).fetchone()[0]
    return insert_row(db, "stage_history", {"id": row_id, "contact_id": contact_id, **first}, created_at=created_at)


_FIRST_STAGE_IDS = uuid.UUID("5f0c8a52-94b1-4c1e-9d43-0e3c7f1a2b60")


def check_received_commitment(field: str, value) -> str | None:
    """Why another device's value for a promise cannot be stored here, or None (core.store.value_checks)."""
    if field == "owed_by" and value not in OWED_BY:
        return "a promise is owed by us or by them"
    return None


register_value_check("commitments", check_received_commitment)
