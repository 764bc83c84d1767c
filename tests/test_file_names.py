"""Suggested file names are valid on Windows, macOS and Linux."""

import re
from pathlib import PureWindowsPath

import pytest

from core.store.file_names import MAX_NAME_BYTES, make_safe_file_name


def valid_everywhere(name: str) -> bool:
    """What Windows (the strictest) and Linux accept as one file name."""
    return (bool(name) and not re.search(r'[<>:"/\\|?*\x00-\x1f]', name)
            and not name.endswith((".", " ")) and not PureWindowsPath(name).is_reserved()
            and len(name.encode("utf-8")) <= 255)


@pytest.mark.parametrize("text", ["Dossier: Yamada Yumi", "CON", "nul", "com1.backup", "Lpt9", "A/B\\C",
                                  'He said "hi"?', "trailing dots...", "  spaces  ", "...", "", "tab\there",
                                  "Dossiers 2026/12/07", "張承翰 " * 80, "مريم الحربي:", "a*b|c<d>e"])
def test_every_suggested_name_is_valid_on_windows(text):
    name = make_safe_file_name(text, ".pdf")
    assert valid_everywhere(name), name
    assert name.endswith(".pdf") and len(name.encode("utf-8")) <= MAX_NAME_BYTES


def test_names_stay_readable():
    assert make_safe_file_name("Dossier: Yamada Yumi", ".pdf") == "Dossier - Yamada Yumi.pdf"
    assert make_safe_file_name("Dossiers 2026/12/07", ".pdf") == "Dossiers 2026-12-07.pdf"
    assert make_safe_file_name("張承翰", ".vcf") == "張承翰.vcf"
    assert make_safe_file_name("", ".vcf", fallback="contact") == "contact.vcf"
    assert make_safe_file_name("CON", ".vcf") == "CON_.vcf"
