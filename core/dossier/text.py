"""Text for PDFs in every script: a font for each run, Arabic and Hebrew right to left.

reportlab lays text out left to right. Thai, Devanagari and Bengali only need
shaping (harfbuzz, ``shaping=1``: conjuncts, vowel signs before or around their
consonant); Arabic and Hebrew also need the Unicode
bidirectional algorithm, which reportlab's own route (``rlbidi``) cannot give
us. So a paragraph with right-to-left letters is prepared here instead: Arabic
letters take their joined forms (arabic-reshaper), the text is wrapped into
lines at the width it is given, and each line is put in visual order
(python-bidi) before reportlab draws it unshaped. ``BidiParagraph`` does this
whenever it is wrapped, so it fits any frame or table cell. A paragraph with
Urdu letters draws all its Arabic-script letters in the Urdu (Naskh) font, so
one line never mixes two Arabic faces.
"""

from __future__ import annotations

import unicodedata
from xml.sax.saxutils import escape

import arabic_reshaper
# The pure-Python algorithm mirrors brackets; the default Rust one (0.6) does not.
from bidi.algorithm import get_display
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

from core.dossier.fonts import CJK_VARIANTS, PdfFonts, arabic_face_for, load_pdf_fonts, script_of
from core.dossier.text_direction import has_right_to_left, is_right_to_left

_CJK_SCRIPTS = {"han", "kana", "hangul"}
# A table row cannot split across pages: a taller one ends the PDF in reportlab's LayoutError.
# Free text set in a cell (a meeting note, a promise) is cut to this; the whole text stays in the app.
CELL_MAX_CHARS = 600
CELL_MAX_LINES = 10


def shorten_cell_text(text: str, max_chars: int = CELL_MAX_CHARS, max_lines: int = CELL_MAX_LINES) -> str:
    """*text* cut to *max_chars* and *max_lines* (at a space near the end, if any), ending in "…".

    >>> shorten_cell_text("one two three", max_chars=9)
    'one two…'
    """
    short = "\n".join(text.split("\n")[:max_lines])
    if len(short) > max_chars:
        short = short[:max_chars]
        space = short.rfind(" ", max_chars * 3 // 4)  # CJK has no spaces: cut where the limit is
        short = short[:space] if space > 0 else short
    return text if short == text else short.rstrip() + "…"


def _font_for_char(char: str, previous: str | None, fonts: PdfFonts, cjk: str, bold: bool,
                   arabic: str = "arabic") -> str:
    script = script_of(char)
    if script in _CJK_SCRIPTS:
        variant = {"kana": "ja", "hangul": "ko"}.get(script, cjk)
        wanted = fonts.font_for(variant)
    elif script == "latin":
        # Spaces, digits and punctuation stay in the run they sit in, so a word keeps one font.
        if previous and fonts.has_glyph(previous, char) and not char.isalpha():
            return previous
        wanted = fonts.font_for("latin", bold=bold)
    else:
        wanted = fonts.font_for(arabic if script == "arabic" else script, bold=bold)
    if wanted and fonts.has_glyph(wanted, char):
        return wanted
    others = [fonts.font_for(variant) for variant in CJK_VARIANTS] if script in _CJK_SCRIPTS else []
    for candidate in (previous, fonts.font_for("latin", bold=bold), *others, *fonts.glyphs):
        if candidate and fonts.has_glyph(candidate, char):
            return candidate
    # Symbols such as arrows and stars: the big CJK fonts have them, so load one if need be.
    for variant in CJK_VARIANTS:
        candidate = fonts.font_for(variant)
        if candidate and fonts.has_glyph(candidate, char):
            return candidate
    return wanted or fonts.font_for("latin", bold=bold)


def font_runs(text: str, *, cjk: str = "zh-Hans", bold: bool = False, fonts: PdfFonts | None = None,
              arabic: str | None = None) -> list[tuple[str, str]]:
    """Split *text* into ``(font name, text)`` runs, each drawable by its one font.

    *arabic* is the font script for Arabic letters ("arabic" or "urdu"); by default *text* decides.
    """
    fonts = fonts or load_pdf_fonts()
    arabic = arabic or arabic_face_for(text)
    runs: list[list[str]] = []
    for char in text:
        if unicodedata.category(char).startswith("M") and runs:
            runs[-1][1] += char  # a combining mark stays with its letter
            continue
        name = _font_for_char(char, runs[-1][0] if runs else None, fonts, cjk, bold, arabic)
        if runs and runs[-1][0] == name:
            runs[-1][1] += char
        else:
            runs.append([name, char])
    return [(name, chunk) for name, chunk in runs]


def to_markup(text: str, *, cjk: str = "zh-Hans", bold: bool = False, fonts: PdfFonts | None = None,
              arabic: str | None = None) -> str:
    """reportlab paragraph markup for *text* (in drawing order), every run in its own font."""
    return "".join(f'<font name="{name}">{escape(chunk)}</font>'
                   for name, chunk in font_runs(text, cjk=cjk, bold=bold, fonts=fonts, arabic=arabic))


def _width(text: str, size: float, fonts: PdfFonts, cjk: str, bold: bool, arabic: str | None = None) -> float:
    return sum(stringWidth(chunk, name, size)
               for name, chunk in font_runs(text, cjk=cjk, bold=bold, fonts=fonts, arabic=arabic))


def widest_word(texts, size: float, *, cjk: str = "zh-Hans", bold: bool = False,
                fonts: PdfFonts | None = None) -> float:
    """The width of the widest word in *texts*: a column narrower than this breaks a word in two."""
    fonts = fonts or load_pdf_fonts()
    return max((_width(word, size, fonts, cjk, bold, arabic_face_for(text)) for text in texts
                for word in text.split()), default=0.0)


def wrap_logical(text: str, width: float, size: float, *, cjk: str = "zh-Hans", bold: bool = False,
                 fonts: PdfFonts | None = None, arabic: str | None = None) -> list[str]:
    """Break *text* (logical order, Arabic already joined) into lines no wider than *width*."""
    fonts = fonts or load_pdf_fonts()
    arabic = arabic or arabic_face_for(text)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            attempt = f"{line} {word}" if line else word
            if line and _width(attempt, size, fonts, cjk, bold, arabic) > width:
                lines.append(line)
                line = word
            else:
                line = attempt
        lines.append(line)
    return lines


def visual_lines(text: str, width: float, size: float, *, cjk: str = "zh-Hans", bold: bool = False,
                 fonts: PdfFonts | None = None, arabic: str | None = None) -> tuple[list[str], bool]:
    """Lines of *text* in drawing order, and whether the paragraph runs right to left."""
    rtl = is_right_to_left(text)
    joined = arabic_reshaper.reshape(text)
    lines = wrap_logical(joined, width, size, cjk=cjk, bold=bold, fonts=fonts,
                         arabic=arabic or arabic_face_for(text))
    return [get_display(line, base_dir="R" if rtl else "L") for line in lines], rtl


def _derived_style(style: ParagraphStyle, **changes) -> ParagraphStyle:
    name = style.name + "|" + ",".join(f"{k}={v}" for k, v in sorted(changes.items()))
    return ParagraphStyle(name, parent=style, **changes)


def _needs_actual_text(text: str) -> bool:
    # Shaped clusters (Thai marks, Devanagari and Bengali conjuncts) do not map back to the characters
    # they came from; ActualText tells readers and search the truth. Not for right-to-left
    # text: its joined forms map back by themselves, and readers reorder ActualText again.
    return (any(script_of(char) in ("thai", "devanagari", "bengali") for char in text)
            and not has_right_to_left(text))


def actual_text_operator(text: str) -> str:
    """The PDF operator opening a marked-content span whose text is *text* (close it with EMC)."""
    encoded = ("\ufeff" + text).encode("utf-16-be").hex().upper()
    return f"/Span <</ActualText <{encoded}>>> BDC"


class BidiParagraph(Paragraph):
    """A Paragraph of plain text in any mix of scripts, right-to-left lines included.

    Give it plain text (not markup). Right-to-left text is re-laid out for each
    width it is wrapped to; text in shaped or right-to-left scripts carries its
    logical characters as ActualText, so copying and text extraction get them back.
    """

    def __init__(self, text: str | None, style: ParagraphStyle, bulletText=None, frags=None, *,
                 cjk: str = "zh-Hans", bold: bool = False, keep_alignment: bool = False,
                 arabic: str | None = None, **kwargs):
        if text is None:
            # A piece of a paragraph split across pages (a long note): reportlab builds it
            # from the fragments already laid out.
            self.plain_text, self.keep_alignment, self.cjk, self.bold = "", keep_alignment, cjk, bold
            self.arabic = arabic or "arabic"
            self.rtl_text, self.base_style, self.text_style = False, style, style
            super().__init__(None, style, bulletText=bulletText, frags=frags, **kwargs)
            return
        self.plain_text = text
        self.keep_alignment = keep_alignment  # e.g. a name under a left-aligned heading
        self.cjk = cjk
        self.bold = bold
        self.arabic = arabic or arabic_face_for(text)  # one Arabic face for the whole paragraph
        self.rtl_text = has_right_to_left(text)
        self.base_style = style
        changes = {"shaping": 0 if self.rtl_text else 1}
        if any(script_of(char) in _CJK_SCRIPTS for char in text):
            changes["wordWrap"] = "CJK"
        self.text_style = _derived_style(style, **changes)
        markup = to_markup(text, cjk=cjk, bold=bold, arabic=self.arabic).replace("\n", "<br/>")
        super().__init__(markup, self.text_style)

    def wrap(self, availWidth, availHeight):
        if self.rtl_text:
            lines, rtl = visual_lines(self.plain_text, availWidth - self.text_style.leftIndent
                                      - self.text_style.rightIndent, self.text_style.fontSize,
                                      cjk=self.cjk, bold=self.bold, arabic=self.arabic)
            style = self.text_style
            if rtl and style.alignment == TA_LEFT and not self.keep_alignment:
                style = _derived_style(style, alignment=TA_RIGHT)
            markup = "<br/>".join(to_markup(line, cjk=self.cjk, bold=self.bold, arabic=self.arabic)
                                  for line in lines)
            Paragraph.__init__(self, markup, style)
        return super().wrap(availWidth, availHeight)

    def drawOn(self, canvas, x, y, _sW=0):
        if not _needs_actual_text(self.plain_text):
            return super().drawOn(canvas, x, y, _sW)
        canvas._code.append(actual_text_operator(self.plain_text))
        try:
            return super().drawOn(canvas, x, y, _sW)
        finally:
            canvas._code.append("EMC")
