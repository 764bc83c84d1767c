"""Search, import and export tests of other modules, run again on an encrypted book.

Importing a test function here makes pytest collect it in this module, where
``fresh_db`` is this module's: an encrypted book file instead of memory. What
sqlite-utils does on the connection (its own error handling included) is exercised too.
"""

import shutil

import pytest

from core.store import cipher
from core.store.db import open_database
from core.store.encryption import encrypt_book
from test_exchange import (test_broken_file_is_rejected_and_nothing_is_written,  # noqa: F401
                           test_every_sample_file_imports,
                           test_fairmate_fields_round_trip_through_vcard_into_another_book,
                           test_same_email_and_name_updates_same_email_other_name_is_a_likely_duplicate)
from test_search import (book, test_finds_by_any_script_and_romanization,  # noqa: F401
                         test_index_follows_updates_and_company_renames, test_words_are_anded)
from test_undo import (anna, test_a_failed_savepoint_inside_an_operation_is_not_announced,  # noqa: F401
                       test_undo_an_import_removes_what_it_added_and_restores_what_it_updated)


PASSPHRASE = "a passphrase"


@pytest.fixture(scope="module")
def encrypted_template(tmp_path_factory):
    """One empty book, migrated and encrypted once; each test gets a copy."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(cipher.KEYRING_ENV, "file")
        path = tmp_path_factory.mktemp("template") / "encrypted.db"
        open_database(path).close()
        encrypt_book(path, PASSPHRASE, remember=False)
    return path


@pytest.fixture
def fresh_db(tmp_path, monkeypatch, encrypted_template):
    """An empty, migrated book, encrypted at rest (its passphrase from the environment)."""
    monkeypatch.setenv(cipher.KEYRING_ENV, "file")
    monkeypatch.setenv(cipher.PASSPHRASE_ENV, PASSPHRASE)
    monkeypatch.setattr(cipher, "_PASSPHRASES", {})
    path = tmp_path / "encrypted.db"
    shutil.copyfile(encrypted_template, path)
    db = open_database(path)
    assert db.encrypted
    yield db
    db.close()
