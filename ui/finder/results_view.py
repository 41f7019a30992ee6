"""The results: search box, the products table, and in its place a hint when nothing matches."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from catalog_app.finder.filters import FIELD_LABELS, RelaxHint
from ui.finder.catalog_table_model import TABLE_COLUMNS, CatalogTableModel

ROW_HEIGHT = 24
# Qt visits every selected cell after a selection change; past this many rows "select all" would
# freeze the window for seconds, and no action needs more than a handful of selected products.
MAX_SELECT_ALL = 10_000
MAX_HINT_BUTTONS = 3
CLEAR_ALL = "all"
PROFILE = "profile"


class ResultsTable(QTableView):
    """Fixed row heights and fixed column widths: nothing here measures every row (1M rows stay fast)."""

    def __init__(self, model: CatalogTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resultsTable")
        self.setAccessibleName("Products")
        self.setModel(model)
        self.setSortingEnabled(True)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setTextElideMode(Qt.TextElideMode.ElideRight)
        vertical = self.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vertical.setDefaultSectionSize(ROW_HEIGHT)
        vertical.setAccessibleName("Product rows")
        header = self.horizontalHeader()
        header.setAccessibleName("Product columns: click to sort")
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        for position, column in enumerate(TABLE_COLUMNS):
            self.setColumnWidth(position, column.width)

    def selectAll(self) -> None:
        if self.model().rowCount() <= MAX_SELECT_ALL:
            super().selectAll()

    def selected_rows(self) -> np.ndarray:
        """Selected rows in table order, from the selection ranges (never one call per row)."""
        selection = self.selectionModel().selection()
        ranges = (selection.at(number) for number in range(selection.size()))
        parts = [np.arange(part.top(), part.bottom() + 1) for part in ranges]
        if not parts:
            return np.zeros(0, dtype=np.int64)
        return np.unique(np.concatenate(parts))

    def selected_row_count(self) -> int:
        return len(self.selected_rows())


class EmptyResultHint(QWidget):
    """Says that nothing matches and offers the filters whose clearing brings products back."""

    relaxRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("emptyResultHint")
        self.title = QLabel("No products match.", self)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setAccessibleName("No products match")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.sentence = QLabel(self)
        self.sentence.setObjectName("hintSentence")
        self.sentence.setAccessibleName("Hint")
        self.sentence.setTextFormat(Qt.TextFormat.PlainText)  # may quote the search text
        self.sentence.setWordWrap(True)
        self.sentence.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons: list[QPushButton] = []
        self._button_row = QHBoxLayout()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 32, 32, 32)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.sentence)
        layout.addLayout(self._button_row)
        layout.addStretch(2)
        self.title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.sentence.setAlignment(Qt.AlignmentFlag.AlignHCenter)

    def show_hints(self, hints: list[RelaxHint], *, catalog_empty: bool = False) -> None:
        self._clear_buttons()
        if catalog_empty:
            self.title.setText("No products to show.")
            self.sentence.setText("The catalog is empty. Open a catalog from the File menu.")
            return
        self.title.setText("No products match.")
        if hints:
            self.sentence.setText("\n".join(hint.sentence() for hint in hints[:MAX_HINT_BUTTONS]))
            actions = [(hint.field, _button_text(hint.field)) for hint in hints[:MAX_HINT_BUTTONS]]
        else:
            self.sentence.setText("No single filter brings products back. Clear the filters to start again.")
            actions = [(CLEAR_ALL, "Clear all filters")]
        self._button_row.addStretch(1)
        for field, text in actions:
            button = QPushButton(text, self)
            button.setObjectName(f"relax:{field}")
            button.setAccessibleName(text)
            button.clicked.connect(lambda _checked=False, field=field: self.relaxRequested.emit(field))
            self._button_row.addWidget(button)
            self.buttons.append(button)
        self._button_row.addStretch(1)

    def _clear_buttons(self) -> None:
        while self._button_row.count():
            item = self._button_row.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.buttons = []


def _button_text(field: str) -> str:
    if field == PROFILE:
        return "Show products that don't fit"
    return f"Clear the {FIELD_LABELS[field]} filter"


class ResultsView(QWidget):
    """The centre of the window. The search box belongs to the filter pane; it is shown here, above the table."""

    def __init__(self, model: CatalogTableModel, search_box: QLineEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search_box = search_box
        self.table = ResultsTable(model, self)
        self.hint = EmptyResultHint(self)
        self.show_excluded = QCheckBox("Show products that don't fit", self)
        self.show_excluded.setAccessibleName("Show products that don't fit")
        self.show_excluded.setToolTip(
            "Also list products made for other shoes or over your budget; the detail pane says why they don't fit"
        )
        search_label = QLabel("&Search:", self)
        search_label.setBuddy(search_box)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(search_label)
        top.addWidget(search_box, 1)
        top.addWidget(self.show_excluded)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.hint)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 0)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)

    def show_table(self) -> None:
        self.stack.setCurrentWidget(self.table)

    def show_hints(self, hints: list[RelaxHint], *, catalog_empty: bool = False) -> None:
        self.hint.show_hints(hints, catalog_empty=catalog_empty)
        self.stack.setCurrentWidget(self.hint)

    def is_showing_hint(self) -> bool:
        return self.stack.currentWidget() is self.hint
