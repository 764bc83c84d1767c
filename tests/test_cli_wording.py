"""What the commands print reads as the app shows it: labels, not field names or stored codes."""

import json

import pytest

from main import main


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def book(tmp_path, capsys):
    path = tmp_path / "book.db"
    _, out, _ = run(capsys, "--db", path, "add-contact", "--name", "Anna Müller", "--json")
    return path, json.loads(out)["id"]


def test_set_stage_prints_the_stage_label_that_show_prints(capsys, book):
    path, cid = book
    code, out, _ = run(capsys, "--db", path, "set-stage", cid, "rapport")
    assert code == 0 and out.strip() == "Stage is now In talks"
    _, shown, _ = run(capsys, "--db", path, "show", cid)
    assert "In talks" in shown and "rapport" not in shown
    _, out, _ = run(capsys, "--db", path, "set-stage", cid, "trial_order", "--json")
    assert json.loads(out)["stage"] == "trial_order"  # scripts keep the code


def test_edit_contact_names_the_changed_fields_by_label(capsys, book):
    path, cid = book
    code, out, _ = run(capsys, "--db", path, "edit-contact", cid, "--company", "Acme", "--title", "Buyer")
    assert code == 0 and out.strip() == "Changed: Company, Job title"
    _, out, _ = run(capsys, "--db", path, "edit-contact", cid, "--company", "Acme", "--json")
    assert json.loads(out)["changed"] == []


def test_undo_names_a_field_left_as_it_is_by_label():
    from core.cli.common import row_field_label

    assert row_field_label("contacts", "job_title") == "Job title"
    assert row_field_label("contacts", "company_id") == "Company"


def test_undo_merge_names_the_fields_edited_since_by_label(capsys, book):
    path, cid = book
    _, out, _ = run(capsys, "--db", path, "add-contact", "--name", "Anna Mueller", "--title", "CEO", "--json")
    other = json.loads(out)["id"]
    _, out, _ = run(capsys, "--db", path, "merge", cid, other, "--json")
    merge_id = json.loads(out)["id"]
    run(capsys, "--db", path, "edit-contact", cid, "--title", "Owner")
    code, out, _ = run(capsys, "--db", path, "undo-merge", merge_id)
    assert code == 0 and "Edited since the merge, kept as they are: Job title" in out, out


def test_show_of_a_merged_contact_names_the_contact_it_was_merged_into(capsys, book):
    path, cid = book
    _, out, _ = run(capsys, "--db", path, "add-contact", "--name", "Anna Mueller", "--json")
    other = json.loads(out)["id"]
    _, out, _ = run(capsys, "--db", path, "merge", cid, other, "--json")
    merge_id = json.loads(out)["id"]
    code, out, err = run(capsys, "--db", path, "show", other)
    assert code == 1 and out == ""
    assert f"merged into Anna Müller ({cid})" in err and f"fairmate show {cid}" in err
    assert f"fairmate undo-merge {merge_id}" in err and "deleted" not in err


def test_show_of_a_deleted_contact_still_points_to_undo(capsys, book):
    path, cid = book
    run(capsys, "--db", path, "delete-contact", cid)
    code, _, err = run(capsys, "--db", path, "show", cid)
    assert code == 1 and "was deleted" in err and "fairmate undo" in err
