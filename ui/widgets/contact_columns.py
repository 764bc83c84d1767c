"""How wide each column of the contact table is, for the room the table has."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QTableView

from core.book.fields import STAGES, stage_label
from ui.models.contact_model import ContactTableModel as Model
from ui.widgets.delegates import StagePillDelegate

# Below this many pixels for Name, Company and Title, the Title column gives way (the pane shows it).
TITLE_NEEDS = 520
NAME_MINIMUM = 150
STAGE_MINIMUM = 104
# What Country and City are sized for: most names whole ("South Korea", "Guangzhou").
COUNTRY_SAMPLE, CITY_SAMPLE = "South Korea", "Guangzhou"


def fit_contact_columns(available: int, metrics: QFontMetrics) -> tuple[dict[int, int], bool]:
    """The widths of every column but Stage for *available* pixels, and whether Title is shown.

    Country and City as wide as their usual names, the rest to Name and Company (and Title if room);
    on a large screen every column grows.
    """
    country = metrics.horizontalAdvance(COUNTRY_SAMPLE) + 24
    city = metrics.horizontalAdvance(CITY_SAMPLE) + 24
    if max(available, 0) > 900:
        country, city = max(country, available * 13 // 100), max(city, available * 13 // 100)
    rest = available - country - city
    show_title = rest >= TITLE_NEEDS
    shares = {Model.NAME: 45, Model.COMPANY: 30, Model.TITLE: 25} if show_title else \
        {Model.NAME: 64, Model.COMPANY: 36}
    widths = {column: rest * share // 100 for column, share in shares.items()}
    widths[Model.NAME] = max(widths[Model.NAME], NAME_MINIMUM)
    widths.update({Model.COUNTRY: country, Model.CITY: city})
    return {column: max(width, 60) for column, width in widths.items()}, show_title


def stage_column_width(table: QTableView) -> int:
    """Room for the widest stage pill and the column title in the UI language (German is longer)."""
    table.ensurePolished()  # the style sheet's font, not the default one
    title = table.model().headerData(Model.STAGE, Qt.Orientation.Horizontal)
    header_font = table.horizontalHeader().font()
    # Measured once per font and title: the table asks at every resize, and each pill font is new.
    key = (table.font().key(), header_font.key(), title)
    width = _stage_widths.get(key)
    if width is None:
        pill = max(StagePillDelegate.cell_width(table.font(), stage_label(s)) for s in STAGES)
        header = QFontMetrics(header_font).horizontalAdvance(title) + 24
        width = _stage_widths[key] = max(STAGE_MINIMUM, pill, header)
    return width


_stage_widths: dict[tuple[str, str, str], int] = {}
