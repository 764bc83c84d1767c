"""attack13: a long interaction summary (accepted by `log`) must not break the contact's dossier."""

import json

from main import main


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_dossier_with_a_long_meeting_note_is_written(capsys, tmp_path):
    db = tmp_path / "book.db"
    code, out, _ = run(capsys, "--db", db, "--create", "add-contact", "--name", "Anna Weber", "--json")
    contact = json.loads(out)["id"]
    note = " ".join(["word"] * 1200)  # 6,000 characters: a long but ordinary meeting note
    code, out, err = run(capsys, "--db", db, "log", contact, "--summary", note)
    assert code == 0, err
    code, out, err = run(capsys, "--db", db, "dossier", contact, "-o", tmp_path / "anna.pdf")
    # It ended in "unexpected error (LayoutError: Flowable <Table …> too large on page 2 …)", exit 70.
    assert code == 0 and (tmp_path / "anna.pdf").exists(), (code, err[:200])
