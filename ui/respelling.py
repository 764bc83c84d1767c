"""The one-time re-spelling of an older book's names (migration 0018), off the GUI thread, said in the status bar.

At 100,000 contacts with a few thousand Hong Kong or Arabic names it takes
seconds. It starts once the first contacts are on screen and runs as one write
on the write lane, so every other write of the window waits behind it (a sync's
waits on the book's lock); the list shows the old sort order until it is done,
then reloads from the announcement.
"""

from __future__ import annotations

from PySide6.QtWidgets import QProgressBar

from core.i18n import _
from core.store.changes import OpChanges
from ui import operations as op


def is_respelling_due(db) -> bool:
    """True when the book's name spellings are stale and it can be written."""
    from core.store.derived import NAME_SPELLINGS, is_stale

    return not db.read_only and is_stale(db, NAME_SPELLINGS)


def refresh_name_spellings_in_background(window) -> bool:
    """Re-spell the names of *window*'s book on the write lane when due; True when started."""
    db = window.db
    if db is None or not is_respelling_due(db):
        return False
    bar = window.statusBar()
    busy = QProgressBar()
    busy.setObjectName("respellingProgress")
    busy.setRange(0, 0)  # no count to go by: one transaction
    busy.setMaximumWidth(120)
    busy.setTextVisible(False)
    bar.addWidget(busy)
    bar.showMessage(_("Updating how names are sorted and found (once, after an update)…"))

    def finished(_count: int) -> None:
        bar.removeWidget(busy)
        busy.deleteLater()
        bar.showMessage(_("Names are sorted and found by their updated spellings"), 10_000)
        # Derived data, not logged: announced here so the list reloads in the new order.
        window.operations.announce(OpChanges(rows={"contacts": frozenset()}))

    def failed(exc: BaseException) -> None:
        bar.removeWidget(busy)
        busy.deleteLater()
        bar.showMessage(_("Names could not be re-spelled ({error}); they are tried again at the next "
                          "start").format(error=op.describe_failure(exc)), 15_000)

    def start() -> None:
        window.operations.run(op.refresh_name_spellings, on_done=finished, on_error=failed)

    # After the first contacts are on screen: the worker would otherwise slow their first paint.
    page = getattr(window, "contacts_page", None)
    if page is not None:
        page.after_first_rows_shown(start)
    else:
        start()
    return True
