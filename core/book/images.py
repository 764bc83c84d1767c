"""Photos as the book keeps them: checked for size, big ones scaled to a thumbnail.

A card's PHOTO can be megabytes of base64; kept as is, it would sit in the
row, in the change log and in every sync. Pillow reads the header first, so
an image claiming 20000×20000 pixels (a decompression bomb) is refused
before any pixel is decoded.
"""

from __future__ import annotations

import io

from core.book.validation import ValidationError
from core.i18n import _

# The longest side of a stored photo, and the largest photo kept byte for byte.
THUMBNAIL_SIDE = 512
MAX_KEPT_BYTES = 256 * 1024
# More pixels than any camera's photo: refused before decoding (Pillow's own limit is 89 million).
MAX_PIXELS = 50_000_000


def check_image_size(width: int, height: int, field: str) -> None:
    """Raise ``ValidationError`` when an image has more pixels than Fairmate decodes."""
    if width * height > MAX_PIXELS:
        raise ValidationError(field, _("the image is {width}×{height} pixels, more than the {limit} million "
                                       "Fairmate reads; use a smaller one").format(
            width=width, height=height, limit=MAX_PIXELS // 1_000_000))


def open_image(data: bytes, field: str):
    """A Pillow image of *data*, its size checked before any pixel is decoded.

    Raises ``ValidationError`` for too many pixels; Pillow's own errors
    (``UnidentifiedImageError``, ``OSError``) for data that is no image.
    """
    from PIL import Image

    try:
        image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError:
        raise ValidationError(field, _("the image has far too many pixels to be read")) from None
    check_image_size(*image.size, field)
    return image


def normalize_photo(value, field: str, region: str | None = None) -> bytes | None:
    """The photo as stored: small ones byte for byte, big ones as a ``THUMBNAIL_SIDE`` thumbnail.

    Data Pillow cannot read is kept when small (a format it does not know)
    and refused when large.
    """
    if not value:
        return None
    if not isinstance(value, (bytes, bytearray, memoryview)):
        raise ValidationError(field, _("a photo must be image data"))
    data = bytes(value)
    try:
        image = open_image(data, field)
    except ValidationError:
        raise
    except Exception:  # noqa: BLE001 — Pillow raises many kinds for data that is no image
        if len(data) <= MAX_KEPT_BYTES:
            return data
        raise ValidationError(field, _("the photo is not an image Fairmate can read")) from None
    with image:
        if len(data) <= MAX_KEPT_BYTES and max(image.size) <= THUMBNAIL_SIDE:
            return data
        return _thumbnail(image, field)


def _thumbnail(image, field: str) -> bytes:
    from PIL import ImageOps

    try:
        image.draft("RGB", (THUMBNAIL_SIDE, THUMBNAIL_SIDE))  # JPEG: decode at a fraction of the size
        image = ImageOps.exif_transpose(image)
        image.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE))
        out = io.BytesIO()
        if image.mode in ("RGBA", "LA", "P") and "transparency" in image.info or image.mode in ("RGBA", "LA"):
            image.save(out, "PNG", optimize=True)
        else:
            image.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
    except (OSError, ValueError, SyntaxError) as exc:
        raise ValidationError(field, _("the photo is damaged: {error}").format(error=exc)) from None
    return out.getvalue()
