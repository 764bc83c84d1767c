"""Rebuild the shipped script fonts: each Noto script font merged with Noto Sans' ASCII.

Per-script Noto fonts lack ASCII digits and punctuation, and reportlab shapes a
word with a single font, so "สวัสดี?" would show a box for "?". Merging the
Latin basics into each script font keeps every word in one font. Run from the
repository root with fontTools installed:

    python core/fonts/merge_fonts.py /usr/share/fonts/truetype/noto [NotoSansBengali …]

The sources are Debian's fonts-noto-core (SIL Open Font License 1.1, OFL.txt).
"""

import sys
import tempfile
from pathlib import Path

from fontTools import subset
from fontTools.merge import Merger
from fontTools.ttLib import TTFont

LATIN_BASICS = list(range(0x20, 0x7F)) + [0xA0, 0xB0, 0xD7, 0x2013, 0x2014, 0x2018, 0x2019,
                                          0x201C, 0x201D, 0x2022, 0x2026, 0x20AC]
# Family stems of the Noto script fonts shipped; Naskh draws Urdu (Nastaliq needs shaping reportlab lacks).
SCRIPTS = ("NotoSansArabic", "NotoSansHebrew", "NotoSansThai", "NotoSansDevanagari", "NotoSansBengali",
           "NotoNaskhArabic")


def merge_script_font(source_dir: Path, family: str, weight: str, out_dir: Path) -> Path:
    """Write ``<family>-<Weight>.ttf`` (e.g. NotoSansThai-Bold.ttf) with Noto Sans' ASCII merged in."""
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    latin = TTFont(source_dir / f"NotoSans-{weight}.ttf")
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=LATIN_BASICS)
    subsetter.subset(latin)
    with tempfile.TemporaryDirectory() as tmp:
        latin_path = Path(tmp) / "latin.ttf"
        latin.save(latin_path)
        # The script font comes first so its glyphs, metrics and names win.
        merged = Merger().merge([str(source_dir / f"{family}-{weight}.ttf"), str(latin_path)])
    target = out_dir / f"{family}-{weight}.ttf"
    merged.save(target)
    return target


if __name__ == "__main__":
    source = Path(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/truetype/noto")
    out = Path(__file__).resolve().parent
    for name in sys.argv[2:] or SCRIPTS:  # e.g. "NotoSansBengali" to rebuild one family
        for style in ("Regular", "Bold"):
            print(merge_script_font(source, name, style, out))
