"""The comparison pane: 2 to 6 products side by side, their costs over time, notes and charts.

Fits a dialog or a dock at about 1100 x 700. The slots stay thin: every figure, note and "best"
comes from `catalog_app.costs.comparison.compare_products`; this pane only holds the chosen ids, the
cost options and the fit scores, and shows the result.

Public interface (for the main window):
    ComparisonView(catalog)
    set_catalog(catalog), set_products(ids), add_product(id) -> bool, remove_product(id),
    set_fit_scores(scores | None), product_ids(), options()
    signals: addToShortlistRequested(str product id), productsChanged(list of product ids)
"""

from __future__ import annotations

import html
import itertools

import numpy as np
from PySide6.QtCore import QEvent, QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from catalog_app.costs.comparison import MAX_COMPARED, MIN_COMPARED, Comparison, compare_products
from catalog_app.costs.cost_notes import CostOptions
from catalog_app.io.catalog import Catalog
from catalog_app.model.wording import HEALTH_NOTE
from ui.compare.attribute_chart import AttributeChartView
from ui.compare.comparison_model import ComparisonModel
from ui.compare.cost_chart import CostChartView
from ui.widgets.plain_text import menu_text

MAX_HORIZON_MONTHS = 120
MAX_PAIRS = 20


class ComparisonView(QWidget):
    addToShortlistRequested = Signal(str)
    productsChanged = Signal(list)

    def __init__(self, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("comparisonView")
        self.setAccessibleName("Product comparison")
        self._catalog = catalog
        self._ids: list[str] = []
        self._scores: np.ndarray | None = None
        self._comparison: Comparison | None = None
        self._add_ids: list[str] = []
        self.model = ComparisonModel(self)
        self._build()
        self._fill_add_choices()
        self._refresh()

    # ---- public interface ----------------------------------------------------------------------

    def set_catalog(self, catalog: Catalog) -> None:
        """Switch catalogs; products the new catalog lacks leave the comparison, fit scores are dropped."""
        self._catalog = catalog
        self._scores = None
        self._fill_add_choices()
        kept = [product_id for product_id in self._ids if catalog.has(product_id)]
        self._set_ids(kept, force_refresh=True)

    def set_products(self, ids: list[str]) -> None:
        """Compare these products: unknown ids and repeats are skipped, and at most 6 are kept."""
        chosen: list[str] = []
        for product_id in ids:
            if self._catalog.has(product_id) and product_id not in chosen and len(chosen) < MAX_COMPARED:
                chosen.append(product_id)
        self._set_ids(chosen)

    def add_product(self, product_id: str) -> bool:
        """Add one product; False (with a message in the pane) when it is unknown, already in, or the pane is full."""
        if product_id in self._ids:
            self._show_status(f"{self._name(product_id)} is already in the comparison.")
            return False
        if not self._catalog.has(product_id):
            self._show_status(f"No product with id '{product_id}' in {self._catalog.source}.")
            return False
        if len(self._ids) >= MAX_COMPARED:
            self._show_status(f"A comparison holds up to {MAX_COMPARED} products: remove one to add another.")
            return False
        self._set_ids([*self._ids, product_id])
        return True

    def remove_product(self, product_id: str) -> None:
        if product_id in self._ids:
            self._set_ids([other for other in self._ids if other != product_id])

    def set_fit_scores(self, scores: np.ndarray | None) -> None:
        """Fit scores for every catalog row (0–100; NaN where a product cannot fit), or None with no profile."""
        if scores is not None and len(scores) != len(self._catalog):
            scores = None  # scores of another catalog: showing them would pair scores with the wrong products
        self._scores = scores
        self._refresh()

    def product_ids(self) -> list[str]:
        return list(self._ids)

    def options(self) -> CostOptions:
        return CostOptions(horizon_months=self.horizon_spin.value(), pairs=self.pairs_spin.value())

    def comparison(self) -> Comparison | None:
        return self._comparison

    # ---- building ------------------------------------------------------------------------------

    def _build(self) -> None:
        add_row = self._build_product_row()
        options_row = self._build_options_row()
        self._build_table()
        self.notes = QTextBrowser(self)
        self.notes.setObjectName("comparisonNotes")
        self.notes.setAccessibleName("Notes on each product")
        self.notes.setOpenLinks(False)
        self.cost_chart = CostChartView(self)
        self.attribute_chart = AttributeChartView(self)
        layout = QVBoxLayout(self)
        layout.addLayout(add_row)
        layout.addLayout(options_row)
        layout.addWidget(self._build_splitter(), 1)
        self._set_tab_order()

    def _build_product_row(self) -> QHBoxLayout:
        """Add a product by name; pick a compared product to remove or shortlist."""
        add_label = QLabel("&Add product:", self)
        add_label.setBuddy(self._build_add_combo())
        self.add_button = _button("Add to comparison", "addProductButton", "Add the product to the comparison", self)
        self.add_button.clicked.connect(self._add_chosen)
        self.column_combo = QComboBox(self)
        self.column_combo.setObjectName("comparedProductCombo")
        self.column_combo.setAccessibleName("Compared product")
        self.column_combo.setMinimumContentsLength(16)
        self.column_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.column_combo.currentIndexChanged.connect(self._column_chosen)
        column_label = QLabel("&Product:", self)
        column_label.setBuddy(self.column_combo)
        self.remove_button = _button(
            "&Remove", "removeProductButton", "Remove the chosen product from the comparison", self
        )
        self.remove_button.setToolTip("Remove the chosen product from the comparison (Delete in the table)")
        self.remove_button.clicked.connect(lambda: self._remove_column(self.column_combo.currentIndex()))
        self.shortlist_button = _button(
            "Add to &shortlist", "shortlistProductButton", "Add the chosen product to the shortlist", self
        )
        self.shortlist_button.clicked.connect(lambda: self._shortlist_column(self.column_combo.currentIndex()))
        row = QHBoxLayout()
        row.addWidget(add_label)
        row.addWidget(self.add_combo, 3)
        row.addWidget(self.add_button)
        row.addSpacing(16)
        row.addWidget(column_label)
        row.addWidget(self.column_combo, 2)
        row.addWidget(self.remove_button)
        row.addWidget(self.shortlist_button)
        return row

    def _build_add_combo(self) -> QComboBox:
        """An editable combo that completes on any part of a name or brand."""
        self.add_combo = QComboBox(self)
        self.add_combo.setObjectName("addProductCombo")
        self.add_combo.setAccessibleName("Product to add")
        self.add_combo.setEditable(True)
        self.add_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.add_combo.setMinimumContentsLength(22)
        self.add_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        completer = QCompleter(self.add_combo.model(), self.add_combo)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.add_combo.setCompleter(completer)
        line_edit = self.add_combo.lineEdit()
        assert line_edit is not None  # an editable combo always has one
        line_edit.setPlaceholderText("Type a name or brand")
        line_edit.returnPressed.connect(self._add_chosen)
        return self.add_combo

    def _build_options_row(self) -> QHBoxLayout:
        """The cost horizon, the pairs of shoes, "only differences" and the status line."""
        self.horizon_spin = _spin("horizonSpin", "Horizon in months", "Months to count replacements over", self)
        self.horizon_spin.setRange(1, MAX_HORIZON_MONTHS)
        self.horizon_spin.setValue(CostOptions.horizon_months)
        self.horizon_spin.setSuffix(" months")
        self.horizon_spin.valueChanged.connect(self._refresh)
        horizon_label = QLabel("&Horizon:", self)
        horizon_label.setBuddy(self.horizon_spin)
        self.pairs_spin = _spin(
            "pairsSpin",
            "Pairs of shoes to fit",
            "An insole that cannot move between shoes is bought for each pair of shoes",
            self,
        )
        self.pairs_spin.setRange(1, MAX_PAIRS)
        self.pairs_spin.setValue(CostOptions.pairs)
        self.pairs_spin.valueChanged.connect(self._refresh)
        pairs_label = QLabel("Pairs of shoes &to fit:", self)
        pairs_label.setBuddy(self.pairs_spin)
        self.differences_check = QCheckBox("Show only &differences", self)
        self.differences_check.setObjectName("onlyDifferencesCheck")
        self.differences_check.setAccessibleName("Show only differences")
        self.differences_check.toggled.connect(self._only_differences_toggled)
        self.status_label = QLabel(self)
        self.status_label.setObjectName("comparisonStatus")
        self.status_label.setAccessibleName("Comparison status")
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)  # quotes product names and typed text
        self.status_label.setWordWrap(True)
        row = QHBoxLayout()
        for widget in (horizon_label, self.horizon_spin, pairs_label, self.pairs_spin, self.differences_check):
            row.addWidget(widget)
            if widget in (self.horizon_spin, self.pairs_spin, self.differences_check):
                row.addSpacing(12)
        row.addWidget(self.status_label, 1)
        return row

    def _build_table(self) -> None:
        """Attributes as rows, products as columns; a product's menu on its header and cells."""
        self.table = QTableView(self)
        self.table.setObjectName("comparisonTable")
        self.table.setAccessibleName("Comparison table: attributes as rows, products as columns")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().setAccessibleName("Compared attributes")
        self._build_table_header()
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._table_menu_requested)
        self.table.selectionModel().currentChanged.connect(self._current_cell_changed)
        remove_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        remove_shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        remove_shortcut.activated.connect(lambda: self._remove_column(self.table.currentIndex().column()))

    def _build_table_header(self) -> None:
        header = self.table.horizontalHeader()
        header.setAccessibleName("Compared products")
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(120)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._header_menu_requested)
        header.sectionClicked.connect(self._select_column)

    def _build_splitter(self) -> QSplitter:
        """The table over the notes on the left, the two charts on the right."""
        left = QSplitter(Qt.Orientation.Vertical, self)
        left.addWidget(self.table)
        left.addWidget(self.notes)
        left.setStretchFactor(0, 3)
        left.setStretchFactor(1, 2)
        right = QSplitter(Qt.Orientation.Vertical, self)
        right.addWidget(self.cost_chart)
        right.addWidget(self.attribute_chart)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([660, 440])
        self.splitter.setChildrenCollapsible(False)
        return self.splitter

    def _set_tab_order(self) -> None:
        chain = [
            self.add_combo,
            self.add_button,
            self.column_combo,
            self.remove_button,
            self.shortlist_button,
            self.horizon_spin,
            self.pairs_spin,
            self.differences_check,
            self.table,
            self.notes,
        ]
        for first, second in itertools.pairwise(chain):
            self.setTabOrder(first, second)

    def _fill_add_choices(self) -> None:
        frame = self._catalog.frame
        names = frame["name"].astype(str) + " — " + frame["brand"].astype(str)
        order = np.argsort(names.str.casefold().to_numpy(dtype=str), kind="stable")
        ids = frame["id"].to_numpy(dtype=object)
        self._add_ids = [str(ids[position]) for position in order]
        labels = names.to_numpy(dtype=object)[order].tolist()
        self.add_combo.blockSignals(True)
        self.add_combo.clear()
        self.add_combo.addItems(labels)
        self.add_combo.setCurrentIndex(-1)
        self.add_combo.blockSignals(False)

    # ---- slots (thin: they change the chosen ids or options, then show the core's result) ------

    def _add_chosen(self) -> None:
        """Add the product typed or picked: an exact label, or a piece of text only one product contains."""
        text = self.add_combo.currentText().strip()
        if not text:
            return
        position = self.add_combo.findText(text, Qt.MatchFlag.MatchFixedString)
        if position < 0:
            model = self.add_combo.model()
            hits = model.match(model.index(0, 0), Qt.ItemDataRole.DisplayRole, text, 2, Qt.MatchFlag.MatchContains)
            if len(hits) != 1:
                several = "Several products match" if hits else "No product matches"
                self._show_status(f"{several} '{text}': pick one from the list.")
                return
            position = hits[0].row()
        if self.add_product(self._add_ids[position]):
            self.add_combo.setCurrentIndex(-1)
            self.add_combo.clearEditText()

    def _only_differences_toggled(self, only: bool) -> None:
        self.model.set_only_differences(only)
        self._show_status()

    def _column_chosen(self, column: int) -> None:
        has_product = 0 <= column < len(self._ids)
        self.remove_button.setEnabled(has_product)
        self.shortlist_button.setEnabled(has_product)

    def _select_column(self, column: int) -> None:
        if 0 <= column < len(self._ids):
            self.column_combo.setCurrentIndex(column)

    def _current_cell_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self._select_column(current.column())

    def _remove_column(self, column: int) -> None:
        if 0 <= column < len(self._ids):
            self.remove_product(self._ids[column])

    def _shortlist_column(self, column: int) -> None:
        if 0 <= column < len(self._ids):
            product_id = self._ids[column]
            self.addToShortlistRequested.emit(product_id)
            self._show_status(f"{self._name(product_id)}: asked to add it to the shortlist.")

    def column_menu(self, column: int) -> QMenu:
        """The actions on one product's column (header and table context menus)."""
        menu = QMenu(self)
        name = self._name(self._ids[column])
        remove = menu.addAction(menu_text(f"Remove {name} from the comparison"))
        remove.triggered.connect(lambda: self._remove_column(column))
        shortlist = menu.addAction(menu_text(f"Add {name} to the shortlist"))
        shortlist.triggered.connect(lambda: self._shortlist_column(column))
        return menu

    def _header_menu_requested(self, pos: QPoint) -> None:
        header = self.table.horizontalHeader()
        column = header.logicalIndexAt(pos)
        if 0 <= column < len(self._ids):
            self._select_column(column)
            self.column_menu(column).exec(header.mapToGlobal(pos))

    def _table_menu_requested(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if not index.isValid():
            index = self.table.currentIndex()  # the Menu key: act on the current cell's product
        if index.isValid() and 0 <= index.column() < len(self._ids):
            self._select_column(index.column())
            self.column_menu(index.column()).exec(self.table.viewport().mapToGlobal(pos))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.model.set_palette(self.palette())

    # ---- showing the result --------------------------------------------------------------------

    def _set_ids(self, ids: list[str], *, force_refresh: bool = False) -> None:
        changed = ids != self._ids
        self._ids = ids
        if changed or force_refresh:
            self._refresh()
        if changed:
            self.productsChanged.emit(list(ids))

    def _refresh(self) -> None:
        options = self.options()
        self._comparison = compare_products(self._catalog, self._ids, options, self._scores) if self._ids else None
        self.model.set_comparison(self._comparison)
        self.cost_chart.set_comparison(self._comparison)
        self.attribute_chart.set_comparison(self._comparison)
        self.notes.setHtml(self._notes_html())
        self._fill_column_choices()
        self._show_status()

    def _fill_column_choices(self) -> None:
        current = self.column_combo.currentIndex()
        self.column_combo.blockSignals(True)
        self.column_combo.clear()
        self.column_combo.addItems([self._name(product_id) for product_id in self._ids])
        self.column_combo.setCurrentIndex(min(max(current, 0), len(self._ids) - 1))
        self.column_combo.blockSignals(False)
        self._column_chosen(self.column_combo.currentIndex())
        self.add_button.setEnabled(len(self._ids) < MAX_COMPARED)

    def _show_status(self, message: str | None = None) -> None:
        if message is None:
            count = len(self._ids)
            if count == 0:
                message = (
                    f"Choose {MIN_COMPARED} to {MAX_COMPARED} products to compare: "
                    "add them here, from the results table or from the shortlist."
                )
            elif count < MIN_COMPARED:
                message = "Add at least one more product to compare."
            else:
                message = f"{count} products compared (up to {MAX_COMPARED})."
                hidden = self.model.hidden_row_count()
                if self.model.only_differences() and hidden:
                    message += f" {hidden} rows that are the same for all are hidden."
        self.status_label.setText(message)

    def _name(self, product_id: str) -> str:
        position = self._catalog.position_of(product_id)
        return product_id if position is None else str(self._catalog.frame["name"].iat[position])

    def _notes_html(self) -> str:
        comparison = self._comparison
        if comparison is None:
            return "<p>Notes on cost, fit and care appear here once products are added.</p>"
        options = comparison.options
        shoes = "pair of shoes" if options.pairs == 1 else "pairs of shoes"
        parts = [
            f"<p>Costs over <b>{options.horizon_months} months</b> for <b>{options.pairs} {shoes}</b>, "
            "replacements included; each product in its own currency.</p>"
        ]
        for cost, record in zip(comparison.products, comparison.records, strict=True):
            parts.append(f"<h4>{html.escape(cost.name)} <small>({html.escape(str(record['brand']))})</small></h4>")
            items = "".join(f"<li>{html.escape(note)}</li>" for note in comparison.notes[cost.product_id])
            parts.append(f"<ul>{items}</ul>")
        parts.append(f"<p><small>{html.escape(HEALTH_NOTE)}</small></p>")
        return "".join(parts)


def _button(text: str, object_name: str, accessible_name: str, parent: QWidget) -> QPushButton:
    button = QPushButton(text, parent)
    button.setObjectName(object_name)
    button.setAccessibleName(accessible_name)
    return button


def _spin(object_name: str, accessible_name: str, tooltip: str, parent: QWidget) -> QSpinBox:
    spin = QSpinBox(parent)
    spin.setObjectName(object_name)
    spin.setAccessibleName(accessible_name)
    spin.setToolTip(tooltip)
    return spin
