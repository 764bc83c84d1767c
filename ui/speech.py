"""Saying a phrase aloud with QtTextToSpeech, where the computer has a voice for its language.

QtTextToSpeech (PySide6-Addons) is loaded on first use. On Linux its
``speechd`` engine needs speech-dispatcher; without it, or without a voice
whose locale matches the phrasebook's ``speech`` locale, the user gets one
plain sentence instead of silence. Tests use the ``mock`` engine.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject

from core.i18n import _


def voice_install_hint(platform: str | None = None) -> str:
    """How to get a voice on this system (*platform* as ``sys.platform`` says it)."""
    platform = platform or sys.platform
    if platform.startswith("win"):
        return _("To add one, open Settings ▸ Time & language ▸ Speech ▸ Add voices, then restart Fairmate.")
    if platform == "darwin":
        return _("To add one, open System Settings ▸ Accessibility ▸ Spoken Content ▸ System voice ▸ "
                 "Manage Voices, then restart Fairmate.")
    return _("To add one, install the packages speech-dispatcher and espeak-ng "
             "(e.g. sudo apt install speech-dispatcher espeak-ng), then restart Fairmate.")


def voice_fits(wanted, locale) -> bool:
    """True when a voice of *locale* can speak a phrasebook whose speech locale is *wanted* (QLocales).

    The same language fits. Cantonese (yue-HK) also takes a Chinese voice of Hong
    Kong or Macao: Windows and macOS list their Cantonese voices as zh-HK, while
    espeak-ng (speech-dispatcher) lists "yue". A Mandarin voice (zh-CN, zh-TW)
    would read the Cantonese text with Mandarin sounds, so it never fits.
    """
    from PySide6.QtCore import QLocale

    if locale.language() == wanted.language():
        return True
    return (wanted.language() == QLocale.Language.Cantonese and locale.language() == QLocale.Language.Chinese
            and locale.territory() in (QLocale.Country.HongKong, QLocale.Country.Macao))


class PhraseSpeaker(QObject):
    """Speaks text in a given locale with a matching voice; says plainly when none exists."""

    def __init__(self, engine: str | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self._engine_name = engine
        self._speech = None
        self._failed = False

    def _engine(self):
        if self._speech is None and not self._failed:
            try:
                from PySide6.QtTextToSpeech import QTextToSpeech
            except ImportError:  # PySide6-Addons missing, or its libraries (libpulse0)
                self._failed = True
                return None
            speech = QTextToSpeech(self._engine_name, self) if self._engine_name else QTextToSpeech(self)
            if speech.state() == QTextToSpeech.State.Error:
                self._failed = True
                return None
            self._speech = speech
        return self._speech

    def find_voice(self, locale_name: str | None):
        """A voice for *locale_name* (BCP 47, e.g. ``ko-KR``): same language and country first, else same language."""
        engine = self._engine()
        if engine is None or not locale_name:
            return None
        from PySide6.QtCore import QLocale

        wanted = QLocale(locale_name.replace("-", "_"))
        locales = engine.availableLocales()
        same_language = [loc for loc in locales if voice_fits(wanted, loc)]
        same_language.sort(key=lambda loc: loc.territory() != wanted.territory())
        for locale in same_language:
            engine.setLocale(locale)  # availableVoices() lists the voices of the engine's locale
            voices = [v for v in engine.availableVoices() if voice_fits(wanted, v.locale())]
            if voices:
                return voices[0]
        return None

    def speak(self, text: str, locale_name: str | None, language_name: str) -> str | None:
        """Say *text* in *locale_name*; return None when it is being spoken, else a message for the user."""
        voice = self.find_voice(locale_name)
        if voice is None:
            return "\n".join((_("No voice for {language} is installed on this computer").format(
                language=language_name), voice_install_hint()))
        engine = self._speech
        engine.stop()
        engine.setLocale(voice.locale())
        engine.setVoice(voice)
        engine.say(text)
        return None

    def state(self):
        """The engine's state (``QTextToSpeech.State``), or None without an engine."""
        return self._speech.state() if self._speech is not None else None
