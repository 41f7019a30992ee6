"""The "Not sure?" helper: the wet-footprint test and the shoe-wear pattern fill arch and pronation."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from catalog_app.model.profile import FootProfile
from ui.finder.arch_gait_helper import ArchGaitHelper
from ui.finder.profile_pane import ProfilePane


def open_helper(qtbot: QtBot, pane: ProfilePane) -> ArchGaitHelper:
    qtbot.mouseClick(pane.helper_button, Qt.MouseButton.LeftButton)
    helper = pane.arch_helper
    assert helper is not None
    qtbot.waitExposed(helper)
    return helper


def make_pane(qtbot: QtBot, profile: FootProfile | None = None) -> ProfilePane:
    pane = ProfilePane()
    qtbot.addWidget(pane)
    pane.show()
    qtbot.waitExposed(pane)
    if profile is not None:
        pane.set_profile(profile)
    return pane


def click_picture(qtbot: QtBot, picture: QWidget) -> None:
    qtbot.mouseClick(picture, Qt.MouseButton.LeftButton, pos=QPoint(picture.width() // 2, picture.height() // 2))


def test_clicking_the_pictures_fills_arch_and_pronation(qtbot: QtBot) -> None:
    pane = make_pane(qtbot)
    helper = open_helper(qtbot, pane)
    assert helper.current_step() == 0
    click_picture(qtbot, helper.footprint.pictures["high"])
    assert helper.footprint.buttons["high"].isChecked()
    assert "High" in helper.footprint.meaning.text()
    qtbot.mouseClick(helper.next_button, Qt.MouseButton.LeftButton)
    assert helper.current_step() == 1
    click_picture(qtbot, helper.shoe_wear.pictures["supination"])
    with qtbot.waitSignal(pane.profileChanged) as signal:
        qtbot.mouseClick(helper.finish_button, Qt.MouseButton.LeftButton)
    assert signal.args[0] == FootProfile(arch="high", pronation="supination")
    assert pane.arch.currentData() == "high" and pane.pronation.currentData() == "supination"


def test_the_keyboard_alone_walks_the_helper(qtbot: QtBot) -> None:
    """Arrow keys pick within a step, Enter goes on and finally uses the answers."""
    pane = make_pane(qtbot)
    helper = open_helper(qtbot, pane)
    helper.activateWindow()
    # Polled on the button: QApplication.focusWidget() polled while it returns None crashes PySide6 6.12.
    qtbot.waitUntil(helper.footprint.buttons[""].hasFocus)
    # Arrow keys step through the answers in reading order and wrap: from "still not sure" to the first picture.
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
    assert helper.arch() == "flat"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right)
    assert helper.arch() == "medium" and QApplication.focusWidget() is helper.footprint.buttons["medium"]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert helper.current_step() == 1
    qtbot.waitUntil(helper.shoe_wear.buttons[""].hasFocus)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Up)
    assert helper.pronation() == "supination"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Left)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Left)
    assert helper.pronation() == "overpronation"
    with qtbot.waitSignal(pane.profileChanged) as signal:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert signal.args[0] == FootProfile(arch="medium", pronation="overpronation")


def test_still_not_sure_leaves_both_fields_empty_and_says_what_that_means(qtbot: QtBot) -> None:
    pane = make_pane(qtbot, FootProfile(arch="flat", pronation="overpronation", concerns=("heel-pain",)))
    helper = open_helper(qtbot, pane)
    assert helper.footprint.buttons["flat"].isChecked()  # the current answer is where the helper starts
    qtbot.mouseClick(helper.footprint.buttons[""], Qt.MouseButton.LeftButton, pos=QPoint(8, 8))
    assert "leaves out the arch rules" in helper.footprint.meaning.text()
    assert helper.footprint.meaning.isVisible()
    helper.show_step(1)
    qtbot.mouseClick(helper.shoe_wear.buttons[""], Qt.MouseButton.LeftButton, pos=QPoint(8, 8))
    assert "leaves out the gait rules" in helper.shoe_wear.meaning.text()
    with qtbot.waitSignal(pane.profileChanged) as signal:
        qtbot.mouseClick(helper.finish_button, Qt.MouseButton.LeftButton)
    assert signal.args[0] == FootProfile(concerns=("heel-pain",))
    assert pane.arch.currentData() == "" and pane.pronation.currentData() == ""


def test_escape_and_cancel_change_nothing(qtbot: QtBot) -> None:
    start = FootProfile(arch="medium", pronation="neutral")
    pane = make_pane(qtbot, start)
    helper = open_helper(qtbot, pane)
    click_picture(qtbot, helper.footprint.pictures["flat"])
    with qtbot.assertNotEmitted(pane.profileChanged):
        qtbot.keyClick(helper.footprint.buttons["flat"], Qt.Key.Key_Escape)
    assert not helper.isVisible()
    assert pane.profile() == start
    helper = open_helper(qtbot, pane)
    assert helper.arch() == "medium"
    with qtbot.assertNotEmitted(pane.profileChanged):
        qtbot.mouseClick(helper.cancel_button, Qt.MouseButton.LeftButton)
    assert pane.profile() == start


def test_back_returns_to_the_footprint_and_keeps_both_answers(qtbot: QtBot) -> None:
    pane = make_pane(qtbot)
    helper = open_helper(qtbot, pane)
    click_picture(qtbot, helper.footprint.pictures["flat"])
    qtbot.mouseClick(helper.next_button, Qt.MouseButton.LeftButton)
    click_picture(qtbot, helper.shoe_wear.pictures["neutral"])
    qtbot.mouseClick(helper.back_button, Qt.MouseButton.LeftButton)
    assert helper.current_step() == 0 and helper.footprint.isVisible()
    assert not helper.back_button.isVisible() and helper.next_button.isDefault()
    assert (helper.arch(), helper.pronation()) == ("flat", "neutral")


def test_every_choice_has_words_for_a_screen_reader(qtbot: QtBot) -> None:
    helper = ArchGaitHelper()
    qtbot.addWidget(helper)
    for step in (helper.footprint, helper.shoe_wear):
        for value, button in step.buttons.items():
            assert button.accessibleName(), value
            assert button.accessibleDescription(), value
        for picture in step.pictures.values():
            assert picture.accessibleDescription()
            assert picture.focusPolicy() == Qt.FocusPolicy.NoFocus  # Tab lands on the answers, not the pictures
    for button in (helper.back_button, helper.next_button, helper.finish_button, helper.cancel_button):
        assert button.accessibleName()
    assert helper.home_check.textFormat() == Qt.TextFormat.PlainText


def test_tab_moves_from_the_answers_to_the_buttons(qtbot: QtBot) -> None:
    pane = make_pane(qtbot)
    helper = open_helper(qtbot, pane)
    helper.activateWindow()
    # Polled on the button: QApplication.focusWidget() polled while it returns None crashes PySide6 6.12.
    qtbot.waitUntil(helper.footprint.buttons[""].hasFocus)
    reached = set()
    for _ in range(8):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        reached.add(QApplication.focusWidget())
    assert helper.next_button in reached and helper.cancel_button in reached
