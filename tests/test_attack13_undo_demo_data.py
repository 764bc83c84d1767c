"""attack13: one `undo` after `demo-data` takes back the whole run, not one of its chunks."""

from safety_helpers import run


def test_one_undo_takes_back_all_of_add_demo_data(capsys, tmp_path):
    db = tmp_path / "book.db"
    run(capsys, "--db", db, "--create", "add-contact", "--name", "Kept Person")
    code, out, err = run(capsys, "--db", db, "demo-data", "--contacts", "3")
    assert code == 0, err
    code, out, err = run(capsys, "--db", db, "undo")
    assert out.strip() == "Undone: Add demo data"
    code, out, err = run(capsys, "--db", db, "list", "--limit", "100")
    # It said "Undone: Add demo data" and left the 3 demo contacts (4 undos were needed, each saying so).
    assert out.strip().splitlines() and all("Kept Person" in line for line in out.strip().splitlines()), out
    code, out, err = run(capsys, "--db", db, "events")
    assert "2027" not in out, out
