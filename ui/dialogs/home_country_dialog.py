"""HomeCountryDialog: asked once, on the first start, so etiquette cards compare with the right home."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QWidget

from core.book import settings as s
from core.i18n import N_, _
from core.book.validation import default_time_zone
from ui import operations as op
from ui.dialogs.contact_dialogs import FormDialog
from ui.widgets.form_fields import CountryComboBox
from ui.widgets.common import muted_label


class HomeCountryDialog(FormDialog):
    """Where the user is based: stored as HOME_COUNTRY (and the zone, while that is still unset)."""

    def __init__(self, operations, parent: QWidget | None = None, suggestion: str | None = None):
        super().__init__(_("Welcome to Fairmate"), parent, operations)
        self.setObjectName("homeCountryDialog")
        self.values: dict = {}
        intro = muted_label(_("Which country are you based in? Etiquette cards compare each partner's "
                              "country with yours, and times are shown against your home zone. "
                              "You can change it later in Edit ▸ Preferences."), wrap=True)
        self.body.addWidget(intro)
        form = self.new_form()
        self.body.addLayout(form)
        self.country = CountryComboBox()
        self.add_field(form, s.HOME_COUNTRY.key, s.HOME_COUNTRY.display_label(), self.country)
        # The country of the home time the app already shows, so the page behind and the question agree.
        zone = s.get_setting(self._db, s.HOME_TIME_ZONE.key) if self._db is not None else None
        self.country.set_code(suggestion or s.suggest_home_country(zone))
        self.save_button.setText(_("Continue"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Later"))
        self.resize(480, self.sizeHint().height())

    def save(self) -> None:
        """Store the country (checked by core); the home zone follows it unless the user chose one."""
        country = self.country.code()
        self.submit(op.save_home_country, country, default_time_zone(country), label=N_("Set home country"),
                    then=lambda values: setattr(self, "values", values))
