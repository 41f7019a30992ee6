"""Sorting the visible products by any column, fast: each column's rank is computed once.

A rank array gives every catalog row a small integer that orders like the column (equal values,
equal ranks; missing values last). Sorting the visible rows is then one gather and one stable
integer sort, which numpy does in linear time for 16-bit keys; 32-bit keys are sorted as two
16-bit passes. Ranks of a frame's own columns are shared by every `SortRanks` on that frame, so
they can be computed ahead, off the UI thread (`SortRanks.prepare`), and used by any view.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from catalog_app.io.catalog import Catalog
from catalog_app.model.schema import COLUMN_BY_NAME

TENTHS_RANGE = 60_000  # kept under uint16, whose largest value marks a missing one
KEY_BYTES = 64  # texts up to this long (in UTF-8) are ranked as numpy byte strings
KEY_BLOCK = 1 << 16  # rows per block where a step would otherwise hold a row-sized temporary


class ColumnRanks:
    """The rank arrays of one frame's columns, computed on first use and kept.

    Kept by the catalog that owns the frame (`column_ranks_of`), so every table and sort of that
    catalog shares them; the loader computes the likely ones in its own thread.
    """

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        self._ranks: dict[str, np.ndarray] = {}
        self._lock = threading.Lock()  # the loader's thread may be preparing while the UI sorts

    def rank(self, key: str) -> np.ndarray:
        ranks = self._ranks.get(key)
        if ranks is None:
            with self._lock:
                ranks = self._ranks.get(key)
                if ranks is None:
                    ranks = self._ranks[key] = column_rank(self.frame[key])
        return ranks

    def prepare(self, keys: Iterable[str]) -> None:
        """Compute the ranks of these columns now (e.g. in the thread that loaded the catalog)."""
        for key in keys:
            if key in self.frame.columns:
                self.rank(key)

    def ready(self, key: str) -> bool:
        return key in self._ranks


def column_ranks_of(catalog: Catalog) -> ColumnRanks:
    """The catalog's shared column ranks, kept with the catalog."""
    return catalog.derived(ColumnRanks, ColumnRanks)


def adopt_column_ranks(catalog: Catalog, ranks: ColumnRanks) -> bool:
    """Keep `ranks`, begun on a frame before its catalog existed (while the file was still being
    checked), as the catalog's own; True when they were of its frame and are now its ranks."""
    kept = catalog.derived(ColumnRanks, lambda frame: ranks if ranks.frame is frame else ColumnRanks(frame))
    return kept is ranks


class SortRanks:
    """Rank arrays per sort key over the whole catalog, computed on first use and kept.

    A key naming a column of the frame ranks that column through `columns` (shared with every other
    `SortRanks` given the same `ColumnRanks`, such as the catalog's own). Other keys (a fit score, a
    derived figure) rank what `values()` returns and are kept by this instance only. Missing values
    rank last in either direction.
    """

    def __init__(self, frame: pd.DataFrame, columns: ColumnRanks | None = None) -> None:
        self._frame = frame
        self._columns = columns if columns is not None and columns.frame is frame else ColumnRanks(frame)
        self._own: dict[str, np.ndarray] = {}

    def rank(self, key: str, values: Callable[[], Any] | None = None) -> np.ndarray:
        if key in self._frame.columns:
            return self._columns.rank(key)
        if key not in self._own:
            self._own[key] = column_rank(values() if values is not None else self._frame[key])
        return self._own[key]

    def prepare(self, keys: Iterable[str]) -> None:
        """Compute the ranks of these frame columns now (e.g. in the thread that loaded the catalog)."""
        self._columns.prepare(keys)

    def ready(self, key: str) -> bool:
        """Whether sorting by `key` needs no ranking first."""
        return self._columns.ready(key) or key in self._own

    def keep(self, key: str, ranks: np.ndarray) -> None:
        """Use `ranks` (ranked elsewhere, e.g. fit scores as their tenths) for a key of this view's own."""
        self._own[key] = ranks

    def forget(self, key: str) -> None:
        self._own.pop(key, None)


def column_rank(column: pd.Series | np.ndarray) -> np.ndarray:
    """Dense ranks (0, 1, 2, ... in sort order) as uint16 or uint32; missing values get the
    dtype's largest value. Text ranks ignore case (str.casefold)."""
    series = pd.Series(column, copy=False)
    if isinstance(series.dtype, pd.CategoricalDtype):
        codes = series.cat.codes.to_numpy()
        spec = COLUMN_BY_NAME.get(str(series.name))
        if spec is not None and spec.repeats:  # repeated text: rank its distinct texts, then spread
            distinct = _text_rank(pd.Series(series.cat.categories.array, copy=False)).astype(np.int64)
            return _compact(distinct[codes], codes < 0, int(distinct.max(initial=-1)) + 1)
        return _compact(codes.astype(np.int64), codes < 0, len(series.cat.categories))  # vocabulary order
    if pd.api.types.is_string_dtype(series.dtype) or series.dtype == object:
        return _text_rank(series)
    if pd.api.types.is_bool_dtype(series.dtype):
        values = series.to_numpy(dtype=bool)
        return _compact(values.astype(np.int64), np.zeros(len(values), dtype=bool), 2)
    values = series.to_numpy(dtype=np.float64, na_value=np.nan)
    missing = np.isnan(values)
    tenths = _as_tenths(values, missing)
    if tenths is not None:
        return _compact(tenths, missing, int(tenths.max(initial=0)) + 1)
    return _float_rank(values, missing)


def _float_rank(values: np.ndarray, missing: np.ndarray) -> np.ndarray:
    """Dense ranks of any figures: the distinct values are found by hashing and only they are
    sorted (a catalog repeats its prices), about half the time of `np.unique` on a million."""
    codes, distinct = pd.factorize(values)  # NaN (missing) gets code -1
    order = np.argsort(np.asarray(distinct, dtype=np.float64), kind="stable")
    rank_of = np.empty(len(distinct) + 1, dtype=np.int64)
    rank_of[order] = np.arange(len(distinct))
    rank_of[-1] = len(distinct)  # code -1: overwritten as missing below
    return _compact(rank_of[codes], missing, len(distinct) + int(missing.any()))


def _as_tenths(values: np.ndarray, missing: np.ndarray) -> np.ndarray | None:
    """Figures that are whole tenths from 0 to 6000 (fit scores, ratings) ranked by their own value,
    with no sort of the whole column; None for anything else (prices in cents, wider ranges)."""
    present = values[~missing] if missing.any() else values
    if not len(present):
        return None
    scaled = present * 10
    low, high = float(scaled.min()), float(scaled.max())
    if not (low >= 0 and high < TENTHS_RANGE):  # NaN and infinities fail this too
        return None
    rounded = np.rint(scaled)
    if not np.array_equal(rounded / 10, present):  # exactly k/10 each, so distinct values stay distinct
        return None
    ranks = np.zeros(len(values), dtype=np.int64)
    ranks[~missing] = rounded.astype(np.int64)
    return ranks


def _text_rank(series: pd.Series) -> np.ndarray:
    text = _arrow_text(series)
    missing = text.is_null().to_numpy(zero_copy_only=False) if text.null_count else np.zeros(len(text), bool)
    text = pc.fill_null(text, "")
    if _mostly_repeats(text):  # brands: rank the distinct texts, then spread
        encoded = text.dictionary_encode()
        keys = _casefolded(encoded.dictionary)
        order = pc.rank(keys, sort_keys="ascending", tiebreaker="dense").to_numpy().astype(np.int64) - 1
        ranks = order[encoded.indices.to_numpy(zero_copy_only=False)]
        return _compact(ranks, missing, int(order.max(initial=-1)) + 1)
    keys = _casefolded(text)
    del text  # the keys are a copy: at a million names, 31 MB less beside them
    # One thread: ranking a million names as two halves in two threads took 0.23-0.30 s instead
    # of 0.39-0.53 s, but the warm-up then held both cores for half a second after the hand-over
    # and the profile changes made meanwhile slowed (p95 74-80 ms against 52-55 ms).
    fixed = _byte_keys(keys)
    if fixed is None:
        ranks = pc.rank(keys, sort_keys="ascending", tiebreaker="dense").to_numpy().astype(np.int64) - 1
    else:
        del keys
        ranks = _dense_ranks(fixed)
    return _compact(ranks, missing, int(ranks.max(initial=-1)) + 1)


def _mostly_repeats(text: pa.Array) -> bool:
    """Whether few distinct texts fill the column (a sample says, so names are not hashed for nothing)."""
    sample = text.slice(0, 10_000)
    return len(pc.unique(sample)) <= len(sample) // 4


def _byte_keys(keys: pa.Array) -> np.ndarray | None:
    """The texts as numpy byte strings of one width, zero-padded, which numpy sorts as the texts
    sort: UTF-8 bytes order as code points do, as Python and pyarrow compare text.

    At a million names (40 bytes at most), ranking them so took 385-630 ms against 476-678 ms
    for `pc.rank` (3 alternating runs). None where byte strings cannot stand for the texts: one
    longer than KEY_BYTES (a key that wide for every row), or one holding a NUL byte (numpy drops
    trailing NULs)."""
    offset_type = np.int64 if pa.types.is_large_string(keys.type) else np.int32
    buffers = keys.buffers()
    if not len(keys) or buffers[2] is None:  # no texts, or only empty ones
        return np.zeros(len(keys), dtype="S1")
    offsets = np.frombuffer(buffers[1], dtype=offset_type)[keys.offset : keys.offset + len(keys) + 1]
    data = np.frombuffer(buffers[2], dtype=np.uint8)[offsets[0] : offsets[-1]]
    lengths = np.diff(offsets)
    width = max(int(lengths.max()), 1)
    if width > KEY_BYTES or not data.all():  # too long, or a NUL byte
        return None
    return _fixed_width(data, offsets[:-1] - offsets[0], lengths, width)


def _fixed_width(data: np.ndarray, starts: np.ndarray, lengths: np.ndarray, width: int) -> np.ndarray:
    """`width` bytes from each start, read through a sliding-window view of the texts' bytes, with
    those past each text's end zeroed, a block of rows at a time. The last texts, whose window
    would run past the bytes, are read from a padded copy of the end (not of all the bytes)."""
    fixed = np.zeros((len(starts), width), dtype=np.uint8)
    columns = np.arange(width)

    def fill(rows: slice, source: np.ndarray, first: int) -> None:
        windows = np.lib.stride_tricks.as_strided(
            source, shape=(max(len(source) - width + 1, 0), width), strides=(1, 1), writeable=False
        )
        for begin in range(rows.start, rows.stop, KEY_BLOCK):
            end = min(rows.stop, begin + KEY_BLOCK)
            block = fixed[begin:end]
            block[...] = windows[starts[begin:end] - first]
            block[columns >= lengths[begin:end, None]] = 0

    inside = int(np.searchsorted(starts, len(data) - width, side="right"))  # rows whose window fits
    fill(slice(0, inside), data, 0)
    if inside < len(starts):
        first = int(starts[inside])
        end_bytes = np.zeros(len(data) - first + width, dtype=np.uint8)
        end_bytes[: len(data) - first] = data[first:]
        fill(slice(inside, len(starts)), end_bytes, first)
    keys: np.ndarray = fixed.view(f"S{width}").ravel()
    return keys


def _dense_ranks(keys: np.ndarray) -> np.ndarray:
    """Dense ranks (0, 1, 2, ... in sort order, equal keys equal ranks) of numpy byte strings."""
    order = np.argsort(keys, kind="stable")
    starts = np.empty(len(order), dtype=bool)  # where a new text begins, in sorted order
    starts[:1] = True
    for begin in range(1, len(order), KEY_BLOCK):
        end = min(len(order), begin + KEY_BLOCK)
        np.not_equal(keys[order[begin:end]], keys[order[begin - 1 : end - 1]], out=starts[begin:end])
    ranks = np.empty(len(order), dtype=np.int64)
    ranks[order] = np.cumsum(starts) - 1
    return ranks


def _arrow_text(series: pd.Series) -> pa.Array:
    arrow = getattr(series.array, "_pa_array", None)  # pyarrow-backed text: no copy to Python
    if arrow is not None and (pa.types.is_string(arrow.type) or pa.types.is_large_string(arrow.type)):
        combined = arrow.combine_chunks() if isinstance(arrow, pa.ChunkedArray) else arrow
        return combined.cast(pa.string()) if pa.types.is_large_string(combined.type) else combined
    values = series.to_numpy(dtype=object)
    return pa.array([None if value is None or value is pd.NA else str(value) for value in values], type=pa.string())


def _casefolded(text: pa.Array) -> pa.Array:
    """`str.casefold` of every cell: pyarrow lower-cases (the same for ASCII), Python does the rest."""
    lowered = pc.utf8_lower(text)
    other = np.flatnonzero(~pc.string_is_ascii(text).to_numpy(zero_copy_only=False))
    if not len(other):
        return lowered
    mask = np.zeros(len(text), dtype=bool)
    mask[other] = True
    folded = [value.casefold() for value in text.take(pa.array(other)).to_pylist()]
    return pc.replace_with_mask(lowered, pa.array(mask), pa.array(folded, type=pa.string()))


def _compact(ranks: np.ndarray, missing: np.ndarray, distinct: int) -> np.ndarray:
    dtype = np.uint16 if distinct < np.iinfo(np.uint16).max else np.uint32
    out = ranks.astype(dtype)
    out[missing] = np.iinfo(dtype).max
    return out


def sort_positions(positions: np.ndarray, rank: np.ndarray, *, descending: bool) -> np.ndarray:
    """`positions` reordered by `rank`; ties keep their current order; missing values last."""
    keys = rank[positions]
    if descending:
        missing_key = np.iinfo(keys.dtype).max
        keys = np.where(keys == missing_key, missing_key, missing_key - 1 - keys).astype(keys.dtype)
    return np.asarray(positions[_stable_order(keys)])


def _stable_order(keys: np.ndarray) -> np.ndarray:
    if keys.dtype.itemsize <= 2:
        return np.argsort(keys, kind="stable")  # a radix sort in numpy
    keys = keys.astype(np.uint32, copy=False)
    # Least significant 16 bits first, then the most significant: two stable radix passes.
    order = np.argsort((keys & 0xFFFF).astype(np.uint16), kind="stable")
    high = (keys[order] >> 16).astype(np.uint16)
    return order[np.argsort(high, kind="stable")]
