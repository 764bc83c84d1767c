"""Issue 17: names in their script (vCard 4.0 alternates, SORT-AS, phonetic readings), and
Japanese readings for a Japanese contact."""

from core.book.contacts import add_contact
from core.book.search import search_contacts
from core.exchange.pipeline import apply_import, preview_import, read_import_data


def import_card(db, *lines, version="4.0"):
    card = f"BEGIN:VCARD\nVERSION:{version}\n" + "".join(line + "\n" for line in lines) + "END:VCARD\n"
    preview = preview_import(db, read_import_data(card.encode(), source="n.vcf"))
    assert preview.ok, preview.errors
    return preview


def test_an_alternate_fn_in_another_script_is_the_native_name(fresh_db):
    preview = import_card(fresh_db, "FN;ALTID=1;LANGUAGE=en:Taro Yamada",
                          "FN;ALTID=1;LANGUAGE=ja:山田太郎", "N;ALTID=1;LANGUAGE=en:Yamada;Taro;;;",
                          "N;ALTID=1;LANGUAGE=ja:山田;太郎;;;")
    (entry,) = preview.new
    assert entry.fields["display_name"] == "Taro Yamada" and entry.fields["native_name"] == "山田太郎"
    assert (entry.fields["given_name"], entry.fields["family_name"]) == ("Taro", "Yamada")
    assert not [p for p in preview.warnings if p.field in ("FN", "N")]  # nothing left unread
    apply_import(fresh_db, preview)
    assert [c["display_name"] for c in search_contacts(fresh_db, "山田")] == ["Taro Yamada"]


def test_a_latin_alternate_of_a_native_name_is_its_romanization(fresh_db):
    (entry,) = import_card(fresh_db, "FN:王芳", "FN;ALTID=1;LANGUAGE=en:Wang Fang").new
    assert entry.fields["display_name"] == "王芳" and entry.fields["romanized_name"] == "Wang Fang"


def test_sort_as_gives_the_reading(fresh_db):
    (entry,) = import_card(fresh_db, "FN:高橋 健二", 'N;SORT-AS="たかはし,けんじ":高橋;健二;;;').new
    assert entry.fields["native_reading"] == "たかはし けんじ"


def test_a_japanese_contact_is_found_by_its_japanese_reading(fresh_db):
    preview = import_card(fresh_db, "FN:高橋 健二", "N:高橋;健二;;;", "ORG:京都精機株式会社", version="3.0")
    apply_import(fresh_db, preview)
    assert [c["display_name"] for c in search_contacts(fresh_db, "takahashi")] == ["高橋 健二"]


def test_the_typed_reading_wins_over_the_guessed_one(fresh_db):
    preview = import_card(fresh_db, "FN:東海林 太郎", "N:東海林;太郎;;;", "ORG:東京精機株式会社",
                          "X-PHONETIC-LAST-NAME:しょうじ", "X-PHONETIC-FIRST-NAME:たろう", version="3.0")
    apply_import(fresh_db, preview)
    assert [c["display_name"] for c in search_contacts(fresh_db, "shouji")] == ["東海林 太郎"]


def test_japanese_and_latin_spellings_at_one_company_are_likely_duplicates(fresh_db):
    add_contact(fresh_db, display_name="Kenji Takahashi", company="Kyoto Seiki", country="JP")
    preview = import_card(fresh_db, "FN:高橋 健二", "N:高橋;健二;;;", "ORG:Kyoto Seiki",
                          "EMAIL:k.takahashi@kyoto-seiki.co.jp", version="3.0")
    (entry,) = preview.new
    assert entry.duplicates, "the Japanese and the Latin spelling are one person"
