"""The pairing invitation as one line (for a QR code): server address and code, and back."""

import pytest

from core.sync.pairing_link import pairing_link, read_pairing_link


@pytest.mark.parametrize("url, code", [("https://sync.example.com", "VS7G-WJAP-94JN-QD3U"),
                                       ("https://example.com:8443/fairmate/", "AB&C=D E"),
                                       ("http://192.168.1.20:8765", "X")])
def test_an_invitation_reads_back_as_it_was_made(url, code):
    assert read_pairing_link(pairing_link(url, code)) == (url, code)


@pytest.mark.parametrize("text", ["", "BEGIN:VCARD", "https://sync.example.com", "fairmate://pair?code=X",
                                  "fairmate://pair?server=ftp%3A%2F%2Fx&code=X", "fairmate://pair?server=https%3A%2F%2Fx"])
def test_other_texts_are_not_invitations(text):
    assert read_pairing_link(text) is None
