import json
import subprocess
import sys
from pathlib import Path

import pytest

from main import main

ROOT = Path(__file__).resolve().parent.parent


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "book.db"


def test_add_chinese_contact_and_find_it_by_pinyin(capsys, db_path):
    code, out, _ = run(capsys, "--db", db_path, "add-contact", "--name", "Zhang Wei",
                       "--native-name", "张伟", "--country", "CN", "--phone", "138 0013 8000", "--json")
    assert code == 0
    added = json.loads(out)
    assert added["phones"] == ["+8613800138000"]

    code, out, _ = run(capsys, "--db", db_path, "search", "zhang", "--json")
    assert code == 0
    assert [r["native_name"] for r in json.loads(out)] == ["张伟"]

    code, out, _ = run(capsys, "--db", db_path, "show", added["id"])
    assert code == 0 and "张伟" in out and "+86 138 0013 8000" in out


@pytest.mark.parametrize("argv, message", [
    (["add-contact", "--name", "X", "--phone", "12345"], "--phone"),
    (["add-contact", "--name", "  "], "--name: a contact needs a name"),
    (["add-contact", "--name", "X", "--email", "x@"], "--email"),
    (["show", "no-such-id"], "no contact with id no-such-id"),
    (["set-stage", "no-such-id", "partner"], "no contact"),
])
def test_bad_input_exits_non_zero_with_one_line_and_writes_nothing(capsys, db_path, argv, message):
    code, out, err = run(capsys, "--db", db_path, *argv)
    assert code == 1 and out == ""
    assert message in err and err.count("\n") == 1
    code, out, _ = run(capsys, "--db", db_path, "list", "--json")
    assert json.loads(out) == []


def test_db_in_missing_folder_is_refused(capsys, tmp_path):
    code, _, err = run(capsys, "--db", tmp_path / "nowhere" / "x.db", "list")
    assert code == 1 and "does not exist" in err
    assert not (tmp_path / "nowhere").exists()


def test_activity_commands_show_up_in_today(capsys, db_path):
    _, out, _ = run(capsys, "--db", db_path, "add-contact", "--name", "Anna Müller", "--json")
    cid = json.loads(out)["id"]
    assert run(capsys, "--db", db_path, "follow-up", cid, "--in-hours", "-3")[0] == 0
    assert run(capsys, "--db", db_path, "promise", cid, "--what", "Send samples",
               "--owed-by", "us", "--due", "2020-01-01")[0] == 0
    assert run(capsys, "--db", db_path, "log", cid, "--kind", "call", "--summary", "Asked for MOQ")[0] == 0
    assert run(capsys, "--db", db_path, "set-stage", cid, "rapport")[0] == 0
    code, out, _ = run(capsys, "--db", db_path, "today", "--home-tz", "Europe/Berlin", "--json")
    today = json.loads(out)
    assert today["follow_ups"][0]["overdue"] and today["commitments"][0]["overdue"]
    _, text, _ = run(capsys, "--db", db_path, "today", "--home-tz", "Europe/Berlin")
    assert "OVERDUE" in text and "Anna Müller" in text


def test_commands_never_import_qt(db_path):
    script = (
        "import sys, main\n"
        f"code = main.main(['--db', {str(db_path)!r}, '--create', 'add-contact', '--name', 'Li Na', '--json'])\n"
        f"code += main.main(['--db', {str(db_path)!r}, 'search', 'li'])\n"
        "assert not [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'ui'))], 'Qt loaded'\n"
        "sys.exit(code)\n")
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True,
                            env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr


def test_help_lists_the_commands(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for name in ("add-contact", "search", "show", "today", "demo-data"):
        assert name in out


def test_events_meetings_edits_done_and_settings(capsys, db_path):
    _, out, _ = run(capsys, "--db", db_path, "add-contact", "--name", "Tanaka Hiroshi", "--country", "JP",
                    "--json")
    cid = json.loads(out)["id"]
    _, out, _ = run(capsys, "--db", db_path, "add-event", "--name", "FOODEX Japan", "--city", "Chiba",
                    "--country", "JP", "--time-zone", "Asia/Tokyo", "--json")
    event = json.loads(out)["id"]
    assert run(capsys, "--db", db_path, "add-meeting", cid, "--at", "2026-03-10T10:00", "--event", event)[0] == 0
    _, out, _ = run(capsys, "--db", db_path, "show", cid, "--json")
    assert json.loads(out)["meetings"][0]["starts_at"] == "2026-03-10T01:00:00+00:00"

    _, out, _ = run(capsys, "--db", db_path, "edit-contact", cid, "--city", "Osaka", "--phone", "06-6123-4567",
                    "--json")
    assert json.loads(out)["changed"] == ["city", "phones"]

    _, out, _ = run(capsys, "--db", db_path, "promise", cid, "--what", "Send samples", "--owed-by", "us",
                    "--json")
    promise = json.loads(out)["id"]
    assert run(capsys, "--db", db_path, "done", promise)[0] == 0
    _, out, _ = run(capsys, "--db", db_path, "show", cid, "--json")
    assert json.loads(out)["commitments"][0]["done_at"]

    assert run(capsys, "--db", db_path, "settings", "home_time_zone", "Asia/Tokyo")[0] == 0
    _, out, _ = run(capsys, "--db", db_path, "settings", "--json")
    assert json.loads(out)["home_time_zone"] == "Asia/Tokyo"
    code, _, err = run(capsys, "--db", db_path, "settings", "home_time_zone", "Mars/Base")
    assert code == 1 and "Mars/Base" in err


def test_log_with_a_time_and_cancel_a_meeting(capsys, db_path):
    _, out, _ = run(capsys, "--db", db_path, "add-contact", "--name", "Ana Costa", "--json")
    cid = json.loads(out)["id"]
    assert run(capsys, "--db", db_path, "log", cid, "--summary", "Booth visit",
               "--when", "2026-11-20T10:00+01:00")[0] == 0
    code, _, err = run(capsys, "--db", db_path, "log", cid, "--summary", "x", "--when", "yesterday")
    assert code == 1 and "yesterday" in err
    _, out, _ = run(capsys, "--db", db_path, "add-meeting", cid, "--at", "2026-11-24T09:30",
                    "--time-zone", "Europe/Lisbon", "--json")
    meeting = json.loads(out)["id"]
    assert run(capsys, "--db", db_path, "cancel-meeting", meeting)[0] == 0
    _, out, _ = run(capsys, "--db", db_path, "show", cid, "--json")
    shown = json.loads(out)
    assert shown["meetings"] == []
    assert shown["interactions"][0]["occurred_at"] == "2026-11-20T09:00:00+00:00"
    assert run(capsys, "--db", db_path, "cancel-meeting", meeting)[0] == 1


def test_without_a_display_the_app_explains_instead_of_crashing(tmp_path):
    result = subprocess.run([sys.executable, "main.py", "--db", str(tmp_path / "x.db")], cwd=ROOT,
                            capture_output=True, text=True,
                            env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)})
    if not sys.platform.startswith("linux"):
        pytest.skip("only Linux needs a display server")
    assert result.returncode == 1
    assert "no display" in result.stderr and result.stderr.count("\n") == 1


def test_etiquette_card_with_comparison_first(capsys, db_path):
    code, out, _ = run(capsys, "--db", db_path, "etiquette", "JP", "--home", "Germany")
    assert code == 0
    assert out.startswith("Japan: etiquette card (reviewed ")
    comparison = out.index("Compared with Germany")
    assert comparison < out.index("GREETINGS") < out.index("REGIONAL VARIATION")
    assert out.index("What matters most for you:") < out.index("GREETINGS")


def test_etiquette_home_defaults_to_the_setting_and_json_has_both(capsys, db_path):
    run(capsys, "--db", db_path, "settings", "home_country", "US")
    code, out, _ = run(capsys, "--db", db_path, "etiquette", "jp", "--json")
    assert code == 0
    result = json.loads(out)
    assert result["card"]["country"] == "JP" and result["comparison"]["home_country"] == "US"
    gaps = [abs(r["difference"]) for r in result["comparison"]["rows"]]
    assert gaps == sorted(gaps, reverse=True) and len(gaps) == 7
    assert {t["kind"] for t in result["comparison"]["tips"]} == {"do", "dont"}


def test_etiquette_without_a_home_card_shows_the_partner_alone(capsys, db_path):
    code, out, _ = run(capsys, "--db", db_path, "etiquette", "BR", "--home", "IS", "--json")
    assert code == 0
    rows = json.loads(out)["comparison"]["rows"]
    assert all(r["home_score"] is None for r in rows)
    code, out, _ = run(capsys, "--db", db_path, "etiquette", "BR", "--home", "IS")
    assert "No card for your home country Iceland" in out


def test_etiquette_list_and_errors(capsys, db_path):
    code, out, _ = run(capsys, "--db", db_path, "etiquette", "--list", "--json")
    assert code == 0
    listed = json.loads(out)
    assert {"JP", "DE", "AE", "BR", "US", "CN"} <= {c["country"] for c in listed["cards"]}
    assert all(c["name"] and c["reviewed"] for c in listed["cards"])
    code, out, _ = run(capsys, "--db", db_path, "etiquette", "--list")
    assert "JP  Japan" in out
    code, _, err = run(capsys, "--db", db_path, "etiquette", "Atlantis")
    assert code == 1 and "--country" not in err and "Atlantis" in err
    code, _, err = run(capsys, "--db", db_path, "etiquette", "IS")
    assert code == 1 and "no etiquette card for Iceland (IS)" in err
    code, _, err = run(capsys, "--db", db_path, "etiquette")
    assert code == 1 and "--list" in err


def test_csv_export_says_which_cells_it_kept_from_running_as_formulas(capsys, db_path, tmp_path):
    run(capsys, "--db", db_path, "add-contact", "--name", '=HYPERLINK("http://evil.example","Click")',
        "--company", "@SUM(1+1)")
    out_file = tmp_path / "out.csv"
    code, out, err = run(capsys, "--db", db_path, "export", "--format", "csv", "-o", out_file)
    assert code == 0
    assert "2 cells start with = + - @ or a tab" in out
    assert "'=HYPERLINK" in out_file.read_text(encoding="utf-8-sig")


def test_log_and_follow_up_in_a_named_zone(capsys, db_path):
    _, out, _ = run(capsys, "--db", db_path, "add-contact", "--name", "Kim Min-jun", "--country", "KR", "--json")
    cid = json.loads(out)["id"]
    assert run(capsys, "--db", db_path, "log", cid, "--summary", "Booth talk", "--when", "2026-12-07T09:00",
               "--zone", "America/Los_Angeles")[0] == 0
    assert run(capsys, "--db", db_path, "follow-up", cid, "--in-hours", "24")[0] == 0
    _, out, _ = run(capsys, "--db", db_path, "show", cid, "--json")
    shown = json.loads(out)
    logged = shown["interactions"][0]
    assert (logged["occurred_at"], logged["time_zone"]) == ("2026-12-07T17:00:00+00:00", "America/Los_Angeles")
    # Both the automatic follow-up after adding and the planned one: in the partner's zone.
    assert {item["time_zone"] for item in shown["follow_ups"]} == {"Asia/Seoul"}
    code, _, err = run(capsys, "--db", db_path, "log", cid, "--summary", "x", "--when", "2026-12-07T09:00")
    assert code == 1 and "2026-12-07T09:00" in err


def test_an_import_warning_without_a_field_has_no_empty_slot(capsys, db_path, tmp_path):
    # "broken2.csv:3: : this row has 8 values…": a warning about a whole row named an empty field.
    path = tmp_path / "broken2.csv"
    path.write_text("Name,Email\nAnna Weber,anna@weber.de\nJan Novak,jan@novak.cz,extra,more\n", encoding="utf-8")
    assert main(["--db", str(db_path), "--create", "import", str(path)]) == 0
    out = capsys.readouterr().out
    assert "broken2.csv:3: this row has 4 values" in out
    assert ": :" not in out
