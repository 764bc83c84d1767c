"""A field declared once (core.book.fields) is typed and shown by the command line unchanged."""

import json

import pytest

from core.store.db import open_database
from main import main


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_new_entry_field_is_an_option_and_shown(capsys, tmp_path, new_field):
    path = tmp_path / "book.db"
    db = open_database(path)
    new_field.add_column(db)
    db.close()
    code, out, err = run(capsys, "--db", path, "add-contact", "--name", "Anna Müller",
                         "--chat-handle", "linkedin=https://www.linkedin.com/in/anna",
                         "--chat-handle", "https://anna.example", "--json")
    assert code == 0, err
    contact_id = json.loads(out)["id"]
    code, out, _ = run(capsys, "--db", path, "show", contact_id)
    assert "Chat handles: https://www.linkedin.com/in/anna (linkedin), https://anna.example" in out
    shown = json.loads(run(capsys, "--db", path, "show", contact_id, "--json")[1])
    assert shown["chat_handles"] == [
        {"value": "https://www.linkedin.com/in/anna", "label": "linkedin"},
        {"value": "https://anna.example", "label": ""}]
    code, out, _ = run(capsys, "--db", path, "edit-contact", contact_id, "--chat-handle", "x=https://x.example",
                       "--json")
    assert json.loads(out)["changed"] == ["chat_handles"]



def test_the_new_option_is_documented_in_help(capsys, new_field):
    with pytest.raises(SystemExit):
        main(["add-contact", "--help"])
    assert "--chat-handle" in capsys.readouterr().out
