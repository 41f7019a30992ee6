"""The profile's questions beyond feet and shoes: warning signs, how bad the pain is, past insoles, shoe size.

Each group is a small widget with `changed` and a getter/setter, so the profile pane only lays
them out and builds the profile. Warning signs are worded plainly and wrap: a check box's own
text never wraps, and a cut-off warning is worse than none.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from catalog_app.model.sizes import ShoeSize, parse_shoe_size
from catalog_app.model.vocabulary import RedFlag, Severity, label

NOT_SET = "Not set"
SIZE_SYSTEMS = (("EU", "EU"), ("UK", "UK"), ("US M", "US men's"), ("US W", "US women's"))
SIZE_MIN, SIZE_MAX = 0.0, 55.0  # 0 is "Not set"; EU sizes reach the 50s, UK and US stay under 20
RED_FLAGS_INTRO = "Tick any that apply. Each one shows what to do first, above the results; the results stay."


class WrappedCheckBox(QWidget):
    """A check box with words that wrap; a click on the words ticks it too."""

    toggled = Signal(bool)

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.box = QCheckBox(self)
        self.box.setAccessibleName(text)
        self.text = QLabel(text, self)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setWordWrap(True)
        self.text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.text.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.text.installEventFilter(self)
        self.box.toggled.connect(self.toggled)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.box, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.text, 1, Qt.AlignmentFlag.AlignTop)

    def isChecked(self) -> bool:
        return self.box.isChecked()

    def setChecked(self, checked: bool) -> None:
        self.box.setChecked(checked)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.text
            and event.type() == QEvent.Type.MouseButtonRelease
            and isinstance(event, QMouseEvent)
            and event.button() == Qt.MouseButton.LeftButton
        ):
            self.box.click()
            self.box.setFocus(Qt.FocusReason.MouseFocusReason)
            return True
        return super().eventFilter(watched, event)


class RedFlagChecks(QWidget):
    """One wrapped check box per warning sign (DOMAIN.md's red flags), the urgent one first."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.intro = QLabel(RED_FLAGS_INTRO, self)
        self.intro.setTextFormat(Qt.TextFormat.PlainText)
        self.intro.setWordWrap(True)
        self._boxes: dict[str, WrappedCheckBox] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self.intro)
        for flag in RedFlag:
            box = WrappedCheckBox(label(flag.value), self)
            box.setObjectName(f"RedFlag:{flag.value}")
            box.toggled.connect(self._on_toggled)
            layout.addWidget(box)
            self._boxes[flag.value] = box
        self._quiet = False

    def box(self, value: str) -> WrappedCheckBox:
        return self._boxes[value]

    def checked(self) -> tuple[str, ...]:
        return tuple(value for value, box in self._boxes.items() if box.isChecked())

    def set_checked(self, values: tuple[str, ...] | list[str]) -> None:
        self._quiet = True
        try:
            for value, box in self._boxes.items():
                box.setChecked(value in values)
        finally:
            self._quiet = False

    def _on_toggled(self, _checked: bool) -> None:
        if not self._quiet:
            self.changed.emit()


class PainQuestions(QWidget):
    """How bad the pain is, whether off-the-shelf insoles have helped, and an unusual foot shape."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.severity = QComboBox(self)
        self.severity.setAccessibleName("How bad the pain is")
        self.severity.setToolTip(
            "Severe pain, with the answers below, makes a podiatrist-made insole worth asking about"
        )
        self.severity.addItem(NOT_SET, "")
        for value in Severity:
            self.severity.addItem(label(value.value), value.value)
        self.tried_off_the_shelf = WrappedCheckBox("Off-the-shelf insoles have not helped", self)
        self.unusual_foot_shape = WrappedCheckBox(
            "My feet have an unusual shape that standard insoles do not fit",
            self,
        )
        self.severity.currentIndexChanged.connect(self._on_edited)
        self.tried_off_the_shelf.toggled.connect(self._on_edited)
        self.unusual_foot_shape.toggled.connect(self._on_edited)
        self._quiet = False
        severity_label = QLabel("How ba&d is the pain?", self)
        severity_label.setBuddy(self.severity)
        form = QFormLayout(self)
        form.setContentsMargins(4, 0, 4, 4)
        form.addRow(severity_label, self.severity)
        form.addRow(self.tried_off_the_shelf)
        form.addRow(self.unusual_foot_shape)

    def severity_value(self) -> Severity | None:
        value = self.severity.currentData()
        return Severity(value) if value else None

    def set_answers(self, severity: str | None, tried_off_the_shelf: bool, unusual_foot_shape: bool) -> None:
        self._quiet = True
        try:
            self.severity.setCurrentIndex(max(self.severity.findData(severity or ""), 0))
            self.tried_off_the_shelf.setChecked(tried_off_the_shelf)
            self.unusual_foot_shape.setChecked(unusual_foot_shape)
        finally:
            self._quiet = False

    def _on_edited(self, *_args: object) -> None:
        if not self._quiet:
            self.changed.emit()


class HalfSizeSpinBox(QDoubleSpinBox):
    """Shows 43 and 11.5, not 43.0 and 11.5."""

    def textFromValue(self, value: float) -> str:
        return f"{value:g}"


class ShoeSizeEntry(QWidget):
    """A size system (EU, UK, US men's, US women's) and a number in half sizes; "Not set" at zero."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.system = QComboBox(self)
        self.system.setAccessibleName("Shoe size system")
        for value, text in SIZE_SYSTEMS:
            self.system.addItem(text, value)
        self.number = HalfSizeSpinBox(self)
        self.number.setAccessibleName("Shoe size")
        self.number.setToolTip("Your usual shoe size; products not made in it are listed as not fitting")
        self.number.setRange(SIZE_MIN, SIZE_MAX)
        self.number.setDecimals(1)
        self.number.setSingleStep(0.5)
        self.number.setSpecialValueText(NOT_SET)
        self.number.setKeyboardTracking(False)
        self.number.valueChanged.connect(self._on_edited)
        self.system.currentIndexChanged.connect(self._on_system_changed)
        self._quiet = False
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.system)
        layout.addWidget(self.number, 1)

    def text(self) -> str:
        """The profile's `shoe_size`: "EU 43", "UK 9", "US M10", "US W11.5", or "" when not set."""
        value = self.number.value()
        if value <= SIZE_MIN:
            return ""
        return ShoeSize(str(self.system.currentData()), value).text

    def set_text(self, text: str) -> bool:
        """Show a profile's size; False when it cannot be read (the entry then shows "Not set")."""
        size = parse_shoe_size(text) if text.strip() else None
        self._quiet = True
        try:
            if size is not None:
                self.system.setCurrentIndex(max(self.system.findData(size.system), 0))
            self.number.setValue(size.value if size is not None else SIZE_MIN)
        finally:
            self._quiet = False
        return size is not None or not text.strip()

    def _on_system_changed(self, _index: int) -> None:
        if self.number.value() > SIZE_MIN:  # a system alone changes nothing
            self._on_edited()

    def _on_edited(self, *_args: object) -> None:
        if not self._quiet:
            self.changed.emit()
