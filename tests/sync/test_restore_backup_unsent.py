"""Going back to a backup says how many changes not yet sent it drops, and asks for --yes first."""

from __future__ import annotations

import json
import sqlite3

from core.store.db import backup_before_migration
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


def names(path):
    conn = sqlite3.connect(path)
    try:
        return {row[0] for row in conn.execute("SELECT display_name FROM contacts WHERE deleted_at IS NULL")}
    finally:
        conn.close()


def test_restore_backup_counts_the_unsent_changes_it_drops(capsys, tmp_path, loopback_server):
    book = tmp_path / "anna.db"
    ok(capsys, "--db", book, "connect", loopback_server.url, "--code", loopback_server.invite())
    ok(capsys, "--db", book, "add-contact", "--name", "Before the backup")
    ok(capsys, "--db", book, "sync")
    backup_before_migration(book)
    ok(capsys, "--db", book, "add-contact", "--name", "Sent after the backup")
    ok(capsys, "--db", book, "sync")
    for name in ("Not sent 1", "Not sent 2"):
        ok(capsys, "--db", book, "add-contact", "--name", name)
    before = names(book)
    unsent = ok_json(capsys, "--db", book, "sync", "--status")["waiting"]
    assert unsent >= 2
    code, out, err = run(capsys, "--db", book, "restore-backup")
    assert code != 0 and err.count("\n") == 1
    assert f"{unsent} changes made since that backup and not yet sent will be lost" in err and "--yes" in err
    assert names(book) == before  # nothing done
    out = ok(capsys, "--db", book, "restore-backup", "--yes", "--json")
    assert json.loads(out)["unsent_lost"] == unsent
    # What the server holds comes back with the next sync; the unsent ones are gone, as said.
    ok(capsys, "--db", book, "sync")
    assert names(book) == {"Before the backup", "Sent after the backup"}


def test_restore_backup_without_unsent_changes_needs_no_yes(capsys, tmp_path):
    book = tmp_path / "book.db"
    ok(capsys, "--db", book, "add-contact", "--name", "Kept")
    backup_before_migration(book)
    out = ok(capsys, "--db", book, "restore-backup")
    assert "Restored" in out and "lost" not in out
