"""The results: search box, the products table, and in its place a hint when nothing matches."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from catalog_app.finder.filters import FIELD_LABELS, RelaxHint
from catalog_app.model.profile import FootProfile
from catalog_app.model.red_flags import RedFlagNote, red_flag_notes
from ui.finder.catalog_table_model import TABLE_COLUMNS, CatalogTableModel
from ui.finder.table_look import set_results_look

# Qt visits every selected cell after a selection change; past this many rows "select all" would
# freeze the window for seconds, and no action needs more than a handful of selected products.
MAX_SELECT_ALL = 10_000
MAX_HINT_BUTTONS = 3
CLEAR_ALL = "all"
PROFILE = "profile"
# Fixed text and background colours together, so the notes read the same on light and dark palettes.
NOTE_STYLES = {
    "urgent": "QLabel { background: #fdecea; color: #5f1410; border: 2px solid #b3261e; border-radius: 4px;"
    " padding: 6px; }",
    "soon": "QLabel { background: #fff4dc; color: #3d2a00; border: 1px solid #8a6100; border-radius: 4px;"
    " padding: 6px; }",
}


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
        set_results_look(self)
        self.verticalHeader().setAccessibleName("Product rows")
        header = self.horizontalHeader()
        header.setAccessibleName("Product columns: click to sort")
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


class RedFlagBanner(QWidget):
    """The notes for the warning signs ticked in the profile, above the results (which stay visible).

    The urgent note comes first, marked "Urgent" in words as well as colour, so it stands out
    for everyone, also with a screen reader or in greyscale.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("redFlagBanner")
        self.setAccessibleName("What to do first")
        self.labels: list[QLabel] = []
        self._notes: list[RedFlagNote] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 4, 0, 0)
        self._layout.setSpacing(4)
        self.hide()

    def set_notes(self, notes: Sequence[RedFlagNote]) -> None:
        if list(notes) == self._notes:
            return  # the same notes (most profile changes tick no warning sign): nothing to rebuild
        self._notes = list(notes)
        for old in self.labels:
            self._layout.removeWidget(old)
            old.deleteLater()
        self.labels = [self._note_label(note) for note in notes]
        for note_label in self.labels:
            self._layout.addWidget(note_label)
        self.setVisible(bool(self.labels))

    def texts(self) -> list[str]:
        return [note_label.text() for note_label in self.labels]

    def _note_label(self, note: RedFlagNote) -> QLabel:
        prefix = "Urgent: " if note.urgent else "See a professional: "
        note_label = QLabel(prefix + note.text, self)
        note_label.setObjectName("urgentNote" if note.urgent else "redFlagNote")
        note_label.setAccessibleName("Urgent warning" if note.urgent else "Warning")
        note_label.setTextFormat(Qt.TextFormat.PlainText)
        note_label.setWordWrap(True)
        note_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        note_label.setStyleSheet(NOTE_STYLES["urgent" if note.urgent else "soon"])
        if note.urgent:
            font = note_label.font()
            font.setBold(True)
            note_label.setFont(font)
        return note_label


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
        self.red_flags = RedFlagBanner(self)
        layout.addLayout(top)
        layout.addWidget(self.red_flags)
        layout.addWidget(self.stack, 1)

    def set_profile(self, profile: FootProfile) -> None:
        """Show a note for each warning sign the profile ticks (none: the banner hides)."""
        self.red_flags.set_notes(red_flag_notes(profile))

    def show_table(self) -> None:
        self.stack.setCurrentWidget(self.table)

    def show_hints(self, hints: list[RelaxHint], *, catalog_empty: bool = False) -> None:
        self.hint.show_hints(hints, catalog_empty=catalog_empty)
        self.stack.setCurrentWidget(self.hint)

    def is_showing_hint(self) -> bool:
        return self.stack.currentWidget() is self.hint


def hold_width(label: QLabel, widest: str) -> None:
    """Size `label` once for the widest text it will show (e.g. "1,000,000 of 1,000,000
    products"), right-aligned: a label of fixed size takes new text without laying out the bar
    it sits in again, so a count that changes with every filter repaints just itself."""
    if label.property("heldFor") == widest:
        return
    label.setProperty("heldFor", widest)
    label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    margins = label.contentsMargins()
    width = label.fontMetrics().horizontalAdvance(widest) + 2 * label.margin() + margins.left() + margins.right() + 4
    label.setFixedSize(width, label.sizeHint().height())
