"""attack13: a long interaction summary (accepted by `log`) must not break the contact's dossier."""

import json

from safety_helpers import run


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


def test_every_free_text_in_the_dossier_s_tables_may_be_long(capsys, tmp_path):
    db = tmp_path / "book.db"
    long, lines = " ".join(["word"] * 1200), "\n".join(f"line {n}" for n in range(300))
    code, out, _ = run(capsys, "--db", db, "--create", "add-contact", "--name", "Anna " * 300,
                       "--company", "Weber GmbH " * 200, "--json")
    contact = json.loads(out)["id"]
    for argv in (("log", contact, "--summary", lines), ("log", contact, "--summary", "会议记录" * 1500),
                 ("promise", contact, "--what", long, "--owed-by", "us", "--due", "2026-01-01"),
                 ("promise", contact, "--what", lines, "--owed-by", "them"),
                 ("follow-up", contact, "--in-hours", "24", "--reason", long),
                 ("add-meeting", contact, "--at", "2030-12-09T10:00", "--time-zone", "Europe/Berlin",
                  "--place", long)):
        assert run(capsys, "--db", db, *argv)[0] == 0, argv
    code, out, err = run(capsys, "--db", db, "dossier", contact, "-o", tmp_path / "anna.pdf")
    assert code == 0 and (tmp_path / "anna.pdf").exists(), (code, err[:200])


def test_a_long_text_is_shortened_at_a_space_and_marked():
    from core.dossier.text import shorten_cell_text

    assert shorten_cell_text("short") == "short"
    assert shorten_cell_text(" ".join(["word"] * 1200)) == " ".join(["word"] * 120) + "…"
    assert shorten_cell_text("\n".join("abc" for _ in range(20)), max_lines=3) == "abc\nabc\nabc…"
