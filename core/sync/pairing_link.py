"""A pairing invitation as one line of text (and so as a QR code): the server's address and the code.

``fairmate server invite TEAM --url https://sync.example.com --qr invite.png``
prints it and draws it; the app's Sync page reads it from a photo or
screenshot of that QR code and fills in its connect form.

    >>> pairing_link("https://sync.example.com", "VS7G-WJAP-94JN-QD3U")
    'fairmate://pair?server=https%3A%2F%2Fsync.example.com&code=VS7G-WJAP-94JN-QD3U'
    >>> read_pairing_link(_)
    ('https://sync.example.com', 'VS7G-WJAP-94JN-QD3U')
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit

PREFIX = "fairmate://pair?"


def pairing_link(url: str, code: str) -> str:
    """The invitation to pair with the server at *url* using *code*, as one line."""
    return PREFIX + urlencode({"server": url.strip(), "code": code.strip()})


def read_pairing_link(text: str) -> tuple[str, str] | None:
    """(server address, pairing code) from an invitation line; None when *text* is not one."""
    text = (text or "").strip()
    if not text.lower().startswith(PREFIX):
        return None
    values = parse_qs(urlsplit(text).query)
    server, code = values.get("server", [""])[0].strip(), values.get("code", [""])[0].strip()
    if not server or not code or urlsplit(server).scheme not in ("http", "https"):
        return None
    return server, code
