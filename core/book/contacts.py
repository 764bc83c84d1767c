"""People and companies: the contact book's repository functions.

Every write here runs in one transaction that also updates the change log
(core.store.records) and the search index (core.book.search). Reads return plain dicts
so the GUI, the command line and the tests all see the same shapes.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any, Iterable

from core.book import validation as v
from core.store.db import write_transaction
from core.i18n import _
from core.store.records import fetch_row, insert_row, tombstone_row, update_row, utc_now
from core.book.romanize import fold, sort_key_for
from core.book.search import index_contact

STAGES = ("met", "rapport", "trial_order", "partner", "dormant", "lost")
TRUST_PATHS = ("direct", "intermediary")


def stage_label(stage: str) -> str:
    """The display name of a relationship stage."""
    return {
        "met": _("Met"), "rapport": _("Rapport"), "trial_order": _("Trial order"),
        "partner": _("Partner"), "dormant": _("Dormant"), "lost": _("Lost"),
    }.get(stage, stage)


class InvalidContact(v.ValidationError):
    """One or more fields are invalid; ``errors`` lists every one of them."""

    def __init__(self, errors: list[v.ValidationError]):
        super().__init__(errors[0].field, errors[0].message)
        self.errors = errors

    def by_field(self) -> dict[str, str]:
        return {e.field: e.message for e in self.errors}


_TEXT_FIELDS = ("given_name", "family_name", "native_name", "native_reading", "romanized_name",
                "form_of_address", "job_title", "city", "notes", "met_booth", "introduced_by_org",
                "consent_method", "consent_note")
CONTACT_FIELDS = frozenset(_TEXT_FIELDS) | {
    "display_name", "company_id", "emails", "phones", "country", "languages", "time_zone",
    "tags", "photo", "stage", "met_event_id", "met_on", "introduced_by_contact_id",
    "trust_path", "consent_given_at", "addresses", "urls", "geo", "birthday", "extras",
}
# Parts of a postal address, in vCard ADR order after the label.
ADDRESS_PARTS = ("po_box", "extended", "street", "city", "region", "postal_code", "country")


def _as_entries(values: Iterable[Any] | None) -> list[dict]:
    entries = []
    for item in values or []:
        if item is None:
            continue
        if isinstance(item, str):
            item = {"value": item}
        if (item.get("value") or "").strip():
            entries.append({"value": item["value"].strip(), "label": item.get("label") or ""})
    return entries


def _as_addresses(values: Iterable[dict] | None) -> list[dict]:
    addresses = []
    for item in values or []:
        parts = {key: (item.get(key) or "").strip() for key in ADDRESS_PARTS}
        if any(parts.values()):
            addresses.append({"label": (item.get("label") or "").strip(), **parts})
    return addresses


def _as_extras(values: Iterable[dict] | None) -> list[dict]:
    # Properties kept verbatim from an imported card: name, group, params, value.
    extras = []
    for item in values or []:
        name = (item.get("name") or "").strip().upper()
        if not name:
            continue
        params = {str(k).upper(): [str(x) for x in v] for k, v in (item.get("params") or {}).items()}
        extras.append({"name": name, "group": item.get("group") or None, "params": params,
                       "value": "" if item.get("value") is None else str(item["value"])})
    return extras


def clean_contact_fields(fields: dict[str, Any], *, partial: bool = False,
                         country_hint: str | None = None) -> dict[str, Any]:
    """Validate and normalize contact fields; raise ``InvalidContact`` listing every problem.

    ``partial=True`` checks only the fields given (for updates); local phone
    numbers are read in the contact's country, or *country_hint* when the
    fields carry none.
    """
    unknown = set(fields) - CONTACT_FIELDS
    if unknown:
        raise TypeError(f"unknown contact fields: {sorted(unknown)}")
    errors: list[v.ValidationError] = []
    clean: dict[str, Any] = {}
    for name in _TEXT_FIELDS:
        if name in fields:
            clean[name] = (fields[name] or "").strip() or None

    if "display_name" in fields or not partial:
        name = (fields.get("display_name") or "").strip()
        if not name:
            name = " ".join(p for p in (fields.get("given_name"), fields.get("family_name")) if p).strip()
        if not name:
            name = (fields.get("native_name") or "").strip()
        if not name:
            errors.append(v.ValidationError("display_name", _("a contact needs a name")))
        clean["display_name"] = name

    def attempt(field, func, *args):
        try:
            return func(*args)
        except v.ValidationError as exc:
            errors.append(v.ValidationError(field, exc.message))
            return None

    if "country" in fields:
        clean["country"] = attempt("country", v.normalize_country, fields["country"])
    country = clean.get("country") or country_hint
    if "time_zone" in fields:
        clean["time_zone"] = attempt("time_zone", v.normalize_time_zone, fields["time_zone"])
    if not partial and not clean.get("time_zone"):
        clean["time_zone"] = v.default_time_zone(clean.get("country"))
    if "emails" in fields:
        emails = []
        for entry in _as_entries(fields["emails"]):
            value = attempt("emails", v.normalize_email, entry["value"])
            if value:
                emails.append({**entry, "value": value})
        clean["emails"] = json.dumps(emails, ensure_ascii=False)
    if "phones" in fields:
        phones = []
        for entry in _as_entries(fields["phones"]):
            value = attempt("phones", v.normalize_phone, entry["value"], country)
            if value:
                phones.append({**entry, "value": value})
        clean["phones"] = json.dumps(phones, ensure_ascii=False)
    if "languages" in fields:
        langs = [attempt("languages", v.normalize_language, lang) for lang in fields["languages"] or []]
        clean["languages"] = json.dumps([lang for lang in langs if lang])
    if "tags" in fields:
        tags = [t.strip() for t in fields["tags"] or [] if t and t.strip()]
        clean["tags"] = json.dumps(list(dict.fromkeys(tags)), ensure_ascii=False)
    if "stage" in fields:
        if fields["stage"] not in STAGES:
            errors.append(v.ValidationError("stage", _("{value!r} is not a stage ({stages})").format(
                value=fields["stage"], stages=", ".join(STAGES))))
        clean["stage"] = fields["stage"]
    if "trust_path" in fields:
        if fields["trust_path"] not in TRUST_PATHS:
            errors.append(v.ValidationError("trust_path", _("trust path must be direct or intermediary")))
        clean["trust_path"] = fields["trust_path"]
    if "met_on" in fields:
        clean["met_on"] = attempt("met_on", v.normalize_date, fields["met_on"], "met_on")
    if "consent_given_at" in fields:
        clean["consent_given_at"] = attempt("consent_given_at", v.normalize_datetime,
                                            fields["consent_given_at"], "consent_given_at")
    if "urls" in fields:
        clean["urls"] = json.dumps(_as_entries(fields["urls"]), ensure_ascii=False)
    if "addresses" in fields:
        clean["addresses"] = json.dumps(_as_addresses(fields["addresses"]), ensure_ascii=False)
    if "extras" in fields:
        clean["extras"] = json.dumps(_as_extras(fields["extras"]), ensure_ascii=False)
    if "birthday" in fields:
        clean["birthday"] = attempt("birthday", v.normalize_birthday, fields["birthday"])
    if "geo" in fields:
        clean["geo"] = attempt("geo", v.normalize_geo, fields["geo"])
    for key in ("company_id", "met_event_id", "introduced_by_contact_id", "photo"):
        if key in fields:
            clean[key] = fields[key] or None
    if errors:
        raise InvalidContact(errors)
    return clean


def _check_references(db, clean: dict[str, Any]) -> None:
    checks = (("company_id", "companies"), ("met_event_id", "events"),
              ("introduced_by_contact_id", "contacts"))
    for field, table in checks:
        if clean.get(field) and fetch_row(db, table, clean[field]) is None:
            raise InvalidContact([v.ValidationError(field, _("{table} {id} does not exist").format(
                table=table, id=clean[field]))])


def contact_sort_key(row: dict) -> str:
    """The stored ``sort_key`` of a contact row (its name placed among Latin names)."""
    return sort_key_for(row.get("romanized_name"), row.get("display_name"), row.get("native_name"),
                        country=row.get("country"))


def reindex_contact(db, contact_id: str) -> None:
    """Rewrite the derived indexes of one contact: search and duplicate keys."""
    from core.book.duplicate_index import index_duplicate_keys

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
    with write_transaction(db):
        if company and company.strip():
            clean["company_id"] = find_or_add_company(db, company, country=clean.get("country"))
        contact_id = _insert_contact(db, clean)
        if follow_up_hours:
            from core.book.activity import schedule_follow_up_in

            schedule_follow_up_in(db, contact_id, hours=follow_up_hours,
                                  reason=_("Follow up after first meeting"))
    return contact_id


def _prepared(fields: dict[str, Any]) -> dict[str, Any]:
    clean = clean_contact_fields(fields)
    clean.setdefault("stage", "met")
    if clean.get("introduced_by_contact_id") or clean.get("introduced_by_org"):
        clean.setdefault("trust_path", "intermediary")
    return clean


def _insert_contact(db, clean: dict[str, Any]) -> str:
    # Inside the caller's transaction: the row, its first stage, its indexes.
    _check_references(db, clean)
    clean["sort_key"] = contact_sort_key(clean)
    contact_id = insert_row(db, "contacts", clean)
    # The relationship began when we met, not when the card was typed in.
    began = f"{clean['met_on']}T00:00:00+00:00" if clean.get("met_on") else utc_now()
    insert_row(db, "stage_history", {"contact_id": contact_id, "stage": clean["stage"],
                                     "previous_stage": None, "changed_at": began})
    reindex_contact(db, contact_id)
    return contact_id


def add_contacts(db, contacts: Iterable[dict[str, Any]]) -> list[str]:
    """Add many people in one transaction (an import); return their ids in order.

    Each dict holds ``add_contact``'s fields and an optional ``company``
    name. Every contact is checked before anything is written, so one bad
    contact raises ``InvalidContact`` and none is added. Companies are looked
    up once for the whole batch.
    """
    prepared = []
    for item in contacts:
        fields = dict(item)
        company = (fields.pop("company", None) or "").strip()
        prepared.append((_prepared(fields), company))
    ids = []
    with write_transaction(db):
        companies = dict(db.conn.execute(
            "SELECT name_key, id FROM companies WHERE deleted_at IS NULL ORDER BY created_at DESC"))
        for clean, company in prepared:
            if company:
                key = company_name_key(company)
                if key not in companies:
                    companies[key] = add_company(db, name=company, country=clean.get("country"))
                clean["company_id"] = companies[key]
            ids.append(_insert_contact(db, clean))
    return ids


def update_contact(db, contact_id: str, *, company: str | None = None, **fields: Any) -> dict:
    """Change fields of a contact; return the fields that really changed.

    Stage changes go through ``change_stage`` so the history is kept.
    """
    if "stage" in fields:
        raise TypeError("use change_stage() to move a contact between stages")
    with write_transaction(db):
        current = fetch_row(db, "contacts", contact_id)
        if current is None:
            raise KeyError(_("Contact {id} not found").format(id=contact_id))
        clean = clean_contact_fields(fields, partial=True, country_hint=current.get("country"))
        if company is not None:
            clean["company_id"] = find_or_add_company(db, company, country=current.get("country")) \
                if company.strip() else None
        _check_references(db, clean)
        merged = {**current, **clean}
        clean["sort_key"] = contact_sort_key(merged)
        changed = update_row(db, "contacts", contact_id, clean)
        if changed:
            reindex_contact(db, contact_id)
    return changed


def delete_contact(db, contact_id: str) -> bool:
    """Delete a contact (a tombstone that syncs); its history stays in the database."""
    with write_transaction(db):
        gone = tombstone_row(db, "contacts", contact_id)
        reindex_contact(db, contact_id)
    return gone


# Contact columns stored as JSON lists (decoded by get_contact).
JSON_LIST_FIELDS = ("emails", "phones", "languages", "tags", "addresses", "urls", "extras")


def get_contact(db, contact_id: str) -> dict | None:
    """A contact with lists decoded and its company, event and introducer resolved."""
    row = fetch_row(db, "contacts", contact_id)
    if row is None:
        return None
    for key in JSON_LIST_FIELDS:
        row[key] = json.loads(row[key] or "[]")
    for phone in row["phones"]:
        phone["display"] = v.format_phone(phone["value"])
    row["company"] = fetch_row(db, "companies", row["company_id"]) if row["company_id"] else None
    row["met_event"] = fetch_row(db, "events", row["met_event_id"]) if row["met_event_id"] else None
    introducer = row["introduced_by_contact_id"]
    row["introduced_by"] = (fetch_row(db, "contacts", introducer, include_deleted=True)
                            if introducer else None)
    return row


def count_contacts(db) -> int:
    """How many live contacts there are."""
    return db.conn.execute("SELECT count(*) FROM contacts WHERE deleted_at IS NULL").fetchone()[0]


SUMMARY_COLUMNS = ("id", "display_name", "native_name", "company", "job_title", "country",
                   "city", "stage", "modified")
_SUMMARY_SQL = (
    "SELECT c.id, c.display_name, c.native_name, co.name, c.job_title, c.country, c.city, "
    "c.stage, c.modified FROM contacts c LEFT JOIN companies co ON co.id = c.company_id "
)


def list_contacts(db, *, limit: int = 100, offset: int = 0) -> list[dict]:
    """Live contacts in name order (romanized names sort among Latin ones)."""
    cursor = db.conn.execute(
        _SUMMARY_SQL + "WHERE c.deleted_at IS NULL ORDER BY c.sort_key LIMIT ? OFFSET ?",
        (limit, offset))
    return [dict(zip(SUMMARY_COLUMNS, r)) for r in cursor]


def list_contact_rowids(db) -> list[int]:
    """Rowids of all live contacts in name order (for lazy views over large books)."""
    # One JSON array built inside SQLite: for 100,000 contacts it is three times quicker than a
    # row at a time, and the GUI thread keeps Python's lock while a worker reads (start-up).
    if sqlite3.sqlite_version_info >= (3, 44):
        sql = ("SELECT json_group_array(rowid ORDER BY sort_key) FROM contacts "
               "WHERE deleted_at IS NULL")
    else:  # before 3.44 an aggregate keeps the order of an ordered subquery (not promised, but so)
        sql = ("SELECT json_group_array(rowid) FROM "
               "(SELECT rowid FROM contacts WHERE deleted_at IS NULL ORDER BY sort_key)")
    return json.loads(db.conn.execute(sql).fetchone()[0])


def get_contact_rowid(db, contact_id: str) -> int | None:
    """The rowid of a live contact (the key of lazy views and the search index), or None."""
    row = db.conn.execute("SELECT rowid FROM contacts WHERE id = ? AND deleted_at IS NULL",
                          (contact_id,)).fetchone()
    return row[0] if row else None


def get_contact_summaries(db, rowids: list[int]) -> dict[int, dict]:
    """Summaries (the list's columns) keyed by rowid, for a page of a lazy view."""
    if not rowids:
        return {}
    marks = ",".join("?" * len(rowids))
    cursor = db.conn.execute(
        f"SELECT c.rowid, {_SUMMARY_SQL[7:]} WHERE c.rowid IN ({marks})", rowids)
    return {r[0]: dict(zip(SUMMARY_COLUMNS, r[1:])) for r in cursor}


# Companies -----------------------------------------------------------------

def add_company(db, *, name: str, native_name: str | None = None, country: str | None = None,
                city: str | None = None, website: str | None = None, industry: str | None = None,
                notes: str | None = None) -> str:
    """Add a company and return its id."""
    if not (name or "").strip():
        raise v.ValidationError("company", _("a company needs a name"))
    values = {"name": name.strip(), "name_key": company_name_key(name), "native_name": native_name, "city": city, "website": website,
              "industry": industry, "notes": notes,
              "country": v.normalize_country(country, "company country")}
    with write_transaction(db):
        return insert_row(db, "companies", values)


def company_name_key(name: str) -> str:
    """The form company names are matched by: any case, accents and spacing."""
    return fold(" ".join(name.split()))


def find_or_add_company(db, name: str, *, country: str | None = None) -> str:
    """The id of the live company with this name (any case or accents), added if missing."""
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
        fields["name"] = fields["name"].strip()
        fields["name_key"] = company_name_key(fields["name"])
    with write_transaction(db):
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
