"""Spanish and French: three plural forms, menu accelerators, used once installed (the rest: test_i18n.py)."""

import re

import pytest

from core import i18n
from tests.test_i18n import read_catalog

LANGUAGES = ("es", "fr")


def catalog_path(language: str):
    return i18n.LOCALE_DIR / language / "LC_MESSAGES" / "fairmate.po"




@pytest.mark.parametrize("language", LANGUAGES)
def test_both_have_three_plural_forms(language):
    # Completeness, placeholders and the compiled .mo of every catalog: tests/test_i18n.py.
    assert read_catalog(catalog_path(language)).num_plurals == 3  # CLDR: one, many (1000000), other


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
