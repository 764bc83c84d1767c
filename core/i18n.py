"""Translation of user-visible strings (gettext catalogs compiled with babel).

Catalogs live in ``core/locale/<lang>/LC_MESSAGES/fairmate.mo`` (inside the
package, so an installed Fairmate has them too); without one, strings show in
English. Wrap every user-visible string in ``_()``; ``make translations``
extracts, updates and compiles the catalogs.
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "fairmate"

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"  # the shipped catalog's code (core/locale/<code>) in use


def shipped_languages() -> list[str]:
    """``'en'`` and the folder name of every compiled catalog (``core/locale/<code>/LC_MESSAGES``).

    Scanned, not listed: a catalog that is added ships its language.
    """
    try:
        found = sorted(p.name for p in LOCALE_DIR.iterdir() if (p / "LC_MESSAGES" / f"{DOMAIN}.mo").is_file())
    except OSError:
        found = []
    return ["en"] + [code for code in found if code != "en"]


def language_own_name(code: str) -> str:
    """A language's name in itself, as a language menu shows it: ``de`` → ``Deutsch``, ``ja`` → ``日本語``."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name(code.replace("-", "_")) or code
    except (ValueError, UnknownLocaleError):
        return code
    return name[:1].upper() + name[1:]


def match_shipped_language(code: str | None) -> str | None:
    """The shipped catalog for *code* (``de_AT`` → ``de``, ``zh_CN`` → ``zh_Hans``), else None.

    English (``en_US``) is ``'en'``: it needs no catalog.
    """

    wanted = (code or "").split(".")[0].split("@")[0].replace("-", "_")
    if not wanted or wanted in ("C", "POSIX"):
        return None
    shipped = shipped_languages()
    if wanted in shipped:
        return wanted
    language = wanted.split("_")[0]
    if language in shipped and not any(code.startswith(language + "_") for code in shipped):
        return language  # de_DE → de without loading babel's data (the command line starts in 40 ms)
    from babel import Locale, UnknownLocaleError

    try:
        asked = Locale.parse(wanted)
    except (ValueError, UnknownLocaleError):
        return None
    script = asked.script or _likely_script(asked)
    best = None
    for candidate in shipped:
        try:
            offered = Locale.parse(candidate)
        except (ValueError, UnknownLocaleError):
            continue
        if offered.language != asked.language:
            continue
        if (offered.script or _likely_script(offered)) != script:
            continue  # zh_TW (Traditional) is not served by zh_Hans
        if offered.territory and offered.territory == asked.territory:
            return candidate
        if best is None or not offered.territory:
            best = candidate
    return best


def _likely_script(locale) -> str | None:
    from babel.core import get_global

    subtags = get_global("likely_subtags")
    for key in (f"{locale.language}_{locale.territory}" if locale.territory else None, locale.language):
        if key and key in subtags:
            parts = subtags[key].split("_")
            return parts[1] if len(parts) > 2 else None
    return None


def languages_of_environment(environ=None) -> list[str]:
    """The languages the environment asks for, in gettext's order (LANGUAGE, LC_ALL, LC_MESSAGES, LANG)."""
    environ = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            return [part for part in value.split(":") if part]
    return []


def install_language(language: str | None) -> None:
    """Switch the catalog used by ``_`` to *language* (e.g. ``'de'``); None: the environment's; English if absent."""
    global _translation, _language
    asked = [language] if language else languages_of_environment()
    for code in asked:
        if code.split("_")[0].split(".")[0] == "en":
            break  # English asked for first: no catalog, whatever comes after it
        found = match_shipped_language(code)
        if found and found != "en":
            _translation = gettext.translation(DOMAIN, LOCALE_DIR, languages=[found], fallback=True)
            _language = found
            return
    _translation, _language = gettext.NullTranslations(), "en"


def translation_for(language: str | None) -> gettext.NullTranslations:
    """The catalog of *language* (e.g. ``'de'``) without switching the app's; English if absent."""
    languages = [language] if language else ["en"]
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=languages, fallback=True)


def current_language() -> str:
    """The language of the catalog in use (``'de'``, ``'zh_Hans'``), ``'en'`` when strings show in English."""
    return _language


def _(message: str) -> str:
    """Translate *message* with the installed catalog."""
    return _translation.gettext(message)


def N_(message: str) -> str:
    """Mark *message* for extraction only; translate it later with ``_`` where it is shown."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message that depends on a count."""
    return _translation.ngettext(singular, plural, n)

