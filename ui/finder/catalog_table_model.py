"""The results table: a thin Qt adapter over the catalog frame and an index array of visible rows.

Filtering and sorting are computed by the core over the whole catalog; this model only swaps in
the new array of visible positions. It never loops over the catalog in Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from catalog_app.finder.finder import monthly_costs
from catalog_app.finder.fit_score import CONFIDENCE_LEVELS
from catalog_app.finder.sorting import SortRanks, column_ranks_of, sort_positions
from catalog_app.io.catalog import Catalog
from catalog_app.model.catalog_frame import values_of_mask
from catalog_app.model.display import format_choice, format_choices, format_flag, format_money, format_number
from catalog_app.validation.claims import CLAIMS_MARK, claim_words
from ui.widgets.column_header import column_header_data
from ui.widgets.plain_text import tooltip_text

ModelIndex = QModelIndex | QPersistentModelIndex


class ProductRole(IntEnum):
    ID = Qt.ItemDataRole.UserRole + 1  # the product id of the row
    RAW = Qt.ItemDataRole.UserRole + 2  # the typed value of the cell, for comparison and export
    POSITION = Qt.ItemDataRole.UserRole + 3  # the row's position in the catalog frame


@dataclass(frozen=True)
class TableColumn:
    key: str
    header: str
    kind: str  # text, money, number, choice, choices, flag, score, confidence
    width: int = 110
    tooltip: str = ""


TABLE_COLUMNS: tuple[TableColumn, ...] = (
    TableColumn("fit_score", "Fit", "score", 44, "Fit score 0–100 for the current foot profile"),
    TableColumn(
        "confidence",
        "Confidence",
        "confidence",
        85,
        "How much of the fit score rests on well-supported (moderate-evidence) rules: high, medium or low",
    ),
    TableColumn("name", "Name", "text", 180),
    TableColumn("brand", "Brand", "text", 125),
    TableColumn("category", "Category", "choice", 115),
    TableColumn("price", "Price", "money", 80),
    TableColumn(
        "monthly_over_horizon",
        "Monthly (2 yr)",
        "money",
        105,
        "True monthly cost: everything spent over 2 years (price, replacement pairs, any clinic fee) divided by 24",
    ),
    TableColumn("lifespan_months", "Lifespan (mo)", "number", 95, "Typical lifespan in months"),
    TableColumn(
        "cost_per_month", "Per month", "money", 85, "Per month of wear: the price divided by the typical lifespan"
    ),
    TableColumn("arch_support", "Arch support", "choice", 95),
    TableColumn("cushioning", "Cushioning", "choice", 90),
    TableColumn("rigidity", "Rigidity", "choice", 150),
    TableColumn("heel_cup", "Heel cup", "choice", 75),
    TableColumn("length", "Length", "choice", 105),
    TableColumn("shoe_types", "Shoe types", "choices", 240),
)
COLUMN_INDEX = {column.key: position for position, column in enumerate(TABLE_COLUMNS)}
COLUMN_COUNT = len(TABLE_COLUMNS)
# Roles as plain integers, compared once per painted cell (Qt asks for seven roles per cell).
DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
FONT = int(Qt.ItemDataRole.FontRole.value)
TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole.value)
ID_ROLE, RAW_ROLE, POSITION_ROLE = (int(role) for role in (ProductRole.ID, ProductRole.RAW, ProductRole.POSITION))
OTHER_ROLES = frozenset({TOOLTIP, ID_ROLE, RAW_ROLE, POSITION_ROLE})  # answered besides text, alignment and font
RIGHT_ALIGNED = int((Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value)
ALIGNMENTS = tuple(RIGHT_ALIGNED if column.kind in ("money", "number", "score") else None for column in TABLE_COLUMNS)
DISPLAY_CACHE_SIZE = 20_000  # display texts of cells seen lately (a screenful is a few hundred)
CLAIMS_TOOLTIP = (
    "Claims not checked: the name or description claims an effect (such as cures or clinically proven); "
    "the app has not checked it"
)


DESCENDING = Qt.SortOrder.DescendingOrder


class TextCells:
    """A text column read one cell at a time, as a repaint does (a hundred cells, seven roles
    each): a categorical's code into its distinct texts (each looked up once), or the Arrow
    array's own cell. What pandas' indexing answers, in about a microsecond instead of 20-50;
    a missing cell is answered by pandas itself, as before."""

    def __init__(self, series: pd.Series) -> None:
        self._array = series.array
        self._codes: np.ndarray | None = None
        self._categories: pd.Index | None = None
        self._texts: dict[int, Any] = {}  # code -> its text, looked up on first use
        self._arrow: pa.ChunkedArray | pa.Array | None = None
        if isinstance(series.dtype, pd.CategoricalDtype):
            self._codes = series.cat.codes.to_numpy()
            self._categories = series.cat.categories
        else:
            arrow = getattr(self._array, "_pa_array", None)
            if isinstance(arrow, pa.ChunkedArray | pa.Array):
                self._arrow = arrow

    def __getitem__(self, position: int) -> Any:
        if self._codes is not None and self._categories is not None:
            code = int(self._codes[position])
            if code >= 0:
                text = self._texts.get(code)
                if text is None:
                    text = self._texts[code] = self._categories[code]
                return text
        elif self._arrow is not None:
            text = self._arrow[position].as_py()
            if text is not None:
                return text
        return self._array[position]


class CatalogTableModel(QAbstractTableModel):
    _excluded: np.ndarray | None  # per catalog row: does not fit the profile (only when such rows are listed)

    def __init__(self, catalog: Catalog, parent: Any = None) -> None:
        super().__init__(parent)
        self._visible = np.arange(0, dtype=np.int64)
        self._scores: np.ndarray | None = None
        self._confidence: np.ndarray | None = None  # per catalog row, an index into CONFIDENCE_LEVELS
        self._sort: tuple[int, Qt.SortOrder] = (COLUMN_INDEX["name"], Qt.SortOrder.AscendingOrder)
        self._set_catalog_data(catalog)

    # ---- what the window calls ---------------------------------------------------------------

    @property
    def catalog(self) -> Catalog:
        return self._catalog

    @property
    def visible_positions(self) -> np.ndarray:
        return self._visible

    def set_catalog(self, catalog: Catalog, *, rows_follow: bool = False) -> None:
        """Show every product of `catalog`, sorted; with `rows_follow`, none until the caller's
        `set_results` (which comes before any repaint): a million rows are not sorted for nothing."""
        self.beginResetModel()
        self._set_catalog_data(catalog, rows_follow=rows_follow)
        self.endResetModel()

    def sort_rank_key(self, *, scored: bool) -> str:
        """The catalog column whose rank orders the table now, once scores are `scored` or not
        (fit and confidence without scores sort by name); a new catalog's loader ranks it ahead."""
        key = TABLE_COLUMNS[self._sort[0]].key
        return "name" if key in ("fit_score", "confidence") and not scored else key

    def set_visible(self, positions: np.ndarray) -> None:
        """Swap in a new array of visible catalog positions, kept in the current sort order."""
        self.beginResetModel()
        self._visible = self._sorted(np.asarray(positions, dtype=np.int64))
        self.endResetModel()

    def set_results(
        self,
        positions: np.ndarray,
        scores: np.ndarray | None,
        excluded: np.ndarray | None = None,
        confidence: np.ndarray | None = None,
        *,
        score_ranks: np.ndarray | None = None,
        best_first: bool = False,
    ) -> None:
        """New scores and `set_visible` in one reset and one sort. `excluded` marks, for every
        catalog row, products that do not fit the profile (shown in italics when listed);
        `confidence` gives each row's confidence code (None: no profile, the column stays empty).
        `best_first`: `positions` are in the finder's order (best fit first, ties by cost), which
        is the table's own order when it sorts by fit, best first: no rank or sort is needed.
        `score_ranks` (the scores as sort ranks, e.g. `FitResult.score_ranks`) saves ranking them again."""
        if scores is not self._scores:
            self._scores = scores
            self._ranks.forget("fit_score")
            if scores is not None and score_ranks is not None:
                self._ranks.keep("fit_score", score_ranks)
        self._confidence = confidence
        self._excluded = excluded if excluded is not None and excluded.any() else None
        positions = np.asarray(positions, dtype=np.int64)
        in_order = best_first and scores is not None and self._sort == (COLUMN_INDEX["fit_score"], DESCENDING)
        self.beginResetModel()
        self._visible = positions if in_order else self._sorted(positions)
        self.endResetModel()

    def is_excluded(self, row: int) -> bool:
        return self._excluded is not None and bool(self._excluded[self._visible[row]])

    def product_id(self, row: int) -> str:
        return str(self._ids[self._visible[row]])

    def position(self, row: int) -> int:
        return int(self._visible[row])

    def row_of(self, product_id: str) -> int | None:
        position = self._catalog.position_of(product_id)
        if position is None:
            return None
        rows = np.flatnonzero(self._visible == position)
        return int(rows[0]) if len(rows) else None

    # ---- QAbstractTableModel -----------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(TABLE_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        return column_header_data(TABLE_COLUMNS, section, role)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # A repaint asks seven roles of every cell it paints; the three it uses (text, alignment,
        # font) are answered first, the other four at once. (An invalid index has row -1.)
        row, column_number = index.row(), index.column()
        if not (0 <= row < len(self._visible) and 0 <= column_number < COLUMN_COUNT):
            return None
        if role == DISPLAY:
            return self._display_text(column_number, int(self._visible[row]))
        if role == ALIGNMENT:
            return ALIGNMENTS[column_number]
        if role == FONT:
            return self._italic if self.is_excluded(row) else None
        if role not in OTHER_ROLES:  # decoration, colours, check state
            return None
        position = int(self._visible[row])
        if role == ID_ROLE:
            return str(self._ids[position])
        if role == POSITION_ROLE:
            return position
        if role == RAW_ROLE:
            return self._raw(TABLE_COLUMNS[column_number], position)
        if self.is_excluded(row):
            return "Doesn't fit your profile (shoe type or budget); the detail pane says why"
        if TABLE_COLUMNS[column_number].key == "name":
            description = str(self._descriptions[position])
            text = f"{CLAIMS_TOOLTIP}\n\n{description}" if self._makes_claims(position) else description
            return tooltip_text(text)
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(TABLE_COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._visible = self._sorted(self._visible)
        self.layoutChanged.emit()

    # ---- internals ---------------------------------------------------------------------------

    def _set_catalog_data(self, catalog: Catalog, *, rows_follow: bool = False) -> None:
        frame = catalog.frame
        self._catalog = catalog
        self._frame = frame
        # Text stays in the frame's Arrow-backed arrays, read one visible cell at a time: turning a
        # million-row column into Python strings would cost a second and hundreds of MB.
        self._ids = TextCells(frame["id"])
        self._descriptions = TextCells(frame["description"])
        self._names = TextCells(frame["name"])
        self._currency = TextCells(frame["currency"])
        self._price = frame["price"].to_numpy()
        self._cost_per_month = self._price / frame["lifespan_months"].to_numpy()
        self._arrays: dict[str, Any] = {}  # numpy arrays, and `TextCells` for text
        self._categories: dict[str, list[str]] = {}
        for column in TABLE_COLUMNS:
            if column.key not in frame:
                continue
            series = frame[column.key]
            if isinstance(series.dtype, pd.CategoricalDtype) and column.kind == "choice":
                self._arrays[column.key] = series.cat.codes.to_numpy()
                self._categories[column.key] = [str(value) for value in series.cat.categories]
            elif column.kind == "text":
                self._arrays[column.key] = TextCells(series)
            else:
                self._arrays[column.key] = series.to_numpy()
        self._arrays["cost_per_month"] = self._cost_per_month
        self._ranks = SortRanks(frame, column_ranks_of(catalog))
        self._texts: dict[tuple[int, int], str] = {}
        self._italic = QFont()
        self._italic.setItalic(True)
        self._scores = None
        self._confidence = None
        self._excluded = None
        if rows_follow:
            self._visible = np.zeros(0, dtype=np.int64)
        else:
            self._visible = self._sorted(np.arange(len(frame), dtype=np.int64))

    def _value(self, column: TableColumn, position: int) -> Any:
        if column.kind == "score":
            return None if self._scores is None else float(self._scores[position])
        if column.kind == "confidence":
            return None if self._confidence is None else CONFIDENCE_LEVELS[int(self._confidence[position])]
        value = self._column_array(column.key)[position]
        if column.kind == "choice":
            return self._categories[column.key][value] if value >= 0 else ""
        if column.kind == "choices":
            return values_of_mask(column.key, int(value))
        return value

    def _display_text(self, column_number: int, position: int) -> str:
        """A cell's text; the catalog's own columns are formatted once and kept for a while (a
        repaint after a change shows mostly the same products), the fit columns each time."""
        column = TABLE_COLUMNS[column_number]
        if column.kind in ("score", "confidence"):
            return self._display(column, position)
        key = (position, column_number)
        text = self._texts.get(key)
        if text is None:
            if len(self._texts) >= DISPLAY_CACHE_SIZE:
                self._texts.clear()
            text = self._texts[key] = self._display(column, position)
        return text

    def _display(self, column: TableColumn, position: int) -> str:
        value = self._value(column, position)
        if column.kind == "score":
            return "" if value is None else f"{value:.0f}"
        if column.kind == "confidence":
            return "" if value is None else str(value).capitalize()
        if column.key == "name" and self._makes_claims(position):
            return f"{value} [{CLAIMS_MARK}]"
        if column.kind == "money":
            return format_money(float(value), str(self._currency[position]))
        if column.kind == "number":
            return format_number(float(value))
        if column.kind == "choice":
            return format_choice(value)
        if column.kind == "choices":
            return format_choices(value)
        if column.kind == "flag":
            return format_flag(bool(value))
        return str(value)

    def _column_array(self, key: str) -> Any:
        """A column's values; the true monthly cost is the catalog's shared one (the loader's ranking
        by fit computes it off the UI thread), fetched on first use."""
        if key == "monthly_over_horizon" and key not in self._arrays:
            self._arrays[key] = monthly_costs(self._catalog)
        return self._arrays[key]

    def _makes_claims(self, position: int) -> bool:
        """Whether the name or description claims an effect: read per painted cell, since scanning a
        million descriptions when a catalog opens would hold the window for a second."""
        return bool(claim_words(f"{self._names[position]} {self._descriptions[position]}"))

    def _raw(self, column: TableColumn, position: int) -> Any:
        value = self._value(column, position)
        if isinstance(value, np.generic):
            return value.item()
        if isinstance(value, tuple):
            return list(value)
        return value

    def _rank(self, key: str) -> np.ndarray:
        if key == "fit_score":
            scores = self._scores
            if scores is None:
                return self._ranks.rank("name")
            return self._ranks.rank("fit_score", lambda: scores)
        if key == "confidence":
            if self._confidence is None:
                return self._ranks.rank("name")
            # The codes 0 low, 1 medium, 2 high already are dense ranks: no need to rank a million of them.
            return self._confidence.astype(np.uint16, copy=False)
        if key in ("cost_per_month", "monthly_over_horizon"):
            return self._ranks.rank(key, lambda: self._column_array(key))
        if key in self._categories:
            return self._ranks.rank(key)
        return self._ranks.rank(key, lambda: self._arrays[key])

    def _sorted(self, positions: np.ndarray) -> np.ndarray:
        column, order = self._sort
        key = TABLE_COLUMNS[column].key
        return sort_positions(positions, self._rank(key), descending=order == Qt.SortOrder.DescendingOrder)
