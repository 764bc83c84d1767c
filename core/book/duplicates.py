"""Duplicates: finding two records of one person (merging them: core.book.merging).

Two contacts are likely one person when they share an email address or a
phone number, have the same name at the same company ("Müller" = "Muller"),
or when one's native-script name romanizes to the other's Latin name (张伟
and "Zhang Wei" or "Wei Zhang"; unless both name a company and the
companies differ). Detection reads the derived key index of
``core.duplicate_index``: a few index lookups per card, one grouping query
for the whole book.
"""

from __future__ import annotations

from dataclasses import dataclass, field


from core.book.contacts import company_name_key
from core.book.duplicate_index import (COMPANY_SEPARATOR, KIND_CODES, DuplicateKey, contact_keys,
                                       ensure_duplicate_keys, keys_by_rowid, native_name_of, stored_key)
from core.book.fields import (COMPANY_ID, COUNTRY, DISPLAY_NAME, EMAILS, FAMILY_NAME, GIVEN_NAME,
                              NATIVE_NAME, PHONES, list_fields)
from core.book.merging import (BOTH, HISTORY_TABLES, MERGE_FIELDS, MERGED, SURVIVOR,  # noqa: F401
                               FieldComparison, compare_contacts, count_history, describe_value,
                               field_label, list_merges, merge_contacts, undo_merge)
from core.book.summaries import select_contact_summaries
from core.book.validation import (ValidationError, format_phone, normalize_country,
                                  normalize_email, normalize_phone)
from core.i18n import N_, _
from core.store.db import write_transaction
from core.store.records import fetch_row, insert_row

# Strongest first: a shared email is near certain, a romanization only likely.
REASONS = ("email", "phone", "name_company", "romanization")
_REASON_OF_KIND = {"email": "email", "phone": "phone", "name": "name_company"}
# A key held by more contacts than this is a switchboard number or an
# info@ mailbox (or a very common name), not evidence that two are one.
MAX_SHARED = 5
# The text fields a duplicate key is made of (the lists and the country are read apart).
_NAME_KEY_FIELDS = list_fields(duplicate_key=True, type="text")

# The merge API (core.book.merging) is imported above for callers that still find it here.


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
        found.update(select_contact_summaries(db, f"c.id IN ({','.join('?' * len(chunk))})", chunk))
    return found


def _reason_label(reason: str, detail: str, first: dict, second: dict) -> str:
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
        native=native_name_of(native_side) or native_side.get(DISPLAY_NAME.name, ""),
        latin=latin_side.get(DISPLAY_NAME.name, ""))


def _company_rule(company_key: str | None, other_company_key: str | None) -> bool:
    # A romanized name matches unless both cards name a company and they differ.
    return not company_key or not other_company_key or company_key == other_company_key


def _holders(db, key: DuplicateKey, limit: int | None, exclude: set[str],
             known: dict[int, set[DuplicateKey]]) -> list[tuple[str, DuplicateKey]]:
    """``(contact id, its key)`` of live contacts outside *exclude* holding *key*'s kind and text.

    The table finds candidates by hash (at most *limit* rows); each is kept only if its keys,
    recomputed from its row (memoized in *known*), hold *key*'s text (for ``roman``/``latin``
    the key returned carries the holder's company key). Where a candidate fails and the limit
    was reached, every row is read again: the limit counts real holders.
    """
    sql = ("SELECT k.contact_rowid, c.id FROM duplicate_keys k JOIN contacts c ON c.rowid = k.contact_rowid "
           "WHERE k.kind = ? AND k.key_hash = ?")
    rows = db.conn.execute(sql + (" LIMIT ?" if limit is not None else ""),
                           (*stored_key(key), *((limit,) if limit is not None else ()))).fetchall()
    candidates = [(rowid, contact_id) for rowid, contact_id in rows if contact_id not in exclude]
    known.update(keys_by_rowid(db, [rowid for rowid, _id in candidates if rowid not in known]))
    held = []
    for rowid, contact_id in candidates:
        match = next((k for k in known.get(rowid, ()) if k.kind == key.kind and k.key == key.key), None)
        if match is not None:
            held.append((contact_id, match))
    if len(held) < len(candidates) and limit is not None and len(rows) == limit:
        return _holders(db, key, None, exclude, known)
    return held


def _match_keys(db, keys: set[DuplicateKey], exclude: set[str],
                known: dict[int, set[DuplicateKey]] | None = None) -> dict[str, tuple[str, str]]:
    """Contacts sharing a key with *keys*: ``{contact_id: (reason, detail)}``, strongest reason kept.

    *known* memoizes candidates' keys recomputed from their rows (see ``_holders``).
    """
    found: dict[str, tuple[str, str]] = {}

    def offer(contact_id: str, reason: str, detail: str) -> None:
        if contact_id in exclude:
            return
        current = found.get(contact_id)
        if current is None or REASONS.index(reason) < REASONS.index(current[0]):
            found[contact_id] = (reason, detail)

    known = {} if known is None else known
    for key in keys:
        limit = MAX_SHARED + len(exclude) + 1
        if key.kind in _REASON_OF_KIND:
            others = [contact_id for contact_id, _key in _holders(db, key, limit, exclude, known)]
            if len(others) >= MAX_SHARED:
                continue
            detail = key.key.split(COMPANY_SEPARATOR)[0] if key.kind == "name" else key.key
            for contact_id in others:
                offer(contact_id, _REASON_OF_KIND[key.kind], detail)
        elif key.kind in ("roman", "latin"):
            opposite = DuplicateKey("latin" if key.kind == "roman" else "roman", key.key)
            others = [(contact_id, held.company_key)
                      for contact_id, held in _holders(db, opposite, limit, exclude, known)]
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
                                      other[DISPLAY_NAME.name]))
    matches.sort(key=lambda m: (REASONS.index(m.reason), m.display_name.casefold()))
    return matches


def _normalized_entries(values, normalize) -> list[str]:
    result = []
    for entry in values or []:
        value = entry.get("value") if isinstance(entry, dict) else entry
        try:
            result.append(normalize(value))
        except (ValidationError, TypeError):
            continue  # an entry the import will refuse anyway cannot match anything
    return result


def find_duplicates_for_fields(db, fields: dict, *, company: str | None = None, exclude_id: str | None = None,
                               known_keys: dict[int, set[DuplicateKey]] | None = None) -> list[DuplicateMatch]:
    """Live contacts that may be the person described by *fields* (as ``add_contact`` takes them).

    *company* is the company's name as typed or imported; phones are read in
    the fields' country when they lack a ``+``. Strongest reasons first.
    *known_keys* (rowid → keys recomputed from the row) may be shared by many
    calls over a book that does not change meanwhile, as an import's preview does.

    >>> find_duplicates_for_fields(db, {"display_name": "Zhang Wei", "emails": ["wei@x.cn"]})  # doctest: +SKIP
    [DuplicateMatch(contact_id='01…', reason='romanization', reason_label='张伟 is written Zhang Wei', …)]
    """
    ensure_duplicate_keys(db)
    try:
        country = normalize_country(fields.get(COUNTRY.name))
    except ValidationError:
        country = None
    subject = {f.name: fields.get(f.name) for f in _NAME_KEY_FIELDS}
    if not subject[DISPLAY_NAME.name]:
        subject[DISPLAY_NAME.name] = " ".join(
            p for p in (fields.get(GIVEN_NAME.name), fields.get(FAMILY_NAME.name)) if p
        ) or fields.get(NATIVE_NAME.name)
    subject[COUNTRY.name] = country
    subject[EMAILS.name] = _normalized_entries(fields.get(EMAILS.name), normalize_email)
    subject[PHONES.name] = _normalized_entries(fields.get(PHONES.name),
                                               lambda v: normalize_phone(v, country))
    company_key = company_name_key(company) if company and company.strip() else None
    if company_key is None and fields.get(COMPANY_ID.name):
        row = db.conn.execute("SELECT name, name_key FROM companies WHERE id = ?",
                              (fields[COMPANY_ID.name],)).fetchone()
        if row:
            company, company_key = row
    subject["company"] = company
    found = _match_keys(db, contact_keys(subject, company_key), _excluded_with(db, exclude_id), known_keys)
    return _as_matches(db, found, subject)


def find_duplicates_for_contact(db, contact_id: str) -> list[DuplicateMatch]:
    """Live contacts that may be the same person as *contact_id* (minus pairs judged distinct)."""
    ensure_duplicate_keys(db)
    row = db.conn.execute("SELECT rowid FROM contacts WHERE id = ?", (contact_id,)).fetchone()
    keys = keys_by_rowid(db, [row[0]]).get(row[0]) if row else None
    if not keys:
        return []
    subject = _summaries(db, [contact_id]).get(contact_id, {})
    found = _match_keys(db, keys, _excluded_with(db, contact_id))
    return _as_matches(db, found, subject)


def _shared_keys(db, *, romanization: bool = False):
    """``(kind, key text, [(contact id, company key)])`` of every key held by two or more contacts.

    Grouped by hash in SQL (email, phone and name keys; or, with *romanization*, the roman
    keys whose hash a latin key has too, and those latin keys), then by the holders' real
    keys, recomputed: a group two texts share by hash splits into their own groups.
    """
    if romanization:
        sql = """SELECT k.kind, k.key_hash, k.contact_rowid, c.id FROM duplicate_keys k
                 JOIN contacts c ON c.rowid = k.contact_rowid
                 WHERE k.kind IN (:roman, :latin) AND k.key_hash IN (
                     SELECT r.key_hash FROM duplicate_keys r WHERE r.kind = :roman
                     INTERSECT SELECT l.key_hash FROM duplicate_keys l WHERE l.kind = :latin)"""
    else:
        sql = """WITH shared AS (
                     SELECT kind, key_hash FROM duplicate_keys WHERE kind IN (:email, :phone, :name)
                     GROUP BY kind, key_hash HAVING count(*) >= 2)
                 SELECT k.kind, k.key_hash, k.contact_rowid, c.id FROM shared s
                 JOIN duplicate_keys k ON k.kind = s.kind AND k.key_hash = s.key_hash
                 JOIN contacts c ON c.rowid = k.contact_rowid"""
    rows = db.conn.execute(sql, KIND_CODES).fetchall()
    real = keys_by_rowid(db, [rowid for _kind, _hash, rowid, _id in rows], romanization=romanization)
    kinds = {code: kind for kind, code in KIND_CODES.items()}
    groups: dict[tuple[str, str], list[tuple[str, str | None]]] = {}
    for code, hashed, rowid, contact_id in rows:
        for key in real.get(rowid, ()):
            if key.kind == kinds[code] and stored_key(key) == (code, hashed):
                groups.setdefault((key.kind, key.key), []).append((contact_id, key.company_key))
    return [(kind, key, holders) for (kind, key), holders in groups.items()]


def list_duplicate_pairs(db, *, limit: int = 200) -> list[DuplicatePair]:
    """Likely duplicate pairs across the whole book: strongest reason first, newest contacts first.

    Grouping queries over the key index (about 0.5 s for 100,000 contacts).
    Pairs the user judged distinct (``mark_not_duplicates``) are left out.
    """
    ensure_duplicate_keys(db)
    best: dict[tuple[str, str], tuple[str, str]] = {}

    def offer(a: str, b: str, reason: str, detail: str) -> None:
        pair = (a, b) if a < b else (b, a)
        current = best.get(pair)
        if current is None or REASONS.index(reason) < REASONS.index(current[0]):
            best[pair] = (reason, detail)

    for kind, key, holders in _shared_keys(db):
        if 2 <= len(holders) <= MAX_SHARED:
            ids = sorted(contact_id for contact_id, _company in holders)
            for i, a in enumerate(ids):
                for b in ids[i + 1:]:
                    offer(a, b, _REASON_OF_KIND[kind], key.split(COMPANY_SEPARATOR)[0])
    # Romanization: a script name's Latin forms against Latin-only names.
    shared = {(kind, key): holders for kind, key, holders in _shared_keys(db, romanization=True)}
    roman = {key: holders for (kind, key), holders in shared.items() if kind == "roman"}
    latin = {key: holders for (kind, key), holders in shared.items() if kind == "latin"}
    for key in roman.keys() & latin.keys():
        pairs = [(roman_id, latin_id) for roman_id, roman_company in roman[key]
                 for latin_id, latin_company in latin[key] if _company_rule(roman_company, latin_company)]
        if pairs and len({c for pair in pairs for c in pair}) <= MAX_SHARED:
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
    with write_transaction(db, N_("Mark as different people")):
        for cid in (contact_id, other_id):
            if fetch_row(db, "contacts", cid) is None:
                raise KeyError(_("Contact {id} not found").format(id=cid))
        first, second = sorted((contact_id, other_id))
        return insert_row(db, "distinct_contacts", {"contact_id": first, "other_id": second})


