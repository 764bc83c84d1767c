
import pytest

from core.book.contacts import (InvalidContact, add_contact, count_contacts, delete_contact,
                           get_contact, list_companies, list_contacts, update_contact)
from core.store.records import fetch_row, list_changes
from core.book.search import search_contacts


def changes_for(db, row_id):
    return [(c["field"], c["value"]) for c in list_changes(db, row_id=row_id)]


def test_add_contact_normalizes_phone_email_country_and_zone(fresh_db):
    cid = add_contact(fresh_db, display_name="Anna Müller", company="Weber GmbH", country="germany",
                      phones=["030 901820"], emails=["Anna.Mueller@Weber.DE"], languages=["de", "English"])
    contact = get_contact(fresh_db, cid)
    assert contact["country"] == "DE"
    assert contact["time_zone"] == "Europe/Berlin"
    assert contact["phones"] == [{"value": "+4930901820", "label": "", "display": "+49 30 901820"}]
    assert contact["emails"][0]["value"] == "Anna.Mueller@weber.de"
    assert contact["languages"] == ["de", "en"]
    assert contact["company"]["name"] == "Weber GmbH"
    assert contact["stage"] == "met"


@pytest.mark.parametrize("fields, field", [
    ({"display_name": "  "}, "display_name"),
    ({"display_name": "X", "phones": ["12345"]}, "phones"),
    ({"display_name": "X", "phones": ["+49 1"]}, "phones"),
    ({"display_name": "X", "emails": ["not-an-email"]}, "emails"),
    ({"display_name": "X", "country": "Atlantis"}, "country"),
    ({"display_name": "X", "time_zone": "Mars/Olympus"}, "time_zone"),
    ({"display_name": "X", "stage": "married"}, "stage"),
])
def test_bad_input_names_the_field_and_writes_nothing(fresh_db, fields, field):
    before = fresh_db.conn.execute("SELECT count(*) FROM changes").fetchone()[0]
    with pytest.raises(InvalidContact) as caught:
        add_contact(fresh_db, **fields)
    assert field in caught.value.by_field()
    assert count_contacts(fresh_db) == 0
    assert fresh_db.conn.execute("SELECT count(*) FROM changes").fetchone()[0] == before


def test_every_problem_is_reported_at_once(fresh_db):
    with pytest.raises(InvalidContact) as caught:
        add_contact(fresh_db, display_name="", phones=["1"], emails=["x"])
    assert set(caught.value.by_field()) == {"display_name", "phones", "emails"}


def test_name_falls_back_to_parts_or_native_script(fresh_db):
    a = add_contact(fresh_db, given_name="Hélène", family_name="Dubois")
    b = add_contact(fresh_db, native_name="김민준")
    assert get_contact(fresh_db, a)["display_name"] == "Hélène Dubois"
    assert get_contact(fresh_db, b)["display_name"] == "김민준"


def test_every_write_is_logged_field_by_field_with_increasing_stamps(fresh_db):
    cid = add_contact(fresh_db, display_name="Li Na", country="CN")
    created = dict(changes_for(fresh_db, cid))
    assert created["display_name"] == "Li Na"
    assert "sort_key" not in created  # derived, recomputed on every device
    first_stamp = fetch_row(fresh_db, "contacts", cid)["modified"]

    changed = update_contact(fresh_db, cid, job_title="Buyer", city="Shanghai", country="CN")
    assert set(changed) == {"job_title", "city"}
    row = fetch_row(fresh_db, "contacts", cid)
    assert row["modified"] > first_stamp
    assert [f for f, _ in changes_for(fresh_db, cid)][-2:] == ["job_title", "city"]


def test_update_with_same_values_logs_nothing(fresh_db):
    cid = add_contact(fresh_db, display_name="Li Na")
    before = len(changes_for(fresh_db, cid))
    assert update_contact(fresh_db, cid, display_name="Li Na") == {}
    assert len(changes_for(fresh_db, cid)) == before


def test_local_phone_on_update_is_read_in_the_contacts_country(fresh_db):
    cid = add_contact(fresh_db, display_name="Tanaka", country="JP")
    update_contact(fresh_db, cid, phones=["03-1234-5678"])
    assert get_contact(fresh_db, cid)["phones"][0]["value"] == "+81312345678"


def test_invalid_update_changes_nothing(fresh_db):
    cid = add_contact(fresh_db, display_name="Li Na", city="Beijing")
    with pytest.raises(InvalidContact):
        update_contact(fresh_db, cid, city="Shanghai", emails=["broken"])
    assert get_contact(fresh_db, cid)["city"] == "Beijing"


def test_delete_is_a_tombstone_that_hides_the_contact(fresh_db):
    cid = add_contact(fresh_db, display_name="Jürgen Weiß")
    assert delete_contact(fresh_db, cid)
    assert get_contact(fresh_db, cid) is None
    assert fetch_row(fresh_db, "contacts", cid, include_deleted=True)["deleted_at"]
    assert count_contacts(fresh_db) == 0
    assert search_contacts(fresh_db, "jurgen") == []
    assert list_contacts(fresh_db) == []


def test_company_is_found_case_insensitively_not_duplicated(fresh_db):
    add_contact(fresh_db, display_name="A", company="Huaxin Electronics")
    add_contact(fresh_db, display_name="B", company="huaxin electronics")
    companies = list_companies(fresh_db)
    assert [(c["name"], c["people"]) for c in companies] == [("Huaxin Electronics", 2)]


def test_introduction_makes_the_trust_path_intermediary(fresh_db):
    broker = add_contact(fresh_db, display_name="Peter Lang")
    cid = add_contact(fresh_db, display_name="Wang Fang", introduced_by_contact_id=broker)
    contact = get_contact(fresh_db, cid)
    assert contact["trust_path"] == "intermediary"
    assert contact["introduced_by"]["display_name"] == "Peter Lang"


def test_unknown_reference_is_refused(fresh_db):
    with pytest.raises(InvalidContact, match="does not exist"):
        add_contact(fresh_db, display_name="X", introduced_by_contact_id="nope")
    assert count_contacts(fresh_db) == 0


def test_list_sorts_every_script_among_latin_names_by_romanization(fresh_db):
    for name, native in [("Zoe Adams", None), ("Anna Berg", None), (None, "王芳"), (None, "Иванов")]:
        add_contact(fresh_db, display_name=name or "", native_name=native)
    names = [c["display_name"] for c in list_contacts(fresh_db)]
    assert names == ["Anna Berg", "Иванов", "王芳", "Zoe Adams"]


def test_company_match_ignores_case_and_accents_beyond_ascii(fresh_db):
    add_contact(fresh_db, display_name="A", company="Müller GmbH")
    add_contact(fresh_db, display_name="B", company="MÜLLER  GMBH")
    assert [c["people"] for c in list_companies(fresh_db)] == [2]


def test_new_row_logs_only_fields_that_have_a_value(fresh_db):
    cid = add_contact(fresh_db, display_name="Li Na")
    fields = {f for f, _ in changes_for(fresh_db, cid)}
    assert "display_name" in fields and "job_title" not in fields and "photo" not in fields


def test_photo_is_logged_in_full(fresh_db):
    cid = add_contact(fresh_db, display_name="Li Na", photo=b"\x89PNG\r\n")
    assert dict(changes_for(fresh_db, cid))["photo"] == b"\x89PNG\r\n"


def test_rowid_lookup_ignores_deleted_contacts(fresh_db):
    from core.book.summaries import get_contact_rowid

    cid = add_contact(fresh_db, display_name="Li Na")
    assert isinstance(get_contact_rowid(fresh_db, cid), int)
    delete_contact(fresh_db, cid)
    assert get_contact_rowid(fresh_db, cid) is None
    assert get_contact_rowid(fresh_db, "nope") is None


def test_column_names_cannot_smuggle_sql(fresh_db):
    from core.book.contacts import add_company, update_company

    first = add_company(fresh_db, name="Alpha")
    add_company(fresh_db, name="Beta")
    with pytest.raises(ValueError, match="no column"):
        update_company(fresh_db, first, **{"name = 'HACKED' WHERE ? OR ? OR ? --": "x"})
    assert [c["name"] for c in list_companies(fresh_db)] == ["Alpha", "Beta"]


def test_empty_phone_entries_are_skipped(fresh_db):
    cid = add_contact(fresh_db, display_name="X", phones=[None, {"value": None}, "", "+49 30 901820"])
    assert [p["value"] for p in get_contact(fresh_db, cid)["phones"]] == ["+4930901820"]


def test_consent_time_is_stored_in_utc_so_a_resave_changes_nothing(fresh_db):
    cid = add_contact(fresh_db, display_name="X", consent_given_at="2026-11-20T10:00:00+09:00")
    assert get_contact(fresh_db, cid)["consent_given_at"] == "2026-11-20T01:00:00+00:00"
    assert update_contact(fresh_db, cid, consent_given_at="2026-11-20T02:00:00+01:00") == {}


def test_japanese_kanji_names_sort_by_their_japanese_reading(fresh_db):
    add_contact(fresh_db, native_name="田中太郎", country="JP")
    add_contact(fresh_db, display_name="Sato Ken")
    add_contact(fresh_db, display_name="Teo Lim")
    # "tanaka" sorts before "teo"; read as Mandarin ("tian…") it would come after.
    assert [c["display_name"] for c in list_contacts(fresh_db)] == ["Sato Ken", "田中太郎", "Teo Lim"]


@pytest.mark.parametrize("typed, code", [("USA", "US"), ("UK", "GB"), ("Turkey", "TR"), ("Korea", "KR"),
                                         ("south korea", "KR"), ("Germany", "DE"), ("jp", "JP")])
def test_countries_by_code_name_or_common_alias(typed, code):
    from core.book.validation import normalize_country

    assert normalize_country(typed) == code


def test_list_contact_rowids_reads_the_first_page_alone(fresh_db):
    from core.book.summaries import list_contact_rowids

    for name in ("Cleo", "Abe", "Dana", "Bea"):
        add_contact(fresh_db, display_name=name)
    delete_contact(fresh_db, get_id(fresh_db, "Bea"))
    everyone = list_contact_rowids(fresh_db)
    assert len(everyone) == 3
    assert list_contact_rowids(fresh_db, limit=2) == everyone[:2]


def get_id(db, name):
    return db.conn.execute("SELECT id FROM contacts WHERE display_name = ?", (name,)).fetchone()[0]


def test_gender_for_phrases_may_be_left_unset_or_cleared(fresh_db):
    # A form sends every field: an unset gender comes as "" and must stay unset, not be refused.
    contact = add_contact(fresh_db, display_name="Mohammed Al-Ketbi", phrase_gender="")
    assert get_contact(fresh_db, contact).get("phrase_gender") is None
    update_contact(fresh_db, contact, phrase_gender="masculine")
    update_contact(fresh_db, contact, phrase_gender="")
    assert get_contact(fresh_db, contact).get("phrase_gender") is None
    with pytest.raises(InvalidContact):
        update_contact(fresh_db, contact, phrase_gender="neuter")
