"""The duplicate commands: duplicates, merge, merges, undo-merge."""

import json

import pytest

from main import main


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def book(capsys, tmp_path):
    db = tmp_path / "book.db"

    def add(*argv):
        code, out, _ = run(capsys, "--db", db, "add-contact", *argv, "--json")
        assert code == 0
        return json.loads(out)["id"]

    native = add("--name", "张伟", "--country", "CN", "--title", "Export Director")
    latin = add("--name", "Wei Zhang", "--email", "wei@foshan.cn", "--title", "Sales")
    add("--name", "Anna Müller", "--company", "Weber GmbH")
    return db, native, latin


def test_find_merge_list_and_undo_from_the_command_line(capsys, book):
    db, native, latin = book
    code, out, _ = run(capsys, "--db", db, "duplicates")
    assert code == 0 and "张伟 is written Wei Zhang" in out and native in out and latin in out

    code, out, _ = run(capsys, "--db", db, "duplicates", "--json")
    pairs = json.loads(out)
    assert [(p["reason"], {p["contact_id"], p["other_id"]}) for p in pairs] == [
        ("romanization", {native, latin})]

    code, out, _ = run(capsys, "--db", db, "merge", native, latin, "--choose", "job_title=merged",
                       "--json")
    assert code == 0
    merge = json.loads(out)
    assert merge["kept_values"] == {"display_name": "Wei Zhang", "job_title": "Export Director"}
    code, out, _ = run(capsys, "--db", db, "show", native, "--json")
    shown = json.loads(out)
    assert shown["job_title"] == "Sales" and shown["emails"][0]["value"] == "wei@foshan.cn"
    assert run(capsys, "--db", db, "duplicates")[1].strip() == "No likely duplicates"

    code, out, _ = run(capsys, "--db", db, "merges", native)
    assert merge["id"] in out and "Wei Zhang → 张伟" in out and "(undone)" not in out
    code, out, _ = run(capsys, "--db", db, "undo-merge", merge["id"])
    assert code == 0 and "two contacts again" in out
    assert "(undone)" in run(capsys, "--db", db, "merges")[1]
    assert json.loads(run(capsys, "--db", db, "show", latin, "--json")[1])["job_title"] == "Sales"


@pytest.mark.parametrize("extra, message", [
    (["--choose", "job_title"], "FIELD=CHOICE"),
    (["--choose", "shoe_size=merged"], "not a contact field"),
    (["--choose", "job_title=both"], "choose one of"),
])
def test_bad_merge_requests_exit_with_one_line(capsys, book, extra, message):
    db, native, latin = book
    code, out, err = run(capsys, "--db", db, "merge", native, latin, *extra)
    assert code == 1 and message in err and len(err.strip().splitlines()) == 1
    assert "No merges" in run(capsys, "--db", db, "merges")[1]


def test_merge_and_undo_name_unknown_ids(capsys, book):
    db, native, _latin = book
    code, _out, err = run(capsys, "--db", db, "merge", native, "nope")
    assert code == 1 and "nope" in err
    code, _out, err = run(capsys, "--db", db, "undo-merge", "nope")
    assert code == 1 and "Merge nope not found" in err
