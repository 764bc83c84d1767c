"""Checking and normalizing what a user types: phones, emails, countries, languages, zones.

Each ``normalize_*`` returns the stored form or raises ``ValidationError``
naming the field, so the GUI can show the message beside that field and the
command line can print it on one line.
"""

from __future__ import annotations

import functools
import json
import re
from datetime import date, datetime, timezone
from typing import Any, Callable, Iterable

from core.book.control_chars import remove_control_characters
from core.i18n import _
from core.store.ids import to_utc_text  # noqa: F401  (re-exported: the stored time form lives in store)


class ValidationError(ValueError):
    """Bad input for one field; ``field`` names it, ``str(err)`` explains it."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


# Ranges of the numbers a user types, declared once: core's functions and the command
# line's options check them here (``check_range``). Past these, a value is a typo or an
# attack: a meeting of 10^12 minutes broke every calendar export.
RANGES: dict[str, tuple[int, int]] = {
    "limit": (0, 100_000),              # rows a list or search shows
    "offset": (0, 10_000_000),
    "duration_minutes": (1, 24 * 60),   # a meeting: up to a day
    # A follow-up: up to two years ahead (or back: one already overdue, noted late).
    "follow_up_hours": (-24 * 366 * 2, 24 * 366 * 2),
    "contacts": (1, 1_000_000),         # demo contacts
    "scale": (1, 100),                  # QR pixels per module
}
# Dates a user types or imports: outside these years a date is a typo (9999-12-31 broke the
# conversion to UTC, and every export after it).
FIRST_YEAR, LAST_YEAR = 1900, 2200
# The longest IANA zone name is 32 characters ("America/Argentina/ComodRivadavia").
_MAX_ZONE_LENGTH = 64


def check_range(value: Any, field: str, kind: str | None = None) -> int:
    """*value* as an int when it lies in ``RANGES[kind or field]``; else ``ValidationError`` naming *field*."""
    low, high = RANGES[kind or field]
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValidationError(field, _("{value} is out of range: use a whole number from {low} to {high}").format(
            value=value, low=low, high=high))
    return value


def check_year(value: date | datetime, field: str, raw: str = "") -> None:
    """Refuse a date outside ``FIRST_YEAR`` … ``LAST_YEAR``."""
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValidationError(field, _("{value!r} is out of range: use a year from {first} to {last}").format(
            value=raw or value.isoformat(), first=FIRST_YEAR, last=LAST_YEAR))


# Valid values already normalized, so the same value checked again (an import checks each
# value in its preview, then again when it writes) costs a lookup, not a parse.
_NORMALIZED: dict[tuple[str, str, str], str] = {}


# E.164 → national significant number, of the numbers normalised (search indexes both forms).
_NATIONAL: dict[str, str] = {}


def _remember(kind: str, raw: str, region: str, result: str) -> str:
    if len(_NORMALIZED) > 100_000:
        _NORMALIZED.clear()
        _NATIONAL.clear()
    _NORMALIZED[(kind, raw, region)] = result
    _NORMALIZED[(kind, result, "")] = result
    return result


def normalize_phone(text: str, region: str | None = None, field: str = "phone") -> str:
    """Parse a phone number and return it in E.164 (``+4930123456``).

    *region* (an ISO country code) lets a local number without ``+`` be read.
    """
    raw = (text or "").strip()
    if not raw:
        raise ValidationError(field, _("phone number is empty"))
    key = ("phone", raw, "" if raw.startswith("+") else (region or "").upper())
    if key in _NORMALIZED:
        return _NORMALIZED[key]
    import phonenumbers  # after the cache: an import checks 20,000 numbers, most of them twice

    try:
        number = phonenumbers.parse(raw, (region or "").upper() or None)
    except phonenumbers.NumberParseException:
        if not raw.startswith("+") and not region:
            raise ValidationError(
                field, _("{value!r} needs a country: start it with + and the country code").format(value=raw)
            ) from None
        raise ValidationError(field, _("{value!r} is not a phone number").format(value=raw)) from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(field, _("{value!r} is not a valid phone number").format(value=raw))
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    _NATIONAL[e164] = phonenumbers.national_significant_number(number)
    return _remember("phone", raw, key[2], e164)


def national_number(e164: str) -> str | None:
    """The national significant number of an E.164 number (``+4930901820`` → ``30901820``); None if unreadable."""
    if e164 in _NATIONAL:
        return _NATIONAL[e164]
    import phonenumbers

    if e164[:1] == "+" and e164[1:].isascii() and e164[1:].isdigit() and e164[1] != "0":
        # Stored numbers are E.164, "+", the country code, the national significant number: the code is
        # found as parse finds it (1–3 digits, none a prefix of another), without parsing (demo data
        # indexes 16,000 numbers it never normalised; a parse is 40 µs).
        digits = e164[1:]
        for length in (1, 2, 3):
            if int(digits[:length]) in phonenumbers.COUNTRY_CODE_TO_REGION_CODE:
                return digits[length:] or None
    try:
        return phonenumbers.national_significant_number(phonenumbers.parse(e164, None))
    except phonenumbers.NumberParseException:
        return None


def format_phone(e164: str) -> str:
    """An E.164 number in international format for display (``+49 30 123456``)."""
    import phonenumbers

    try:
        number = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def normalize_email(text: str, field: str = "email") -> str:
    """Check an email address's syntax (no network) and return its normalized form."""
    raw = (text or "").strip()
    if not raw:
        raise ValidationError(field, _("email address is empty"))
    if ("email", raw, "") in _NORMALIZED:
        return _NORMALIZED[("email", raw, "")]
    plain = _plain_email(raw)
    if plain is not None:
        return _remember("email", raw, "", plain)
    from email_validator import EmailNotValidError, validate_email

    try:
        return _remember("email", raw, "", validate_email(raw, check_deliverability=False).normalized)
    except EmailNotValidError as exc:
        raise ValidationError(field, _("{value!r} is not a valid email address ({reason})").format(
            value=raw, reason=exc)) from None


# A local part email_validator keeps as it is: ASCII letters, digits and marks, dots between.
_PLAIN_LOCAL = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*\Z")
# Mailbox names email_validator lowercases (RFC 2142).
_ROLE_MAILBOXES = frozenset({"info", "marketing", "sales", "support", "abuse", "noc", "security",
                             "postmaster", "hostmaster", "usenet", "news", "webmaster", "www", "uucp",
                             "ftp"})


def _plain_email(raw: str) -> str | None:
    """The normalized form of a plain ASCII address, its domain checked once per domain; None: check it whole.

    An import checks 10,000 addresses at a few hundred domains, and the domain is what costs
    (IDNA, per character): ``validate_email`` gives the same result (tests/test_validation_email.py).
    """
    local, at, domain = raw.rpartition("@")
    if not at or not raw.isascii() or len(local) > 64 or local.lower() in _ROLE_MAILBOXES \
            or not _PLAIN_LOCAL.match(local):
        return None
    checked = _checked_email_domain(domain)
    if checked is None or not checked.isascii():
        return None
    normalized = local + "@" + checked
    return normalized if max(len(raw), len(normalized)) <= 254 else None


@functools.lru_cache(maxsize=4096)
def _checked_email_domain(domain: str) -> str | None:
    from email_validator import EmailNotValidError, validate_email

    try:
        return validate_email("x@" + domain, check_deliverability=False).domain
    except EmailNotValidError:
        return None  # the whole address is checked again, for the error's words


# Two-letter codes CLDR names that are no country: the EU, the eurozone, the UN, "unknown
# region", outlying Oceania and the pseudo-locales.
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "ZZ", "QO", "XA", "XB"})


@functools.lru_cache(maxsize=1)
def _territories() -> dict[str, str]:
    from babel import Locale

    return {code: name for code, name in Locale("en").territories.items()
            if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES}


# Names people type that CLDR's English names and codes do not cover.
_COUNTRY_ALIASES = {
    "usa": "US", "u.s.": "US", "u.s.a.": "US", "america": "US", "uk": "GB", "u.k.": "GB",
    "britain": "GB", "great britain": "GB", "england": "GB", "scotland": "GB", "wales": "GB",
    "turkey": "TR", "korea": "KR", "republic of korea": "KR", "russia": "RU", "uae": "AE",
    "emirates": "AE", "holland": "NL", "czech republic": "CZ", "vietnam": "VN", "viet nam": "VN",
    "taiwan": "TW", "hong kong": "HK", "macau": "MO", "mainland china": "CN", "prc": "CN",
    "ksa": "SA", "persia": "IR", "burma": "MM", "ivory coast": "CI",
    # Short names in their own script that CLDR gives only in long form.
    "한국": "KR", "台灣": "TW", "台湾": "TW",
}


def country_search_names(code: str) -> list[str]:
    """Names a user may type to find *code*: English, common aliases, and its own languages' names.

    ``'DE'`` → Germany, Deutschland; ``'AE'`` → United Arab Emirates, uae, emirates, الإمارات…
    """
    from babel import Locale, UnknownLocaleError
    from babel.languages import get_official_languages

    names = [_territories().get(code, code)]
    names += [alias for alias, target in _COUNTRY_ALIASES.items() if target == code]
    for language in get_official_languages(code, de_facto=True):
        try:
            own = Locale.parse(f"{language}_{code}").territories.get(code)
        except (UnknownLocaleError, ValueError):
            try:
                own = Locale.parse(language).territories.get(code)
            except (UnknownLocaleError, ValueError):
                continue
        if own:
            names.append(own)
    return list(dict.fromkeys(names))


@functools.lru_cache(maxsize=1)
def _territories_by_name() -> dict[str, str]:
    return {name.casefold(): code for code, name in _territories().items()}


def normalize_country(text: str | None, field: str = "country") -> str | None:
    """Return an ISO 3166 alpha-2 code (``'JP'``) from a code, an English name or a common alias."""
    raw = (text or "").strip()
    if not raw:
        return None
    territories = _territories()
    if raw.upper() in territories:
        return raw.upper()
    by_name = _territories_by_name()
    key = " ".join(raw.casefold().split())
    if key in by_name:
        return by_name[key]
    if key in _COUNTRY_ALIASES:
        return _COUNTRY_ALIASES[key]
    raise ValidationError(field, _("{value!r} is not a country: use a code such as DE or JP, "
                                   "or an English name such as Germany").format(value=raw))


def country_name(code: str | None, locale: str = "en") -> str:
    """Display name of a country code in *locale* (``'JP'`` → ``'Japan'``)."""
    if not code:
        return ""
    from babel import Locale

    return Locale.parse(locale).territories.get(code, code)


def normalize_language(text: str, field: str = "languages") -> str:
    """Return a language code babel knows (``'zh'``, ``'pt_BR'``), from a code or English name."""
    from babel import Locale, UnknownLocaleError

    raw = (text or "").strip().replace("-", "_")
    if not raw:
        raise ValidationError(field, _("language is empty"))
    try:
        return str(Locale.parse(raw))
    except (ValueError, UnknownLocaleError):
        pass
    names = {name.casefold(): code for code, name in Locale("en").languages.items()}
    if raw.casefold() in names:
        return names[raw.casefold()]
    raise ValidationError(field, _("{value!r} is not a language code such as en, de or zh").format(value=raw))


def language_name(code: str, locale: str = "en") -> str:
    """Display name of a language code in *locale* (``'ko'`` → ``'Korean'``, ``'pt-BR'`` → ``'Portuguese (Brazil)'``)."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(code.replace("-", "_")).get_display_name(locale.replace("-", "_")) or code
    except (ValueError, UnknownLocaleError):
        return code


def normalize_time_zone(text: str | None, field: str = "time_zone") -> str | None:
    """Return an IANA zone name (``'Asia/Tokyo'``) after checking zoneinfo knows it."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    raw = (text or "").strip()
    if not raw:
        return None
    try:
        if len(raw) > _MAX_ZONE_LENGTH or "\0" in raw:
            raise ValueError(raw)
        ZoneInfo(raw)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        # OSError: a folder of the zone database ("Europe"), a name too long for a file.
        raise ValidationError(field, _("{value!r} is not a time zone such as Asia/Tokyo").format(
            value=raw[:_MAX_ZONE_LENGTH] + ("…" if len(raw) > _MAX_ZONE_LENGTH else ""))) from None
    return raw


# Countries spanning several zones: the zone of the main business centre.
_MAIN_ZONE = {
    "US": "America/New_York", "CA": "America/Toronto", "BR": "America/Sao_Paulo",
    "MX": "America/Mexico_City", "AU": "Australia/Sydney", "RU": "Europe/Moscow",
    "CN": "Asia/Shanghai", "ID": "Asia/Jakarta", "KZ": "Asia/Almaty", "ES": "Europe/Madrid",
    "PT": "Europe/Lisbon", "CL": "America/Santiago", "AR": "America/Argentina/Buenos_Aires",
    "MY": "Asia/Kuala_Lumpur", "DE": "Europe/Berlin", "UA": "Europe/Kyiv",
    "NZ": "Pacific/Auckland", "EC": "America/Guayaquil", "MN": "Asia/Ulaanbaatar",
}


def default_time_zone(country: str | None) -> str | None:
    """The time zone of a country's main business centre, or None when unknown."""
    if not country:
        return None
    code = country.upper()
    if code in _MAIN_ZONE:
        return _MAIN_ZONE[code]
    from babel.core import get_global

    zones = get_global("territory_zones").get(code, [])
    return zones[0] if len(zones) == 1 else None


def normalize_date(text: str | None, field: str) -> str | None:
    """Return an ISO date ``YYYY-MM-DD``; None if blank."""
    raw = (text or "").strip()
    if not raw:
        return None
    try:
        value = date.fromisoformat(raw)
    except ValueError:
        raise ValidationError(field, _("{value!r} is not a date like 2026-11-23").format(value=raw)) from None
    check_year(value, field, raw)
    return value.isoformat()


def normalize_datetime(text: str | None, field: str) -> str | None:
    """Return an ISO timestamp in UTC (``…+00:00``, whole seconds); None if blank.

    Input needs an offset; naive input is refused. Storing one form means an
    unchanged value always compares equal, whatever the laptop's zone.
    """
    raw = (text or "").strip()
    if not raw:
        return None
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        raise ValidationError(field, _("{value!r} is not a date and time like 2026-11-23T14:00+01:00").format(
            value=raw)) from None
    if value.tzinfo is None:
        raise ValidationError(field, _("{value!r} needs a time zone offset").format(value=raw))
    check_year(value, field, raw)
    return to_utc_text(value)


def normalize_birthday(text: str | None, field: str = "birthday") -> str | None:
    """Return a birthday as ``YYYY-MM-DD``, or ``--MM-DD`` when the year is unknown; None if blank.

    Accepts the vCard forms too: ``19800523``, ``--0523``, and a time after the date.
    """
    raw = (text or "").strip()
    if not raw:
        return None
    core = raw.split("T", 1)[0]
    match = re.fullmatch(r"(\d{4}|--)-?(\d{2})-?(\d{2})", core)
    if match:
        year, month, day = match.groups()
        try:
            # 2000 is a leap year, so a yearless 29 February passes.
            date(int(year) if year != "--" else 2000, int(month), int(day))
        except ValueError:
            match = None
    if not match:
        raise ValidationError(field, _("{value!r} is not a birthday like 1980-05-23 or --05-23").format(
            value=raw))
    return f"{year if year != '--' else '-'}-{month}-{day}"


def normalize_geo(text: str | None, field: str = "geo") -> str | None:
    """Return a position as ``latitude,longitude`` in degrees; None if blank.

    Accepts ``geo:`` URIs and the vCard 3.0 ``lat;lon`` form.
    """
    raw = (text or "").strip()
    if not raw:
        return None
    body = raw[4:] if raw.lower().startswith("geo:") else raw
    parts = re.split(r"[,;]", body.split(";u=")[0], maxsplit=1)
    try:
        lat, lon = (float(p) for p in parts)
    except ValueError:
        lat = lon = float("nan")
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValidationError(field, _("{value!r} is not a position like 52.52,13.40").format(value=raw))
    return f"{lat!r},{lon!r}"


# Per-field normalisers --------------------------------------------------------------------
# The contact field registry (core.book.fields) names one of these per field. All take
# (value, field, region): *field* names the field in errors, *region* is the country
# local phone numbers are read in. Lists come back as Python lists (stored as JSON).

FieldNormalizer = Callable[[Any, str, "str | None"], Any]

# Parts of a postal address, in vCard ADR order after the label.
ADDRESS_PARTS = ("po_box", "extended", "street", "city", "region", "postal_code", "country")


def clean_text(value: Any, *, multiline: bool = False) -> str | None:
    """Text as stored: control characters removed (line breaks too unless *multiline*), stripped; None when blank."""
    if value is None:
        return None
    return remove_control_characters(str(value), multiline=multiline).strip() or None


def normalize_text(value: Any, field: str, region: str | None = None) -> str | None:
    """One line of text, stripped, with no control characters; None when blank."""
    return clean_text(value)


def normalize_multiline_text(value: Any, field: str, region: str | None = None) -> str | None:
    """Text that may run over several lines (notes): stripped, no control characters but line breaks and tabs."""
    return clean_text(value, multiline=True)


def normalize_reference(value: Any, field: str, region: str | None = None) -> Any:
    """An id (or a photo's bytes) kept as given; None when empty."""
    return value or None


def ignoring_region(normalize: Callable[[Any, str], Any]) -> FieldNormalizer:
    """Adapt a ``normalize_x(text, field)`` to the per-field signature."""
    @functools.wraps(normalize)
    def adapted(value: Any, field: str, region: str | None = None) -> Any:
        return normalize(value, field)
    return adapted


def normalize_choice(choices: tuple[str, ...], message: str, *, optional: bool = False) -> FieldNormalizer:
    """A normaliser accepting one of *choices* (or, when *optional*, nothing: None or "", stored as
    None); *message* (untranslated, may use {value} and {choices}) explains a refusal."""
    def check(value: Any, field: str, region: str | None = None) -> str | None:
        if optional and value in (None, ""):
            return None
        if value not in choices:
            raise ValidationError(field, _(message).format(value=value, choices=", ".join(choices)))
        return value
    return check


def _as_entries(values: Iterable[Any] | None) -> list[dict]:
    entries = []
    for item in values or []:
        if item is None:
            continue
        if isinstance(item, str):
            item = {"value": item}
        value = clean_text(item.get("value"))
        if value:
            entries.append({"value": value, "label": clean_text(item.get("label")) or ""})
    return entries


def _checked_entries(values: Any, check: Callable[[str], str]) -> list[dict]:
    return [{**entry, "value": check(entry["value"])} for entry in _as_entries(values)]


def normalize_emails(values: Any, field: str, region: str | None = None) -> list[dict]:
    """Email entries (``{"value", "label"}``; plain strings accepted), each checked."""
    return _checked_entries(values, lambda text: normalize_email(text, field))


def normalize_phones(values: Any, field: str, region: str | None = None) -> list[dict]:
    """Phone entries in E.164, local numbers read in *region*."""
    return _checked_entries(values, lambda text: normalize_phone(text, region, field))


def normalize_urls(values: Any, field: str, region: str | None = None) -> list[dict]:
    """Web address entries, kept as typed (stripped)."""
    return _as_entries(values)


# Where a profile's address says which service it is on (the label when none is given).
_SOCIAL_HOSTS = {"linkedin.com": "linkedin", "xing.com": "xing", "twitter.com": "x", "x.com": "x",
                 "facebook.com": "facebook", "instagram.com": "instagram", "github.com": "github",
                 "youtube.com": "youtube", "weibo.com": "weibo", "vk.com": "vk", "line.me": "line",
                 "tiktok.com": "tiktok", "threads.net": "threads", "mastodon.social": "mastodon"}
_PROFILE_URL = re.compile(r"^https?://(?:[\w-]+\.)*?([\w-]+\.[a-z]{2,})(?:[/:?#]|$)", re.IGNORECASE)


def normalize_social_profiles(values: Any, field: str, region: str | None = None) -> list[dict]:
    """Profiles on social and business networks: a web address or a handle (``@name``), and the service.

    The service (``linkedin``, ``xing``, ``wechat`` …) is the entry's label; when none
    is given it is read from the address's host.
    """
    profiles = []
    for entry in _as_entries(values):
        value = entry["value"]
        if any(char.isspace() for char in value):
            raise ValidationError(field, _("{value!r} is not a profile address or handle (it has spaces)")
                                  .format(value=value))
        match = _PROFILE_URL.match(value)
        if value.lower().startswith(("http:", "https:")) and not match:
            raise ValidationError(field, _("{value!r} is not a web address").format(value=value))
        label = (entry["label"] or "").strip().lower()
        if not label and match:
            label = _SOCIAL_HOSTS.get(match.group(1).lower(), "")
        profiles.append({"value": value, "label": label})
    return profiles


def normalize_languages(values: Any, field: str, region: str | None = None) -> list[str]:
    """Language codes babel knows."""
    return [normalize_language(lang, field) for lang in values or []]


def normalize_tags(values: Any, field: str, region: str | None = None) -> list[str]:
    """Tags stripped, blanks and repeats dropped (first spelling kept)."""
    return list(dict.fromkeys(tag for tag in (clean_text(t) for t in values or []) if tag))


def normalize_addresses(values: Any, field: str, region: str | None = None) -> list[dict]:
    """Postal addresses (a label and the ``ADDRESS_PARTS``), empty ones dropped."""
    addresses = []
    for item in values or []:
        parts = {key: clean_text(item.get(key)) or "" for key in ADDRESS_PARTS}
        if any(parts.values()):
            addresses.append({"label": clean_text(item.get("label")) or "", **parts})
    return addresses


def normalize_extras(values: Any, field: str, region: str | None = None) -> list[dict]:
    """Properties kept verbatim from an imported card: name, group, params, value."""
    extras = []
    for item in values or []:
        name = (item.get("name") or "").strip().upper()
        if not name:
            continue
        params = {str(k).upper(): [remove_control_characters(str(x)) for x in v]
                  for k, v in (item.get("params") or {}).items()}
        extras.append({"name": name, "group": item.get("group") or None, "params": params,
                       "value": "" if item.get("value") is None
                       else remove_control_characters(str(item["value"]), multiline=True)})
    return extras


def decode_list(value: Any) -> list:
    """A stored JSON list (or an already decoded one) as a list."""
    if isinstance(value, list):
        return value
    return json.loads(value or "[]")
