"""Issue 17: refusals that point at the line, and files that are readable after all."""

from core.exchange.pipeline import preview_import, read_import_data


def test_a_misspelt_begin_line_is_named(fresh_db):
    source = read_import_data(b"BEGIN:VCAR\nVERSION:3.0\nFN:Anna\nEND:VCARD\n", source="a.vcf")
    (problem,) = source.problems
    assert problem.line == 1 and "BEGIN:VCAR" in problem.message and "BEGIN:VCARD" in problem.message


def test_a_one_column_csv_of_addresses_is_a_csv(fresh_db):
    data = b"Primary Email\na@example.org\nb@example.org\nc@example.org\nd@example.org\n"
    preview = preview_import(fresh_db, read_import_data(data, source="list.csv"))
    assert preview.source.kind == "csv" and preview.ok
    assert [e.fields["emails"][0]["value"] for e in preview.new] == [
        "a@example.org", "b@example.org", "c@example.org", "d@example.org"]


def test_a_card_with_only_a_nickname_is_named_by_it(fresh_db):
    data = b"BEGIN:VCARD\nVERSION:3.0\nFN:\nN:;;;;\nNICKNAME:Kenji\nEND:VCARD\n"
    preview = preview_import(fresh_db, read_import_data(data, source="n.vcf"))
    assert preview.ok and preview.new[0].fields["display_name"] == "Kenji"

