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
