"""A demo person's particulars, drawn by culture: name, form of address, languages, phones, emails, tags, notes."""

from __future__ import annotations

import functools
import itertools
import random
import re

import phonenumbers
from unidecode import unidecode

from core.demo.data import (AREA_CODES, BOSSES, COUNTRY_NAMES, CULTURE_NOTES, MESSENGERS, MOBILE_AREA, NOTES,
                            REGIONS, RIVALS, RU_PATRONYMICS, SENIOR, Company, Culture, Edition, Person,
                            certifications)


def variant(text: str, female: bool) -> str:
    """The female form of a gendered name (``"Иванов|Иванова"``); most names have one form."""
    forms = text.split("|")
    return forms[-1] if female else forms[0]


_GERMAN_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue",
                              "ß": "ss"})


@functools.lru_cache(maxsize=8192)
def ascii_words(text: str, country: str) -> tuple[str, ...]:
    """Lower-case ASCII words of *text* for addresses (Müller → mueller in German-speaking places).

    Kept for the names met again (drawn from a finite pool: each is spelled twice per person).
    """
    if country in ("DE", "AT", "CH"):
        text = text.translate(_GERMAN_FOLD)
    return tuple(re.findall(r"[a-z0-9]+", unidecode(text).lower().replace("-", "").replace("'", "")))


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


def make_phone(rng: random.Random, region: str, kind: str, city: str) -> str:
    """A random phone number valid in *region* (see ``_phone_stems``), as E.164."""
    area = ""
    if kind == "work":
        area = AREA_CODES.get(city, "")
    elif region in MOBILE_AREA:
        area = AREA_CODES.get(city, "") + MOBILE_AREA[region]
    code, stems = _phone_stems(region, kind, area)
    return code + rng.choice(stems) + f"{rng.randrange(10000):04d}"


def make_name(rng: random.Random, culture: Culture, female: bool, forced_family: str | None) -> dict:
    """Name fields: Latin parts and display name, plus native script and reading where used."""
    if forced_family:
        family = next(f for f in culture.family if f[0] == forced_family)
    else:
        family = rng.choice(culture.family)
    given = rng.choice(culture.female if female else culture.male)
    latin_family = variant(family[-1], female)
    if culture.two_surnames:
        latin_family += " " + variant(rng.choice(culture.family)[-1], female)
    latin_given = given[-1]
    if culture.family_first:
        display = f"{latin_family} {latin_given}"
    else:
        display = f"{latin_given} {latin_family}"
    name = {"given_name": latin_given, "family_name": latin_family, "display_name": display}
    if len(family) > 1:
        native_family = variant(family[0], female)
        if culture.family_first:
            name["native_name"] = native_family + culture.native_join + given[0]
        else:
            name["native_name"] = f"{given[0]} {native_family}"
        name["romanized_name"] = display
        if len(family) == 3:
            name["native_reading"] = f"{family[1]} {given[1]}"
    return name


def form_of_address(rng: random.Random, culture: str, name: dict, female: bool, title: str) -> str:
    """How to address the person, by the custom of their culture."""
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
            patronymic = variant(rng.choice(RU_PATRONYMICS)[-1], female)
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


def pick_languages(rng: random.Random, culture: Culture) -> list[str]:
    """The languages a person speaks: their culture's first two, sometimes a third, rarely without English."""
    languages = list(culture.languages[:2])
    if len(culture.languages) > 2 and rng.random() < 0.35:
        languages.append(culture.languages[2])
    if len(languages) > 1 and rng.random() < 0.12:
        languages.remove("en")
    return languages


def make_phones(rng: random.Random, country: str, city: str) -> list[dict]:
    """A mobile number, and for most people an office number in their city."""
    phones = [{"value": make_phone(rng, country, "mobile", city), "label": "mobile"}]
    if rng.random() < 0.6:
        phones.append({"value": make_phone(rng, country, "work", city), "label": "work"})
    return phones


def make_emails(rng: random.Random, name: dict, culture: Culture, company: Company) -> list[dict]:
    """A work address in the company's style, and for some Chinese contacts a private one."""
    given_words = ascii_words(name["given_name"], company.country)
    family_words = ascii_words(name["family_name"], company.country)
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


def make_tags(rng: random.Random, company: Company, title: str, stage: str, edition: Edition | None) -> list[str]:
    """Tags a salesperson would give: kind of buyer, decision maker, hot lead, VIP, the fair met at."""
    tags = [rng.choice(("distributor", "importer", "wholesaler", "OEM", "retail chain",
                        "system integrator"))]
    if any(word in title for word in SENIOR):
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


def make_notes(rng: random.Random, culture: str, company: Company, edition: Edition | None,
               introducer: Person | None) -> str:
    """The profile notes: who introduced them, where they were met, a custom of their culture, a remark."""
    words = draw_note_words(rng, company, culture)
    sentences = []
    if introducer:
        sentences.append(f"Introduced by {introducer.display}.")
    if edition:
        sentences.append(f"Met at {edition.name}; interested in {company.product[0]}.")
    if culture in CULTURE_NOTES and rng.random() < 0.3:
        sentences.append(CULTURE_NOTES[culture].format(**words))
    sentences.append(rng.choice(NOTES).format(**words))
    return " ".join(sentences)


@functools.lru_cache(maxsize=None)
def _rivals(country: str) -> tuple[str, ...]:
    """The rival countries a note may name for a company in *country* (not its own)."""
    return tuple(r for r in RIVALS if r != COUNTRY_NAMES.get(country))


def draw_note_words(rng: random.Random, company: Company, culture: str) -> dict:
    """The few values the profile notes use (drawn for every contact, so kept small)."""
    country = company.country
    return {
        "noun": company.product[0], "city": company.city, "boss": rng.choice(BOSSES),
        "rival": rng.choice(_rivals(country)),
        "cert": rng.choice(certifications(company.sector, country)),
        "channel": MESSENGERS.get(culture, rng.choice(("WhatsApp", "email", "Microsoft Teams"))),
        "region": REGIONS.get(country, "their market"),
    }
