"""Shared fixtures: tiny, fresh databases (in memory unless a test needs a file)."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.store.db import open_database  # noqa: E402
from core.i18n import install_language  # noqa: E402


@pytest.fixture(autouse=True)
def english(monkeypatch):
    """Every test sees English strings, whatever the machine's language (LANGUAGE=de, LANG=de_DE…).

    LANGUAGE=en also wins for code that reads the environment itself (the command line's
    install_language(None)); a test that wants German installs it and is reset afterwards.
    """
    monkeypatch.setenv("LANGUAGE", "en")
    # Dates and numbers follow the system locale until chosen: pin that too.
    for name in ("LC_ALL", "LC_TIME", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    install_language("en")
    yield
    install_language("en")


@pytest.fixture
def fresh_db():
    """An empty, migrated in-memory database."""
    db = open_database(memory=True)
    yield db
    db.close()


@pytest.fixture
def file_db(tmp_path):
    """An empty, migrated database file in a temporary folder."""
    db = open_database(tmp_path / "fairmate.db")
    yield db
    db.close()


@pytest.fixture
def new_field():
    """A contact field declared for one test only, as a future commit would declare one;
    ``add_column(db)`` gives a database its column (what the field's migration would do)."""
    from core.book import fields, validation

    field = fields.declare_field("chat_handles", fields.URL_LIST, "Chat handles", validation.normalize_urls)

    def add_column(db):
        db.conn.execute(f"ALTER TABLE contacts ADD COLUMN {field.name} TEXT")

    field_with_column = type("NewField", (), {"field": field, "name": field.name,
                                              "add_column": staticmethod(add_column)})
    yield field_with_column
    del fields.CONTACT_FIELDS[field.name]


@pytest.fixture(autouse=True)
def cli_creates_books(monkeypatch):
    """The tests' command lines create the book they name, as ``fairmate --create`` does.

    A user's mistyped ``--db`` is an error (tests/test_book_creation.py turns this off);
    the environment reaches the tests' subprocesses too.
    """
    monkeypatch.setenv("FAIRMATE_CREATE", "1")
