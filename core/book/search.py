"""Search as you type over contacts (SQLite FTS5).

The index holds, per contact, its names in every form a user might type:
native script with each CJK character as its own token, the romanization
(pinyin, Hepburn, Revised Romanization, transliterated Cyrillic), and
folded Latin without diacritics; plus company, title, city, tags, emails,
notes and postal addresses. The index row's rowid is the contact row's
rowid. Queries are prefix matches, ANDed word by word, so "zha" finds 张伟 and "müller ber"
finds Anna Müller in Berlin.
"""

from __future__ import annotations

import re
import unicodedata

from core.book.fields import (ADDRESS_LIST, ADDRESS_PARTS, COMPANY_ID, COUNTRY, DISPLAY_NAME,
                              NATIVE_NAME, NATIVE_READING, PHONE_LIST, SEARCH_DETAILS,
                              SEARCH_NAMES, ContactField, list_fields)
from core.book.romanize import fold, has_cjk, romanize_name, space_cjk, without_arabic_article
from core.book.validation import national_number
from core.book.summaries import select_contact_summaries

_NAME_FIELDS = list_fields(search=SEARCH_NAMES)
_DETAIL_FIELDS = list_fields(search=SEARCH_DETAILS)
# The parts of a postal address worth searching (not a PO box or an extra line).
_SEARCHED_ADDRESS_PARTS = ADDRESS_PARTS[2:]
# The columns of companies read for a contact's index entry.
_COMPANY_COLUMNS = ("name", NATIVE_NAME.name, COUNTRY.name)


def _words(text: str) -> list[str]:
    # Letters, digits and marks make words (as in the index's tokenizer):
    # a Devanagari matra or Thai vowel sign must not split a name.
    words, current = [], []
    for char in text:
        if unicodedata.category(char)[0] in "LNM":
            current.append(char)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return words


def field_search_texts(field: ContactField, stored) -> list[str]:
    """The texts of one stored field value that go into the search index."""
    if not field.is_list:
        return [stored] if stored else []
    texts = []
    for element in field.load(stored):
        if field.type == ADDRESS_LIST:
            texts += [element.get(part) for part in _SEARCHED_ADDRESS_PARTS]
        elif field.type == PHONE_LIST:
            texts += _phone_forms(element["value"])
        else:
            texts.append(element.get("value", "") if isinstance(element, dict) else element)
    return [text for text in texts if text]


def _index_texts(contact: dict, company: dict | None) -> tuple[str, str]:
    parts = [fold(text) for f in _NAME_FIELDS for text in field_search_texts(f, contact.get(f.name))]
    parts += romanize_name(contact.get(NATIVE_NAME.name) or contact.get(DISPLAY_NAME.name),
                           reading=contact.get(NATIVE_READING.name),
                           country=contact.get(COUNTRY.name))
    if company:
        name, native_name, country = (company.get(c) for c in _COMPANY_COLUMNS)
        parts += [fold(name), fold(native_name)]
        parts += romanize_name(native_name, country=country)
    details = [text for f in _DETAIL_FIELDS for text in field_search_texts(f, contact.get(f.name))]
    detail_text = " ".join(fold(d) for d in details if d)
    names = " ".join(p for p in parts if p)
    names = " ".join([names, *without_arabic_article(names)])  # العمري is found by عمري too
    return space_cjk(names.strip()), space_cjk(detail_text)


def _phone_forms(e164: str) -> list[str]:
    # As digits people type: with the country code, and nationally with and
    # without the trunk 0 ("+49 30 901820" → 4930901820, 30901820, 030901820).
    digits = e164.lstrip("+")
    national = national_number(e164)
    return [digits, national, "0" + national] if national is not None else [digits]


_PHONE_QUERY = re.compile(r"^\s*(\+|00)?[\d\s()./-]{3,}$")
_NON_DIGITS = re.compile(r"\D")


def index_contact(db, contact_id: str) -> None:
    """(Re)write the search entry of one contact; removes it when the contact is deleted."""
    row = db.conn.execute("SELECT rowid, * FROM contacts WHERE id = ?", (contact_id,))
    values = row.fetchone()
    if values is None:
        return
    contact = dict(zip((d[0] for d in row.description), values))
    rowid = contact["rowid"]
    db.conn.execute("DELETE FROM contact_search WHERE rowid = ?", (rowid,))
    if contact["deleted_at"]:
        return
    names, details = _index_texts(contact, read_index_company(db, contact.get(COMPANY_ID.name)))
    db.conn.execute("INSERT INTO contact_search(rowid, names, details) VALUES (?, ?, ?)",
                    (rowid, names, details))


def read_index_company(db, company_id: str | None) -> dict | None:
    """What a contact's search entry takes from its company (name, native name, country), or None."""
    if not company_id:
        return None
    found = db.conn.execute(f"SELECT {', '.join(_COMPANY_COLUMNS)} FROM companies WHERE id = ?",
                            (company_id,)).fetchone()
    return dict(zip(_COMPANY_COLUMNS, found)) if found else None


def add_search_entries(db, entries) -> None:
    """Index new contacts at once: *entries* are (rowid, contact row as stored, its company as
    ``read_index_company`` gives it); the same entries ``index_contact`` writes, without reading back."""
    db.conn.executemany("INSERT INTO contact_search(rowid, names, details) VALUES (?, ?, ?)",
                        [(rowid, *_index_texts(contact, company)) for rowid, contact, company in entries])


def build_match_query(query: str) -> str | None:
    """Turn what the user typed into an FTS5 MATCH expression, or None if nothing to search.

    Each word becomes a prefix term; a run of CJK characters becomes a phrase of
    single-character tokens (the last one a prefix), matching names in order.
    Digits with separators ("030 901820", "5.2") may be a phone number or
    separate numbers (a booth, a date): both readings are searched.
    """
    words = _word_terms(query)
    digits = _NON_DIGITS.sub("", query)
    if _PHONE_QUERY.match(query) and digits:
        if query.strip().startswith("00"):
            digits = digits[2:]
        return f'("{digits}"*) OR ({words})' if words else f'"{digits}"*'
    return words


def _word_terms(query: str) -> str | None:
    terms, exact = [], []
    for word in _words(fold(query)):
        if has_cjk(word):
            # Quoted, FTS5 reads the spaced characters as one phrase: adjacent, in order.
            terms.append('"' + " ".join(space_cjk(word).split()) + '"')
            exact.append(terms[-1])
        else:
            terms.append(f'"{word}"*')
            exact.append(f'"{word}"')
    if not terms:
        return None
    prefixes = " AND ".join(terms)
    if exact == terms:
        return prefixes
    # The OR adds no rows (whole words are prefixes too) but lets bm25 score
    # whole-word hits higher: "zhang wei" puts 张伟 before 张伟娜.
    return f"({prefixes}) OR ({' AND '.join(exact)})"


# Ranking every match costs time in proportion to the matches; past this many
# (one or two typed letters over a large book) we skip it, see below.
RANKED_MATCHES_MAX = 3000


def search_contact_page(db, query: str, limit: int = 500) -> tuple[list[int], int]:
    """Rowids of the best *limit* matches of *query* and how many contacts match.

    Names weigh ten times more than details. When a very short query matches
    thousands of contacts, ranking them all would lag behind the typing, so
    the first *limit* contacts whose *names* match are returned in name order
    instead (the user narrows it with the next letter). Counting them all
    would lag too: the count stops at ``RANKED_MATCHES_MAX + 1``, which
    means "more than ``RANKED_MATCHES_MAX``".
    """
    match = build_match_query(query)
    if match is None:
        return [], 0
    total = db.conn.execute("SELECT count(*) FROM (SELECT 1 FROM contact_search "
                            "WHERE contact_search MATCH ? LIMIT ?)",
                            (match, RANKED_MATCHES_MAX + 1)).fetchone()[0]
    if total <= RANKED_MATCHES_MAX:
        return [r[0] for r in db.conn.execute(
            "SELECT rowid FROM contact_search WHERE contact_search MATCH ? "
            "ORDER BY bm25(contact_search, 10.0, 1.0) LIMIT ?", (match, limit))], total
    names_first = [r[0] for r in db.conn.execute(
        "SELECT rowid FROM contact_search WHERE contact_search MATCH ? LIMIT ?",
        (f"names : ({match})", limit))]
    if len(names_first) < limit:
        seen = set(names_first)
        names_first += [r[0] for r in db.conn.execute(
            "SELECT rowid FROM contact_search WHERE contact_search MATCH ? LIMIT ?",
            (match, limit)) if r[0] not in seen][: limit - len(names_first)]
    marks = ",".join("?" * len(names_first))
    return [r[0] for r in db.conn.execute(
        f"SELECT rowid FROM contacts WHERE rowid IN ({marks}) ORDER BY sort_key", names_first)], total


def search_contact_rowids(db, query: str, limit: int = 500) -> list[int]:
    """Rowids of live contacts matching *query*, best first, at most *limit* (see ``search_contact_page``)."""
    return search_contact_page(db, query, limit)[0]


def search_contacts(db, query: str, limit: int = 50) -> list[dict]:
    """Contacts matching *query* (prefixes, any script, romanization), best first.

    Each result is a contact summary (``core.book.summaries.SUMMARY_COLUMNS``).
    """
    rowids = search_contact_rowids(db, query, limit)
    if not rowids:
        return []
    marks = ",".join("?" * len(rowids))
    found = select_contact_summaries(db, f"c.rowid IN ({marks}) AND c.deleted_at IS NULL", rowids,
                                     key="rowid")
    return [found[rowid] for rowid in rowids if rowid in found]
