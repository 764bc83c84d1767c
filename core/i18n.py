"""Translation of user-visible strings (gettext catalogs compiled with babel).

Catalogs live in ``core/locale/<lang>/LC_MESSAGES/fairmate.mo`` (inside the
package, so an installed Fairmate has them too); without one, strings show in
English. Wrap every user-visible string in ``_()``; ``make translations``
extracts, updates and compiles the catalogs.
"""

from __future__ import annotations

import gettext
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "fairmate"

_translation: gettext.NullTranslations = gettext.NullTranslations()


def install_language(language: str | None) -> None:
    """Switch the catalog used by ``_`` to *language* (e.g. ``'de'``); English if absent."""
    global _translation
    languages = [language] if language else None
    _translation = gettext.translation(DOMAIN, LOCALE_DIR, languages=languages, fallback=True)


def translation_for(language: str | None) -> gettext.NullTranslations:
    """The catalog of *language* (e.g. ``'de'``) without switching the app's; English if absent."""
    languages = [language] if language else ["en"]
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=languages, fallback=True)
def current_language() -> str:
    """The language of the catalog in use (``'de'``), ``'en'`` when strings show in English."""
    if isinstance(_translation, gettext.GNUTranslations):
        return (_translation.info().get("language") or "en").replace("-", "_")
    return "en"


def _(message: str) -> str:
    """Translate *message* with the installed catalog."""
    return _translation.gettext(message)


def N_(message: str) -> str:
    """Mark *message* for extraction only; translate it later with ``_`` where it is shown."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message that depends on a count."""
    return _translation.ngettext(singular, plural, n)
