"""The contact field registry (core.book.fields): every field declared once, completely."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest

from core.book import fields as f
from core.book.contacts import add_contact, get_contact
from core.book.validation import ValidationError

ROOT = Path(__file__).resolve().parent.parent
# Production folders where a field's name must not be spelled out.
SCANNED_FOLDERS = ["core/book", "core/exchange", "core/cli", "ui"]
# Files that may spell field names: the registry itself and the schema.
DECLARING_FILES = {"core/book/fields.py", "core/store/migrations.py"}
# Words that are also columns of other tables, or error-message defaults, in these files
# (file -> words). Shrink this list; never grow it for a contact field.
OTHER_MEANINGS = {
    "core/book/events.py": {"city", "country", "time_zone", "display_name", "native_name"},
    "core/book/contacts.py": {"native_name", "city", "notes", "country"},  # companies' columns
    "core/book/today.py": {"time_zone", "display_name", "native_name"},  # query result keys
    "core/book/activity.py": {"time_zone"},  # the zone of an interaction or follow-up (docs/time.md)
    "core/book/times.py": {"city", "time_zone"},  # babel's exemplar city; a fair's columns
    "core/book/validation.py": {"country", "languages", "time_zone", "birthday", "geo", "city"},
    # romanize cannot import the registry (the registry imports romanize's sort_key_for).
    "core/book/romanize.py": {"display_name", "native_name", "native_reading", "romanized_name",
                              "country"},
    # Header patterns of Google's and Outlook's exports (r"birthday", r"notes", r"country").
    "core/exchange/csv_headers.py": {"birthday", "notes", "country"},
    "core/exchange/ical.py": {"time_zone"},  # a meeting's column
    # A met-at event's columns, read from and written to a card beside the event's name.
    "core/exchange/preview.py": {"city", "country", "time_zone"},
    "core/exchange/vcard.py": {"city", "country", "time_zone"},
    # set-stage's argument and result key; a meeting's zone; agenda rows' keys (as today.py).
    "core/cli/activity.py": {"stage", "time_zone", "display_name"},
    "core/cli/contacts.py": {"time_zone"},  # a meeting's zone
    "core/cli/content.py": {"country", "languages", "native_name"},  # phrasebook and etiquette keys
    "core/cli/events.py": {"city"},  # an event's city
    "ui/dialogs/activity_dialogs.py": {"time_zone", "city"},  # the meeting's and its event's zone, its city
    "ui/pages/dossiers_page.py": {"time_zone"},  # a meeting's zone
    "ui/pages/today_page.py": {"time_zone"},  # a meeting's zone
    "ui/widgets/contact_cards.py": {"city", "country", "time_zone"},  # an address's parts, an event's city,
    # the zone of a follow-up or interaction
    "ui/widgets/form_fields.py": {"city"},  # an event's city
}


def test_every_field_is_declared_completely():
    for field in f.CONTACT_FIELDS.values():
        assert field.label, field.name
        assert field.merge in {f.MERGE_PICK, f.MERGE_UNION, f.MERGE_JOIN, f.MERGE_FURTHEST,
                               f.MERGE_DERIVE}, field.name
        assert field.sync in {f.SYNC_SCALAR, f.SYNC_ELEMENTS, f.SYNC_NEVER}, field.name
        assert (field.normalize is None) == field.is_derived, field.name
        assert field.search in (None, f.SEARCH_NAMES, f.SEARCH_DETAILS), field.name
        if field.type == f.ENUM:
            assert field.choices, field.name
        if field.type == f.REFERENCE:
            assert field.references, field.name


def test_list_fields_merge_and_sync_element_by_element():
    lists = f.list_fields(is_list=True)
    assert {x.name for x in lists} >= {"emails", "phones", "tags", "addresses"}
    for field in lists:
        assert field.merge == f.MERGE_UNION and field.sync == f.SYNC_ELEMENTS, field.name
    for field in f.list_fields(is_list=False):
        assert field.sync == f.SYNC_SCALAR, field.name


def test_derived_fields_are_never_synced_nor_chosen_in_a_merge():
    derived = f.list_fields(derived=True)
    assert [x.name for x in derived] == ["sort_key"]
    for field in derived:
        assert field.sync == f.SYNC_NEVER and field.merge == f.MERGE_DERIVE
    assert f.SORT_KEY_FIELD not in f.list_fields()


def test_declaring_a_field_twice_is_refused():
    with pytest.raises(ValueError, match="declared twice"):
        f.declare_field("emails", f.EMAIL_LIST, "Emails", None)


def test_a_field_cleans_to_its_stored_form_and_names_itself_in_errors():
    assert f.PHONES.clean(["030 901820"], "DE") == '[{"value": "+4930901820", "label": ""}]'
    assert f.TAGS.clean([" fair ", "fair", ""]) == '["fair"]'
    assert f.COUNTRY.clean("Japan") == "JP"
    with pytest.raises(ValidationError) as caught:
        f.STAGE.clean("friend")
    assert caught.value.field == "stage" and "met, rapport" in caught.value.message
    with pytest.raises(ValidationError) as caught:
        f.EMAILS.clean(["not an address"])
    assert caught.value.field == "emails"


def test_element_keys_compare_emails_without_case_and_phones_exactly():
    assert f.EMAILS.element_key({"value": "A@X.DE"}) == f.EMAILS.element_key({"value": "a@x.de"})
    assert f.PHONES.element_key({"value": "+4930"}) == "+4930"


def test_lookups_and_labels():
    assert f.get_field("job_title") is f.JOB_TITLE
    assert f.field_label("job_title") == "Job title"
    assert f.field_label("no_such_field") == "no_such_field"
    assert f.field_names(f.SUMMARY_FIELDS)[0] == "display_name"
    assert f.list_fields(type=f.REFERENCE) == [f.COMPANY_ID, f.MET_EVENT_ID,
                                               f.INTRODUCED_BY_CONTACT_ID]


def test_get_contact_decodes_every_list_field(fresh_db):
    contact_id = add_contact(fresh_db, display_name="Anna", tags=["a"], emails=["a@x.de"])
    contact = get_contact(fresh_db, contact_id)
    for field in f.list_fields(is_list=True):
        assert isinstance(contact[field.name], list), field.name


def _field_name_literals(path: Path) -> list[tuple[int, str]]:
    names = set(f.CONTACT_FIELDS)
    return [(node.lineno, node.value) for node in ast.walk(ast.parse(path.read_text("utf-8")))
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in names]


def test_field_names_are_spelled_only_in_the_registry():
    repeated = []
    for folder in SCANNED_FOLDERS:
        for path in sorted((ROOT / folder).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if relative in DECLARING_FILES:
                continue
            allowed = OTHER_MEANINGS.get(relative, set())
            repeated += [f"{relative}:{line}: {name!r}" for line, name in _field_name_literals(path)
                         if name not in allowed]
    assert not repeated, "use the field's declaration (core.book.fields):\n" + "\n".join(repeated)


def test_the_literal_scan_finds_a_spelled_out_field(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('row.get("job_title")\nrow.get(JOB_TITLE.name)\n', "utf-8")
    assert _field_name_literals(sample) == [(1, "job_title")]


def test_the_data_model_doc_lists_every_field_as_the_registry_declares_it():
    from core.book.field_docs import rewrite_field_section

    text = (ROOT / "docs" / "data-model.md").read_text(encoding="utf-8")
    assert rewrite_field_section(text) == text, "run: python -m core.book.field_docs docs/data-model.md"


def test_usual_entry_labels_are_stored_in_english_and_shown_in_the_interface_language():
    from core.book.fields import entry_label_key, entry_label_text
    from core.i18n import install_language

    install_language("de")
    try:
        assert entry_label_text("mobile") == "mobil" and entry_label_text("work") == "geschäftlich"
        assert entry_label_key("Mobil") == "mobile" and entry_label_key("geschäftlich") == "work"
        assert entry_label_text("Sekretariat") == "Sekretariat"  # the user's own label, as typed
        assert entry_label_key("Sekretariat") == "Sekretariat"
    finally:
        install_language("en")
    assert entry_label_text("work") == "work" and entry_label_key(" Work ") == "work"


def test_listed_fields_follow_every_change_of_the_declared_set(monkeypatch):
    """``list_fields`` remembers its answers until a field is declared, removed or replaced."""
    before = f.list_fields(type=f.URL_LIST)
    field = f.declare_field("chat_handles_listed", f.URL_LIST, "Chat handles", f.v.normalize_urls)
    try:
        assert f.list_fields(type=f.URL_LIST) == [*before, field]
        assert f.list_fields()[-1] is field
        replaced = dataclasses.replace(field, type=f.TEXT_LIST)
        monkeypatch.setitem(f.CONTACT_FIELDS, field.name, replaced)
        assert f.list_fields(type=f.URL_LIST) == before
        assert f.list_fields(type=f.TEXT_LIST)[-1] is replaced
        monkeypatch.undo()
        assert f.list_fields(type=f.URL_LIST) == [*before, field]
        f.CONTACT_FIELDS.pop(field.name)
        assert f.list_fields(type=f.URL_LIST) == before and field not in f.list_fields()
    finally:
        f.CONTACT_FIELDS.pop(field.name, None)
    # What a caller does with the list it got is its own.
    f.list_fields().clear()
    assert f.list_fields()
