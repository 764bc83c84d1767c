"""Which field a CSV column fills, from its header: exporters' presets and a forgiving fallback.

A preset is an exporter's own header names (Outlook in English, German and
French, Google in its current and older form, Thunderbird, LinkedIn, HubSpot,
Salesforce, Zoho, Apple Contacts via Numbers, Fairmate's own export) where
they mean something the fallback would not guess ("Title" is Outlook's name
prefix but everyone else's job title). The fallback reads common header words
in several languages, snake_case and camelCase (``first_name``,
``MailingStreet``), a home/work/other qualifier anywhere in the header
("Work City", "Telefon geschäftlich", "Rue (bureau)") and each field's declared
CSV header and label (``core.book.fields``).

Targets are those of ``core.exchange.csv_files.csv_targets``: a field's name,
an entry list in the singular with an optional label (``phone:mobile``), an
address part (``address_city``) or a part kept beside a field (``middle_name``).
"""

from __future__ import annotations

import functools
import re
import unicodedata

from core.book.fields import (BIRTHDAY, COMPANY_ID, DISPLAY_NAME, REFERENCE, FAMILY_NAME, GIVEN_NAME, JOB_TITLE,
                              LANGUAGES, NOTES, TAGS, TIME_ZONE_FIELD, list_fields)
from core.exchange.model import resolved_name

IGNORE = ""
KEEP = "extra"

# Google Contacts (both the current export and the older one), by header pattern.
GOOGLE = [
    (r"name", DISPLAY_NAME.name), (r"first name|given name", GIVEN_NAME.name),
    (r"middle name|additional name", "middle_name"), (r"last name|family name", FAMILY_NAME.name),
    (r"name prefix", "name_prefix"), (r"name suffix", "name_suffix"),
    (r"phonetic first name|given name yomi", "phonetic_given"),
    (r"phonetic last name|family name yomi", "phonetic_family"),
    (r"organization name|organization 1 - name", "company"),
    (r"organization title|organization 1 - title", JOB_TITLE.name),
    (r"organization department|organization 1 - department", "department"),
    (r"birthday", BIRTHDAY.name), (r"notes", NOTES.name), (r"labels|group membership", TAGS.name),
    (r"language", LANGUAGES.name),
    (r"e-mail \d+ - (label|type)", "email_label"), (r"e-mail \d+ - value", "email"),
    (r"phone \d+ - (label|type)", "phone_label"), (r"phone \d+ - value", "phone"),
    (r"address \d+ - (label|type)", "address_label"), (r"address \d+ - street", "address_street"),
    (r"address \d+ - city", "address_city"), (r"address \d+ - po box", "address_po_box"),
    (r"address \d+ - region", "address_region"),
    (r"address \d+ - postal code", "address_postal_code"),
    (r"address \d+ - country", "address_country"),
    (r"address \d+ - extended address", "address_extended"),
    (r"address \d+ - formatted", IGNORE),  # the parts above say the same
    (r"website \d+ - (label|type)", "url_label"), (r"website \d+ - value", "url"),
    (r"photo|file as|initials|yomi name|name yomi|organization 1 - (type|yomi name)", IGNORE),
]

# Outlook's "Comma Separated Values" export, in English.
OUTLOOK = [
    (r"title", "name_prefix"), (r"first name", GIVEN_NAME.name), (r"middle name", "middle_name"),
    (r"last name", FAMILY_NAME.name), (r"suffix", "name_suffix"), (r"company", "company"),
    (r"department", "department"), (r"job title", JOB_TITLE.name),
    (r"(business|home|other) street( \d)?", "address_street"),
    (r"(business|home|other) city", "address_city"),
    (r"(business|home|other) state", "address_region"),
    (r"(business|home|other) postal code", "address_postal_code"),
    (r"(business|home|other) country(/region)?", "address_country"),
    (r"(business|home|other) address po box", "address_po_box"),
    (r"business phone( \d)?", "phone:work"), (r"home phone( \d)?", "phone:home"),
    (r"mobile phone", "phone:mobile"), (r"business fax", "phone:work fax"),
    (r"home fax", "phone:home fax"), (r"other phone", "phone:other"), (r"primary phone", "phone"),
    (r"company main phone", "phone:main"), (r"pager", "phone:pager"), (r"car phone", "phone:car"),
    (r"assistant's phone", "phone:assistant"), (r"other fax", "phone:other fax"),
    (r"e-mail( \d)? address", "email"), (r"e-mail( \d)? (type|display name)", IGNORE),
    (r"birthday", BIRTHDAY.name), (r"categories", TAGS.name), (r"notes", NOTES.name),
    (r"web page", "url"), (r"language", LANGUAGES.name),
    (r"(callback|isdn|radio phone|tty/tdd phone|telex|private|priority|sensitivity|mileage|"
     r"billing information|directory server|internet free busy|initials|gender)", IGNORE),
]

# Outlook in German: what the fallback would read otherwise ("Privat" is a flag, not an address).
OUTLOOK_DE = [
    (r"ort|büro", KEEP),  # Outlook's "Location" and "Office", not the address's city
    (r"anrede", "name_prefix"), (r"weitere vornamen", "middle_name"), (r"namenszusatz", "name_suffix"),
    (r"haupttelefon", "phone"), (r"telefon firma", "phone:main"), (r"autotelefon", "phone:car"),
    (r"telefon assistent", "phone:assistant"),
    (r"e-mail(-| \d: )typ|e-mail( \d)?: angezeigter name", IGNORE),
    (r"(rückmeldung|isdn|telex|telefon für hörbehinderte|privat|priorität|vertraulichkeit|"
     r"reisekilometer|abrechnungsinformation|verzeichnisserver|internet-frei/gebucht|initialen|"
     r"geschlecht)", IGNORE),
]

# Outlook in French ("Titre" is the courtesy title there too).
OUTLOOK_FR = [
    (r"titre", "name_prefix"), (r"deuxième prénom", "middle_name"), (r"suffixe", "name_suffix"),
    (r"service", "department"), (r"téléphone principal", "phone"),
    (r"téléphone société", "phone:main"), (r"téléphone \(voiture\)", "phone:car"),
    (r"type de messagerie( \d)?|nom complet de l'adresse de messagerie( \d)?", IGNORE),
    (r"(rappel|rnis|télex|radio téléphone|téléphone tdd/tty|privé|priorité|critère de diffusion|"
     r"kilométrage|informations facturation|serveur d'annuaire|disponibilité internet|initiales|"
     r"sexe)", IGNORE),
]

# Thunderbird (comma or semicolon, its English headers; localized ones go by the fallback).
THUNDERBIRD = [
    (r"screen name|custom \d", KEEP), (r"birth year", "birth_year"), (r"birth month", "birth_month"),
    (r"birth day", "birth_day"), (r"(home|work) address 2", "address_extended"),
]

# LinkedIn's Connections.csv: URL is the member's profile.
LINKEDIN = [(r"url", "social_profile:linkedin"), (r"position", JOB_TITLE.name)]

# HubSpot, Salesforce and Zoho contact exports: "Title" is the job title (the fallback's reading);
# ids, owners and audit columns are kept as other fields (and named in the preview).
HUBSPOT = [(r"record id|contact owner|lifecycle stage|lead status|create date", KEEP)]
SALESFORCE = [(r"account name|account", "company"), (r"salutation", "name_prefix")]
ZOHO = [(r"account name", "company"), (r"salutation", "name_prefix"), (r"asst phone", "phone:assistant"),
        (r"skype id", "social_profile:skype"), (r"twitter", "social_profile:x")]

# Apple Contacts cards dragged into a Numbers table: labels in parentheses ("Email (work)"),
# read by the fallback; only the phonetic names need saying.
APPLE = [(r"phonetic first name", "phonetic_given"), (r"phonetic last name", "phonetic_family")]


def detect_preset(headers: list[str], fairmate_headers: set[str]) -> str:
    """The exporter a CSV's headers come from (``'generic'`` when none is recognised)."""
    names = {h.strip().casefold() for h in headers}
    if fairmate_headers <= names:
        return "fairmate"
    if ("e-mail 1 - value" in names or "phone 1 - value" in names or "group membership" in names
            or "labels" in names and "first name" in names):
        return "google"
    if {"first name", "last name"} <= names and ("e-mail address" in names or "business phone" in names
                                                 or "mobile phone" in names):
        return "outlook"
    if {"vorname", "nachname"} <= names and names & {"e-mail-adresse", "telefon geschäftlich",
                                                      "mobiltelefon"}:
        return "outlook-de"
    if {"prénom", "nom"} <= names and names & {"adresse de messagerie", "téléphone (bureau)",
                                               "tél. mobile"}:
        return "outlook-fr"
    if "primary email" in names and names & {"display name", "nickname", "screen name",
                                             "secondary email"}:
        return "thunderbird"
    if {"first name", "last name", "connected on"} <= names:
        return "linkedin"
    if "email opt out" in names or "mailing zip" in names:
        return "zoho"
    if names & {"mailing zip/postal code", "mailing state/province", "accountid"} or (
            {"account name", "mailing street"} <= names):
        return "salesforce"
    if "record id" in names and names & {"lifecycle stage", "lead status", "contact owner"}:
        return "hubspot"
    if {"phonetic first name", "phonetic last name"} <= names or any(
            re.fullmatch(r"(email|phone) \((work|home|mobile|iphone|main)\)", n) for n in names):
        return "apple"
    return "generic"


PRESETS = {"google": GOOGLE, "outlook": OUTLOOK, "outlook-de": OUTLOOK_DE, "outlook-fr": OUTLOOK_FR,
           "thunderbird": THUNDERBIRD, "linkedin": LINKEDIN, "hubspot": HUBSPOT,
           "salesforce": SALESFORCE, "zoho": ZOHO, "apple": APPLE}


# The fallback ----------------------------------------------------------------------------------

# Header words → target; a phrase is looked up whole, then without its qualifier and number.
_WORDS = {
    DISPLAY_NAME.name: "name|full name|display name|contact name|contact|fullname|anzeigename|"
                       "vollständiger name|nom complet|nombre completo|nome completo|naam|"
                       "volledige naam|imię i nazwisko|氏名|姓名|名前|이름|полное имя",
    GIVEN_NAME.name: "first name|given name|forename|firstname|first|givenname|vorname|prénom|"
                     "prenom|nombre|nome|primeiro nome|voornaam|imię|имя|名",
    "middle_name": "middle name|additional name|middlename|weitere vornamen|deuxième prénom|"
                   "segundo nombre",
    FAMILY_NAME.name: "last name|surname|family name|lastname|last|familyname|nachname|"
                      "familienname|nom|nom de famille|apellido|apellidos|cognome|sobrenome|"
                      "achternaam|nazwisko|фамилия|姓",
    "name_prefix": "name prefix|prefix|salutation|anrede|civilité|tratamiento",
    "name_suffix": "name suffix|suffix|namenszusatz|suffixe",
    "company": "company|company name|organization|organisation|organization name|org|account name|"
               "firma|firmenname|unternehmen|société|societe|entreprise|empresa|azienda|società|"
               "bedrijf|organizacja|компания|会社|会社名|회사|회사명|公司|公司名称",
    "department": "department|abteilung|département|departamento|reparto|afdeling|部署|部门|부서",
    JOB_TITLE.name: "job title|title|position|role|jobtitle|job|berufsbezeichnung|funktion|fonction|"
                    "poste|cargo|puesto|qualifica|ruolo|functie|stanowisko|должность|役職|职位|職位|직함|직위",
    "email": "email|mail|email address|emailaddress|email adresse|adresse email|"
             "adresse de messagerie|messagerie|courriel|correo|correo electrónico|"
             "posta elettronica|indirizzo email|emailadres|e mailadres|メール|メールアドレス|電子メール|"
             "电子邮件|邮箱|이메일|электронная почта",
    "phone": "phone|telephone|tel|telefon|telefonnummer|téléphone|tél|teléfono|telefono|telefoon|"
             "telefone|phone number|電話|電話番号|电话|电话号码|전화|전화번호|телефон",
    "phone:mobile": "mobile|cell|cellphone|cell phone|mobile phone|mobile number|mobile phone number|"
                    "mobiltelefon|handy|mobil|portable|tél mobile|téléphone mobile|móvil|movil|"
                    "celular|cellulare|mobiel|gsm|携帯|携帯電話|手机|휴대폰|휴대전화|мобильный",
    "phone:fax": "fax|fax number|telefax|télécopie",
    "phone:pager": "pager|pager number",
    "address_street": "street|address|street address|address line 1|straße|strasse|adresse|rue|calle|"
                      "dirección|direccion|via|indirizzo|straat|adres|ulica|endereço|住所|地址|주소|адрес",
    "address_extended": "address line 2|street 2|address 2",
    "address_city": "city|town|ort|stadt|ville|ciudad|città|citta|cidade|plaats|stad|miasto|город",
    "address_region": "state|region|province|state province|state region|bundesland|dép région|"
                      "provincia|estado|county",
    "address_postal_code": "zip|zip code|zipcode|postal code|postcode|post code|plz|postleitzahl|"
                           "code postal|cp|código postal|codigo postal|cap|zip postal code|"
                           "kod pocztowy",
    "address_country": "country|country region|land|land region|pays|pays région|país|pais|paese|"
                       "nazione|kraj|страна",
    "address_po_box": "po box|address po box|postfach|boîte postale|apartado",
    "url": "website|web site|url|web|web page|webpage|homepage|home page|webseite|site web|site|"
           "sitio web|sito web|website url|page web|web address",
    "social_profile:linkedin": "linkedin|linkedin url|linkedin profile",
    NOTES.name: "notes|note|comments|comment|description|notizen|notiz|bemerkungen|remarques|notas|"
                "opmerkingen|uwagi",
    TAGS.name: "tags|tag|categories|category|labels|groups|group|kategorien|catégories|categorías|"
               "etichette",
    BIRTHDAY.name: "birthday|date of birth|birthdate|birth date|dob|geburtstag|geburtsdatum|"
                   "anniversaire|date de naissance|cumpleaños|fecha de nacimiento|compleanno|"
                   "data di nascita|verjaardag|geboortedatum",
    LANGUAGES.name: "language|languages|sprache|langue|idioma|lingua",
    TIME_ZONE_FIELD.name: "time zone|timezone|zeitzone|fuseau horaire",
}
# Qualifiers anywhere in a header: the entry's label, the address it belongs to.
_QUALIFIERS = {
    "home": "home", "private": "home", "privat": "home", "personal": "home", "domicile": "home",
    "casa": "home", "particulier": "home", "thuis": "home",
    "work": "work", "business": "work", "office": "work", "geschäftlich": "work",
    "dienstlich": "work", "büro": "work", "bureau": "work", "professionnel": "work",
    "trabajo": "work", "lavoro": "work", "ufficio": "work", "werk": "work", "zakelijk": "work",
    "other": "other", "weitere": "other", "weiteres": "other", "weiterer": "other", "autre": "other",
    "otro": "other", "altro": "other", "mailing": "mailing", "billing": "billing",
    "shipping": "shipping",
}
# Words that say nothing about the field ("Primary Email", "E-Mail 2: Adresse", "Phone Number").
_FILLERS = {"primary", "secondary", "primäre", "sekundäre", "primaire", "secondaire", "main",
            "address", "adresse", "adres", "value", "number", "nummer", "numéro", "número", "numero"}


@functools.lru_cache(maxsize=1)
def _words() -> dict[str, str]:
    words = {}
    for target, phrases in _WORDS.items():
        for phrase in phrases.split("|"):
            words.setdefault(phrase, target)
    return words


def _registry_words() -> dict[str, str]:
    """Each declared field's CSV header and label, as its own words (read on each call)."""
    words = {}
    for field in list_fields():
        if field.csv and "{n}" not in field.csv[0]:
            target = field.name
            if field.type == REFERENCE:  # resolved by name: the company, the event
                target = "company" if field is COMPANY_ID else resolved_name(field)
            for phrase in (field.csv[0], field.label):
                words.setdefault(header_words(phrase), target)
    return words


def header_words(header: str) -> str:
    """A header as plain lower-case words: snake_case, camelCase, e-mail and punctuation undone."""
    text = unicodedata.normalize("NFC", header.strip())
    text = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text).casefold()
    text = re.sub(r"\be-?\s?mail", "email", text)
    text = re.sub(r"[_\-/:().,;'\"*]+", " ", text)
    return " ".join(text.split())


def qualifier_of(header: str) -> str:
    """The home/work/other word of a header (``'Telefon geschäftlich'`` → ``'work'``), or ``''``."""
    for word in header_words(header).split():
        if word in _QUALIFIERS:
            return _QUALIFIERS[word]
    return ""


def guess_target(header: str) -> str | None:
    """The fallback's target for a header, or None when its words name no field."""
    key = header_words(header)
    words = _words()
    if key in words:
        return _qualified(words[key], "")
    registry = _registry_words()
    if key in registry:
        return registry[key]
    tokens = [t for t in key.split() if not t.isdigit()]
    label = next((_QUALIFIERS[t] for t in tokens if t in _QUALIFIERS), "")
    core = [t for t in tokens if t not in _QUALIFIERS]
    for attempt in (core, [t for t in core if t not in _FILLERS]):
        phrase = " ".join(attempt)
        if phrase in words:
            return _qualified(words[phrase], label)
        if phrase in registry:
            return registry[phrase]
    # "Phone (mobile)", "Teléfono móvil": each word names the same kind; the narrower one wins.
    found = [words.get(t) for t in core if t not in _FILLERS]
    if found and None not in found and len({t.split(":")[0] for t in found}) == 1:
        return _qualified(max(found, key=len), label)
    return None


def _qualified(target: str, label: str) -> str:
    """An entry target with its label ("phone" + work → "phone:work"; fax + work → "work fax")."""
    kind, _sep, own = target.partition(":")
    if kind not in ("email", "phone", "url") or not label or label in ("mailing", "billing",
                                                                        "shipping"):
        return target
    if own == "mobile":
        return target  # "Home Mobile" is a mobile
    return f"{kind}:{label} {own}" if own else f"{kind}:{label}"
