"""The demo book's data and records: names, companies, fairs and story text from resources/demo/.

Names, companies, fairs, story text and phone area codes are JSON files in
``resources/demo/`` (each says what its entries are in its ``"about"``);
here they are read once, as tuples all the way down, into the records the
generator draws from. ``Edition``, ``Company`` and ``Person`` are what the
generator has written so far.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from core.paths import resource_path


def _frozen(value: Any) -> Any:
    """JSON lists as tuples, all the way down (the data is shared and never changed)."""
    if isinstance(value, list):
        return tuple(_frozen(item) for item in value)
    if isinstance(value, dict):
        return {key: _frozen(item) for key, item in value.items()}
    return value


def _load(name: str) -> dict[str, Any]:
    with resource_path("demo", name).open(encoding="utf-8") as file:
        return _frozen(json.load(file))


@dataclass(frozen=True)
class Culture:
    """Where people come from: their names, cities, languages and naming customs."""

    country: str
    weight: int
    family: tuple[tuple[str, ...], ...]
    male: tuple[tuple[str, ...], ...]
    female: tuple[tuple[str, ...], ...]
    cities: tuple[tuple[str, str], ...]
    languages: tuple[str, ...]
    family_first: bool = False
    native_join: str = " "
    two_surnames: bool = False


@dataclass(frozen=True)
class CompanyStyle:
    """How companies of a country are named: patterns, industries, web domain, brands."""

    patterns: tuple[tuple[str, str | None, str], ...]
    industries: tuple[tuple[str, ...], ...]
    tld: str
    brands: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Fair:
    """A real trade fair: where, which halls and sectors, when it usually opens."""

    name: str
    city: str
    country: str
    zone: str
    venue: str
    halls: tuple[str, ...]
    sectors: tuple[str, ...]       # empty: every sector
    season: tuple[tuple[int, int, str], ...]   # usual (month, day, edition label) of the opening
    days: int = 4
    cycle: int = 1                 # held every so many years ...
    first_year: int = 2000         # ... counting from this one


_NAMES = _load("names.json")
CULTURES = tuple(Culture(**culture) for culture in _NAMES["cultures"])
CULTURE = {c.country: c for c in CULTURES}
FIRST_CULTURES = _NAMES["first_cultures"]  # even a tiny book shows every script
FIRST_FAMILY = _NAMES["first_family"]
STAFF_MIX = _NAMES["staff_mix"]  # e.g. many people working for companies in the Emirates are from India
RU_PATRONYMICS = _NAMES["ru_patronymics"]
EU = frozenset(_NAMES["eu"])

_COMPANIES = _load("companies.json")
COMPANY_STYLES = {country: CompanyStyle(**style) for country, style in _COMPANIES["company_styles"].items()}
CITY_NATIVE = _COMPANIES["city_native"]
SECTOR_LABELS = _COMPANIES["sector_labels"]
PRODUCTS = _COMPANIES["products"]
MODEL_SECTORS = frozenset(_COMPANIES["model_sectors"])
UNIT_SINGULAR = _COMPANIES["unit_singular"]
JOB_TITLES = _COMPANIES["job_titles"]
SENIOR = _COMPANIES["senior"]
ORGANIZATIONS = _COMPANIES["organizations"]
ANY_ORGANIZATION = _COMPANIES["any_organization"]

_FAIR_DATA = _load("fairs.json")
FAIRS = tuple(Fair(**fair) for fair in _FAIR_DATA["fairs"])
CURRENT_FAIRS = _FAIR_DATA["current_fairs"]
PAST_DAYS = 700      # how far back editions go
AHEAD_DAYS = 120     # how far ahead upcoming editions are listed

_STORIES = _load("stories.json")
FIRST_AT_FAIR = _STORIES["first_at_fair"]
FIRST_ELSEWHERE = _STORIES["first_elsewhere"]
FILLERS = _STORIES["fillers"]
FILLER_KINDS = _STORIES["filler_kinds"]
STAGE_BEATS = _STORIES["stage_beats"]
OUR_PROMISES = _STORIES["our_promises"]
THEIR_PROMISES = _STORIES["their_promises"]
FOLLOW_UP_REASONS = _STORIES["follow_up_reasons"]
AGENDAS = _STORIES["agendas"]
NOTES = _STORIES["notes"]
CULTURE_NOTES = _STORIES["culture_notes"]
MESSENGERS = _STORIES["messengers"]
PORTS = _STORIES["ports"]
REGIONS = _STORIES["regions"]
RIVALS = _STORIES["rivals"]
COUNTRY_NAMES = _STORIES["country_names"]
BOSSES = _STORIES["bosses"]
PAYMENT_TERMS = _STORIES["payment_terms"]
MONTHS = _STORIES["months"]
WEEKDAYS = _STORIES["weekdays"]
CONSENT_AT_FAIR = _STORIES["consent_at_fair"]
CONSENT_ELSEWHERE = _STORIES["consent_elsewhere"]

_PHONES = _load("phones.json")
AREA_CODES = _PHONES["area_codes"]
MOBILE_AREA = _PHONES["mobile_area"]


@functools.lru_cache(maxsize=None)
@functools.cache
def certifications(sector: str, country: str) -> tuple[str, ...]:
    """Certificates a buyer in *country* asks for, for goods of *sector*."""
    if sector == "food":
        certs = ["HACCP", "ISO 22000", "BRCGS", "IFS Food"]
        if country in ("SA", "AE", "TR", "IN"):
            certs.append("Halal")
        if country == "US":
            certs.append("FDA registration")
        return tuple(certs)
    market = {"US": ("UL", "FCC"), "JP": ("PSE",), "KR": ("KC",), "SA": ("SASO",), "CN": ("CCC",),
              "IN": ("BIS",), "RU": ("EAC",), "GB": ("UKCA",)}.get(country, ("CE", "RoHS", "REACH"))
    return ("ISO 9001", "ISO 14001") + market


@dataclass
class Edition:
    """One edition of a fair, as written to the book."""

    id: str | None  # None until written
    fair: Fair
    name: str
    starts: date
    ends: date


@dataclass
class Company:
    """A company written to the book, with what its people's emails and stories need."""

    id: str | None  # None until written
    country: str
    city: str
    zone: str
    sector: str
    product: tuple[str, ...]
    model: str | None
    domain: str
    email_style: int
    room: int
    names: set[str] = field(default_factory=set)
    mailboxes: set[str] = field(default_factory=set)

    @property
    def item(self) -> str:
        """The product as written in promises: with its model code when it has one."""
        noun = self.product[0]
        return f"{noun} (model {self.model})" if self.model else noun


@dataclass
class Person:
    """A contact of the demo book (``id`` once written), with what their history needs."""

    index: int
    id: str | None  # None until written
    given: str
    display: str
    country: str
    culture: str
    city: str
    zone: str
    company: Company
    stage: str
    met_at: datetime
    booth: str | None
    edition: Edition | None
    stage_moves: list[tuple[str, datetime]]
