"""The Noto fonts shipped in core/fonts stand in for the scripts a system has no font for.

The system's fonts are hidden (or reduced to a chosen few) with a fontconfig
configuration of its own, in a fresh process: Qt reads the fonts once.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ui.fonts import BUNDLED_FONT_DIR, BUNDLED_FONTS, choose_bundled_fonts

ROOT = Path(__file__).resolve().parents[2]

# One word each (a space is a Latin run of its own, whatever font draws it).
SAMPLES = {"Latin": "Müller", "Greek": "Παπαδόπουλος", "Cyrillic": "Иванова", "Arabic": "العلي",
           "Hebrew": "כהן", "Thai": "สมชาย", "Devanagari": "राजेश", "Bengali": "সৌমিত্র"}

# Lays each sample out with the application font, as a label would, and says which families draw
# it and whether every glyph is a real one (index 0 is the missing-glyph box).
SCRIPT = """
import json, sys
from PySide6.QtGui import QTextLayout
from ui.app import create_application
from ui.fonts import missing_scripts, register_bundled_fonts

app = create_application()
drawn = {}
for script, sample in json.loads(sys.argv[1]).items():
    layout = QTextLayout(sample, app.font())
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    runs = layout.glyphRuns()
    drawn[script] = {
        "families": sorted({run.rawFont().familyName() for run in runs}),
        "boxes": sum(1 for run in runs for glyph in run.glyphIndexes() if glyph == 0),
        "has_letters": all(any(run.rawFont().supportsCharacter(ord(c)) for run in runs)
                           for c in sample)}
print(json.dumps({"drawn": drawn, "registered": register_bundled_fonts(), "missing": missing_scripts()}))
"""


def draw_with_fonts(tmp_path: Path, font_files: list[Path]) -> dict:
    """Run SCRIPT in a process whose fontconfig knows only *font_files* (none: no font at all)."""
    folder = tmp_path / "system-fonts"
    folder.mkdir()
    for path in font_files:
        (folder / path.name).symlink_to(path)
    config = tmp_path / "fonts.conf"
    config.write_text(f"""<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>{folder}</dir><cachedir>{tmp_path / "font-cache"}</cachedir></fontconfig>
""")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "FONTCONFIG_FILE": str(config)}
    env.pop("FONTCONFIG_PATH", None)
    result = subprocess.run([sys.executable, "-c", SCRIPT, json.dumps(SAMPLES)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_every_bundled_font_is_there():
    for stem in BUNDLED_FONTS:
        for weight in ("Regular", "Bold"):
            assert (BUNDLED_FONT_DIR / f"{stem}-{weight}.ttf").is_file()


def test_only_the_fonts_for_scripts_the_system_lacks_are_chosen():
    everything = {name for systems in BUNDLED_FONTS.values() for name in systems}
    assert choose_bundled_fonts(everything) == []
    assert choose_bundled_fonts(everything - {"Thai", "Bengali"}) == ["NotoSansThai", "NotoSansBengali"]
    assert choose_bundled_fonts(everything - {"Arabic"}) == ["NotoSansArabic", "NotoNaskhArabic"]
    assert choose_bundled_fonts(everything - {"Greek"}) == ["NotoSans"]  # Latin, Greek, Cyrillic: one font


def test_a_system_without_fonts_draws_every_bundled_script_with_the_bundled_fonts(tmp_path):
    result = draw_with_fonts(tmp_path, [])
    for script, drawn in result["drawn"].items():
        assert drawn["boxes"] == 0 and drawn["has_letters"], (script, drawn)
    assert result["drawn"]["Thai"]["families"] == ["Noto Sans Thai"]
    assert result["drawn"]["Bengali"]["families"] == ["Noto Sans Bengali"]
    assert result["drawn"]["Hebrew"]["families"] == ["Noto Sans Hebrew"]
    assert result["drawn"]["Devanagari"]["families"] == ["Noto Sans Devanagari"]
    # The warning names only what Fairmate cannot bring itself: the CJK fonts.
    assert result["missing"] == ["SimplifiedChinese", "Japanese", "Korean"]


DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
SERIF_THAI = Path("/usr/share/fonts/truetype/noto/NotoSerifThai-Regular.ttf")


@pytest.mark.skipif(not (DEJAVU.is_file() and SERIF_THAI.is_file()),
                    reason="needs fonts-dejavu-core and fonts-noto-core")
def test_a_script_the_system_has_keeps_the_system_face(tmp_path):
    result = draw_with_fonts(tmp_path, [DEJAVU, SERIF_THAI])
    drawn = result["drawn"]
    assert drawn["Thai"]["families"] == ["Noto Serif Thai"]  # the system's, not the bundled Noto Sans Thai
    assert drawn["Latin"]["families"] == ["DejaVu Sans"]
    assert drawn["Cyrillic"]["families"] == ["DejaVu Sans"]
    assert drawn["Bengali"]["families"] == ["Noto Sans Bengali"] and drawn["Bengali"]["boxes"] == 0
    assert "Noto Sans Thai" not in result["registered"] and "Noto Sans" not in result["registered"]
    assert "Bengali" not in result["missing"] and "Thai" not in result["missing"]
