"""QR codes in the GUI: Show my card scans back; a badge QR becomes a prefilled new contact."""

import io

import segno
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMimeData, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDropEvent, QImage
from PySide6.QtWidgets import QApplication, QLabel

from core.book.contacts import get_contact, list_contacts
from core.exchange.qr import read_card_from_image
from core.book.settings import set_setting
from ui.dialogs.qr_dialogs import MyCardDialog, ReadQrDialog, image_to_png
from ui_helpers import add_person

MECARD = ("MECARD:N:田中,太郎;SOUND:たなか,たろう;TEL:+81 3 1234 5678;EMAIL:tanaka@example.jp;"
          "ORG:東京精機;TITLE:営業部長;URL:https\\://tokyo-seiki.example;;")


def qr_png(text: str) -> bytes:
    out = io.BytesIO()
    segno.make(text, error="m").save(out, kind="png", scale=6, border=4)
    return out.getvalue()


def grab_png(widget) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    widget.grab().save(buffer, "PNG")
    return bytes(data)


def set_my_card(db):
    set_setting(db, "my_name", "Anna Weber")
    set_setting(db, "my_company", "Weber Leuchten GmbH")
    set_setting(db, "my_title", "Export Manager")
    set_setting(db, "my_phone", "+49 30 901820")


def test_the_card_on_screen_scans_back_to_my_details(qtbot, gui_db):
    set_my_card(gui_db)
    dialog = MyCardDialog(gui_db)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.code.module_size() >= 6  # large: readable across a table
    card = read_card_from_image(grab_png(dialog.code))
    assert (card.name, card.company) == ("Anna Weber", "Weber Leuchten GmbH")
    assert card.fields["phones"][0]["value"] == "+4930901820"
    assert dialog.findChild(QLabel, "myCardName").text() == "Anna Weber"


def test_my_card_saves_png_and_svg(qtbot, gui_db, tmp_path):
    set_my_card(gui_db)
    dialog = MyCardDialog(gui_db)
    qtbot.addWidget(dialog)
    png = dialog.save_image(str(tmp_path / "card"))
    assert png.endswith("card.png")
    assert read_card_from_image(open(png, "rb").read()).name == "Anna Weber"
    assert open(dialog.save_image(str(tmp_path / "card.svg")), encoding="utf-8").read().count("<svg") == 1


def test_an_empty_card_points_to_preferences(qtbot, main_window, gui_db):
    seen = {}

    def look():
        dialog = main_window.my_card_dialog
        seen["hidden"] = dialog.code.isHidden()
        seen["save"] = dialog.save_button.isEnabled()
        QTimer.singleShot(0, close_preferences)  # runs in the Preferences dialog that opens next
        dialog.findChild(type(dialog.save_button), "editCardButton").click()

    def close_preferences():
        seen["prefs"] = main_window.preferences_dialog is not None
        main_window.preferences_dialog.reject()

    QTimer.singleShot(0, look)
    main_window.my_card_action.trigger()
    assert seen == {"hidden": True, "save": False, "prefs": True}


def test_without_a_camera_the_dialog_says_so(qtbot, runner):
    dialog = ReadQrDialog(runner)
    qtbot.addWidget(dialog)
    assert not dialog.camera_button.isEnabled()
    assert dialog.camera_note.text().startswith("No camera found on this computer.")
    assert not dialog.camera_note.isHidden()
    dialog.set_camera_on(True)  # a forced start still explains instead of failing
    assert dialog.message.text() == "No camera found on this computer."
    assert not dialog.camera_button.isChecked()


def test_a_photo_file_a_drop_and_the_clipboard_each_read_a_card(qtbot, runner, tmp_path):
    path = tmp_path / "badge.png"
    path.write_bytes(qr_png(MECARD))
    for feed in ("file", "drop", "clipboard"):
        dialog = ReadQrDialog(runner, camera_available=False)
        qtbot.addWidget(dialog)
        if feed == "file":
            dialog.read_file(str(path))
        elif feed == "drop":
            mime = QMimeData()
            mime.setUrls([QUrl.fromLocalFile(str(path))])
            event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                               Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
            dialog.drop_area.dropEvent(event)
        else:
            QApplication.clipboard().setImage(QImage.fromData(qr_png(MECARD)))
            dialog.paste_button.click()
        assert dialog.card is not None, feed
        assert dialog.card.fields["display_name"] == "田中太郎"


def test_problems_are_shown_in_the_dialog(qtbot, runner, tmp_path):
    dialog = ReadQrDialog(runner, camera_available=False)
    qtbot.addWidget(dialog)
    blank = QImage(400, 300, QImage.Format.Format_RGB32)
    blank.fill(Qt.GlobalColor.darkCyan)
    dialog.read_bytes(image_to_png(blank))
    assert "No QR code found in this image" in dialog.message.text()
    assert dialog.message.property("role") == "error" and dialog.card is None
    dialog.read_bytes(qr_png("https://fair.example/ticket/7"))
    assert "no business card, only: https://fair.example/ticket/7" in dialog.message.text()
    dialog.read_file(str(tmp_path / "missing.jpg"))
    assert "missing.jpg" in dialog.message.text()
    QApplication.clipboard().clear()
    dialog.paste_image()
    assert "clipboard holds no image" in dialog.message.text()


def test_a_scanned_badge_becomes_a_prefilled_contact_the_user_confirms(qtbot, main_window, gui_db,
                                                                       tmp_path):
    existing = add_person(gui_db, "Taro Tanaka", emails=["tanaka@example.jp"])
    path = tmp_path / "badge.png"
    path.write_bytes(qr_png(MECARD))
    seen = {}

    def scan():
        QTimer.singleShot(0, confirm)  # runs in the contact dialog that opens next
        main_window.read_qr_dialog.read_file(str(path))

    def confirm():
        dialog = main_window.contact_dialog
        seen["name"] = dialog.display_name.text()
        seen["company"] = dialog.company.text()
        seen["phones"] = [e["value"] for e in dialog.phones.field_value()]
        notice = dialog.findChild(QLabel, "scanDuplicateNotice")
        seen["notice"] = notice.text() if notice else None
        dialog.accept()

    QTimer.singleShot(0, scan)
    contact_id = main_window.add_contact_from_qr()
    assert seen["name"] == "田中太郎" and seen["company"] == "東京精機"
    assert seen["phones"] == ["+81 3 1234 5678"]
    assert seen["notice"] == "Possibly already in your contacts: Taro Tanaka (Same email tanaka@example.jp)"
    contact = get_contact(gui_db, contact_id)
    assert contact["native_reading"] == "たなか たろう"
    assert [u["value"] for u in contact["urls"]] == ["https://tokyo-seiki.example"]
    assert main_window.contacts_page.detail.contact_id == contact_id
    assert len(list_contacts(gui_db)) == 2 and get_contact(gui_db, existing)


def test_camera_frames_are_decoded_one_at_a_time_until_a_card_appears(qtbot, runner):
    from PySide6.QtMultimedia import QCameraDevice, QVideoFrame

    from ui.dialogs.qr_dialogs import SCAN_INTERVAL_MS, CameraScanner

    scanner = CameraScanner(runner, QCameraDevice())  # no camera here: frames are fed by hand
    qtbot.addWidget(scanner)
    found, shown = [], []
    scanner.card_found.connect(found.append)
    scanner.frame_shown = shown.append
    assert scanner.timer.interval() == SCAN_INTERVAL_MS == 300
    scanner.decode_latest()  # no frame yet: nothing to do
    empty = QImage(640, 480, QImage.Format.Format_RGB32)
    empty.fill(Qt.GlobalColor.gray)
    scanner._on_frame(QVideoFrame(empty))
    scanner.decode_latest()
    assert found == [] and not scanner._busy
    scanner._on_frame(QVideoFrame(QImage.fromData(qr_png(MECARD))))
    scanner.decode_latest()
    assert [card.name for card in found] == ["田中太郎"]
    assert len(shown) == 2 and not scanner.timer.isActive()
