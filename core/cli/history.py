"""The undo command: take back the last change made on this device, and list what can be undone."""

from __future__ import annotations

from core.cli.common import CommandError, row_field_label
from core.i18n import _

# Core modules are imported inside the handlers: see core/cli/main.py (`fairmate --help` stays fast).


def register(add) -> None:
    """Add this module's commands: ``add(name, help, handler)`` returns the command's parser."""
    p = add("undo", _("undo the last change made on this device (again to go further back)"), _undo)
    p.add_argument("--list", action="store_true", help=_("show the latest changes instead, newest first"))


def _undo(db, args):
    from core.store.operation_log import list_operations
    from core.store.undo import NothingToUndo, undo_last_operation

    if args.list:
        operations = [{**op, "label": _operation_label(op)} for op in list_operations(db)]

        def render_list(rows):
            if not rows:
                return _("Nothing to undo")
            return "\n".join(
                f"{row['created_at']}  {row['label']}" + ("  " + _("(undone)") if row["undone_by"] else "")
                for row in rows)

        return operations, render_list
    try:
        result = undo_last_operation(db)
    except NothingToUndo as exc:
        raise CommandError(str(exc)) from exc
    label = _(result.label) if result.label else _("the last change")
    record = {"undone": label, "rows": {t: sorted(ids) for t, ids in result.changes.rows.items()},
              "kept": [{"table": t, "id": i, "field": f} for t, i, f in result.kept]}

    def render(r):
        lines = [_("Undone: {label}").format(label=r["undone"])]
        for kept in r["kept"]:
            lines.append("  " + _("Left as it is (changed since): {field}").format(
                field=row_field_label(kept["table"], kept["field"])))
        return "\n".join(lines)

    return record, render


def _operation_label(op: dict) -> str:
    label = _(op["label"]) if op["label"] else _("a change")
    return _("Undo of: {label}").format(label=label) if op["origin"] == "undo" else label
