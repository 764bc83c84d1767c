"""The HTTP transport: gzip, headers, and every answer mapped to its exception (httpx.MockTransport)."""

from __future__ import annotations

import gzip
import json
import os
import ssl
import stat

import httpx
import pytest

from core.sync import credentials, protocol
from core.sync.transport import (BadCode, ClockAhead, EpochChanged, HttpTransport, NodeTaken, PlainHttpRefused,
                                 ServerFailed, Unauthorized, Unreachable, UpdateRequired, check_server_url)


def _transport(handler, token="tok"):
    return HttpTransport("https://sync.example.com", token, client=httpx.Client(transport=httpx.MockTransport(handler)))


def test_large_bodies_go_gzipped_with_the_token_and_small_ones_plain():
    seen = []

    def handler(request):
        seen.append(request)
        return httpx.Response(200, json={"acks": [], "head": 0})

    transport = _transport(handler)
    transport.push({"epoch": "e", "changes": []})
    transport.push({"epoch": "e", "changes": [{"x": "y" * 2000}]})
    small, large = seen
    assert small.headers["authorization"] == "Bearer tok"
    assert "gzip" in small.headers["accept-encoding"]
    assert "content-encoding" not in small.headers
    assert large.headers["content-encoding"] == "gzip"
    assert json.loads(gzip.decompress(large.content))["changes"][0]["x"] == "y" * 2000
    assert str(large.url) == "https://sync.example.com/push"


@pytest.mark.parametrize("status, body, error", [
    (401, {"error": "unauthorized"}, Unauthorized),
    (426, {"error": "update_required", "message": "Update Fairmate"}, UpdateRequired),
    (403, {"error": "bad_code"}, BadCode),
    (409, {"error": "node_taken"}, NodeTaken),
    (500, {"error": "oops"}, ServerFailed),
])
def test_error_answers_become_their_exception_with_one_sentence(status, body, error):
    transport = _transport(lambda request: httpx.Response(status, json=body))
    with pytest.raises(error) as caught:
        transport.hello({"protocol": 1})
    message = str(caught.value)
    assert message and "\n" not in message and "Traceback" not in message


def test_clock_ahead_and_epoch_changed_carry_what_the_client_needs():
    answers = iter([httpx.Response(409, json={"error": "clock_ahead", "server_time_ms": 123, "change_id": "c"}),
                    httpx.Response(409, json={"error": "epoch_changed", "epoch": "new", "head": 7})])
    transport = _transport(lambda request: next(answers))
    with pytest.raises(ClockAhead) as ahead:
        transport.push({})
    assert ahead.value.server_time_ms == 123
    with pytest.raises(EpochChanged) as epoch:
        transport.pull({})
    assert (epoch.value.epoch, epoch.value.head) == ("new", 7)


@pytest.mark.parametrize("response", [
    httpx.Response(200, html="<html>Welcome to Hotel WiFi, please log in</html>"),
    httpx.Response(302, headers={"location": "http://portal.hotel/"}),
    httpx.Response(200, json={"something": "else"}),
])
def test_a_hotel_portal_is_unreachable_not_a_server(response):
    transport = _transport(lambda request: response)
    with pytest.raises(Unreachable):
        transport.ping()
    with pytest.raises(Unreachable):
        transport.pull({"epoch": "e", "after": 0})


@pytest.mark.parametrize("status", [501, 502, 503, 504])
def test_a_gateway_or_another_web_server_is_unreachable_not_a_failing_sync_server(status):
    # Seen connecting to another web server's port: "the sync server had a problem; your changes are
    # kept" (nothing was sent, and it was no sync server). A proxy's 502/503/504 means the same: the
    # Fairmate server behind it did not answer.
    transport = _transport(lambda request: httpx.Response(status, html="<html><h1>Bad Gateway</h1></html>"))
    with pytest.raises(Unreachable):
        transport.pair({"code": "AAAA-BBBB-CCCC-DDDD"})
    with pytest.raises(Unreachable):
        transport.hello({"protocol": 1})


def test_a_bare_500_is_still_the_server_failing():
    # Starlette answers an unexpected fault with a plain-text 500: the Fairmate server itself.
    with pytest.raises(ServerFailed):
        _transport(lambda request: httpx.Response(500, text="Internal Server Error")).hello({"protocol": 1})


def test_connection_errors_and_timeouts_are_unreachable():
    def refuse(request):
        raise httpx.ConnectError("refused")

    def slow(request):
        raise httpx.ReadTimeout("slow")

    for handler in (refuse, slow):
        with pytest.raises(Unreachable):
            _transport(handler).hello({})


def test_a_missing_token_is_unauthorized_before_any_request():
    transport = _transport(lambda request: pytest.fail("no request without a token"), token=None)
    with pytest.raises(Unauthorized):
        transport.hello({})


def test_plain_http_only_to_this_computer_unless_allowed():
    assert check_server_url("http://127.0.0.1:8765") == "http://127.0.0.1:8765/"
    assert check_server_url("http://localhost:8765/") == "http://localhost:8765/"
    assert check_server_url("http://[::1]:8765") == "http://[::1]:8765/"
    assert check_server_url("https://sync.example.com") == "https://sync.example.com/"
    with pytest.raises(PlainHttpRefused):
        check_server_url("http://sync.example.com")
    with pytest.raises(PlainHttpRefused):
        check_server_url("http://192.168.1.20:8765")
    assert check_server_url("http://192.168.1.20:8765", allow_plain_http=True) == "http://192.168.1.20:8765/"


def test_transports_share_one_tls_context(monkeypatch):
    # Reading the CA bundle took ~60 ms, more than the rest of a 10-change sync (bench/sync.py).
    made = []
    create = ssl.create_default_context
    monkeypatch.setattr(ssl, "create_default_context", lambda *a, **k: made.append(1) or create(*a, **k))
    transports = [HttpTransport("https://sync.example.com", "token") for _ in range(3)]
    assert len(made) <= 1
    for transport in transports:
        transport.close()


def test_error_codes_come_from_the_protocol_module():
    assert Unauthorized.code == protocol.UNAUTHORIZED and ClockAhead.code == protocol.CLOCK_AHEAD


def test_token_file_fallback_is_private_and_forgets(tmp_path, monkeypatch):
    monkeypatch.setenv(credentials.KEYRING_ENV, "file")
    book = tmp_path / "fairmate.db"
    assert credentials.save_token(book, "team/dev", "secret") == "file"
    path = credentials.token_file(book)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert credentials.load_token(book, "team/dev") == "secret"
    credentials.save_token(book, "team/other", "second")
    credentials.delete_token(book, "team/dev")
    assert credentials.load_token(book, "team/dev") is None
    assert credentials.load_token(book, "team/other") == "second"
    credentials.delete_token(book, "team/other")
    assert not path.exists()


def test_the_token_goes_to_the_keyring_when_there_is_one(tmp_path, monkeypatch):
    import keyring
    from keyring.backend import KeyringBackend

    class MemoryKeyring(KeyringBackend):
        priority = 1
        store: dict = {}

        def set_password(self, service, username, password):
            self.store[(service, username)] = password

        def get_password(self, service, username):
            return self.store.get((service, username))

        def delete_password(self, service, username):
            self.store.pop((service, username), None)

    monkeypatch.delenv(credentials.KEYRING_ENV, raising=False)
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    try:
        book = tmp_path / "fairmate.db"
        assert credentials.save_token(book, "team/dev", "secret") == "keyring"
        # The token, and beside it the book that paired (a copied book must not use it).
        assert MemoryKeyring.store == {(credentials.SERVICE, "team/dev"): "secret",
                                       (credentials.SERVICE, "team/dev#book"): str(book.resolve())}
        assert not credentials.token_file(book).exists()  # never written beside the book
        assert credentials.load_token(book, "team/dev") == "secret"
        credentials.delete_token(book, "team/dev")
        assert credentials.load_token(book, "team/dev") is None
    finally:
        keyring.set_keyring(previous)


@pytest.mark.parametrize("status, error", [(401, Unauthorized), (426, UpdateRequired)])
@pytest.mark.parametrize("response", [
    {}, {"text": "Unauthorized"}, {"html": "<h1>426 Upgrade Required</h1>"}, {"content": b"\x00\xff"},
])
def test_401_and_426_without_a_json_body_say_what_they_are(status, error, response):
    transport = _transport(lambda request: httpx.Response(status, **response))
    with pytest.raises(error) as caught:
        transport.hello({"protocol": 1})
    assert "reached" not in str(caught.value)
