"""Checking what an import read, value by value, the way the contact book does.

A value that fails its field's check is kept, unchecked, among the contact's
other fields (``extras``) with a warning: nothing read is dropped. The
country comes from the card's clues (``core.exchange.country_clues``) and
phone numbers are read in it.
"""

from __future__ import annotations

from core.book import validation
from core.book.fields import (ADDRESS_PARTS, ADDRESSES, CITY, COUNTRY, EXTRAS, IMAGE, LANGUAGE_LIST,
                              PHONE_LIST, PHONES, REFERENCE, TEXT, TIME_ZONE_FIELD, ContactField,
                              list_fields)
from core.exchange.country_clues import CountryGuess, infer_country, read_phone
from core.exchange.model import WARNING, ParsedContact, entry_fields
from core.exchange.text import escape, language_code
from core.exchange.zones import resolve_zone
from core.i18n import _

# The parts of an address (vCard ADR order) that say where it is.
ADDRESS_CITY, ADDRESS_REGION = ADDRESS_PARTS[3], ADDRESS_PARTS[4]


def keep_extra(fields: dict, name: str, value: str, params: dict | None = None) -> None:
    """Keep *value* among the contact's other fields, as vCard property *name*."""
    fields.setdefault(EXTRAS.name, []).append(
        {"name": name, "group": None, "params": params or {}, "value": escape(str(value))})


def kept_as(field: ContactField) -> str:
    """The vCard property a field's bad value is kept as (among the extras)."""
    return field.vcard[0] if field.vcard else "X-FAIRMATE-" + field.name.upper().replace("_", "-")


# Scalars checked here by their declaration's normalizer (text needs no check; references
# and photos are resolved, not typed).
_UNCHECKED_TYPES = {TEXT, REFERENCE, IMAGE}


def normalized_field_names() -> frozenset[str]:
    """The fields ``check_fields`` puts through their normalizer: what it returns of them needs no second check."""
    return frozenset([f.name for f in list_fields(is_list=False) if f.type not in _UNCHECKED_TYPES]
                     + [f.name for f in entry_fields()] + [f.name for f in list_fields(type=LANGUAGE_LIST)])


def check_fields(parsed: ParsedContact, home_country: str | None) -> tuple[dict, CountryGuess]:
    """The parsed fields with every value checked; a bad value moves to the extras with a warning.

    The country comes from the card's clues (``core.exchange.country_clues``) when it states
    none, and phone numbers are read in it; also returned, to say in the preview what decided.
    """
    fields = dict(parsed.fields)
    fields[EXTRAS.name] = list(fields.get(EXTRAS.name) or [])
    lines = parsed.references.get("_lines", {})

    def warn(name: str, message: str, line: int | None = None) -> None:
        parsed.problem(name, _("{problem}; kept unchecked among the other fields").format(
            problem=message), WARNING, line or lines.get(name))

    guess = infer_country(parsed.fields, parsed.company)
    if guess.code and not parsed.exact and (not fields.get(COUNTRY.name) or guess.clue == "stated"):
        fields[COUNTRY.name] = guess.code  # also a stated name ("United States of America")
    if not parsed.exact:
        _place_zone(fields, guess.code)
    for field in list_fields(is_list=False):
        if field.type in _UNCHECKED_TYPES or field.name not in fields:
            continue
        value = fields.pop(field.name)
        if value in (None, ""):
            continue
        try:
            fields[field.name] = field.normalize(value, field.name, home_country)
        except validation.ValidationError as exc:
            warn(field.name, exc.message)
            keep_extra(fields, kept_as(field), value)
    region = fields.get(COUNTRY.name)
    for field in entry_fields():
        good = []
        for entry in fields.get(field.name) or []:
            if field.type == PHONE_LIST and not str(entry.get("value", "")).lstrip().startswith("+"):
                entry = _read_phone(parsed, fields, entry, region, home_country)
                if entry is None:
                    continue
            try:
                good += field.normalize([entry], field.name, region or home_country)
            except validation.ValidationError as exc:
                warn(field.name, exc.message, entry.get("_line"))
                keep_extra(fields, kept_as(field), entry["value"],
                      {"TYPE": [entry["label"]]} if entry.get("label") else None)
        fields[field.name] = good
    for field in list_fields(type=LANGUAGE_LIST):
        if field.name not in fields:
            continue
        codes = []
        for language in fields[field.name] or []:
            try:
                codes.append(language_code(language))
            except validation.ValidationError as exc:
                warn(field.name, exc.message)
                keep_extra(fields, kept_as(field), language)
        fields[field.name] = list(dict.fromkeys(codes))
    return fields, guess


def _place_zone(fields: dict, country: str | None) -> None:
    """The card's own zone (an offset made a zone of its country), else its city's or region's."""
    places = [a for a in fields.get(ADDRESSES.name) or [] if a.get(ADDRESS_CITY) or a.get(ADDRESS_REGION)]
    region = places[0].get(ADDRESS_REGION, "") if places else ""
    city = fields.get(CITY.name) or (places[0].get(ADDRESS_CITY, "") if places else "")
    zone, _how = resolve_zone(fields.get(TIME_ZONE_FIELD.name), country, region, city)
    if zone:
        fields[TIME_ZONE_FIELD.name] = zone


def _read_phone(parsed: ParsedContact, fields: dict, entry: dict, region: str | None,
                home: str | None) -> dict | None:
    """A phone entry read in the card's country; None (kept as typed, with a warning) when no
    clue says which country a number without + is in. A reading that is a choice is said."""
    raw, line = entry["value"], entry.get("_line")
    reading = read_phone(raw, region, home)
    if reading.how == "ambiguous":
        parsed.problem(PHONES.name, _(
            "{value!r} has no country code and nothing on the card says which country it is in; "
            "kept as typed among the other fields").format(value=raw), WARNING, line)
        keep_extra(fields, kept_as(PHONES), raw, {"TYPE": [entry["label"]]} if entry.get("label") else None)
        return None
    if reading.how == "without_plus":
        parsed.problem(PHONES.name, _("{value!r} read as {number}: a country code written without +")
                       .format(value=raw, number=validation.format_phone(reading.value)), WARNING, line)
    elif reading.how == "home":
        parsed.problem(PHONES.name, _(
            "{value!r} read as a number of {country}, your home country: nothing else on the card "
            "says where it is").format(value=raw, country=validation.country_name(reading.region)),
            WARNING, line)
    return {**entry, "value": reading.value} if reading.value else entry
