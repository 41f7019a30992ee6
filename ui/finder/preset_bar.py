"""Saved filter presets at the top of the filter pane: choose one to apply it; save as, rename, delete.

The bar holds no filter logic: it asks the pane for the current filters and hands an applied
preset's filters back; saving, reading and checking presets is `catalog_app.finder.filter_presets`.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from catalog_app.finder.filter_presets import (
    PresetError,
    delete_preset,
    describe_filters,
    load_preset,
    preset_names,
    rename_preset,
    save_preset,
)
from catalog_app.finder.filters import FilterState
from catalog_app.storage.preset_store import PresetStore

PLACEHOLDER = "Saved filters…"


def plain_tooltip(lines: list[str]) -> str:
    """Lines of the user's text as a tooltip: escaped inside a paragraph, since tooltips render rich text."""
    return "<p>" + "<br/>".join(html.escape(line) for line in lines) + "</p>"


class PresetBar(QWidget):
    """Emits `applyRequested(FilterState)` when the user picks a preset."""

    applyRequested = Signal(object)

    def __init__(self, current: Callable[[], FilterState], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("presetBar")
        self._current = current
        self._store = PresetStore()
        self.applied_name: str | None = None  # the preset the filters show, while they still match it
        self._applied_state: FilterState | None = None
        self.combo = QComboBox(self)
        self.combo.setAccessibleName("Saved filter presets")
        self.combo.setToolTip("Apply a saved set of filters and search text")
        self.combo.setPlaceholderText(PLACEHOLDER)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(10)
        self.combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.combo.activated.connect(lambda index: self.apply(self.combo.itemText(index)))
        self.save_button = self._button("Save as…", "Save the current filters and search text under a name")
        self.save_button.clicked.connect(lambda: self.save_as())
        self.rename_button = self._button("Rename…", "Rename the chosen preset")
        self.rename_button.clicked.connect(lambda: self.rename())
        self.delete_button = self._button("Delete", "Delete the chosen preset")
        self.delete_button.clicked.connect(lambda: self.delete())
        self.message = QLabel(self)
        self.message.setObjectName("presetMessage")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Preset message")
        self.message.hide()
        self._lay_out()
        self.reload()

    def _button(self, text: str, tip: str) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(text.rstrip("…"))
        button.setToolTip(tip)
        return button

    def _lay_out(self) -> None:
        # Two rows, so that the narrow side pane of a 1280-pixel screen cuts no button.
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setHorizontalSpacing(4)
        layout.setVerticalSpacing(4)
        layout.addWidget(self.combo, 0, 0, 1, 3)
        layout.addWidget(self.save_button, 1, 0)
        layout.addWidget(self.rename_button, 1, 1)
        layout.addWidget(self.delete_button, 1, 2)
        layout.addWidget(self.message, 2, 0, 1, 3)

    # ---- showing ------------------------------------------------------------------------------

    def reload(self) -> None:
        """Refill the list from the store, keeping the applied preset shown."""
        try:
            names = preset_names(self._store)
        except PresetError as error:
            names = []
            self._say(str(error))
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItems(names)
        for row, name in enumerate(names):
            self.combo.setItemData(row, plain_tooltip([name]), Qt.ItemDataRole.ToolTipRole)
        self.combo.setCurrentIndex(names.index(self.applied_name) if self.applied_name in names else -1)
        self.combo.blockSignals(False)
        self._update_buttons()

    def filters_changed(self, state: FilterState) -> None:
        """Called on every filter change: once the filters differ from the applied preset, none is shown."""
        if self.applied_name is not None and state != self._applied_state:
            self.applied_name = None
            self._applied_state = None
            self.combo.setCurrentIndex(-1)
            self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.combo.currentIndex() >= 0
        self.rename_button.setEnabled(chosen)
        self.delete_button.setEnabled(chosen)

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    # ---- actions ------------------------------------------------------------------------------

    def apply(self, name: str) -> bool:
        try:
            saved_name, state = load_preset(name, self._store)
        except PresetError as error:
            self._say(str(error).capitalize() + ".")
            self.reload()
            return False
        self._say("")
        self.applied_name, self._applied_state = saved_name, state
        self.combo.setToolTip(plain_tooltip([saved_name, *describe_filters(state)]))
        self.reload()
        self.applyRequested.emit(state)
        return True

    def save_as(self, name: str | None = None) -> bool:
        if name is None:
            name, accepted = QInputDialog.getText(self, "Save filters", "Name for these filters and search text:")
            if not accepted:
                return False
            try:
                exists = self._store.exists(name)
            except Exception:  # the store says what is wrong when saving
                exists = False
            if exists and not self._confirm(f"Replace the saved preset “{name.strip()}”?"):
                return False
        state = self._current()
        try:
            saved_name = save_preset(name, state, self._store)
        except PresetError as error:
            self._say(str(error).capitalize() + ".")
            return False
        self._say("")
        self.applied_name, self._applied_state = saved_name, state
        self.reload()
        return True

    def rename(self, new_name: str | None = None) -> bool:
        old = self.combo.currentText()
        if self.combo.currentIndex() < 0:
            return False
        if new_name is None:
            new_name, accepted = QInputDialog.getText(self, "Rename preset", "New name:", text=old)
            if not accepted:
                return False
        try:
            renamed = rename_preset(old, new_name, self._store)
        except PresetError as error:
            self._say(str(error).capitalize() + ".")
            return False
        self._say("")
        if self.applied_name == old:
            self.applied_name = renamed
        self.reload()
        self.combo.setCurrentIndex(self.combo.findText(renamed))
        self._update_buttons()
        return True

    def delete(self, *, confirm: bool = True) -> bool:
        name = self.combo.currentText()
        if self.combo.currentIndex() < 0:
            return False
        if confirm and not self._confirm(f"Delete the saved preset “{name}”? The filters now shown stay."):
            return False
        try:
            delete_preset(name, self._store)
        except PresetError as error:
            self._say(str(error).capitalize() + ".")
            return False
        self._say("")
        if self.applied_name == name:
            self.applied_name, self._applied_state = None, None
        self.reload()
        return True

    def _confirm(self, question: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, "Saved filters", question, parent=self)
        box.setTextFormat(Qt.TextFormat.PlainText)  # the name is the user's text
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes
