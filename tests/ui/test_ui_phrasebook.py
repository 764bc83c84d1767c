"""The Phrasebook page on sample phrasebooks: language, categories, search, favourites, copy, speech,
the show-to-partner card, the banner for broken files, and the Phrases button of a contact."""

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QImage, QPainter
from PySide6.QtWidgets import QApplication

from core.book.contacts import add_contact, get_contact
from core.content.phrase_favourites import list_favourite_phrases
from phrasebook_samples import GERMAN, KOREAN, write_samples
from ui.models.phrase_model import PhraseTableModel
from ui.pages.phrasebook_page import FAVOURITES, PhrasebookPage
from ui.dialogs.show_to_partner import ShowToPartnerDialog, fit_point_size


@pytest.fixture
def books(tmp_path):
    return write_samples(tmp_path / "books", languages=("ko", "ja", "de", "ar", "zh-Hans", "zh-Hant"))


@pytest.fixture
def page(qtbot, gui_db, runner, settings, books):
    widget = PhrasebookPage(gui_db, runner, settings=settings, directory=books, speech_engine="mock")
    qtbot.addWidget(widget)
    widget.resize(1200, 760)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def shown(page):
    return [(p.language, p.key) for p in page.model.phrases()]


def type_query(qtbot, page, text):
    page.search_box.clear()
    if text.isascii():
        qtbot.keyClicks(page.search_box, text)
    else:
        # As an input method commits Hangul or kana (QTest can only type ASCII keys).
        from PySide6.QtGui import QInputMethodEvent

        event = QInputMethodEvent()
        event.setCommitString(text)
        QApplication.sendEvent(page.search_box, event)
    assert page.search_box.text() == text
    qtbot.waitUntil(lambda: not page._search_timer.isActive())


def test_languages_by_native_and_english_name_and_categories_with_counts(page):
    combo = page.language_combo
    labels = [combo.itemText(i) for i in range(combo.count())]
    assert labels == ["All languages", "العربية — Arabic", "简体中文 — Chinese (Simplified)",
                      "繁體中文 — Chinese (Traditional)", "Deutsch — German", "日本語 — Japanese", "한국어 — Korean"]
    page.set_language("ko")
    categories = [page.category_list.item(i).text() for i in range(page.category_list.count())]
    assert categories == ["All phrases  (5)", "★ Favourites  (0)", "Greetings and introductions  (2)",
                          "Prices  (2)", "Dining and toasts  (1)"]
    assert page.header.subtitle_label.text() == "5 business phrases in 6 languages"
    assert not page.banner.isVisibleTo(page)


def test_a_german_interface_names_languages_and_categories_in_german(qtbot, gui_db, runner, settings, books):
    from core.i18n import install_language

    install_language("de")
    try:
        widget = PhrasebookPage(gui_db, runner, settings=settings, directory=books, speech_engine="mock")
        qtbot.addWidget(widget)
        combo = widget.language_combo
        assert [combo.itemText(i) for i in range(combo.count())] == [
            "Alle Sprachen", "العربية — Arabisch", "繁體中文 — Chinesisch (Traditionell)",
            "简体中文 — Chinesisch (Vereinfacht)", "Deutsch", "日本語 — Japanisch", "한국어 — Koreanisch"]  # by German name
        widget.set_language("ko")
        categories = [widget.category_list.item(i).text() for i in range(widget.category_list.count())]
        assert categories[2:] == ["Begrüßung und Vorstellung  (2)", "Preise  (2)", "Essen und Trinksprüche  (1)"]
        widget.table.selectRow(0)
        assert widget.detail.category_label.text().startswith("Koreanisch · Begrüßung")
    finally:
        install_language("en")


def test_find_quotation_in_korean_typing_english_or_korean(qtbot, page):
    page.set_language("ko")
    type_query(qtbot, page, "quotation")
    assert shown(page) == [("ko", "send_quotation")]
    assert page.detail.text_label.text() == "견적서를 보내 주시겠습니까?"
    assert page.detail.romanization_label.text() == "gyeonjeokseoreul bonae jusigetseumnikka?"
    type_query(qtbot, page, "견적")
    assert shown(page) == [("ko", "send_quotation")]
    assert page.count_label.text() == "1 phrase"


def test_english_across_all_languages_names_each_row(qtbot, page):
    page.set_language(None)
    assert page.list_stack.currentWidget() is page.empty_label  # pick a language or type
    type_query(qtbot, page, "cheers")
    assert {key for _lang, key in shown(page)} == {"cheers"} and len(shown(page)) == 6
    from ui.models.phrase_model import LanguageNameRole

    assert page.model.index(0, 0).data(LanguageNameRole) == "Arabic"


def test_category_lists_its_phrases_and_search_goes_back_to_all(qtbot, page):
    page.set_language("ja")
    page.category_list.setCurrentRow(3)  # Prices
    assert shown(page) == [("ja", "send_quotation"), ("ja", "price_too_high")]
    type_query(qtbot, page, "cheers")
    assert page.category_list.currentRow() == 0 and shown(page) == [("ja", "cheers")]


def test_star_toggles_a_stored_favourite_and_the_favourites_list(qtbot, page, gui_db):
    page.set_language("ko")
    row = page.model.row_of("ko", "send_quotation")
    star = page.table.visualRect(page.model.index(row, PhraseTableModel.STAR)).center()
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, pos=star)
    assert [(p.language, p.key) for p in list_favourite_phrases(gui_db, library=page.library)] == [
        ("ko", "send_quotation")]
    assert page.category_list.item(1).text() == "★ Favourites  (1)"
    page.category_list.setCurrentRow(1)
    assert page.category() == FAVOURITES and shown(page) == [("ko", "send_quotation")]
    assert page.detail.favourite_button.text() == "★ Favourite"
    page.detail.favourite_button.click()
    assert list_favourite_phrases(gui_db, library=page.library) == []
    assert page.list_stack.currentWidget() is page.empty_label


def test_copy_puts_text_and_romanization_on_the_clipboard(page):
    page.set_language("ko")
    page.table.selectRow(page.model.row_of("ko", "thank_you"))
    page.detail.copy_button.click()
    assert QApplication.clipboard().text() == "감사합니다.\ngamsahamnida."


def test_speech_says_plainly_when_no_voice_exists_and_how_to_add_one(page, monkeypatch):
    monkeypatch.setattr("sys.platform", "linux")
    page.set_language("ko")
    page.table.selectRow(0)
    message = "No voice for Korean is installed on this computer\nTo add one, install the packages " \
              "speech-dispatcher and espeak-ng (e.g. sudo apt install speech-dispatcher espeak-ng), " \
              "then restart Fairmate."
    assert page.speak_phrase() == message
    assert page.detail.message_label.text() == message


def test_the_way_to_a_voice_is_named_for_each_system():
    from ui.speech import voice_install_hint

    assert "Settings ▸ Time & language ▸ Speech" in voice_install_hint("win32")
    assert "Spoken Content" in voice_install_hint("darwin")
    assert "speech-dispatcher" in voice_install_hint("linux") and "espeak-ng" in voice_install_hint("linux")


@pytest.mark.parametrize("wanted, voice, fits", [
    ("yue_HK", "yue_HK", True),   # espeak-ng's Cantonese
    ("yue_HK", "zh_HK", True),    # Windows (Tracy, HiuGaai) and macOS (Sinji) list Cantonese as zh-HK
    ("yue_HK", "zh_MO", True),
    ("yue_HK", "zh_TW", False),   # Mandarin would read the Cantonese text with Mandarin sounds
    ("yue_HK", "zh_CN", False),
    ("zh_TW", "zh_HK", True),     # written Chinese takes any Chinese voice, Taiwan's first
    ("ms_MY", "id_ID", False),
])
def test_a_cantonese_book_is_spoken_by_a_cantonese_voice_only(wanted, voice, fits):
    from PySide6.QtCore import QLocale

    from ui.speech import voice_fits

    assert voice_fits(QLocale(wanted), QLocale(voice)) is fits


def test_speech_uses_a_voice_whose_locale_matches(qtbot, gui_db, runner, tmp_path):
    # The mock engine has English voices only: a sample language spoken as en-GB gets one.
    folder = write_samples(tmp_path / "en", languages=("de",), de=GERMAN.replace('"de-DE"', '"en-GB"'))
    widget = PhrasebookPage(gui_db, runner, directory=folder, speech_engine="mock")
    qtbot.addWidget(widget)
    widget.set_language("de")
    widget.table.selectRow(0)
    assert widget.speak_phrase() is None
    assert widget.detail.message_label.text() == "Speaking…"
    assert widget._speaker.find_voice("en-GB").locale().name() == "en_GB"


def test_show_to_partner_steps_with_arrows_and_closes_on_escape(qtbot, page):
    page.set_language("ar")
    page.table.selectRow(page.model.row_of("ar", "send_quotation"))
    dialog = page.show_to_partner(full_screen=False)
    qtbot.waitExposed(dialog)
    assert isinstance(dialog, ShowToPartnerDialog) and dialog.phrase.key == "send_quotation"
    image = dialog.grab().toImage()
    dark = sum(1 for x in range(0, image.width(), 4) for y in range(0, image.height() // 2, 4)
               if QColor(image.pixel(x, y)).lightness() < 100)
    assert dark > 200  # large text drawn in the upper half
    qtbot.keyClick(dialog, Qt.Key.Key_Right)
    assert dialog.phrase.key == "price_too_high"
    assert page.current_phrase().key == "price_too_high"  # the list follows the card
    qtbot.keyClick(dialog, Qt.Key.Key_Left)
    qtbot.keyClick(dialog, Qt.Key.Key_Left)
    assert dialog.phrase.key == "thank_you"
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and page.partner_dialog is None


def test_show_to_partner_closes_on_click(qtbot, page):
    page.set_language("ja")
    page.table.selectRow(0)
    dialog = page.show_to_partner(full_screen=False)
    qtbot.waitExposed(dialog)
    qtbot.mouseClick(dialog, Qt.MouseButton.LeftButton, pos=QPoint(50, 50))
    assert not dialog.isVisible()


def test_text_is_scaled_to_fit():
    font = QFont("Noto Sans")
    short = fit_point_size(font, "乾杯！", 800, 300)
    long = fit_point_size(font, "この度は弊社の不手際でご迷惑をおかけし、誠に申し訳ございません。", 800, 300)
    assert long < short <= 200
    from ui.dialogs.show_to_partner import _text_height, _text_option

    probe = QFont(font)
    probe.setPointSizeF(long)
    assert _text_height(probe, "この度は弊社の不手際でご迷惑をおかけし、誠に申し訳ございません。", 800,
                        _text_option(False)) <= 300


def test_banner_names_broken_files_and_the_rest_works(qtbot, gui_db, runner, tmp_path):
    folder = write_samples(tmp_path / "broken", languages=("ko", "de"),
                           ko=KOREAN.replace('register = "neutral"\nnote', 'register = neutral\nnote'))
    widget = PhrasebookPage(gui_db, runner, directory=folder)
    qtbot.addWidget(widget)
    widget.show()
    assert widget.banner.isVisible()
    assert "ko.toml" in widget.banner_label.text() and "not valid TOML" in widget.banner_label.text()
    assert [widget.language_combo.itemData(i) for i in range(widget.language_combo.count())] == [None, "de"]


def test_phrases_button_opens_the_contacts_language(qtbot, main_window, gui_db, books, monkeypatch):
    monkeypatch.setenv("FAIRMATE_PHRASEBOOKS", str(books))
    contact_id = add_contact(gui_db, display_name="Kim Min-jun", native_name="김민준", country="KR",
                             languages=["ko"])
    main_window.show_contact(contact_id)
    main_window.contacts_page.detail.phrases_button.trigger()
    assert main_window.current_page_key() == "phrasebook"
    page = main_window.phrasebook_page
    assert page.language() == "ko"
    assert page.detail.message_label.text() == "Phrases in Korean for Kim Min-jun."
    taiwan = add_contact(gui_db, display_name="Chen Mei-ling", country="TW", languages=["zh"])
    assert main_window.show_phrases_for_contact(taiwan) == "zh-Hant"
    nobody = add_contact(gui_db, display_name="Jane Doe", country="US", languages=["en"])
    assert main_window.show_phrases_for_contact(nobody) is None
    assert "No phrasebook matches" in main_window.statusBar().currentMessage()
    # The button says so before anyone clicks it.
    main_window.show_contact(nobody)
    button = main_window.contacts_page.detail.phrases_button
    assert not button.isEnabled() and "no phrasebook" in button.toolTip().lower()
    main_window.show_contact(contact_id)
    assert button.isEnabled()


def _render(font: QFont, text: str) -> bytes:
    font = QFont(font)
    font.setPixelSize(40)
    image = QImage(180, 60, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setFont(font)
    painter.drawText(5, 48, text)
    painter.end()
    return bytes(image.constBits())


@pytest.mark.parametrize("code, face", [("ja", "Noto Sans CJK JP"), ("zh-Hant", "Noto Sans CJK TC"),
                                         ("yue", "Noto Sans CJK HK"), ("zh-Hans", "Noto Sans CJK SC"),
                                         ("ko", "Noto Sans CJK KR")])
def test_each_cjk_language_is_drawn_with_its_own_face(qapp, code, face):
    from ui.fonts import font_for_language, install_fonts

    if face not in QFontDatabase.families():
        pytest.skip(f"{face} is not installed (fonts-noto-cjk)")
    base = install_fonts(qapp)
    sample = "直骨误"  # drawn differently in Chinese, Taiwanese, Hong Kong and Japanese faces
    assert _render(font_for_language(base, code), sample) == _render(QFont(face), sample)


@pytest.mark.parametrize("code, script, sample, face", [("he", "Hebr", "תודה רבה", "Noto Sans Hebrew"),
                                                         ("ar", "Arab", "شكرا جزيلا", "Noto Sans Arabic")])
def test_right_to_left_languages_are_drawn_with_a_face_that_has_their_letters(qapp, code, script, sample, face):
    from ui.fonts import font_for_language, install_fonts, resolved_family

    if face not in QFontDatabase.families():
        pytest.skip(f"{face} is not installed (fonts-noto-core)")
    font = font_for_language(install_fonts(qapp), code, script)
    assert font.families()[0] == face
    assert resolved_family(font, sample) == face


def test_urdu_is_drawn_in_nastaliq_and_its_english_notes_are_not(qapp):
    from ui.fonts import font_for_language, font_for_notes, install_fonts, resolved_family

    if "Noto Nastaliq Urdu" not in QFontDatabase.families():
        pytest.skip("Noto Nastaliq Urdu is not installed (fonts-noto-core)")
    base = install_fonts(qapp)
    font = font_for_language(base, "ur", "Arab")
    assert resolved_family(font, "بہت شکریہ") == "Noto Nastaliq Urdu"
    notes = font_for_notes(font, base)
    assert resolved_family(notes, "The usual greeting") == resolved_family(base, "The usual greeting")
    assert resolved_family(notes, "بہت شکریہ") == "Noto Nastaliq Urdu"


def test_bengali_is_drawn_with_a_bengali_face(qapp):
    from ui.fonts import font_for_language, install_fonts, resolved_family

    if "Noto Sans Bengali" not in QFontDatabase.families():
        pytest.skip("Noto Sans Bengali is not installed (fonts-noto-core)")
    font = font_for_language(install_fonts(qapp), "bn", "Beng")
    assert resolved_family(font, "ধন্যবাদ") == "Noto Sans Bengali"


def test_an_undone_star_leaves_the_page_without_it(qtbot, page, gui_db, runner):
    from ui.operations import operations_for

    page.set_language("ko")
    row = page.model.row_of("ko", "send_quotation")
    page.model.toggle_favourite(row)
    assert page.category_list.item(1).text() == "★ Favourites  (1)"
    operations_for(runner).undo()  # Edit ▸ Undo, or a colleague's unstar arriving
    assert not page.model.is_favourite(page.model.phrase(row))
    assert page.category_list.item(1).text() == "★ Favourites  (0)"


def test_escape_clears_the_search_box(qtbot, page):
    type_query(qtbot, page, "thank")
    qtbot.keyClick(page.search_box, Qt.Key.Key_Escape)
    assert page.search_box.text() == ""
    qtbot.waitUntil(lambda: not page._search_timer.isActive())  # every phrase again, before the book closes
    assert page.model.rowCount() > 1


def test_a_phrase_said_to_a_woman_follows_the_partner_chosen(qtbot, gui_db, runner, settings, tmp_path):
    """Issue 14: Hebrew phrases assumed a man; the page shows both forms until it knows."""
    from phrasebook_samples import HEBREW

    from test_phrase_forms import QUOTATION_TO_ONE

    start, end = HEBREW.index("[phrases.send_quotation]"), HEBREW.index("[phrases.price_too_high]")
    books = write_samples(tmp_path / "he", languages=("he",), he=HEBREW[:start] + QUOTATION_TO_ONE + "\n" + HEBREW[end:])
    page = PhrasebookPage(gui_db, runner, settings=settings, directory=books, speech_engine="mock")
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.library is not None)
    page.set_language("he")

    def quotation():
        return [(p.romanization.split()[0], p.english) for p in page.model.phrases() if p.key == "send_quotation"]

    assert quotation() == [("tukhal", "Could you send me a quotation? (to a man)"),
                           ("tukhli", "Could you send me a quotation? (to a woman)")]
    page.listener_combo.setCurrentIndex(page.listener_combo.findData("feminine"))
    assert quotation() == [("tukhli", "Could you send me a quotation?")]
    contact = add_contact(gui_db, display_name="Avi Cohen", country="IL", phrase_gender="masculine")
    page.open_for_contact(get_contact(gui_db, contact))
    assert quotation() == [("tukhal", "Could you send me a quotation?")]


def test_a_japanese_interface_draws_han_with_the_japanese_face(qapp):
    from ui.fonts import install_fonts, prefer_interface_cjk_face

    original = QFont(qapp.font())
    try:
        install_fonts(qapp)
        families = prefer_interface_cjk_face(qapp, "ja").families()
        cjk = [f for f in families if f.startswith("Noto Sans CJK")]
        assert cjk[0] == "Noto Sans CJK JP" and "Noto Sans CJK SC" in cjk
        assert prefer_interface_cjk_face(qapp, "de").families() == qapp.font().families()
    finally:
        qapp.setFont(original)


def test_a_german_interface_shows_the_german_wording_as_the_meaning(qtbot, page):
    from core.i18n import install_language

    install_language("de")
    try:
        page.set_language("ko")
        page.refresh()
        meanings = {p.key: p.english for p in page.model.phrases()}
        assert meanings["send_quotation"] == get_german("send_quotation")
    finally:
        install_language("en")
    page.refresh()
    assert {p.key: p.english for p in page.model.phrases()}["send_quotation"] == "Could you send me a quotation?"


def get_german(key):
    import tomllib

    return tomllib.loads(GERMAN)["phrases"][key]["text"]
