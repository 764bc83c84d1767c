"""Input widgets the dialogs share: optional dates, country and zone pickers, a contact picker."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate, QDateTime, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (QCheckBox, QComboBox, QCompleter, QDateEdit, QDateTimeEdit,
                               QHBoxLayout, QLineEdit, QWidget)

from core.i18n import _
from ui.widgets.common import ScrollSafeComboBox

ContactIdRole = Qt.ItemDataRole.UserRole + 1


def split_entries(text: str, separators: str = ",;\n") -> list[str]:
    """Split what the user typed into a list: one entry per line or comma."""
    for separator in separators[1:]:
        text = text.replace(separator, separators[0])
    return [part.strip() for part in text.split(separators[0]) if part.strip()]


class OptionalDateField(QWidget):
    """A date (or date and time) that may be left out: a checkbox enables the editor."""

    changed = Signal()

    def __init__(self, check_text: str, *, with_time: bool = False, checked: bool = False,
                 parent: QWidget | None = None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.check = QCheckBox(check_text)
        self.editor = QDateTimeEdit() if with_time else QDateEdit()
        self.editor.setCalendarPopup(True)
        self.editor.setDisplayFormat("yyyy-MM-dd HH:mm" if with_time else "yyyy-MM-dd")
        if with_time:
            self.editor.setDateTime(QDateTime.currentDateTime())
        else:
            self.editor.setDate(QDate.currentDate())
        self._with_time = with_time
        layout.addWidget(self.check)
        layout.addWidget(self.editor, 1)
        self.check.toggled.connect(self.editor.setEnabled)
        self.check.toggled.connect(self.changed)
        self.check.setChecked(checked)
        self.editor.setEnabled(checked)

    def value(self) -> date | datetime | None:
        """The chosen date (or aware local datetime), or None when unchecked."""
        if not self.check.isChecked():
            return None
        if self._with_time:
            return self.editor.dateTime().toPython().astimezone()
        return self.editor.date().toPython()

    def set_value(self, value: date | datetime | str | None) -> None:
        """Show *value*; None unchecks the box."""
        if value in (None, ""):
            self.check.setChecked(False)
            return
        if isinstance(value, str):
            value = datetime.fromisoformat(value) if self._with_time else date.fromisoformat(value[:10])
        if self._with_time:
            local = value.astimezone() if isinstance(value, datetime) and value.tzinfo else value
            self.editor.setDateTime(QDateTime(local))
        else:
            self.editor.setDate(QDate(value.year, value.month, value.day))
        self.check.setChecked(True)


class SearchableComboBox(ScrollSafeComboBox):
    """An editable combo box whose completer matches anywhere in the text ("berl" → Europe/Berlin)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(16)
        completer = QCompleter(self.model(), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)


class CountryComboBox(SearchableComboBox):
    """Countries by name in the display locale; ``code()`` gives the ISO code (or what was typed)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        from ui.formatting import country_choices

        self.addItem("", "")
        for code, name in country_choices():
            self.addItem(name, code)
        self.lineEdit().setPlaceholderText(_("Type a country, e.g. Japan"))
        self.setCurrentIndex(0)

    def code(self) -> str:
        """The ISO code of the chosen country; free text when it matches no entry."""
        text = self.currentText().strip()
        index = self.findText(text, Qt.MatchFlag.MatchFixedString)
        if index >= 0:
            return self.itemData(index) or ""
        return text

    def set_code(self, code: str | None) -> None:
        """Select the country with ISO *code* (blank clears)."""
        index = self.findData((code or "").upper()) if code else 0
        if index >= 0:
            self.setCurrentIndex(index)
        else:
            self.setEditText(code or "")


class TimeZoneComboBox(SearchableComboBox):
    """Every IANA time zone; the text is the zone name."""

    _zones: list[str] | None = None

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        if TimeZoneComboBox._zones is None:
            from zoneinfo import available_timezones

            TimeZoneComboBox._zones = sorted(z for z in available_timezones()
                                             if "/" in z and not z.startswith(("Etc/", "SystemV/")))
        self.addItem("")
        self.addItems(TimeZoneComboBox._zones)
        self.lineEdit().setPlaceholderText(_("e.g. Asia/Shanghai"))

    def zone(self) -> str:
        """The zone name typed or chosen ('' when blank)."""
        return self.currentText().strip()

    def set_zone(self, zone: str | None) -> None:
        """Show *zone* (blank clears)."""
        index = self.findText(zone or "")
        if index >= 0:
            self.setCurrentIndex(index)
        else:
            self.setEditText(zone or "")


class ContactPickerEdit(QLineEdit):
    """Pick a contact by typing any part of their name, in any script; ``contact_id()`` says who."""

    contact_chosen = Signal(str)

    def __init__(self, db, parent: QWidget | None = None, exclude_id: str | None = None):
        super().__init__(parent)
        self._db = db
        self._exclude_id = exclude_id
        self._contact_id: str | None = None
        self._chosen_text = ""
        self._results = QStandardItemModel(self)
        self._completer = QCompleter(self._results, self)
        # The search already matched pinyin, kana and diacritics: show every result as is.
        self._completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(self._completer)
        self._completer.activated.connect(self._choose_text)
        self.setPlaceholderText(_("Search contacts by name, company…"))
        self.setClearButtonEnabled(True)
        self.textEdited.connect(self._search)

    def contact_id(self) -> str | None:
        """The chosen contact's id, or None when nothing (or free text) is chosen."""
        return self._contact_id if self.text() == self._chosen_text else None

    def set_contact(self, contact_id: str | None, text: str = "") -> None:
        """Show an already chosen contact."""
        self._contact_id = contact_id
        self._chosen_text = text if contact_id else ""
        self.setText(text)

    def _search(self, text: str) -> None:
        from core.book.search import search_contacts

        self._results.clear()
        self._contact_id = None
        if len(text.strip()) < 1:
            return
        for found in search_contacts(self._db, text, limit=20):
            if found["id"] == self._exclude_id:
                continue
            label = found["display_name"]
            if found.get("native_name") and found["native_name"] != label:
                label += f"  {found['native_name']}"
            if found.get("company"):
                label += f" · {found['company']}"
            item = QStandardItem(label)
            item.setData(found["id"], ContactIdRole)
            self._results.appendRow(item)
        self._completer.complete()

    def _choose_text(self, text: str) -> None:
        for row in range(self._results.rowCount()):
            item = self._results.item(row)
            if item.text() == text:
                self._contact_id = item.data(ContactIdRole)
                self._chosen_text = text
                self.contact_chosen.emit(self._contact_id)
                return

