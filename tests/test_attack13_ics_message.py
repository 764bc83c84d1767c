"""attack13: `export --format ics` reports what it wrote (meetings), not the number of contacts in the book."""

import json

from safety_helpers import run


def test_ics_export_says_how_many_meetings_it_wrote(capsys, tmp_path):
    db = tmp_path / "book.db"
    code, out, _ = run(capsys, "--db", db, "--create", "add-contact", "--name", "Anna Weber", "--json")
    contact = json.loads(out)["id"]
    run(capsys, "--db", db, "add-contact", "--name", "Mei Chen")
    for at in ("2026-12-08T10:00", "2026-12-09T10:00", "2026-12-10T10:00"):
        assert run(capsys, "--db", db, "add-meeting", contact, "--at", at, "--time-zone", "Europe/Berlin")[0] == 0
    ics = tmp_path / "meetings.ics"
    code, out, err = run(capsys, "--db", db, "export", "--format", "ics", "-o", ics)
    assert code == 0 and ics.read_text().count("BEGIN:VEVENT") == 3
    # It said "Exported 2 contacts to …/meetings.ics".
    assert "2 contacts" not in out and "3" in out, out
