"""What goes wrong in a shipped data file (phrasebooks, etiquette cards): one error type for all."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DataFileError:
    """A problem in a data file: the file name, the line (None when it has none) and what is wrong."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"
