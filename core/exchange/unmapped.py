"""What a file holds that no Fairmate field takes: named in the preview, never dropped in silence.

A CSV column mapped to no field (kept as other fields, or ignored) and a vCard
property Fairmate has no field for are each listed once per file, by header or
property name, with how many values (rows, cards) they hold.
"""

from __future__ import annotations

import re

from core.book.fields import ADDRESSES, EXTRAS
from core.exchange.csv_files import IGNORE, KEEP
from core.exchange.model import WARNING, ImportProblem, ImportSource
from core.i18n import ngettext

# What exporters write in a column when it says nothing (Outlook: "E-mail Type" SMTP,
# "Priority" Normal, "Private" False or, in German, Aus, "Gender" Unspecified, "Birthday" 0/0/00).
_SAYS_NOTHING = {"smtp", "ex", "normal", "normale", "false", "falsch", "aus", "faux", "unspecified",
                 "0/0/00", "00.00.00", "0.0.00"}
_WORD = re.compile(r"[^\s()<>,;\"']+")
# Kept beside the fields they fill (middle names in N, departments in ORG, the label of a kept
# property): nothing of them is unread.
_PARTLY_READ = {"N", "ORG", "X-ABLABEL", "X-ABADR"}  # X-ABADR: Apple's country code of an ADR


def count_unmapped(source: ImportSource) -> dict[str, int]:
    """{column header or property name: values it holds} for everything no field takes."""
    counts: dict[str, int] = {}
    if source.kind == "csv" and source.csv is not None:
        table, mapping = source.csv, source.mapping or {}
        for index, header in enumerate(table.headers):
            if mapping.get(header, KEEP) not in (IGNORE, KEEP):
                continue
            ignored = mapping.get(header, KEEP) == IGNORE
            filled = sum(1 for row in table.rows if index < len(row) and row[index].strip() and not (
                ignored and _says_nothing_new(row, index)))
            if filled:
                counts[header] = filled
        return counts
    if source.kind == "vcard":
        for contact in source.iter_contacts():
            count_card_unmapped(contact, counts)
    return counts


def count_card_unmapped(contact, counts: dict[str, int]) -> None:
    """Add to *counts* the properties of one parsed card that no field takes."""
    names = {extra["name"].upper() for extra in contact.fields.get(EXTRAS.name) or []
             if str(extra.get("value") or "").strip(" ;,")
             and not (extra["name"].upper() == "LABEL" and _repeats(extra["value"], contact))}
    for name in sorted(names - _PARTLY_READ):
        counts[name] = counts.get(name, 0) + 1


def unmapped_problems(source: ImportSource) -> list[ImportProblem]:
    """One warning per unmapped column or property, with its count (``source.unmapped``)."""
    problems = []
    mapping = source.mapping or {}
    for name, count in source.unmapped.items():
        if source.kind == "vcard":
            message = ngettext("no Fairmate field takes this property: kept as another field on {n} card",
                               "no Fairmate field takes this property: kept as another field on {n} cards",
                               count)
        elif mapping.get(name, KEEP) == IGNORE:
            message = ngettext("this column is ignored: its {n} value is not imported",
                               "this column is ignored: its {n} values are not imported", count)
        else:
            message = ngettext("no Fairmate field takes this column: its {n} value is kept as another field",
                               "no Fairmate field takes this column: its {n} values are kept as other fields",
                               count)
        problems.append(ImportProblem(source.source, None, name, message.format(n=count), WARNING))
    return problems


def _repeats(label: str, contact) -> bool:
    """True when a vCard LABEL (an address as printed) says only what the card's ADR says."""
    addresses = " ".join(str(v) for a in contact.fields.get(ADDRESSES.name) or [] for v in a.values())
    words = {word.casefold() for word in _WORD.findall(addresses)}
    return all(word.casefold() in words for word in _WORD.findall(label.replace("\\n", " ")))


def _says_nothing_new(row: list[str], index: int) -> bool:
    """True for an ignored cell with a default value, or made only of words of the row's other
    cells (Outlook's "E-mail Display Name", Google's formatted address)."""
    cell = row[index].strip()
    if cell.casefold() in _SAYS_NOTHING:
        return True
    others = {word.casefold() for i, other in enumerate(row) if i != index
              for word in _WORD.findall(other)}
    return all(word.casefold() in others for word in _WORD.findall(cell))
