"""The wheel carries the phrasebooks, etiquette cards, demo data and PDF fonts, and an installed Fairmate finds them."""

import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_wheel_ships_every_phrasebook_and_installed_core_finds_them(tmp_path):
    source = tmp_path / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "main.py"):
        shutil.copy(ROOT / name, source / name)
    for folder in ("core", "ui", "phrasebooks", "resources"):
        shutil.copytree(ROOT / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__"))
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path / "dist"),
                            str(source)], capture_output=True, text=True)
    assert built.returncode == 0, built.stdout + built.stderr
    [wheel] = (tmp_path / "dist").glob("fairmate-*.whl")
    shipped = {p.name for p in (ROOT / "phrasebooks").glob("*.toml")}
    inside = {Path(n).name for n in zipfile.ZipFile(wheel).namelist() if n.startswith("phrasebooks/")}
    assert "catalog.toml" in shipped and shipped <= inside
    names = set(zipfile.ZipFile(wheel).namelist())
    cards = {f"resources/etiquette/{p.name}" for p in (ROOT / "resources" / "etiquette").glob("*.toml")}
    fonts = {f"core/fonts/{p.name}" for p in (ROOT / "core" / "fonts").glob("*.ttf")}
    demo = {f"resources/demo/{p.name}" for p in (ROOT / "resources" / "demo").glob("*.json")}
    assert cards and fonts and demo and cards <= names and fonts <= names and demo <= names
    translations = {f"resources/etiquette/{p.parent.name}/{p.name}"
                    for p in (ROOT / "resources" / "etiquette").glob("*/*.toml")}  # de/cn.toml
    assert translations and translations <= names

    site = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), str(wheel)],
                   check=True, capture_output=True)
    probe = ("import core.paths, core.content.phrasebooks as p, core.content.etiquette as e; lib = p.load_phrasebooks(); "
             "print(core.paths.data_path('phrasebooks')); print(len(lib.catalog), sorted(lib.languages)); "
             "print(len(e.load_etiquette_cards().cards)); import core.demo.generate")
    run = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True,
                         env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0, run.stderr
    folder, counts, cards_found = run.stdout.splitlines()
    assert Path(folder) == site / "phrasebooks"
    # the installed copy has every phrase of the checkout's catalog (the count grows with the catalog)
    catalog = tomllib.loads((ROOT / "phrasebooks" / "catalog.toml").read_text(encoding="utf-8"))
    assert counts.startswith(f"{len(catalog['phrases'])} ")
    assert int(cards_found) == len(cards)
