"""`fairmate undo`: the last change on this device, one step at a time, itself a logged write."""

import json

from main import main


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_undo_takes_back_changes_one_at_a_time(capsys, tmp_path):
    db = tmp_path / "book.db"
    code, out, _ = run(capsys, "--db", db, "add-contact", "--name", "Anna Müller", "--city", "Berlin", "--json")
    contact_id = json.loads(out)["id"]
    run(capsys, "--db", db, "set-stage", contact_id, "rapport")
    run(capsys, "--db", db, "delete-contact", contact_id)

    code, out, _ = run(capsys, "--db", db, "undo")
    assert code == 0
    code, out, _ = run(capsys, "--db", db, "show", contact_id, "--json")
    assert json.loads(out)["stage"] == "rapport"

    code, out, _ = run(capsys, "--db", db, "undo")
    assert out.strip() == "Undone: Change stage"
    code, out, _ = run(capsys, "--db", db, "show", contact_id, "--json")
    assert json.loads(out)["stage"] == "met"

    run(capsys, "--db", db, "undo")
    code, out, err = run(capsys, "--db", db, "show", contact_id)
    assert code == 1

    code, out, err = run(capsys, "--db", db, "undo")
    assert (code, out, err.strip()) == (1, "", "fairmate: Nothing to undo")


def test_undo_list_shows_the_latest_changes_newest_first(capsys, tmp_path):
    db = tmp_path / "book.db"
    code, out, _ = run(capsys, "--db", db, "add-contact", "--name", "Li Wei", "--json")
    run(capsys, "--db", db, "set-stage", json.loads(out)["id"], "partner")
    run(capsys, "--db", db, "undo")
    code, out, _ = run(capsys, "--db", db, "undo", "--list", "--json")
    rows = json.loads(out)
    assert [r["label"] for r in rows][:2] == ["Undo of: Change stage", "Change stage"]
    assert rows[1]["undone_by"] == rows[0]["id"]


def test_undo_in_a_fresh_process_rebuilds_search_and_sort_keys(tmp_path):
    """The derived-data hooks live in the book: a command process must load them before it undoes."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    db = tmp_path / "book.db"

    def fairmate(*argv):
        return subprocess.run([sys.executable, str(root / "main.py"), "--db", str(db), *argv],
                              capture_output=True, text=True, cwd=root, env={"LANGUAGE": "en", "PATH": "/usr/bin:/bin"})

    contact_id = json.loads(fairmate("--create", "add-contact", "--name", "Olga Petrova", "--json").stdout)["id"]
    fairmate("edit-contact", contact_id, "--name", "Olga Smirnova")
    assert fairmate("undo").returncode == 0
    assert "Olga Petrova" in fairmate("search", "Petrova").stdout
    assert fairmate("search", "Smirnova").stdout.strip() == "No contact matches 'Smirnova'"


def test_a_book_busy_in_another_process_is_one_line_not_a_traceback(capsys, tmp_path, monkeypatch):
    import sqlite3

    from core.store import db as store_db

    db = tmp_path / "book.db"
    run(capsys, "--db", db, "add-contact", "--name", "Li Wei")
    monkeypatch.setattr(store_db, "BUSY_TIMEOUT_S", 0.05)
    other = sqlite3.connect(db)
    other.execute("BEGIN IMMEDIATE")  # an import running in the app, say
    try:
        code, out, err = run(capsys, "--db", db, "undo")
    finally:
        other.rollback()
        other.close()
    assert code == 3  # EXIT_BUSY: a script can wait and try again
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "busy" in err
    code, out, err = run(capsys, "--db", db, "undo")
    assert (code, out.strip()) == (0, "Undone: Add contact")


def test_a_deleted_contact_is_named_with_the_way_back(capsys, tmp_path):
    db = tmp_path / "book.db"
    code, out, _ = run(capsys, "--db", db, "add-contact", "--name", "Kim Min-jun", "--json")
    contact_id = json.loads(out)["id"]
    run(capsys, "--db", db, "delete-contact", contact_id)
    code, out, err = run(capsys, "--db", db, "show", contact_id)
    assert code == 1 and "Kim Min-jun" in err and "was deleted" in err and "fairmate undo" in err
    run(capsys, "--db", db, "undo")
    code, out, err = run(capsys, "--db", db, "show", contact_id)
    assert code == 0 and "Kim Min-jun" in out
