"""The import pipeline (preview, all or nothing, updates, duplicates), exports and the CLI."""

import json
from pathlib import Path

import pytest

from core.book.activity import schedule_follow_up_in
from core.book.contacts import add_contact, count_contacts, get_contact
from core.book.events import add_event, add_meeting
from core.exchange.pipeline import (ImportRejected, apply_import, export_contacts, preview_import,
                           read_import_data, read_import_file)
from main import main

DATA = Path(__file__).parent / "data" / "exchange"


def changes_count(db):
    return db.conn.execute("SELECT count(*) FROM changes").fetchone()[0]


@pytest.mark.parametrize("name, count", [
    ("apple_icloud_3.0.vcf", 3), ("google_3.0.vcf", 2), ("old_phone_2.1.vcf", 2), ("card_4.0.vcf", 1),
    ("mixed_versions.vcf", 8), ("google_contacts.csv", 3), ("outlook_contacts_cp1252.csv", 2),
    ("outlook_contacts_utf16.csv", 2)])
def test_every_sample_file_imports(fresh_db, name, count):
    preview = preview_import(fresh_db, read_import_file(DATA / name))
    assert preview.ok, preview.errors
    result = apply_import(fresh_db, preview)
    assert len(result.added) == count == count_contacts(fresh_db)


def test_broken_file_is_rejected_and_nothing_is_written(fresh_db):
    before = changes_count(fresh_db)
    preview = preview_import(fresh_db, read_import_file(DATA / "broken.vcf"))
    assert not preview.ok
    assert {p.line for p in preview.errors} == {1, 6, 13, 15}
    with pytest.raises(ImportRejected) as info:
        apply_import(fresh_db, preview)
    assert "broken.vcf:1" in str(info.value)
    assert count_contacts(fresh_db) == 0 and changes_count(fresh_db) == before


def test_invalid_values_are_warnings_and_kept_unchecked(fresh_db):
    preview = preview_import(fresh_db, read_import_file(DATA / "warnings_only.vcf"))
    assert preview.ok and {(p.line, p.field) for p in preview.warnings} == {
        (5, "phones"), (7, "emails"), (8, "birthday")}
    (contact_id,) = apply_import(fresh_db, preview).added
    contact = get_contact(fresh_db, contact_id)
    assert [p["value"] for p in contact["phones"]] == ["+31612345678"]
    assert {(e["name"], e["value"]) for e in contact["extras"]} == {
        ("TEL", "12345"), ("EMAIL", "jan@@example"), ("BDAY", "31-12-1980")}


def test_same_email_and_name_updates_same_email_other_name_is_a_likely_duplicate(fresh_db):
    anna = add_contact(fresh_db, display_name="Ana Costa", emails=["ana.costa@lusoimport.pt"],
                       notes="Met in Lisbon")
    other = add_contact(fresh_db, display_name="Ivan P.", emails=["i.petrov@uralsteel.ru"])
    preview = preview_import(fresh_db, read_import_file(DATA / "google_3.0.vcf"))
    (update,) = preview.updated
    assert update.contact_id == anna and "phones" in update.changes and "company" in update.changes
    (duplicate,) = preview.duplicates
    assert duplicate.name == "Иван Петров" and duplicate.duplicates[0].contact_id == other
    apply_import(fresh_db, preview)
    assert count_contacts(fresh_db) == 3  # the duplicate is not merged automatically
    merged = get_contact(fresh_db, anna)
    assert merged["notes"] == "Met in Lisbon\n\nPrefers WhatsApp. Decision in Q3."
    assert merged["company"]["name"] == "Luso Import Lda."
    assert [e["value"] for e in merged["emails"]] == ["ana.costa@lusoimport.pt", "ana.c@gmail.com"]


def test_languages_named_in_another_language_are_read(fresh_db):
    preview = preview_import(fresh_db, read_import_file(DATA / "outlook_contacts_cp1252.csv"))
    (detected,) = preview.warnings  # the encoding, read from the content
    assert preview.ok and "Windows-1252" in detected.message
    assert [e.fields["languages"] for e in preview.new] == [["de"], ["fr"]]  # "Deutsch", "fr"


def test_same_person_twice_in_one_file_is_flagged(fresh_db):
    card = "BEGIN:VCARD\nVERSION:3.0\nFN:{name}\nEMAIL:same@example.com\nEND:VCARD\n"
    data = (card.format(name="A One") + card.format(name="A Two")).encode()
    preview = preview_import(fresh_db, read_import_data(data, source="twice.vcf"))
    assert len(preview.new) == 2 and len(preview.duplicates) == 1
    assert "line 1" in preview.duplicates[0].duplicates[0].reason


def test_content_decides_the_kind_not_the_extension(fresh_db, tmp_path):
    path = tmp_path / "contacts.txt"
    path.write_bytes((DATA / "card_4.0.vcf").read_bytes())
    assert read_import_file(path).kind == "vcard"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    assert read_import_file(path).kind == "unknown"
    assert not preview_import(fresh_db, read_import_file(path)).ok


def test_fairmate_fields_round_trip_through_vcard_into_another_book(fresh_db, tmp_path):
    from core.store.db import open_database

    event = add_event(fresh_db, name="Canton Fair", city="Guangzhou", country="CN",
                      time_zone="Asia/Shanghai", starts_on="2026-04-15")
    mentor = add_contact(fresh_db, display_name="Li Na", country="CN")
    zhang = add_contact(fresh_db, display_name="Zhang Wei", native_name="张伟", country="CN",
                        company="Guangzhou LED", form_of_address="Mr. Zhang", met_event_id=event,
                        met_booth="12.2 C18", met_on="2026-04-16", introduced_by_contact_id=mentor,
                        consent_given_at="2026-04-16T10:00:00+08:00", consent_method="business card",
                        birthday="--05-23", geo="23.1,113.3", languages=["zh", "en"],
                        addresses=[{"label": "work", "street": "1 Tianhe Rd", "city": "Guangzhou"}],
                        urls=["https://led.example.cn"], phones=["138 0013 8000"], tags=["led"])
    data = export_contacts(fresh_db, "vcf")
    other = open_database(tmp_path / "other.db")
    apply_import(other, preview_import(other, read_import_data(data, source="export.vcf")))
    copy = get_contact(other, other.conn.execute(
        "SELECT id FROM contacts WHERE display_name = 'Zhang Wei'").fetchone()[0])
    original = get_contact(fresh_db, zhang)
    for key in ("native_name", "form_of_address", "met_booth", "met_on", "consent_given_at",
                "consent_method", "birthday", "geo", "languages", "addresses", "urls", "phones",
                "tags", "country", "time_zone", "trust_path", "stage"):
        assert copy[key] == original[key], key
    assert copy["met_event"]["name"] == "Canton Fair" and copy["met_event"]["city"] == "Guangzhou"
    assert copy["introduced_by"]["display_name"] == "Li Na"
    assert copy["company"]["name"] == "Guangzhou LED"
    other.close()


def test_calendar_export_has_zones_meetings_and_follow_ups(fresh_db, monkeypatch):
    from icalendar import Calendar

    monkeypatch.setenv("LANG", "de_DE.UTF-8")  # at home in Germany: home time is Berlin's

    cid = add_contact(fresh_db, display_name="Tanaka Hiroshi", country="JP")
    add_meeting(fresh_db, cid, starts_at="2026-03-10T10:00", time_zone="Asia/Tokyo", place="Hall 4")
    schedule_follow_up_in(fresh_db, cid, hours=48, reason="Send the catalogue")
    calendar = Calendar.from_ical(export_contacts(fresh_db, "ics"))
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    meeting = events["Meeting: Tanaka Hiroshi"]
    assert meeting.decoded("dtstart").isoformat() == "2026-03-10T10:00:00+09:00"
    assert str(meeting["dtstart"].params["TZID"]) == "Asia/Tokyo"
    assert "Follow up: Tanaka Hiroshi" in events
    assert {str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")} == {"Asia/Tokyo", "Europe/Berlin"}
    other = add_contact(fresh_db, display_name="Nobody")
    assert not Calendar.from_ical(export_contacts(fresh_db, "ics", contact_ids=[other])).walk("VEVENT")


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_import_dry_run_import_and_export(capsys, tmp_path):
    db = tmp_path / "book.db"
    code, out, _ = run(capsys, "--db", db, "import", DATA / "google_contacts.csv", "--dry-run", "--json")
    assert code == 0 and json.loads(out)["new"] == 3 and json.loads(out)["dry_run"]
    code, out, _ = run(capsys, "--db", db, "list", "--json")
    assert json.loads(out) == []
    code, out, _ = run(capsys, "--db", db, "import", DATA / "excel_semicolon.csv", "--map", "Land=country")
    assert code == 1  # the row without a name
    code, out, _ = run(capsys, "--db", db, "import", DATA / "mixed_versions.vcf")
    assert code == 0 and "8 new" in out
    out_file = tmp_path / "all.vcf"
    code, out, _ = run(capsys, "--db", db, "export", "--format", "vcf", "--version", "3.0", "-o", out_file)
    assert code == 0 and out_file.read_text(encoding="utf-8").count("BEGIN:VCARD") == 8
    assert "VERSION:3.0" in out_file.read_text(encoding="utf-8")
    ids = [r["id"] for r in json.loads(run(capsys, "--db", db, "list", "--json")[1])][:2]
    code, out, _ = run(capsys, "--db", db, "export", "--format", "csv", "-o", tmp_path / "two.csv",
                       "--contact", ids[0], "--contact", ids[1], "--json")
    assert code == 0 and json.loads(out)["contacts"] == 2
    code, _, _ = run(capsys, "--db", db, "export", "--format", "ics", "-o", tmp_path / "cal.ics")
    assert code == 0 and (tmp_path / "cal.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")


def test_cli_rejected_import_exits_non_zero_names_problems_and_writes_nothing(capsys, tmp_path):
    db = tmp_path / "book.db"
    code, out, err = run(capsys, "--db", db, "import", DATA / "broken.vcf")
    assert code == 1 and out == "" and "broken.vcf:1" in err and err.count("\n") == 1
    assert json.loads(run(capsys, "--db", db, "list", "--json")[1]) == []
    code, _, err = run(capsys, "--db", db, "import", tmp_path / "missing.vcf")
    assert code == 1 and "cannot read" in err
