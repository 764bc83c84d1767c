"""Shared fixtures: tiny, fresh databases (in memory unless a test needs a file)."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.db import open_database  # noqa: E402


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
