"""The profile's new questions: warning signs, pain, past insoles and shoe size, and the notes they show."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from catalog_app.model.profile import FootProfile
from catalog_app.model.red_flags import red_flag_note
from catalog_app.model.vocabulary import RedFlag
from ui.finder.profile_pane import ProfilePane
from ui.finder.profile_questions import WrappedCheckBox

FULL = FootProfile(
    arch="flat",
    red_flags=("numbness-tingling", "child-heel-pain"),
    severity="severe",
    tried_off_the_shelf=True,
    unusual_foot_shape=True,
    shoe_size="US W11.5",
)


def make_pane(qtbot: QtBot) -> ProfilePane:
    pane = ProfilePane()
    qtbot.addWidget(pane)
    pane.resize(320, 1400)
    pane.show()
    qtbot.waitExposed(pane)
    return pane


def tick_words(qtbot: QtBot, box: WrappedCheckBox) -> None:
    """Click the words, as most people do; the box ticks."""
    qtbot.mouseClick(box.text, Qt.MouseButton.LeftButton, pos=QPoint(10, 5))


@pytest.mark.parametrize("flag", [flag.value for flag in RedFlag])
def test_each_warning_sign_ticks_into_the_profile(qtbot: QtBot, flag: str) -> None:
    pane = make_pane(qtbot)
    with qtbot.waitSignal(pane.profileChanged) as signal:
        tick_words(qtbot, pane.red_flags.box(flag))
    assert signal.args[0].red_flags == (flag,)
    with qtbot.waitSignal(pane.profileChanged) as signal:
        qtbot.mouseClick(pane.red_flags.box(flag).box, Qt.MouseButton.LeftButton, pos=QPoint(6, 6))
    assert signal.args[0].red_flags == ()


def test_warning_signs_are_plain_words_that_wrap_in_a_narrow_pane(qtbot: QtBot) -> None:
    pane = make_pane(qtbot)
    for flag in RedFlag:
        box = pane.red_flags.box(flag.value)
        assert box.text.textFormat() == Qt.TextFormat.PlainText
        assert box.box.accessibleName() == box.text.text()
        assert box.text.geometry().right() <= pane.width()  # wrapped, not cut off at the pane's edge


def test_pain_past_insoles_and_foot_shape_fill_the_profile(qtbot: QtBot) -> None:
    pane = make_pane(qtbot)
    with qtbot.waitSignal(pane.profileChanged) as signal:
        pane.pain.severity.setCurrentIndex(pane.pain.severity.findData("severe"))
    assert signal.args[0].severity == "severe"
    tick_words(qtbot, pane.pain.tried_off_the_shelf)
    with qtbot.waitSignal(pane.profileChanged) as signal:
        tick_words(qtbot, pane.pain.unusual_foot_shape)
    profile = signal.args[0]
    assert profile.tried_off_the_shelf and profile.unusual_foot_shape and profile.custom_worth_asking


@pytest.mark.parametrize(
    ("system", "number", "expected"),
    [("EU", 43, "EU 43"), ("UK", 9, "UK 9"), ("US M", 10, "US M10"), ("US W", 11.5, "US W11.5")],
)
def test_shoe_size_is_a_system_and_a_number(qtbot: QtBot, system: str, number: float, expected: str) -> None:
    pane = make_pane(qtbot)
    entry = pane.shoe_size
    assert pane.profile().shoe_size == "" and entry.number.text() == "Not set"
    entry.system.setCurrentIndex(entry.system.findData(system))
    entry.number.setFocus()
    entry.number.selectAll()
    qtbot.keyClicks(entry.number, f"{number:g}")
    with qtbot.waitSignal(pane.profileChanged) as signal:
        qtbot.keyClick(entry.number, Qt.Key.Key_Return)
    assert signal.args[0].shoe_size == expected


def test_set_profile_shows_every_new_answer_and_round_trips(qtbot: QtBot) -> None:
    pane = make_pane(qtbot)
    pane.set_profile(FULL)
    assert pane.profile() == FULL
    assert pane.shoe_size.system.currentText() == "US women's" and pane.shoe_size.number.value() == 11.5
    assert pane.red_flags.box("child-heel-pain").isChecked()
    pane.clear_profile()
    assert pane.profile() == FootProfile()
    assert not pane.red_flags.checked() and pane.pain.severity.currentText() == "Not set"


def test_a_saved_size_that_cannot_be_read_says_so(qtbot: QtBot) -> None:
    pane = make_pane(qtbot)
    pane.set_profile(FootProfile(shoe_size="size ten"))
    assert pane.message.isVisible() and "size ten" in pane.message.text()
    assert pane.shoe_size.number.text() == "Not set"


# ---- the notes in the main window ------------------------------------------------------------


@pytest.mark.parametrize("flag", [flag.value for flag in RedFlag])
def test_each_ticked_sign_shows_its_note_above_the_results_and_in_the_details(window: Any, flag: str) -> None:
    pane = window.profile_pane
    pane.red_flags.box(flag).setChecked(True)
    note = red_flag_note(flag)
    banner = window.results.red_flags
    assert banner.isVisible() and len(banner.texts()) == 1
    assert note.text in banner.texts()[0]
    assert banner.geometry().bottom() < window.results.stack.geometry().top()  # above the results
    assert window.results.stack.currentWidget() is window.table and window.model.rowCount() > 0  # results stay
    window.table.selectRow(0)
    assert note.text in window.detail_pane.browser.toPlainText()
    pane.red_flags.box(flag).setChecked(False)
    assert not banner.isVisible()
    assert note.text not in window.detail_pane.browser.toPlainText()


def test_the_urgent_note_comes_first_and_stands_out(window: Any) -> None:
    window.profile_pane.set_profile(
        FootProfile(red_flags=("numbness-tingling", "back-pain-leg-weakness-bladder"), concerns=("lower-back-pain",))
    )
    labels = window.results.red_flags.labels
    assert [label.objectName() for label in labels] == ["urgentNote", "redFlagNote"]
    assert labels[0].text().startswith("Urgent: ") and labels[0].font().bold()
    assert labels[0].textFormat() == Qt.TextFormat.PlainText
    window.table.selectRow(0)
    details = window.detail_pane.browser.toPlainText()
    assert details.index("Urgent: ") < details.index("Numbness")


def test_the_longer_profile_still_fits_its_dock_without_sideways_scrolling(window: Any) -> None:
    window.profile_dock.raise_()
    area = window.profile_dock.widget()
    assert area.widget() is window.profile_pane
    assert not area.horizontalScrollBar().isVisible()
    assert window.profile_pane.concerns.box("balance").toolTip().startswith("Balance / steadiness")
