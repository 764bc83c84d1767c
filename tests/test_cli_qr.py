"""The QR commands: qr --mine and read-qr."""

import io
import json

import segno
from PIL import Image

from main import main


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_save_my_card_and_read_it_back_into_the_book(capsys, tmp_path):
    db = tmp_path / "book.db"
    code, _out, err = run(capsys, "--db", db, "qr", "--mine", "-o", tmp_path / "me.png")
    assert code == 1 and "Your card is empty" in err
    for key, value in (("my_name", "Anna Weber"), ("my_company", "Weber Leuchten GmbH"),
                       ("my_email", "anna@weber-leuchten.de")):
        assert run(capsys, "--db", db, "settings", key, value)[0] == 0
    code, out, _err = run(capsys, "--db", db, "qr", "--mine", "-o", tmp_path / "me.png", "--scale", "4")
    assert code == 0 and "me.png" in out
    assert Image.open(tmp_path / "me.png").size[0] > 100
    code, out, _err = run(capsys, "--db", db, "qr", "--mine", "-o", tmp_path / "me.svg")
    assert code == 0 and (tmp_path / "me.svg").read_text().count("<svg") == 1

    code, out, _err = run(capsys, "--db", db, "read-qr", tmp_path / "me.png", "--add", "--json")
    assert code == 0
    read = json.loads(out)
    assert (read["kind"], read["name"], read["company"]) == ("vcard", "Anna Weber", "Weber Leuchten GmbH")
    assert read["duplicates"] == []
    code, out, _err = run(capsys, "--db", db, "read-qr", tmp_path / "me.png")
    assert code == 0 and f"Possible duplicate of Anna Weber ({read['id']}): Same email" in out


def test_read_qr_explains_what_is_wrong(capsys, tmp_path):
    blank = tmp_path / "blank.jpg"
    Image.new("RGB", (640, 480), (90, 120, 150)).save(blank)
    url = tmp_path / "url.png"
    segno.make("https://fair.example/ticket/42").save(url, scale=5)
    for image, message in ((blank, "No QR code found"), (url, "no business card"),
                           (tmp_path / "missing.png", "missing.png")):
        code, _out, err = run(capsys, "--db", tmp_path / "book.db", "read-qr", image)
        assert code == 1 and message in err and len(err.strip().splitlines()) == 1


def test_qr_refuses_other_image_formats(capsys, tmp_path):
    code, _out, err = run(capsys, "--db", tmp_path / "book.db", "qr", "--mine", "-o", tmp_path / "me.gif")
    assert code == 1 and ".png or .svg" in err
