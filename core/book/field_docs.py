"""The contact fields as a Markdown table, for docs/data-model.md (written from the registry, never by hand).

``python -m core.book.field_docs docs/data-model.md`` rewrites the table between
its markers; ``tests/test_fields.py`` fails when the document and the registry differ.
"""

from __future__ import annotations

import sys
from pathlib import Path

from core.book.fields import CONTACT_FIELDS

START = "<!-- contact fields: written by `python -m core.book.field_docs docs/data-model.md` -->"
END = "<!-- end of contact fields -->"


def _code(values) -> str:
    return ", ".join(f"`{value}`" for value in values) or "—"


def render_field_table() -> str:
    """Every declared contact field, one row each, in declaration order."""
    lines = ["| field | type | label | vCard | CSV | search | merge | sync |",
             "|---|---|---|---|---|---|---|---|"]
    for field in CONTACT_FIELDS.values():
        lines.append(" | ".join([
            f"| `{field.name}`", field.type, field.label, _code(field.vcard), _code(field.csv),
            field.search or "—", field.merge, field.sync + " |"]))
    return "\n".join(lines)


def rewrite_field_section(text: str) -> str:
    """*text* with the table between the markers replaced by the registry's."""
    head, rest = text.split(START, 1)
    _old, tail = rest.split(END, 1)
    return f"{head}{START}\n{render_field_table()}\n{END}{tail}"


def main(argv: list[str]) -> int:
    """Rewrite the field table of each document named in *argv*."""
    for name in argv:
        path = Path(name)
        path.write_text(rewrite_field_section(path.read_text(encoding="utf-8")), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
