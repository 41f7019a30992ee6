"""The filter pane: an option box per field with the count it would give, ranges, and the search box.

The pane only holds what the user chose (a `FilterState`); the counts come from the core
(`filters.facet_counts`, via `finder.find_products`) and are handed in with `set_facets`.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QDoubleSpinBox,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from catalog_app.finder.filters import FIELD_LABELS, FLAG_FIELDS, FilterState
from catalog_app.model.catalog_frame import choice_values
from catalog_app.model.schema import COLUMN_BY_NAME
from ui.finder.preset_bar import PresetBar
from ui.widgets.check_group import CheckGroup
from ui.widgets.collapsible_section import CollapsibleSection

SEARCH_DELAY_MS = 100
OPTION_FIELDS = ("category", "shoe_types", "arch_support", "cushioning", "rigidity", "length", "heel_cup")
TWO_COLUMN_FIELDS = frozenset({"arch_support", "cushioning", "heel_cup"})
FEATURES = "features"
PRICE_MAX = 100_000
LIFESPAN_MAX = 240


class SearchBox(QLineEdit):
    """Reacts while typing, but only once the typing pauses; Esc clears it."""

    searchChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("searchBox")
        self.setAccessibleName("Search products")
        self.setPlaceholderText("Search name, brand, description…  (Ctrl+F)")
        self.setClearButtonEnabled(True)
        # Room for a few words however the panes are arranged (a restored layout once left 28 pixels).
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("Search name, brand, description") + 30)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(lambda: self.searchChanged.emit(self.text()))
        self.textEdited.connect(lambda _text: self._timer.start())
        self.textChanged.connect(self._on_text_changed)

    def _on_text_changed(self, text: str) -> None:
        if not text:  # the clear button and Esc answer at once
            self._timer.stop()
            self.searchChanged.emit("")

    def set_text_quietly(self, text: str) -> None:
        self.blockSignals(True)
        self.setText(text)
        self.blockSignals(False)
        self._timer.stop()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.text():
            self.clear()
            event.accept()
            return
        super().keyPressEvent(event)


class FilterPane(QWidget):
    """Emits `filtersChanged(FilterState)` once per user change."""

    filtersChanged = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("filterPane")
        self._state = FilterState()
        self._facets: dict[str, dict[str, int]] = {}
        self._facets_pending = False
        self._widest = 0  # the largest count the option boxes are sized for
        self._counts_shown: dict[tuple[str, str], tuple[int | None, bool]] = {}  # (count, checked) per box
        self.search_box = SearchBox()  # placed above the table by the window
        self.search_box.searchChanged.connect(self._on_search)
        self.groups: dict[str, CheckGroup] = {}
        self.sections: dict[str, CollapsibleSection] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        self.clear_button = QPushButton("Clear filters", self)
        self.clear_button.setAccessibleName("Clear filters")
        self.clear_button.setToolTip("Show every product again (the search text is cleared too)")
        self.clear_button.clicked.connect(self.clear_all)
        layout.addWidget(self.clear_button)
        self.presets = PresetBar(self.state, self)
        self.presets.applyRequested.connect(self.set_state)
        self.filtersChanged.connect(self.presets.filters_changed)
        layout.addWidget(self.presets)
        for name in OPTION_FIELDS:
            values = choice_values(COLUMN_BY_NAME[name])
            group = CheckGroup(values, what=FIELD_LABELS[name], columns=2 if name in TWO_COLUMN_FIELDS else 1)
            group.changed.connect(lambda name=name: self._on_options(name))
            self.groups[name] = group
            self._add_section(layout, name, FIELD_LABELS[name], group)
        features = CheckGroup(
            FLAG_FIELDS, what="Feature", labels={name: FIELD_LABELS[name] for name in FLAG_FIELDS}, columns=1
        )
        features.changed.connect(self._on_flags)
        self.groups[FEATURES] = features
        self._add_section(layout, FEATURES, "Features", features)
        self.price_min, self.price_max = self._range_boxes("Price", PRICE_MAX, decimals=2)
        for box in (self.price_min, self.price_max):
            box.setToolTip("Compared with each product's price in its own currency; nothing is converted")
        self._add_section(layout, "price", "Price", _range_form(self.price_min, self.price_max))
        self.lifespan_min, self.lifespan_max = self._range_boxes("Lifespan", LIFESPAN_MAX, decimals=0, suffix=" mo")
        self._add_section(layout, "lifespan", "Lifespan (months)", _range_form(self.lifespan_min, self.lifespan_max))
        layout.addStretch(1)

    def _add_section(self, layout: QVBoxLayout, key: str, title: str, body: QWidget) -> None:
        section = CollapsibleSection(title, body, self)
        self.sections[key] = section
        layout.addWidget(section)

    def _range_boxes(self, what: str, maximum: int, *, decimals: int, suffix: str = "") -> tuple[QDoubleSpinBox, ...]:
        boxes = []
        for end in ("from", "to"):
            box = QDoubleSpinBox(self)
            box.setAccessibleName(f"{what} {end}")
            box.setRange(0, maximum)
            box.setDecimals(decimals)
            box.setSingleStep(5 if decimals else 1)
            box.setSpecialValueText("Any")
            box.setSuffix(suffix)
            box.setKeyboardTracking(False)  # filter when the number is complete, not at every digit
            box.setCorrectionMode(QAbstractSpinBox.CorrectionMode.CorrectToNearestValue)
            box.valueChanged.connect(self._on_ranges)
            boxes.append(box)
        return tuple(boxes)

    # ---- the state ----------------------------------------------------------------------------

    def state(self) -> FilterState:
        return self._state

    def set_state(self, state: FilterState) -> None:
        """Show `state` in the controls and emit `filtersChanged` once."""
        self._state = state
        for name in OPTION_FIELDS:
            self.groups[name].set_checked(state.choices.get(name, ()))
        self.groups[FEATURES].set_checked(state.flags)
        for box, value in (
            (self.price_min, state.price_min),
            (self.price_max, state.price_max),
            (self.lifespan_min, state.lifespan_min),
            (self.lifespan_max, state.lifespan_max),
        ):
            box.blockSignals(True)
            box.setValue(value or 0)
            box.blockSignals(False)
        if self.search_box.text() != state.text:
            self.search_box.set_text_quietly(state.text)
        self.filtersChanged.emit(state)

    def clear_field(self, name: str) -> None:
        self.set_state(self._state.without(name))

    def clear_all(self) -> None:
        self.set_state(FilterState())

    def set_facets(self, facets: dict[str, dict[str, int]], total: int | None = None) -> None:
        """Show beside every option how many products it would give; an option giving none is greyed.
        `total` (the catalog's size) bounds the counts: the boxes are sized for it once.

        While the pane is out of sight in a shown window (behind the Profile tab), the counts are
        kept and shown when the pane comes into view; only the boxes whose count changed are touched."""
        self._facets = facets
        widest = total if total is not None else max((n for c in facets.values() for n in c.values()), default=0)
        if len(f"{widest:,}") != len(f"{self._widest:,}"):
            self._widest = widest
            self._counts_shown.clear()  # every box is sized again for the new number of digits
        if self.window().isVisible() and not self.isVisible():
            self._facets_pending = True
            return
        self._facets_pending = False
        for name in OPTION_FIELDS:
            counts = facets.get(name, {})
            group = self.groups[name]
            for value in group.values:
                self._show_count(group, value, counts.get(value))
        features = self.groups[FEATURES]
        for name in FLAG_FIELDS:
            self._show_count(features, name, facets.get(name, {}).get("true"))

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._facets_pending:
            self.set_facets(self._facets)

    def _show_count(self, group: CheckGroup, value: str, count: int | None) -> None:
        box = group.box(value)
        shown = (count, box.isChecked())
        if self._counts_shown.get((group.what, value)) == shown:
            return
        if (group.what, value) not in self._counts_shown:
            _hold_size(group, value, self._widest)
        self._counts_shown[(group.what, value)] = shown
        _show_count(group, value, group.label_of(value), count)

    # ---- user changes -------------------------------------------------------------------------

    def _emit(self, state: FilterState) -> None:
        if state != self._state:
            self._state = state
            self.filtersChanged.emit(state)

    def _on_options(self, name: str) -> None:
        self._emit(self._state.with_choice(name, frozenset(self.groups[name].checked())))

    def _on_flags(self) -> None:
        self._emit(replace(self._state, flags=frozenset(self.groups[FEATURES].checked())))

    def _on_ranges(self, *_args: object) -> None:
        self._emit(
            replace(
                self._state,
                price_min=_bound(self.price_min),
                price_max=_bound(self.price_max),
                lifespan_min=_bound(self.lifespan_min),
                lifespan_max=_bound(self.lifespan_max),
            )
        )

    def _on_search(self, text: str) -> None:
        self._emit(replace(self._state, text=text))


def _bound(box: QDoubleSpinBox) -> float | None:
    value = box.value()
    return value if value > box.minimum() else None


def _range_form(low: QDoubleSpinBox, high: QDoubleSpinBox) -> QWidget:
    body = QWidget()
    form = QFormLayout(body)
    form.setContentsMargins(4, 0, 4, 4)
    form.addRow("From:", low)
    form.addRow("To:", high)
    return body


def _hold_size(group: CheckGroup, value: str, widest: int) -> None:
    """Size an option's box once for the widest count it may show (as many digits as `widest`): a
    box of fixed size takes a new count without laying out the pane again, so a filter change
    repaints just the counts."""
    box = group.box(value)
    text = box.text()
    group.set_text(value, f"{group.label_of(value)} ({int('8' * len(str(widest))):,})")
    box.setFixedSize(box.sizeHint())
    box.setText(text)
    layout = group.layout()
    if layout is not None:
        layout.setAlignment(box, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


def _show_count(group: CheckGroup, value: str, text: str, count: int | None) -> None:
    group.set_text(value, text if count is None else f"{text} ({count:,})")
    box = group.box(value)
    # A checked option stays clickable even at zero, so it can always be unticked.
    box.setEnabled(count is None or count > 0 or box.isChecked())
    if count == 0 and not box.isChecked():
        box.setToolTip("No product would match with the other filters kept")
    else:
        box.setToolTip("")
