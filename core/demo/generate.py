"""Sample data for trying Fairmate and for screenshots: an international contact book.

``generate_demo_data`` fills a database with people from two dozen countries,
named in their own script with the usual romanization, the companies they
work for, the trade fairs where they were met and, for a subset, a believable
history of meetings, calls, promises and follow-ups. Every write goes through
the repository functions, so the change log and the search index are exactly
as if a user had typed it all. The same seed and ``now`` always give the same
book (only ids and clock stamps differ).
"""

from __future__ import annotations

import functools
import heapq
import itertools
import json
import random
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Callable
from zoneinfo import ZoneInfo

import phonenumbers
from unidecode import unidecode

from core.book.activity import (add_commitment, change_stage, complete_commitment, complete_follow_up,
                                log_interaction, schedule_follow_up)
from core.book.contacts import add_company, add_contact
from core.book.events import add_event, add_meeting
from core.book.settings import HOME_TIME_ZONE, get_setting
from core.paths import resource_path
from core.store.db import write_transaction


# Data ---------------------------------------------------------------------------
# Names, companies, fairs, story text and phone area codes are JSON files in
# resources/demo/ (each says what its entries are in its "about").

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


def _variant(text: str, female: bool) -> str:
    """The female form of a gendered name (``"Иванов|Иванова"``); most names have one form."""
    forms = text.split("|")
    return forms[-1] if female else forms[0]


@dataclass(frozen=True)
class _Culture:
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
class _CompanyStyle:
    patterns: tuple[tuple[str, str | None, str], ...]
    industries: tuple[tuple[str, ...], ...]
    tld: str
    brands: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class _Fair:
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
_CULTURES = tuple(_Culture(**culture) for culture in _NAMES["cultures"])
_CULTURE = {c.country: c for c in _CULTURES}
_FIRST_CULTURES = _NAMES["first_cultures"]  # even a tiny book shows every script
_FIRST_FAMILY = _NAMES["first_family"]
_STAFF_MIX = _NAMES["staff_mix"]  # e.g. many people working for companies in the Emirates are from India
_RU_PATRONYMICS = _NAMES["ru_patronymics"]
_EU = frozenset(_NAMES["eu"])

_COMPANIES = _load("companies.json")
_COMPANY_STYLES = {country: _CompanyStyle(**style) for country, style in _COMPANIES["company_styles"].items()}
_CITY_NATIVE = _COMPANIES["city_native"]
_SECTOR_LABELS = _COMPANIES["sector_labels"]
_PRODUCTS = _COMPANIES["products"]
_MODEL_SECTORS = frozenset(_COMPANIES["model_sectors"])
_UNIT_SINGULAR = _COMPANIES["unit_singular"]
_JOB_TITLES = _COMPANIES["job_titles"]
_SENIOR = _COMPANIES["senior"]
_ORGANIZATIONS = _COMPANIES["organizations"]
_ANY_ORGANIZATION = _COMPANIES["any_organization"]

_FAIR_DATA = _load("fairs.json")
_FAIRS = tuple(_Fair(**fair) for fair in _FAIR_DATA["fairs"])
_CURRENT_FAIRS = _FAIR_DATA["current_fairs"]
_PAST_DAYS = 700      # how far back editions go
_AHEAD_DAYS = 120     # how far ahead upcoming editions are listed

_STORIES = _load("stories.json")
_FIRST_AT_FAIR = _STORIES["first_at_fair"]
_FIRST_ELSEWHERE = _STORIES["first_elsewhere"]
_FILLERS = _STORIES["fillers"]
_FILLER_KINDS = _STORIES["filler_kinds"]
_STAGE_BEATS = _STORIES["stage_beats"]
_OUR_PROMISES = _STORIES["our_promises"]
_THEIR_PROMISES = _STORIES["their_promises"]
_FOLLOW_UP_REASONS = _STORIES["follow_up_reasons"]
_AGENDAS = _STORIES["agendas"]
_NOTES = _STORIES["notes"]
_CULTURE_NOTES = _STORIES["culture_notes"]
_MESSENGERS = _STORIES["messengers"]
_PORTS = _STORIES["ports"]
_REGIONS = _STORIES["regions"]
_RIVALS = _STORIES["rivals"]
_COUNTRY_NAMES = _STORIES["country_names"]
_BOSSES = _STORIES["bosses"]
_PAYMENT_TERMS = _STORIES["payment_terms"]
_MONTHS = _STORIES["months"]
_WEEKDAYS = _STORIES["weekdays"]
_CONSENT_AT_FAIR = _STORIES["consent_at_fair"]
_CONSENT_ELSEWHERE = _STORIES["consent_elsewhere"]

_PHONES = _load("phones.json")
_AREA_CODES = _PHONES["area_codes"]
_MOBILE_AREA = _PHONES["mobile_area"]


@functools.lru_cache(maxsize=None)
def _certifications(sector: str, country: str) -> tuple[str, ...]:
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


# Helpers ----------------------------------------------------------------------------

_GERMAN_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue",
                              "ß": "ss"})


def _ascii_words(text: str, country: str) -> list[str]:
    """Lower-case ASCII words of *text* for addresses (Müller → mueller in German-speaking places)."""
    if country in ("DE", "AT", "CH"):
        text = text.translate(_GERMAN_FOLD)
    return re.findall(r"[a-z0-9]+", unidecode(text).lower().replace("-", "").replace("'", ""))


_PHONE_TYPES = {"mobile": (phonenumbers.PhoneNumberType.MOBILE,),
                "work": (phonenumbers.PhoneNumberType.FIXED_LINE,)}
_EITHER = phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE


@functools.lru_cache(maxsize=None)
def _phone_stems(region: str, kind: str, area: str = "") -> tuple[str, tuple[str, ...]]:
    """The country code and valid national-number stems (all but the last four digits).

    Stems start with *area* when given (falling back to any area when none
    is valid there), else with the first two digits of the library's example.
    """
    example = phonenumbers.example_number_for_type(region, _PHONE_TYPES[kind][0])
    national = phonenumbers.national_significant_number(example)
    code = f"+{example.country_code}"
    wanted = _PHONE_TYPES[kind] + (_EITHER,)

    def valid(stem: str) -> bool:
        # Numbering plans fix the leading digits and the length; checking a
        # stem with low, middle and high endings makes any ending safe to use.
        for ending in ("0000", "4821", "9999"):
            number = phonenumbers.parse(code + stem + ending)
            if not (phonenumbers.is_valid_number_for_region(number, region)
                    and phonenumbers.number_type(number) in wanted):
                return False
        return True

    lead = area or national[:2]
    stems = {national[:-4]} if not area and valid(national[:-4]) else set()
    # A fixed generator, not the caller's: the stems are a property of the numbering plan.
    rng = random.Random(f"{region}:{kind}:{area}")
    for length in (len(national), len(national) + 1, len(national) - 1, len(national) + 2):
        free = length - 4 - len(lead)
        for _ in range(200 if free > 0 else 0):
            if len(stems) >= 16:
                break
            stem = lead + "".join(rng.choice("0123456789") for _ in range(free))
            if valid(stem):
                stems.add(stem)
    if not stems:
        if area:
            return _phone_stems(region, kind)
        raise LookupError(f"no phone numbers found for {region} ({kind})")
    return code, tuple(sorted(stems))


def _make_phone(rng: random.Random, region: str, kind: str, city: str) -> str:
    """A random phone number valid in *region* (see ``_phone_stems``), as E.164."""
    area = ""
    if kind == "work":
        area = _AREA_CODES.get(city, "")
    elif region in _MOBILE_AREA:
        area = _AREA_CODES.get(city, "") + _MOBILE_AREA[region]
    code, stems = _phone_stems(region, kind, area)
    return code + rng.choice(stems) + f"{rng.randrange(10000):04d}"


def _weighted(pairs):
    """Split (value, weight) pairs into values and cumulative weights for ``rng.choices``."""
    values, total, cumulative = [], 0, []
    for value, weight in pairs:
        total += weight
        values.append(value)
        cumulative.append(total)
    return values, cumulative


def _days_apart(day: date, month_day: tuple[int, int]) -> int:
    """Days between *day* and the nearest (month, day) anniversary, either way."""
    years = (day.year - 1, day.year, day.year + 1)
    return min(abs((date(year, *month_day) - day).days) for year in years)


def _at(day: date, hour: float, zone: str) -> datetime:
    """*day* at *hour* (9.5 is 09:30) in *zone*, as an aware datetime."""
    minutes = round(hour * 60)
    return datetime.combine(day, time(minutes // 60, minutes % 60), ZoneInfo(zone))


# The book ---------------------------------------------------------------------------

@dataclass
class _Edition:
    id: str
    fair: _Fair
    name: str
    starts: date
    ends: date


@dataclass
class _Company:
    id: str
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
class _Person:
    index: int
    id: str
    given: str
    display: str
    country: str
    culture: str
    city: str
    zone: str
    company: _Company
    stage: str
    met_at: datetime
    booth: str | None
    edition: _Edition | None
    stage_moves: list[tuple[str, datetime]]


_STAGE_PATHS = {"met": (), "rapport": ("rapport",), "trial_order": ("rapport", "trial_order"),
                "partner": ("rapport", "trial_order", "partner"), "dormant": ("rapport", "dormant"),
                "lost": ("rapport", "lost")}
# Share of each stage by how long ago the contact was met (days): most people stay met or rapport.
_STAGES_BY_AGE = (
    (3, (("met", 85), ("rapport", 15))),
    (30, (("met", 60), ("rapport", 35), ("lost", 5))),
    (120, (("met", 42), ("rapport", 35), ("trial_order", 10), ("dormant", 5), ("lost", 8))),
    (None, (("met", 32), ("rapport", 30), ("trial_order", 14), ("partner", 9), ("dormant", 10),
            ("lost", 5))),
)
# How likely a contact of each stage is to get a detailed history.
_DETAIL_WEIGHT = {"met": 0.6, "rapport": 1.0, "trial_order": 2.5, "partner": 4.0, "dormant": 1.0,
                  "lost": 0.8}
_DETAIL_SHARE = 0.15
_DETAIL_CAP = 5000
_BATCH = 1000


class _BookWriter:
    """Writes one demo book; keeps the generator, counters and what it has written so far."""

    def __init__(self, db, rng: random.Random, now: datetime, progress) -> None:
        self.db = db
        self.rng = rng
        self.now = now
        self.today = now.date()
        self.progress = progress
        self.reported = -1
        self.counts = dict.fromkeys(("contacts", "companies", "events", "meetings", "interactions",
                                     "commitments", "follow_ups", "stage_changes"), 0)
        self.people: list[_Person] = []
        self.by_country: dict[str, list[_Person]] = {}
        self.open_company: dict[str, _Company] = {}
        self.company_names: set[str] = set()
        self.domains: set[str] = set()
        self.editions: list[_Edition] = []
        self.past_editions: list[_Edition] = []
        self.editions_by_sector: dict[str, list[_Edition]] = {}
        self.current: _Edition | None = None
        self.upcoming: _Edition | None = None
        self.cultures, self.culture_weights = _weighted((c.country, c.weight) for c in _CULTURES)
        self.titles, self.title_weights = _weighted(_JOB_TITLES)

    # Events ------------------------------------------------------------------------

    def add_events(self) -> None:
        """Editions of every fair over the last two years and the next months, one of them on now."""
        current = self.pick_current_fair()
        for fair in _FAIRS:
            local_today = self.now.astimezone(ZoneInfo(fair.zone)).date()
            if fair is current:
                # On right now, opened a day or two ago, so people were met here before today.
                starts = local_today - timedelta(days=self.rng.randint(1, 2))
                label = min(fair.season, key=lambda s: _days_apart(local_today, s[:2]))[2]
                self.current = self.add_edition(fair, starts, label, max(fair.days, 5))
            for year in range(local_today.year - 2, local_today.year + 2):
                if (year - fair.first_year) % fair.cycle:
                    continue
                for month, day, label in fair.season:
                    starts = date(year, month, day)
                    if not -_PAST_DAYS <= (starts - local_today).days <= _AHEAD_DAYS:
                        continue
                    if fair is current and abs((starts - self.current.starts).days) < 180:
                        continue   # this season's edition is the one on now
                    self.add_edition(fair, starts, label, fair.days)
        self.editions.sort(key=lambda e: e.starts)
        self.past_editions = [e for e in self.editions if e.starts < self.today or e is self.current]
        # The next fair the user can travel to once this one is over.
        later = [e for e in self.editions if e.starts > self.current.ends + timedelta(days=2)]
        self.upcoming = later[0] if later else self.current

    def pick_current_fair(self) -> _Fair:
        """One of the two big fairs whose usual season is nearest to today."""
        big = [f for f in _FAIRS if f.name in _CURRENT_FAIRS]
        nearest = sorted(big, key=lambda f: min(_days_apart(self.today, s[:2]) for s in f.season))
        return self.rng.choice(nearest[:2])

    def add_edition(self, fair: _Fair, starts: date, label: str, days: int) -> _Edition:
        name = " ".join(part for part in (fair.name, label, str(starts.year)) if part)
        ends = starts + timedelta(days=days - 1)
        event_id = add_event(self.db, name=name, city=fair.city, country=fair.country, venue=fair.venue,
                             time_zone=fair.zone, starts_on=starts.isoformat(), ends_on=ends.isoformat())
        edition = _Edition(event_id, fair, name, starts, ends)
        self.editions.append(edition)
        self.counts["events"] += 1
        return edition

    def pick_edition(self, sector: str) -> _Edition | None:
        """A fair that has begun and suits *sector*."""
        if sector not in self.editions_by_sector:
            self.editions_by_sector[sector] = [e for e in self.past_editions
                                               if not e.fair.sectors or sector in e.fair.sectors]
        editions = self.editions_by_sector[sector]
        return self.rng.choice(editions) if editions else None

    # Companies ---------------------------------------------------------------------

    def pick_company(self, country: str) -> _Company:
        """The company being filled for *country*, or a new one when it is full."""
        company = self.open_company.get(country)
        if company is None or company.room <= 0:
            company = self.add_company(country)
            self.open_company[country] = company
        company.room -= 1
        return company

    def add_company(self, country: str) -> _Company:
        """A new company in *country*: local name and legal form, product line, web domain."""
        rng = self.rng
        culture, style = _CULTURE[country], _COMPANY_STYLES[country]
        city, zone = rng.choice(culture.cities)
        for _attempt in range(8):
            pattern, native_pattern, domain_pattern = rng.choice(style.patterns)
            industry = rng.choice(style.industries)
            brand = rng.choice(style.brands) if style.brands else ("",)
            family, family2 = rng.sample(culture.family, 2)
            parts = {"city": city, "city_n": _CITY_NATIVE.get(city, city),
                     "brand": brand[-1], "brand_n": brand[0],
                     "family": _variant(family[-1], False), "family_n": _variant(family[0], False),
                     "family2": _variant(family2[-1], False),
                     "ind": industry[1], "ind_n": industry[-1]}
            name = pattern.format(**parts)
            name = name[0].upper() + name[1:]   # "de Vries Techniek" starts a sentence
            if name.casefold() not in self.company_names:
                break
        self.company_names.add(name.casefold())
        native = native_pattern.format(**parts) if native_pattern else None
        sector = industry[0]
        product_sector = rng.choice(list(_PRODUCTS)) if sector == "trading" or sector not in _PRODUCTS \
            else sector
        product = rng.choice(_PRODUCTS[product_sector])
        model = None
        if product_sector in _MODEL_SECTORS:
            letters = "".join(rng.choice("ABCDEFGHKLMNPRSTVX") for _ in range(2))
            model = f"{letters}-{rng.randrange(10, 99) * 10}"
        domain = self.claim_domain(_ascii_words(domain_pattern.format(**parts), country), city,
                                   country, style.tld)
        company_id = add_company(self.db, name=name, native_name=native, country=country, city=city,
                                 website=f"https://www.{domain}", industry=_SECTOR_LABELS[sector])
        self.counts["companies"] += 1
        room = rng.choices((1, 2, 3, 4, 5, 6), (22, 22, 20, 15, 11, 10))[0]
        return _Company(company_id, country, city, zone, product_sector, product, model, domain,
                        rng.randrange(3), room)

    def claim_domain(self, words: list[str], city: str, country: str, tld: str) -> str:
        """A web domain no other demo company uses: the name's words, then the city, then a number."""
        base = "-".join(words[:2]) or "company"
        candidates = itertools.chain((base, f"{base}-{''.join(_ascii_words(city, country))}"),
                                     (f"{base}{n}" for n in itertools.count(2)))
        for candidate in candidates:
            domain = f"{candidate}.{tld}"
            if domain not in self.domains:
                self.domains.add(domain)
                return domain
        raise AssertionError("unreachable")

    # People --------------------------------------------------------------------------

    def add_people(self, count: int, total: int) -> None:
        for start in range(0, count, _BATCH):
            with write_transaction(self.db):
                for index in range(start, min(count, start + _BATCH)):
                    self.add_person(index)
            self.report_progress(min(count, start + _BATCH), total)

    def add_person(self, index: int) -> None:
        """One contact with a full profile, and the stage moves that brought them where they are."""
        rng = self.rng
        if index < len(_FIRST_CULTURES):
            country = _FIRST_CULTURES[index]
        else:
            country = rng.choices(self.cultures, cum_weights=self.culture_weights)[0]
        company = self.pick_company(country)
        culture = _CULTURE[country]
        if country in _STAFF_MIX:
            names, weights = zip(*_STAFF_MIX[country])
            culture = _CULTURE[rng.choices(names, weights)[0]]
        female = rng.random() < 0.4
        forced = _FIRST_FAMILY.get(country) if index < len(_FIRST_CULTURES) else None
        for _attempt in range(5):
            name = self.make_name(culture, female, forced)
            if name["display_name"] not in company.names:
                break
        company.names.add(name["display_name"])
        title = rng.choices(self.titles, cum_weights=self.title_weights)[0]

        edition = self.pick_edition(company.sector) if rng.random() < 0.8 else None
        met_at, booth = self.pick_first_meeting(edition, company)
        stage = self.pick_stage(met_at)
        introducer = None
        fields = dict(name)
        same_country = self.by_country.get(country)
        roll = rng.random()
        if same_country and roll < 0.12:
            introducer = rng.choice(same_country)
            fields["introduced_by_contact_id"] = introducer.id
        elif roll < 0.18:
            fields["introduced_by_org"] = rng.choice(_ORGANIZATIONS.get(country, _ANY_ORGANIZATION))
        fields.update(
            form_of_address=self.form_of_address(culture.country, name, female, title),
            job_title=title, company_id=company.id, country=country, city=company.city,
            time_zone=company.zone, languages=self.pick_languages(culture),
            phones=self.make_phones(country, company.city),
            emails=self.make_emails(name, culture, company),
            tags=self.make_tags(company, title, stage, edition),
            notes=self.make_notes(culture.country, company, edition, introducer),
        )
        # The day and time as they were where the meeting took place.
        met_local = met_at.astimezone(ZoneInfo(edition.fair.zone if edition else company.zone))
        fields["met_on"] = met_local.date().isoformat()
        if edition:
            fields.update(met_event_id=edition.id, met_booth=booth)
        if rng.random() < (0.75 if country in _EU else 0.35):
            fields["consent_given_at"] = met_local.isoformat()
            fields["consent_method"] = rng.choice(_CONSENT_AT_FAIR if edition else _CONSENT_ELSEWHERE)
            if rng.random() < 0.3:
                fields["consent_note"] = "Agreed to receive product news by email."
        contact_id = add_contact(self.db, **fields)
        self.counts["contacts"] += 1
        moves = self.plan_stages(stage, met_at)
        for next_stage, when in moves:
            change_stage(self.db, contact_id, next_stage, when=when)
            self.counts["stage_changes"] += 1
        person = _Person(index, contact_id, name["given_name"], name["display_name"], country,
                         culture.country, company.city, company.zone, company, stage, met_at, booth,
                         edition, moves)
        self.people.append(person)
        self.by_country.setdefault(country, []).append(person)

    def make_name(self, culture: _Culture, female: bool, forced_family: str | None) -> dict:
        """Name fields: Latin parts and display name, plus native script and reading where used."""
        rng = self.rng
        if forced_family:
            family = next(f for f in culture.family if f[0] == forced_family)
        else:
            family = rng.choice(culture.family)
        given = rng.choice(culture.female if female else culture.male)
        latin_family = _variant(family[-1], female)
        if culture.two_surnames:
            latin_family += " " + _variant(rng.choice(culture.family)[-1], female)
        latin_given = given[-1]
        if culture.family_first:
            display = f"{latin_family} {latin_given}"
        else:
            display = f"{latin_given} {latin_family}"
        name = {"given_name": latin_given, "family_name": latin_family, "display_name": display}
        if len(family) > 1:
            native_family = _variant(family[0], female)
            if culture.family_first:
                name["native_name"] = native_family + culture.native_join + given[0]
            else:
                name["native_name"] = f"{given[0]} {native_family}"
            name["romanized_name"] = display
            if len(family) == 3:
                name["native_reading"] = f"{family[1]} {given[1]}"
        return name

    def form_of_address(self, culture: str, name: dict, female: bool, title: str) -> str:
        """How to address the person, by the custom of their culture."""
        rng = self.rng
        given, family = name["given_name"], name["family_name"]
        first = given.split()[0]
        mr_ms = "Ms." if female else "Mr."
        match culture:
            case "JP":
                return f"{family}-san"
            case "KR":
                if any(word in title for word in ("CEO", "Owner", "Founder", "Managing Director")):
                    return f"President {family}"
                if any(word in title for word in ("Director", "Head", "Vice President", "General")):
                    return f"Director {family}"
                return f"Manager {family}" if "Manager" in title else f"{mr_ms} {family}"
            case "CN" | "TW" | "IN":
                return f"{mr_ms} {family}"
            case "SA" | "AE":
                return f"{mr_ms} {first}"
            case "TH":
                return f"Khun {first}"
            case "RU":
                patronymic = _variant(rng.choice(_RU_PATRONYMICS)[-1], female)
                return f"{given} {patronymic}"
            case "DE":
                doctor = "Dr. " if rng.random() < 0.15 else ""
                return f"{'Frau' if female else 'Herr'} {doctor}{family}"
            case "FR":
                return f"{'Madame' if female else 'Monsieur'} {family}"
            case "PL":
                return f"{'Pani' if female else 'Pan'} {first}"
            case "ES":
                return f"{'Sra.' if female else 'Sr.'} {family.split()[0]}"
            case "BR":
                return f"{'Sra.' if female else 'Sr.'} {first}"
            case "TR":
                return f"{first} {'Hanım' if female else 'Bey'}"
            case "CZ":
                engineer = "Ing. " if rng.random() < 0.3 else ""
                return f"{'paní' if female else 'pan'} {engineer}{family}"
            case "VN":
                return f"{mr_ms} {given.split()[-1]}"
            case "IT":
                titles = ("Sig.ra", "Dott.ssa", "Ing.") if female else ("Sig.", "Dott.", "Ing.")
                return f"{rng.choices(titles, (5, 3, 2))[0]} {family}"
            case "NL":
                return f"{'Mevrouw' if female else 'Meneer'} {family}"
            case "GB":
                return f"{'Ms' if female else 'Mr'} {family}"
        return first   # Israel, Sweden, the US: first names from the start

    def pick_languages(self, culture: _Culture) -> list[str]:
        languages = list(culture.languages[:2])
        if len(culture.languages) > 2 and self.rng.random() < 0.35:
            languages.append(culture.languages[2])
        if len(languages) > 1 and self.rng.random() < 0.12:
            languages.remove("en")
        return languages

    def make_phones(self, country: str, city: str) -> list[dict]:
        phones = [{"value": _make_phone(self.rng, country, "mobile", city), "label": "mobile"}]
        if self.rng.random() < 0.6:
            phones.append({"value": _make_phone(self.rng, country, "work", city), "label": "work"})
        return phones

    def make_emails(self, name: dict, culture: _Culture, company: _Company) -> list[dict]:
        """A work address in the company's style, and for some Chinese contacts a private one."""
        rng = self.rng
        given_words = _ascii_words(name["given_name"], company.country)
        family_words = _ascii_words(name["family_name"], company.country)
        # Vietnamese go by the last part of the given name ("Văn An" is An),
        # Spaniards by their first surname.
        given = given_words[-1] if culture.country == "VN" else given_words[0]
        family = family_words[0] if culture.country == "ES" else "".join(family_words)
        # Companies pick one style; family name first is common in East Asia only.
        styles = [f"{given}.{family}", f"{given[0]}.{family}",
                  f"{family}.{given}" if culture.family_first else given]
        candidates = itertools.chain((styles[company.email_style], styles[0]),
                                     (f"{given}.{family}{n}" for n in itertools.count(2)))
        local = next(c for c in candidates if c not in company.mailboxes)
        company.mailboxes.add(local)
        emails = [{"value": f"{local}@{company.domain}", "label": "work"}]
        if culture.country == "CN" and rng.random() < 0.15:
            private = rng.choice((f"{family}{given}{rng.randint(70, 99)}@163.com",
                                  f"{rng.randint(10_000_000, 999_999_999)}@qq.com"))
            emails.append({"value": private, "label": "personal"})
        return emails

    def make_tags(self, company: _Company, title: str, stage: str, edition: _Edition | None) -> list[str]:
        rng = self.rng
        tags = [rng.choice(("distributor", "importer", "wholesaler", "OEM", "retail chain",
                            "system integrator"))]
        if any(word in title for word in _SENIOR):
            tags.append("decision maker")
        if stage in ("rapport", "trial_order") and rng.random() < 0.25:
            tags.append("hot lead")
        if stage == "partner" and rng.random() < 0.5:
            tags.append("VIP")
        if rng.random() < 0.15:
            tags.append(rng.choice(("price-sensitive", "needs samples", "quality-driven")))
        if edition:
            tags.append(edition.name)
        return tags

    def make_notes(self, culture: str, company: _Company, edition: _Edition | None,
                   introducer: _Person | None) -> str:
        rng = self.rng
        words = self.draw_note_words(company, culture)
        sentences = []
        if introducer:
            sentences.append(f"Introduced by {introducer.display}.")
        if edition:
            sentences.append(f"Met at {edition.name}; interested in {company.product[0]}.")
        if culture in _CULTURE_NOTES and rng.random() < 0.3:
            sentences.append(_CULTURE_NOTES[culture].format(**words))
        sentences.append(rng.choice(_NOTES).format(**words))
        return " ".join(sentences)

    def pick_first_meeting(self, edition: _Edition | None,
                           company: _Company) -> tuple[datetime, str | None]:
        """When (aware, never after now) and at which booth the person was first met."""
        rng = self.rng
        latest = self.now - timedelta(minutes=10)
        if edition is None:
            day = self.today - timedelta(days=rng.randint(3, 700))
            return min(_at(day, rng.uniform(9, 17), company.zone), latest), None
        local_today = self.now.astimezone(ZoneInfo(edition.fair.zone)).date()
        last_day = min(edition.ends, local_today)
        day = edition.starts + timedelta(days=rng.randint(0, (last_day - edition.starts).days))
        met_at = min(_at(day, rng.uniform(9.5, 17.5), edition.fair.zone), latest)
        booth = f"{rng.choice(edition.fair.halls)}, {rng.choice('ABCDEFGH')}{rng.randint(1, 60):02d}"
        return met_at, booth

    def pick_stage(self, met_at: datetime) -> str:
        """A relationship stage that fits how long ago the person was met."""
        age = (self.now - met_at).days
        for limit, shares in _STAGES_BY_AGE:
            if limit is None or age < limit:
                stages, weights = zip(*shares)
                return self.rng.choices(stages, weights)[0]
        raise AssertionError("unreachable")

    def plan_stages(self, stage: str, met_at: datetime) -> list[tuple[str, datetime]]:
        """The stage moves that lead to *stage*, at increasing times between meeting and now."""
        path = _STAGE_PATHS[stage]
        span = self.now - met_at
        points = sorted(self.rng.uniform(0.15, 0.95) for _ in path)
        return [(s, (met_at + span * p).replace(microsecond=0)) for s, p in zip(path, points)]

    # Stories --------------------------------------------------------------------------

    def draw_note_words(self, company: _Company, culture: str) -> dict:
        """The few values the profile notes use (drawn for every contact, so kept small)."""
        rng = self.rng
        country = company.country
        return {
            "noun": company.product[0], "city": company.city, "boss": rng.choice(_BOSSES),
            "rival": rng.choice([r for r in _RIVALS if r != _COUNTRY_NAMES.get(country)]),
            "cert": rng.choice(_certifications(company.sector, country)),
            "channel": _MESSENGERS.get(culture, rng.choice(("WhatsApp", "email", "Microsoft Teams"))),
            "region": _REGIONS.get(country, "their market"),
        }

    def draw_story_words(self, company: _Company, culture: str) -> dict:
        """Values for the history templates, drawn fresh for each use."""
        rng = self.rng
        _noun, unit, low, high, moq_low, moq_high = company.product
        low, high, moq_low, moq_high = float(low), float(high), int(moq_low), int(moq_high)
        price = rng.uniform(low, high)
        moq = int(rng.uniform(moq_low, moq_high)) // 10 * 10 or moq_low
        country = company.country
        port = _PORTS.get(country)
        incoterms = [f"DAP {company.city}", f"DDP {company.city}", "EXW"]
        if port:
            incoterms += [f"CIF {port}", f"CFR {port}"]
        decimals = 2 if high < 100 else 0
        return {
            **self.draw_note_words(company, culture), "item": company.item,
            "unit": unit, "unit_one": _UNIT_SINGULAR.get(unit, unit),
            "moq": f"{moq:,}", "qty": f"{moq * rng.randint(4, 20):,}", "qty_small": f"{moq:,}",
            "lead": rng.choice((3, 4, 5, 6, 8)), "lead_long": rng.choice((10, 12, 14)),
            "currency": "EUR" if country in _EU else "USD",
            "price": f"{price:,.{decimals}f}",
            "target": f"{price * rng.uniform(0.82, 0.94):,.{decimals}f}",
            "incoterm": rng.choice(incoterms), "payment": rng.choice(_PAYMENT_TERMS[:3]),
            "payment_alt": rng.choice(_PAYMENT_TERMS[3:]), "pct": rng.choice((5, 8, 10, 12, 15)),
            "month": _MONTHS[(self.today.month + rng.randint(0, 3)) % 12],
        }

    def add_histories(self, size: int, total: int) -> list[_Person]:
        """Give *size* people (the first ones among them) meetings, calls, promises and follow-ups."""
        rng = self.rng
        count = len(self.people)
        first = self.people[:len(_FIRST_CULTURES)]
        rest = self.people[len(first):]
        picked = heapq.nlargest(max(0, size - len(first)), rest,
                                key=lambda p: rng.random() * _DETAIL_WEIGHT[p.stage])
        chosen = first + sorted(picked, key=lambda p: p.index)
        for start in range(0, len(chosen), _BATCH):
            with write_transaction(self.db):
                for person in chosen[start:start + _BATCH]:
                    self.add_history(person)
            self.report_progress(count + min(len(chosen), start + _BATCH), total)
        return chosen

    def add_history(self, person: _Person) -> None:
        """The first meeting, what followed (in step with the stage moves), promises, follow-ups."""
        rng = self.rng
        words = dict(self.draw_story_words(person.company, person.culture), given=person.given)
        if person.edition:
            words.update(booth=person.booth, event=person.edition.name)
            summary = rng.choice(_FIRST_AT_FAIR)
            place = f"{person.edition.name}, {person.booth}"
        else:
            summary, place = rng.choice(_FIRST_ELSEWHERE), None
        self.add_interaction(person, "meeting", summary, words, person.met_at, place)

        beats = []
        for stage, when in person.stage_moves:
            kind, text = rng.choice(_STAGE_BEATS[stage])
            beats.append((when, kind, text))
        # Quiet contacts went quiet months ago; the others have news from recent weeks.
        last = max([person.met_at] + [b[0] for b in beats])
        end = last if person.stage in ("dormant", "lost") else self.now - timedelta(hours=2)
        fillers = {"met": 1, "rapport": 2, "trial_order": 3, "partner": 4, "dormant": 1, "lost": 1}
        kinds, kind_weights = zip(*_FILLER_KINDS)
        for _ in range(rng.randint(0, fillers[person.stage])):
            if end <= person.met_at:
                break
            when = person.met_at + (end - person.met_at) * rng.uniform(0.05, 1.0)
            kind = rng.choices(kinds, kind_weights)[0]
            beats.append((when, kind, rng.choice(_FILLERS[kind])))
        for when, kind, text in sorted(beats, key=lambda b: b[0]):
            place = None
            if kind == "meeting":
                place = "Video call" if "Video call" in text else person.city
            self.add_interaction(person, kind, text, words, when, place)

        for _ in range(rng.randint(0 if person.stage == "met" else 1, 3)):
            self.add_promise(person, words, rng.choice(("us", "them")))
        self.plan_follow_ups(person, words)

    def add_interaction(self, person: _Person, kind: str, text: str, words: dict, when: datetime,
            place: str | None) -> None:
        log_interaction(self.db, person.id, kind=kind, summary=text.format(**words),
                        occurred_at=min(when, self.now).replace(microsecond=0), place=place)
        self.counts["interactions"] += 1

    def add_promise(self, person: _Person, words: dict, owed_by: str, *,
                    due: date | None = None, done: bool | None = None) -> None:
        """One promise, made some time after meeting; kept on time, late, or still open."""
        rng = self.rng
        if due is None:
            known_for = max(0, (self.today - person.met_at.date()).days)
            made = person.met_at.date() + timedelta(days=rng.randint(0, known_for))
            due = made + timedelta(days=rng.randint(2, 14))
            if due.weekday() > 4:   # promises fall due on working days: the Friday before
                due -= timedelta(days=due.weekday() - 4)
        else:
            made = due - timedelta(days=rng.randint(3, 6))
        text = rng.choice(_OUR_PROMISES if owed_by == "us" else _THEIR_PROMISES).format(**words)
        if (due - made).days <= 6:
            text += f" by {_WEEKDAYS[due.weekday()]}"
        owner = None
        if owed_by == "us":
            owner = rng.choice((None, "Sales support", "Quality team", "Logistics"))
        commitment_id = add_commitment(self.db, person.id, description=text, owed_by=owed_by,
                                       due_on=due, owner=owner)
        self.counts["commitments"] += 1
        if done is None:
            done = rng.random() < (0.75 if due < self.today else 0.15)
        if done:
            if rng.random() < 0.25:   # kept, but late
                day = due + timedelta(days=rng.randint(1, 5))
            else:
                day = due - timedelta(days=rng.randint(0, 2))
            when = min(_at(day, rng.uniform(9, 18), person.zone), self.now - timedelta(minutes=5))
            complete_commitment(self.db, commitment_id, when=when)

    def plan_follow_ups(self, person: _Person, words: dict) -> None:
        """Follow-ups that fit the stage: done ones, overdue ones and ones still ahead."""
        rng = self.rng
        if person.stage == "met" and (self.now - person.met_at) < timedelta(days=10):
            # The usual 24–48 h after a first meeting.
            due = person.met_at + timedelta(hours=rng.choice((24, 36, 48)))
            self.add_follow_up(person, due, "Follow up after first meeting")
            return
        if person.stage in ("lost",):
            return
        roll = rng.random()
        if roll < 0.3:
            due = self.now - timedelta(days=rng.randint(20, 90))
            follow_up_id = self.add_follow_up(person, due, rng.choice(_FOLLOW_UP_REASONS).format(**words))
            complete_follow_up(self.db, follow_up_id)
        elif roll < 0.85:
            due = self.now + timedelta(hours=rng.randint(-10 * 24, 21 * 24))
            self.add_follow_up(person, due, rng.choice(_FOLLOW_UP_REASONS).format(**words))

    def add_follow_up(self, person: _Person, due: datetime, reason: str) -> str:
        self.counts["follow_ups"] += 1
        return schedule_follow_up(self.db, person.id, due_at=due.replace(microsecond=0), reason=reason)

    # The user's days -------------------------------------------------------------------

    def add_meetings(self, chosen: list[_Person]) -> None:
        """Meetings at the fair on now (yesterday, today, the next two days), the next fair, and calls."""
        rng = self.rng
        active = [p for p in chosen if p.stage not in ("lost", "dormant")]
        if len(active) < 6:
            active = chosen
        fair = self.current
        zone = fair.fair.zone
        local_today = self.now.astimezone(ZoneInfo(zone)).date()
        hours = (9, 10, 11.5, 13, 14, 15.5, 16.5, 19.5)
        plan = [(-1, 3), (0, rng.randint(4, 6)), (1, rng.randint(3, 5)), (2, 2)]
        for offset, count in plan:
            day = local_today + timedelta(days=offset)
            people = self.pick_some(active, count)
            for hour, person in zip(sorted(rng.sample(hours, len(people))), people):
                self.add_fair_meeting(person, _at(day, hour, zone), fair, dinner=hour > 19)
        upcoming = self.upcoming
        for person in self.pick_some(active, 4):
            day = upcoming.starts + timedelta(days=rng.randint(0, 1))
            starts = _at(day, rng.choice(hours[:-1]), upcoming.fair.zone)
            self.add_fair_meeting(person, starts, upcoming)
        for person in self.pick_some(active, 2):
            day = self.today + timedelta(days=rng.randint(5, 12))
            starts = _at(day, rng.choice((9, 10, 14, 15)), person.zone)
            self.add_planned_meeting(person, starts, None, "Video call (Microsoft Teams)", 45)

    def pick_some(self, people: list[_Person], count: int) -> list[_Person]:
        """*count* different people (fewer if there are not that many)."""
        return self.rng.sample(people, min(count, len(people)))

    def add_fair_meeting(self, person: _Person, starts: datetime, edition: _Edition,
                         dinner: bool = False) -> None:
        """A meeting at a fair: at their booth when we met there, else at our stand or nearby."""
        rng = self.rng
        if dinner:
            place, minutes = "Dinner at the hotel restaurant", 120
        elif person.edition is edition and person.booth:
            hall, stand = person.booth.rsplit(", ", 1)
            place, minutes = f"Booth {stand}, {hall}", 30
        else:
            hall = rng.choice(edition.fair.halls)
            place = rng.choice((f"Our stand, {hall}, {rng.choice('ABCDEFGH')}{rng.randint(1, 60):02d}",
                                "Hotel lobby", "Business lounge", "Coffee bar at the north entrance"))
            minutes = rng.choice((30, 45, 60))
        self.add_planned_meeting(person, starts, edition, place, minutes)

    def add_planned_meeting(self, person: _Person, starts: datetime, edition: _Edition | None,
                            place: str, minutes: int) -> None:
        words = self.draw_story_words(person.company, person.culture)
        add_meeting(self.db, person.id, starts_at=starts, event_id=edition.id if edition else None,
                    time_zone=None if edition else person.zone, place=place,
                    agenda=self.rng.choice(_AGENDAS).format(**words), duration_minutes=minutes)
        self.counts["meetings"] += 1

    def add_guaranteed_items(self, chosen: list[_Person]) -> None:
        """What every demo book shows: overdue and due-today follow-ups, overdue promises each way."""
        rng = self.rng
        active = [p for p in chosen if p.stage != "lost"] or chosen
        late, soon, ours, theirs = (self.pick_some(active, 4) * 4)[:4]
        self.add_follow_up(late, self.now - timedelta(days=2, hours=rng.randint(0, 20)),
                       "Send the revised quotation promised at the booth")
        # Due later today at home (the Today view's day), but never in the past.
        home = ZoneInfo(get_setting(self.db, HOME_TIME_ZONE.key))
        local_now = self.now.astimezone(home)
        end_of_day = datetime.combine(local_now.date() + timedelta(days=1), time(), home)
        seconds = max(1, min(2 * 3600, int((end_of_day - local_now).total_seconds()) // 2))
        words = self.draw_story_words(soon.company, soon.culture)
        self.add_follow_up(soon, self.now + timedelta(seconds=seconds),
                       rng.choice(_FOLLOW_UP_REASONS).format(**words))
        overdue = self.today - timedelta(days=3)
        for person, owed_by in ((ours, "us"), (theirs, "them")):
            words = self.draw_story_words(person.company, person.culture)
            self.add_promise(person, words, owed_by, due=overdue, done=False)

    def report_progress(self, done: int, total: int) -> None:
        if self.progress and done != self.reported:
            self.reported = done
            self.progress(done, total)

def generate_demo_data(db, contacts: int, *, seed: int = 7, now: datetime | None = None,
                       progress: Callable[[int, int], None] | None = None) -> dict[str, int]:
    """Fill *db* with *contacts* sample people and their history; return how many rows of each kind.

    Dates are relative to *now* (an aware datetime; default: the current UTC
    time), so a fresh book always has meetings today and follow-ups due.
    *progress* is called now and then with ``(done, total)``. With 10 or more
    contacts the book always holds Chinese, Japanese, Korean, Arabic, Thai,
    Hindi, Russian and German names, at least three meetings today, an
    overdue follow-up, one due today, and an overdue promise each way.

    >>> generate_demo_data(db, 500, seed=7)  # doctest: +SKIP
    {'contacts': 500, 'companies': 181, 'events': 45, 'meetings': 22, 'interactions': 365, ...}
    """
    if contacts < 0:
        raise ValueError("contacts must be zero or more")
    now = now or datetime.now(timezone.utc)
    if now.tzinfo is None:
        raise ValueError("now needs a time zone")
    now = now.astimezone(timezone.utc).replace(microsecond=0)
    writer = _BookWriter(db, random.Random(seed), now, progress)
    # Full profiles for everyone, but a history only for a share: 100,000
    # contacts stay quick to make and the Today view stays readable.
    detailed = min(contacts, max(10, min(round(contacts * _DETAIL_SHARE), _DETAIL_CAP)))
    total = contacts + detailed
    with write_transaction(db):
        writer.add_events()
    writer.add_people(contacts, total)
    if contacts:
        chosen = writer.add_histories(detailed, total)
        with write_transaction(db):
            writer.add_meetings(chosen)
            writer.add_guaranteed_items(chosen)
    writer.report_progress(total, total)
    return writer.counts
