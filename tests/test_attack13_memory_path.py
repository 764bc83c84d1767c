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
