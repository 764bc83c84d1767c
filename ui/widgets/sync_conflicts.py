"""A difference between devices as one card: the field, both values, who wrote each and when, and the choice.

Shared by the Sync page (every conflict) and the contact pane (that
contact's). The cards call back with ``(table, row_id, field, keep)`` for
"Keep mine" / "Take theirs" and ``(table, row_id)`` for "Restore"; the
caller runs the write through the operation runner.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from core.i18n import _, ngettext
from ui.widgets.common import muted_label

MINE = "mine"
THEIRS = "theirs"

Choose = Callable[[str, str, str, str], None]
Restore = Callable[[str, str], None]


def mine_is_other(conflict: dict) -> bool:
    """True when this device's value is the one that lost (so "mine" is the value set aside)."""
    return conflict["other_by"]["this_device"] and not conflict["current_by"]["this_device"]


def value_text(db, conflict: dict, value: Any) -> str:
    """A conflict's value as a person reads it (``core.sync.resolve.describe_conflict_value``)."""
    from core.sync.resolve import describe_conflict_value

    return describe_conflict_value(db, conflict, value)


def device_text(by: dict) -> str:
    """``this device, 7 Dec 2026, 14:02`` or ``device 1a2b3c…, …``: who wrote a value and when."""
    from ui.formatting import format_moment

    who = _("this device") if by["this_device"] else (
        by.get("device") or _("another device ({node})").format(node=(by["node"] or "?")[:6]))
    if not by.get("at"):
        return who
    return _("{who}, {when}").format(who=who, when=format_moment(by["at"]))


def side_captions(swapped: bool) -> tuple[str, str]:
    """Captions of (yours, theirs), the one the book holds now said so (*swapped*: theirs is)."""
    if swapped:
        return _("Yours"), _("Theirs — in the book now")
    return _("Yours — in the book now"), _("Theirs")


def devices_summary(conflicts: list[dict]) -> str:
    """``2 unresolved differences with another device (1a2b3c)``: the contact pane's line."""
    sides = [c["other_by"] if not c["other_by"]["this_device"] else c["current_by"] for c in conflicts]
    others = sorted({side["node"] or "?" for side in sides})
    n = len(conflicts)
    if len(others) == 1:
        # The device's name as the server gave it ("Anna's laptop"), else its node.
        name = next((side.get("device") for side in sides if side.get("device")), None)
        if name:
            return ngettext("{n} unresolved difference with {device}",
                            "{n} unresolved differences with {device}", n).format(n=n, device=name)
        return ngettext("{n} unresolved difference with another device ({node})",
                        "{n} unresolved differences with another device ({node})", n).format(
            n=n, node=others[0][:6])
    return ngettext("{n} unresolved difference with other devices", "{n} unresolved differences with other devices",
                    n).format(n=n)


class ConflictCard(QFrame):
    """One conflict: "Name — Field", yours and theirs side by side, and the buttons to settle it."""

    def __init__(self, db, conflict: dict, on_choose: Choose, on_restore: Restore, *, show_name: bool = True,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setProperty("role", "item")
        self.setObjectName("conflictCard")
        self.conflict = conflict
        table, row_id, field = conflict["table"], conflict["row_id"], conflict["field"]
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(6)
        title = conflict["label"] if not show_name else _("{name} — {field}").format(
            name=conflict["name"], field=conflict["label"])
        heading = QLabel(title)
        heading.setObjectName("badgeMain")
        heading.setWordWrap(True)
        layout.addWidget(heading)

        swapped = mine_is_other(conflict)
        mine, mine_by = (conflict["other"], conflict["other_by"]) if swapped else (conflict["current"],
                                                                                 conflict["current_by"])
        theirs, theirs_by = (conflict["current"], conflict["current_by"]) if swapped else (
            conflict["other"], conflict["other_by"])
        # "Yours" only for what this device wrote: on a third laptop neither value is its own.
        own = conflict["current_by"]["this_device"] or conflict["other_by"]["this_device"]
        captions = (side_captions(swapped) if own else (_("In the book now"), _("Set aside")))
        grid = QGridLayout()
        grid.setHorizontalSpacing(18)
        for column, (caption, value, by) in enumerate(((captions[0], mine, mine_by),
                                                       (captions[1], theirs, theirs_by))):
            caption_label = muted_label(caption)
            caption_label.setObjectName("conflictMineCaption" if column == 0 else "conflictTheirsCaption")
            grid.addWidget(caption_label, 0, column)
            shown = QLabel(value_text(db, conflict, value))
            shown.setWordWrap(True)
            shown.setObjectName("conflictMine" if column == 0 else "conflictTheirs")
            grid.addWidget(shown, 1, column)
            grid.addWidget(muted_label(device_text(by), wrap=True), 2, column)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.restore_button = None
        if field == "deleted_at":
            if conflict["current"]:
                note = muted_label(_("Deleted on one device while it was edited on another; the edits are kept."),
                                   wrap=True)
                layout.insertWidget(1, note)
                self.keep_button = self._button(buttons, _("Leave deleted"),
                                                lambda: on_choose(table, row_id, field, THEIRS if swapped else MINE))
                self.restore_button = self._button(buttons, _("Restore contact"), lambda: on_restore(table, row_id),
                                                   primary=True)
                self.restore_button.setObjectName("restoreButton")
                self.take_button = self.restore_button
            else:
                self.take_button = self._button(buttons, _("Delete contact"),
                                                lambda: on_choose(table, row_id, field, MINE if swapped else THEIRS))
                self.keep_button = self._button(buttons, _("Keep contact"),
                                                lambda: on_choose(table, row_id, field, THEIRS if swapped else MINE),
                                                primary=True)
        else:
            # Neither value this device's: "mine" is the value the book holds now (core.sync.resolve).
            keep, take = (_("Keep mine"), _("Take theirs")) if own else (_("Keep as it is"), _("Take the other"))
            self.keep_button = self._button(buttons, keep, lambda: on_choose(table, row_id, field, MINE))
            self.take_button = self._button(buttons, take, lambda: on_choose(table, row_id, field, THEIRS))
        self.keep_button.setObjectName("keepMineButton")
        if self.take_button is not self.restore_button:
            self.take_button.setObjectName("takeTheirsButton")
        layout.addLayout(buttons)

    def _button(self, row: QHBoxLayout, text: str, slot, primary: bool = False) -> QPushButton:
        button = QPushButton(text)
        if primary:
            button.setProperty("role", "primary")
        button.clicked.connect(slot)
        row.addWidget(button)
        return button
