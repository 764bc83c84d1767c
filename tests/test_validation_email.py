"""The quick path for plain addresses gives what email_validator gives, and refuses what it refuses."""

import pytest
from email_validator import EmailNotValidError, validate_email

from core.book import validation as v

ADDRESSES = [
    "person1@company1.example", "Anna.Mueller@Weber-GmbH.DE", "a+tag@sub.domain.co.jp",
    "o'brien@example.ie", "x_y-z@EXAMPLE.COM", "INFO@example.com", "Postmaster@Example.org",
    "first..last@example.com", ".lead@example.com", "trail.@example.com", "no-at-sign.example.com",
    "two@@example.com", "a@b", "user@localhost", "user@example.local", "user@example.invalid",
    "user@-dash.com", "user@dash-.com", "user@xn--mller-kva.de", "user@müller.de",
    "ünïcode@example.com", "user@exa_mple.com", "user@123.com", "user@example.123",
    "a" * 64 + "@example.com", "a" * 65 + "@example.com", "b@" + "c" * 63 + ".com",
    "b@" + "c" * 64 + ".com", "a@" + ".".join(["d" * 60] * 4) + ".com", "user@ab--cd.com",
    "user@[127.0.0.1]", "user name@example.com", "user@example.com.", "\"quoted\"@example.com",
    "Name <user@example.com>", "user@EXAMPLE.CO.UK", "tab\t@example.com",
]


def _expected(address: str) -> str | None:
    try:
        return validate_email(address, check_deliverability=False).normalized
    except EmailNotValidError:
        return None


@pytest.mark.parametrize("address", ADDRESSES)
def test_normalize_email_agrees_with_email_validator(address):
    v._NORMALIZED.clear()
    expected = _expected(address)
    if expected is None:
        with pytest.raises(v.ValidationError):
            v.normalize_email(address)
    else:
        assert v.normalize_email(address) == expected


def test_the_quick_path_checks_each_domain_once():
    v._NORMALIZED.clear()
    v._checked_email_domain.cache_clear()
    for n in range(50):
        v.normalize_email(f"person{n}@company{n % 5}.example")
    assert v._checked_email_domain.cache_info().misses == 5
