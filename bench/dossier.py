"""Dossier speed and size: one partner, and a batch of 30 in mixed scripts.

The baseline, in the same run, is a bare reportlab document of the same text
(what pdftotext reads back from each dossier) in Helvetica paragraphs: no
script fonts, no shaping, no bidi, no tables. Last line:
``{"single_s": …, "batch30_s": …, "single_kb": …, "ratio_to_bare": …}``.
Targets: single under 0.5 s, batch of 30 under 8 s, a single file under 300 KB.
"""

from __future__ import annotations

import io
import json
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from common import ROOT  # noqa: F401 - puts the repository on sys.path

from core.store.db import open_database
from core.demo.generate import generate_demo_data
from core.dossier.render import render_dossier, render_dossier_batch

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)
COUNTRIES = ("JP", "CN", "KR", "SA", "AE", "TH", "IN", "DE", "RU", "TW", "IL", "BR")


def timed(func, repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        func()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def bare_document(text: str) -> bytes:
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate
    from xml.sax.saxutils import escape

    buffer = io.BytesIO()
    style = getSampleStyleSheet()["BodyText"]
    story = [Paragraph(escape(line), style) for line in text.splitlines() if line.strip()]
    SimpleDocTemplate(buffer).build(story)
    return buffer.getvalue()


def main() -> None:
    db = open_database(None, memory=True)
    generate_demo_data(db, 400, seed=11, now=NOW)
    rows = db.conn.execute("SELECT id, country FROM contacts WHERE deleted_at IS NULL").fetchall()
    by_country: dict[str, list[str]] = {}
    for contact_id, country in rows:
        by_country.setdefault(country, []).append(contact_id)
    mixed = []
    while len(mixed) < 30:
        for code in COUNTRIES:
            if by_country.get(code) and len(mixed) < 30:
                mixed.append(by_country[code].pop())
    japanese = mixed[0]

    started = time.perf_counter()
    cold = render_dossier(db, japanese, None, now=NOW)
    cold_s = time.perf_counter() - started
    single_s = timed(lambda: render_dossier(db, japanese, None, now=NOW), 7)
    batch_s = timed(lambda: render_dossier_batch(db, None, contact_ids=mixed, now=NOW), 2)

    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "single.pdf"
        pdf.write_bytes(cold.data)
        text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
    # The bare document draws the same characters; Helvetica cannot, so it gets their Latin stand-ins.
    latin = text.encode("latin-1", "replace").decode("latin-1")
    bare_s = timed(lambda: bare_document(latin), 7)

    print(f"cold first dossier (fonts registered): {cold_s:.3f} s; pages {cold.pages}", file=sys.stderr)
    print(f"bare reportlab, same text: {bare_s:.3f} s", file=sys.stderr)
    print(json.dumps({"single_s": round(single_s, 3), "batch30_s": round(batch_s, 3),
                      "single_kb": round(len(cold.data) / 1024, 1),
                      "ratio_to_bare": round(single_s / bare_s, 2)}))


if __name__ == "__main__":
    main()
