"""The parts of live shortlists that need no server: rows merged in place, the note editor kept,
the reconnect backoff, and the note conflict dialog's three ways out."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest
from PySide6.QtCore import QPersistentModelIndex, Qt
from PySide6.QtWidgets import QLineEdit, QTableView
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from catalog_app.shortlist.store import ShortlistItem
from ui.shortlist.note_conflict_dialog import NoteChoice, NoteConflictDialog
from ui.shortlist.note_delegate import NoteDelegate
from ui.shortlist.pending_notes import PendingNote, PendingNotes
from ui.shortlist.shortlist_model import NOT_SAVED_MARK, NOTE_COLUMN, ShortlistModel
from ui.shortlist.store_retry import Reconnect


def item(product_id: str, note: str = "", version: int = 1) -> ShortlistItem:
    return ShortlistItem(product_id, f"Insole {product_id}", "Brand", 20.0, "USD", note=note, version=version)


ITEMS = [item(letter) for letter in "abcde"]


@pytest.mark.parametrize(
    "order",
    ["abcde", "edcba", "acde", "xabcde", "bcdexy", "eab", "", "cxa"],
)
def test_new_rows_from_another_desk_are_merged_without_a_reset(qtmodeltester: ModelTester, order: str) -> None:
    model = ShortlistModel()
    model.set_items(ITEMS)
    qtmodeltester.check(model)
    followed = QPersistentModelIndex(model.index(2, 0))  # "c": where the selection or an editor would sit
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(1))
    wanted = [item(letter) for letter in order]
    model.set_items(wanted)
    assert model.product_ids() == list(order)
    assert resets == []
    if "c" in order:
        assert followed.isValid() and model.item(followed.row()).product_id == "c"
    else:
        assert not followed.isValid()
    qtmodeltester.check(model)


def test_every_reordering_of_four_rows_is_merged_correctly() -> None:
    model = ShortlistModel()
    for order in itertools.permutations("abcd"):
        model.set_items([item(letter) for letter in "abcd"])
        model.set_items([item(letter) for letter in order])
        assert model.product_ids() == list(order)


def test_a_note_being_typed_survives_a_refresh_and_carries_its_version(qtbot: QtBot) -> None:
    model = ShortlistModel()
    model.set_items(ITEMS)
    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(model)
    table.setItemDelegateForColumn(NOTE_COLUMN, NoteDelegate(table))
    table.show()
    index = model.index(1, NOTE_COLUMN)
    table.setCurrentIndex(index)
    table.edit(index)
    editor = table.findChild(QLineEdit)
    assert editor is not None
    qtbot.keyClicks(editor, "half-typed")
    # Another desk changes this very note, and adds a row above it.
    model.set_items([item("z"), *ITEMS[:1], replace(ITEMS[1], note="theirs", version=2), *ITEMS[2:]])
    assert editor.text() == "half-typed"
    edited: list[tuple[str, str, int]] = []
    model.noteEdited.connect(lambda *args: edited.append(args))
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the view commits on its next event
    qtbot.waitUntil(lambda: bool(edited), timeout=1000)
    # Saved against version 1, the one the user started from: the store will see the clash.
    assert edited == [("b", "half-typed", 1)]


def test_a_note_not_saved_yet_is_marked_in_its_cell() -> None:
    model = ShortlistModel()
    model.set_items(ITEMS)
    model.set_pending({"b": "call back Tuesday"})
    index = model.index(1, NOTE_COLUMN)
    assert model.data(index) == "call back Tuesday" + NOT_SAVED_MARK
    assert model.data(index, Qt.ItemDataRole.EditRole) == "call back Tuesday"
    assert "not saved" in model.data(index, Qt.ItemDataRole.ToolTipRole).lower()
    model.set_pending({})
    assert model.data(index) == ""


def test_pending_notes_keep_the_version_they_were_written_against() -> None:
    notes = PendingNotes()
    notes.put(PendingNote("L", "a", "A", "first", 3, "stored"))
    notes.put(PendingNote("L", "a", "A", "second", 4, "newer"))
    assert notes.all() == [PendingNote("L", "a", "A", "second", 3, "stored")]
    notes.put(PendingNote("L", "a", "A", "stored", 5, "x"))  # typed back to the stored text
    assert len(notes) == 0


def test_reconnect_waits_1_2_4_8_seconds_then_at_most_30(qtbot: QtBot) -> None:
    answers = iter([False] * 8 + [True])
    reconnect = Reconnect(lambda: next(answers))
    reconnect.start()
    waits = [reconnect.delay_ms]
    for _ in range(8):
        assert not reconnect.try_now()
        assert reconnect.is_waiting()
        waits.append(reconnect.delay_ms)
    assert waits == [1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000]
    with qtbot.waitSignal(reconnect.online, timeout=100):
        assert reconnect.try_now()
    assert not reconnect.is_waiting()
    assert reconnect.delay_ms == 1000


def conflict_dialog(qtbot: QtBot) -> NoteConflictDialog:
    dialog = NoteConflictDialog("Cloudrest <b>Plus</b>", "mine: soft", "theirs: firm", None)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitExposed(dialog)
    return dialog


def test_the_conflict_dialog_shows_both_texts_plainly_and_keeps_mine(qtbot: QtBot) -> None:
    dialog = conflict_dialog(qtbot)
    assert dialog.theirs_view.toPlainText() == "theirs: firm"
    assert dialog.mine_edit.toPlainText() == "mine: soft"
    assert "<b>Plus</b>" in dialog.windowTitle()
    dialog.reject()  # Escape chooses nothing
    assert dialog.isVisible()
    with qtbot.waitSignal(dialog.finished, timeout=1000):
        dialog.mine_button.click()
    assert dialog.choice is NoteChoice.MINE
    assert dialog.text() == "mine: soft"


def test_the_conflict_dialog_uses_theirs(qtbot: QtBot) -> None:
    dialog = conflict_dialog(qtbot)
    with qtbot.waitSignal(dialog.finished, timeout=1000):
        dialog.theirs_button.click()
    assert dialog.choice is NoteChoice.THEIRS
    assert dialog.text() == "theirs: firm"


def test_the_conflict_dialog_lets_me_edit_before_keeping(qtbot: QtBot) -> None:
    dialog = conflict_dialog(qtbot)
    dialog.combine_button.click()
    assert dialog.mine_edit.toPlainText() == "mine: soft\ntheirs: firm"
    dialog.mine_edit.setPlainText("soft for work, firm for running")
    with qtbot.waitSignal(dialog.finished, timeout=1000):
        dialog.mine_button.click()
    assert dialog.text() == "soft for work, firm for running"
