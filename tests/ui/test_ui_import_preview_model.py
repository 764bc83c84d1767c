"""The import preview's contacts through ImportPreviewModel: the rows the table showed before, read only
as they are shown (a 100,000-card preview decodes the chunks on screen, not every entry)."""

from PySide6.QtCore import Qt

from core.book.contacts import add_contact
from ui.dialogs.exchange_dialogs import ImportDialog
from ui_helpers import operations_on

CARDS = """BEGIN:VCARD
VERSION:3.0
FN:高橋 健二
ORG:京都精機株式会社
EMAIL:kenji@example.jp
X-SHOE-SIZE:42
END:VCARD
BEGIN:VCARD
VERSION:3.0
N:;;;;
TEL:+49 30 901820
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Bo Lind
EMAIL:bo@example.se
TEL:+46 70 123 45 67
END:VCARD
BEGIN:VCARD
VERSION:3.0
FN:Kenji Takahashi
EMAIL:kenji@example.jp
END:VCARD
BEGIN:VCARD
VERSION:3.0
ORG:Nobody GmbH
END:VCARD
"""


def shown_rows(dialog):
    """Each row's texts, the colour of its last column (None: the default) and its name's tooltip."""
    model = dialog.contacts_table.model()
    rows = []
    for row in range(model.rowCount()):
        texts = tuple(model.index(row, column).data() for column in range(model.columnCount()))
        brush = model.index(row, 4).data(Qt.ItemDataRole.ForegroundRole)
        rows.append((texts, brush.color().name() if brush is not None else None,
                     model.index(row, 1).data(Qt.ItemDataRole.ToolTipRole)))
    return rows


def shown_problems(dialog):
    """Each problem's texts, tooltip, colour and the column it would map."""
    model = dialog.problems_table.model()
    rows = []
    for row in range(model.rowCount()):
        brush = model.index(row, 2).data(Qt.ItemDataRole.ForegroundRole)
        rows.append((tuple(model.index(row, column).data() for column in range(3)),
                     model.index(row, 2).data(Qt.ItemDataRole.ToolTipRole),
                     brush.color().name() if brush is not None else None,
                     model.index(row, 0).data(Qt.ItemDataRole.UserRole)))
    return rows


def test_the_preview_shows_the_rows_it_showed_before(qtbot, gui_db, tmp_path):
    add_contact(gui_db, display_name="Bo Lind", emails=[{"value": "bo@example.se"}])
    path = tmp_path / "cards.vcf"
    path.write_text(CARDS, encoding="utf-8")
    dialog = ImportDialog(operations_on(gui_db), str(path))
    qtbot.addWidget(dialog)
    dialog.show()
    assert shown_rows(dialog) == [
        (("1", "高橋 健二", "京都精機株式会社", "JP · the company's legal form: 株式会社", "New"), None, "高橋 健二"),
        (("8", "(no name)", "", "", "Cannot be imported: see the problems below"), "#ff0000", None),
        (("13", "Bo Lind", "", "SE · a phone number with its country code: +46 70 123 45 67",
          "Update: country, phones"), None, "Bo Lind"),
        (("19", "Kenji Takahashi", "", "JP · the domain of its email: kenji@example.jp",
          "New · likely duplicate: same Emails as line 1 of this file"), "#808000", "Kenji Takahashi"),
        (("24", "Nobody GmbH", "Nobody GmbH", "", "New"), None, "Nobody GmbH")]
    assert shown_problems(dialog) == [
        (("", "X-SHOE-SIZE", "Warning: no Fairmate field takes this property: kept as another field on 1 card"),
         "Warning: no Fairmate field takes this property: kept as another field on 1 card", None, None),
        (("8", "Name", "Error: this card has no name (FN, N or ORG)"),
         "Error: this card has no name (FN, N or ORG)", "#ff0000", None)]


def test_a_large_preview_decodes_only_the_chunks_it_shows(qtbot, gui_db, tmp_path):
    path = tmp_path / "many.vcf"
    path.write_text("".join(f"BEGIN:VCARD\nVERSION:3.0\nFN:Person {n}\nEND:VCARD\n" for n in range(2500)),
                    encoding="utf-8")
    dialog = ImportDialog(operations_on(gui_db), str(path))
    qtbot.addWidget(dialog)
    dialog.show()
    table, model = dialog.contacts_table, dialog.contacts_model
    assert model.rowCount() == 2500 and dialog.preview.store.CHUNK == 1000
    qtbot.waitUntil(lambda: table.viewport().isVisible())
    table.viewport().grab()
    read = []
    real_read = model.row_texts
    model.row_texts = lambda row: read.append(row) or real_read(row)
    # Shown: the first chunk only (its rows also give the columns their widths, as Qt measures them).
    assert model.chunks_read == 1
    table.scrollToBottom()
    table.viewport().grab()
    assert model.chunks_read == 2  # the last chunk; the middle one is never decoded
    assert read and min(read) >= 2000 and len(set(read)) <= table.viewport().height() // 20
    assert model.index(2499, 1).data() == "Person 2499" and model.index(0, 1).data() == "Person 0"
    assert model.chunks_read == 2  # both still kept
