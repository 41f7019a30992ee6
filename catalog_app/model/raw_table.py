"""A catalog file as read, before validation: its cells and the row numbers the user sees.

A reader hands over either a pandas frame of text cells (small files, read row by row) or a
pyarrow table (large files: CSV parsed by pyarrow, Parquet), whose columns are text, text with a
dictionary of distinct values, or typed (numbers, flags in Parquet). Validation reads the pyarrow
form column by column; the text frame is built only when someone asks for it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from catalog_app.model.schema import cell_text
from catalog_app.model.validation_report import Problem


class RawTable:
    """`frame` holds every cell as a `str` ("" when empty); `row_numbers[i]` is the user's row for
    record i. `warnings` are notes about the file; `row_errors` are rows the reader could not split
    cleanly (ragged rows), which validation rejects."""

    def __init__(
        self,
        frame: pd.DataFrame | None,
        row_numbers: np.ndarray,
        source: str,
        warnings: list[Problem] | None = None,
        row_errors: list[Problem] | None = None,
        *,
        arrow: pa.Table | None = None,
    ) -> None:
        if frame is None and arrow is None:
            raise ValueError("a RawTable needs a frame or a pyarrow table")
        self._frame = frame
        self._arrow = arrow
        self._dropped = False
        self.row_numbers = row_numbers
        self.source = source
        self.warnings = list(warnings or [])
        self.row_errors = list(row_errors or [])

    @classmethod
    def from_records(
        cls,
        header: list[str],
        records: list[list[str]],
        source: str,
        *,
        first_row: int = 2,
        warnings: list[Problem] | None = None,
    ) -> RawTable:
        frame = pd.DataFrame(records, columns=header, dtype=object) if records else _empty(header)
        return cls(
            frame=frame.fillna(""),
            row_numbers=np.arange(first_row, first_row + len(records), dtype=np.int64),
            source=source,
            warnings=warnings,
        )

    def drop_cells(self) -> None:
        """Let go of the cells (validation, once it has what it needs from them): a million rows
        as read and the catalog built from them are never held together for longer than that."""
        self._frame = None
        self._arrow = None
        self._dropped = True

    def _check_not_dropped(self) -> None:
        if self._dropped:
            raise RuntimeError(f"the cells of {self.source} were dropped once they had been checked")

    @property
    def frame(self) -> pd.DataFrame:
        """Every cell as text, as a pandas frame (built on first use from the pyarrow table)."""
        self._check_not_dropped()
        if self._frame is None:
            assert self._arrow is not None
            self._frame = pd.DataFrame(
                {name: _text_cells(self._arrow.column(name)) for name in self._arrow.column_names},
                columns=list(self._arrow.column_names),
            )
        return self._frame

    @frame.setter
    def frame(self, frame: pd.DataFrame) -> None:
        self._frame = frame
        self._arrow = None

    @property
    def frame_is_source(self) -> bool:
        """Whether the cells live in the text frame (small files) rather than a pyarrow table."""
        return self._arrow is None

    def replace_arrow(self, table: pa.Table) -> None:
        """New cells (a reader correcting them); the text frame follows on next use."""
        self._arrow = table
        self._frame = None

    @property
    def arrow(self) -> pa.Table:
        """The cells as a pyarrow table (built on first use from the text frame)."""
        self._check_not_dropped()
        if self._arrow is None:
            assert self._frame is not None
            self._arrow = pa.table(
                {str(name): _arrow_text(self._frame[name]) for name in self._frame.columns},
            )
        return self._arrow

    @property
    def column_names(self) -> list[str]:
        self._check_not_dropped()
        if self._arrow is not None:
            return [str(name) for name in self._arrow.column_names]
        assert self._frame is not None
        return [str(name) for name in self._frame.columns]

    def __len__(self) -> int:
        return len(self.row_numbers)

    def row_cells(self, index: int, names: Iterable[str]) -> dict[str, str]:
        """The text of one record's cells in the named columns."""
        if self._frame is not None:
            return {name: str(self._frame[name].iat[index]) for name in names}
        assert self._arrow is not None
        return {name: cell_text_of(self._arrow.column(name)[index].as_py()) for name in names}


def _empty(header: list[str]) -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series([], dtype=object) for name in header})


def _arrow_text(cells: pd.Series) -> pa.Array:
    values = cells.to_numpy(dtype=object)
    return pa.array(values, type=pa.string()) if len(values) else pa.array([], type=pa.string())


def _text_cells(column: pa.ChunkedArray) -> np.ndarray:
    column_type = column.type.value_type if pa.types.is_dictionary(column.type) else column.type
    if pa.types.is_string(column_type) or pa.types.is_large_string(column_type):
        values = column.to_numpy(zero_copy_only=False) if len(column) else np.empty(0, dtype=object)
        return np.array(["" if value is None else value for value in values], dtype=object)
    out = np.empty(len(column), dtype=object)
    out[:] = [cell_text_of(value) for value in column.to_pylist()]
    return out


def cell_text_of(value: Any) -> str:
    """A typed cell (Parquet) as the text a user would have typed; text cells pass unchanged."""
    if isinstance(value, str):
        return value
    if isinstance(value, np.ndarray):
        value = value.tolist()
    elif isinstance(value, np.generic):
        value = value.item()
    return cell_text(value)
