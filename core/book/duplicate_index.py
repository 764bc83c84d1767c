"""The duplicate keys of each contact: what two records of one person have in common.

A derived table (like the search index, rebuilt from the contact on every
write and never synced) holds, per live contact:

- ``email``: each address, case-folded;
- ``phone``: each number in E.164 (as stored);
- ``name``: the name at the company (``<company key>␟<name key>``), for
  each spelling the contact has (display, native, romanized, given + family);
- ``roman``: for a contact whose name is in a non-Latin script, the Latin
  spellings of that name (``core.book.romanize.romanize_name`` plus the Latin
  names on the card);
- ``latin``: for a contact with a Latin name only, that name.

A name key folds case and accents ("Müller" = "Muller"), drops hyphens and
sorts the words, so "Zhang Wei", "Wei Zhang" and "zhang-wei" agree.
Detection (``core.duplicates``) joins on ``(kind, key)``: finding a card's
duplicates among 100,000 contacts is a few index lookups.

The table stores each key as a 64-bit hash of its text (``key_hash``), the
kind as a small number, and nothing of the company (issue 15: 5.4 → 1.9 MB at
10k contacts). A hash only finds candidates: readers recompute the keys of the
contacts found from their rows (``keys_by_rowid``) and keep those whose real
key matches, so two texts with one hash never change a result.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from typing import Any, NamedTuple

from core.book.fields import (COMPANY_ID, COUNTRY, DISPLAY_NAME, EMAILS, FAMILY_NAME, GIVEN_NAME,
                              NATIVE_NAME, NATIVE_READING, PHONES, ROMANIZED_NAME, list_fields)
from core.book.romanize import fold, has_cjk, romanize_name
from core.store.db import write_transaction
from core.store.derived import clear_stale, is_stale

# Separates the company from the name inside a ``name`` key.
COMPANY_SEPARATOR = "\x1f"
_WORD_SPLIT = re.compile(r"[\s,;/()\[\]]+")
_INNER_MARKS = re.compile(r"[-'’.‐‑·]")
_KANA = re.compile(r"[\u3040-\u30ff]")


# The contact fields the keys are made of.
_KEY_FIELDS = tuple(f.name for f in list_fields(duplicate_key=True))


# A key's kind as stored: a small number, not the word.
KIND_CODES = {"email": 1, "phone": 2, "name": 3, "roman": 4, "latin": 5}


def key_hash(text: str) -> int:
    """A key as the table stores it: the first 8 bytes of its BLAKE2b digest, as a signed 64-bit integer.

    Stable across versions and platforms (Python's own ``hash`` is salted per process).
    """
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big", signed=True)


def stored_key(key: "DuplicateKey") -> tuple[int, int]:
    """``(kind code, key hash)``: what the table holds of *key* (its contact aside)."""
    return KIND_CODES[key.kind], key_hash(key.key)


class DuplicateKey(NamedTuple):
    """One row of the index: *kind*, *key*, and the company key (for romanization matches)."""

    kind: str
    key: str
    company_key: str | None = None


@functools.lru_cache(maxsize=65536)  # names repeat a lot; a rebuild over 100k contacts gains 3x
def name_key(text: str | None) -> str:
    """The form names are compared in: ``'Müller, Anna'`` → ``'anna muller'``; CJK without spaces.

    >>> name_key("Kim Min-jun") == name_key("Minjun KIM")
    True
    """
    folded = fold(text).strip()
    if not folded:
        return ""
    if has_cjk(folded):
        return "".join(folded.split())
    words = (_INNER_MARKS.sub("", word) for word in _WORD_SPLIT.split(folded))
    return " ".join(sorted(word for word in words if word))


def is_latin_name(text: str | None) -> bool:
    """True when every letter of *text* is Latin (so it has no romanization of its own)."""
    if not text or text.isascii():
        return True
    return all(ord(ch) < 0x0250 or 0x1E00 <= ord(ch) <= 0x1EFF for ch in (text or "") if ch.isalpha())


def _entry_values(entries: Any) -> list[str]:
    if isinstance(entries, str):
        entries = json.loads(entries or "[]")
    values = []
    for entry in entries or []:
        value = entry.get("value") if isinstance(entry, dict) else entry
        if value and str(value).strip():
            values.append(str(value).strip())
    return values


def _latin_names(contact: dict) -> set[str]:
    parts = " ".join(p for p in (contact.get(GIVEN_NAME.name), contact.get(FAMILY_NAME.name)) if p)
    names = (contact.get(DISPLAY_NAME.name), contact.get(ROMANIZED_NAME.name), parts)
    return {name_key(n) for n in names if n and is_latin_name(n)} - {""}


def _long_vowels_shortened(form: str) -> str:
    # Hepburn from pykakasi writes long vowels out (Satou, Tarou); cards say Sato, Taro.
    return form.replace("ou", "o").replace("uu", "u").replace("oo", "o")


def native_name_of(contact: dict) -> str | None:
    """The contact's name in a non-Latin script (native name, or a non-Latin display name), or None."""
    for name in (contact.get(NATIVE_NAME.name), contact.get(DISPLAY_NAME.name)):
        if name and name.strip() and not is_latin_name(name):
            return name.strip()
    return None


def romanized_keys(contact: dict) -> set[str]:
    """Name keys of the Latin spellings of a contact's native-script name (empty for Latin names)."""
    native = native_name_of(contact)
    if native is None:
        return set()
    keys = _romanized_name_keys(native, contact.get(NATIVE_READING.name) or None,
                                (contact.get(COUNTRY.name) or "").upper() or None)
    # One word ("zhangwei", "gimminjun") is too weak to say two people are one.
    return {k for k in keys | _latin_names(contact) if " " in k}


@functools.lru_cache(maxsize=65536)
def _romanized_name_keys(native: str, reading: str | None, country: str | None) -> frozenset[str]:
    forms = romanize_name(native, reading=reading, country=country)
    if country == "JP" or _KANA.search(native + (reading or "")):
        forms += [_long_vowels_shortened(f) for f in forms]
    return frozenset(name_key(f) for f in forms)


def contact_keys(contact: dict, company_key: str | None, *, romanization: bool = True) -> set[DuplicateKey]:
    """Every duplicate key of a contact (a row of ``contacts`` or fields as ``add_contact`` takes them).

    Emails and phones are taken as they are: callers pass stored (normalized) values. Without
    *romanization*, only the email, phone and name keys (a reader that needs no others).
    """
    keys: set[DuplicateKey] = set()
    for email in _entry_values(contact.get(EMAILS.name)):
        keys.add(DuplicateKey("email", email.casefold()))
    for phone in _entry_values(contact.get(PHONES.name)):
        keys.add(DuplicateKey("phone", phone))
    if company_key:
        given_family = " ".join(p for p in (contact.get(GIVEN_NAME.name), contact.get(FAMILY_NAME.name)) if p)
        for name in (contact.get(DISPLAY_NAME.name), contact.get(NATIVE_NAME.name),
                     contact.get(ROMANIZED_NAME.name), given_family):
            key = name_key(name)
            if key:
                keys.add(DuplicateKey("name", company_key + COMPANY_SEPARATOR + key))
    if not romanization:
        return keys
    if native_name_of(contact) is not None:
        keys.update(DuplicateKey("roman", k, company_key or None) for k in romanized_keys(contact))
    else:
        keys.update(DuplicateKey("latin", k, company_key or None)
                    for k in _latin_names(contact) if " " in k)
    return keys


def company_key_of(db, company_id: str | None) -> str | None:
    """The ``name_key`` of a live company (what a contact's name key is prefixed with), or None."""
    if not company_id:
        return None
    row = db.conn.execute("SELECT name_key FROM companies WHERE id = ? AND deleted_at IS NULL",
                          (company_id,)).fetchone()
    return row[0] if row else None


def index_duplicate_keys(db, contact_id: str) -> None:
    """(Re)write the duplicate keys of one contact; a deleted contact has none.

    Only keys that changed are written: a sync that edits a contact's city
    leaves its name and email keys alone (fewer rows touched, a smaller WAL).
    """
    cursor = db.conn.execute("SELECT rowid, * FROM contacts WHERE id = ?", (contact_id,))
    values = cursor.fetchone()
    if values is None:
        return
    contact = dict(zip((d[0] for d in cursor.description), values))
    rowid = contact.pop("rowid")
    wanted: set[tuple[int, int]] = set()
    if contact["deleted_at"] is None:
        wanted = {stored_key(k) for k in contact_keys(contact, company_key_of(db, contact.get(COMPANY_ID.name)))}
    held = {tuple(row) for row in db.conn.execute(
        "SELECT kind, key_hash FROM duplicate_keys WHERE contact_rowid = ?", (rowid,))}
    if held - wanted:
        db.conn.executemany("DELETE FROM duplicate_keys WHERE kind = ? AND key_hash = ? AND contact_rowid = ?",
                            [(*key, rowid) for key in held - wanted])
    db.conn.executemany(_INSERT, [(*key, rowid) for key in wanted - held])


# Keys name their contact by its rowid (as the search index does): 8 bytes at most, not 36 (issue 15).
# Two keys of one kind and contact with one hash are one row: a reader finds the contact by
# either and recomputes both (OR IGNORE).
_INSERT = "INSERT OR IGNORE INTO duplicate_keys(kind, key_hash, contact_rowid) VALUES (?, ?, ?)"


def add_duplicate_keys(db, entries) -> None:
    """The keys of new contacts at once: *entries* are (rowid, contact row as stored, its company's
    ``name_key`` or None); the keys ``index_duplicate_keys`` writes, without reading back."""
    db.conn.executemany(_INSERT, [(*stored_key(k), rowid) for rowid, contact, company_key in entries
                                  for k in contact_keys(contact, company_key)])


def forget_duplicate_keys(db, contact_id: str) -> None:
    """Drop the keys of one contact (before it is erased)."""
    db.conn.execute("DELETE FROM duplicate_keys WHERE contact_rowid = (SELECT rowid FROM contacts WHERE id = ?)",
                    (contact_id,))


def _read_key_fields(db, where: str = "", params=()) -> list[tuple[int, dict, str | None]]:
    """(rowid, the fields keys are made of, company key) of live contacts (``AND`` *where*)."""
    cursor = db.conn.execute(f"SELECT rowid, company_id, {', '.join(_KEY_FIELDS)} FROM contacts "
                             f"WHERE deleted_at IS NULL {where}", params)
    names = [d[0] for d in cursor.description]
    contacts = [dict(zip(names, values)) for values in cursor.fetchall()]
    company_ids = sorted({c[COMPANY_ID.name] for c in contacts if c[COMPANY_ID.name]})
    companies: dict[str, str] = {}
    for start in range(0, len(company_ids), 500):
        chunk = company_ids[start:start + 500]
        companies.update(db.conn.execute(
            f"SELECT id, name_key FROM companies WHERE deleted_at IS NULL AND id IN ({','.join('?' * len(chunk))})",
            chunk).fetchall())
    return [(c["rowid"], c, companies.get(c[COMPANY_ID.name])) for c in contacts]


def keys_by_rowid(db, rowids, *, romanization: bool = True) -> dict[int, set[DuplicateKey]]:
    """The real keys of the live contacts with these rowids, recomputed from their rows.

    What a hash found is checked against these: the table holds no key's text. Without
    *romanization*, only their email, phone and name keys.
    """
    rowids = sorted(set(rowids))
    found: dict[int, set[DuplicateKey]] = {}
    for start in range(0, len(rowids), 500):
        chunk = rowids[start:start + 500]
        for rowid, contact, company_key in _read_key_fields(
                db, f"AND rowid IN ({','.join('?' * len(chunk))})", chunk):
            found[rowid] = contact_keys(contact, company_key, romanization=romanization)
    return found


def rebuild_duplicate_keys(db) -> int:
    """Recompute the keys of every live contact (after a migration); return how many contacts."""
    db.conn.execute("DELETE FROM duplicate_keys")
    contacts = _read_key_fields(db)
    rows = sorted({(*stored_key(k), rowid) for rowid, contact, company_key in contacts
                   for k in contact_keys(contact, company_key)})  # the table's order: it grows at its end
    db.conn.executemany(_INSERT, rows)
    return len(contacts)


def ensure_duplicate_keys(db) -> None:
    """Fill the key index if a migration left it to the book (see ``core.store.derived.mark_stale``)."""
    if is_stale(db, "duplicate_keys"):
        with write_transaction(db):
            rebuild_duplicate_keys(db)
            clear_stale(db, "duplicate_keys")
