"""Reading one card whose PHOTO is one long folded line of 1, 2, 4 … MB (issue 13, item 2).

vobject's unfolding was quadratic in the length of a folded line (1 MB 4.4 s,
4 MB 175 s). Prints one line per size: the seconds ``read_cards`` takes to
split the text into content lines, the seconds ``parse_vcards`` takes for
the whole card (the photo scaled to a thumbnail), and what it kept.
Usage: ``python bench/vcard_unfold.py 1 2 4 50``.
"""

from __future__ import annotations

import base64
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _jpeg(size: int) -> bytes:
    """A JPEG of 800×600 pixels of noise, padded after its end marker to *size* bytes."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.frombytes("RGB", (800, 600), os.urandom(800 * 600 * 3)).save(out, "JPEG", quality=90)
    data = out.getvalue()
    return data + b"\0" * max(0, size - len(data))


def folded_photo_card(megabytes: float) -> str:
    """A vCard 3.0 whose PHOTO line holds *megabytes* of base64 (a JPEG), folded at 75 octets."""
    size = int(megabytes * 1024 * 1024)
    data = base64.b64encode(_jpeg(size * 3 // 4)).decode("ascii")
    line = "PHOTO;ENCODING=b;TYPE=JPEG:" + data
    pieces = [line[:75]] + [" " + line[i:i + 74] for i in range(75, len(line), 74)]
    return "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Big Photo\r\n" + "\r\n".join(pieces) + "\r\nEND:VCARD\r\n"


def main(sizes: list[float]) -> None:
    from core.exchange.vcard import parse_vcards
    from core.exchange.vcard_lines import read_cards

    for megabytes in sizes:
        text = folded_photo_card(megabytes)
        started = time.perf_counter()
        cards = list(read_cards(text))
        lines_s = time.perf_counter() - started
        started = time.perf_counter()
        [contact] = parse_vcards(text.encode("utf-8"), source="bench.vcf")
        parse_s = time.perf_counter() - started
        photo = len(contact.fields.get("photo") or b"")
        problems = [p.message for p in contact.problems]
        print(f"{megabytes:g} MB: content lines {lines_s:.3f} s, whole card (photo scaled) {parse_s:.3f} s, "
              f"{len(cards)} card(s), photo kept {photo // 1024} KB, problems: {problems[:1]}")


if __name__ == "__main__":
    main([float(a) for a in sys.argv[1:]] or [1, 2, 4])
