"""Every contact field, declared once (as settings are in core.book.settings, after Picard's options).

A declaration says what the field holds, its label, how a value is checked and
stored, how it is exchanged (vCard properties, Fairmate CSV columns), searched,
merged and synced. Code elsewhere reads these declarations instead of
repeating field names. A new field is:

1. one ``declare_field`` call below (its place sets its order in forms and exports);
2. a migration in ``core/store/migrations.py`` adding its column (with any
   values moved from ``extras``);
3. ``make translations``, then its label and messages translated in every
   ``core/locale/*/LC_MESSAGES/fairmate.po`` (check entries pybabel marked fuzzy);
4. ``python -m core.book.field_docs docs/data-model.md`` for the data-model table;
5. optionally, its tab in ``ui/contact_layout.py`` (otherwise it appears under "Other").
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from typing import Any, Callable

from core.book import validation as v
from core.book.images import normalize_photo
from core.book.romanize import sort_key_for
from core.i18n import N_, _

# Types: what a field holds. List types are stored as JSON lists.
TEXT, ENUM, COUNTRY, TIME_ZONE = "text", "enum", "country", "time_zone"
DATE, DATETIME, BIRTHDAY, GEO = "date", "datetime", "birthday", "geo"
REFERENCE, IMAGE, SORT_KEY = "reference", "image", "sort_key"
TEXT_LIST, LANGUAGE_LIST = "text_list", "language_list"
EMAIL_LIST, PHONE_LIST, URL_LIST = "email_list", "phone_list", "url_list"
ADDRESS_LIST, PROPERTY_LIST = "address_list", "property_list"
PROFILE_LIST = "profile_list"  # social profiles: the label names the service
LIST_TYPES = frozenset({TEXT_LIST, LANGUAGE_LIST, EMAIL_LIST, PHONE_LIST, URL_LIST, PROFILE_LIST,
                        ADDRESS_LIST, PROPERTY_LIST})
# Entries are {"value", "label"} dicts.
ENTRY_TYPES = frozenset({EMAIL_LIST, PHONE_LIST, URL_LIST, PROFILE_LIST})
# The usual entry labels are stored in English (vCard's TYPE=work, cell…) and shown translated;
# any other label is the user's own text, shown as typed.
# TRANSLATORS: the kind of a phone number, email or website: work, home, mobile, fax, blog.
_ENTRY_LABEL_NAMES = {"work": N_("work"), "home": N_("home"), "mobile": N_("mobile"), "fax": N_("fax"),
                      "blog": N_("blog")}


def entry_label_text(label: str | None) -> str:
    """An entry's label as shown: ``work`` → ``geschäftlich`` in German; a label the user typed, as typed."""
    text = (label or "").strip()
    english = _ENTRY_LABEL_NAMES.get(text.casefold())
    return _(english) if english else text


def entry_label_key(text: str | None) -> str:
    """The label to store for *text* picked or typed in the interface language: ``mobil`` → ``mobile``."""
    typed = (text or "").strip()
    for key in _ENTRY_LABEL_NAMES:
        if typed.casefold() in (key, entry_label_text(key).casefold()):
            return key
    return typed

# Where a field's text goes in the search index (core.book.search): its name column
# (weighs ten times more) or its details column; None: not searched.
SEARCH_NAMES, SEARCH_DETAILS = "names", "details"

# How a merge of two contacts treats a field (core.book.merging).
MERGE_PICK = "pick"          # one side's value: the survivor's unless it is empty
MERGE_UNION = "union"        # lists united element by element (no repeats)
MERGE_JOIN = "join"          # both texts kept, one after the other
MERGE_FURTHEST = "furthest"  # the stage furthest along the relationship path
MERGE_DERIVE = "derive"      # recomputed from the merged fields, never chosen

# How sync reconciles two devices' edits of a field.
SYNC_SCALAR = "last_writer_wins"  # the later edit of the whole value wins
SYNC_ELEMENTS = "elements"        # list elements added or removed on either side are merged
SYNC_NEVER = "never"              # derived: each device recomputes it

STAGES = ("met", "rapport", "trial_order", "partner", "dormant", "lost")
# The stages in the order a relationship grows (a merge keeps the furthest one).
STAGE_PATH = STAGES[:4]
TRUST_PATHS = ("direct", "intermediary")
# Grammatical gender, for phrases whose words change with who speaks or listens
# (core.content.phrase_forms); unset when unknown.
FEMININE, MASCULINE = "feminine", "masculine"
PHRASE_GENDERS = (FEMININE, MASCULINE)
ADDRESS_PARTS = v.ADDRESS_PARTS


def stage_label(stage: str) -> str:
    """The display name of a relationship stage."""
    return {
        "met": _("Met"), "rapport": _("In talks"), "trial_order": _("Trial order"),
        "partner": _("Partner"), "dormant": _("Dormant"), "lost": _("Lost"),
    }.get(stage, stage)


def trust_path_label(path: str) -> str:
    """The display text of a trust path."""
    return _("via an intermediary") if path == "intermediary" else _("direct")


@dataclass(frozen=True)
class ContactField:
    """One contact field: a column of ``contacts`` and everything the app does with it."""

    name: str
    type: str
    label: str  # untranslated (N_); see display_label
    # (value, field name, region) -> stored value; raises ValidationError. None when derived.
    normalize: v.FieldNormalizer | None
    merge: str
    sync: str
    search: str | None = None
    vcard: tuple[str, ...] = ()  # properties read and written for it (core.exchange.vcard)
    csv: tuple[str, ...] = ()    # Fairmate CSV column headers (core.exchange.csv_files)
    choices: tuple[str, ...] = ()  # ENUM values
    references: str | None = None  # REFERENCE: the table the id points into
    duplicate_key: bool = False  # read to build the duplicate keys (core.book.duplicate_index)
    # Derived fields: computed from the row (a dict of the other fields), never typed in.
    derive: Callable[[dict], Any] | None = None

    # Asked ~50 times per contact an import writes: worked out once (the fields are frozen).
    @functools.cached_property
    def is_list(self) -> bool:
        return self.type in LIST_TYPES

    @functools.cached_property
    def is_derived(self) -> bool:
        return self.derive is not None

    @property
    def may_stay_empty(self) -> bool:
        """True when the field takes no value (its normaliser reads "" as none): a form offers "not set"."""
        try:
            return self.normalize is not None and self.normalize("", self.name, None) in (None, "")
        except v.ValidationError:
            return False

    def display_label(self) -> str:
        """The label in the user's language (translated when shown, not when declared)."""
        return _(self.label)

    def clean(self, value: Any, region: str | None = None) -> Any:
        """The stored form of *value* (JSON text for lists); raises ValidationError."""
        return self.store(self.normalize(value, self.name, region))

    def store(self, normalized: Any) -> Any:
        """The stored form of a value as the normaliser returned it (JSON text for lists)."""
        return _list_text(normalized) if self.is_list else normalized

    def load(self, stored: Any) -> Any:
        """A stored value as code uses it (lists decoded)."""
        return v.decode_list(stored) if self.is_list else stored

    def element_key(self, element: Any) -> str:
        """What two elements of a list field are compared by (a merge drops repeats)."""
        if self.type in (ADDRESS_LIST, PROPERTY_LIST):
            return json.dumps(element, sort_keys=True, ensure_ascii=False).casefold()
        value = element.get("value", "") if isinstance(element, dict) else str(element)
        return value if self.type in (PHONE_LIST, LANGUAGE_LIST) else value.casefold()


# ``json.dumps(value, ensure_ascii=False)`` without making an encoder for each value.
_list_text = json.JSONEncoder(ensure_ascii=False).encode

class _FieldRegistry(dict):
    """A dict that counts its changes: ``list_fields`` forgets what it remembered when the set changes."""

    changes = 0

    def __setitem__(self, name, field) -> None:
        super().__setitem__(name, field)
        self.changes += 1

    def __delitem__(self, name) -> None:
        super().__delitem__(name)
        self.changes += 1

    def __ior__(self, other):
        self.changes += 1
        return super().__ior__(other)

    def pop(self, *args):
        self.changes += 1
        return super().pop(*args)

    def popitem(self):
        self.changes += 1
        return super().popitem()

    def clear(self) -> None:
        self.changes += 1
        super().clear()

    def update(self, *args, **kwargs) -> None:
        self.changes += 1
        super().update(*args, **kwargs)

    def setdefault(self, name, field=None):
        self.changes += 1
        return super().setdefault(name, field)


# Every field, in declaration order (the order forms and merges show them).
CONTACT_FIELDS: dict[str, ContactField] = _FieldRegistry()


def declare_field(name: str, type_: str, label: str, normalize: v.FieldNormalizer | None, *,
                  merge: str | None = None, sync: str | None = None, search: str | None = None,
                  vcard: tuple[str, ...] = (), csv: tuple[str, ...] = (),
                  choices: tuple[str, ...] = (), references: str | None = None,
                  duplicate_key: bool = False,
                  derive: Callable[[dict], Any] | None = None) -> ContactField:
    """Register a contact field; declaring the same name twice is a programming error.

    *merge* defaults to ``MERGE_UNION`` for lists and ``MERGE_PICK`` otherwise;
    *sync* to ``SYNC_ELEMENTS`` for lists and ``SYNC_SCALAR`` otherwise (derived
    fields: ``MERGE_DERIVE`` and ``SYNC_NEVER``).
    """
    if name in CONTACT_FIELDS:
        raise ValueError(f"contact field {name!r} declared twice")
    is_list = type_ in LIST_TYPES
    if derive is not None:
        merge, sync = merge or MERGE_DERIVE, sync or SYNC_NEVER
    field = ContactField(
        name, type_, label, normalize,
        merge=merge or (MERGE_UNION if is_list else MERGE_PICK),
        sync=sync or (SYNC_ELEMENTS if is_list else SYNC_SCALAR),
        search=search, vcard=tuple(vcard), csv=tuple(csv), choices=tuple(choices),
        references=references, duplicate_key=duplicate_key, derive=derive)
    CONTACT_FIELDS[name] = field
    return field


def get_field(name: str) -> ContactField:
    """The declaration of field *name*; KeyError when there is none."""
    return CONTACT_FIELDS[name]


def list_fields(*, derived: bool | None = False, **where: Any) -> list[ContactField]:
    """Fields in declaration order whose attributes equal *where* (``list_fields(type=TEXT)``).

    Derived fields are left out unless ``derived=None`` (all) or ``True`` (only those).
    """
    # Asked seven times per contact during an import: remembered, and forgotten whenever the set of
    # declared fields changes (keyed by the fields' ids, the key alone cost 2 µs a call).
    if _LISTED.get(None) != CONTACT_FIELDS.changes:
        _LISTED.clear()
        _LISTED[None] = CONTACT_FIELDS.changes
    key = (derived, *where.items())
    found = _LISTED.get(key)
    if found is None:
        found = _LISTED[key] = [
            f for f in CONTACT_FIELDS.values()
            if (derived is None or f.is_derived == derived)
            and all(getattr(f, name) == value for name, value in where.items())]
    return list(found)


_LISTED: dict = {}  # (derived, *where) → fields; None → CONTACT_FIELDS.changes they were listed at


def field_names(fields: list[ContactField] | tuple[ContactField, ...]) -> tuple[str, ...]:
    """The names of *fields*, in their order."""
    return tuple(f.name for f in fields)


def field_label(name: str) -> str:
    """The display name of a contact field (``'job_title'`` → ``'Job title'``)."""
    field = CONTACT_FIELDS.get(name)
    return field.display_label() if field else name


_text = v.normalize_text
_country = v.ignoring_region(v.normalize_country)
_time_zone = v.ignoring_region(v.normalize_time_zone)

DISPLAY_NAME = declare_field("display_name", TEXT, N_("Name"), _text, search=SEARCH_NAMES,
                             vcard=("FN",), csv=("Name",), duplicate_key=True)
GIVEN_NAME = declare_field("given_name", TEXT, N_("Given name"), _text, search=SEARCH_NAMES,
                           vcard=("N",), csv=("Given name",), duplicate_key=True)
FAMILY_NAME = declare_field("family_name", TEXT, N_("Family name"), _text, search=SEARCH_NAMES,
                            vcard=("N",), csv=("Family name",), duplicate_key=True)
NATIVE_NAME = declare_field("native_name", TEXT, N_("Native script"), _text, search=SEARCH_NAMES,
                            vcard=("X-FAIRMATE-NATIVE-NAME",), csv=("Native name",),
                            duplicate_key=True)
NATIVE_READING = declare_field(
    "native_reading", TEXT, N_("Reading (kana)"), _text, search=SEARCH_NAMES,
    vcard=("X-FAIRMATE-NATIVE-READING", "X-PHONETIC-FIRST-NAME", "X-PHONETIC-LAST-NAME",
           "X-PHONETIC-MIDDLE-NAME"), csv=("Reading",), duplicate_key=True)
ROMANIZED_NAME = declare_field("romanized_name", TEXT, N_("Romanized"), _text, search=SEARCH_NAMES,
                               vcard=("X-FAIRMATE-ROMANIZED-NAME",), csv=("Romanized name",),
                               duplicate_key=True)
FORM_OF_ADDRESS = declare_field("form_of_address", TEXT, N_("Address as"), _text,
                                search=SEARCH_DETAILS, vcard=("X-FAIRMATE-FORM-OF-ADDRESS",),
                                csv=("Form of address",))
PHRASE_GENDER = declare_field("phrase_gender", ENUM, N_("Gender for phrases"),
                              v.normalize_choice(PHRASE_GENDERS, N_("gender for phrases must be {choices}, "
                                                                    "not {value!r}"), optional=True),
                              choices=PHRASE_GENDERS, vcard=("X-FAIRMATE-PHRASE-GENDER",),
                              csv=("Gender for phrases",))
JOB_TITLE = declare_field("job_title", TEXT, N_("Job title"), _text, search=SEARCH_DETAILS,
                          vcard=("TITLE",), csv=("Job title",))
COMPANY_ID = declare_field("company_id", REFERENCE, N_("Company"), v.normalize_reference,
                           references="companies", vcard=("ORG",), csv=("Company",))
EMAILS = declare_field("emails", EMAIL_LIST, N_("Emails"), v.normalize_emails,
                       search=SEARCH_DETAILS, vcard=("EMAIL",), csv=("Email {n}", "Email {n} label"),
                       duplicate_key=True)
PHONES = declare_field("phones", PHONE_LIST, N_("Phones"), v.normalize_phones,
                       search=SEARCH_DETAILS, vcard=("TEL",), csv=("Phone {n}", "Phone {n} label"),
                       duplicate_key=True)
COUNTRY = declare_field("country", COUNTRY, N_("Country"), _country,
                        vcard=("X-FAIRMATE-COUNTRY",), csv=("Country",), duplicate_key=True)
CITY = declare_field("city", TEXT, N_("City"), _text, search=SEARCH_DETAILS,
                     vcard=("X-FAIRMATE-CITY",), csv=("City",))
TIME_ZONE_FIELD = declare_field("time_zone", TIME_ZONE, N_("Time zone"), _time_zone,
                                vcard=("TZ",), csv=("Time zone",))
LANGUAGES = declare_field("languages", LANGUAGE_LIST, N_("Languages"), v.normalize_languages,
                          vcard=("LANG", "X-FAIRMATE-LANG"), csv=("Languages",))
TAGS = declare_field("tags", TEXT_LIST, N_("Tags"), v.normalize_tags, search=SEARCH_DETAILS,
                     vcard=("CATEGORIES",), csv=("Tags",))
STAGE = declare_field("stage", ENUM, N_("Stage"),
                      v.normalize_choice(STAGES, N_("{value!r} is not a stage ({choices})")),
                      merge=MERGE_FURTHEST, choices=STAGES, vcard=("X-FAIRMATE-STAGE",),
                      csv=("Stage",))
MET_EVENT_ID = declare_field("met_event_id", REFERENCE, N_("Met at"), v.normalize_reference,
                             references="events", vcard=("X-FAIRMATE-MET-EVENT",), csv=("Event",))
MET_BOOTH = declare_field("met_booth", TEXT, N_("Booth"), _text, vcard=("X-FAIRMATE-MET-BOOTH",),
                          csv=("Booth",))
MET_ON = declare_field("met_on", DATE, N_("Met on"), v.ignoring_region(v.normalize_date),
                       vcard=("X-FAIRMATE-MET-ON",), csv=("Met on",))
INTRODUCED_BY_CONTACT_ID = declare_field(
    "introduced_by_contact_id", REFERENCE, N_("Introduced by"), v.normalize_reference,
    references="contacts", vcard=("X-FAIRMATE-INTRODUCED-BY",))
INTRODUCED_BY_ORG = declare_field(
    "introduced_by_org", TEXT, N_("Introduced by (organization)"), _text, search=SEARCH_DETAILS,
    vcard=("X-FAIRMATE-INTRODUCED-BY-ORG",), csv=("Introduced by organization",))
TRUST_PATH = declare_field("trust_path", ENUM, N_("Trust path"),
                           v.normalize_choice(TRUST_PATHS,
                                              N_("trust path must be direct or intermediary")),
                           choices=TRUST_PATHS, vcard=("X-FAIRMATE-TRUST-PATH",),
                           csv=("Trust path",))
CONSENT_GIVEN_AT = declare_field("consent_given_at", DATETIME, N_("Consent given"),
                                 v.ignoring_region(v.normalize_datetime),
                                 vcard=("X-FAIRMATE-CONSENT-GIVEN-AT",), csv=("Consent given at",))
CONSENT_METHOD = declare_field("consent_method", TEXT, N_("Consent: how"), _text,
                               vcard=("X-FAIRMATE-CONSENT-METHOD",), csv=("Consent method",))
CONSENT_NOTE = declare_field("consent_note", TEXT, N_("Consent: note"), v.normalize_multiline_text,
                             vcard=("X-FAIRMATE-CONSENT-NOTE",), csv=("Consent note",))
ADDRESSES = declare_field("addresses", ADDRESS_LIST, N_("Addresses"), v.normalize_addresses,
                          search=SEARCH_DETAILS, vcard=("ADR",),
                          csv=("Address {n} label", "Address {n} street", "Address {n} extra line",
                               "Address {n} PO box", "Address {n} city", "Address {n} region",
                               "Address {n} postal code", "Address {n} country"))
URLS = declare_field("urls", URL_LIST, N_("Websites"), v.normalize_urls, vcard=("URL",),
                     csv=("Website {n}", "Website {n} label"))
SOCIAL_PROFILES = declare_field(
    "social_profiles", PROFILE_LIST, N_("Social profiles"), v.normalize_social_profiles,
    search=SEARCH_DETAILS, vcard=("X-SOCIALPROFILE", "SOCIALPROFILE"),
    csv=("Social profile {n}", "Social profile {n} label"))
BIRTHDAY = declare_field("birthday", BIRTHDAY, N_("Birthday"),
                         v.ignoring_region(v.normalize_birthday), vcard=("BDAY",),
                         csv=("Birthday",))
GEO_FIELD = declare_field("geo", GEO, N_("Location"), v.ignoring_region(v.normalize_geo),
                          vcard=("GEO",), csv=("Position",))
# Big photos are kept as thumbnails (core.book.images), not megabytes in the row and the change log.
PHOTO = declare_field("photo", IMAGE, N_("Photo"), normalize_photo, vcard=("PHOTO",))
# vCard properties Fairmate has no field for, kept so an export re-emits them.
EXTRAS = declare_field("extras", PROPERTY_LIST, N_("Other card fields"), v.normalize_extras)
NOTES = declare_field("notes", TEXT, N_("Notes"), v.normalize_multiline_text, merge=MERGE_JOIN, search=SEARCH_DETAILS,
                      vcard=("NOTE",), csv=("Notes",))


def derive_sort_key(row: dict) -> str:
    """The stored ``sort_key`` of a contact row (its name placed among Latin names)."""
    return sort_key_for(row.get(ROMANIZED_NAME.name), row.get(DISPLAY_NAME.name),
                        row.get(NATIVE_NAME.name), country=row.get(COUNTRY.name))


SORT_KEY_FIELD = declare_field("sort_key", SORT_KEY, N_("Sort order"), None,
                               derive=derive_sort_key)

# The columns of a contact in lists, searches and duplicate cards (with the company's name).
SUMMARY_FIELDS = (DISPLAY_NAME, NATIVE_NAME, JOB_TITLE, COUNTRY, CITY, STAGE)
