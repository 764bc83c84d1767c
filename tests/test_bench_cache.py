"""bench/common.py: a cached demo book is reused only while what makes it (schema, generator) is unchanged."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import common  # noqa: E402


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setattr(common, "CACHE", tmp_path)
    monkeypatch.setattr(common, "SHARED", False)
    return tmp_path


def test_a_book_made_by_an_older_version_is_made_again_and_the_old_one_removed(cache, monkeypatch):
    # What an older bench/common.py left (keyed by size and seed only), with its WAL.
    for name in ("demo-12-7.db", "demo-12-7.db-wal", "demo-12-7.partial.checked"):
        (cache / name).write_bytes(b"stale")
    (cache / "demo-120-7.db").write_bytes(b"another size")
    monkeypatch.setattr(common, "book_version", lambda: "m1-aaaa")
    first = common.demo_database(12)
    assert first.name == "demo-12-7-m1-aaaa.db"
    assert sorted(p.name for p in cache.iterdir()) == ["demo-12-7-m1-aaaa.db", "demo-120-7.db"]
    made = first.stat().st_mtime_ns
    assert common.demo_database(12) == first and first.stat().st_mtime_ns == made  # reused

    monkeypatch.setattr(common, "book_version", lambda: "m2-bbbb")  # a new migration or generator
    second = common.demo_database(12)
    assert second.name == "demo-12-7-m2-bbbb.db"
    assert sorted(p.name for p in cache.iterdir()) == ["demo-12-7-m2-bbbb.db", "demo-120-7.db"]


def test_a_shared_cache_is_read_but_never_written_or_cleaned(tmp_path, monkeypatch):
    """FAIRMATE_BENCH_CACHE names another tree's cache: its books are used when they are this version's; a
    missing one is made in this tree's own cache, and the shared one's older books stay."""
    shared, private = tmp_path / "shared", tmp_path / "private"
    shared.mkdir()
    for name in ("demo-12-7-m1-aaaa.db", "demo-12-7-m1-aaaa.db-wal", "demo-12-7.partial.checked"):
        (shared / name).write_bytes(b"another tree's")
    monkeypatch.setattr(common, "CACHE", shared)
    monkeypatch.setattr(common, "SHARED", True)
    monkeypatch.setattr(common, "PRIVATE_CACHE", private)
    monkeypatch.setattr(common, "book_version", lambda: "m1-aaaa")
    assert common.demo_database(12) == shared / "demo-12-7-m1-aaaa.db"  # this version's: used as it is

    monkeypatch.setattr(common, "book_version", lambda: "m2-bbbb")
    made = common.demo_database(12)
    assert made == private / "demo-12-7-m2-bbbb.db"
    assert sorted(p.name for p in private.iterdir()) == ["demo-12-7-m2-bbbb.db"]
    assert {p.name: p.read_bytes() for p in shared.iterdir()} == dict.fromkeys(
        ("demo-12-7-m1-aaaa.db", "demo-12-7-m1-aaaa.db-wal", "demo-12-7.partial.checked"), b"another tree's")
    assert common.demo_database(12) == made  # found in the private cache next time


def test_the_version_follows_the_migrations_and_the_generator(monkeypatch, tmp_path):
    from core.store.migrations import MIGRATIONS

    version = common.book_version()
    assert version.startswith(f"m{len(MIGRATIONS.names())}-")
    assert common.book_version() == version
    demo = tmp_path / "core" / "demo"
    demo.mkdir(parents=True)
    (demo / "generate.py").write_text("one")
    monkeypatch.setattr(common, "ROOT", tmp_path)
    changed = common.book_version()
    (demo / "generate.py").write_text("two")
    assert common.book_version() != changed != version
