"""A conflict card says which value is in the book now, and calls a value "yours" only when this device wrote it.

Seen by a newcomer: both values at "8 Dec 2026, 00:17", "Yours" and "Theirs", and no word of which
one the book holds; on a third laptop the value Ben's laptop wrote was captioned "Yours".
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from ui.widgets.sync_conflicts import MINE, THEIRS, ConflictCard


def _by(node, this_device, device):
    return {"node": node, "device": device, "this_device": this_device, "at": "2026-12-08T00:17:56+00:00"}


def _conflict(current_by, other_by, field="city"):
    return {"table": "contacts", "row_id": "c1", "name": "Zhang Wei", "field": field, "label": "City",
            "current": "Guangzhou", "current_by": current_by, "other": "Shenzhen", "other_by": other_by}


ANNA, BEN = _by("aaaa", False, "Anna's laptop"), _by("bbbb", False, "Ben's laptop")
ME = _by("mmmm", True, None)


def _card(qtbot, db, conflict):
    chosen = []
    card = ConflictCard(db, conflict, lambda *args: chosen.append(args), lambda *args: chosen.append(args))
    qtbot.addWidget(card)
    return card, chosen


def _caption(card, side):
    return card.findChild(QLabel, f"conflict{side}Caption").text()


def _value(card, side):
    return card.findChild(QLabel, f"conflict{side}").text()


def test_this_devices_value_lost_theirs_is_in_the_book_now(qtbot, gui_db):
    card, chosen = _card(qtbot, gui_db, _conflict(current_by=BEN, other_by=ME))
    assert (_caption(card, "Mine"), _value(card, "Mine")) == ("Yours", "Shenzhen")
    assert (_caption(card, "Theirs"), _value(card, "Theirs")) == ("Theirs — in the book now", "Guangzhou")
    card.keep_button.click()
    assert chosen == [("contacts", "c1", "city", MINE)]


def test_this_devices_value_won_yours_is_in_the_book_now(qtbot, gui_db):
    card, _chosen = _card(qtbot, gui_db, _conflict(current_by=ME, other_by=BEN))
    assert (_caption(card, "Mine"), _value(card, "Mine")) == ("Yours — in the book now", "Guangzhou")
    assert (_caption(card, "Theirs"), _value(card, "Theirs")) == ("Theirs", "Shenzhen")


def test_on_a_third_device_neither_value_is_called_yours(qtbot, gui_db):
    card, chosen = _card(qtbot, gui_db, _conflict(current_by=BEN, other_by=ANNA))
    assert (_caption(card, "Mine"), _value(card, "Mine")) == ("In the book now", "Guangzhou")
    assert (_caption(card, "Theirs"), _value(card, "Theirs")) == ("Set aside", "Shenzhen")
    assert (card.keep_button.text(), card.take_button.text()) == ("Keep as it is", "Take the other")
    card.take_button.click()
    card.keep_button.click()
    assert chosen == [("contacts", "c1", "city", THEIRS), ("contacts", "c1", "city", MINE)]
