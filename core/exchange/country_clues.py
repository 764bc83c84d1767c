"""Which country a card belongs to, from every clue it has, and its phone numbers read in it.

One place for vCard, CSV and QR import. The clues, strongest first:

1. the country the card states (its own field, or its address: "United States
   of America", "Deutschland", "日本" … in several languages, ``core.exchange.text``);
2. its time zone (``TZ:Asia/Tokyo``);
3. a phone number written with + and its country code;
4. the company's legal form: 株式会社 → JP, 주식회사 → KR, Sp. z o.o. → PL, GmbH → DE/AT/CH;
5. the country domain of an email or web address (``.co.jp``, ``.de``);
6. the script of the name: kana → JP, hangul → KR, Thai → TH, Greek → GR …

A clue naming one country decides; one naming several (GmbH, a name in Chinese
characters) narrows the others down. The preview says which clue decided. A
phone number without + is then read in that country, or, when its first group
is a country code and it is not written the local way (Outlook 2003 writes
``49 631 234 341``), as an international number. A number no clue places is
kept as typed, with a warning; the home country is used only for a number in
its local form (with its trunk prefix, ``030 …``), and the preview says so.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import phonenumbers
from babel.core import get_global

from core.book.fields import ADDRESSES, COUNTRY, DISPLAY_NAME, EMAILS, FAMILY_NAME, GIVEN_NAME, \
    NATIVE_NAME, PHONES, TIME_ZONE_FIELD, URLS
from core.exchange.text import ADDRESS_COUNTRY, country_code
from core.i18n import N_

# What decided, as the preview says it (translated when shown).
CLUES = {
    "stated": N_("the country on the card"), "address": N_("the country of its address"),
    "zone": N_("its time zone"), "phone": N_("a phone number with its country code"),
    "company": N_("the company's legal form"), "email": N_("the domain of its email"),
    "web": N_("the domain of its website"), "script": N_("the script of the name"),
    "combined": N_("several clues together"),
}

# Legal forms at the end (or start) of a company's name, and where they are used.
_COMPANY_FORMS = [
    (r"株式会社|有限会社|合同会社|合資会社|\(株\)|（株）|kabushiki kaisha|k\.k\.", {"JP"}),
    (r"주식회사|유한회사|\(주\)|（주）", {"KR"}),
    (r"股份有限公司|有限公司|有限责任公司|有限責任公司|集团|集團", {"CN", "TW", "HK", "MO", "SG"}),
    (r"bhd\.?|sdn\.? bhd\.?", {"MY"}), (r"pvt\.? ltd\.?|private limited", {"IN"}),
    (r"pty\.? ltd\.?", {"AU", "ZA"}), (r"gmbh|gmbh & co\.? kg|e\.k\.|ug \(haftungsbeschränkt\)",
                                        {"DE", "AT", "CH"}),
    (r"ag|kg|ohg", {"DE", "AT", "CH"}), (r"sp\.? z o\.? ?o\.?|s\.a\. w upadłości", {"PL"}),
    (r"s\.r\.o\.|spol\. s r\.o\.|a\.s\.", {"CZ", "SK"}), (r"kft\.?|zrt\.?|nyrt\.?|bt\.", {"HU"}),
    (r"a\.ş\.|ltd\.? şti\.?|a\.s\.?", {"TR"}), (r"s\.r\.l\.|srl|s\.p\.a\.|spa|s\.a\.s\. di", {"IT", "RO"}),
    (r"sarl|s\.a\.r\.l\.|sas|s\.a\.s\.|eurl", {"FR", "LU", "BE", "MA", "TN"}),
    (r"s\.l\.|sl|s\.l\.u\.", {"ES"}), (r"lda\.?|unipessoal lda\.?", {"PT"}), (r"ltda\.?", {"BR"}),
    (r"s\.a\. de c\.v\.|sa de cv", {"MX"}), (r"b\.v\.|bv", {"NL", "BE"}), (r"n\.v\.|nv", {"NL", "BE"}),
    (r"oy|oyj", {"FI"}), (r"ab|aktiebolag", {"SE", "FI"}), (r"asa|as", {"NO", "DK", "EE"}),
    (r"aps|a/s", {"DK"}), (r"ehf\.?", {"IS"}), (r"ооо|оао|зао|пао|ао", {"RU", "BY", "KZ", "UA"}),
    (r"тов|пат|прат", {"UA"}), (r"ае|α\.ε\.|ae|ε\.π\.ε\.", {"GR", "CY"}),
    (r"co\.?,? ltd\.?|company limited", {"CN", "TW", "HK", "TH", "JP", "KR", "VN", "GB"}),
    (r"ltd\.?|limited|plc", {"GB", "IE", "HK", "NZ", "IL", "NG", "KE", "IN"}),
    (r"llc|inc\.?|corp\.?|incorporated", {"US", "CA", "PH"}),
    (r"pt\.?|tbk\.?", {"ID"}), (r"jsc|llp", set()),
]
_COMPANY_FORM = [(re.compile(rf"(?:^|[\s,]){pattern}$|^(?:{pattern})\s", re.IGNORECASE), codes)
                 for pattern, codes in _COMPANY_FORMS]
_CJK_FORMS = [(re.compile(pattern), codes) for pattern, codes in _COMPANY_FORMS[:3]]

# Country domains used worldwide for other reasons (start-ups, "TV", "me").
_GENERIC_DOMAINS = {"io", "co", "tv", "me", "ai", "ly", "fm", "app", "to", "cc", "ws", "gg", "sh",
                    "ac", "im", "is", "it", "la", "nu", "vc", "so", "gl", "ms", "md"}
_DOMAIN_COUNTRY = {"uk": "GB", "eu": None}

# Scripts that place a name in one country (a name in Chinese characters alone does not).
_SCRIPTS = {"HIRAGANA": {"JP"}, "KATAKANA": {"JP"}, "HANGUL": {"KR"}, "THAI": {"TH"},
            "HEBREW": {"IL"}, "GREEK": {"GR", "CY"}, "GEORGIAN": {"GE"}, "ARMENIAN": {"AM"},
            "KHMER": {"KH"}, "LAO": {"LA"}, "MYANMAR": {"MM"}, "SINHALA": {"LK"},
            "BENGALI": {"BD", "IN"}, "DEVANAGARI": {"IN", "NP"}, "TAMIL": {"IN", "LK", "SG"},
            "CJK": {"CN", "TW", "HK", "MO", "SG", "JP"},
            "CYRILLIC": {"RU", "UA", "BY", "BG", "RS", "KZ", "MK", "KG", "MN"},
            "ARABIC": {"SA", "AE", "EG", "QA", "KW", "BH", "OM", "JO", "LB", "MA", "DZ", "TN", "IQ",
                       "IR", "PK", "AF", "SY", "YE", "LY", "SD"}}


@dataclass
class CountryGuess:
    """The country a card's clues point to: ``code`` (None when they do not settle it), the
    ``clue`` that decided (a key of ``CLUES``) and what it said (``detail``: "株式会社", ".jp");
    ``candidates`` are the countries still possible when undecided."""

    code: str | None = None
    clue: str = ""
    detail: str = ""
    candidates: set[str] = field(default_factory=set)

    @property
    def clue_label(self) -> str:
        """What decided, untranslated (show through ``_()``)."""
        return CLUES.get(self.clue, "")


def _text(fields: dict, name: str) -> str:
    return str(fields.get(name) or "")


def _values(fields: dict, name: str) -> list[str]:
    return [str(e.get("value") if isinstance(e, dict) else e or "").strip()
            for e in fields.get(name) or []]


def country_from_zone(zone: str) -> str | None:
    """The country of an IANA time zone (``Asia/Tokyo`` → ``JP``), None for offsets and UTC."""
    return get_global("zone_territories").get((zone or "").strip()) if "/" in (zone or "") else None


def company_countries(company: str) -> tuple[set[str], str]:
    """Countries where *company*'s legal form is used, and the form; empty when none is seen."""
    name = " ".join((company or "").split())
    for pattern, codes in _CJK_FORMS:
        match = pattern.search(name)
        if match:
            return set(codes), match.group(0)
    for pattern, codes in _COMPANY_FORM:
        match = pattern.search(name)
        if match and codes:
            return set(codes), match.group(0).strip(" ,")
    return set(), ""


def domain_country(address: str) -> str | None:
    """The country of an email's or web address's domain (``.co.jp`` → JP), None for .com."""
    host = address.rsplit("@", 1)[-1].lower()
    host = re.sub(r"^[a-z]+://", "", host).split("/")[0].split(":")[0].rstrip(".")
    tld = host.rsplit(".", 1)[-1] if "." in host else ""
    if len(tld) != 2 or tld in _GENERIC_DOMAINS:
        return None
    if tld in _DOMAIN_COUNTRY:
        return _DOMAIN_COUNTRY[tld]
    code = tld.upper()
    return code if code in get_global("territory_zones") or code in _ISO_CODES() else None


def _ISO_CODES() -> set[str]:
    return {c for c in get_global("territory_currencies")}


def script_countries(text: str) -> tuple[set[str], str]:
    """Countries whose script a name is written in (kana → JP; Chinese characters alone: several)."""
    found = set()
    for char in text:
        if ord(char) < 0x250 or not char.isalpha():
            continue
        script = unicodedata.name(char, "?").split()[0]
        found.add("CJK" if script in ("CJK", "IDEOGRAPHIC") else script)
    for script in ("HIRAGANA", "KATAKANA", "HANGUL"):  # mixed with Chinese characters, they decide
        if script in found:
            return set(_SCRIPTS[script]), script
    if len(found) == 1:
        (script,) = found
        return set(_SCRIPTS.get(script, set())), script
    return set(), ""


def _phone_country(values: list[str]) -> tuple[str | None, str]:
    countries = {}
    for raw in values:
        if not raw.startswith(("+", "00")):
            continue
        try:
            number = phonenumbers.parse("+" + raw[2:] if raw.startswith("00") else raw, None)
        except phonenumbers.NumberParseException:
            continue
        region = phonenumbers.region_code_for_number(number)
        if region and region != "001":
            countries.setdefault(region, raw)
    if len(countries) == 1:
        return next(iter(countries.items()))
    return None, ""


def infer_country(fields: dict, company: str | None = None) -> CountryGuess:
    """The country of a card (fields as the readers give them) from its clues, strongest first."""
    stated = country_code(_text(fields, COUNTRY.name)) if fields.get(COUNTRY.name) else None
    if stated:
        return CountryGuess(stated, "stated", _text(fields, COUNTRY.name))
    for address in fields.get(ADDRESSES.name) or []:
        code = country_code(address.get(ADDRESS_COUNTRY) or "")
        if code:
            return CountryGuess(code, "address", address.get(ADDRESS_COUNTRY))
    zone = _text(fields, TIME_ZONE_FIELD.name)
    if country_from_zone(zone):
        return CountryGuess(country_from_zone(zone), "zone", zone)
    code, raw = _phone_country(_values(fields, PHONES.name))
    if code:
        return CountryGuess(code, "phone", raw)
    narrowing: list[tuple[str, str, set[str]]] = []
    codes, form = company_countries(company or "")
    narrowing.append(("company", form, codes))
    for clue, name in (("email", EMAILS.name), ("web", URLS.name)):
        domains = {domain_country(v): v for v in _values(fields, name) if domain_country(v)}
        narrowing.append((clue, next(iter(domains.values()), ""), set(domains) if domains else set()))
    name = " ".join(_text(fields, n) for n in (NATIVE_NAME.name, DISPLAY_NAME.name, FAMILY_NAME.name,
                                                GIVEN_NAME.name))
    codes, script = script_countries(name)
    narrowing.append(("script", script.lower(), codes))
    for clue, detail, codes in narrowing:
        if len(codes) == 1:
            return CountryGuess(next(iter(codes)), clue, detail)
    candidates: set[str] = set()
    details = []
    for clue, detail, codes in narrowing:
        if not codes:
            continue
        if candidates and not candidates & codes:
            continue  # a clue that contradicts the others is left out
        candidates = candidates & codes if candidates else set(codes)
        details.append(detail)
    if len(candidates) == 1:
        return CountryGuess(next(iter(candidates)), "combined", " + ".join(details))
    return CountryGuess(None, "", "", candidates)


# Reading phone numbers ---------------------------------------------------------------------------

@dataclass
class PhoneReading:
    """How a phone number was read: ``value`` in E.164 (None: kept as typed) and ``how``:
    ``"international"`` (written with + or 00), ``"local"`` (in the card's country),
    ``"without_plus"`` (a country code written without +), ``"home"`` (in its local form of
    the home country), ``"ambiguous"`` or ``"invalid"``."""

    value: str | None
    how: str
    region: str | None = None


def _valid(raw: str, region: str | None) -> phonenumbers.PhoneNumber | None:
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_valid_number(number) else None


def _e164(number: phonenumbers.PhoneNumber) -> str:
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _local_form(raw: str, region: str) -> bool:
    """True when *raw* is written as people in *region* write a number at home (the trunk
    prefix where one is always dialled: 0 in Germany or Japan)."""
    metadata = phonenumbers.PhoneMetadata.metadata_for_region(region)
    prefix = metadata.national_prefix if metadata else None
    digits = re.sub(r"\D", "", raw)
    return not prefix or prefix != "0" or digits.startswith(prefix)


def read_phone(raw: str, country: str | None, home: str | None = None) -> PhoneReading:
    """Read one phone number as typed, for a card of *country* (None: unknown)."""
    text = raw.strip()
    if text.startswith(("+", "00")):
        number = _valid("+" + text[2:].lstrip() if text.startswith("00") else text, None)
        return PhoneReading(_e164(number), "international") if number else PhoneReading(None, "invalid")
    groups = re.findall(r"\d+", text)
    abroad = None
    if len(groups) > 1 and phonenumbers.region_codes_for_country_code(int(groups[0])) != (
            "ZZ",) and not groups[0].startswith("0"):
        abroad = _valid("+" + text, None)
    if country:
        here = _valid(text, country)
        if here and _local_form(text, country) and not (abroad and _same_code(groups[0], country)):
            return PhoneReading(_e164(here), "local", country)
        if abroad:
            return PhoneReading(_e164(abroad), "without_plus", phonenumbers.region_code_for_number(abroad))
        return PhoneReading(None, "invalid", country)
    if abroad:
        return PhoneReading(_e164(abroad), "without_plus", phonenumbers.region_code_for_number(abroad))
    if home:
        here = _valid(text, home)
        if here and _local_form(text, home) and re.sub(r"\D", "", text).startswith("0"):
            return PhoneReading(_e164(here), "home", home)
    return PhoneReading(None, "ambiguous")


def _same_code(group: str, country: str) -> bool:
    """True when *group* is *country*'s own calling code (a German card's "49 631 …")."""
    return phonenumbers.country_code_for_region(country) == int(group)
