"""List fields merged element by element: two devices adding different phone numbers keep both.

A list field (emails, phones, tags, social profiles, …) is stored whole, as
JSON text, and every write logs the whole new list and (for an existing row)
the list it replaced. From those two lists each write yields element
operations: an element added or changed (present, with its value) or removed.
An element is known by its key (a phone's number, an email's address, …) and
which occurrence of that key it is, since a list may repeat one.
``element_clocks`` keeps, per element, the operation with the newest stamp;
the field's value is then composed from them:

- an element is present when its newest addition or change is newer than
  what every removal of it had seen (the removing write's ``base`` clock of
  the field): a label changed on one device and the number removed on
  another without seeing that change keep the number, with the new label,
  whichever is newer (nothing is dropped unseen);
- the elements of the *winning write* (the newest stamp of the field, as for
  any field) that are present, in that write's order, each with its newest value;
- then present elements that write does not list, by (stamp, key).

Operations depend only on the change they come from, and each element keeps
the newest, so the composed value depends only on which changes a device
holds, not on their order: books converge. A local edit composes to exactly
the list the user wrote (it has seen every element this device holds).

Which fields are merged so, and how two elements are compared, is declared by
the table's owner (``register_element_field``; the book registers its list
fields from the field registry), so the store never imports the book. Books
written before element clocks existed get them on the first touch of a field
by replaying that field's log (``seed_elements``), which gives the same
clocks a device receiving the whole log builds.
"""

from __future__ import annotations

import json
from typing import Any, Callable, Iterable

from core.store.value_checks import check_value

# element -> the key two elements are compared by (equal keys: the same element).
ElementKey = Callable[[Any], str]

_FIELDS: dict[tuple[str, str], ElementKey] = {}


def register_element_field(table: str, field: str, element_key: ElementKey) -> None:
    """Merge *field* of *table* (a JSON list) element by element, comparing elements by *element_key*."""
    _FIELDS[(table, field)] = element_key


def element_key_of(table: str, field: str) -> ElementKey | None:
    """The element key of a list field merged element by element, or None for any other field."""
    return _FIELDS.get((table, field))


def element_fields(table: str) -> set[str]:
    """The fields of *table* merged element by element."""
    return {field for (name, field) in _FIELDS if name == table}


def _load(text: Any) -> list | None:
    """A logged list value (JSON text, or already a list) as a list; None when absent or not a list."""
    if text is None:
        return None
    if isinstance(text, str):
        try:
            text = json.loads(text)
        except ValueError:
            return None
    return text if isinstance(text, list) else None


def list_element_operations(key: ElementKey, new: Any, old: Any) -> list[tuple[str, bool, Any]]:
    """The operations of one write: ``(element id, present, element)`` for each element added, changed or removed."""
    after, old_list = identify_elements(key, _load(new) or []), _load(old)
    before = {} if old_list is None else dict(identify_elements(key, old_list))
    operations = [(element_id, True, element) for element_id, element in after
                  if old_list is None or before.get(element_id, _MISSING) != element]
    listed = {element_id for element_id, _ in after}
    operations.extend((element_id, False, element) for element_id, element in before.items()
                      if element_id not in listed)
    return operations


def identify_elements(key: ElementKey, elements: list) -> list[tuple[str, Any]]:
    """Each element with its id: its key and which occurrence of that key it is (lists may repeat one)."""
    seen: dict[str, int] = {}
    identified = []
    for element in elements:
        element_key = key(element)
        count = seen.get(element_key, 0)
        seen[element_key] = count + 1
        identified.append((f"{count}:{element_key}", element))
    return identified


_MISSING = object()


# Each element keeps its newest operation that adds or changes it (present, with its value) ...
RECORD_ELEMENT_SQL = (
    "INSERT INTO element_clocks(table_name, row_id, field, element_key, hlc, present, value) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(table_name, row_id, field, element_key) DO UPDATE SET "
    "hlc = excluded.hlc, present = excluded.present, value = excluded.value "
    "WHERE excluded.hlc > element_clocks.hlc")
# ... and, beside it (key prefixed with REMOVED), the newest stamp a removal of it had seen.
REMOVED = "~"


def list_element_rows(table: str, row_id: str, field: str, hlc: str, new: Any, old: Any,
                      seen: str | None = None) -> list[tuple]:
    """The ``element_clocks`` rows (``RECORD_ELEMENT_SQL``'s parameters) of one write of a list field.

    *seen* is the field's clock on the writer before this write (the change's
    base): a removal removes the element as it was up to then, never a change
    of it the writer had not seen (None: everything older than *hlc*).
    """
    if new == "[]" and old is None:
        return []  # most list fields of a new row are empty
    key = _FIELDS[(table, field)]
    rows = []
    for element_id, present, element in list_element_operations(key, new, old):
        if present:
            rows.append((table, row_id, field, element_id, hlc, 1, _dump(element)))
        else:
            rows.append((table, row_id, field, REMOVED + element_id, seen or hlc, 0, None))
    return rows


def record_list_write(conn, table: str, row_id: str, field: str, hlc: str, new: Any, old: Any,
                      seen: str | None = None) -> None:
    """Keep the operations of one write of a list field (see ``list_element_rows``)."""
    rows = list_element_rows(table, row_id, field, hlc, new, old, seen)
    if rows:
        conn.executemany(RECORD_ELEMENT_SQL, rows)


def seed_elements(conn, table: str, row_id: str, fields: Iterable[str]) -> None:
    """Build the element clocks of list *fields* of a row that has none yet, by replaying its log.

    Call before logging a new write of those fields: the replay covers every
    write already logged, so it gives the clocks a device that received the
    whole log has.
    """
    wanted = [field for field in fields if (table, field) in _FIELDS]
    if not wanted:
        return
    marks = ", ".join("?" for _ in wanted)
    seeded = {field for (field,) in conn.execute(
        f"SELECT DISTINCT field FROM element_clocks WHERE table_name = ? AND row_id = ? AND field IN ({marks})",
        (table, row_id, *wanted))}
    missing = [field for field in wanted if field not in seeded]
    if not missing:
        return
    for hlc, fields_text, old_text, base_text in conn.execute(
            "SELECT hlc, fields, old_fields, base_clocks FROM changes WHERE table_name = ? AND row_id = ? "
            "ORDER BY hlc", (table, row_id)).fetchall():
        logged = json.loads(fields_text)
        old = json.loads(old_text) if old_text else None
        base = json.loads(base_text) if base_text else {}
        for field in missing:
            # The log keeps received values as they came, refused ones too: those were never applied.
            if field in logged and not check_value(table, field, logged[field], nullable=False):
                record_list_write(conn, table, row_id, field, hlc, logged[field],
                                  None if old is None else old.get(field), base.get(field))


def compose_list(conn, table: str, row_id: str, field: str, template: Any) -> str:
    """The field's value (JSON text): the present elements, in the order of *template* (the winning write's list).

    An element is present when its newest addition or change is newer than
    what every removal of it had seen: a change made on one device and a
    removal made on another without seeing it keep the element, changed.
    """
    key = _FIELDS[(table, field)]
    rows = conn.execute("SELECT element_key, hlc, present, value FROM element_clocks "
                        "WHERE table_name = ? AND row_id = ? AND field = ?", (table, row_id, field)).fetchall()
    removed = {element_id[len(REMOVED):]: hlc for element_id, hlc, is_present, _ in rows if not is_present}
    present = {element_id: (hlc, json.loads(value)) for element_id, hlc, is_present, value in rows
               if is_present and hlc > removed.get(element_id, "")}
    composed, listed = [], set()
    for element_id, _ in identify_elements(key, _load(template) or []):
        if element_id in present:
            listed.add(element_id)
            composed.append(present[element_id][1])
    rest = sorted((hlc, element_id) for element_id, (hlc, _) in present.items() if element_id not in listed)
    composed.extend(present[element_id][1] for _, element_id in rest)
    return json.dumps(composed, ensure_ascii=False)


def _dump(element: Any) -> str:
    return json.dumps(element, ensure_ascii=False, separators=(",", ":"))
