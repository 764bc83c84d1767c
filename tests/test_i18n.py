"""User-visible strings are wrapped for gettext, extractable with babel, and translated into every
shipped language (each core/locale/<code>/LC_MESSAGES/fairmate.po: German, and any catalog added)."""

import gettext
import io
import os
import re
import string
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from core import i18n

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = i18n.LOCALE_DIR / "fairmate.pot"
GERMAN_PO = i18n.LOCALE_DIR / "de" / "LC_MESSAGES" / "fairmate.po"
# Every catalog in the tree, found rather than listed: a new language is checked the day it lands.
CATALOGS = sorted(i18n.LOCALE_DIR.glob("*/LC_MESSAGES/fairmate.po"))
every_catalog = pytest.mark.parametrize("po_path", CATALOGS, ids=[p.parts[-3] for p in CATALOGS])


def extracted() -> list:
    """Every string babel finds in core/ and ui/: a str, or (singular, plural) for ngettext."""
    return [message for folder in ("core", "ui")
            for _file, _line, message, _comments, _context in extract_from_dir(
                ROOT / folder, method_map=[("**.py", "python")])]


def extracted_messages() -> set[str]:
    messages = set()
    for message in extracted():
        messages.update([message] if isinstance(message, str) else message)
    return messages


def read_catalog(path: Path):
    with path.open("rb") as file:
        return read_po(file)


def key(message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def test_babel_extracts_the_strings_users_see():
    messages = extracted_messages()
    for expected in ("Contacts", "Today", "a contact needs a name", "Trial order",
                     "{value!r} is not a valid phone number",
                     "Home country",  # N_() in core/settings.py
                     "{n} contact", "{n} contacts"):  # ngettext() singular and plural
        assert expected in messages
    assert len(messages) > 200


def test_no_formatted_string_is_passed_to_gettext():
    # _(f"...") would be looked up after formatting and never be translated.
    offenders = [f"{path.relative_to(ROOT)}:{number}"
                 for folder in ("core", "ui") for path in (ROOT / folder).rglob("*.py")
                 for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if '_(f"' in line or "_(f'" in line]
    assert offenders == []


# Adding or changing a user-visible string makes the next two tests fail on purpose, until
# the catalogs catch up: run `make translations` (extract, update the .po, compile), translate
# the new entries in every core/locale/<code>/LC_MESSAGES/fairmate.po (remove "#, fuzzy"), run
# `make translations` again and commit the .pot, .po and .mo together.

def test_template_is_up_to_date_with_the_code():
    in_template = {key(m) for m in read_catalog(TEMPLATE) if m.id}
    in_code = {m if isinstance(m, str) else m[0] for m in extracted()}
    assert sorted(in_code - in_template) == [], "new strings: run `make translations`"
    assert sorted(in_template - in_code) == [], "strings gone from the code: run `make translations`"


def test_german_is_shipped_with_two_plural_forms():
    assert GERMAN_PO in CATALOGS
    german = read_catalog(GERMAN_PO)
    assert german.num_plurals == 2 and german.plural_expr == "(n != 1)"


def missing_translations(po_path: Path, template_path: Path = TEMPLATE) -> list[str]:
    """What the catalog at *po_path* lacks against the template: missing, fuzzy or empty entries."""
    template = read_catalog(template_path)
    catalog = read_catalog(po_path)
    entries = {key(m): m for m in catalog if m.id}
    problems = []
    for message in template:
        if not message.id:
            continue
        entry = entries.get(key(message))
        if entry is None:
            problems.append(f"missing: {message.id!r}")
        elif entry.fuzzy:
            problems.append(f"fuzzy: {message.id!r}")
        elif isinstance(message.id, tuple) != isinstance(entry.id, tuple):
            problems.append(f"plural forms differ from the template: {message.id!r}")
        else:
            forms = entry.string if isinstance(entry.string, tuple) else (entry.string,)
            if not all(forms) or (isinstance(entry.id, tuple) and len(forms) != catalog.num_plurals):
                problems.append(f"untranslated: {message.id!r}")
    return problems


@every_catalog
def test_catalog_translates_every_extracted_message(po_path):
    catalog = read_catalog(po_path)
    language = catalog.locale.language if catalog.locale else None
    assert language == po_path.parts[-3].split("_")[0], f"the Language header of {po_path} says {catalog.locale}"
    assert missing_translations(po_path) == []


def test_a_new_catalog_missing_a_string_is_reported(tmp_path):
    # As a Japanese catalog would land: one plural form, one string left out, one still fuzzy.
    template = tmp_path / "fairmate.pot"
    template.write_text('msgid "Contacts"\nmsgstr ""\n\nmsgid "Today"\nmsgstr ""\n\n'
                        'msgid "{n} contact"\nmsgid_plural "{n} contacts"\nmsgstr[0] ""\nmsgstr[1] ""\n\n'
                        'msgid "Later"\nmsgstr ""\n', encoding="utf-8")
    po = tmp_path / "ja.po"
    po.write_text('msgid ""\nmsgstr ""\n"Language: ja\\n"\n"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
                  'msgid "Contacts"\nmsgstr "連絡先"\n\n'
                  'msgid "{n} contact"\nmsgid_plural "{n} contacts"\nmsgstr[0] "{n} 件の連絡先"\n\n'
                  '#, fuzzy\nmsgid "Later"\nmsgstr "後で"\n', encoding="utf-8")
    assert missing_translations(po, template) == ["missing: 'Today'", "fuzzy: 'Later'"]


def placeholders(text: str) -> list[tuple]:
    """``{name}`` fields with their conversion and format spec, e.g. ``('value', 'r', '')``."""
    return sorted((name, conversion or "", spec or "")
                  for _literal, name, spec, conversion in string.Formatter().parse(text)
                  if name is not None)


def accelerators(text: str) -> int:
    """How many keyboard accelerators (``&File``) a label has; ``&&`` and `` & `` are literal."""
    return len(re.findall(r"&(?=[^&\s])", text.replace("&&", "")))


@every_catalog
def test_translations_keep_placeholders_markup_and_accelerators(po_path):
    catalog = read_catalog(po_path)
    assert list(catalog.check()) == []  # babel's own checkers: %-formats, number of plural forms
    problems = []
    for message in catalog:
        if not message.id:
            continue
        sources = message.id if isinstance(message.id, tuple) else (message.id,)
        targets = message.string if isinstance(message.string, tuple) else (message.string,)
        for index, target in enumerate(targets):
            if not target:
                continue  # untranslated: the test above reports it
            # With two or more forms, [0] is the one for n == 1 (the singular); any other form, and the
            # only form of a language without plurals (Japanese, Chinese), stands for the plural.
            source = sources[0] if index == 0 and catalog.num_plurals > 1 else sources[-1]
            if placeholders(source) != placeholders(target):
                problems.append(f"placeholders: {source!r} -> {target!r}")
            if sorted(re.findall(r"</?\w+>", source)) != sorted(re.findall(r"</?\w+>", target)):
                problems.append(f"markup: {source!r} -> {target!r}")
            if accelerators(source) != accelerators(target):
                problems.append(f"accelerator: {source!r} -> {target!r}")
    assert problems == []


@every_catalog
def test_compiled_catalog_is_up_to_date_with_the_po_file(po_path):
    catalog = read_catalog(po_path)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    expected = gettext.GNUTranslations(buffer)
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.is_file(), f"{mo_path} is missing: run `make translations`"
    with mo_path.open("rb") as file:
        shipped = gettext.GNUTranslations(file)
    # The header ("" entry) names the babel version that compiled it; compare the messages.
    messages = {k: v for k, v in expected._catalog.items() if k != ""}
    assert {k: v for k, v in shipped._catalog.items() if k != ""} == messages, (
        "fairmate.mo is stale: run `make translations`")
    # The same plural rule as the .po: es/fr have 3 forms (one, many, other), so 2 is form 2 there.
    counts = (0, 1, 2, 5, 1000000)
    assert shipped.plural(1) == 0
    assert [shipped.plural(n) for n in counts] == [expected.plural(n) for n in counts]


def test_german_is_used_once_installed():
    from core.book.fields import stage_label
    from core.book.settings import HOME_COUNTRY

    i18n.install_language("de_DE")  # what QLocale.system().name() gives on a German desktop
    assert i18n._("Contacts") == "Kontakte"
    assert i18n._(HOME_COUNTRY.label) == "Heimatland"  # marked with N_(), translated where shown
    assert stage_label("trial_order") == "Probeauftrag"
    assert i18n.ngettext("{n} contact", "{n} contacts", 1).format(n=1) == "1 Kontakt"
    assert i18n.ngettext("{n} contact", "{n} contacts", 3).format(n=3) == "3 Kontakte"
    assert i18n.ngettext("{n} step apart", "{n} steps apart", 0) == "{n} Stufen Abstand"  # 0 is plural
    i18n.install_language("en")
    assert i18n._("Contacts") == "Contacts"


def test_command_line_speaks_the_language_of_the_environment(capsys, monkeypatch):
    from main import main

    monkeypatch.setenv("LANGUAGE", "de")
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "eine Person ins Adressbuch aufnehmen" in capsys.readouterr().out


def test_the_app_picks_german_from_a_german_system_locale(tmp_path):
    script = (
        "from ui.app import create_application, install_translations\n"
        "from PySide6.QtCore import QCoreApplication\n"
        "from core.i18n import _\n"
        "app = create_application(['fairmate'])\n"
        "install_translations(app)\n"
        "print(_('Contacts'))\n"
        "print(QCoreApplication.translate('QPlatformTheme', 'Cancel'))\n")
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen",
           "LANG": "de_DE.UTF-8", "HOME": str(tmp_path)}
    if "XDG_RUNTIME_DIR" in os.environ:
        env["XDG_RUNTIME_DIR"] = os.environ["XDG_RUNTIME_DIR"]
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True,
                            env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["Kontakte", "Abbrechen"]  # ours and Qt's own
