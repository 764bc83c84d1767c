"""Where the contact fields appear in the app: the form's tabs, hints, choice texts, the pane.

The fields themselves are declared in core.book.fields; this module only
places them. A field not listed here still appears: in the form's "Other" tab
(an input by its type) and in the pane's profile card (shown by its type).
"""

from __future__ import annotations

from core.book import fields as f
from core.i18n import N_, _

# The contact dialog's tabs, in order, each with its fields in order.
FORM_SECTIONS: tuple[tuple[str, tuple[f.ContactField, ...]], ...] = (
    (N_("Person"), (f.DISPLAY_NAME, f.GIVEN_NAME, f.FAMILY_NAME, f.NATIVE_NAME, f.NATIVE_READING,
                    f.ROMANIZED_NAME, f.FORM_OF_ADDRESS, f.PHRASE_GENDER, f.JOB_TITLE, f.COMPANY_ID, f.BIRTHDAY)),
    (N_("Reach"), (f.EMAILS, f.PHONES, f.COUNTRY, f.CITY, f.TIME_ZONE_FIELD, f.LANGUAGES, f.TAGS,
                   f.URLS, f.SOCIAL_PROFILES, f.GEO_FIELD)),
    (N_("How we met"), (f.MET_EVENT_ID, f.MET_BOOTH, f.MET_ON, f.INTRODUCED_BY_CONTACT_ID,
                        f.INTRODUCED_BY_ORG, f.TRUST_PATH)),
    (N_("Notes & consent"), (f.NOTES, f.CONSENT_GIVEN_AT, f.CONSENT_METHOD, f.CONSENT_NOTE)),
)
# The tab of every field not placed above (a field declared later lands here by itself).
OTHER_SECTION = N_("Other")
# Fields the form leaves out: the stage is changed in the pane, where the change is recorded.
NOT_IN_FORM = (f.STAGE,)
# Text fields typed as paragraphs.
MULTILINE = (f.NOTES,)


def form_sections() -> list[tuple[str, list[f.ContactField]]]:
    """The form's tabs (translated title, fields): the placed ones, then "Other" if it has any."""
    placed = {field.name for _title, members in FORM_SECTIONS for field in members}
    others = [field for field in f.list_fields()
              if field.name not in placed and field not in NOT_IN_FORM]
    sections = [(_(title), list(members)) for title, members in FORM_SECTIONS]
    return sections + ([(_(OTHER_SECTION), others)] if others else [])


def placeholder_text(field: f.ContactField) -> str:
    """An example in the input (or a date's check box text); '' for none."""
    return {
        f.DISPLAY_NAME.name: _("As you say it, e.g. Zhang Wei"),
        f.NATIVE_NAME.name: _("e.g. 张伟, 田中 太郎, محمد"),
        f.NATIVE_READING.name: _("e.g. たなか たろう"),
        f.FORM_OF_ADDRESS.name: _("e.g. Herr Dr. Weber, Tanaka-san"),
        f.LANGUAGES.name: _("e.g. zh, en  or  Chinese, English"),
        f.TAGS.name: _("e.g. distributor, LED, priority"),
        f.INTRODUCED_BY_ORG.name: _("e.g. German Chamber of Commerce, a freight forwarder"),
        f.CONSENT_GIVEN_AT.name: _("Agreed to be contacted on"),
        f.CONSENT_METHOD.name: _("e.g. handed over a business card, badge scan"),
        f.SOCIAL_PROFILES.name: _("e.g. https://www.linkedin.com/in/… or a WeChat ID"),
    }.get(field.name, "")


def hint_text(field: f.ContactField) -> str:
    """A line under the input; '' for none."""
    return {
        f.PHONES.name: _("A local number is read in the chosen country, otherwise start with + "
                         "and the country code"),
        f.INTRODUCED_BY_CONTACT_ID.name: _("A contact who introduced you"),
        f.PHRASE_GENDER.name: _("Some languages change their words for a man or a woman: "
                                "phrasebook and dossier then use the right form"),
    }.get(field.name, "")


def choice_texts(field: f.ContactField) -> list[tuple[str, str]]:
    """An ENUM field's choices as (value, text shown)."""
    if field is f.TRUST_PATH:
        texts = {"direct": _("Direct: we built it ourselves"),
                 "intermediary": _("Via an intermediary: introduced or referred")}
    elif field is f.STAGE:
        texts = {stage: f.stage_label(stage) for stage in field.choices}
    elif field is f.PHRASE_GENDER:
        texts = {f.FEMININE: _("Feminine (she, her)"), f.MASCULINE: _("Masculine (he, him)")}
    else:
        texts = {}
    listed = [(choice, texts.get(choice) or _(choice)) for choice in field.choices]
    # A choice the field's declaration lets stay unset gets an empty entry: a form must not
    # set it just because a list has none (the stage and the trust path always have a value).
    if not field.may_stay_empty:
        return listed
    return [("", _("— not set —"))] + listed


def resolved_key(field: f.ContactField) -> str:
    """Where ``get_contact`` puts the row a reference points to (company_id → company)."""
    return field.name.removesuffix("_id").removesuffix("_contact")


# Fields the pane's cards show in their own way (the header, "How we met", the stage);
# every other non-empty field is shown in the profile card by its type.
PANE_OWN = (f.DISPLAY_NAME, f.NATIVE_NAME, f.GIVEN_NAME, f.FAMILY_NAME, f.NATIVE_READING,
            f.ROMANIZED_NAME, f.FORM_OF_ADDRESS, f.JOB_TITLE, f.COMPANY_ID, f.STAGE,
            f.COUNTRY, f.CITY, f.TIME_ZONE_FIELD, f.MET_EVENT_ID, f.MET_BOOTH, f.MET_ON,
            f.INTRODUCED_BY_CONTACT_ID, f.INTRODUCED_BY_ORG, f.TRUST_PATH, f.CONSENT_GIVEN_AT,
            f.CONSENT_METHOD, f.NOTES, f.PHOTO)
