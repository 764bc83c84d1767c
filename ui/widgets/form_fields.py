"""Input widgets the dialogs share: optional dates, country and zone pickers, a contact picker,
and ``field_editor``, the input for a contact field by its declared type (core.book.fields).

Every field editor has ``field_value()`` (what core's ``add_contact`` takes) and
``set_field_value(value, resolved=None)`` (a stored value; *resolved* is the row a
reference points to, as ``get_contact`` gives it).
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate, QDateTime, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (QCheckBox, QComboBox, QCompleter, QDateEdit, QDateTimeEdit,
                               QHBoxLayout, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget)

from core.book import fields as f
from core.i18n import _
from ui.formatting import apply_date_format
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
        apply_date_format(self.editor, with_time=with_time)  # as the app writes dates, in the user's locale
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


    def field_value(self) -> str:
        """The stored form: ISO date or datetime (to the second), '' when unchecked."""
        value = self.value()
        if isinstance(value, datetime):
            value = value.replace(microsecond=0)
        return value.isoformat() if value else ""

    def set_field_value(self, value, resolved=None) -> None:
        self.set_value(value)


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

    def field_value(self) -> str:
        return self.code()

    def set_field_value(self, value, resolved=None) -> None:
        if value:
            self.set_code(value)


class TimeZoneComboBox(SearchableComboBox):
    """Every time zone, named by its city and country ("Los Angeles — United States"), never its id.

    ``zone()`` gives the IANA id; suggestions (``add_suggestion``: the fair's city, the
    partner's, home) come first. A zone id typed by hand is accepted as it is.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        from core.book.times import list_zone_places
        from ui.formatting import names_locale

        self._suggested = 0
        self.addItem("", "")
        for zone, place in list_zone_places(names_locale()):
            self.addItem(place, zone)
        self.lineEdit().setPlaceholderText(_("Type a city, e.g. Shanghai"))

    def add_suggestion(self, zone: str, label: str) -> None:
        """Put *zone* near the top as *label* (``Las Vegas (CES)``, ``Berlin (home)``), once."""
        for row in range(1, 1 + self._suggested):
            if self.itemData(row) == zone:
                return
        self._suggested += 1
        self.insertItem(self._suggested, label, zone)
        if self._suggested == 1:
            self.insertSeparator(2)

    def zone(self) -> str:
        """The IANA id of the zone chosen, or what was typed when it names none ('' when blank)."""
        text = self.currentText().strip()
        if not text:
            return ""
        if self.currentIndex() > 0 and self.itemText(self.currentIndex()) == text:
            return self.itemData(self.currentIndex()) or ""
        index = self.findText(text, Qt.MatchFlag.MatchFixedString)
        if index > 0 and self.itemData(index):
            return self.itemData(index)
        matches = {self.itemData(row) for row in range(1, self.count()) if self.itemData(row)
                   and self.itemText(row).split(" — ")[0].split(" (")[0].casefold() == text.casefold()}
        return matches.pop() if len(matches) == 1 else text

    def set_zone(self, zone: str | None) -> None:
        """Show *zone* (blank clears); a zone not in the list is added under its city's name."""
        if not zone:
            self.setCurrentIndex(0)
            return
        index = self.findData(zone)
        if index < 0:
            from core.book.times import zone_info
            from ui.formatting import zone_place

            if zone_info(zone) is None:
                self.setEditText(zone)
                return
            self.addItem(zone_place(zone), zone)
            index = self.count() - 1
        self.setCurrentIndex(index)

    def field_value(self) -> str:
        return self.zone()

    def set_field_value(self, value, resolved=None) -> None:
        if value:
            self.set_zone(value)


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

    def field_value(self) -> str | None:
        return self.contact_id()

    def set_field_value(self, value, resolved=None) -> None:
        if value and resolved:
            self.set_contact(value, resolved[f.DISPLAY_NAME.name])

    def unresolved(self) -> bool:
        """True when text is typed but no contact is chosen from the list."""
        return bool(self.text().strip()) and self.contact_id() is None

    def _search(self, text: str) -> None:
        from core.book.search import search_contacts

        self._results.clear()
        self._contact_id = None
        if len(text.strip()) < 1:
            return
        for found in search_contacts(self._db, text, limit=20):
            if found["id"] == self._exclude_id:
                continue
            label = found[f.DISPLAY_NAME.name]
            native = found.get(f.NATIVE_NAME.name)
            if native and native != label:
                label += f"  {native}"
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



# Field editors by type ------------------------------------------------------------------------

class TextFieldEdit(QLineEdit):
    """One line of text."""

    def field_value(self) -> str:
        return self.text()

    def set_field_value(self, value, resolved=None) -> None:
        self.setText("" if value is None else str(value))


class LongTextEdit(QPlainTextEdit):
    """Paragraphs (notes)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTabChangesFocus(True)
        self.setMinimumHeight(120)

    def field_value(self) -> str:
        return self.toPlainText()

    def set_field_value(self, value, resolved=None) -> None:
        self.setPlainText(value or "")


class WordListEdit(QLineEdit):
    """A list of words on one line, separated by commas (tags, languages)."""

    def field_value(self) -> list[str]:
        return split_entries(self.text(), ",;")

    def set_field_value(self, value, resolved=None) -> None:
        self.setText(", ".join(value or []))


class ChoiceComboBox(ScrollSafeComboBox):
    """One of a field's choices, each shown by its text."""

    def __init__(self, choices: list[tuple[str, str]], parent: QWidget | None = None):
        super().__init__(parent)
        for value, text in choices:
            self.addItem(text, value)

    def field_value(self) -> str | None:
        return self.currentData()  # "" for the "not set" entry: core stores no value

    def set_field_value(self, value, resolved=None) -> None:
        self.setCurrentIndex(max(self.findData(value or ""), 0))


class CompanyEdit(TextFieldEdit):
    """A company by name, completed from the book's companies (core finds or adds it)."""

    def __init__(self, db, parent: QWidget | None = None):
        super().__init__(parent)
        from core.book.contacts import list_companies

        completer = QCompleter([c["name"] for c in list_companies(db)], self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.setCompleter(completer)

    def set_field_value(self, value, resolved=None) -> None:
        self.setText((resolved or {}).get("name", ""))


class EventComboBox(ChoiceComboBox):
    """A trade fair from the book's events, or none."""

    def __init__(self, db, parent: QWidget | None = None):
        from core.book.events import list_events

        choices = [("", _("— no event —"))]
        for event in list_events(db):
            # The event's own city and year, not the contact's.
            place = ", ".join(p for p in (event.get("city"), (event.get("starts_on") or "")[:4]) if p)
            choices.append((event["id"], f"{event['name']} ({place})" if place else event["name"]))
        super().__init__(choices, parent)

    def field_value(self) -> str | None:
        return self.currentData() or None


# Labels offered for entries by the field's type; any other label can be typed.
ENTRY_LABELS = {f.EMAILS.type: ("work", "home"), f.PHONES.type: ("mobile", "work", "home", "fax"),
                f.URLS.type: ("work", "home", "blog"),
                # The networks salespeople are found on across the fairs we serve.
                f.SOCIAL_PROFILES.type: ("linkedin", "xing", "wechat", "whatsapp", "line", "kakaotalk",
                                         "x", "facebook", "instagram", "weibo")}


class EntryListEdit(QWidget):
    """Entries with a label (emails, phones, websites…): one row each, a blank row to add one.

    ``field_value()`` is ``[{"value", "label"}]`` without blank rows; ``set_field_value``
    takes such entries or plain strings (shown with their ``display`` form when they have one).
    """

    def __init__(self, field, placeholder: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self._labels = ENTRY_LABELS.get(field.type, ())
        self._placeholder = placeholder
        self._rows: list[tuple[QWidget, QComboBox, QLineEdit]] = []
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(4)
        self._add_row()

    def _add_row(self, value: str = "", label: str = "") -> None:
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.setSpacing(6)
        combo = ScrollSafeComboBox()
        combo.setEditable(True)
        combo.addItems(["", *(f.entry_label_text(key) for key in self._labels)])  # stored in English
        combo.setEditText(f.entry_label_text(label))
        combo.setMinimumContentsLength(7)
        combo.setToolTip(_("Label, e.g. work"))
        combo.lineEdit().setPlaceholderText(_("label"))
        edit = QLineEdit(value)
        edit.setPlaceholderText(self._placeholder)
        edit.textEdited.connect(self._grow)
        line.addWidget(combo)
        line.addWidget(edit, 1)
        self._column.addWidget(row)
        self._rows.append((row, combo, edit))

    def _grow(self, _text: str = "") -> None:
        # Typing in the last row opens a blank one below it.
        if self._rows[-1][2].text().strip():
            self._add_row()

    def value_edits(self) -> list[QLineEdit]:
        """The value inputs, one per row (the last is blank)."""
        return [edit for _row, _combo, edit in self._rows]

    def field_value(self) -> list[dict]:
        return [{"value": edit.text().strip(), "label": f.entry_label_key(combo.currentText())}
                for _row, combo, edit in self._rows if edit.text().strip()]

    def set_field_value(self, value, resolved=None) -> None:
        while self._rows:
            row = self._rows.pop()[0]
            self._column.removeWidget(row)
            row.deleteLater()
        for entry in value or []:
            entry = entry if isinstance(entry, dict) else {"value": str(entry)}
            self._add_row(entry.get("display") or entry.get("value", ""), entry.get("label") or "")
        self._add_row()


def field_editor(field, db, *, placeholder: str = "", multiline: bool = False,
                 choices: list[tuple[str, str]] | None = None,
                 exclude_contact_id: str | None = None) -> QWidget | None:
    """The input for *field* by its type; None for types typed nowhere (addresses, photo…).

    *choices*: an ENUM's (value, text) pairs (default: its declared choices as they are).
    """
    kind = field.type
    if kind in f.ENTRY_TYPES:
        return EntryListEdit(field, placeholder)
    if kind in (f.TEXT_LIST, f.LANGUAGE_LIST):
        editor = WordListEdit()
    elif kind == f.ENUM:
        return ChoiceComboBox(choices or [(c, c) for c in field.choices])
    elif kind == f.COUNTRY.type:
        return CountryComboBox()
    elif kind == f.TIME_ZONE:
        return TimeZoneComboBox()
    elif kind in (f.DATE, f.DATETIME):
        return OptionalDateField(placeholder or _("Date"), with_time=kind == f.DATETIME)
    elif kind == f.REFERENCE:
        if field.references == "companies":
            editor = CompanyEdit(db)
        elif field.references == "events":
            return EventComboBox(db)
        else:
            return ContactPickerEdit(db, exclude_id=exclude_contact_id)
    elif kind in (f.TEXT, f.BIRTHDAY.type, f.GEO):
        editor = LongTextEdit() if multiline else TextFieldEdit()
    else:
        return None
    if placeholder:
        editor.setPlaceholderText(placeholder)
    return editor
