"""bench/size_floor.py: each removable part is measured on its own copy; the book itself is left as it was."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

import size_floor  # noqa: E402

from core.book.activity import log_interaction  # noqa: E402
from core.book.contacts import add_contact  # noqa: E402
from core.store.db import open_database  # noqa: E402


def test_every_part_is_measured_on_a_copy_and_the_floor_is_below_the_book(tmp_path):
    path = tmp_path / "book.db"
    db = open_database(path)
    for n in range(40):
        contact = add_contact(db, display_name=f"Person {n} " + "x" * 200, emails=[f"p{n}@example.com"],
                              notes="y" * 400)
        log_interaction(db, contact, kind="call", summary="z" * 300)
    db.close()
    before = path.read_bytes()
    size = path.stat().st_size
    figures = size_floor.measure_floor(path, size, vcard_bytes=size // 10)
    assert path.read_bytes() == before
    parts = {part["part"]: part["bytes"] for part in figures["parts"]}
    assert [name for name, _why, _sql in size_floor.PARTS] == list(parts)
    assert parts["change log, whole"] > parts["log: values of creating changes"] > 0
    assert parts["search: copy of the indexed text"] > 0 and parts["duplicate keys, whole"] >= 0
    assert 0 < figures["activity_bytes"] < figures["floor_bytes"] < size
    assert figures["floor_ratio"] == round(figures["floor_bytes"] / (size // 10), 2)
