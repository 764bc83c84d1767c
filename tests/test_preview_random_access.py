"""An import preview read a chunk at a time by position (what the GUI's table shows), not only in order."""

from core.exchange import preview as preview_module
from core.exchange.pipeline import preview_import, read_import_data


def test_entries_are_read_by_position_a_chunk_at_a_time(fresh_db, monkeypatch):
    monkeypatch.setattr(preview_module._EntryStore, "CHUNK", 4)
    data = "".join(f"BEGIN:VCARD\nVERSION:3.0\nFN:Person {n}\nEND:VCARD\n" for n in range(10)).encode()
    preview = preview_import(fresh_db, read_import_data(data, source="cards.vcf"))
    assert list(preview.entry_lines()) == [e.line for e in preview.iter_entries()] == list(range(1, 41, 4))
    first, entries = preview.read_entries(5)
    assert first == 4 and [e.name for e in entries] == ["Person 4", "Person 5", "Person 6", "Person 7"]
    first, entries = preview.read_entries(9)  # the last, not yet packed
    assert first == 8 and [e.name for e in entries] == ["Person 8", "Person 9"]
    entries[0].name = "changed"
    assert preview.read_entries(8)[1][0].name == "Person 8"  # a copy
