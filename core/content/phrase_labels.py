"""The phrasebooks' words in the interface language: category titles and language names.

``phrasebooks/catalog.toml`` is data, which babel does not read; its
``[categories]`` titles are repeated here, marked with ``N_``, so that
``make translations`` extracts them (tests/test_phrasebooks.py fails when the
two disagree). Language names come from babel (CLDR) in the reader's
language, the English ``name`` of a phrasebook file only when babel has none.
"""

from __future__ import annotations

from core.book.validation import language_name
from core.i18n import N_, _

CATEGORY_TITLES = {
    "greetings": N_("Greetings and introductions"),
    "business_cards": N_("Exchanging business cards"),
    "small_talk": N_("Small talk"),
    "meetings": N_("Meetings"),
    "negotiation": N_("Negotiation"),
    "products": N_("Products"),
    "prices": N_("Prices"),
    "moq": N_("Minimum order quantity"),
    "lead_times": N_("Lead times"),
    "samples": N_("Samples"),
    "certifications": N_("Certifications"),
    "payment": N_("Payment terms"),
    "delivery": N_("Delivery terms"),
    "dining": N_("Dining and toasts"),
    "courtesy": N_("Courtesy and apologies"),
    "numbers_dates": N_("Numbers, dates and times"),
    "closing": N_("Closing and follow-up"),
    "fair": N_("Getting around the fair"),
    "emergencies": N_("Emergencies"),
}


def category_title(key: str, english: str | None = None, translate=None) -> str:
    """The title of category *key* in the interface language (or with *translate*, e.g. a dossier's).

    A category only a custom catalog has (``FAIRMATE_PHRASEBOOKS``) shows its *english* title.
    """
    title = english if english is not None else CATEGORY_TITLES.get(key, key)
    return (translate or _)(title)


def phrasebook_language_name(book, locale: str = "en") -> str:
    """The name of *book*'s language in *locale*: ``zh-Hans`` in ``de`` → ``Chinesisch (Vereinfacht)``.

    *book* is a ``Phrasebook`` (its English ``name`` is the fallback) or a code.
    """
    code = getattr(book, "code", book)
    name = language_name(code, locale)
    if name == code:
        return getattr(book, "name", code)
    return name


def phrasebook_language_label(book, locale: str = "en") -> str:
    """How a language picker shows *book*: ``العربية — Arabisch``, just ``Deutsch`` in a German interface."""
    name = phrasebook_language_name(book, locale)
    return name if book.native_name.casefold() == name.casefold() else f"{book.native_name} — {name}"


def reader_phrasebook(library, language: str | None) -> str | None:
    """The phrasebook written in the reader's *language* ('de', 'zh_CN'…), whose wording can
    stand in for the English meanings; None for English or a language without a book."""
    code = (language or "en").replace("_", "-")
    base = code.split("-")[0]
    if base == "en":
        return None
    for candidate in (code, base, f"{base}-Hans"):
        if candidate in library.languages:
            return candidate
    return None


def with_reader_meanings(phrases, library, language: str | None) -> list:
    """*phrases* whose meaning (``english``) is the reader's own phrasebook's wording of the same key,
    where the reader's language has a book; the others unchanged."""
    import dataclasses

    reader = reader_phrasebook(library, language)
    if reader is None:
        return list(phrases)
    own = library.languages[reader].phrases
    return [dataclasses.replace(p, english=own[p.key].text) if p.key in own and p.language != reader else p
            for p in phrases]
