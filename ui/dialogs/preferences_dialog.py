"""Edit ▸ Preferences…: the user settings of ``core.settings``, checked by core on Save."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QMessageBox, QSpinBox, QWidget

from core.book import settings as s
from core.i18n import N_, _, language_own_name, shipped_languages
from core.book.validation import (ValidationError, default_time_zone)
from ui import operations as op
from ui.dialogs.contact_dialogs import FormDialog
from ui.widgets.form_fields import CountryComboBox, TimeZoneComboBox
from ui.widgets.common import ScrollSafeComboBox, fit_to_screen, muted_label, section_title

LOCALE_CODES = ("en_GB", "en_US", "de_DE", "fr_FR", "es_ES", "it_IT", "nl_NL", "pl_PL", "pt_BR",
                "tr_TR", "ru_RU", "ja_JP", "zh_CN", "ko_KR", "ar_SA", "th_TH", "hi_IN", "vi_VN",
                "id_ID")


def locale_choices(extra: str | None = None) -> list[tuple[str, str]]:
    """(code, "name in its own language") for each offered locale, plus *extra* if not offered."""
    from babel import Locale

    codes = list(LOCALE_CODES) + ([extra] if extra and extra not in LOCALE_CODES else [])
    choices = []
    for code in codes:
        try:
            name = Locale.parse(code).get_display_name(code)
        except Exception:  # noqa: BLE001 - an odd stored code is still shown, by its code
            name = code
        choices.append((code, f"{name[:1].upper()}{name[1:]} · {code}"))
    return choices


def interface_language_choices(current: str = "") -> list[tuple[str, str]]:
    """("", "System default") then (code, name in that language) of every shipped catalog, e.g. ("de", "Deutsch").

    A stored language whose catalog is gone is kept in the list, by its code.
    """
    codes = shipped_languages() + ([current] if current and current not in shipped_languages() else [])
    return [("", _("System default"))] + [(code, language_own_name(code)) for code in codes]


class _Invalid(ValidationError):
    """Several fields refused at once (``FormDialog`` shows each under its field)."""

    def __init__(self, errors: dict[str, str]):
        field, message = next(iter(errors.items()))
        super().__init__(field, message)
        self.errors = errors

    def by_field(self) -> dict[str, str]:
        return self.errors


class PreferencesDialog(FormDialog):
    """One field per user setting; Save validates, stores and reports the new values."""

    settings_changed = Signal(dict)  # {setting key: new value}

    def __init__(self, operations, parent: QWidget | None = None):
        super().__init__(_("Preferences"), parent, operations)
        self.setObjectName("preferencesDialog")
        self.values: dict = {}
        scroll = self.scroll_body()  # taller than a 720-px screen in German or Japanese
        form = self.new_form()
        self.body.addLayout(form)
        self.body.addStretch(1)

        self.interface_language = ScrollSafeComboBox()
        self.country = CountryComboBox()
        self.time_zone = TimeZoneComboBox()
        self.locale = ScrollSafeComboBox()
        self.follow_up_hours = QSpinBox()
        self.follow_up_hours.setRange(1, 14 * 24)
        self.follow_up_hours.setSuffix(" " + _("h"))  # the unit after the hours
        self.follow_up_hours.setMaximumWidth(110)
        self.phrase_gender = ScrollSafeComboBox()
        self.phrase_gender.setObjectName("myPhraseGender")
        for text, value in ((_("Not set (phrases as a man says them)"), ""), (_("Feminine (she, her)"), "feminine"),
                            (_("Masculine (he, him)"), "masculine")):
            self.phrase_gender.addItem(text, value)
        widgets = {s.INTERFACE_LANGUAGE.key: self.interface_language, s.HOME_COUNTRY.key: self.country,
                   s.HOME_TIME_ZONE.key: self.time_zone, s.DISPLAY_LOCALE.key: self.locale,
                   s.FOLLOW_UP_HOURS.key: self.follow_up_hours, s.MY_PHRASE_GENDER.key: self.phrase_gender}
        hints = {s.INTERFACE_LANGUAGE.key: _("Menus, pages and dossiers; takes effect when Fairmate restarts."),
                 s.DISPLAY_LOCALE.key: _("Only how dates and numbers are written, whatever the language."),
                 s.HOME_TIME_ZONE.key: _("Today and your contacts show times against it."),
                 s.FOLLOW_UP_HOURS.key: _("Proposed for each new contact; 48 h is two days."),
                 s.MY_PHRASE_GENDER.key: _("Thai, Hebrew, Arabic, Hindi, Russian and others change some words "
                                           "with the speaker: the phrasebook and dossiers use your form.")}
        for key in widgets:
            self.add_field(form, key, s.SETTINGS[key].display_label(), widgets[key], hints.get(key, ""))
        self.card_fields = self._build_card_section()

        current = {key: s.get_setting(self._db, key) for key in widgets}
        self._language_before = current[s.INTERFACE_LANGUAGE.key]
        for code, name in interface_language_choices(self._language_before):
            self.interface_language.addItem(name, code)
        self.interface_language.setCurrentIndex(self.interface_language.findData(self._language_before))
        self.country.set_code(current[s.HOME_COUNTRY.key])
        self.time_zone.set_zone(current[s.HOME_TIME_ZONE.key])
        for code, name in locale_choices(current[s.DISPLAY_LOCALE.key]):
            self.locale.addItem(name, code)
        self.locale.setCurrentIndex(self.locale.findData(current[s.DISPLAY_LOCALE.key]))
        self.follow_up_hours.setValue(current[s.FOLLOW_UP_HOURS.key])
        self.phrase_gender.setCurrentIndex(max(0, self.phrase_gender.findData(current[s.MY_PHRASE_GENDER.key])))
        self._country_code = self.country.code()
        self.country.currentTextChanged.connect(self._on_country_changed)
        # As tall as its fields, or the screen: the rest scrolls, Save stays in view. As wide as
        # they need beside the scroll bar (it scrolls only down), so no field is cut at the right.
        page = scroll.widget().sizeHint()
        fit_to_screen(self, max(580, page.width() + scroll.verticalScrollBar().sizeHint().width() + 48),
                      page.height() + self.sizeHint().height() - scroll.sizeHint().height())

    def _build_card_section(self) -> dict[str, QLineEdit]:
        """"Your card": the details shown as a QR code for partners to scan."""
        self.body.insertWidget(self.body.count() - 1, section_title(_("Your card")))
        self.body.insertWidget(self.body.count() - 1, muted_label(_(
            "Contacts ▸ Show my card shows these as a QR code a partner scans with their phone."),
            wrap=True))
        form = self.new_form()
        self.body.insertLayout(self.body.count() - 1, form)
        placeholders = {s.MY_NAME.key: _("e.g. Anna Weber"), s.MY_COMPANY.key: _("e.g. Weber Leuchten GmbH"),
                        s.MY_TITLE.key: _("e.g. Export Manager"), s.MY_EMAIL.key: _("e.g. anna@weber.de"),
                        s.MY_PHONE.key: _("e.g. +49 30 901820"), s.MY_WEBSITE.key: _("e.g. weber.de")}
        fields = {}
        for key in s.MY_CARD_KEYS:
            edit = QLineEdit(s.get_setting(self._db, key))
            edit.setPlaceholderText(placeholders[key])
            fields[key] = self.add_field(form, key, s.SETTINGS[key].display_label(), edit)
        return fields

    def _on_country_changed(self) -> None:
        """Suggest the new country's zone when the zone was still the old country's default."""
        code = self.country.code().upper()
        if len(code) != 2 or code == self._country_code:
            return
        old_default = default_time_zone(self._country_code)
        self._country_code = code
        suggestion = default_time_zone(code)
        if suggestion and self.time_zone.zone() in ("", old_default):
            self.time_zone.set_zone(suggestion)

    def save(self) -> None:
        """Check every field, then store the changed ones (or nothing); emits ``settings_changed``."""
        chosen = {s.INTERFACE_LANGUAGE.key: self.interface_language.currentData(),
                  s.HOME_COUNTRY.key: self.country.code(), s.HOME_TIME_ZONE.key: self.time_zone.zone(),
                  s.DISPLAY_LOCALE.key: self.locale.currentData(),
                  s.FOLLOW_UP_HOURS.key: self.follow_up_hours.value(),
                  s.MY_PHRASE_GENDER.key: self.phrase_gender.currentData()}
        chosen.update({key: edit.text() for key, edit in self.card_fields.items()})
        errors: dict[str, str] = {}
        values: dict[str, object] = {}
        for key, value in chosen.items():
            try:
                values[key] = s.SETTINGS[key].normalize(value)
            except ValidationError as exc:
                errors[key] = exc.message
        if errors:
            raise _Invalid(errors)
        # Only what the user changed is stored: an untouched locale keeps following the system.
        self.submit(op.save_settings, values, label=N_("Change preferences"), then=self._saved)

    @property
    def language_changed(self) -> bool:
        """True once a different interface language was saved (it applies after a restart)."""
        return bool(self.values) and self.values[s.INTERFACE_LANGUAGE.key] != self._language_before

    def _saved(self, values: dict) -> None:
        self.values = values
        self.settings_changed.emit(values)


def offer_restart(parent: QWidget | None) -> bool:
    """Say that the new interface language needs a restart and offer one; True when restarting."""
    from ui.app import restart_application

    box = QMessageBox(QMessageBox.Icon.Information, _("Interface language"),
                      _("The new language is used from the next start of Fairmate."),
                      QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName("restartQuestion")
    box.setInformativeText(_("Restart now? Everything you saved stays as it is."))
    restart = box.addButton(_("Restart now"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(_("Later"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restart)
    box.exec()
    return box.clickedButton() is restart and restart_application()
