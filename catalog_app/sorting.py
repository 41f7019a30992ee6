"""Sorting the visible products by any column, fast: each column's rank is computed once."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd


class SortRanks:
    """Rank arrays per sort key over the whole catalog, computed on first use and kept.

    Sorting the visible rows is then one gather and one stable argsort of integers.
    Missing values rank last in either direction.
    """

    def __init__(self, frame: pd.DataFrame) -> None:
        self._frame = frame
        self._ranks: dict[str, np.ndarray] = {}

    def rank(self, key: str, values: Callable[[], np.ndarray] | None = None) -> np.ndarray:
        if key not in self._ranks:
            column = values() if values is not None else self._frame[key]
            self._ranks[key] = column_rank(column)
        return self._ranks[key]

    def forget(self, key: str) -> None:
        self._ranks.pop(key, None)


def column_rank(column: pd.Series | np.ndarray) -> np.ndarray:
    series = pd.Series(column, copy=False)
    if isinstance(series.dtype, pd.CategoricalDtype):
        codes = series.cat.codes.to_numpy().astype(np.int64)
        return np.where(codes < 0, np.iinfo(np.int32).max, codes)
    if pd.api.types.is_string_dtype(series.dtype) or series.dtype == object:
        series = series.astype(str).str.casefold()
    ranks = series.rank(method="dense", na_option="keep").to_numpy()
    return np.where(np.isnan(ranks), np.iinfo(np.int32).max, ranks).astype(np.int64)


def sort_positions(positions: np.ndarray, rank: np.ndarray, *, descending: bool) -> np.ndarray:
    """`positions` reordered by `rank`; ties keep their current order; missing values last."""
    keys = rank[positions]
    if descending:
        missing = keys == np.iinfo(np.int32).max
        keys = np.where(missing, np.iinfo(np.int32).max, -keys)
    order = np.argsort(keys, kind="stable")
    return positions[order]
