"""The "Not sure?" helper: find your arch with the wet-footprint test and your gait from shoe wear.

Two steps, each a picture per answer and a "still not sure" answer that leaves the profile field
empty. The answers fill the profile's arch and pronation when the person presses "Use these
answers"; Cancel (or Esc) changes nothing. Every choice is a radio button with words, so the
helper works by keyboard (Tab, arrow keys, Enter, Esc) and with a screen reader.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui.finder.arch_gait_pictures import ChoicePicture, FootprintPicture, ShoeWearPicture

NOT_SURE = ""
ARROW_STEPS = {Qt.Key.Key_Up: -1, Qt.Key.Key_Left: -1, Qt.Key.Key_Down: +1, Qt.Key.Key_Right: +1}


@dataclass(frozen=True)
class Choice:
    value: str  # the profile value it fills; NOT_SURE leaves the field empty
    text: str  # the radio button's words
    sign: str  # what the person sees, written under the picture
    picture: str  # what the picture shows, for a screen reader; "" for "still not sure"
    meaning: str  # what picking it does to the ranking


ARCH_CHOICES = (
    Choice(
        "flat",
        "Flat or low arch",
        "Almost the whole sole printed",
        "A footprint where the middle of the foot prints nearly as wide as the ball of the foot.",
        "Arch: Flat. Insoles with firm arch support, a deep heel cup and a firmer shell rank higher.",
    ),
    Choice(
        "medium",
        "Medium arch",
        "About half the middle of the foot printed",
        "A footprint where a band about half the width of the foot joins the heel and the ball.",
        "Arch: Medium. Insoles with medium arch support rank higher.",
    ),
    Choice(
        "high",
        "High arch",
        "A thin band or nothing between heel and ball",
        "A footprint with only a thin strip, or a gap, between the heel and the ball of the foot.",
        "Arch: High. Cushioned insoles with support matched to a high arch rank higher.",
    ),
    Choice(
        NOT_SURE,
        "Still not sure",
        "",
        "",
        "Arch stays empty. The fit score then leaves out the arch rules: no product is ranked up or down for its "
        "arch support. You can set it later in the profile.",
    ),
)

GAIT_CHOICES = (
    Choice(
        "overpronation",
        "Overpronation",
        "Inner edge worn, shoes tilt inward",
        "A pair of shoes seen from behind, both leaning in towards each other, worn on the inner edge of the sole.",
        "Pronation: Overpronation. Insoles with motion control (firm arch support, deep heel cup) rank higher.",
    ),
    Choice(
        "neutral",
        "Neutral",
        "Even wear, shoes stand straight",
        "A pair of shoes seen from behind, standing upright, worn evenly across the sole.",
        "Pronation: Neutral. Insoles with medium support rank higher when the arch is medium.",
    ),
    Choice(
        "supination",
        "Supination",
        "Outer edge worn, shoes tilt outward",
        "A pair of shoes seen from behind, both leaning outwards, worn on the outer edge of the sole.",
        "Pronation: Supination. Cushioned insoles with a softer shell rank higher.",
    ),
    Choice(
        NOT_SURE,
        "Still not sure",
        "",
        "",
        "Pronation stays empty. The fit score then leaves out the gait rules: no product is ranked up or down for "
        "motion control. You can set it later in the profile.",
    ),
)

FOOTPRINT_STEPS = (
    "Wet the sole of one foot, stand on dark paper or a flattened paper bag with your weight on it, then step off.",
    "Which picture looks most like your print?",
)
SHOE_WEAR_STEPS = (
    "Put a pair of worn everyday shoes side by side on a table and look at them from behind, at eye level.",
    "Which picture looks most like your shoes?",
)
HOME_CHECK = "A home check, not a diagnosis: if you are unsure or in pain, a podiatrist can assess your feet."


class ChoiceStep(QWidget):
    """One step: instructions, a picture and a radio button per answer, and what the chosen answer means."""

    changed = Signal()

    def __init__(self, title: str, steps: tuple[str, str], choices: tuple[Choice, ...], picture_kind: str) -> None:
        super().__init__()
        self.choices = choices
        self.title = _plain_label(title, "Step title", self)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.title.setFont(font)
        self.instructions = _plain_label("\n".join(steps), "Instructions", self)
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        self.buttons: dict[str, QRadioButton] = {}
        self.pictures: dict[str, ChoicePicture] = {}
        self.meaning = _plain_label("", "What this answer means", self)
        self.meaning.setObjectName("choiceMeaning")
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.instructions)
        layout.addLayout(self._build_cards(picture_kind))
        layout.addWidget(self._radio(choices[-1]))
        layout.addWidget(self.meaning)
        layout.addStretch(1)
        self.group.buttonToggled.connect(self._on_toggled)

    def _build_cards(self, picture_kind: str) -> QGridLayout:
        """Pictures in a row, what each shows under it, and the radio buttons lined up beneath."""
        grid = QGridLayout()
        for column, choice in enumerate(self.choices[:-1]):
            picture: ChoicePicture
            if picture_kind == "footprint":
                picture = FootprintPicture(choice.value, choice.picture, self)
            else:
                picture = ShoeWearPicture(_tilt(choice.value), choice.picture, self)
            picture.setObjectName(f"picture:{choice.value}")
            button = self._radio(choice)
            picture.clicked.connect(button.click)
            self.pictures[choice.value] = picture
            sign = _plain_label(choice.sign, f"What you see: {choice.text}", self)
            sign.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
            grid.addWidget(picture, 0, column, Qt.AlignmentFlag.AlignHCenter)
            grid.addWidget(sign, 1, column)
            grid.addWidget(button, 2, column, Qt.AlignmentFlag.AlignHCenter)
            grid.setColumnStretch(column, 1)
        return grid

    def _radio(self, choice: Choice) -> QRadioButton:
        button = QRadioButton(choice.text.replace("&", "&&"), self)
        button.setObjectName(f"choice:{choice.value or 'not-sure'}")
        button.setAccessibleName(f"{choice.text}: {choice.sign.lower()}" if choice.sign else choice.text)
        button.setAccessibleDescription(choice.picture or choice.meaning)
        button.installEventFilter(self)
        self.group.addButton(button)
        self.buttons[choice.value] = button
        return button

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Arrow keys step through the answers in reading order (Qt would guess by geometry), wrapping round."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and watched in self.group.buttons():
            step = ARROW_STEPS.get(Qt.Key(event.key()))
            if step is not None and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
                buttons = list(self.buttons.values())
                target = buttons[(buttons.index(watched) + step) % len(buttons)]  # type: ignore[arg-type]
                target.setFocus(Qt.FocusReason.TabFocusReason)
                target.setChecked(True)
                return True
        return super().eventFilter(watched, event)

    def value(self) -> str:
        for value, button in self.buttons.items():
            if button.isChecked():
                return value
        return NOT_SURE

    def set_value(self, value: str) -> None:
        self.buttons.get(value, self.buttons[NOT_SURE]).setChecked(True)
        self._on_toggled()

    def focus_choice(self) -> None:
        self.buttons.get(self.value(), self.buttons[NOT_SURE]).setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_toggled(self, *_args: object) -> None:
        value = self.value()
        self.meaning.setText(next(choice.meaning for choice in self.choices if choice.value == value))
        self.changed.emit()


class ArchGaitHelper(QDialog):
    """Step 1 the wet-footprint test, step 2 the shoe-wear pattern; `arch()` and `pronation()` give the answers."""

    def __init__(self, arch: str | None = None, pronation: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Find your arch and gait")
        self.setAccessibleName("Find your arch and gait")
        self.footprint = ChoiceStep("Step 1 of 2: the wet-footprint test", FOOTPRINT_STEPS, ARCH_CHOICES, "footprint")
        self.shoe_wear = ChoiceStep("Step 2 of 2: the wear on your shoes", SHOE_WEAR_STEPS, GAIT_CHOICES, "shoes")
        self.footprint.set_value("flat" if arch == "low" else arch or NOT_SURE)
        self.shoe_wear.set_value(pronation or NOT_SURE)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.footprint)
        self.stack.addWidget(self.shoe_wear)
        self.home_check = _plain_label(HOME_CHECK, "Note", self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.home_check)
        layout.addLayout(self._build_buttons())
        self._set_tab_order()
        self.show_step(0)

    def _build_buttons(self) -> QHBoxLayout:
        self.back_button = _push("&Back", "Back to the footprint test", self)
        self.next_button = _push("&Next", "Next: the wear on your shoes", self)
        self.finish_button = _push("&Use these answers", "Use these answers in the profile", self)
        self.cancel_button = _push("Cancel", "Cancel: leave the profile as it was", self)
        self.back_button.clicked.connect(lambda: self.show_step(0))
        self.next_button.clicked.connect(lambda: self.show_step(1))
        self.finish_button.clicked.connect(self.accept)
        self.cancel_button.clicked.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.back_button)
        row.addStretch(1)
        for button in (self.next_button, self.finish_button, self.cancel_button):
            row.addWidget(button)
        return row

    def _set_tab_order(self) -> None:
        chain: list[QWidget] = [
            *self.footprint.buttons.values(),
            *self.shoe_wear.buttons.values(),
            self.back_button,
            self.next_button,
            self.finish_button,
            self.cancel_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def show_step(self, step: int) -> None:
        """Show a step; Enter then presses Next on the first and "Use these answers" on the second."""
        page = self.footprint if step == 0 else self.shoe_wear
        self.stack.setCurrentWidget(page)
        last = step == 1
        self.back_button.setVisible(last)
        self.next_button.setVisible(not last)
        self.finish_button.setVisible(last)
        self.next_button.setDefault(not last)
        self.finish_button.setDefault(last)
        page.focus_choice()

    def current_step(self) -> int:
        return self.stack.currentIndex()

    def arch(self) -> str | None:
        return self.footprint.value() or None

    def pronation(self) -> str | None:
        return self.shoe_wear.value() or None


def _tilt(pronation: str) -> str:
    return {"overpronation": "in", "supination": "out"}.get(pronation, "even")


def _plain_label(text: str, name: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setAccessibleName(name)
    return label


def _push(text: str, name: str, parent: QWidget) -> QPushButton:
    button = QPushButton(text, parent)
    button.setAccessibleName(name)
    return button
