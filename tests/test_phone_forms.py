"""The national significant number of a stored phone, read without parsing it (search indexes both forms)."""

import phonenumbers
from phonenumbers import PhoneNumberFormat, PhoneNumberType

from core.book import validation
from core.book.search import _phone_forms

_TYPES = [getattr(PhoneNumberType, name) for name in ("FIXED_LINE", "MOBILE", "TOLL_FREE", "PREMIUM_RATE",
                                                      "SHARED_COST", "VOIP", "PERSONAL_NUMBER", "PAGER", "UAN",
                                                      "VOICEMAIL")]


def _parsed_national(e164: str) -> str | None:
    try:
        return phonenumbers.national_significant_number(phonenumbers.parse(e164, None))
    except phonenumbers.NumberParseException:
        return None


def _example_numbers() -> set[str]:
    numbers = set()
    for region in phonenumbers.SUPPORTED_REGIONS:
        for kind in _TYPES:
            example = phonenumbers.example_number_for_type(region, kind)
            if example is not None:
                numbers.add(phonenumbers.format_number(example, PhoneNumberFormat.E164))
    for code in phonenumbers.COUNTRY_CODES_FOR_NON_GEO_REGIONS:
        example = phonenumbers.example_number_for_non_geo_entity(code)
        if example is not None:
            numbers.add(phonenumbers.format_number(example, PhoneNumberFormat.E164))
    return numbers


def test_the_national_number_of_every_kind_of_number_of_every_region_is_what_a_parse_gives():
    numbers = _example_numbers()
    assert len(numbers) > 900
    validation._NATIONAL.clear()  # not the ones normalize_phone remembered: read here
    assert {e164: validation.national_number(e164) for e164 in numbers} == {
        e164: _parsed_national(e164) for e164 in numbers}


def test_what_is_no_stored_number_still_gets_a_parses_answer():
    validation._NATIONAL.clear()
    for text in ("+", "+1", "+49", "+999", "+0123", "+49 30 901820", "030 901820", ""):
        assert validation.national_number(text) == _parsed_national(text), text


def test_a_normalised_phone_gives_the_same_search_forms_whether_its_parse_was_remembered_or_not():
    e164 = validation.normalize_phone("030 901820", "DE")
    remembered = _phone_forms(e164)
    validation._NATIONAL.clear()
    assert _phone_forms(e164) == remembered == ["4930901820", "30901820", "030901820"]
