"""What an import reads: contacts parsed from a file and the problems found while reading.

Shared by the readers (``vcard``, ``csv_files``) and the pipeline that
previews and applies an import, so none of them imports another for types.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

from core.book.fields import (DISPLAY_NAME, ENTRY_TYPES, FAMILY_NAME, GIVEN_NAME, NATIVE_NAME,
                              ContactField, list_fields)

ERROR = "error"
WARNING = "warning"


@dataclass(slots=True)
class ImportProblem:
    """Something in an import file that could not be read as it is: where, which field, why."""

    source: str
    line: int | None
    field: str
    message: str
    severity: str = ERROR

    @property
    def is_error(self) -> bool:
        """True when this problem stops the import."""
        return self.severity == ERROR

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"

    def as_dict(self) -> dict:
        """The problem as plain data (for ``--json``)."""
        return {"source": self.source, "line": self.line, "field": self.field,
                "message": self.message, "severity": self.severity}


@dataclass
class ParsedContact:
    """One contact read from a file: fields for ``add_contact``, its company, where it was read.

    ``references`` holds links to other records by name, resolved on import:
    ``met_event`` (a dict with ``name`` and optional ``city``, ``country``,
    ``time_zone``, ``starts_on``, ``ends_on``, ``venue``) and
    ``introduced_by`` (a dict with ``id`` and ``name``).
    """

    fields: dict
    company: str | None = None
    line: int = 0
    source: str = ""
    problems: list[ImportProblem] = field(default_factory=list)
    references: dict = field(default_factory=dict)
    exact: bool = False  # written by Fairmate: every field says itself, nothing is inferred

    def problem(self, field_name: str, message: str, severity: str = ERROR,
                line: int | None = None) -> None:
        """Record a problem of this contact (at *line*, else the contact's first line)."""
        self.problems.append(ImportProblem(self.source, line or self.line, field_name, message,
                                           severity))

    @property
    def name(self) -> str:
        """The best name to show for this contact in a preview."""
        f = self.fields
        return (f.get(DISPLAY_NAME.name) or " ".join(
            p for p in (f.get(GIVEN_NAME.name), f.get(FAMILY_NAME.name)) if p)
            or f.get(NATIVE_NAME.name) or "")


@dataclass
class ImportSource:
    """What was read from one file: its kind, how to read its contacts, and problems with the file as a whole.

    ``iter_contacts()`` reads the contacts afresh, one at a time (``reader``):
    a file of 100,000 cards is never held parsed whole. For CSV, ``csv``
    holds the sniffed table (encoding, delimiter, headers, rows, preset) and
    ``mapping`` the column mapping used. ``unmapped`` counts the values of
    each column or property no field takes (``core.exchange.unmapped``; a
    vCard's are counted while the preview reads its cards).
    """

    source: str
    kind: str  # "vcard" or "csv"
    reader: Callable[[], Iterator[ParsedContact]] | None = None
    problems: list[ImportProblem] = field(default_factory=list)
    csv: Any = None
    mapping: dict | None = None
    unmapped: dict[str, int] = field(default_factory=dict)
    encoding: str | None = None  # the codec the file was read with
    encoding_detected: bool = False  # True: guessed from the content, and the preview says so

    def iter_contacts(self) -> Iterator[ParsedContact]:
        """The file's contacts in file order, read again on each call."""
        return self.reader() if self.reader is not None else iter(())

    @property
    def contacts(self) -> list[ParsedContact]:
        """Every contact at once (a small file's; the import reads them with ``iter_contacts``)."""
        return list(self.iter_contacts())


# Reading the field registry (core.book.fields) -------------------------------------------------
# Functions rather than module constants: a field declared after import is seen too.

def entry_fields() -> list[ContactField]:
    """The fields that hold ``{"value", "label"}`` entries (emails, phones, websites, …)."""
    return [f for f in list_fields() if f.type in ENTRY_TYPES]


def resolved_name(field: ContactField) -> str:
    """The key a REFERENCE field's record is resolved under (``met_event_id`` → ``met_event``).

    The same rule as ``core.book.contacts.get_contact``.
    """
    return field.name.removesuffix("_id").removesuffix("_contact")
