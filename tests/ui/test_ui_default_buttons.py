"""Return presses the default button of the merge, duplicates and QR dialogs after it has lost the focus."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from ui_helpers import add_person, operations_on


def press_return_after_focus_left(qtbot, dialog, button, editor, via=None):
    """*via* (the default button itself) had the focus, the user went to *editor* and pressed Return.

    True when the default *button* was clicked.
    """
    clicked = []
    button.clicked.connect(lambda *_args: clicked.append(True))
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    (via or button).setFocus()
    editor.setFocus()
    assert dialog.focusWidget() is editor
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    return bool(clicked)


def test_return_merges_after_the_merge_button_lost_the_focus(qtbot, gui_db):
    from ui.dialogs.merge_dialog import MergeDialog

    first = add_person(gui_db, "Wei Zhang", emails=["wei@foshan.cn"])
    second = add_person(gui_db, "Zhang Wei", emails=["wei@foshan.cn"])
    dialog = MergeDialog(operations_on(gui_db), first, second)
    qtbot.addWidget(dialog)
    radio = next(iter(dialog.keep_buttons.values()))
    assert press_return_after_focus_left(qtbot, dialog, dialog.merge_button, radio)
    assert dialog.result() == dialog.DialogCode.Accepted


def test_return_compares_after_the_compare_button_lost_the_focus(qtbot, gui_db, monkeypatch):
    from ui.dialogs.duplicates_dialog import DuplicatesDialog
    from ui.dialogs.merge_dialog import MergeDialog

    add_person(gui_db, "Anna Müller", emails=["anna@weber.de"])
    add_person(gui_db, "Anna Schmidt", emails=["anna@weber.de"])
    dialog = DuplicatesDialog(operations_on(gui_db))
    qtbot.addWidget(dialog)
    dialog.pairs_table.selectRow(0)
    assert dialog.compare_button.isEnabled()
    compared = []
    monkeypatch.setattr(MergeDialog, "exec", lambda merge: compared.append(merge) or 0)
    assert press_return_after_focus_left(qtbot, dialog, dialog.compare_button, dialog.pairs_table)
    assert compared and dialog.isVisible()  # Return compared; it did not close the dialog


def test_return_opens_a_photo_after_the_open_button_lost_the_focus(qtbot, runner, monkeypatch):
    from ui.dialogs import qr_dialogs

    monkeypatch.setattr(qr_dialogs, "choose_open_file", lambda *args, **kwargs: "")
    dialog = qr_dialogs.ReadQrDialog(runner, camera_available=False)
    qtbot.addWidget(dialog)
    dialog.drop_area.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    cancel = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Cancel)
    assert press_return_after_focus_left(qtbot, dialog, dialog.open_button, dialog.drop_area, via=cancel)
    assert dialog.isVisible()  # Return opened a photo; it did not cancel
