"""The sync commands, and the issue's "Done when" scenario driven through the command line over loopback."""

from __future__ import annotations

import json


from core.cli.sync import EXIT_INSECURE, EXIT_NOT_CONNECTED, EXIT_PAIRING, EXIT_UNREACHABLE
from main import main


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def ok(capsys, *argv):
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    return out


def ok_json(capsys, *argv):
    return json.loads(ok(capsys, *argv, "--json"))


def test_done_when_two_books_and_a_server_on_loopback(capsys, tmp_path, loopback_server):
    server = loopback_server
    anna, ben = tmp_path / "anna.db", tmp_path / "ben.db"
    ok(capsys, "--db", anna, "connect", server.url, "--code", server.invite(), "--name", "Anna's laptop")
    out = ok(capsys, "--db", ben, "connect", server.url, "--code", server.invite(), "--name", "Ben's laptop")
    assert "Fair team" in out
    li = ok_json(capsys, "--db", anna, "add-contact", "--name", "Li Wei", "--city", "Shanghai",
                 "--country", "CN", "--phone", "+86 138 0013 8000")["id"]
    sato = ok_json(capsys, "--db", anna, "add-contact", "--name", "Sato Hiroshi", "--country", "JP")["id"]
    ok(capsys, "--db", anna, "sync")
    ok(capsys, "--db", ben, "sync")
    assert ok_json(capsys, "--db", ben, "show", li)["city"] == "Shanghai"

    # Offline on both laptops: the same field, a phone number each, a delete against an edit.
    ok(capsys, "--db", anna, "edit-contact", li, "--city", "Beijing")
    ok(capsys, "--db", ben, "edit-contact", li, "--city", "Shenzhen")
    ok(capsys, "--db", anna, "edit-contact", li, "--phone", "+86 138 0013 8000", "--phone", "+86 139 1111 2222")
    ok(capsys, "--db", ben, "edit-contact", li, "--phone", "+86 138 0013 8000", "--phone", "+86 137 3333 4444")
    ok(capsys, "--db", anna, "delete-contact", sato)
    ok(capsys, "--db", ben, "edit-contact", sato, "--title", "Purchasing manager")
    status = ok_json(capsys, "--db", anna, "sync", "--status")
    assert status["connected"] and status["waiting"] > 0 and status["team"] == "Fair team"

    for book in (anna, ben, anna):
        ok(capsys, "--db", book, "sync")
    for book in (anna, ben):
        status = ok_json(capsys, "--db", book, "sync", "--status")
        assert status["waiting"] == 0 and status["last_sync_at"]

    # Both show the same contact.
    shown = [ok_json(capsys, "--db", book, "show", li) for book in (anna, ben)]
    assert shown[0] == shown[1]
    assert shown[0]["city"] in ("Beijing", "Shenzhen")
    # The same field: the loser is listed on both books.
    lists = [ok_json(capsys, "--db", book, "conflicts") for book in (anna, ben)]
    strip = [sorted((c["row_id"], c["field"], json.dumps(c["other"])) for c in rows) for rows in lists]
    assert strip[0] == strip[1]
    city = [c for c in lists[0] if c["row_id"] == li and c["field"] == "city"]
    assert len(city) == 1 and {city[0]["current"], city[0]["other"]} == {"Beijing", "Shenzhen"}
    assert city[0]["name"] == "Li Wei" and city[0]["label"] == "City"
    text = ok(capsys, "--db", ben, "conflicts")
    assert "Li Wei" in text and "Beijing" in text and "Shenzhen" in text

    # List fields merge element by element: both new numbers kept, on both books.
    assert {phone["value"] for phone in shown[0]["phones"]} == {
        "+8613800138000", "+8613911112222", "+8613733334444"}
    # A delete against a concurrent edit: still deleted, with a conflict on deleted_at listed on both.
    for rows in lists:
        assert [c["other"] for c in rows if c["row_id"] == sato and c["field"] == "deleted_at"] == [None]
    # Worded as a salesperson reads it: what each side did, not "deleted / not deleted".
    sato_lines = [line for line in text.splitlines() if "Sato Hiroshi" in line]
    assert sato_lines and "deleted_at" not in sato_lines[0]
    assert "not deleted" not in text and "Edited: Job title" in text
    assert any(line.split(":", 1)[1].strip().startswith("Deleted  (") for line in text.splitlines()
               if line.strip().startswith(("kept:", "other:")))

    # A restore brings the deleted contact back with the edit, on both books.
    assert all(run(capsys, "--db", book, "show", sato)[0] == 1 for book in (anna, ben))
    ok(capsys, "--db", ben, "resolve", sato, "--restore")
    for book in (ben, anna):
        ok(capsys, "--db", book, "sync")
    for book in (anna, ben):
        restored = ok_json(capsys, "--db", book, "show", sato)
        assert restored["job_title"] == "Purchasing manager" and restored["deleted_at"] is None
        assert not [c for c in ok_json(capsys, "--db", book, "conflicts") if c["row_id"] == sato]


def test_resolve_keeps_the_other_value_and_it_syncs(capsys, tmp_path, loopback_server):
    server = loopback_server
    anna, ben = tmp_path / "anna.db", tmp_path / "ben.db"
    for book in (anna, ben):
        ok(capsys, "--db", book, "connect", server.url, "--code", server.invite())
    li = ok_json(capsys, "--db", anna, "add-contact", "--name", "Li Wei", "--city", "Shanghai")["id"]
    ok(capsys, "--db", anna, "sync")
    ok(capsys, "--db", ben, "sync")
    ok(capsys, "--db", anna, "edit-contact", li, "--city", "Beijing")
    ok(capsys, "--db", ben, "edit-contact", li, "--city", "Shenzhen")
    for book in (anna, ben, anna):
        ok(capsys, "--db", book, "sync")
    current = ok_json(capsys, "--db", anna, "show", li)["city"]
    loser = ({"Beijing", "Shenzhen"} - {current}).pop()
    # On the book whose value lost, "mine" is the loser: keeping it is a new write that syncs.
    losing_book = anna if loser == "Beijing" else ben
    code, out, err = run(capsys, "--db", losing_book, "resolve", li, "--keep", "mine")
    assert code == 1 and "field" in err
    out = ok(capsys, "--db", losing_book, "resolve", li, "city", "--keep", "mine")
    assert out.strip() == f"Kept {loser} for City (this device's value)."  # the value named, not only "mine"
    for book in (losing_book, anna if losing_book == ben else ben):
        ok(capsys, "--db", book, "sync")
    assert {ok_json(capsys, "--db", book, "show", li)["city"] for book in (anna, ben)} == {loser}
    assert all(ok_json(capsys, "--db", book, "conflicts") == [] for book in (anna, ben))


def test_failures_are_one_line_with_their_own_exit_status(capsys, tmp_path, team_server):
    book = tmp_path / "book.db"
    code, out, err = run(capsys, "--db", book, "sync")
    assert code == EXIT_NOT_CONNECTED and err.count("\n") == 1 and "Traceback" not in err
    code, out, err = run(capsys, "--db", book, "connect", "http://127.0.0.1:9", "--code", "X")
    assert code == EXIT_UNREACHABLE and err.startswith("fairmate: ") and err.count("\n") == 1
    assert "http://127.0.0.1:9" in err and "sent later" not in err  # nothing waits before pairing
    code, out, err = run(capsys, "--db", book, "connect", "http://sync.example.com", "--code", "X")
    assert code == EXIT_INSECURE and "http" in err and err.count("\n") == 1
    status = ok_json(capsys, "--db", book, "sync", "--status")
    assert status["connected"] is False and status["waiting"] == 0


def test_a_wrong_code_is_refused_with_its_status(capsys, tmp_path, loopback_server):
    code, out, err = run(capsys, "--db", tmp_path / "b.db", "connect", loopback_server.url, "--code", "WRONG-CODE")
    assert code == EXIT_PAIRING and "code" in err and err.count("\n") == 1


def test_disconnect_keeps_the_changes(capsys, tmp_path, loopback_server):
    book = tmp_path / "b.db"
    ok(capsys, "--db", book, "connect", loopback_server.url, "--code", loopback_server.invite())
    ok(capsys, "--db", book, "add-contact", "--name", "Kept")
    out = ok(capsys, "--db", book, "disconnect")
    assert "Disconnected" in out
    assert ok_json(capsys, "--db", book, "sync", "--status")["waiting"] > 0
    assert "Kept" in ok(capsys, "--db", book, "list")


def test_a_revoked_device_is_told_so_and_keeps_its_changes(capsys, tmp_path, loopback_server):
    from core.cli.sync import EXIT_UNAUTHORIZED

    book = tmp_path / "b.db"
    ok(capsys, "--db", book, "connect", loopback_server.url, "--code", loopback_server.invite())
    ok(capsys, "--db", book, "add-contact", "--name", "Still here")
    device_id = ok_json(capsys, "--db", book, "sync", "--status")["device_id"]
    loopback_server.store.revoke_device(device_id)
    code, out, err = run(capsys, "--db", book, "sync")
    assert code == EXIT_UNAUTHORIZED and "not allowed" in err and err.count("\n") == 1
    status = ok_json(capsys, "--db", book, "sync", "--status")
    assert status["waiting"] > 0 and status["connected"]
    assert "Still here" in ok(capsys, "--db", book, "list")


def test_a_bare_401_or_426_is_named_not_called_unreachable(capsys, tmp_path, loopback_server, monkeypatch):
    import httpx

    import core.cli.sync
    from core.cli.sync import EXIT_UNAUTHORIZED, EXIT_UPDATE
    from core.sync.transport import HttpTransport

    book = tmp_path / "b.db"
    ok(capsys, "--db", book, "connect", loopback_server.url, "--code", loopback_server.invite())
    for status, exit_code, words in ((401, EXIT_UNAUTHORIZED, "not allowed"), (426, EXIT_UPDATE, "too old")):
        answer = httpx.MockTransport(lambda request, status=status: httpx.Response(status, text="Go away"))
        monkeypatch.setattr(core.cli.sync, "_factory", lambda allow, answer=answer: (
            lambda url, token: HttpTransport(url, token, client=httpx.Client(transport=answer), allow_plain_http=True)))
        code, out, err = run(capsys, "--db", book, "sync")
        assert code == exit_code and words.lower() in err.lower() and "reached" not in err, err


def test_a_log_added_to_a_contact_deleted_elsewhere_is_listed_and_restored(capsys, tmp_path, loopback_server):
    server = loopback_server
    anna, ben = tmp_path / "anna.db", tmp_path / "ben.db"
    for book in (anna, ben):
        ok(capsys, "--db", book, "connect", server.url, "--code", server.invite())
    sato = ok_json(capsys, "--db", anna, "add-contact", "--name", "Sato Hiroshi")["id"]
    ok(capsys, "--db", anna, "sync")
    ok(capsys, "--db", ben, "sync")
    ok(capsys, "--db", ben, "log", sato, "--summary", "Wants 500 units by May")
    ok(capsys, "--db", anna, "delete-contact", sato)
    for book in (anna, ben, anna):
        ok(capsys, "--db", book, "sync")
    for book in (anna, ben):
        rows = ok_json(capsys, "--db", book, "conflicts")
        assert [c["field"] for c in rows if c["row_id"] == sato] == ["deleted_at"]
        assert "Sato Hiroshi" in ok(capsys, "--db", book, "conflicts")
    ok(capsys, "--db", anna, "resolve", sato, "--restore")
    for book in (anna, ben):
        ok(capsys, "--db", book, "sync")
        assert "Wants 500 units by May" in ok(capsys, "--db", book, "show", sato)
        assert ok_json(capsys, "--db", book, "conflicts") == []


def test_one_conflict_is_counted_in_the_singular(capsys, tmp_path, loopback_server):
    server = loopback_server
    anna, ben = tmp_path / "anna.db", tmp_path / "ben.db"
    ok(capsys, "--db", anna, "connect", server.url, "--code", server.invite(), "--name", "Anna's laptop")
    ok(capsys, "--db", ben, "connect", server.url, "--code", server.invite(), "--name", "Ben's laptop")
    li = ok_json(capsys, "--db", anna, "add-contact", "--name", "Li Wei", "--city", "Shanghai")["id"]
    ok(capsys, "--db", anna, "sync")
    ok(capsys, "--db", ben, "sync")
    ok(capsys, "--db", anna, "edit-contact", li, "--city", "Beijing")
    ok(capsys, "--db", ben, "edit-contact", li, "--city", "Shenzhen")
    ok(capsys, "--db", anna, "sync")
    out = ok(capsys, "--db", ben, "sync")
    assert "1 conflict to look at: fairmate conflicts" in out, out


def test_the_summary_counts_what_came_from_others_and_says_1_change(capsys, tmp_path, loopback_server):
    # Seen by a newcomer: "Sent 1 changes, received 1." after a sync that received nothing new (its
    # own change, echoed back by the server), and "received 7203" of which 4,500 were its own.
    server = loopback_server
    anna, ben = tmp_path / "anna.db", tmp_path / "ben.db"
    for book in (anna, ben):
        ok(capsys, "--db", book, "connect", server.url, "--code", server.invite())
    ok(capsys, "--db", anna, "add-contact", "--name", "Li Wei")
    assert ok(capsys, "--db", anna, "sync").splitlines()[0] == "Sent 1 change, received 0."
    ok(capsys, "--db", ben, "add-contact", "--name", "Sato Hiroshi")
    ok(capsys, "--db", ben, "add-contact", "--name", "Kim Minjun")
    assert ok(capsys, "--db", ben, "sync").splitlines()[0] == "Sent 2 changes, received 1."
    result = ok_json(capsys, "--db", anna, "sync")
    assert (result["pushed"], result["received"]) == (0, 2)


def test_the_status_says_when_it_last_synced_as_the_other_commands_write_times(capsys, tmp_path, loopback_server):
    # Seen: "Last sync: 2026-12-08T00:14:42+00:00" where `server devices` and `conflicts` write "2026-12-08 00:14 UTC".
    book = tmp_path / "anna.db"
    ok(capsys, "--db", book, "connect", loopback_server.url, "--code", loopback_server.invite())
    ok(capsys, "--db", book, "sync")
    at = ok_json(capsys, "--db", book, "sync", "--status")["last_sync_at"]
    line = next(line for line in ok(capsys, "--db", book, "sync", "--status").splitlines()
                if line.startswith("Last sync: "))
    assert line == "Last sync: " + at[:16].replace("T", " ") + " UTC"


def test_refused_plain_http_names_the_option_that_allows_it(capsys, tmp_path):
    code, out, err = run(capsys, "--db", tmp_path / "anna.db", "connect", "http://192.0.2.10:8765",
                         "--code", "AAAA-BBBB-CCCC-DDDD")
    assert code != 0 and out == ""
    assert "plain http://" in err and "--allow-plain-http" in err and len(err.strip().splitlines()) == 1
