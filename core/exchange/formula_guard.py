"""Cells a spreadsheet would run as formulas (OWASP "CSV injection"), kept as text in CSV exports."""

from __future__ import annotations

import csv
import io

from core.i18n import ngettext

# A cell starting with one of these is run as a formula by Excel, LibreOffice and Google
# Sheets (OWASP "CSV injection"): such a cell is written with a leading ' (shown as text),
# and the ' is taken off again when Fairmate reads the file back.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _runs_as_formula(text: str) -> bool:
    # A cell that already starts with ' before one needs another, so reading strips exactly one.
    return text.startswith(FORMULA_STARTS) or (text.startswith("'") and _runs_as_formula(text[1:]))


def guard_cell(text: str) -> str:
    """*text* as a spreadsheet shows it without running it: ``=SUM(A1)`` → ``'=SUM(A1)``."""
    return "'" + text if _runs_as_formula(text) else text


def unguard_cell(text: str) -> str:
    """The inverse of ``guard_cell``: the value Fairmate exported."""
    return text[1:] if text.startswith("'") and _runs_as_formula(text[1:]) else text


def count_guarded_cells(text: str) -> int:
    """How many cells of CSV *text* were written with a leading ' (``guard_cell``)."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
    next(reader, None)  # the headers
    return sum(1 for row in reader for cell in row if cell != unguard_cell(cell))


def describe_guarded_cells(count: int) -> str:
    """What an export tells the user about the cells ``guard_cell`` changed."""
    return ngettext(
        "{n} cell starts with = + - @ or a tab: written with a leading ' so spreadsheets "
        "show it as text instead of running it (Fairmate removes the ' when it reads the file)",
        "{n} cells start with = + - @ or a tab: written with a leading ' so spreadsheets "
        "show them as text instead of running them (Fairmate removes the ' when it reads the file)",
        count).format(n=count)
