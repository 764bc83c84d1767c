"""Issue 15: an import holds one parsed card at a time; the preview keeps its entries packed."""

import gc
import weakref

from core.book.contacts import count_contacts, get_contact
from core.book.search import search_contacts
from core.exchange import preview as preview_module
from core.exchange import text as text_module
from core.exchange.pipeline import apply_import, preview_import, read_import_data
from core.exchange.text import decode_lines, decode_text


def _cards(count: int) -> bytes:
    return "".join(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person{n} Stream\r\nORG:Firm {n % 3}\r\n"
                   f"EMAIL:person{n}@firm{n % 3}.example\r\nTEL:+49 30 901820{n}\r\nEND:VCARD\r\n"
                   for n in range(count)).encode()


def _counting_reads(source) -> tuple[list, list]:
    """Count the passes over *source*'s cards and keep a weak reference to every card read."""
    passes, cards = [], []
    reader = source.reader

    def read_again():
        passes.append(1)
        for parsed in reader():
            cards.append(weakref.ref(parsed))
            yield parsed

    source.reader = read_again
    return passes, cards


def test_the_preview_holds_no_parsed_card_and_apply_reads_the_file_no_more(fresh_db, monkeypatch):
    monkeypatch.setattr(preview_module._EntryStore, "CHUNK", 4)  # several packed chunks, and some pending
    source = read_import_data(_cards(10), source="stream.vcf")
    passes, cards = _counting_reads(source)
    preview = preview_import(fresh_db, source)
    gc.collect()
    assert len(cards) == 10 and passes == [1]
    assert not [ref for ref in cards if ref() is not None], "the preview keeps parsed cards"
    assert len(preview.store.chunks) == 2 and preview.new_count == 10
    result = apply_import(fresh_db, preview)
    assert passes == [1], "apply read the file again"
    assert len(result.added) == 10 == count_contacts(fresh_db)
    assert [get_contact(fresh_db, i)["display_name"] for i in result.added] == [f"Person{n} Stream" for n in range(10)]
    assert [c["display_name"] for c in search_contacts(fresh_db, "person7")] == ["Person7 Stream"]


def test_entries_read_from_the_preview_are_copies(fresh_db):
    preview = preview_import(fresh_db, read_import_data(_cards(2), source="two.vcf"))
    first = next(preview.iter_entries())
    first.fields["display_name"] = "Changed"
    assert next(preview.iter_entries()).fields["display_name"] == "Person0 Stream"


def test_introducers_in_the_same_file_are_linked_across_chunks(fresh_db, monkeypatch):
    monkeypatch.setattr(preview_module._EntryStore, "CHUNK", 2)
    data = (_cards(5) + b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Late Comer\r\n"
            b"X-FAIRMATE-INTRODUCED-BY:Person1 Stream\r\nEND:VCARD\r\n")
    preview = preview_import(fresh_db, read_import_data(data, source="intro.vcf"))
    assert preview.ok and preview.introduced
    result = apply_import(fresh_db, preview)
    late = get_contact(fresh_db, result.added[-1])
    assert late["introduced_by_contact_id"] == result.added[1]


def test_lines_are_decoded_a_piece_at_a_time_as_the_whole_text_would_be(monkeypatch):
    samples = [b"", b"\n", b"a", b"a\r\nb\r\n\r\n", "FN:M\u00fcller\nNOTE:\u5f20\u4f1f\n".encode(),
               "FN;CHARSET=ISO-8859-1:M\u00fcller\nNOTE:Gr\u00fc\u00dfe\n".encode("latin-1"),
               b"\xef\xbb\xbfBEGIN:VCARD\nEND:VCARD\n", "A\nB\n".encode("utf-16"),
               "x\u00e9\n\u5f20\u4f1f\nlonger line\n".encode() * 3 + "caf\u00e9\n".encode("cp1252")]
    for size in (1, 3, 8, 1 << 20):
        monkeypatch.setattr(text_module, "_CHUNK_BYTES", size)
        for data in samples:
            assert list(decode_lines(data)) == decode_text(data).split("\n"), (size, data)


def test_the_kanji_dictionary_is_kept_packed_and_reads_names_as_before(fresh_db):
    from pykakasi.kanji import Kanwa

    from core.book.contacts import add_contact
    from core.book.romanize import PackedKanjiTable, romanize_name

    assert romanize_name("田中宏", country="JP") == ["tanaka hiroshi"]
    assert romanize_name("高橋 健二", country="JP") == ["takahashi kenji"]
    assert isinstance(Kanwa._shared_state["_jisyo_table"], PackedKanjiTable)
    add_contact(fresh_db, display_name="山本 一郎", country="JP")
    assert [c["display_name"] for c in search_contacts(fresh_db, "yamamoto")] == ["山本 一郎"]
