"""`fairmate serve` and `fairmate server …`: the admin commands, and a real uvicorn on loopback."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from core.cli.server import is_loopback
from main import main
from tests.server.wire_changes import make_changes

ROOT = Path(__file__).resolve().parent.parent.parent


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def server_db(tmp_path):
    return tmp_path / "server.db"


def test_add_a_team_invite_list_and_revoke_devices(capsys, server_db):
    code, out, _ = run(capsys, "server", "add-team", "Sales", "--db", server_db)
    assert code == 0 and "Sales" in out and "fairmate server invite Sales" in out
    code, out, _ = run(capsys, "server", "invite", "Sales", "--db", server_db, "--json")
    invite = json.loads(out)
    assert code == 0 and invite["team"] == "Sales" and invite["valid_minutes"] == 10
    code, out, _ = run(capsys, "server", "--db", server_db, "invite", "Sales")
    assert "Valid once, for 10 minutes." in out

    from core.server.sqlite_store import SqliteStore

    store = SqliteStore(server_db)
    pairing = store.pair_device(invite["code"], "Anna's laptop", "n1")
    store.close()
    code, out, _ = run(capsys, "server", "devices", "Sales", "--db", server_db)
    assert pairing.device_id in out and "Anna's laptop" in out and "revoked" not in out
    code, out, _ = run(capsys, "server", "revoke", pairing.device_id, "--db", server_db)
    assert code == 0 and "Anna's laptop" in out
    code, out, _ = run(capsys, "server", "devices", "Sales", "--db", server_db, "--json")
    [device] = json.loads(out)
    assert device["device_id"] == pairing.device_id and device["revoked_at"] is not None
    code, out, _ = run(capsys, "server", "new-epoch", "--db", server_db, "--json")
    assert code == 0 and len(json.loads(out)["epoch"]) == 16


@pytest.mark.parametrize("argv, message", [
    (["server", "invite", "Nobody"], "no team Nobody"),
    (["server", "revoke", "no-such-device"], "no device with id no-such-device"),
    (["server", "add-team", "Sales"], "exists already"),
    (["serve", "--host", "0.0.0.0"], "refusing plain HTTP on 0.0.0.0"),
    (["serve", "--ssl-certfile", "/no/such.pem"], "no such file"),
])
def test_failures_are_one_line(capsys, server_db, argv, message):
    run(capsys, "server", "add-team", "Sales", "--db", server_db)
    code, out, err = run(capsys, *argv, "--db", server_db)
    assert code == 1 and out == ""
    assert message in err and len(err.strip().splitlines()) == 1


def test_admin_commands_refuse_a_server_database_that_does_not_exist(capsys, tmp_path):
    code, _out, err = run(capsys, "server", "devices", "Sales", "--db", tmp_path / "typo.db")
    assert code == 1 and "no server database at" in err
    assert not (tmp_path / "typo.db").exists()


def test_admin_commands_on_postgres(capsys, pg_cluster):
    dsn = pg_cluster.create_database()
    code, out, _ = run(capsys, "server", "add-team", "Sales", "--postgres", dsn)
    assert code == 0
    code, out, _ = run(capsys, "server", "invite", "Sales", "--postgres", dsn, "--json")
    assert code == 0 and json.loads(out)["code"]
    code, _out, err = run(capsys, "server", "invite", "Sales", "--postgres", "host=/nonexistent dbname=x")
    assert code == 1 and err.startswith("fairmate: PostgreSQL refused:") and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("host, loopback", [("127.0.0.1", True), ("::1", True), ("localhost", True),
                                            ("127.0.0.2", True), ("0.0.0.0", False), ("192.168.1.5", False),
                                            ("sync.example.com", False)])
def test_only_loopback_addresses_count_as_loopback(host, loopback):
    assert is_loopback(host) is loopback


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_taken_port_or_a_bad_certificate_is_one_line(capsys, server_db, tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        code, _out, err = run(capsys, "serve", "--db", server_db, "--port", taken.getsockname()[1])
    assert code == 1 and "cannot listen on 127.0.0.1:" in err and len(err.strip().splitlines()) == 1
    (tmp_path / "bad.pem").write_text("not a certificate")
    code, _out, err = run(capsys, "serve", "--db", server_db, "--port", _free_port(),
                          "--ssl-certfile", tmp_path / "bad.pem", "--ssl-keyfile", tmp_path / "bad.pem")
    assert code == 1 and "cannot use the certificate" in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_end_to_end_on_a_real_uvicorn_on_loopback(capsys, request, server_db, backend):
    if backend == "postgres":
        where = ["--postgres", request.getfixturevalue("pg_cluster").create_database()]
    else:
        where = ["--db", str(server_db)]
    run(capsys, "server", "add-team", "Sales", *where)
    code = json.loads(run(capsys, "server", "invite", "Sales", *where, "--json")[1])["code"]
    port = _free_port()
    process = subprocess.Popen([sys.executable, "main.py", "serve", *where, "--port", str(port)],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               env={**os.environ, "PYTHONPATH": str(ROOT)})
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=5) as client:
            deadline = time.monotonic() + 15
            while True:
                try:
                    ping = client.get("/ping")
                    break
                except httpx.TransportError:
                    assert process.poll() is None, process.stdout.read().decode()
                    assert time.monotonic() < deadline, "the server did not start"
                    time.sleep(0.05)
            assert ping.json() == {"fairmate": 1}
            pairing = client.post("/pair", json={"code": code, "device_name": "Anna", "node": "n1"}).json()
            headers = {"Authorization": f"Bearer {pairing['token']}"}
            hello = client.post("/hello", headers=headers, json={"protocol": 1, "schema": "0009_sync_state",
                                                                 "app": "0.1.0", "node": "n1",
                                                                 "time_ms": int(time.time() * 1000)}).json()
            assert hello["team_name"] == "Sales" and hello["head"] == 0
            changes = make_changes(300, node="n1", wall_ms=int(time.time() * 1000))
            acks = client.post("/push", headers=headers, json={"epoch": hello["epoch"], "changes": changes}).json()
            assert [seq for _id, seq in acks["acks"]] == list(range(1, 301))
            page = client.post("/pull", headers={**headers, "Accept-Encoding": "gzip"}, json={
                "epoch": hello["epoch"], "after": 0, "after_change_id": None, "limit": 500})
            assert page.headers["content-encoding"] == "gzip"
            assert [c["change"] for c in page.json()["changes"]] == changes
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_the_server_commands_own_db_help_does_not_leak_into_the_book_commands(capsys):
    from core.cli.main import parse_arguments
    for argv, expected in ((["list", "--help"], "fairmate.db in your data folder"),
                           (["serve", "--help"], "fairmate-server.db"),
                           (["list", "--help"], "fairmate.db in your data folder")):
        with pytest.raises(SystemExit):
            parse_arguments(argv)
        out = " ".join(capsys.readouterr().out.split())
        assert expected in out and ("server database" in out) == (argv[0] == "serve")


@pytest.mark.parametrize("argv", [["serve", "--help"], ["server", "--help"]])
def test_server_help_words_create_for_the_server_not_the_book(capsys, argv):
    with pytest.raises(SystemExit):
        main(argv)
    out = " ".join(capsys.readouterr().out.split())
    assert "create the book" not in out
    assert "--create not needed: serve and server add-team create the server database when there is none" in out


def test_add_team_without_db_says_where_it_created_the_server_database(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    from core.server.sqlite_store import default_server_db_path

    code, out, _ = run(capsys, "server", "add-team", "Sales")
    assert code == 0 and default_server_db_path().exists()
    assert out.splitlines()[0] == f"Created the server database {default_server_db_path()}"
    code, out, _ = run(capsys, "server", "add-team", "Support")
    assert code == 0 and "Created" not in out  # only the first time
