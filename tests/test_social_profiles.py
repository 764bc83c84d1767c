"""Social profiles: one field declared in the registry, found everywhere the registry is read."""

import json

import pytest
from sqlite_utils import Database

from core.book.contacts import InvalidContact, add_contact, get_contact, update_contact
from core.book.fields import SOCIAL_PROFILES, get_field
from core.book.merging import merge_contacts
from core.book.search import search_contacts
from core.book.validation import ValidationError, normalize_social_profiles
from core.store.db import open_database
from core.store.migrations import MIGRATIONS


def test_the_service_is_read_from_the_address_when_not_given():
    profiles = normalize_social_profiles(
        ["https://www.linkedin.com/in/klausweber", {"value": "@weber_klaus", "label": "X"},
         {"value": "https://www.xing.com/profile/Klaus_Weber", "label": ""}, "wxid_kw1960"],
        "social_profiles")
    assert profiles == [
        {"value": "https://www.linkedin.com/in/klausweber", "label": "linkedin"},
        {"value": "@weber_klaus", "label": "x"},
        {"value": "https://www.xing.com/profile/Klaus_Weber", "label": "xing"},
        {"value": "wxid_kw1960", "label": ""}]


@pytest.mark.parametrize("bad", ["Klaus Weber", "https://", "http://no-host"])
def test_a_profile_that_is_neither_an_address_nor_a_handle_is_refused_by_name(bad):
    with pytest.raises(ValidationError) as error:
        normalize_social_profiles([bad], "social_profiles")
    assert error.value.field == "social_profiles"


def test_profiles_are_stored_searched_and_merged_element_by_element(fresh_db):
    anna = add_contact(fresh_db, display_name="Anna Weber",
                       social_profiles=["https://www.linkedin.com/in/annaweber"])
    assert get_contact(fresh_db, anna)["social_profiles"] == [
        {"value": "https://www.linkedin.com/in/annaweber", "label": "linkedin"}]
    assert [c["display_name"] for c in search_contacts(fresh_db, "annaweber")] == ["Anna Weber"]
    other = add_contact(fresh_db, display_name="Anna Weber",
                        social_profiles=["https://www.linkedin.com/in/annaweber",
                                         {"value": "@anna_w", "label": "x"}])
    merge_contacts(fresh_db, anna, other)
    assert [p["value"] for p in get_contact(fresh_db, anna)["social_profiles"]] == [
        "https://www.linkedin.com/in/annaweber", "@anna_w"]


def test_a_bad_profile_names_the_field(fresh_db):
    anna = add_contact(fresh_db, display_name="Anna Weber")
    with pytest.raises(InvalidContact) as error:
        update_contact(fresh_db, anna, social_profiles=["not a profile"])
    assert [e.field for e in error.value.errors] == ["social_profiles"]


def test_the_field_syncs_element_by_element_and_is_declared_once():
    assert get_field("social_profiles") is SOCIAL_PROFILES
    assert SOCIAL_PROFILES.is_list and SOCIAL_PROFILES.sync == "elements"
    assert "X-SOCIALPROFILE" in SOCIAL_PROFILES.vcard


def test_the_migration_moves_profiles_out_of_the_kept_card_properties(tmp_path):
    path = tmp_path / "old.db"
    old = Database(path)
    MIGRATIONS.apply(old, stop_before="0008_social_profiles")
    extras = [{"name": "X-SOCIALPROFILE", "group": None, "params": {"TYPE": ["linkedin"]},
               "value": "http\\://www.linkedin.com/in/klausweber"},
              {"name": "X-ABADR", "group": None, "params": {}, "value": "de"}]
    old.conn.execute(
        "INSERT INTO contacts(id, created_at, modified, display_name, sort_key, extras) "
        "VALUES ('c1', '2026-01-01T00:00:00+00:00', '0000000000001-00000-node', 'Klaus Weber', "
        "'klaus weber', ?)", (json.dumps(extras),))
    old.conn.commit()
    old.close()
    db = open_database(path)
    contact = get_contact(db, "c1")
    assert contact["social_profiles"] == [
        {"value": "http://www.linkedin.com/in/klausweber", "label": "linkedin"}]
    assert [e["name"] for e in contact["extras"]] == ["X-ABADR"]
    db.close()


APPLE_CARD = (b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Klaus Weber\r\nN:Weber;Klaus;;;\r\n"
              b"X-SOCIALPROFILE;type=linkedin:http://www.linkedin.com/in/klausweber\r\n"
              b"X-SOCIALPROFILE;type=twitter;x-user=kweber:http\\://twitter.com/kweber\r\n"
              b"END:VCARD\r\n")


def _import(db, data, source):
    from core.exchange.pipeline import apply_import, preview_import, read_import_data

    preview = preview_import(db, read_import_data(data, source=source))
    assert preview.errors == []
    return apply_import(db, preview).added


def test_profiles_come_in_from_a_vcard_and_go_out_and_back_in_vcard_and_csv(fresh_db):
    from core.exchange.pipeline import export_contacts
    from core.store.db import open_database

    (klaus,) = _import(fresh_db, APPLE_CARD, "apple.vcf")
    profiles = [(p["value"], p["label"]) for p in get_contact(fresh_db, klaus)["social_profiles"]]
    assert profiles == [("http://www.linkedin.com/in/klausweber", "linkedin"),
                        ("http://twitter.com/kweber", "twitter")]
    assert not any("SOCIALPROFILE" in e["name"] for e in get_contact(fresh_db, klaus)["extras"])
    assert [c["display_name"] for c in search_contacts(fresh_db, "kweber")] == ["Klaus Weber"]
    for file_format, name in (("vcf", "out.vcf"), ("csv", "out.csv")):
        data = export_contacts(fresh_db, file_format)
        data = data if isinstance(data, bytes) else data.encode("utf-8")
        other = open_database(memory=True)
        (copy,) = _import(other, data, name)
        again = [(p["value"], p["label"]) for p in get_contact(other, copy)["social_profiles"]]
        assert again == profiles, file_format
        other.close()


def test_profiles_sync_to_another_device_element_by_element():
    from core.store.receive import apply_remote_changes, list_unapplied_values
    from core.store.wire import export_changes
    from tests.receive_books import new_book

    mine, colleague = new_book(), new_book()
    anna = add_contact(mine, display_name="Anna Weber", social_profiles=["https://www.xing.com/profile/Anna_Weber"])
    apply_remote_changes(colleague, export_changes(mine)[0])
    assert get_contact(colleague, anna)["social_profiles"] == [
        {"value": "https://www.xing.com/profile/Anna_Weber", "label": "xing"}]
    assert list_unapplied_values(colleague) == []
