"""A grid of check boxes, one per vocabulary value: "pick several" for profiles and filters."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QWidget

from catalog_app.model.vocabulary import label


class CheckGroup(QWidget):
    """Emits `changed` once per click; `set_checked` changes the boxes without emitting."""

    changed = Signal()

    def __init__(
        self,
        values: Sequence[str],
        *,
        what: str,
        columns: int = 1,
        labels: dict[str, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.values = tuple(values)
        self.what = what
        self._labels = {value: (labels or {}).get(value, label(value)) for value in self.values}
        self._boxes: dict[str, QCheckBox] = {}
        layout = QGridLayout(self)
        layout.setContentsMargins(4, 0, 4, 4)
        layout.setHorizontalSpacing(12)
        layout.setVerticalSpacing(2)
        for position, value in enumerate(self.values):
            box = QCheckBox(mnemonic_safe(self._labels[value]), self)
            box.setObjectName(f"{what}:{value}")
            box.setAccessibleName(f"{what}: {self._labels[value]}")
            box.toggled.connect(self._on_toggled)
            layout.addWidget(box, position // columns, position % columns)
            self._boxes[value] = box
        for column in range(columns):
            layout.setColumnStretch(column, 1)

    def box(self, value: str) -> QCheckBox:
        return self._boxes[value]

    def boxes(self) -> list[QCheckBox]:
        return list(self._boxes.values())

    def label_of(self, value: str) -> str:
        return self._labels[value]

    def checked(self) -> tuple[str, ...]:
        return tuple(value for value, box in self._boxes.items() if box.isChecked())

    def set_checked(self, values: Iterable[str]) -> None:
        wanted = set(values)
        for value, box in self._boxes.items():
            box.blockSignals(True)
            box.setChecked(value in wanted)
            box.blockSignals(False)

    def set_text(self, value: str, text: str) -> None:
        """Show `text` (plain, e.g. "Gel (12)") beside the box; its accessible name follows."""
        box = self._boxes[value]
        box.setText(mnemonic_safe(text))
        box.setAccessibleName(f"{self.what}: {text}")

    def text_of(self, value: str) -> str:
        """The box's text as a person reads it (without the mnemonic escaping)."""
        return self._boxes[value].text().replace("&&", "&")

    def _on_toggled(self, _checked: bool) -> None:
        self.changed.emit()


def mnemonic_safe(text: str) -> str:
    """Qt reads "&" in a button text as a shortcut marker; "Flats & heels" must show its ampersand."""
    return text.replace("&", "&&")
