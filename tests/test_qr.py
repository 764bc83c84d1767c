"""QR codes: your own card as a vCard QR; vCard and MECARD QR codes read back from photo-like images."""

import io
import random

import pytest
import segno
from PIL import Image, ImageDraw, ImageFilter

from core.exchange import qr

from core.book.settings import set_setting


def png(text: str, scale: int = 6, **options) -> Image.Image:
    out = io.BytesIO()
    segno.make(text, error="m", **options).save(out, kind="png", scale=scale, border=4)
    return Image.open(io.BytesIO(out.getvalue())).convert("RGB")


def photo_of(code: Image.Image, *, angle: float, size: int, seed: int = 1) -> bytes:
    """The QR as a phone might catch a badge: on a busy background, tilted, scaled, soft, JPEG."""
    rng = random.Random(seed)
    canvas = Image.new("RGB", (size, size * 3 // 4), (196, 170, 140))
    draw = ImageDraw.Draw(canvas)
    for _ in range(60):  # clutter: a lanyard, a logo, printed lines
        x, y = rng.randrange(size), rng.randrange(size * 3 // 4)
        draw.rectangle([x, y, x + rng.randrange(10, 120), y + rng.randrange(4, 30)],
                       fill=tuple(rng.randrange(256) for _ in range(3)))
    badge = Image.new("RGB", (code.width + 80, code.height + 160), "white")
    badge.paste(code, (40, 120))
    ImageDraw.Draw(badge).rectangle([30, 20, badge.width - 30, 90], fill=(20, 60, 140))
    badge = badge.rotate(angle, expand=True, fillcolor=(196, 170, 140), resample=Image.Resampling.BICUBIC)
    scale = (size * 0.55) / badge.width
    badge = badge.resize((int(badge.width * scale), int(badge.height * scale)), Image.Resampling.LANCZOS)
    canvas.paste(badge, ((canvas.width - badge.width) // 2, max(0, (canvas.height - badge.height) // 2)))
    canvas = canvas.filter(ImageFilter.GaussianBlur(0.8))
    out = io.BytesIO()
    canvas.save(out, "JPEG", quality=80)
    return out.getvalue()


def image_bytes(image: Image.Image, kind: str = "PNG") -> bytes:
    out = io.BytesIO()
    image.save(out, kind)
    return out.getvalue()


@pytest.fixture
def my_card(fresh_db):
    set_setting(fresh_db, "my_name", "Anna Weber")
    set_setting(fresh_db, "my_company", "Weber Leuchten GmbH")
    set_setting(fresh_db, "my_title", "Export Manager")
    set_setting(fresh_db, "my_email", "anna@weber-leuchten.de")
    set_setting(fresh_db, "my_phone", "+49 30 901820")
    set_setting(fresh_db, "my_website", "weber-leuchten.de")
    return fresh_db


# Your card -------------------------------------------------------------------------------

def test_my_card_is_a_compact_vcard_3(my_card):
    text = qr.my_card_vcard(my_card)
    lines = text.splitlines()
    assert lines[:2] == ["BEGIN:VCARD", "VERSION:3.0"]
    assert "FN:Anna Weber" in lines and "N:Weber;Anna;;;" in lines
    assert "ORG:Weber Leuchten GmbH" in lines and "TITLE:Export Manager" in lines
    assert any(line.endswith(":+4930901820") for line in lines)
    assert any(line.endswith(":https://weber-leuchten.de") for line in lines)
    assert not any(line.startswith("PRODID") for line in lines)


def test_an_empty_card_says_what_to_fill_in(fresh_db):
    with pytest.raises(qr.QrError, match="Your card is empty"):
        qr.my_card_vcard(fresh_db)


@pytest.mark.parametrize("kind", ["png", "svg"])
def test_my_card_renders_and_reads_back(my_card, kind):
    data = qr.render_qr(qr.my_card_vcard(my_card), kind, scale=4)
    if kind == "svg":
        assert data.startswith(b"<?xml") and b"<svg" in data
        return
    card = qr.read_card_from_image(data)
    assert card.kind == "vcard" and card.name == "Anna Weber"
    assert card.company == "Weber Leuchten GmbH"
    assert card.fields["job_title"] == "Export Manager"
    assert [e["value"] for e in card.fields["emails"]] == ["anna@weber-leuchten.de"]
    assert [p["value"] for p in card.fields["phones"]] == ["+4930901820"]


def test_qr_matrix_is_square_and_matches_the_code():
    matrix = qr.qr_matrix("MECARD:N:Doe,John;;")
    assert len(matrix) == len(matrix[0]) >= 21
    assert matrix[0][:7] == [True] * 7  # the top-left finder pattern


def test_render_refuses_other_formats():
    with pytest.raises(ValueError):
        qr.render_qr("x", "gif")


# Reading ---------------------------------------------------------------------------------

CJK_VCARD = ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:张伟\r\nN:张;伟;;;\r\nORG:佛山照明有限公司\r\n"
             "TITLE:出口经理\r\nTEL;TYPE=CELL:+86 139 1299 9352\r\nEMAIL:zhang.wei@fsl.cn\r\nEND:VCARD\r\n")
MECARD = ("MECARD:N:田中,太郎;SOUND:たなか,たろう;TEL:+81-3-1234-5678;EMAIL:tanaka@example.jp;"
          "ORG:東京精機;TITLE:営業部長;ADR:,,1-2-3 Marunouchi,Chiyoda-ku,Tokyo,100-0005,Japan;"
          "BDAY:19750412;URL:https\\://example.jp;NOTE:Met at Hall 4\\; booth B12;;")


@pytest.mark.parametrize("angle, size", [(0, 900), (17, 1200), (-35, 1600), (90, 1000), (180, 700)])
def test_a_cjk_vcard_is_read_from_a_tilted_scaled_photo(angle, size):
    card = qr.read_card_from_image(photo_of(png(CJK_VCARD), angle=angle, size=size))
    assert card.kind == "vcard"
    assert card.fields["display_name"] == "张伟"
    assert card.company == "佛山照明有限公司"
    assert card.fields["job_title"] == "出口经理"
    assert card.fields["country"] == "CN"


@pytest.mark.parametrize("angle", [0, 23, -60])
def test_a_japanese_mecard_is_read_from_a_photo(angle):
    card = qr.read_card_from_image(photo_of(png(MECARD), angle=angle, size=1300, seed=angle))
    fields = card.fields
    assert card.kind == "mecard"
    assert (fields["family_name"], fields["given_name"]) == ("田中", "太郎")
    assert fields["display_name"] == fields["native_name"] == "田中太郎"
    assert fields["native_reading"] == "たなか たろう"
    assert fields["phones"] == [{"value": "+81-3-1234-5678", "label": ""}]
    assert fields["emails"][0]["value"] == "tanaka@example.jp"
    assert card.company == "東京精機" and fields["job_title"] == "営業部長"
    assert fields["addresses"][0]["city"] == "Chiyoda-ku"
    assert fields["addresses"][0]["country"] == "Japan"
    assert fields["birthday"] == "1975-04-12"
    assert fields["urls"] == [{"value": "https://example.jp", "label": ""}]
    assert fields["notes"] == "Met at Hall 4; booth B12"
    assert fields["country"] == "JP"  # from the phone number: the badge does not say


def test_a_western_mecard_puts_the_given_name_first():
    card = qr.parse_mecard("MECARD:N:O'Brien,Pat;TEL:+353 1 234 5678;;")
    assert card.fields["display_name"] == "Pat O'Brien"
    assert "native_name" not in card.fields


def test_a_mecard_without_a_name_is_refused():
    with pytest.raises(qr.QrError, match="no name"):
        qr.parse_mecard("MECARD:TEL:+1 555 0100;;")


def test_a_screenshot_with_transparency_and_a_second_code_is_read():
    shot = Image.new("RGBA", (900, 500), (0, 0, 0, 0))
    shot.paste(png("https://fair.example/ticket/123", scale=5), (20, 40))
    shot.paste(png("MECARD:N:Doe,Jane;EMAIL:jane@doe.example;;", scale=5), (480, 40))
    card = qr.read_card_from_image(image_bytes(shot))
    assert card.fields["display_name"] == "Jane Doe"


def test_a_small_code_in_a_very_large_photo_is_found():
    big = Image.new("RGB", (4000, 3000), (230, 230, 225))
    big.paste(png(CJK_VCARD, scale=5), (2900, 2100))
    card = qr.read_card_from_image(image_bytes(big, "JPEG"))
    assert card.name == "张伟"


def test_a_photo_without_a_qr_code_gets_a_clear_message():
    photo = Image.new("RGB", (800, 600), (120, 140, 160))
    ImageDraw.Draw(photo).ellipse([200, 100, 600, 500], fill=(240, 200, 160))
    with pytest.raises(qr.QrError, match="No QR code found in this image"):
        qr.read_card_from_image(image_bytes(photo, "JPEG"))


def test_a_qr_code_that_is_no_card_says_what_it_holds():
    with pytest.raises(qr.QrError, match="no business card, only: https://fair.example/t/9"):
        qr.read_card_from_image(image_bytes(png("https://fair.example/t/9")))


def test_bytes_that_are_no_image_are_refused_plainly():
    with pytest.raises(qr.QrError, match="not an image"):
        qr.read_card_from_image(b"BEGIN:VCARD\r\nEND:VCARD\r\n")
