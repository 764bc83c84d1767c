"""Shipped data is found beside the code (the wheel keeps the same layout: tests/test_packaging.py)."""

from pathlib import Path

from core import paths

ROOT = Path(__file__).resolve().parent.parent


def test_data_and_resources_are_found_in_the_checkout():
    assert paths.data_path("phrasebooks") == ROOT / "phrasebooks"
    assert paths.resource_path("etiquette") == ROOT / "resources" / "etiquette"
    assert (paths.resource_path("etiquette") / "jp.toml").is_file()
