"""Fixtures of the sync server's tests: both stores, and a throwaway PostgreSQL cluster.

The cluster lives in a temporary folder for the whole session (initdb and
pg_ctl from PATH or /usr/lib/postgresql/*/bin; as the ``postgres`` user when
the tests run as root, since both refuse root). Without the binaries the
PostgreSQL tests skip, except in CI (env CI set), where they fail.
"""

from __future__ import annotations

import os

import pytest
from argon2 import PasswordHasher

from core.server.sqlite_store import SqliteStore
from tests.server.pg_cluster import PgCluster, find_pg_bin

# The server's argon2 settings take ~30 ms a code; the tests pair many devices.
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture(scope="session")
def pg_cluster():
    """A running throwaway PostgreSQL cluster for the session (skipped without binaries, outside CI)."""
    bin_dir = find_pg_bin()
    if bin_dir is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL binaries (initdb, pg_ctl) not found; CI must install 'postgresql'")
        pytest.skip("PostgreSQL binaries (initdb, pg_ctl) not found")
    cluster = PgCluster(bin_dir)
    cluster.start()
    yield cluster
    cluster.stop()


@pytest.fixture
def sqlite_store(tmp_path):
    """A fresh SQLite store in a temporary file."""
    store = SqliteStore(tmp_path / "server.db", hasher=CHEAP_HASHER)
    store.create_schema()
    yield store
    store.close()


@pytest.fixture
def postgres_store(pg_cluster):
    """A fresh PostgreSQL store in its own database of the session's cluster."""
    from core.server.postgres_store import PostgresStore

    store = PostgresStore(pg_cluster.create_database(), hasher=CHEAP_HASHER)
    store.create_schema()
    yield store
    store.close()


@pytest.fixture(params=["sqlite", "postgres"])
def store(request):
    """Each store in turn: the shared suite runs on both."""
    return request.getfixturevalue(f"{request.param}_store")
