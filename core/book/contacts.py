"""People and companies: the contact book's repository functions.

Every write here runs in one transaction that also updates the change log
(core.store.records) and the search index (core.book.search). Reads return plain dicts
so the GUI, the command line and the tests all see the same shapes.
"""

from __future__ import annotations

import json
from typing import Any, Iterable

from core.book import validation as v
from core.book.activity import schedule_follow_up_in
from core.book.duplicate_index import add_duplicate_keys, company_key_of, forget_duplicate_keys, index_duplicate_keys
from core.book.fields import (COMPANY_ID, COUNTRY, DISPLAY_NAME, FAMILY_NAME, GIVEN_NAME, IMAGE,
                              INTRODUCED_BY_CONTACT_ID, INTRODUCED_BY_ORG, NATIVE_NAME, PHONES,
                              REFERENCE, SORT_KEY_FIELD, STAGE, STAGES, TIME_ZONE_FIELD, TRUST_PATH,
                              SYNC_ELEMENTS, TRUST_PATHS, CONTACT_FIELDS, ContactField, list_fields)
from core.book.romanize import CANTONESE_SPELLING_COUNTRIES, fold
from core.book.search import add_search_entries, index_contact, read_index_company
from core.book.summaries import select_contact_summaries
from core.i18n import N_, _
from core.store.db import write_transaction
from core.store.dependents import register_dependent_table
from core.store.derived import ARABIC_SEARCH_ENTRIES, NAME_SPELLINGS, clear_stale, is_stale, refreshed_later, register_derived
from core.store.erasure import is_erased, register_erased
from core.store.elements import register_element_field
from core.store.integrity import missing_columns, register_structure_check
from core.store.records import (fetch_row, insert_new_row, insert_row, insert_rows, logging_in_bulk, tombstone_row,
                                update_row)
from core.store.value_checks import register_value_check



def input_fields() -> dict[str, ContactField]:
    """The fields add_contact and update_contact take, by name (derived ones are computed).

    Read at call time, so a field declared after import (a test's) is taken too.
    """
    return {f.name: f for f in list_fields()}



class InvalidContact(v.ValidationError):
    """One or more fields are invalid; ``errors`` lists every one of them."""

    def __init__(self, errors: list[v.ValidationError]):
        super().__init__(errors[0].field, errors[0].message)
        self.errors = errors

    def by_field(self) -> dict[str, str]:
        return {e.field: e.message for e in self.errors}


def _fallback_name(fields: dict[str, Any]) -> str:
    # No name typed: the given and family names, else the native one.
    name = v.clean_text(fields.get(DISPLAY_NAME.name)) or ""
    if not name:
        name = v.clean_text(" ".join(p for p in (fields.get(GIVEN_NAME.name), fields.get(FAMILY_NAME.name))
                                     if p)) or ""
    return name or v.clean_text(fields.get(NATIVE_NAME.name)) or ""


def clean_contact_fields(fields: dict[str, Any], *, partial: bool = False,
                         country_hint: str | None = None,
                         normalized: frozenset[str] = frozenset(),
                         lists: dict[str, Any] | None = None) -> dict[str, Any]:
    """Validate and normalize contact fields; raise ``InvalidContact`` listing every problem.

    Each field is checked by its declaration (core.book.fields). ``partial=True``
    checks only the fields given (for updates); local phone numbers are read in
    the contact's country, or *country_hint* when the fields carry none. Fields
    named in *normalized* hold what their declaration's normalizer returned
    already (an import's preview checked them): they are only put in stored form.
    *lists*, when given, receives each list field's value before it became JSON
    text (what the search index and duplicate keys read, without decoding it again).
    """
    inputs = list_fields()
    unknown = set(fields) - {field.name for field in inputs}
    if unknown:
        raise TypeError(f"unknown contact fields: {sorted(unknown)}")
    errors: list[v.ValidationError] = []
    clean: dict[str, Any] = {}

    def attempt(field, region=None) -> None:
        try:
            value = fields[field.name] if field.name in normalized else field.normalize(
                fields[field.name], field.name, region)
            clean[field.name] = field.store(value)
            if lists is not None and field.is_list:
                lists[field.name] = value
        except v.ValidationError as exc:
            errors.append(v.ValidationError(field.name, exc.message))

    # The country first: phones are read in it.
    if COUNTRY.name in fields:
        attempt(COUNTRY)
    region = clean.get(COUNTRY.name) or country_hint
    for field in inputs:
        if field.name in fields and field is not COUNTRY:
            attempt(field, region)
    if DISPLAY_NAME.name in fields or not partial:
        clean[DISPLAY_NAME.name] = _fallback_name(fields)
        if not clean[DISPLAY_NAME.name]:
            # First: a form shows the first error's field.
            errors.insert(0, v.ValidationError(DISPLAY_NAME.name, _("a contact needs a name")))
    if not partial and not clean.get(TIME_ZONE_FIELD.name):
        clean[TIME_ZONE_FIELD.name] = v.default_time_zone(clean.get(COUNTRY.name))
    if errors:
        raise InvalidContact(errors)
    return clean


def _check_references(db, clean: dict[str, Any], known: set | None = None) -> None:
    # *known*: references already found in this transaction (an import names one company many times).
    for field in list_fields(type=REFERENCE):
        value = clean.get(field.name)
        if not value or (known is not None and (field.references, value) in known):
            continue
        if fetch_row(db, field.references, value) is None:
            raise InvalidContact([v.ValidationError(field.name, _(
                "{table} {id} does not exist").format(table=field.references, id=value))])
        if known is not None:
            known.add((field.references, value))


def contact_sort_key(row: dict) -> str:
    """The stored ``sort_key`` of a contact row (its name placed among Latin names)."""
    return SORT_KEY_FIELD.derive(row)


def reindex_contact(db, contact_id: str) -> None:
    """Rewrite the derived indexes of one contact: search and duplicate keys."""
    index_contact(db, contact_id)
    index_duplicate_keys(db, contact_id)


def add_contact(db, *, company: str | None = None, follow_up_hours: int | None = None,
                **fields: Any) -> str:
    """Add a person and return its id.

    ``company`` is a company name, found or created; ``follow_up_hours``
    schedules the first follow-up that many hours from now.

    >>> add_contact(db, display_name="Anna Müller", company="Weber GmbH", country="DE",
    ...             phones=["+49 30 901820"])  # doctest: +SKIP
    """
    clean = _prepared(fields)
    with write_transaction(db, N_("Add contact")):
        if company and company.strip():
            clean[COMPANY_ID.name] = find_or_add_company(db, company,
                                                         country=clean.get(COUNTRY.name))
        contact_id = _insert_contact(db, clean)
        if follow_up_hours:
            # In the partner's zone: that is where they will be reached (docs/time.md).
            schedule_follow_up_in(db, contact_id, hours=follow_up_hours,
                                  reason=_("Follow up after first meeting"),
                                  time_zone=clean.get(TIME_ZONE_FIELD.name))
    return contact_id


def _prepared(fields: dict[str, Any], normalized: frozenset[str] = frozenset(),
              lists: dict[str, Any] | None = None) -> dict[str, Any]:
    clean = clean_contact_fields(fields, normalized=normalized, lists=lists)
    clean.setdefault(STAGE.name, STAGES[0])
    if clean.get(INTRODUCED_BY_CONTACT_ID.name) or clean.get(INTRODUCED_BY_ORG.name):
        clean.setdefault(TRUST_PATH.name, TRUST_PATHS[1])
    return clean


def _insert_contact(db, clean: dict[str, Any]) -> str:
    # Inside the caller's transaction: the row, its first stage, its indexes (from the row as
    # written: a new contact has no index entries to replace).
    _check_references(db, clean)
    contact_id, rowid, row = _insert_contact_rows(db, clean)
    company_id = row.get(COMPANY_ID.name)
    add_search_entries(db, [(rowid, row, read_index_company(db, company_id))])
    add_duplicate_keys(db, [(rowid, row, company_key_of(db, company_id))])
    return contact_id


def _insert_contact_rows(db, clean: dict[str, Any]) -> tuple[str, int, dict]:
    """The contact's row; returns its id, rowid and row as stored.

    Its first stage gets no row: it is implied by the contact's creation
    (``core.book.activity.first_stage_entry``, issue 15).
    """
    clean[SORT_KEY_FIELD.name] = contact_sort_key(clean)
    contact_id, rowid, written = insert_new_row(db, "contacts", clean)
    return contact_id, rowid, {**_column_defaults(db), **written}


def _column_defaults(db) -> dict[str, Any]:
    """The contacts table's columns with the values a new row gets when a write leaves them out."""
    cache = db.__dict__.setdefault("_fairmate_contact_defaults", {})
    if not cache:
        for _cid, name, _type, _notnull, default, _pk in db.conn.execute("PRAGMA table_info(contacts)"):
            text = default if isinstance(default, str) else None
            # Defaults are SQL literals: 'met', '[]' (quoted text) or NULL.
            cache[name] = text[1:-1].replace("''", "'") if text and text[:1] == "'" else None
    return cache


def add_contacts(db, contacts: Iterable[dict[str, Any]], *,
                 normalized: frozenset[str] = frozenset()) -> list[str]:
    """Add many people in one transaction (an import); return their ids in order.

    Each dict holds ``add_contact``'s fields and an optional ``company``
    name. *contacts* may be a generator: each is checked as it is taken, and
    one bad contact raises ``InvalidContact`` and rolls the whole transaction
    back, so none is added. Companies are looked up once for the whole batch;
    the log, search entries and duplicate keys are written in bulk, a batch at
    a time (nothing is read back, and memory stays flat for 100,000 contacts).
    *normalized* names fields each contact holds as their normalizer returned them
    (``clean_contact_fields``): an import checks its values in the preview, once.
    """
    ids = []
    with write_transaction(db, N_("Add contacts")), logging_in_bulk(db):
        companies = None  # read when a company is named (demo data passes ids: 50 at a time)
        # Per company id: what the search entry and the duplicate keys take from it.
        company_parts: dict[str, tuple] = {}
        known: set[tuple[str, str]] = set()
        search_entries, key_entries = [], []
        for item in contacts:
            fields = dict(item)
            company = (fields.pop("company", None) or "").strip()
            lists: dict[str, Any] = {}
            clean = _prepared(fields, normalized, lists)
            if company:
                if companies is None:
                    companies = dict(db.conn.execute(
                        "SELECT name_key, id FROM companies WHERE deleted_at IS NULL ORDER BY created_at DESC"))
                key = company_name_key(company)
                if key not in companies:
                    companies[key] = add_company(db, name=company, country=clean.get(COUNTRY.name))
                clean[COMPANY_ID.name] = companies[key]
            _check_references(db, clean, known)
            contact_id, rowid, row = _insert_contact_rows(db, clean)
            company_id = row.get(COMPANY_ID.name)
            if company_id not in company_parts:
                company_parts[company_id] = (read_index_company(db, company_id), company_key_of(db, company_id))
            index_company, duplicate_company_key = company_parts[company_id]
            # The list fields as they were before JSON (the same values: nothing decodes them again).
            row.update((name, value) for name, value in lists.items() if name in row)
            search_entries.append((rowid, row, index_company))
            key_entries.append((rowid, row, duplicate_company_key))
            ids.append(contact_id)
            if len(search_entries) >= _INDEX_BATCH:
                _write_index_entries(db, search_entries, key_entries)
        _write_index_entries(db, search_entries, key_entries)
    return ids


# New contacts' search entries and duplicate keys written at a time (their rows are held till then).
_INDEX_BATCH = 2000


def _write_index_entries(db, search_entries: list, key_entries: list) -> None:
    add_search_entries(db, search_entries)
    add_duplicate_keys(db, key_entries)
    search_entries.clear()
    key_entries.clear()


def update_contact(db, contact_id: str, *, company: str | None = None, **fields: Any) -> dict:
    """Change fields of a contact; return the fields that really changed.

    Stage changes go through ``change_stage`` so the history is kept.
    """
    if STAGE.name in fields:
        raise TypeError("use change_stage() to move a contact between stages")
    with write_transaction(db, N_("Edit contact")):
        current = fetch_row(db, "contacts", contact_id)
        if current is None:
            raise KeyError(_("Contact {id} not found").format(id=contact_id))
        country = current.get(COUNTRY.name)
        clean = clean_contact_fields(fields, partial=True, country_hint=country)
        if company is not None:
            clean[COMPANY_ID.name] = (find_or_add_company(db, company, country=country)
                                      if company.strip() else None)
        _check_references(db, clean)
        clean[SORT_KEY_FIELD.name] = contact_sort_key({**current, **clean})
        changed = update_row(db, "contacts", contact_id, clean)
        if changed:
            reindex_contact(db, contact_id)
    return changed


def delete_contact(db, contact_id: str) -> bool:
    """Delete a contact (a tombstone that syncs); its history stays in the database."""
    with write_transaction(db, N_("Delete contact")):
        gone = tombstone_row(db, "contacts", contact_id)
        reindex_contact(db, contact_id)
    return gone


def get_contact(db, contact_id: str) -> dict | None:
    """A contact with lists decoded and its company, event and introducer resolved."""
    row = fetch_row(db, "contacts", contact_id)
    if row is None:
        return None
    for field in list_fields(is_list=True):
        row[field.name] = field.load(row[field.name])
    for phone in row[PHONES.name]:
        phone["display"] = v.format_phone(phone["value"])
    # Each reference resolved beside its id: company_id → company, met_event_id → met_event,
    # introduced_by_contact_id → introduced_by (a deleted introducer is gone from show, dossiers
    # and exports: a person who asked to be removed is not named as anyone's introducer).
    for field in list_fields(type=REFERENCE):
        target = row[field.name]
        row[_RESOLVED[field.name]] = fetch_row(db, field.references, target) if target else None
    return row


_RESOLVED = {field.name: field.name.removesuffix("_id").removesuffix("_contact")
             for field in list_fields(type=REFERENCE)}


def count_contacts(db) -> int:
    """How many live contacts there are."""
    return db.conn.execute("SELECT count(*) FROM contacts WHERE deleted_at IS NULL").fetchone()[0]


def has_contacts(db) -> bool:
    """True when the book holds at least one live contact (cheaper than counting a large book)."""
    return bool(db.conn.execute(
        "SELECT EXISTS (SELECT 1 FROM contacts WHERE deleted_at IS NULL)").fetchone()[0])


def list_contacts(db, *, limit: int = 100, offset: int = 0) -> list[dict]:
    """Live contacts in name order (romanized names sort among Latin ones)."""
    return list(select_contact_summaries(
        db, "c.deleted_at IS NULL ORDER BY c.sort_key LIMIT ? OFFSET ?", (limit, offset)).values())


# Companies -----------------------------------------------------------------

def add_company(db, *, name: str, native_name: str | None = None, country: str | None = None,
                city: str | None = None, website: str | None = None, industry: str | None = None,
                notes: str | None = None) -> str:
    """Add a company and return its id."""
    values = _company_row(name=name, native_name=native_name, country=country, city=city, website=website,
                          industry=industry, notes=notes)
    with write_transaction(db, N_("Add company")):
        return insert_row(db, "companies", values)


def add_companies(db, companies: Iterable[dict[str, Any]]) -> list[str]:
    """``add_company`` for many (dicts of its arguments, and ``id`` when the caller chose it: demo data
    names a company in its people before writing both); one transaction, their ids in order."""
    rows = [{"id": fields.get("id"), **_company_row(**{k: v for k, v in fields.items() if k != "id"})}
            for fields in companies]
    with write_transaction(db, N_("Add company")):
        return insert_rows(db, "companies", rows)


def _company_row(*, name: str, native_name: str | None = None, country: str | None = None, city: str | None = None,
                 website: str | None = None, industry: str | None = None, notes: str | None = None) -> dict:
    name = v.clean_text(name)
    if not name:
        raise v.ValidationError("company", _("a company needs a name"))
    return {"name": name, "name_key": company_name_key(name), "native_name": native_name, "city": city,
            "website": website, "industry": industry, "notes": notes,
            "country": v.normalize_country(country, "company country")}


def company_name_key(name: str) -> str:
    """The form company names are matched by: any case, accents and spacing."""
    return fold(" ".join(name.split()))


def find_or_add_company(db, name: str, *, country: str | None = None) -> str:
    """The id of the live company with this name (any case or accents), added if missing."""
    name = v.clean_text(name) or ""
    row = db.conn.execute(
        "SELECT id FROM companies WHERE deleted_at IS NULL AND name_key = ? LIMIT 1",
        (company_name_key(name),)).fetchone()
    if row:
        return row[0]
    return add_company(db, name=name, country=country)


def update_company(db, company_id: str, **fields: Any) -> dict:
    """Change a company; its people are re-indexed so search finds the new name."""
    if "country" in fields:
        fields["country"] = v.normalize_country(fields["country"], "company country")
    if "name" in fields:
        if not (fields["name"] or "").strip():
            raise v.ValidationError("company", _("a company needs a name"))
        fields["name"] = v.clean_text(fields["name"])
        fields["name_key"] = company_name_key(fields["name"])
    with write_transaction(db, N_("Edit company")):
        changed = update_row(db, "companies", company_id, fields)
        if changed:
            for (contact_id,) in db.conn.execute(
                    "SELECT id FROM contacts WHERE company_id = ?", (company_id,)).fetchall():
                reindex_contact(db, contact_id)
    return changed


def list_companies(db) -> list[dict]:
    """Live companies by name, with how many people each has."""
    cursor = db.conn.execute(
        "SELECT co.id, co.name, co.native_name, co.country, co.city, "
        "(SELECT count(*) FROM contacts c WHERE c.company_id = co.id AND c.deleted_at IS NULL) "
        "FROM companies co WHERE co.deleted_at IS NULL ORDER BY lower(co.name)")
    return [dict(zip(("id", "name", "native_name", "country", "city", "people"), r)) for r in cursor]


# Derived data after an undo or a sync wrote contacts or companies (core.store.derived) -------

def refresh_contacts(db, contact_ids: list[str]) -> None:
    """Recompute the sort key, search index and duplicate keys of these contacts."""
    erased = False
    for contact_id in contact_ids:
        row = fetch_row(db, "contacts", contact_id, include_deleted=True)
        if row is None:
            erased = erased or is_erased(db.conn, "contacts", contact_id)
            continue
        db.conn.execute("UPDATE contacts SET sort_key = ? WHERE id = ?", (contact_sort_key(row), contact_id))
        reindex_contact(db, contact_id)
    if erased:  # an erasure received from another device: once for the whole batch
        drop_erased_words(db)


def refresh_companies(db, company_ids: list[str]) -> None:
    """Recompute each company's name key and re-index its people (search finds them by company)."""
    people = []
    for company_id in company_ids:
        row = db.conn.execute("SELECT name FROM companies WHERE id = ?", (company_id,)).fetchone()
        if row is None:
            continue
        db.conn.execute("UPDATE companies SET name_key = ? WHERE id = ?",
                        (company_name_key(row[0] or ""), company_id))
        people += [r[0] for r in db.conn.execute(
            "SELECT id FROM contacts WHERE company_id = ?", (company_id,))]
    # People written in the same batch are re-indexed by refresh_contacts right after.
    done = refreshed_later(db, "contacts")
    for contact_id in people:
        if contact_id not in done:
            reindex_contact(db, contact_id)


register_derived("contacts", refresh_contacts)
register_derived("companies", refresh_companies)

def refresh_name_spellings(db) -> int:
    """Re-spell the names a newer romanization rule changed (sort key, search, duplicates); how many.

    A migration that changes a rule marks the spellings stale (``0018``: Hong
    Kong and Macao partners' Chinese names in Cantonese, Arabic as typed).
    Derived data only: nothing is logged or synced, so it is redone here,
    when a book is opened.
    """
    if db.read_only or not is_stale(db, NAME_SPELLINGS):
        return 0  # a read-only book shows its stored spellings until it can be written
    marks = ", ".join("?" * len(CANTONESE_SPELLING_COUNTRIES))
    with write_transaction(db):
        ids = [r[0] for r in db.conn.execute(
            f"SELECT id FROM contacts WHERE deleted_at IS NULL AND (upper(country) IN ({marks}) "
            f"OR rowid IN ({ARABIC_SEARCH_ENTRIES}))", sorted(CANTONESE_SPELLING_COUNTRIES))]
        refresh_contacts(db, ids)
        clear_stale(db, NAME_SPELLINGS)
    return len(ids)


def forget_erased_contact(db, contact_id: str) -> None:
    """Before a contact is erased: its search entry and duplicate keys go (``drop_erased_words`` follows)."""
    db.conn.execute("DELETE FROM contact_search WHERE rowid = (SELECT rowid FROM contacts WHERE id = ?)",
                    (contact_id,))
    forget_duplicate_keys(db, contact_id)


def drop_erased_words(db) -> None:
    """Merge the search index into one segment: FTS5 keeps a deleted entry's words in its older segments
    until then (SQLite 3.42's secure-delete option would not; 3.7 s at 100,000 contacts, measured loaded)."""
    db.conn.execute("INSERT INTO contact_search(contact_search) VALUES ('optimize')")


register_erased("contacts", forget_erased_contact)


def check_contact_columns(conn) -> list[str]:
    """Every declared contact field has its column (none renamed or dropped by another program)."""
    return missing_columns(conn, "contacts", [f.name for f in list_fields(derived=None)])


register_structure_check(check_contact_columns)


# What another device may send for a contact field (core.store.value_checks) ---------------

def check_received_contact_value(name: str, value: Any) -> str | None:
    """Why contact field *name* cannot take *value* received from another device, else None.

    The value must be the stored form a local write gives: what the field's
    normaliser returns for it unchanged (lists: JSON text of such a list). It
    is judged alone, with no region (stored phones are E.164 already), so every
    device decides the same.
    """
    field = CONTACT_FIELDS.get(name)
    if field is None or field.is_derived or value is None:
        return None  # not a field of the book (bookkeeping), or a null the column allows
    if field.type == IMAGE:
        return None if isinstance(value, bytes) else "a photo must be bytes ($base64)"
    if not isinstance(value, str):
        return f"must be text, not {type(value).__name__}"
    if field.type == REFERENCE:
        return None if value else "a reference must be a row id"
    if name == DISPLAY_NAME.name and not value.strip():
        return "a contact needs a name"
    loaded: Any = value
    if field.is_list:
        try:
            loaded = json.loads(value)
        except ValueError:
            return "must be JSON text of a list"
        if not isinstance(loaded, list):
            return "must be JSON text of a list"
    try:
        clean = field.normalize(loaded, name, None)
    except (ValueError, TypeError, AttributeError, KeyError) as exc:
        return f"not a valid {name}: {exc}"
    return None if clean == loaded else f"not in the stored form of {name}"


register_value_check("contacts", check_received_contact_value)
for _field in list_fields(sync=SYNC_ELEMENTS):
    register_element_field("contacts", _field.name, _field.element_key)
# History that belongs to a contact: a delete that has not seen an entry of it is a conflict.
HISTORY_TABLES = ("interactions", "commitments", "follow_ups", "meetings", "stage_history")
for _table in HISTORY_TABLES:
    register_dependent_table("contacts", _table, "contact_id")
