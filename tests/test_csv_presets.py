"""Issue 17: every exporter's CSV read right (one small file per preset, in its documented shape)."""

from pathlib import Path

import pytest

from core.exchange.csv_files import guess_csv_mapping, sniff_csv
from core.exchange.csv_headers import guess_target
from core.exchange.pipeline import preview_import, read_import_file

PRESETS = Path(__file__).parent / "data" / "exchange" / "presets"


def read(fresh_db, name):
    preview = preview_import(fresh_db, read_import_file(PRESETS / name))
    assert preview.ok, preview.errors
    return preview


def values(entry, field):
    return [e["value"] for e in entry.fields.get(field, [])]


def unmapped(preview):
    return sorted(p.field for p in preview.warnings if p.line is None)


@pytest.mark.parametrize("name", ["thunderbird_comma.csv", "thunderbird_semicolon.csv"])
def test_thunderbird(fresh_db, name):
    preview = read(fresh_db, name)
    assert preview.source.csv.preset == "thunderbird"
    ingrid, pedro = preview.new
    assert values(ingrid, "emails") == ["ingrid@nordlys.se", "ingrid.svensson@gmail.com"]
    assert sorted(p["label"] for p in ingrid.fields["phones"]) == ["fax", "home", "mobile", "work"]
    home, work = sorted(ingrid.fields["addresses"], key=lambda a: a["label"])
    assert (home["label"], home["city"], home["postal_code"]) == ("home", "Stockholm", "11122")
    assert (work["street"], work["extended"], work["city"], work["country"]) == (
        "Industrigatan 7", "Building B", "Göteborg", "Sweden")
    assert values(ingrid, "urls") == ["https://nordlys.se"]
    assert ingrid.fields["birthday"] == "1975-04-09" and pedro.fields["birthday"] == "--12-24"
    assert ingrid.fields["job_title"] == "Export Manager" and ingrid.company == "Nordlys AB"
    assert pedro.fields["country"] == "PT" and unmapped(preview) == []


def test_outlook_english_reads_every_email(fresh_db):
    preview = read(fresh_db, "outlook_en.csv")
    (tom,) = preview.new
    assert values(tom, "emails") == ["tom@bakertools.co.uk", "tom.baker@gmail.com", "tbaker@outlook.com"]
    assert unmapped(preview) == []


def test_outlook_german(fresh_db):
    preview = read(fresh_db, "outlook_de.csv")
    assert preview.source.csv.preset == "outlook-de"
    (katrin,) = preview.new
    assert katrin.fields["display_name"] == "Katrin Vogel" and katrin.company == "Vogel Maschinenbau GmbH"
    assert katrin.fields["job_title"] == "Leiterin Einkauf"
    assert values(katrin, "emails") == ["k.vogel@vogel-mb.de", "katrin.vogel@web.de"]
    assert sorted(p["label"] for p in katrin.fields["phones"]) == ["mobile", "work", "work fax"]
    (address,) = katrin.fields["addresses"]
    assert (address["label"], address["street"], address["city"], address["postal_code"]) == (
        "work", "Industriestraße 12\nHalle 3", "Kaiserslautern", "67655")
    assert katrin.fields["country"] == "DE" and katrin.fields["birthday"] == "1971-05-23"
    assert katrin.fields["tags"] == ["Messe", "Prio A"] and katrin.fields["languages"] == ["de"]
    assert values(katrin, "urls") == ["www.vogel-mb.de"] and unmapped(preview) == []


def test_outlook_french(fresh_db):
    preview = read(fresh_db, "outlook_fr.csv")
    assert preview.source.csv.preset == "outlook-fr"
    (luc,) = preview.new
    assert (luc.fields["given_name"], luc.fields["family_name"]) == ("Luc", "Bernard")
    assert luc.fields["job_title"] == "Acheteur" and luc.fields["country"] == "FR"
    assert values(luc, "emails") == ["luc.bernard@bernard-textiles.fr"]
    assert sorted(p["label"] for p in luc.fields["phones"]) == ["mobile", "work", "work fax"]
    assert luc.fields["languages"] == ["fr"] and unmapped(preview) == []


def test_google_older_export(fresh_db):
    preview = read(fresh_db, "google_older.csv")
    assert preview.source.csv.preset == "google"
    (kenji,) = preview.new
    assert values(kenji, "emails") == ["sato@kansai-seiki.co.jp", "kenji.gmail.com"[:0] + "kenji.sato@gmail.com"]
    assert kenji.company == "Kansai Seiki" and kenji.fields["job_title"] == "Sales Manager"
    assert kenji.fields["native_reading"] == "さとう けんじ" and kenji.fields["tags"] == ["Osaka 2025"]


def test_apple_contacts_via_numbers(fresh_db):
    preview = read(fresh_db, "apple_numbers.csv")
    assert preview.source.csv.preset == "apple"
    (mia,) = preview.new
    assert [(e["value"], e["label"]) for e in mia.fields["emails"]] == [("mia@hoffmann-design.de", "work")]
    assert sorted(p["label"] for p in mia.fields["phones"]) == ["mobile", "work"]
    assert mia.fields["addresses"][0]["city"] == "Berlin" and mia.fields["country"] == "DE"
    assert mia.fields["notes"] == "Met at IFA" and unmapped(preview) == []


def test_linkedin_connections_after_their_notes(fresh_db):
    preview = read(fresh_db, "linkedin_connections.csv")
    assert preview.source.csv.preset == "linkedin"
    aisha, marco = preview.new
    assert aisha.fields["social_profiles"][0]["value"] == "https://www.linkedin.com/in/aisharahman"
    assert values(aisha, "emails") == ["aisha.rahman@example.com"] and marco.fields.get("emails") == []
    assert aisha.fields["job_title"] == "Procurement Lead" and marco.company == "Bianchi Srl"
    assert unmapped(preview) == ["Connected On"]


def test_hubspot(fresh_db):
    preview = read(fresh_db, "hubspot_contacts.csv")
    assert preview.source.csv.preset == "hubspot"
    (grace,) = preview.new
    assert sorted(p["label"] for p in grace.fields["phones"]) == ["", "mobile"]
    assert grace.company == "Acme Robotics" and grace.fields["country"] == "US"
    assert grace.fields["addresses"][0]["region"] == "CA" and values(grace, "urls") == ["https://acme.example"]
    assert unmapped(preview) == ["Contact owner", "Create Date", "Lifecycle Stage", "Record ID"]


def test_salesforce(fresh_db):
    preview = read(fresh_db, "salesforce_contacts.csv")
    assert preview.source.csv.preset == "salesforce"
    (olivia,) = preview.new
    assert olivia.fields["job_title"] == "Purchasing Director" and olivia.company == "Maple Foods Inc."
    assert olivia.fields["addresses"][0]["postal_code"] == "M5H 3T4" and olivia.fields["country"] == "CA"
    assert olivia.fields["birthday"] == "1982-11-30" and olivia.fields["notes"] == "Interested in trial order"
    assert unmapped(preview) == ["Contact Owner", "Lead Source"]


def test_zoho(fresh_db):
    preview = read(fresh_db, "zoho_contacts.csv")
    assert preview.source.csv.preset == "zoho"
    (ravi,) = preview.new
    assert values(ravi, "emails") == ["ravi@keralaspices.example", "ravi.menon@gmail.com"]
    assert ravi.company == "Kerala Spices Pvt Ltd" and ravi.fields["country"] == "IN"
    assert {p["label"] for p in ravi.fields["social_profiles"]} == {"skype", "x"}
    assert ravi.fields["tags"] == ["Anuga 2025"]
    assert unmapped(preview) == ["Contact Owner", "Email Opt Out", "Lead Source", "Record Id"]


def test_snake_case_and_qualified_headers(fresh_db):
    preview = read(fresh_db, "generic_snake_case.csv")
    (lena,) = preview.new
    assert lena.fields["display_name"] == "Lena Koch"
    assert [(e["value"], e["label"]) for e in lena.fields["emails"]] == [
        ("lena@koch.example", "home"), ("lena.koch@firma.example", "work")]
    assert sorted(p["label"] for p in lena.fields["phones"]) == ["mobile", "work"]
    assert lena.fields["addresses"][0]["label"] == "work" and lena.fields["city"] == "München"
    assert unmapped(preview) == []


def test_spanish_headers(fresh_db):
    preview = read(fresh_db, "generic_spanish.csv")
    (lucia,) = preview.new
    assert (lucia.fields["given_name"], lucia.fields["family_name"]) == ("Lucía", "García López")
    assert lucia.fields["country"] == "ES" and lucia.fields["job_title"] == "Directora"
    assert unmapped(preview) == []


@pytest.mark.parametrize("header, target", [
    ("first_name", "given_name"), ("lastName", "family_name"), ("Email Home", "email:home"),
    ("Home Mobile", "phone:mobile"), ("Mobile Number", "phone:mobile"), ("Work Phone", "phone:work"),
    ("Website", "url"), ("Work City", "address_city"), ("Work Zip", "address_postal_code"),
    ("Telefon geschäftlich", "phone:work"), ("Prénom", "given_name"), ("E-Mail-Adresse", "email"),
    ("Nachname", "family_name"), ("Vorname", "given_name"), ("Cognome", "family_name"),
    ("MailingStreet", "address_street"), ("Booth", "met_booth"), ("Trust path", "trust_path"),
    ("メールアドレス", "email"), ("携帯電話", "phone:mobile"), ("会社名", "company"), ("手机", "phone:mobile"),
    ("이메일", "email"), ("Shoe size", None)])
def test_fallback_reads_common_words(header, target):
    assert guess_target(header) == target


def test_column_headers_are_found_below_a_preamble():
    table = sniff_csv((PRESETS / "linkedin_connections.csv").read_bytes())
    assert table.headers[0] == "First Name" and len(table.rows) == 2 and table.lines[0] == 5
    assert guess_csv_mapping(table.headers)["URL"] == "social_profile:linkedin"


def test_city_and_country_alone_are_where_the_contact_is_based(fresh_db):
    from core.exchange.pipeline import read_import_data

    preview = preview_import(fresh_db, read_import_data(
        "Name,E-Mail,Stadt,Land\nAnna Berg,anna@example.org,Wien,Österreich\n".encode(), source="a.csv"))
    (anna,) = preview.new
    assert (anna.fields["city"], anna.fields["country"]) == ("Wien", "AT")
    assert anna.fields["addresses"] == []  # no address made of a city alone
