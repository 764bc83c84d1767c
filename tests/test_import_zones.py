"""Issue 17: a card's own time zone is kept; in a country of several zones it comes from the city or region."""

import pytest

from core.exchange.pipeline import preview_import, read_import_data
from core.exchange.zones import resolve_zone


def zone_of(db, *lines):
    card = "BEGIN:VCARD\nVERSION:3.0\nFN:Pat Lee\n" + "".join(line + "\n" for line in lines) + "END:VCARD\n"
    (entry,) = preview_import(db, read_import_data(card.encode(), source="z.vcf")).new
    return entry.fields.get("time_zone")


@pytest.mark.parametrize("lines, zone", [
    (["TZ:-08:00", "ADR;TYPE=WORK:;;1 Market St;San Francisco;CA;94105;United States of America"],
     "America/Los_Angeles"),
    (["TZ:-0800", "ADR:;;1 Main St;Fresno;California;93650;USA"], "America/Los_Angeles"),
    (["TZ:+01:00", "ADR:;;Hauptstr. 1;Köln;;50667;Deutschland"], "Europe/Berlin"),
    (["ADR:;;1 Broadway;Nashville;TN;37201;USA"], "America/Chicago"),
    (["ADR:;;1 Main St;Sacramento;California;95814;USA"], "America/Los_Angeles"),
    (["ADR:;;ul. Lenina 1;Novosibirsk;;630000;Russia"], "Asia/Novosibirsk"),
    (["ADR:;;1 George St;Perth;WA;6000;Australia"], "Australia/Perth"),
    (["TZ:Asia/Tokyo", "ADR:;;1 Main St;Boston;MA;02108;USA"], "Asia/Tokyo"),
    (["TZ:-08:00"], "Etc/GMT+8"),
])
def test_the_cards_own_zone_or_its_region(fresh_db, lines, zone):
    assert zone_of(fresh_db, *lines) == zone


def test_an_offset_the_country_does_not_have_is_not_forced_into_it():
    assert resolve_zone("+09:00", "DE", "", "") == ("Etc/GMT-9", "offset")


def test_a_multi_zone_country_without_city_or_region_is_left_open():
    assert resolve_zone("", "US", "", "") == (None, "")
