"""The comparison table: attributes as rows, products as columns, over a core `Comparison`.

A thin adapter: the core decides what differs and what is best; this model only shows it. Rows
that differ get a bold heading with a marker; the best value on a row gets a bold font and a
background blended from the palette's highlight, so it reads in light and dark themes alike.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette

from catalog_app.costs.comparison import Comparison, ComparisonRow
from ui.widgets.plain_text import tooltip_text

ModelIndex = QModelIndex | QPersistentModelIndex

DIFFERS_MARKER = "◆"
BEST_TOOLTIP = {"lower": "Best of those compared: the lowest", "higher": "Best of those compared: the highest"}


class ComparisonRole(IntEnum):
    RAW = Qt.ItemDataRole.UserRole + 1  # the typed value of the cell (float, str, list, bool or None)
    PRODUCT_ID = Qt.ItemDataRole.UserRole + 2  # the product id of the cell's column
    ATTRIBUTE = Qt.ItemDataRole.UserRole + 3  # the row's attribute key, e.g. "cost_over_horizon"
    IS_BEST = Qt.ItemDataRole.UserRole + 4  # True where the cell holds the row's best value
    DIFFERS = Qt.ItemDataRole.UserRole + 5  # True where the products differ on the row


def best_background(palette: QPalette) -> QColor:
    """The highlight colour blended a third of the way over the base colour: visible, text stays readable."""
    base = palette.color(QPalette.ColorRole.Base)
    highlight = palette.color(QPalette.ColorRole.Highlight)
    share = 0.35
    return QColor(
        round(base.red() + (highlight.red() - base.red()) * share),
        round(base.green() + (highlight.green() - base.green()) * share),
        round(base.blue() + (highlight.blue() - base.blue()) * share),
    )


class ComparisonModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._comparison: Comparison | None = None
        self._visible: list[int] = []  # positions in comparison.rows
        self._only_differences = False
        self._best_color = best_background(QGuiApplication.palette())
        self._bold = QFont()
        self._bold.setBold(True)

    # ---- what the view calls -------------------------------------------------------------------

    def comparison(self) -> Comparison | None:
        return self._comparison

    def set_comparison(self, comparison: Comparison | None) -> None:
        """Show a new comparison; when only the figures changed, update in place (keeps selection and scroll)."""
        previous = self._comparison
        visible = self._visible_rows(comparison, self._only_differences)
        same_shape = (
            previous is not None
            and comparison is not None
            and previous.product_ids == comparison.product_ids
            and visible == self._visible
            and [row.attribute for row in previous.rows] == [row.attribute for row in comparison.rows]
        )
        if same_shape and visible:
            self._comparison = comparison
            self.dataChanged.emit(self.index(0, 0), self.index(len(visible) - 1, self.columnCount() - 1))
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, len(visible) - 1)
            return
        self.beginResetModel()
        self._comparison = comparison
        self._visible = visible
        self.endResetModel()

    def only_differences(self) -> bool:
        return self._only_differences

    def set_only_differences(self, only: bool) -> None:
        if only == self._only_differences:
            return
        self.beginResetModel()
        self._only_differences = only
        self._visible = self._visible_rows(self._comparison, only)
        self.endResetModel()

    def set_palette(self, palette: QPalette) -> None:
        self._best_color = best_background(palette)
        if self.rowCount() and self.columnCount():
            self.dataChanged.emit(
                self.index(0, 0),
                self.index(self.rowCount() - 1, self.columnCount() - 1),
                [Qt.ItemDataRole.BackgroundRole],
            )

    def product_id(self, column: int) -> str:
        assert self._comparison is not None
        return self._comparison.products[column].product_id

    def row_of(self, attribute: str) -> int | None:
        if self._comparison is None:
            return None
        for row, position in enumerate(self._visible):
            if self._comparison.rows[position].attribute == attribute:
                return row
        return None

    def hidden_row_count(self) -> int:
        """Rows hidden by "show only differences"."""
        return 0 if self._comparison is None else len(self._comparison.rows) - len(self._visible)

    # ---- QAbstractTableModel -------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self._comparison is None:
            return 0
        return len(self._comparison.products)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        comparison = self._comparison
        if comparison is None:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(comparison.products):
                return None
            cost = comparison.products[section]
            brand = str(comparison.records[section]["brand"])
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{cost.name}\n{brand}"
            if role == Qt.ItemDataRole.ToolTipRole:
                return tooltip_text(f"{cost.name} ({brand}), id {cost.product_id}. Right-click for actions.")
            if role == ComparisonRole.PRODUCT_ID:
                return cost.product_id
            return None
        if not 0 <= section < len(self._visible):
            return None
        row = comparison.rows[self._visible[section]]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{DIFFERS_MARKER} {row.label}" if row.differs else row.label
        if role == Qt.ItemDataRole.FontRole and row.differs:
            return self._bold
        if role == Qt.ItemDataRole.ToolTipRole:
            return "The products differ here" if row.differs else "The same for every product"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == ComparisonRole.ATTRIBUTE:
            return row.attribute
        if role == ComparisonRole.DIFFERS:
            return row.differs
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        comparison = self._comparison
        if comparison is None or not index.isValid():
            return None
        if not (0 <= index.row() < len(self._visible) and 0 <= index.column() < len(comparison.products)):
            return None
        row = comparison.rows[self._visible[index.row()]]
        column = index.column()
        is_best = row.best == column
        if role == Qt.ItemDataRole.DisplayRole:
            return row.display[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip_text(self._tooltip(row, column, is_best))
        if role == Qt.ItemDataRole.AccessibleDescriptionRole and is_best:
            return "best value of those compared"
        if role == Qt.ItemDataRole.FontRole and is_best:
            return self._bold
        if role == Qt.ItemDataRole.BackgroundRole and is_best:
            return self._best_color
        if role == ComparisonRole.RAW:
            return row.values[column]
        if role == ComparisonRole.PRODUCT_ID:
            return comparison.products[column].product_id
        if role == ComparisonRole.ATTRIBUTE:
            return row.attribute
        if role == ComparisonRole.IS_BEST:
            return is_best
        if role == ComparisonRole.DIFFERS:
            return row.differs
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # ---- internals -----------------------------------------------------------------------------

    @staticmethod
    def _visible_rows(comparison: Comparison | None, only_differences: bool) -> list[int]:
        if comparison is None or not comparison.products:
            return []
        return [position for position, row in enumerate(comparison.rows) if row.differs or not only_differences]

    @staticmethod
    def _tooltip(row: ComparisonRow, column: int, is_best: bool) -> str:
        text = f"{row.label}: {row.display[column]}"
        if is_best and row.better:
            text += f"\n{BEST_TOOLTIP[row.better]}"
        if row.attribute in ("cost_per_month", "cost_over_horizon") and "–" in row.display[column]:
            text += "\nA range: the catalog gives a lifespan range (longest lifespan, lowest cost)"
        return text
