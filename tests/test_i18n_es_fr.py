"""The Spanish and French catalogs are complete and keep placeholders, markup and accelerators."""

import gettext
import io
import re

import pytest
from babel.messages.mofile import write_mo

from core import i18n
from tests.test_i18n import TEMPLATE, accelerators, key, placeholders, read_catalog

LANGUAGES = ("es", "fr")


def catalog_path(language: str):
    return i18n.LOCALE_DIR / language / "LC_MESSAGES" / "fairmate.po"


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_translates_every_message_of_the_template(language):
    catalog = read_catalog(catalog_path(language))
    assert catalog.num_plurals == 3  # CLDR: one, many (1000000), other
    entries = {key(m): m for m in catalog if m.id}
    problems = []
    for message in read_catalog(TEMPLATE):
        if not message.id:
            continue
        entry = entries.get(key(message))
        forms = () if entry is None else (
            entry.string if isinstance(entry.string, tuple) else (entry.string,))
        if entry is None or entry.fuzzy or not all(forms):
            problems.append(repr(message.id))
        elif isinstance(message.id, tuple) != isinstance(entry.id, tuple):
            problems.append(f"plural forms differ: {message.id!r}")
    assert problems == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_placeholders_markup_and_accelerators(language):
    catalog = read_catalog(catalog_path(language))
    assert list(catalog.check()) == []
    problems = []
    for message in catalog:
        if not message.id:
            continue
        sources = message.id if isinstance(message.id, tuple) else (message.id,)
        targets = message.string if isinstance(message.string, tuple) else (message.string,)
        for index, target in enumerate(targets):
            source = sources[min(index, len(sources) - 1)]  # [0] is n == 1, the others plural
            if placeholders(source) != placeholders(target):
                problems.append(f"placeholders: {source!r} -> {target!r}")
            if sorted(re.findall(r"</?\w+>", source)) != sorted(re.findall(r"</?\w+>", target)):
                problems.append(f"markup: {source!r} -> {target!r}")
            if accelerators(source) != accelerators(target):
                problems.append(f"accelerator: {source!r} -> {target!r}")
    assert problems == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_menu_accelerators_are_unique_within_each_menu(language):
    translation = i18n.translation_for(language)
    menus = [["&File", "&Edit", "&Contacts", "&View", "&Help"],
             ["&New contact…", "&Import…", "&Export…", "&Quit"],
             ["&Undo", "&Preferences…"],
             ["&Duplicates…", "Show &my card…", "Add contact from &QR code…"]]
    for menu in menus:
        letters = [re.search(r"&(\w)", translation.gettext(label)).group(1).lower() for label in menu]
        assert len(set(letters)) == len(letters), (menu, letters)


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalog_is_up_to_date(language):
    path = catalog_path(language)
    buffer = io.BytesIO()
    write_mo(buffer, read_catalog(path))
    buffer.seek(0)
    expected = gettext.GNUTranslations(buffer)
    with path.with_suffix(".mo").open("rb") as file:
        shipped = gettext.GNUTranslations(file)
    messages = {k: v for k, v in expected._catalog.items() if k != ""}
    assert {k: v for k, v in shipped._catalog.items() if k != ""} == messages


def test_spanish_and_french_are_used_once_installed():
    try:
        i18n.install_language("es_ES")
        assert i18n._("Contacts") == "Contactos"
        assert i18n.ngettext("{n} contact", "{n} contacts", 1).format(n=1) == "1 contacto"
        assert i18n.ngettext("{n} contact", "{n} contacts", 0).format(n=0) == "0 contactos"
        i18n.install_language("fr_FR")
        assert i18n._("Today") == "Aujourd'hui"
        # French uses the singular for zero.
        assert i18n.ngettext("{n} new contact", "{n} new contacts", 0).format(n=0) == "0 nouveau contact"
        assert i18n.ngettext("{n} new contact", "{n} new contacts", 2).format(n=2) == "2 nouveaux contacts"
    finally:
        i18n.install_language("en")
