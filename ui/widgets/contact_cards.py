"""The cards of the contact detail pane, built from one contact (reads only).

``ContactCardsMixin`` holds the builders; ``ContactDetailView`` mixes them in
and supplies the actions they link to (tick a promise, finish a follow-up,
cancel a meeting, pick a stage).
"""

from __future__ import annotations

import html
import re
import unicodedata
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (QCheckBox, QFrame, QGridLayout, QHBoxLayout, QLabel, QProgressBar,
                               QPushButton, QSizePolicy, QVBoxLayout, QWidget)

from core.book.fields import (ADDRESS_LIST, BIRTHDAY, CITY, CONSENT_GIVEN_AT, CONSENT_METHOD, COUNTRY,
                              DATE, DATETIME, DISPLAY_NAME, EMAILS, ENTRY_TYPES, ENUM, EXTRAS,
                              FORM_OF_ADDRESS, IMAGE, INTRODUCED_BY_ORG, JOB_TITLE, LANGUAGE_LIST,
                              LANGUAGES, MET_BOOTH, MET_ON, NATIVE_NAME, PHONES, PROPERTY_LIST,
                              REFERENCE, STAGE, TEXT_LIST, TIME_ZONE_FIELD, TRUST_PATH, URLS,
                              entry_label_text, list_fields)
from core.i18n import _, ngettext
from core.book.romanize import name_romanization
from core.book.times import fair_cities
from ui.contact_layout import PANE_OWN, choice_texts, resolved_key
from ui.fonts import font_for_country
from ui.formatting import (country_display_name, format_date, format_moment, format_percent, format_zoned,
                           format_time, is_right_to_left, language_display_name, overdue_text,
                           parse_day, parse_moment, zone_city, zone_offset_text)
from ui.widgets.common import (FlowLayout, ScrollSafeComboBox, StagePillLabel, card_frame, chip_label,
                               muted_label)

def small_button(text: str, name: str, on_click) -> QPushButton:
    button = QPushButton(text)
    button.setProperty("role", "small")
    button.setObjectName(name)
    button.clicked.connect(on_click)
    return button


def detail_card(title: str | None = None) -> tuple[QFrame, QVBoxLayout]:
    return card_frame(title)


def value_label(text: str = "", *, rich: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction if rich
                                  else Qt.TextInteractionFlag.TextSelectableByMouse)
    if rich:
        label.setTextFormat(Qt.TextFormat.RichText)
    label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    return label


NON_BREAKING_HYPHEN = "\u2011"


def keep_hyphens(label: QLabel) -> None:
    """A name wraps at its spaces, never at its hyphens ("Maryam Al- / Harbi" reads as two names).

    Hyphens between letters become non-breaking ones where the label's font has that glyph.
    """
    text = label.text()
    if "-" in text and QFontMetrics(label.font()).inFontUcs4(ord(NON_BREAKING_HYPHEN)):
        label.setText(re.sub(r"(?<=\w)-(?=\w)", NON_BREAKING_HYPHEN, text))


def set_direction(label: QLabel, text: str | None, *, keep_left: bool) -> None:
    # Arabic or Hebrew text needs an RTL base direction so punctuation lands on
    # the correct side; names stay flush with the card's left edge, paragraphs
    # align right as RTL readers expect.
    if is_right_to_left(text):
        label.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        if keep_left:
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignAbsolute
                               | Qt.AlignmentFlag.AlignVCenter)


_UNSHOWN_EXTRAS = {"N", "ORG", "UID", "KIND", "LABEL", "X-ABLABEL"}


def _birthday_text(day: str) -> str:
    """A birthday in the display locale; without a year (``--05-23``) as day and month."""
    if not day.startswith("--"):
        return format_date(day)
    from datetime import date

    from babel.dates import format_skeleton

    from ui.formatting import display_locale

    try:
        return format_skeleton("MMMMd", date(2000, int(day[2:4]), int(day[5:7])), locale=display_locale())
    except ValueError:
        return day


def _extra_name(extra: dict) -> str:
    """A readable name for a vCard property kept on the contact."""
    names = {"TEL": _("Phone (unchecked)"), "EMAIL": _("Email (unchecked)"), "NICKNAME": _("Nickname"),
             "ROLE": _("Role"), "BDAY": _("Birthday (unchecked)"), "X-SOCIALPROFILE": _("Social profile"),
             "IMPP": _("Messaging"), "LANG": _("Language (unchecked)"), "TZ": _("Time zone")}
    if extra["name"] == "X-FAIRMATE-CSV":
        return (extra.get("params") or {}).get("X-COLUMN", ["CSV"])[0]
    label = (extra.get("params") or {}).get("TYPE", [])
    name = names.get(extra["name"], extra["name"].removeprefix("X-").replace("-", " ").title())
    return name + (f" ({', '.join(label)})" if label else "")


def _initials(name: str) -> str:
    first = name.strip()[:1]
    if first and not unicodedata.name(first, "").startswith(("LATIN", "CYRILLIC", "GREEK")):
        # One character for CJK (the family name, as on a business card), Arabic, Thai…
        return first
    parts = [p for p in name.replace("-", " ").split() if p[:1].isalpha()]
    if not parts:
        return name[:1].upper()
    if len(parts) == 1:
        return parts[0][:2].upper() if parts[0].isascii() else parts[0][:1]
    return (parts[0][:1] + parts[-1][:1]).upper()


def _entry_links(entries: list[dict], scheme: str) -> QLabel:
    """Entries as links, one per line, each with its label (work, mobile, linkedin…)."""
    def shown(entry: dict) -> str:
        text = html.escape(entry.get("display") or entry["value"])
        # A handle (a WeChat ID, @name) is not an address: a link would open nothing.
        if not scheme and not entry["value"].lower().startswith(("http://", "https://")):
            return text
        return f'<a href="{scheme}{html.escape(entry["value"])}">{text}</a>'

    links = "<br>".join(
        shown(e) + (f' <span style="color:#667085">{html.escape(entry_label_text(e["label"]))}</span>'
                    if e.get("label") else "")
        for e in entries)
    label = value_label(links, rich=True)
    label.setOpenExternalLinks(True)
    return label


def _address_label(address: dict) -> QLabel:
    lines = [address.get("street"), address.get("extended"), address.get("po_box"),
             " ".join(p for p in (address.get("postal_code"), address.get("city")) if p),
             address.get("region"), address.get("country")]
    text = "\n".join(line for line in lines if line)
    value = value_label(text)
    value.setObjectName("detailAddress")
    set_direction(value, text, keep_left=False)
    return value


def _fact_label(field, value) -> str:
    """The pane's name for a field (plural only when there are several)."""
    own = {EMAILS.name: ngettext("Email", "Emails", len(value)),
           PHONES.name: ngettext("Phone", "Phones", len(value)),
           URLS.name: ngettext("Website", "Websites", len(value)),
           LANGUAGES.name: _("Speaks"), EXTRAS.name: _("Other fields")}
    return own.get(field.name) or field.display_label()


def _field_display(field, value, contact: dict) -> QWidget | None:
    """A contact's value shown by its field's type (core.book.fields); None: nothing to show."""
    kind = field.type
    if kind in ENTRY_TYPES:
        return _entry_links(value, {EMAILS.type: "mailto:", PHONES.type: "tel:"}.get(kind, ""))
    if kind == LANGUAGE_LIST:
        return value_label(", ".join(language_display_name(code) for code in value))
    if kind == TEXT_LIST:
        chips = QWidget()
        flow = FlowLayout(chips)
        for word in value:
            flow.addWidget(chip_label(word))
        return chips
    if kind == PROPERTY_LIST:
        return _extras_label(value)
    if kind == REFERENCE:
        row = contact.get(resolved_key(field)) or {}
        return value_label(row.get("name") or row.get(DISPLAY_NAME.name) or value)
    text = {COUNTRY.type: country_display_name, DATE: format_date, DATETIME: format_moment,
            BIRTHDAY.type: _birthday_text,
            ENUM: lambda v: dict(choice_texts(field)).get(v, v)}.get(kind, str)(value)
    return value_label(text) if kind != IMAGE else None


def _extras_label(extras: list[dict]) -> QLabel | None:
    # Apple's and vCard's bookkeeping stays on the contact (an export writes it back) unseen.
    shown = [e for e in extras if e["name"] not in _UNSHOWN_EXTRAS and not e["name"].startswith("X-AB")]
    if not shown:
        return None
    from core.exchange.text import unescape

    kept = value_label("\n".join(f"{_extra_name(e)}: {unescape(e.get('value') or '')[:120]}"
                                  for e in shown))
    kept.setToolTip(_("Kept from the imported card; written back when you export it"))
    return kept


class _CheckLabel(QLabel):
    """Wrapping text for a checkbox; a click on it ticks the box, as the box's own text would."""

    def __init__(self, text: str, check: QCheckBox):
        super().__init__(text)
        self._check = check
        self.setWordWrap(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._check.toggle()
        super().mouseReleaseEvent(event)



class ContactCardsMixin:
    """The card builders of ``ContactDetailView`` (needs ``_db``, ``_home``, ``_contact`` and the action slots)."""

    def _header_card(self, contact: dict) -> QFrame:
        from core.book.fields import stage_label

        frame, layout = detail_card()
        top = QHBoxLayout()
        top.setSpacing(14)
        avatar = QLabel(_initials(contact[DISPLAY_NAME.name]))
        avatar.setProperty("role", "avatar")
        avatar.setFixedSize(56, 56)
        avatar.setAlignment(Qt.AlignmentFlag.AlignCenter)
        top.addWidget(avatar, 0, Qt.AlignmentFlag.AlignTop)

        names = QVBoxLayout()
        names.setSpacing(2)
        name = value_label(contact[DISPLAY_NAME.name])
        name.setObjectName("detailName")
        name.setFont(font_for_country(name.font(), contact.get(COUNTRY.name)))
        name.ensurePolished()  # the style sheet's title font decides whether the glyph is there
        keep_hyphens(name)
        set_direction(name, contact[DISPLAY_NAME.name], keep_left=True)
        names.addWidget(name)
        native = contact.get(NATIVE_NAME.name)
        if native and native != contact[DISPLAY_NAME.name]:
            native_label = value_label(native)
            native_label.setObjectName("detailNative")
            native_label.setFont(font_for_country(native_label.font(), contact.get(COUNTRY.name)))
            set_direction(native_label, native, keep_left=True)
            names.addWidget(native_label)
        romanization = name_romanization(contact)
        if romanization:
            roman = value_label(romanization)
            roman.setObjectName("detailRomanization")
            names.addWidget(roman)
        if contact.get(FORM_OF_ADDRESS.name):
            names.addWidget(value_label(_("Address as “{form}”").format(
                form=contact[FORM_OF_ADDRESS.name])))
        work = self._work_line(contact)
        if work:
            work_label = value_label(work)
            work_label.setObjectName("detailWork")
            names.addWidget(work_label)
        top.addLayout(names, 1)

        pill = StagePillLabel(contact[STAGE.name], stage_label(contact[STAGE.name]))
        pill.setObjectName("detailStagePill")
        top.addWidget(pill, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)
        return frame

    @staticmethod
    def _work_line(contact: dict) -> str:
        title = contact.get(JOB_TITLE.name) or ""
        company = (contact.get("company") or {}).get("name") or ""
        if title and company:
            return _("{title} at {company}").format(title=title, company=company)
        return title or company

    def _fact_grid(self, layout: QVBoxLayout) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(7)
        grid.setColumnStretch(1, 1)
        layout.addLayout(grid)
        return grid

    @staticmethod
    def _fact(grid: QGridLayout, label: str, value: QWidget) -> None:
        row = grid.rowCount()
        key = muted_label(label)
        key.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        key.setMinimumWidth(96)
        grid.addWidget(key, row, 0)
        grid.addWidget(value, row, 1)

    def _profile_card(self, contact: dict) -> QFrame:
        frame, layout = detail_card(_("Profile"))
        grid = self._fact_grid(layout)
        place = ", ".join(p for p in (contact.get(CITY.name), country_display_name(contact.get(COUNTRY.name))) if p)
        if place:
            self._fact(grid, _("Based in"), value_label(place))
        if contact.get(TIME_ZONE_FIELD.name):
            self._local_time_label = value_label()
            self._fact(grid, _("Local time"), self._local_time_label)
            self._update_local_time()
        # Every other field the contact has, in declaration order, shown by its type.
        for field in list_fields():
            value = contact.get(field.name)
            if field in PANE_OWN or value in (None, "", []):
                continue
            if field.type == ADDRESS_LIST:
                for address in value:
                    self._fact(grid, _("Address") + (f" ({address['label']})" if address.get("label") else ""),
                               _address_label(address))
                continue
            shown = _field_display(field, value, contact)
            if shown is not None:
                shown.setObjectName("detail" + field.name.title().replace("_", ""))
                self._fact(grid, _fact_label(field, value), shown)
        if grid.rowCount() <= 1 and grid.count() == 0:
            layout.addWidget(muted_label(_("No contact details yet: use Edit to add email, phone, "
                                           "country and languages."), wrap=True))
        return frame

    def _update_local_time(self) -> None:
        if self._local_time_label is None or self._contact is None:
            return
        zone = self._contact.get(TIME_ZONE_FIELD.name)
        try:
            now = datetime.now(timezone.utc)
            text = _("{time} · {zone} · {offset}").format(
                time=format_time(now, zone), zone=zone_city(zone),
                offset=zone_offset_text(zone, self._home, now))
        except Exception:  # noqa: BLE001 - an odd zone name must not break the card
            text = zone or ""
        self._local_time_label.setText(text)

    def _met_card(self, contact: dict) -> QFrame:
        frame, layout = detail_card(_("How we met"))
        grid = self._fact_grid(layout)
        event = contact.get("met_event")
        where = []
        if event:
            where.append(event["name"] + (f" ({event['city']})" if event.get("city") else ""))
        if contact.get(MET_BOOTH.name):
            where.append(_("booth {booth}").format(booth=contact[MET_BOOTH.name]))
        if contact.get(MET_ON.name):
            where.append(format_date(contact[MET_ON.name]))
        self._fact(grid, _("Met"), value_label(" · ".join(where) if where else _("Not recorded")))
        introducer = contact.get("introduced_by")
        if introducer:
            link = value_label(f'<a href="contact:{html.escape(introducer["id"])}">'
                                + html.escape(introducer[DISPLAY_NAME.name]) + "</a>", rich=True)
            link.setObjectName("introducerLink")
            link.linkActivated.connect(self._open_link)
            if contact.get(INTRODUCED_BY_ORG.name):
                link.setText(link.text() + " · " + html.escape(contact[INTRODUCED_BY_ORG.name]))
            self._fact(grid, _("Introduced by"), link)
        elif contact.get(INTRODUCED_BY_ORG.name):
            self._fact(grid, _("Introduced by"), value_label(contact[INTRODUCED_BY_ORG.name]))
        trust = (_("Via an intermediary — trust borrowed from who introduced you")
                 if contact.get(TRUST_PATH.name) == "intermediary"
                 else _("Direct — trust built by you"))
        self._fact(grid, _("Trust path"), value_label(trust))
        if contact.get(CONSENT_GIVEN_AT.name):
            consent = format_date(contact[CONSENT_GIVEN_AT.name])
            if contact.get(CONSENT_METHOD.name):
                consent += " · " + contact[CONSENT_METHOD.name]
            self._fact(grid, _("Consent"), value_label(consent))
        return frame

    def _relationship_card(self, contact: dict) -> QFrame:
        from core.book.activity import list_stage_history, summarize_promises
        from core.book.fields import STAGES, stage_label

        frame, layout = detail_card(_("Relationship"))
        stage_row = QHBoxLayout()
        stage_label_text = muted_label(_("Stage"))
        stage_label_text.setMinimumWidth(140)
        stage_row.addWidget(stage_label_text)
        self.stage_combo = ScrollSafeComboBox()
        self.stage_combo.setObjectName("stageCombo")
        self.stage_combo.setToolTip(_("Move this partner to another stage; the change is kept in "
                                      "the history"))
        for stage in STAGES:
            self.stage_combo.addItem(stage_label(stage), stage)
        self.stage_combo.setCurrentIndex(self.stage_combo.findData(contact[STAGE.name]))
        self.stage_combo.currentIndexChanged.connect(self._on_stage_picked)
        stage_row.addWidget(self.stage_combo)
        stage_row.addStretch(1)
        layout.addLayout(stage_row)
        shares = summarize_promises(self._db, contact["id"], time_zone=self._home)
        for side, title in (("us", _("Our promises kept")), ("them", _("Their promises kept"))):
            summary = shares[side]
            row = QHBoxLayout()
            label = muted_label(title)
            label.setMinimumWidth(140)
            row.addWidget(label)
            if summary["share"] is None:
                value = muted_label(_("nothing due yet"))
                value.setObjectName(f"promiseShare_{side}")
                row.addWidget(value, 1)
            else:
                bar = QProgressBar()
                bar.setRange(0, 100)
                bar.setValue(round(summary["share"] * 100))
                bar.setTextVisible(False)
                bar.setFixedHeight(8)
                # Green when promises are kept, amber when some slip, red when most do.
                bar.setProperty("level", "good" if summary["share"] >= 0.8 else (
                    "fair" if summary["share"] >= 0.5 else "poor"))
                row.addWidget(bar, 1)
                value = QLabel(_("{kept} of {due} · {share}").format(
                    kept=summary["kept"], due=summary["due"], share=format_percent(summary["share"])))
                value.setObjectName(f"promiseShare_{side}")
                row.addWidget(value)
            layout.addLayout(row)
        history = list_stage_history(self._db, contact["id"])
        if history:
            layout.addWidget(muted_label(_("Stage history")))
            for entry in reversed(history):
                row = QHBoxLayout()
                row.setSpacing(10)
                row.addWidget(StagePillLabel(entry[STAGE.name], entry["label"]))
                when = muted_label(format_date(entry["changed_at"]))
                row.addWidget(when)
                if entry.get("note"):
                    row.addWidget(value_label(entry["note"]), 1)
                row.addStretch(1)
                layout.addLayout(row)
        return frame

    def _promises_card(self, contact: dict) -> QFrame:
        from core.book.activity import list_commitments

        frame, layout = detail_card(_("Open promises"))
        items = list_commitments(self._db, contact["id"])
        open_items = [c for c in items if not c["done_at"]]
        today = datetime.now(ZoneInfo(self._home)).date()
        columns = QHBoxLayout()
        columns.setSpacing(18)
        for side, title in (("us", _("We owe them")), ("them", _("They owe us"))):
            column = QVBoxLayout()
            column.setSpacing(4)
            column.addWidget(muted_label(title))
            mine = [c for c in open_items if c["owed_by"] == side]
            for item in mine:
                column.addWidget(self._commitment_row(item, today))
            if not mine:
                column.addWidget(muted_label(_("Nothing open")))
            column.addStretch(1)
            columns.addLayout(column, 1)
        layout.addLayout(columns)
        kept = len(items) - len(open_items)
        if kept:
            layout.addWidget(muted_label(ngettext("{n} promise done", "{n} promises done", kept)
                                         .format(n=kept)))
        return frame

    def _commitment_row(self, item: dict, today) -> QWidget:
        box = QWidget()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(0)
        check = QCheckBox()
        check.setObjectName(f"commitment_{item['id']}")
        check.setToolTip(_("Tick when the promise is kept"))
        check.toggled.connect(lambda done, cid=item["id"]: self._toggle_commitment(cid, done))
        grid.addWidget(check, 0, 0, Qt.AlignmentFlag.AlignTop)
        # A label beside the box (not the box's own text) so long promises wrap.
        text = _CheckLabel(item["description"], check)
        grid.addWidget(text, 0, 1)
        if item["due_on"]:
            due = parse_day(item["due_on"])
            note = _("due {date}").format(date=format_date(due))
            if due < today:
                note += " · " + overdue_text(due, today)
            label = QLabel(note)
            label.setWordWrap(True)
            label.setProperty("role", "overdue" if due < today else "muted")
            grid.addWidget(label, 1, 1)
        grid.setColumnStretch(1, 1)
        return box

    def _follow_ups_card(self, contact: dict) -> QFrame:
        from core.book.activity import list_follow_ups

        frame, layout = detail_card(_("Follow-ups"))
        items = list_follow_ups(self._db, contact["id"], open_only=True)
        cities = fair_cities(self._db, contact["id"]) if items else {}
        now = datetime.now(timezone.utc)
        for item in items:
            due = parse_moment(item["due_at"])
            row = QHBoxLayout()
            texts = QVBoxLayout()
            texts.setSpacing(0)
            zone = item.get("time_zone") or self._home
            when = QLabel(format_zoned(due, zone, self._home, city=cities.get(zone), with_date=True))
            when.setWordWrap(True)
            overdue = due < now
            if overdue:
                when.setProperty("role", "overdue")
            texts.addWidget(when)
            detail = item.get("reason") or ""
            if overdue:
                detail = " · ".join(p for p in (overdue_text(due, now), detail) if p)
            if detail:
                sub = muted_label(detail, wrap=True)
                if overdue:
                    sub.setProperty("role", "overdue")
                texts.addWidget(sub)
            row.addLayout(texts, 1)
            row.addWidget(small_button(_("Done"), f"followUpDone_{item['id']}",
                                        lambda _checked=False, fid=item["id"]: self._complete_follow_up(fid)),
                          0, Qt.AlignmentFlag.AlignTop)
            layout.addLayout(row)
        if not items:
            layout.addWidget(muted_label(_("No follow-up planned. Partners read silence as "
                                           "disinterest: set one with “Set follow-up”."), wrap=True))
        return frame

    def _meetings_card(self, contact: dict) -> QFrame | None:
        from core.book.events import list_meetings

        meetings = list_meetings(self._db, contact_id=contact["id"], start=datetime.now(timezone.utc))
        if not meetings:
            return None
        frame, layout = detail_card(_("Planned meetings"))
        for meeting in meetings[:5]:
            start = parse_moment(meeting["starts_at"])
            text = format_zoned(start, meeting[TIME_ZONE_FIELD.name], self._home, city=meeting.get("fair_city"),
                                with_date=True)
            row = QHBoxLayout()
            texts = QVBoxLayout()
            texts.setSpacing(0)
            texts.addWidget(value_label(text))
            details = " · ".join(p for p in (meeting.get("event"), meeting.get("place")) if p)
            if details:
                texts.addWidget(muted_label(details, wrap=True))
            row.addLayout(texts, 1)
            row.addWidget(small_button(_("Cancel meeting"), f"meetingCancel_{meeting['id']}",
                                        lambda _checked=False, mid=meeting["id"]: self.cancel_meeting(mid)),
                          0, Qt.AlignmentFlag.AlignTop)
            layout.addLayout(row)
        return frame

    def _interactions_card(self, contact: dict) -> QFrame:
        from core.book.activity import interaction_kind_label, list_interactions

        frame, layout = detail_card(_("Recent interactions"))
        items = list_interactions(self._db, contact["id"], limit=8)
        cities = fair_cities(self._db, contact["id"]) if items else {}
        for item in items:
            entry = QFrame()
            entry.setObjectName("timelineEntry")
            row = QVBoxLayout(entry)
            row.setContentsMargins(10, 2, 0, 6)
            row.setSpacing(1)
            zone = item.get("time_zone") or self._home
            when = format_zoned(item["occurred_at"], zone, self._home, city=cities.get(zone), with_date=True)
            head = " · ".join(p for p in (interaction_kind_label(item["kind"]), when, item.get("place")) if p)
            head_label = QLabel(head)
            head_label.setWordWrap(True)
            font = QFont(head_label.font())
            font.setWeight(QFont.Weight.DemiBold)
            head_label.setFont(font)
            row.addWidget(head_label)
            summary = value_label(item["summary"])
            set_direction(summary, item["summary"], keep_left=False)
            row.addWidget(summary)
            layout.addWidget(entry)
        if not items:
            layout.addWidget(muted_label(_("Nothing logged yet.")))
        return frame
