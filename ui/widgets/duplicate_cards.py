"""The detail pane's word on duplicates: "Possible duplicate of …" and the merges kept with a contact."""

from __future__ import annotations

import html
from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from core.i18n import _
from ui.widgets.common import muted_label


def _card(name: str) -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    frame.setProperty("role", "card")
    frame.setObjectName(name)
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(18, 12, 18, 12)
    layout.setSpacing(6)
    return frame, layout


def _row(text: str, button: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    row.addWidget(label, 1)
    row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
    return row


def duplicate_banner(matches: list, on_compare: Callable[[str], None]) -> QWidget | None:
    """A card naming the likely duplicates of the shown contact, each with a Compare… button."""
    if not matches:
        return None
    frame, layout = _card("duplicateBanner")
    frame.setProperty("overdue", True)  # the amber-red edge of things that need a look
    for match in matches[:3]:
        button = QPushButton(_("Compare…"))
        button.setProperty("role", "small")
        button.setObjectName(f"compare_{match.contact_id}")
        button.clicked.connect(lambda _checked=False, cid=match.contact_id: on_compare(cid))
        text = _("Possible duplicate of <b>{name}</b> — {reason}").format(
            name=html.escape(match.display_name), reason=html.escape(match.reason_label))
        layout.addLayout(_row(text, button))
    if len(matches) > 3:
        layout.addWidget(muted_label(_("…and {n} more (Contacts ▸ Duplicates…)").format(
            n=len(matches) - 3)))
    return frame


def merges_card(merges: list[dict], contact_id: str, home_time_zone: str,
                on_undo: Callable[[str], None]) -> QWidget | None:
    """A card listing the records merged into this contact, what they did not keep, and Undo."""
    from core.book.duplicates import field_label
    from ui.formatting import format_moment

    active = [m for m in merges if m["survivor_id"] == contact_id and not m["undone_at"]]
    if not active:
        return None
    frame, layout = _card("mergesCard")
    title = QLabel(_("Merged records"))
    title.setObjectName("sectionTitle")
    layout.addWidget(title)
    for merge in active:
        button = QPushButton(_("Undo merge"))
        button.setProperty("role", "small")
        button.setObjectName(f"undoMerge_{merge['id']}")
        button.clicked.connect(lambda _checked=False, mid=merge["id"]: on_undo(mid))
        text = _("Merged with <b>{name}</b> on {when}").format(
            name=html.escape(merge["merged_name"]),
            when=html.escape(format_moment(merge["merged_at"], home_time_zone)))
        layout.addLayout(_row(text, button))
        for field, value in merge["kept_values"].items():
            kept = muted_label(_("Not kept — {field}: {value}").format(
                field=field_label(field), value=value), wrap=True)
            kept.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(kept)
    return frame
