"""attack13: after `erase`, `undo` must not get stuck claiming to undo the erased person's operations."""

import json

from safety_helpers import run


def test_undo_after_erase_moves_on_instead_of_repeating_an_erased_operation(capsys, tmp_path):
    db = tmp_path / "book.db"
    run(capsys, "--db", db, "--create", "add-contact", "--name", "Kept Person")
    code, out, _ = run(capsys, "--db", db, "add-contact", "--name", "Zebulon Quixote", "--json")
    erased_id = json.loads(out)["id"]
    run(capsys, "--db", db, "promise", erased_id, "--what", "Send samples", "--owed-by", "us")
    code, out, err = run(capsys, "--db", db, "erase", erased_id, "--yes")
    assert code == 0, err

    answers = [run(capsys, "--db", db, "undo")[1].strip() for _ in range(3)]
    # Each undo either takes back a different, real operation or says nothing is left:
    # the same "Undone: Add promise" three times means undo is stuck on an erased operation.
    assert answers[0] != answers[1] or answers[0] == "", answers
    assert "Undone: Add promise" not in answers[1:], answers
