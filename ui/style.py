"""The look of Fairmate: one light palette and stylesheet, and the stage colours.

Widgets opt in to a style by object name or a ``role`` property (e.g.
``role="primary"`` on a button), so the look lives here and not in the
widget code.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

ACCENT = "#2563eb"
ACCENT_DARK = "#1d4ed8"
ACCENT_SOFT = "#e8efff"
TEXT = "#1f2933"
MUTED = "#667085"
BORDER = "#e1e5eb"
WINDOW = "#f6f7f9"
SURFACE = "#ffffff"
SIDEBAR = "#eef1f6"
DANGER = "#c62828"
DANGER_SOFT = "#fdecea"
WARNING = "#b45309"
SUCCESS = "#15803d"

# Background and text colour of each relationship stage's pill.
STAGE_COLORS = {
    "met": ("#e0ecff", "#1e4fa8"),
    "rapport": ("#dcf5ef", "#0f6b58"),
    "trial_order": ("#fff1d6", "#8a5200"),
    "partner": ("#dff3e1", "#1d6b2a"),
    "dormant": ("#eceff3", "#4b5563"),
    "lost": ("#fde4e4", "#9b1c1c"),
}


def stage_colors(stage: str | None) -> tuple[QColor, QColor]:
    """(background, text) colours of a stage's pill."""
    background, text = STAGE_COLORS.get(stage or "", ("#eceff3", "#4b5563"))
    return QColor(background), QColor(text)


ASSETS = Path(__file__).resolve().parent / "assets"
_DOWN = (ASSETS / "chevron-down.svg").as_posix()
_UP = (ASSETS / "chevron-up.svg").as_posix()

STYLESHEET = f"""
QMainWindow, QDialog {{ background: {WINDOW}; }}
QWidget {{ color: {TEXT}; }}
QToolTip {{ background: {TEXT}; color: white; border: none; padding: 4px 6px; }}

/* Sidebar */
#sidebarPanel {{ background: {SIDEBAR}; border-right: 1px solid {BORDER}; }}
#sidebarBrand {{ font-size: 17pt; font-weight: 700; color: {ACCENT_DARK}; padding: 4px 6px; }}
#sidebarTagline {{ color: {MUTED}; padding: 0 6px 8px 6px; }}
#sidebarFooter {{ color: {MUTED}; padding: 8px; }}
QListWidget#sidebar {{ background: transparent; border: none; outline: 0; font-size: 11pt; }}
QListWidget#sidebar::item {{ padding: 8px 10px; margin: 1px 6px; border-radius: 8px; color: {TEXT}; }}
QListWidget#sidebar::item:hover {{ background: #e2e7ef; }}
QListWidget#sidebar::item:selected {{ background: {SURFACE}; color: {ACCENT_DARK};
    border: 1px solid {BORDER}; }}

/* Page headers */
#pageHeader {{ background: {SURFACE}; border-bottom: 1px solid {BORDER}; }}
#pageTitle {{ font-size: 18pt; font-weight: 700; }}
#pageSubtitle {{ color: {MUTED}; }}
#sectionTitle {{ font-size: 12pt; font-weight: 700; margin-top: 6px; }}
#sectionCount {{ color: {MUTED}; }}
#mutedLabel, QLabel[role="muted"] {{ color: {MUTED}; }}
QLabel[role="error"] {{ color: {DANGER}; font-size: 9pt; }}
QLabel[role="overdue"] {{ color: {DANGER}; font-weight: 600; }}
QLabel[role="success"] {{ color: {SUCCESS}; }}

/* Cards */
QFrame[role="card"] {{ background: {SURFACE}; border: 1px solid {BORDER}; border-radius: 10px; }}
QFrame[role="card"][overdue="true"] {{ border: 1px solid #f3b4b4; background: #fffafa; }}
QFrame[role="item"] {{ background: {SURFACE}; border: 1px solid {BORDER}; border-radius: 8px; }}
QFrame[role="item"]:hover {{ border-color: #b9c6dc; }}
QFrame[role="item"][overdue="true"] {{ border-left: 4px solid {DANGER}; background: #fffafa; }}
QFrame[role="emptyState"] {{ background: transparent; border: 1px dashed {BORDER}; border-radius: 8px; }}
QFrame[role="item"][past="true"] QLabel {{ color: #98a2b3; }}
QLabel#tileValue {{ font-size: 20pt; font-weight: 700; }}
QLabel#badgeMain {{ font-size: 12pt; font-weight: 700; }}
QLabel#tileValue[alert="true"], QLabel#badgeMain[alert="true"] {{ color: {DANGER}; }}
QFrame#timelineEntry {{ border: none; border-left: 2px solid #cbd5e1; }}
QLabel[role="chip"] {{ background: #eef2f7; color: #334155; border-radius: 10px; padding: 2px 9px; }}
QLabel[role="avatar"] {{ background: {ACCENT_SOFT}; color: {ACCENT_DARK}; border-radius: 28px;
    font-size: 17pt; font-weight: 700; }}
QLabel#detailName {{ font-size: 18pt; font-weight: 700; }}
QLabel#detailNative {{ font-size: 15pt; color: #374151; }}
QLabel#detailRomanization {{ color: {MUTED}; }}

/* A book that can only be read (damaged, read-only media) */
QLabel#readOnlyBanner {{ background: #fdecea; color: #8a1c12; border-bottom: 1px solid #f5c2bd;
    padding: 8px 24px; }}

/* Etiquette */
QLabel#etiquetteBanner {{ background: #fff8e6; color: #7a4b00; border-bottom: 1px solid #f3dfb5;
    padding: 6px 24px; font-size: 9pt; }}
#etiquetteCountries {{ background: {WINDOW}; }}
QListWidget#etiquetteCountryList {{ background: {SURFACE}; border: 1px solid {BORDER}; border-radius: 8px;
    outline: 0; font-size: 10.5pt; }}
QListWidget#etiquetteCountryList::item {{ padding: 5px 8px; border-radius: 5px; margin: 1px 3px; }}
QListWidget#etiquetteCountryList::item:selected {{ background: {ACCENT_SOFT}; color: {ACCENT_DARK}; }}
QListWidget#etiquetteCountryList::item:hover:!selected {{ background: #f2f5f9; }}
QLabel#etiquetteCountry {{ font-size: 20pt; font-weight: 700; }}
QLabel#etiquetteSummary {{ font-size: 11.5pt; color: #344054; }}
QLabel#etiquetteText, QLabel#tipText, QLabel#adviceText {{ font-size: 10.5pt; }}
QLabel#adviceLabel {{ font-weight: 600; color: #344054; }}
QLabel#adviceLabel[large="true"] {{ color: #9a4b00; }}
QLabel#tipDo {{ color: {SUCCESS}; font-size: 12pt; font-weight: 700; min-width: 18px; }}
QLabel#tipDont {{ color: {DANGER}; font-size: 12pt; font-weight: 700; min-width: 18px; }}

/* Inputs */
QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QDateEdit, QDateTimeEdit, QSpinBox {{
    background: {SURFACE}; border: 1px solid #cfd6df; border-radius: 6px; padding: 4px 6px;
    selection-background-color: {ACCENT}; }}
QLineEdit:focus, QPlainTextEdit:focus, QComboBox:focus, QDateEdit:focus, QDateTimeEdit:focus,
QSpinBox:focus {{ border: 1px solid {ACCENT}; }}
QLineEdit[invalid="true"], QPlainTextEdit[invalid="true"], QComboBox[invalid="true"],
QDateEdit[invalid="true"], QDateTimeEdit[invalid="true"] {{ border: 1px solid {DANGER}; background: {DANGER_SOFT}; }}
QComboBox, QDateEdit, QDateTimeEdit {{ padding-right: 24px; }}
QComboBox::drop-down, QDateEdit::drop-down, QDateTimeEdit::drop-down {{ subcontrol-origin: padding;
    subcontrol-position: center right; width: 22px; border: none; }}
QComboBox::down-arrow, QDateEdit::down-arrow, QDateTimeEdit::down-arrow {{ image: url({_DOWN});
    width: 12px; height: 12px; }}
QComboBox QAbstractItemView {{ background: {SURFACE}; border: 1px solid {BORDER};
    selection-background-color: {ACCENT_SOFT}; selection-color: {TEXT}; outline: 0; }}
QSpinBox {{ padding-right: 20px; }}
QSpinBox::up-button, QSpinBox::down-button {{ subcontrol-origin: border; width: 18px; border: none; }}
QSpinBox::up-button {{ subcontrol-position: top right; }}
QSpinBox::down-button {{ subcontrol-position: bottom right; }}
QSpinBox::up-arrow {{ image: url({_UP}); width: 10px; height: 10px; }}
QSpinBox::down-arrow {{ image: url({_DOWN}); width: 10px; height: 10px; }}
QLineEdit#searchBox {{ padding: 7px 10px; font-size: 11pt; border-radius: 8px; }}

/* Buttons */
QPushButton {{ background: {SURFACE}; border: 1px solid #cfd6df; border-radius: 6px; padding: 5px 12px; }}
QPushButton:hover {{ background: #f2f5f9; }}
QPushButton:pressed {{ background: #e6ebf2; }}
QPushButton:disabled {{ color: #a0a8b4; }}
QPushButton[role="primary"], QPushButton:default {{ background: {ACCENT}; color: white; border: 1px solid {ACCENT}; }}
QPushButton[role="primary"]:hover, QPushButton:default:hover {{ background: {ACCENT_DARK}; }}
QPushButton[role="primary"]:disabled, QPushButton:default:disabled {{ background: #a9bff0;
    border-color: #a9bff0; color: #f3f6fd; }}
QPushButton[role="danger"] {{ color: {DANGER}; }}
QPushButton[role="danger"]:hover {{ background: {DANGER_SOFT}; border-color: #f3b4b4; }}
QPushButton[role="link"] {{ background: transparent; border: none; color: {ACCENT}; padding: 2px 4px; }}
QPushButton[role="link"]:hover {{ text-decoration: underline; }}
QPushButton[role="small"] {{ padding: 2px 10px; }}

/* Table */
QTableView {{ background: {SURFACE}; border: 1px solid {BORDER}; border-radius: 8px;
    gridline-color: transparent; alternate-background-color: #fafbfc;
    selection-background-color: {ACCENT_SOFT}; selection-color: {TEXT}; }}
QTableView::item {{ padding: 0 6px; border: none; }}
QTableView#contactTable {{ outline: 0; }}
QHeaderView::section {{ background: {SURFACE}; color: {MUTED}; border: none;
    border-bottom: 1px solid {BORDER}; padding: 6px 8px; font-weight: 600; }}

QScrollArea {{ border: none; background: transparent; }}
QScrollBar:vertical {{ background: transparent; width: 12px; margin: 0; }}
QScrollBar:horizontal {{ background: transparent; height: 12px; margin: 0; }}
QScrollBar::handle:vertical {{ background: #cdd3dc; border-radius: 4px; min-height: 32px; margin: 2px 3px; }}
QScrollBar::handle:horizontal {{ background: #cdd3dc; border-radius: 4px; min-width: 32px; margin: 3px 2px; }}
QScrollBar::handle:hover {{ background: #aab3c0; }}
QScrollBar::add-line, QScrollBar::sub-line {{ width: 0; height: 0; border: none; background: none; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: none; }}
QScrollArea > QWidget > QWidget {{ background: transparent; }}
QWidget#qt_scrollarea_viewport {{ background: transparent; }}
QSplitter::handle {{ background: {WINDOW}; }}
QTabWidget::pane {{ border: 1px solid {BORDER}; border-radius: 8px; background: {SURFACE}; top: -1px; }}
QTabBar::tab {{ padding: 6px 14px; border: 1px solid transparent; border-bottom: none; color: {MUTED}; }}
QTabBar::tab:selected {{ background: {SURFACE}; border-color: {BORDER}; border-top-left-radius: 6px;
    border-top-right-radius: 6px; color: {TEXT}; }}
QStatusBar {{ background: {SURFACE}; border-top: 1px solid {BORDER}; color: {MUTED}; }}
QStatusBar QLabel {{ color: {MUTED}; padding: 0 8px; }}
QProgressBar {{ border: none; background: #eceff3; border-radius: 4px; height: 8px; text-align: center; }}
QProgressBar::chunk {{ background: {SUCCESS}; border-radius: 4px; }}
QProgressBar[level="fair"]::chunk {{ background: #d97706; }}
QProgressBar[level="poor"]::chunk {{ background: {DANGER}; }}
QCheckBox {{ spacing: 8px; }}
QDialogButtonBox {{ dialogbuttonbox-buttons-have-icons: 0; }}
"""


def apply_style(app: QApplication, set_style: bool = True) -> None:
    """Give *app* the Fusion style (unless already chosen), Fairmate's light palette and stylesheet."""
    if set_style:
        app.setStyle("Fusion")
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor(WINDOW))
    palette.setColor(QPalette.ColorRole.Base, QColor(SURFACE))
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor("#fafbfc"))
    palette.setColor(QPalette.ColorRole.Text, QColor(TEXT))
    palette.setColor(QPalette.ColorRole.WindowText, QColor(TEXT))
    palette.setColor(QPalette.ColorRole.ButtonText, QColor(TEXT))
    palette.setColor(QPalette.ColorRole.Button, QColor(SURFACE))
    palette.setColor(QPalette.ColorRole.Highlight, QColor(ACCENT))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("white"))
    palette.setColor(QPalette.ColorRole.Link, QColor(ACCENT))
    palette.setColor(QPalette.ColorRole.PlaceholderText, QColor("#98a2b3"))
    app.setPalette(palette)
    app.setStyleSheet(STYLESHEET)


def repolish(widget) -> None:
    """Re-apply the stylesheet after a dynamic property (``invalid``, ``overdue``) changed."""
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)
    widget.update()
