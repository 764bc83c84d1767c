"""Partner dossiers as PDF (reportlab platypus): one partner, or a day's meetings in one file.

A dossier is a one-to-three page briefing to read or print before a meeting:
who the partner is (name in their script and its romanization, form of
address), the meeting in the fair's and the home time zone, how we met and the
trust path, stage and history, promises both ways, follow-ups, recent notes, a
suggested agenda with open items first, what to mind about their country's
etiquette, and key phrases in their language. Labels, dates and numbers are in
the dossier's language (gettext + babel); names and phrases keep their script
(``core.pdf_text``).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Callable, Iterable

from babel.dates import format_date, format_time
from babel.numbers import format_percent
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (BaseDocTemplate, Frame, Image, KeepTogether, PageBreak,
                                PageTemplate, Paragraph, Spacer, Table, TableStyle)

from core.book.contacts import get_contact
from core.book.fields import PHRASE_GENDER
from core.book.romanize import name_romanization
from core.book.settings import DISPLAY_LOCALE, get_setting
from core.book.times import date_locale_for, format_zoned_time, parse_utc, zone_city, zone_info
from core.book.validation import country_name, language_name
from core.content.etiquette import etiquette_card_for_contact
from core.content.phrase_forms import list_phrase_forms
from core.content.phrase_labels import phrasebook_language_name, reader_phrasebook
from core.content.phrasebooks import get_phrase, list_key_phrases, load_phrasebooks, phrase_language_for_contact
from core.dossier.data import DossierData, collect_dossier, list_dossier_meetings
from core.dossier.etiquette_section import EtiquetteSection
from core.dossier.fonts import arabic_face_for, cjk_variant_for, load_pdf_fonts
from core.dossier.text import BidiParagraph, shorten_cell_text, widest_word
from core.i18n import language_own_name, shipped_languages, translation_for
from core.store.files import write_file_atomically

INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#5f6b7a")
ACCENT = colors.HexColor("#1d4e89")
ALERT = colors.HexColor("#b42318")
RULE = colors.HexColor("#d5dbe3")
SHADE = colors.HexColor("#f2f5f9")
PAGE_MARGIN = 16 * mm
CELL_PADDING = 6  # reportlab's default right padding of a table cell, in points
MAX_LABEL_WIDTH = 60 * mm  # a label column grows for long words up to a third of the page


class DossierCancelled(Exception):
    """Raised when the user cancels a batch while it is being made."""


@dataclass
class DossierResult:
    """What was written: where, how many partners and pages, and any script left without a font."""

    path: str | None
    partners: int
    pages: int
    size: int
    missing_fonts: list[str]
    data: bytes | None = None  # the PDF itself when no output was given


def _styles() -> dict[str, ParagraphStyle]:
    fonts = load_pdf_fonts()
    regular, bold = fonts.font_for("latin"), fonts.font_for("latin", bold=True)
    base = ParagraphStyle("body", fontName=regular, fontSize=9.5, leading=13, textColor=INK)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10.5, textColor=MUTED),
        "name": ParagraphStyle("name", parent=base, fontName=bold, fontSize=20, leading=25),
        "native": ParagraphStyle("native", parent=base, fontSize=17, leading=23),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=10.5, leading=14, textColor=MUTED),
        "h2": ParagraphStyle("h2", parent=base, fontName=bold, fontSize=11.5, leading=15,
                             textColor=ACCENT, spaceBefore=9, spaceAfter=3),
        "cell": ParagraphStyle("cell", parent=base, fontSize=9, leading=12),
        "label": ParagraphStyle("label", parent=base, fontSize=8, leading=12, textColor=MUTED),
        "phrase": ParagraphStyle("phrase", parent=base, fontSize=12, leading=16),
        "kicker": ParagraphStyle("kicker", parent=base, fontSize=7.5, leading=10, textColor=ACCENT),
        "pill": ParagraphStyle("pill", parent=base, fontName=bold, fontSize=8.5, leading=11,
                               textColor=colors.white, alignment=1),
        "cover_title": ParagraphStyle("cover_title", parent=base, fontName=bold, fontSize=22, leading=28),
        "footer": ParagraphStyle("footer", parent=base, fontSize=7.5, leading=9, textColor=MUTED),
        "footer_right": ParagraphStyle("footer_right", parent=base, fontSize=7.5, leading=9, textColor=MUTED,
                                       alignment=TA_RIGHT),
        "right": ParagraphStyle("right", parent=base, fontSize=8, leading=10, textColor=MUTED,
                                alignment=TA_RIGHT),
    }


class _Writer(EtiquetteSection):
    """Builds the flowables of dossiers in one language, for one document."""

    def __init__(self, language: str, cjk_default: str = "zh-Hans", date_locale: str | None = None):
        self.language = language or "en"
        self.locale = self.language.replace("-", "_")
        # Dates and times as the app writes them (core.book.times.date_pattern), in the dossier's language.
        self.date_locale = date_locale_for(self.language, date_locale)
        self.tr = translation_for(self.language)
        self.styles = _styles()
        self.cjk = cjk_default
        self.arabic: str | None = None  # "urdu" for a Pakistani or Urdu-speaking partner; None: by letters

    # Text helpers ---------------------------------------------------------------

    def text(self, value: str, style: str = "body", **kwargs) -> BidiParagraph:
        if style != "body":  # every other style is set in a table cell (the header, lists, facts)
            value = shorten_cell_text(value or "", 600 if self.styles[style].fontSize < 10 else 200)
        return BidiParagraph(value or "", self.styles[style], cjk=kwargs.pop("cjk", self.cjk),
                             arabic=kwargs.pop("arabic", self.arabic), **kwargs)

    def heading(self, title: str) -> Paragraph:
        return self.text(title, "h2", bold=True)

    def date(self, value: date | str | None) -> str:
        if not value:
            return ""
        if isinstance(value, str):
            value = date.fromisoformat(value[:10])
        return format_date(value, "medium", locale=self.date_locale)

    def moment(self, value: datetime, city: str | None = None, home_zone: str | None = None) -> str:
        """Date and time where it happens, named by its city: "23 Nov 2026, 09:00 Shanghai";
        with *home_zone*, home time after it ("· 03:00 Berlin (home)") or "Berlin (home)" when it is home."""
        zone = getattr(value.tzinfo, "key", None)
        return format_zoned_time(value, zone, home_zone, locale=self.date_locale,
                                 names_locale=self.locale, city=city, with_date=True, tr=self.tr.gettext)

    def local(self, stored: str, zone: str) -> datetime:
        """A stored UTC time in *zone* (where it happened); UTC when the zone is unknown."""
        return parse_utc(stored).astimezone(zone_info(zone) or timezone.utc)

    def facts_table(self, rows: list[tuple[str, object]], widths=(34 * mm, None)) -> Table:
        rows = [(label, value) for label, value in rows if value]
        cells = [[self.text(label, "label"), value if not isinstance(value, str) else self.text(value, "cell")]
                 for label, value in rows]
        if not cells:
            return Spacer(0, 0)
        table = Table(cells, colWidths=[self.label_width([label for label, _value in rows], widths[0]),
                                        *widths[1:]], hAlign="LEFT")
        table.setStyle(_table_style([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                                   ("TOPPADDING", (0, 0), (-1, -1), 1)]))
        return table

    def label_width(self, labels: list[str], designed: float) -> float:
        """*designed*, or wider when a label has a longer word ("Empfohlen", "Vermeiden"): words never break."""
        style = self.styles["label"]
        needed = widest_word(labels, style.fontSize, cjk=self.cjk) + CELL_PADDING
        return min(max(designed, needed), MAX_LABEL_WIDTH)

    # Labels in the dossier's language ------------------------------------------

    def stage_label(self, stage: str | None) -> str:
        _ = self.tr.gettext
        return {"met": _("Met"), "rapport": _("In talks"), "trial_order": _("Trial order"),
                "partner": _("Partner"), "dormant": _("Dormant"), "lost": _("Lost")}.get(stage or "", stage or "")

    def kind_label(self, kind: str) -> str:
        _ = self.tr.gettext
        return {"meeting": _("Meeting"), "call": _("Call"), "email": _("Email"), "note": _("Note"),
                "message": _("Message"), "visit": _("Visit")}.get(kind, kind)

    # The sections ---------------------------------------------------------------

    def header(self, data: DossierData) -> list:
        _ = self.tr.gettext
        contact = data.contact
        company = contact.get("company") or {}
        kicker = _("Partner dossier · prepared {date}").format(date=self.date(data.today))
        lines = [self.text(kicker.upper(), "kicker"), self.text(contact["display_name"], "name")]
        native = contact.get("native_name")
        if native and native != contact["display_name"]:
            lines.append(self.text(native, "native", keep_alignment=True))
        romanization = name_romanization(contact)
        if romanization:
            lines.append(self.text(romanization, "subtitle"))
        work = " · ".join(part for part in (contact.get("job_title"), company.get("name")) if part)
        if work:
            lines.append(self.text(work, "subtitle"))
        if company.get("native_name"):
            lines.append(self.text(company["native_name"], "subtitle", keep_alignment=True))
        if contact.get("form_of_address"):
            lines.append(self.text(_("Address as: {form}").format(form=contact["form_of_address"]),
                                   "body", bold=True))
        stage = self.stage_label(contact.get("stage"))
        pill = Table([[self.text(stage, "pill", bold=True)]])
        pill.setStyle(_table_style([("BACKGROUND", (0, 0), (-1, -1), ACCENT),
                                    ("LEFTPADDING", (0, 0), (-1, -1), 6), ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                                    ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]))
        side = [pill]
        photo = _photo(contact.get("photo"))
        if photo is not None:
            side = [photo, Spacer(0, 4), pill]
        table = Table([[lines, side]], colWidths=[None, 32 * mm])
        table.setStyle(_table_style([("VALIGN", (0, 0), (-1, -1), "TOP"), ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                                     ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                     ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                     ("LINEBELOW", (0, 0), (-1, 0), 1.2, ACCENT),
                                     ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]))
        return [table]

    def meeting_box(self, data: DossierData) -> list:
        _ = self.tr.gettext
        meeting = data.meeting
        if not meeting:
            return []
        fair, home = meeting["fair_time"], meeting["home_time"]
        rows = [(_("Meeting"), self.moment(fair, meeting.get("fair_city"))),
                (_("At home"), self.moment(home, home_zone=data.home_time_zone) if home.utcoffset() != fair.utcoffset()
                 or home.tzinfo.key != fair.tzinfo.key else ""),
                (_("Where"), " · ".join(p for p in (meeting.get("place"), meeting.get("event")) if p)),
                (_("Duration"), _("{minutes} minutes").format(minutes=meeting["duration_minutes"])),
                (_("Holidays"), self.holidays_near(data.contact.get("country"), fair.date()))]
        box = Table([[self.facts_table(rows, widths=(26 * mm, None))]], colWidths=["100%"])
        box.setStyle(_table_style([("BACKGROUND", (0, 0), (-1, -1), SHADE),
                                 ("BOX", (0, 0), (-1, -1), 0.6, ACCENT),
                                 ("LEFTPADDING", (0, 0), (-1, -1), 8),
                                 ("TOPPADDING", (0, 0), (-1, -1), 6),
                                 ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
        return [Spacer(0, 6), box]

    def profile(self, data: DossierData) -> list:
        _ = self.tr.gettext
        contact = data.contact
        place = ", ".join(p for p in (contact.get("city"), country_name(contact.get("country"), self.locale)
                                      if contact.get("country") else None) if p)
        languages = ", ".join(language_name(code, self.locale) for code in contact.get("languages") or [])
        phones = "\n".join(p.get("display") or p["value"] for p in contact.get("phones") or [])
        emails = "\n".join(e["value"] for e in contact.get("emails") or [])
        stage = self.stage_label(contact.get("stage"))
        if data.stage_history:
            stage += " · " + _("since {date}").format(date=self.date(data.stage_history[-1]["changed_at"]))
        rows = [(_("Based in"), place), (_("Time zone"), zone_city(contact.get("time_zone"), self.locale)),
                (_("Languages"), languages), (_("Phone"), phones), (_("Email"), emails),
                (_("Stage"), stage), (_("Promises kept"), self.promise_line(data))]
        return [self.heading(_("Profile")), self.facts_table(rows)]

    def promise_line(self, data: DossierData) -> str:
        _ = self.tr.gettext
        parts = []
        for side, label in (("us", _("by us")), ("them", _("by them"))):
            summary = data.promises.get(side) or {}
            if summary.get("share") is not None:
                parts.append(_("{share} {side} ({kept} of {due})").format(
                    share=format_percent(summary["share"], locale=self.locale), side=label,
                    kept=summary["kept"], due=summary["due"]))
        return " · ".join(parts)

    def how_we_met(self, data: DossierData) -> list:
        _ = self.tr.gettext
        contact = data.contact
        event = contact.get("met_event") or {}
        met = " · ".join(p for p in (event.get("name"), contact.get("met_booth") and
                                     _("booth {booth}").format(booth=contact["met_booth"]),
                                     self.date(contact.get("met_on"))) if p)
        introducer = (contact.get("introduced_by") or {}).get("display_name") or contact.get(
            "introduced_by_org")
        trust = (_("Via an intermediary: trust borrowed from who introduced you")
                 if contact.get("trust_path") == "intermediary" else _("Direct: trust built by you"))
        rows = [(_("Met"), met), (_("Introduced by"), introducer or ""), (_("Trust path"), trust)]
        return [self.heading(_("How we met")), self.facts_table(rows)]

    def agenda(self, data: DossierData) -> list:
        _ = self.tr.gettext
        if not data.agenda:
            return []
        templates = {
            "planned": _("Planned: {text}"),
            "ask_overdue": _("Ask about (overdue): {text}"),
            "ask": _("Ask about: {text}"),
            "report_overdue": _("Report on our promise (overdue): {text}"),
            "report": _("Report on our promise: {text}"),
            "follow_up": _("Follow up: {text}"),
        }
        rows = []
        for number, (kind, value) in enumerate(data.agenda, start=1):
            if kind == "next_stage":
                line = _("Next step: agree what would move the relationship to “{stage}”").format(
                    stage=self.stage_label(value))
            elif kind == "follow_up" and value.casefold().startswith(("follow up", "follow-up")):
                line = value  # "Follow up: Follow up after the fair" says it twice
            else:
                line = templates[kind].format(text=value)
            rows.append([self.text(f"{number}.", "cell"),
                         self.text(line, "cell", bold=kind.endswith("_overdue"))])
        table = Table(rows, colWidths=[7 * mm, None], hAlign="LEFT")
        table.setStyle(_table_style([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 2)]))
        return [self.heading(_("Suggested agenda")), table]

    def commitments(self, data: DossierData) -> list:
        _ = self.tr.gettext
        if not data.commitments:
            return []
        header = [self.text(t, "label")
                  for t in (_("Promise"), _("Owed by"), _("Due"))]
        rows = [header]
        overdue_rows = []
        for index, item in enumerate(data.commitments, start=1):
            overdue = bool(item["due_on"] and item["due_on"] < data.today.isoformat())
            if overdue:
                overdue_rows.append(index)
            rows.append([self.text(item["description"], "cell"),
                         self.text(_("Us") if item["owed_by"] == "us" else _("Them"), "cell"),
                         self.text(self.date(item["due_on"]) + (" · " + _("overdue") if overdue else ""),
                                   "cell")])
        table = Table(rows, colWidths=[None, 22 * mm, 38 * mm], hAlign="LEFT", repeatRows=1)
        style = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LINEBELOW", (0, 0), (-1, 0), 0.5, RULE),
                 ("LEFTPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]
        style += [("TEXTCOLOR", (0, r), (-1, r), ALERT) for r in overdue_rows]
        table.setStyle(_table_style(style))
        return [self.heading(_("Open promises")), table]

    def follow_ups(self, data: DossierData) -> list:
        _ = self.tr.gettext
        if not data.follow_ups:
            return []
        now_text = data.now.isoformat()
        lines = []
        for item in data.follow_ups:
            due = self.local(item["due_at"], item.get("time_zone") or data.home_time_zone)
            city = data.fair_cities.get(item.get("time_zone"))
            label = self.moment(due, city, home_zone=data.home_time_zone) + (
                " · " + _("overdue") if item["due_at"] < now_text else "")
            lines.append((label, item.get("reason") or _("Follow up")))
        return [self.heading(_("Follow-ups")), self.facts_table(lines, widths=(64 * mm, None))]

    def history(self, data: DossierData) -> list:
        _ = self.tr.gettext
        flow = []
        if len(data.stage_history) > 1:
            steps = " → ".join(f"{self.stage_label(row['stage'])} ({self.date(row['changed_at'])})"
                               for row in data.stage_history)
            flow += [self.heading(_("Stage history")), self.text(steps)]
        if data.interactions:
            rows = [(f"{self.date(self.local(item['occurred_at'], item.get('time_zone') or data.home_time_zone))}"
                     f" · {self.kind_label(item['kind'])}",
                     item["summary"]) for item in data.interactions]
            flow += [self.heading(_("Recent interactions")), self.facts_table(rows, widths=(40 * mm, None))]
        return flow

    def notes(self, data: DossierData) -> list:
        _ = self.tr.gettext
        notes = data.contact.get("notes")
        return [self.heading(_("Notes")), self.text(notes)] if notes else []

    def _language_label(self, code: str, book) -> str:
        return phrasebook_language_name(book or code, self.locale)

    def phrases(self, data: DossierData) -> list:
        _ = self.tr.gettext
        language = phrase_language_for_contact(data.contact)
        if not language:
            return []
        library = load_phrasebooks()
        book = library.languages.get(language)
        reader = reader_phrasebook(library, self.language)  # its wording replaces the English meanings
        # Phrases in our own language (a partner from home, or who speaks the reader's language) teach nothing.
        if language == reader or (book and data.home_country and book.countries[:1] == [data.home_country]):
            return []
        # Every phrase the catalog marks for dossiers, as the partner's country card adjusts them
        # (no toast where alcohol is illegal).
        card = etiquette_card_for_contact(data.contact)
        phrases = list_key_phrases(language, limit=None, exclude=card.excluded_phrases if card else (),
                                   add=card.added_phrases if card else ())
        if not phrases:
            return []
        cjk = cjk_variant_for(data.contact.get("country"), language)
        rows, both_shown = [], False
        for phrase in phrases:
            ours = get_phrase(reader, phrase.key) if reader else None
            meaning = ours.text if ours else phrase.english
            forms = list_phrase_forms(phrase, speaker=data.my_phrase_gender,
                                      listener=data.contact.get(PHRASE_GENDER.name))
            both_shown = both_shown or len(forms) > 1
            for label, form in forms:
                rows.append([self.text(form.text, "phrase", cjk=cjk, arabic=arabic_face_for(form.text, language)),
                             self.text(_spoken(form), "small"),
                             self.text(f"{meaning} ({_(label)})" if label else meaning, "small")])
        table = Table(rows, colWidths=[None, 52 * mm, 48 * mm], hAlign="LEFT")
        table.setStyle(_table_style([("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                   ("LINEBELOW", (0, 0), (-1, -2), 0.4, RULE),
                                   ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                   ("TOPPADDING", (0, 0), (-1, -1), 3),
                                   ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
        title = _("Key phrases in {language}").format(language=self._language_label(language, book))
        flow = [self.heading(title), table]
        if both_shown:
            flow.append(self.text(_("Some phrases change with who speaks or listens: both forms are printed. "
                                    "Set the partner's gender for phrases (and yours in Preferences) to "
                                    "print one."), "small"))
        return [KeepTogether(flow)]

    def story(self, data: DossierData) -> list:
        """All flowables of one partner's dossier."""
        self.cjk = cjk_variant_for(data.contact.get("country"),
                                   (data.contact.get("languages") or [None])[0])
        urdu = arabic_face_for("", (data.contact.get("languages") or [None])[0], data.contact.get("country"))
        self.arabic = "urdu" if urdu == "urdu" else None
        # What is about this person comes first; country and language advice after.
        flow = self.header(data) + self.meeting_box(data)
        flow += self.agenda(data) + self.notes(data) + self.profile(data) + self.how_we_met(data)
        flow += self.commitments(data) + self.follow_ups(data)
        flow += self.etiquette(data)
        flow += self.phrases(data)
        flow += self.history(data)
        return flow

    def batch_title(self, day: date | None) -> str:
        _ = self.tr.gettext
        return (_("Meetings on {date}").format(date=format_date(day, "full", locale=self.date_locale))
                if day else _("Partner dossiers"))

    def cover(self, items: list[tuple[dict, DossierData]], day: date | None) -> list:
        _ = self.tr.gettext
        flow = [self.text(self.batch_title(day), "cover_title", bold=True)]
        meetings = [meeting for meeting, _data in items if meeting]
        events = {m.get("event") for m in meetings if m.get("event")}
        if len(events) == 1:  # one fair: say it once, not on every row
            flow.append(self.text(events.pop(), "subtitle"))
        flow.append(Spacer(0, 8))
        home_zone = items[0][1].home_time_zone if items else None
        heads = (_("At the fair"), _("At home"), _("Partner"), _("Where"))
        rows = [[self.text(t, "label") for t in heads]]
        for meeting, data in items:
            when = home = where = ""
            if meeting:
                fair_time = meeting["fair_time"]
                when = "{time}\n{zone}".format(
                    time=format_time(fair_time, "short", tzinfo=fair_time.tzinfo, locale=self.date_locale),
                    zone=_("{minutes} min").format(minutes=meeting["duration_minutes"]))
                home_time = meeting["home_time"]
                home = format_time(home_time, "short", tzinfo=home_time.tzinfo, locale=self.date_locale)
                if home_time.date() != fair_time.date():
                    home = format_date(home_time.date(), "EEE", locale=self.date_locale) + " " + home
                where = meeting.get("place") or ""
                if len({m.get("event") for m in meetings}) > 1 and meeting.get("event"):
                    where = " · ".join(p for p in (where, meeting["event"]) if p)
            contact = data.contact
            company = (contact.get("company") or {}).get("name") or ""
            native = contact.get("native_name") if contact.get("native_name") != contact["display_name"] else ""
            who = "\n".join(p for p in (contact["display_name"] + (f"  {native}" if native else ""), company) if p)
            rows.append([self.text(when, "cell"), self.text(home, "cell"), self.text(who, "cell"),
                         self.text(where, "cell")])
        table = Table(rows, colWidths=[22 * mm, 22 * mm, None, 52 * mm], hAlign="LEFT", repeatRows=1)
        table.setStyle(_table_style([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                     ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                                     ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                     ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]))
        flow.append(table)
        if home_zone:
            flow += [Spacer(0, 6), self.text(_("Home time: {zone}").format(zone=zone_city(home_zone, self.locale)),
                                             "small")]
        return flow


def _table_style(commands: list) -> TableStyle:
    # Tables draw with Helvetica unless told otherwise, which would be the one unembedded font.
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), load_pdf_fonts().font_for("latin"))] + list(commands))


def _photo(value) -> Image | None:
    if not value:
        return None
    raw = bytes(value) if not isinstance(value, str) else None
    if raw is None:
        return None
    try:
        image = Image(io.BytesIO(raw), width=28 * mm, height=28 * mm, kind="proportional")
        image.hAlign = "RIGHT"
        return image
    except Exception:  # a damaged photo must not stop the dossier
        return None


class _DossierDocument(BaseDocTemplate):
    """A4 pages with a footer naming the partner and the page number."""

    def __init__(self, target, writer: _Writer, title: str):
        super().__init__(target, pagesize=A4, leftMargin=PAGE_MARGIN, rightMargin=PAGE_MARGIN,
                         topMargin=PAGE_MARGIN, bottomMargin=PAGE_MARGIN + 4 * mm, title=title,
                         author="Fairmate", creator="Fairmate", invariant=1,
                         # Never Helvetica: only embedded fonts, so every system prints the same.
                         initialFontName=load_pdf_fonts().font_for("latin"))
        self.writer = writer
        self.footer_name = ""
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._footer)])

    def _footer(self, canvas, doc) -> None:
        _ = self.writer.tr.gettext
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.line(PAGE_MARGIN, PAGE_MARGIN, A4[0] - PAGE_MARGIN, PAGE_MARGIN)
        # Drawn as paragraphs, so a Japanese or Chinese footer gets its CJK face like the page does.
        width = (A4[0] - 2 * PAGE_MARGIN) / 2
        for text, style, x in ((_("Fairmate partner dossier · confidential"), "footer", PAGE_MARGIN),
                               (_("Page {page}").format(page=doc.page), "footer_right", PAGE_MARGIN + width)):
            line = self.writer.text(text, style)
            _width, height = line.wrap(width, 20)
            line.drawOn(canvas, x, PAGE_MARGIN - 4 - height)
        canvas.restoreState()


def _build(target, writer: _Writer, flow: list, title: str) -> int:
    document = _DossierDocument(target, writer, title)
    document.build(flow)
    return document.page


def _write(output, render: Callable[[io.BytesIO], int], partners: int) -> DossierResult:
    buffer = io.BytesIO()
    pages = render(buffer)
    data = buffer.getvalue()
    path = None
    if isinstance(output, (str, Path)):
        path = str(output)
        write_file_atomically(output, data)  # beside the target, then renamed: never half a PDF
    elif output is not None:
        output.write(data)
    return DossierResult(path=path, partners=partners, pages=pages, size=len(data),
                         missing_fonts=list(load_pdf_fonts().missing),
                         data=data if output is None else None)


def render_dossier(db, contact_id: str, output, *, language: str = "en", meeting_id: str | None = None,
                   now: datetime | None = None) -> DossierResult:
    """Write the dossier of one partner to *output* (a path, a binary file, or None for ``.data``).

    *language* is the reader's (labels, dates, numbers); the partner's names and
    phrases keep their own scripts.
    """
    data = collect_dossier(db, contact_id, meeting_id=meeting_id, now=now)
    writer = _Writer(language, date_locale=get_setting(db, DISPLAY_LOCALE.key))
    title = writer.tr.gettext("Dossier: {name}").format(name=data.contact["display_name"])
    return _write(output, lambda target: _build(target, writer, writer.story(data), title), 1)


def dossier_languages() -> dict[str, str]:
    """The languages a dossier can be written in: code → name in that language."""
    return {code: language_own_name(code) for code in shipped_languages()}


def render_dossier_batch(db, output, *, day: date | None = None, contact_ids: Iterable[str] = (),
                         language: str = "en", now: datetime | None = None,
                         progress: Callable[[int, int], None] | None = None,
                         is_cancelled: Callable[[], bool] | None = None) -> DossierResult:
    """Write one PDF with a cover agenda and a dossier per meeting of *day* (or per contact).

    *progress(done, total)* is called after each partner; when *is_cancelled()*
    returns True the batch stops with ``DossierCancelled`` and nothing is written.
    """
    items: list[tuple[dict | None, str, str | None]] = []
    if day is not None:
        items += [(m, m["contact_id"], m["id"]) for m in list_dossier_meetings(db, day)]
    items += [(None, contact_id, None) for contact_id in contact_ids if get_contact(db, contact_id)]
    writer = _Writer(language, date_locale=get_setting(db, DISPLAY_LOCALE.key))
    collected = []
    for done, (meeting, contact_id, meeting_id) in enumerate(items, start=1):
        if is_cancelled and is_cancelled():
            raise DossierCancelled()
        data = collect_dossier(db, contact_id, meeting_id=meeting_id, now=now)
        collected.append((data.meeting if meeting else None, data))
        if progress:
            progress(done, len(items) + 1)
    flow = writer.cover(collected, day)
    for _meeting, data in collected:
        flow += [PageBreak()] + writer.story(data)
    title = writer.batch_title(day)
    if is_cancelled and is_cancelled():
        raise DossierCancelled()
    result = _write(output, lambda target: _build(target, writer, flow, title), len(collected))
    if progress:
        progress(len(items) + 1, len(items) + 1)
    return result


def _spoken(phrase) -> str:
    """How to say *phrase*: the romanization, with the easy pronunciation under it when it adds something."""
    parts = [p for p in (phrase.romanization, phrase.pronunciation) if p]
    if len(parts) == 2 and parts[0].replace("-", "").replace(" ", "").lower() == \
            parts[1].replace("-", "").replace(" ", "").lower():
        parts = parts[:1]
    return "\n".join(parts)
