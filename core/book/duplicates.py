"""Duplicates: finding two records of one person, merging them, and undoing a merge.

Two contacts are likely one person when they share an email address or a
phone number, have the same name at the same company ("Müller" = "Muller"),
or when one's native-script name romanizes to the other's Latin name (张伟
and "Zhang Wei" or "Wei Zhang"; unless both name a company and the
companies differ). Detection reads the derived key index of
``core.duplicate_index``: a few index lookups per card, one grouping query
for the whole book.

A merge keeps everything: the survivor takes the chosen value of each field
(lists are united), every history row of the other contact (interactions,
promises, follow-ups, meetings, stage history) and every introduction that
pointed at it moves to the survivor, the other contact is tombstoned (never
removed), and a row in ``merges`` records what undo needs, including the
values that lost. Undo restores both contacts and moves each row back.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from core.store.db import write_transaction
from core.book.duplicate_index import (COMPANY_SEPARATOR, DuplicateKey, contact_keys,
                                  native_name_of)
from core.i18n import N_, _
from core.store.records import (decode_value, encode_value, fetch_row, insert_row, restore_row,
                          tombstone_row, update_row, utc_now)

# Strongest first: a shared email is near certain, a romanization only likely.
REASONS = ("email", "phone", "name_company", "romanization")
_REASON_OF_KIND = {"email": "email", "phone": "phone", "name": "name_company"}
# A key held by more contacts than this is a switchboard number or an
# info@ mailbox (or a very common name), not evidence that two are one.
MAX_SHARED = 5

# History that belongs to a contact and moves with a merge.
HISTORY_TABLES = ("interactions", "commitments", "follow_ups", "meetings", "stage_history")
LIST_FIELDS = ("emails", "phones", "languages", "tags", "addresses", "urls", "extras")
# Every field of a contact, in the order a merge shows them.
MERGE_FIELDS = (
    "display_name", "given_name", "family_name", "native_name", "native_reading",
    "romanized_name", "form_of_address", "job_title", "company_id", "emails", "phones",
    "country", "city", "time_zone", "languages", "tags", "stage", "met_event_id", "met_booth",
    "met_on", "introduced_by_contact_id", "introduced_by_org", "trust_path",
    "consent_given_at", "consent_method", "consent_note", "addresses", "urls", "birthday",
    "geo", "photo", "extras", "notes",
)
_FIELD_LABELS = {
    "display_name": N_("Name"), "given_name": N_("Given name"), "family_name": N_("Family name"),
    "native_name": N_("Native script"), "native_reading": N_("Reading (kana)"),
    "romanized_name": N_("Romanized"), "form_of_address": N_("Address as"),
    "job_title": N_("Job title"), "company_id": N_("Company"), "emails": N_("Emails"),
    "phones": N_("Phones"), "country": N_("Country"), "city": N_("City"),
    "time_zone": N_("Time zone"), "languages": N_("Languages"), "tags": N_("Tags"),
    "stage": N_("Stage"), "met_event_id": N_("Met at"), "met_booth": N_("Booth"),
    "met_on": N_("Met on"), "introduced_by_contact_id": N_("Introduced by"),
    "introduced_by_org": N_("Introduced by (organization)"), "trust_path": N_("Trust path"),
    "consent_given_at": N_("Consent given"), "consent_method": N_("Consent: how"),
    "consent_note": N_("Consent: note"), "photo": N_("Photo"), "notes": N_("Notes"),
    "addresses": N_("Addresses"), "urls": N_("Websites"), "birthday": N_("Birthday"),
    "geo": N_("Location"), "extras": N_("Other card fields"),
}
# A merge's choices: keep the survivor's value, take the other's, or (lists, notes) both.
SURVIVOR, MERGED, BOTH = "survivor", "merged", "both"


def field_label(name: str) -> str:
    """The display name of a contact field (``'job_title'`` → ``'Job title'``)."""
    return _(_FIELD_LABELS.get(name, name))


def reason_name(reason: str) -> str:
    """A short display name of a duplicate reason (``'phone'`` → ``'Same phone'``)."""
    return {"email": _("Same email"), "phone": _("Same phone"),
            "name_company": _("Same name and company"),
            "romanization": _("Same name in another script")}.get(reason, reason)


@dataclass(frozen=True)
class DuplicateMatch:
    """A contact that may be the same person, why (``reason``, one of ``REASONS``) and a sentence saying so."""

    contact_id: str
    reason: str
    reason_label: str
    display_name: str = ""


@dataclass(frozen=True)
class DuplicatePair:
    """Two contacts that may be one person; ``contact`` and ``other`` are list summaries."""

    contact_id: str
    other_id: str
    reason: str
    reason_label: str
    contact: dict = field(default_factory=dict, compare=False)
    other: dict = field(default_factory=dict, compare=False)


# Finding ---------------------------------------------------------------------------------

def _summaries(db, ids) -> dict[str, dict]:
    ids = list(dict.fromkeys(ids))
    found: dict[str, dict] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        cursor = db.conn.execute(
            "SELECT c.id, c.display_name, c.native_name, co.name, c.job_title, c.country, c.city, "
            "c.stage FROM contacts c LEFT JOIN companies co ON co.id = c.company_id "
            f"WHERE c.id IN ({marks})", chunk)
        for row in cursor:
            found[row[0]] = dict(zip(("id", "display_name", "native_name", "company", "job_title",
                                      "country", "city", "stage"), row))
    return found


def _reason_label(reason: str, detail: str, first: dict, second: dict) -> str:
    from core.book.validation import format_phone

    if reason == "email":
        return _("Same email {email}").format(email=detail)
    if reason == "phone":
        return _("Same phone {phone}").format(phone=format_phone(detail))
    if reason == "name_company":
        company = second.get("company") or first.get("company") or ""
        return _("Same name at {company}").format(company=company)
    # Romanization: say which script name reads as which Latin name.
    native_side, latin_side = (first, second) if native_name_of(first) else (second, first)
    return _("{native} is written {latin}").format(
        native=native_name_of(native_side) or native_side.get("display_name", ""),
        latin=latin_side.get("display_name", ""))


def _company_rule(company_key: str | None, other_company_key: str | None) -> bool:
    # A romanized name matches unless both cards name a company and they differ.
    return not company_key or not other_company_key or company_key == other_company_key


def _match_keys(db, keys: set[DuplicateKey], exclude: set[str]) -> dict[str, tuple[str, str]]:
    """Contacts sharing a key with *keys*: ``{contact_id: (reason, detail)}``, strongest reason kept."""
    found: dict[str, tuple[str, str]] = {}

    def offer(contact_id: str, reason: str, detail: str) -> None:
        if contact_id in exclude:
            return
        current = found.get(contact_id)
        if current is None or REASONS.index(reason) < REASONS.index(current[0]):
            found[contact_id] = (reason, detail)

    for key in keys:
        if key.kind in _REASON_OF_KIND:
            rows = db.conn.execute(
                "SELECT contact_id FROM duplicate_keys WHERE kind = ? AND key = ? LIMIT ?",
                (key.kind, key.key, MAX_SHARED + len(exclude) + 1)).fetchall()
            others = [r[0] for r in rows if r[0] not in exclude]
            if len(others) >= MAX_SHARED:
                continue
            detail = key.key.split(COMPANY_SEPARATOR)[0] if key.kind == "name" else key.key
            for contact_id in others:
                offer(contact_id, _REASON_OF_KIND[key.kind], detail)
        elif key.kind in ("roman", "latin"):
            opposite = "latin" if key.kind == "roman" else "roman"
            rows = db.conn.execute(
                "SELECT contact_id, company_key FROM duplicate_keys WHERE kind = ? AND key = ? "
                "LIMIT ?", (opposite, key.key, MAX_SHARED + len(exclude) + 1)).fetchall()
            others = [r for r in rows if r[0] not in exclude]
            if len(others) >= MAX_SHARED:
                continue
            for contact_id, company_key in others:
                if _company_rule(key.company_key, company_key):
                    offer(contact_id, "romanization", key.key)
    return found


def _excluded_with(db, contact_id: str | None) -> set[str]:
    if not contact_id:
        return set()
    rows = db.conn.execute(
        "SELECT other_id FROM distinct_contacts WHERE contact_id = ? AND deleted_at IS NULL "
        "UNION SELECT contact_id FROM distinct_contacts WHERE other_id = ? AND deleted_at IS NULL",
        (contact_id, contact_id)).fetchall()
    return {contact_id} | {r[0] for r in rows}


def _as_matches(db, found: dict[str, tuple[str, str]], subject: dict) -> list[DuplicateMatch]:
    summaries = _summaries(db, found)
    matches = []
    for contact_id, (reason, detail) in found.items():
        other = summaries.get(contact_id)
        if other is None:
            continue
        matches.append(DuplicateMatch(contact_id, reason, _reason_label(reason, detail, subject, other),
                                      other["display_name"]))
    matches.sort(key=lambda m: (REASONS.index(m.reason), m.display_name.casefold()))
    return matches


def _normalized_entries(values, normalize) -> list[str]:
    from core.book.validation import ValidationError

    result = []
    for entry in values or []:
        value = entry.get("value") if isinstance(entry, dict) else entry
        try:
            result.append(normalize(value))
        except (ValidationError, TypeError):
            continue  # an entry the import will refuse anyway cannot match anything
    return result


def find_duplicates_for_fields(db, fields: dict, *, company: str | None = None,
                               exclude_id: str | None = None) -> list[DuplicateMatch]:
    """Live contacts that may be the person described by *fields* (as ``add_contact`` takes them).

    *company* is the company's name as typed or imported; phones are read in
    the fields' country when they lack a ``+``. Strongest reasons first.

    >>> find_duplicates_for_fields(db, {"display_name": "Zhang Wei", "emails": ["wei@x.cn"]})  # doctest: +SKIP
    [DuplicateMatch(contact_id='01…', reason='romanization', reason_label='张伟 is written Zhang Wei', …)]
    """
    from core.book.contacts import company_name_key
    from core.book.validation import ValidationError, normalize_country, normalize_email, normalize_phone

    try:
        country = normalize_country(fields.get("country"))
    except ValidationError:
        country = None
    subject = {k: fields.get(k) for k in ("display_name", "given_name", "family_name", "native_name",
                                           "native_reading", "romanized_name")}
    if not subject["display_name"]:
        subject["display_name"] = " ".join(
            p for p in (fields.get("given_name"), fields.get("family_name")) if p) or fields.get("native_name")
    subject["country"] = country
    subject["emails"] = _normalized_entries(fields.get("emails"), normalize_email)
    subject["phones"] = _normalized_entries(fields.get("phones"), lambda v: normalize_phone(v, country))
    company_key = company_name_key(company) if company and company.strip() else None
    if company_key is None and fields.get("company_id"):
        row = db.conn.execute("SELECT name, name_key FROM companies WHERE id = ?",
                              (fields["company_id"],)).fetchone()
        if row:
            company, company_key = row
    subject["company"] = company
    found = _match_keys(db, contact_keys(subject, company_key), _excluded_with(db, exclude_id))
    return _as_matches(db, found, subject)


def find_duplicates_for_contact(db, contact_id: str) -> list[DuplicateMatch]:
    """Live contacts that may be the same person as *contact_id* (minus pairs judged distinct)."""
    rows = db.conn.execute("SELECT kind, key, company_key FROM duplicate_keys WHERE contact_id = ?",
                           (contact_id,)).fetchall()
    if not rows:
        return []
    subject = _summaries(db, [contact_id]).get(contact_id, {})
    found = _match_keys(db, {DuplicateKey(*r) for r in rows}, _excluded_with(db, contact_id))
    return _as_matches(db, found, subject)


def list_duplicate_pairs(db, *, limit: int = 200) -> list[DuplicatePair]:
    """Likely duplicate pairs across the whole book: strongest reason first, newest contacts first.

    Grouping queries over the key index (about 0.5 s for 100,000 contacts).
    Pairs the user judged distinct (``mark_not_duplicates``) are left out.
    """
    best: dict[tuple[str, str], tuple[str, str]] = {}

    def offer(a: str, b: str, reason: str, detail: str) -> None:
        pair = (a, b) if a < b else (b, a)
        current = best.get(pair)
        if current is None or REASONS.index(reason) < REASONS.index(current[0]):
            best[pair] = (reason, detail)

    rows = db.conn.execute(f"""
        WITH groups AS (
            SELECT kind, key FROM duplicate_keys WHERE kind IN ('email', 'phone', 'name')
            GROUP BY kind, key HAVING count(*) BETWEEN 2 AND {MAX_SHARED})
        SELECT a.contact_id, b.contact_id, g.kind, g.key FROM groups g
        JOIN duplicate_keys a ON a.kind = g.kind AND a.key = g.key
        JOIN duplicate_keys b ON b.kind = g.kind AND b.key = g.key AND b.contact_id > a.contact_id
        """)
    for a, b, kind, key in rows:
        offer(a, b, _REASON_OF_KIND[kind], key.split(COMPANY_SEPARATOR)[0])
    # Romanization: a script name's Latin forms against Latin-only names.
    by_key: dict[str, list[tuple[str, str]]] = {}
    for roman_id, latin_id, key, roman_company, latin_company in db.conn.execute("""
            SELECT r.contact_id, l.contact_id, r.key, r.company_key, l.company_key
            FROM duplicate_keys r JOIN duplicate_keys l ON l.kind = 'latin' AND l.key = r.key
            WHERE r.kind = 'roman'"""):
        if _company_rule(roman_company, latin_company):
            by_key.setdefault(key, []).append((roman_id, latin_id))
    for key, pairs in by_key.items():
        if len({c for pair in pairs for c in pair}) <= MAX_SHARED:
            for roman_id, latin_id in pairs:
                offer(roman_id, latin_id, "romanization", key)
    for a, b in db.conn.execute("SELECT contact_id, other_id FROM distinct_contacts "
                                "WHERE deleted_at IS NULL").fetchall():
        best.pop((a, b) if a < b else (b, a), None)

    # UUIDv7 ids grow with time: the pairs with the newest contact (an import) first.
    ordered = sorted(best.items(), key=lambda item: item[0][1], reverse=True)
    ordered = sorted(ordered, key=lambda item: REASONS.index(item[1][0]))[:limit]  # stable
    summaries = _summaries(db, [c for pair, _reason in ordered for c in pair])
    result = []
    for (a, b), (reason, detail) in ordered:
        if a in summaries and b in summaries:
            result.append(DuplicatePair(a, b, reason,
                                        _reason_label(reason, detail, summaries[a], summaries[b]),
                                        summaries[a], summaries[b]))
    return result


def mark_not_duplicates(db, contact_id: str, other_id: str) -> str:
    """Record that two contacts are different people, so they are no longer offered as duplicates."""
    with write_transaction(db):
        for cid in (contact_id, other_id):
            if fetch_row(db, "contacts", cid) is None:
                raise KeyError(_("Contact {id} not found").format(id=cid))
        first, second = sorted((contact_id, other_id))
        return insert_row(db, "distinct_contacts", {"contact_id": first, "other_id": second})


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


def _decode_list(value: Any) -> list:
    if isinstance(value, list):
        return value
    return json.loads(value or "[]")


def _entry_key(name: str, entry: Any) -> str:
    if name in ("addresses", "extras"):
        return json.dumps(entry, sort_keys=True, ensure_ascii=False).casefold()
    value = entry.get("value", "") if isinstance(entry, dict) else str(entry)
    return value.casefold() if name in ("emails", "tags", "urls") else value


def _entry_text(name: str, entry: Any) -> str:
    from core.book.validation import format_phone

    if not isinstance(entry, dict):
        return str(entry)
    if name == "addresses":
        from core.book.contacts import ADDRESS_PARTS

        return " ".join(entry[p] for p in ADDRESS_PARTS if entry.get(p))
    if name == "extras":
        return f"{entry.get('name', '')}: {entry.get('value', '')}"
    return format_phone(entry["value"]) if name == "phones" else entry.get("value", "")


def _union(name: str, first: Any, second: Any) -> str:
    seen, united = set(), []
    for entry in _decode_list(first) + _decode_list(second):
        key = _entry_key(name, entry)
        if key not in seen:
            seen.add(key)
            united.append(entry)
    return json.dumps(united, ensure_ascii=False)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == "[]" or value == b""


def _same(name: str, first: Any, second: Any) -> bool:
    if name in LIST_FIELDS:
        return ({_entry_key(name, e) for e in _decode_list(first)}
                == {_entry_key(name, e) for e in _decode_list(second)})
    return first == second


def _default_choice(name: str, survivor: dict, merged: dict) -> str:
    from core.book.contacts import STAGES

    if name in LIST_FIELDS or name == "notes":
        return BOTH
    if name == "stage":
        # Keep the relationship as far along as either record had it (met → … → partner).
        path = STAGES[:4]
        mine, theirs = survivor["stage"], merged["stage"]
        if mine in path and theirs in path and path.index(theirs) > path.index(mine):
            return MERGED
        return SURVIVOR
    return MERGED if _empty(survivor.get(name)) and not _empty(merged.get(name)) else SURVIVOR


def _options(name: str) -> tuple[str, ...]:
    return (BOTH, SURVIVOR, MERGED) if name in LIST_FIELDS or name == "notes" else (SURVIVOR, MERGED)


def describe_value(db, name: str, value: Any) -> str:
    """A stored contact value as text a person reads (company name, not its id; lists joined)."""
    from core.book.contacts import stage_label
    from core.book.validation import country_name

    if _empty(value):
        return ""
    if name in LIST_FIELDS:
        separator = "; " if name in ("addresses", "extras") else ", "
        return separator.join(_entry_text(name, e) for e in _decode_list(value))
    if name == "company_id":
        row = fetch_row(db, "companies", value, include_deleted=True)
        return row["name"] if row else value
    if name == "met_event_id":
        row = fetch_row(db, "events", value, include_deleted=True)
        return row["name"] if row else value
    if name == "introduced_by_contact_id":
        row = fetch_row(db, "contacts", value, include_deleted=True)
        return row["display_name"] if row else value
    if name == "country":
        return country_name(value)
    if name == "stage":
        return stage_label(value)
    if name == "trust_path":
        return _("via an intermediary") if value == "intermediary" else _("direct")
    if name == "photo":
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
    for name in MERGE_FIELDS:
        mine, theirs = survivor.get(name), merged.get(name)
        differs = not _empty(mine) and not _empty(theirs) and not _same(name, mine, theirs)
        rows.append(FieldComparison(name, field_label(name), describe_value(db, name, mine),
                                    describe_value(db, name, theirs), differs,
                                    _default_choice(name, survivor, merged), _options(name)))
    return rows


def count_history(db, contact_id: str) -> dict[str, int]:
    """How many rows of each kind of history a contact has (what a merge moves), and introductions."""
    counts = {}
    for table in HISTORY_TABLES:
        counts[table] = db.conn.execute(
            f"SELECT count(*) FROM {table} WHERE contact_id = ? AND deleted_at IS NULL",
            (contact_id,)).fetchone()[0]
    counts["introductions"] = db.conn.execute(
        "SELECT count(*) FROM contacts WHERE introduced_by_contact_id = ? AND deleted_at IS NULL",
        (contact_id,)).fetchone()[0]
    return counts


# Merging ----------------------------------------------------------------------------------------

def _dumps(mapping: dict) -> str:
    return json.dumps({k: encode_value(v) for k, v in mapping.items()}, ensure_ascii=False)


def _loads(text: str | None) -> dict:
    return {k: decode_value(v) for k, v in json.loads(text or "{}").items()}


def _check_choices(choices: dict[str, str]) -> None:
    from core.book.validation import ValidationError

    for name, choice in choices.items():
        if name not in MERGE_FIELDS:
            raise ValidationError(name, _("{field!r} is not a contact field").format(field=name))
        if choice not in _options(name):
            raise ValidationError(name, _("choose one of: {options}").format(
                options=", ".join(_options(name))))


def _resolve(survivor: dict, merged: dict, choices: dict[str, str]) -> tuple[dict, dict]:
    """The survivor's new values and the values that lost, both in stored form."""
    values, kept = {}, {}
    for name in MERGE_FIELDS:
        mine, theirs = survivor.get(name), merged.get(name)
        choice = choices.get(name) or _default_choice(name, survivor, merged)
        if choice == BOTH:
            if name in LIST_FIELDS:
                values[name] = _union(name, mine, theirs)
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
        if name != "stage" and not _empty(loser) and not _same(name, winner, loser):
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
    from core.book.contacts import contact_sort_key, reindex_contact
    from core.book.validation import ValidationError

    choices = dict(choices or {})
    _check_choices(choices)
    if survivor_id == merged_id:
        raise ValidationError("merged_id", _("a contact cannot be merged with itself"))
    with write_transaction(db):
        survivor = _live_contact(db, survivor_id)
        merged = _live_contact(db, merged_id)
        values, kept = _resolve(survivor, merged, choices)
        if values.get("introduced_by_contact_id") in (survivor_id, merged_id):
            values["introduced_by_contact_id"] = None  # one person cannot introduce themself
        changes = {k: v for k, v in values.items() if survivor.get(k) != v}
        before = {k: survivor.get(k) for k in changes}
        if changes:
            changes["sort_key"] = contact_sort_key({**survivor, **changes})
            update_row(db, "contacts", survivor_id, changes)
            changes.pop("sort_key")
        added: dict[str, list[str]] = {}
        if "stage" in changes:
            added["stage_history"] = [insert_row(db, "stage_history", {
                "contact_id": survivor_id, "stage": changes["stage"],
                "previous_stage": survivor["stage"], "changed_at": utc_now(),
                "note": _("Merged with {name}").format(name=merged["display_name"])})]

        moved: dict[str, list[str]] = {}
        for table in HISTORY_TABLES:
            ids = [r[0] for r in db.conn.execute(
                f"SELECT id FROM {table} WHERE contact_id = ? ORDER BY rowid", (merged_id,))]
            for row_id in ids:
                update_row(db, table, row_id, {"contact_id": survivor_id}, include_deleted=True)
            moved[table] = ids
        introduced = [r[0] for r in db.conn.execute(
            "SELECT id FROM contacts WHERE introduced_by_contact_id = ? AND deleted_at IS NULL "
            "AND id != ?", (merged_id, survivor_id))]
        for contact_id in introduced:
            update_row(db, "contacts", contact_id, {"introduced_by_contact_id": survivor_id})
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
    from core.book.contacts import contact_sort_key, reindex_contact
    from core.book.validation import ValidationError

    with write_transaction(db):
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
            if row is not None and row["introduced_by_contact_id"] == survivor_id:
                update_row(db, "contacts", contact_id, {"introduced_by_contact_id": merged_id})
        for table, ids in json.loads(merge["added_rows"]).items():
            for row_id in ids:
                tombstone_row(db, table, row_id)

        before, after = _loads(merge["survivor_before"]), _loads(merge["survivor_after"])
        revert = {k: v for k, v in before.items() if survivor.get(k) == after.get(k)}
        kept_edits = sorted(set(before) - set(revert))
        if revert:
            revert["sort_key"] = contact_sort_key({**survivor, **revert})
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
        kept = _loads(row[7])
        result.append({
            "id": row[0], "survivor_id": row[1], "survivor_name": row[2], "merged_id": row[3],
            "merged_name": row[4], "merged_at": row[5], "undone_at": row[6],
            "kept_values": {name: describe_value(db, name, value) for name, value in kept.items()},
            "moved": {table: len(ids) for table, ids in json.loads(row[8]).items()},
        })
    return result
