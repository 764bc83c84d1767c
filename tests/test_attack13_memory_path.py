"""attack13: a book file named ":memory:" must not be SQLite's in-memory database (the add was reported, then lost)."""

from main import main


def test_a_book_called_memory_keeps_what_was_added_or_refuses(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code = main(["--db", ":memory:", "--create", "add-contact", "--name", "Vanishing Person"])
    capsys.readouterr()
    if code == 0:  # "Added Vanishing Person" — then it must be in the book
        code = main(["--db", ":memory:", "list"])
        out, err = capsys.readouterr()
        assert "Vanishing Person" in out, (code, out, err)
    else:
        assert not (tmp_path / ":memory:").exists()


def test_a_folder_or_a_device_as_the_book_is_refused_in_one_line(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for target, said in ((tmp_path, "is a folder"), ("/dev/null", "not a regular file"), (":memory:", ":memory:")):
        code = main(["--db", str(target), "--create", "add-contact", "--name", "Nobody"])
        out, err = capsys.readouterr()
        assert code == 1 and out == "" and said in err and len(err.strip().splitlines()) == 1, (target, err)
    assert list(tmp_path.iterdir()) == []  # nothing written beside it
