"""MergeDialog: two records of one person side by side, a choice per differing field, Merge.

The columns stay where they are (left, right); the user picks which record
is kept and, field by field, which value wins. Lists (emails, phones,
languages, tags…) and notes are combined unless the user picks one side.
Nothing is lost either way: values not kept are recorded with the merge,
both histories move to the kept record, and the merge can be undone.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QButtonGroup, QDialog, QDialogButtonBox, QFrame, QGridLayout,
                               QHBoxLayout, QLabel, QMessageBox, QRadioButton, QScrollArea,
                               QSizePolicy, QWidget)

from core.book.fields import COUNTRY, DISPLAY_NAME, JOB_TITLE
from core.i18n import _, ngettext
from ui import operations as op
from ui.fonts import font_for_country
from ui.widgets.common import dialog_layout, muted_label, fit_to_screen

LEFT, RIGHT, BOTH = "left", "right", "both"


def history_summary(counts: dict[str, int]) -> str:
    """"3 interactions · 1 promise · …" for the history a record brings to a merge."""
    parts = [
        ngettext("{n} interaction", "{n} interactions", counts["interactions"]),
        ngettext("{n} promise", "{n} promises", counts["commitments"]),
        ngettext("{n} follow-up", "{n} follow-ups", counts["follow_ups"]),
        ngettext("{n} meeting", "{n} meetings", counts["meetings"]),
        ngettext("{n} stage change", "{n} stage changes", counts["stage_history"]),
        ngettext("{n} introduction", "{n} introductions", counts["introductions"]),
    ]
    values = (counts["interactions"], counts["commitments"], counts["follow_ups"],
              counts["meetings"], counts["stage_history"], counts["introductions"])
    return " · ".join(p.format(n=n) for p, n in zip(parts, values))


def default_survivor(db, first_id: str, second_id: str) -> str:
    """The record to keep by default: the one with more history, else the older one."""
    from core.book.duplicates import count_history

    first, second = sum(count_history(db, first_id).values()), sum(count_history(db, second_id).values())
    if first != second:
        return first_id if first > second else second_id
    return min(first_id, second_id)  # UUIDv7: the smaller id was made first


class _ValueLabel(QLabel):
    """A value in one column: wraps, selectable, in the contact's CJK face."""

    def __init__(self, text: str, country: str | None):
        super().__init__(text or "—")
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)  # level with its radio
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setFont(font_for_country(self.font(), country))
        if not text:
            self.setProperty("role", "muted")


class MergeDialog(QDialog):
    """Compare two contacts field by field and merge them into one."""

    contacts_merged = Signal(str, str, str)  # merge id, kept contact id, merged-away contact id

    def __init__(self, operations, first_id: str, second_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        db = operations.db
        self._ops = operations
        from core.book.contacts import get_contact
        from core.book.duplicates import compare_contacts, count_history

        self.setObjectName("mergeDialog")
        self.setWindowTitle(_("Merge contacts"))
        self.setModal(True)
        self._db = db
        self.ids = {LEFT: first_id, RIGHT: second_id}
        self.contacts = {LEFT: get_contact(db, first_id), RIGHT: get_contact(db, second_id)}
        for side, contact in self.contacts.items():
            if contact is None:
                raise KeyError(_("Contact {id} not found").format(id=self.ids[side]))
        self.merge_id: str | None = None
        self.field_groups: dict[str, QButtonGroup] = {}
        self.field_buttons: dict[str, dict[str, QRadioButton]] = {}
        # Left as survivor: "survivor" is the left value, "merged" the right one.
        self.rows = compare_contacts(db, first_id, second_id)
        counts = {side: count_history(db, self.ids[side]) for side in (LEFT, RIGHT)}

        outer = dialog_layout(self, _("Merge contacts"), _(
            "Pick the value to keep where the two records differ. Lists and notes are combined. "
            "Nothing is lost: values not kept are recorded with the merge, both histories move "
            "to the kept record, and you can undo the merge."))

        self.keep_group = QButtonGroup(self)
        self.keep_buttons: dict[str, QRadioButton] = {}
        header = QFrame()
        header.setProperty("role", "card")
        grid = QGridLayout(header)
        grid.setContentsMargins(16, 12, 16, 12)
        grid.setHorizontalSpacing(18)
        grid.setColumnMinimumWidth(0, 150)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        for column, side in ((1, LEFT), (2, RIGHT)):
            contact = self.contacts[side]
            name = QLabel(contact[DISPLAY_NAME.name])
            name.setObjectName("mergeName")
            name.setWordWrap(True)
            font = font_for_country(name.font(), contact.get(COUNTRY.name))
            font.setPointSizeF(font.pointSizeF() * 1.3)
            font.setWeight(QFont.Weight.Bold)
            name.setFont(font)
            grid.addWidget(name, 0, column)
            work = " · ".join(p for p in (contact.get(JOB_TITLE.name),
                                          (contact.get("company") or {}).get("name")) if p)
            if work:
                grid.addWidget(muted_label(work, wrap=True), 1, column)
            history = muted_label(history_summary(counts[side]), wrap=True)
            history.setObjectName(f"history_{side}")
            grid.addWidget(history, 2, column)
            keep = QRadioButton(_("Keep this record"))
            keep.setObjectName(f"keep_{side}")
            self.keep_group.addButton(keep)
            self.keep_buttons[side] = keep
            grid.addWidget(keep, 3, column)
        grid.addWidget(muted_label(_("History")), 2, 0, Qt.AlignmentFlag.AlignTop)
        outer.addWidget(header)
        survivor = default_survivor(db, first_id, second_id)
        self.keep_buttons[LEFT if survivor == first_id else RIGHT].setChecked(True)

        outer.addWidget(self._build_fields(), 1)

        self.summary = muted_label(wrap=True)
        self.summary.setObjectName("mergeSummary")
        outer.addWidget(self.summary)
        # Parented at once: setDefault() registers Merge as the dialog's default only while the button's
        # window is the dialog; otherwise Return does nothing once Merge has had the focus and lost it.
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.merge_button = self.buttons.addButton(_("Merge"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.merge_button.setObjectName("mergeButton")
        self.merge_button.setProperty("role", "primary")
        self.merge_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        self.keep_group.buttonToggled.connect(lambda *_args: self._update_summary())
        self._update_summary()
        fit_to_screen(self, 920, 720)  # or less: the screen it opens on

    # Building -----------------------------------------------------------------------------

    def _build_fields(self) -> QWidget:
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QFrame()
        body.setProperty("role", "card")
        grid = QGridLayout(body)
        grid.setContentsMargins(16, 12, 16, 12)
        grid.setHorizontalSpacing(18)
        grid.setVerticalSpacing(10)
        grid.setColumnMinimumWidth(0, 150)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(2, 1)
        row = 0
        shown = [r for r in self.rows if r.survivor_text or r.merged_text]
        differing = [r for r in shown if r.differs]
        same = [r for r in shown if not r.differs]
        if differing:
            grid.addWidget(self._group_title(_("Differences: choose what to keep")), row, 0, 1, 3)
            row += 1
        for comparison in differing:
            row = self._add_choice_row(grid, row, comparison)
        if same:
            grid.addWidget(self._group_title(_("The same, or on one record only: kept as shown")),
                           row, 0, 1, 3)
            row += 1
        for comparison in same:
            row = self._add_plain_row(grid, row, comparison)
        grid.setRowStretch(row, 1)
        scroll.setWidget(body)
        return scroll

    @staticmethod
    def _group_title(text: str) -> QLabel:
        label = QLabel(text)
        label.setObjectName("sectionTitle")
        return label

    def _field_label(self, text: str) -> QLabel:
        label = muted_label(text)
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        label.setWordWrap(True)
        return label

    def _add_choice_row(self, grid: QGridLayout, row: int, comparison) -> int:
        group = QButtonGroup(self)
        buttons: dict[str, QRadioButton] = {}
        grid.addWidget(self._field_label(comparison.label), row, 0)
        for column, side, text in ((1, LEFT, comparison.survivor_text),
                                   (2, RIGHT, comparison.merged_text)):
            cell = QWidget()
            line = QHBoxLayout(cell)
            line.setContentsMargins(0, 0, 0, 0)
            line.setSpacing(6)
            button = QRadioButton()
            button.setObjectName(f"choice_{comparison.field}_{side}")
            button.setAccessibleName(_("Keep {field}: {value}").format(field=comparison.label, value=text))
            group.addButton(button)
            buttons[side] = button
            line.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
            value = _ValueLabel(text, self.contacts[side].get(COUNTRY.name))
            value.mousePressEvent = lambda _event, b=button: b.setChecked(True)
            line.addWidget(value, 1)
            grid.addWidget(cell, row, column)
        if "both" in comparison.options:
            both = QRadioButton(_("Keep both (combined)"))
            both.setObjectName(f"choice_{comparison.field}_both")
            group.addButton(both)
            buttons[BOTH] = both
            grid.addWidget(both, row + 1, 1, 1, 2)
        default = {"survivor": LEFT, "merged": RIGHT, "both": BOTH}[comparison.default]
        buttons[default].setChecked(True)
        group.buttonToggled.connect(lambda *_args: self._update_summary())
        self.field_groups[comparison.field] = group
        self.field_buttons[comparison.field] = buttons
        return row + (2 if BOTH in buttons else 1)

    def _add_plain_row(self, grid: QGridLayout, row: int, comparison) -> int:
        grid.addWidget(self._field_label(comparison.label), row, 0)
        for column, side, text in ((1, LEFT, comparison.survivor_text),
                                   (2, RIGHT, comparison.merged_text)):
            grid.addWidget(_ValueLabel(text, self.contacts[side].get(COUNTRY.name)), row, column)
        return row + 1

    # State ------------------------------------------------------------------------------------

    def survivor_side(self) -> str:
        """``'left'`` or ``'right'``: the record that is kept."""
        return LEFT if self.keep_buttons[LEFT].isChecked() else RIGHT

    def choose(self, field: str, side: str) -> None:
        """Pick *side* (``'left'``, ``'right'`` or ``'both'``) for *field* (for tests and keyboard users)."""
        self.field_buttons[field][side].setChecked(True)

    def keep(self, side: str) -> None:
        """Keep the *side* record (the other one is merged into it)."""
        self.keep_buttons[side].setChecked(True)

    def choices(self) -> dict[str, str]:
        """The picks as ``merge_contacts`` takes them: relative to the kept record."""
        survivor = self.survivor_side()
        result = {}
        for field, buttons in self.field_buttons.items():
            side = next(s for s, b in buttons.items() if b.isChecked())
            result[field] = "both" if side == BOTH else ("survivor" if side == survivor else "merged")
        return result

    def _update_summary(self) -> None:
        survivor = self.survivor_side()
        other = RIGHT if survivor == LEFT else LEFT
        self.summary.setText(_(
            "{other} will be merged into {kept}: its history moves over and it leaves the "
            "contact list. Undo is available afterwards.").format(
                other=self.contacts[other][DISPLAY_NAME.name],
                kept=self.contacts[survivor][DISPLAY_NAME.name]))

    # Merging -----------------------------------------------------------------------------------

    def accept(self) -> None:
        survivor = self.survivor_side()
        other = RIGHT if survivor == LEFT else LEFT

        def merged(merge_id: str) -> None:
            self.merge_id = merge_id
            self.contacts_merged.emit(merge_id, self.ids[survivor], self.ids[other])
            QDialog.accept(self)

        def refused(exc: BaseException) -> None:
            QMessageBox.warning(self, _("Cannot merge"), op.describe_failure(exc))

        self._ops.run(op.merge_contacts, self.ids[survivor], self.ids[other], choices=self.choices(), toast=True, on_done=merged, on_error=refused)
