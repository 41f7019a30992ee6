"""The typed catalog DataFrame: how each schema kind is held in memory.

Choice columns are pandas Categoricals whose categories follow the vocabulary order, so codes
compare as levels (none < low < medium < high). Multi-value columns (shoe types, concerns, ...)
are bit masks, one bit per vocabulary value, so "fits work boots" is a single vectorized AND.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from catalog_app.model.schema import COLUMN_BY_NAME, COLUMNS, ColumnSpec, Kind


def choice_values(spec: ColumnSpec) -> tuple[str, ...]:
    assert spec.choices is not None
    return tuple(member.value for member in spec.choices)


def bit_of(column: str, value: str) -> int:
    return 1 << choice_values(COLUMN_BY_NAME[column]).index(value)


def mask_of(column: str, values: Iterable[str]) -> int:
    mask = 0
    for value in values:
        mask |= bit_of(column, value)
    return mask


@cache
def values_of_mask(column: str, mask: int) -> tuple[str, ...]:
    """The vocabulary values whose bits are set in `mask` (cached: few distinct masks exist)."""
    return tuple(value for bit, value in enumerate(choice_values(COLUMN_BY_NAME[column])) if mask >> bit & 1)


def _to_mask(spec: ColumnSpec, values: np.ndarray) -> np.ndarray:
    bits = {value: 1 << position for position, value in enumerate(choice_values(spec))}
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    unique_masks = np.array(
        [sum(bits[item] for item in set(entry)) if entry else 0 for entry in uniques], dtype=np.uint16
    )
    return unique_masks[codes] if len(values) else np.zeros(0, dtype=np.uint16)


def typed_column(spec: ColumnSpec, values: Any) -> Any:
    """A column in its in-memory form. `values` holds Python values (an object array: strings,
    tuples of choices) or is already typed (a Categorical, uint16 masks, a pyarrow text array)."""
    if spec.kind is Kind.CHOICE:
        if isinstance(values, pd.Categorical):
            return values
        return pd.Categorical(values, categories=list(choice_values(spec)))
    if spec.kind is Kind.CHOICES:
        if isinstance(values, np.ndarray) and values.dtype == np.uint16:
            return values
        return _to_mask(spec, values)
    if spec.kind is Kind.NUMBER:
        return np.asarray(values).astype(np.float64, copy=False)
    if spec.kind is Kind.FLAG:
        return np.asarray(values).astype(bool, copy=False)
    if spec.repeats:
        return repeated_text(values)
    # Text stays in pyarrow-backed strings: no Python object per cell.
    return pd.array(values, dtype="str") if len(values) else pd.array([], dtype="str")


def repeated_text(values: Any) -> pd.Categorical:
    """Text that repeats (brands, descriptions, care notes) as a Categorical of its distinct texts,
    themselves pyarrow-backed strings: a million products that share 140 descriptions hold 140
    strings and a million small codes. `values`: Python strings, pandas or pyarrow text, or
    pyarrow dictionary-encoded text (as the CSV reader gives it; never decoded here)."""
    if isinstance(values, pd.Categorical):
        return values
    if isinstance(values, pd.api.extensions.ExtensionArray):
        values = pa.array(values)
    elif not isinstance(values, pa.Array | pa.ChunkedArray):
        values = pa.array(np.asarray(values, dtype=object), type=pa.large_string())
    column = values if isinstance(values, pa.ChunkedArray) else pa.chunked_array([values])
    if not pa.types.is_dictionary(column.type):
        column = column.dictionary_encode()
    if not column.num_chunks:
        return pd.Categorical.from_codes([], categories=pd.Index([], dtype="str"))
    column = column.unify_dictionaries()  # every chunk's codes now index one dictionary
    dictionary = column.chunk(0).dictionary
    codes = np.concatenate([chunk.indices.to_numpy(zero_copy_only=False) for chunk in column.chunks])
    # Two entries may hold the same text (cells that differed only by the spaces parsing strips),
    # and some none of the rows kept: the categories are the distinct texts in order of first
    # appearance, however the text was read.
    distinct = dictionary.dictionary_encode()
    codes, used = pd.factorize(distinct.indices.to_numpy(zero_copy_only=False)[codes])
    texts = distinct.dictionary.take(pa.array(used)).cast(pa.large_string())
    return pd.Categorical.from_codes(codes, categories=pd.Index(pd.array(texts, dtype="str")), validate=False)


def typed_frame(columns: dict[str, Any], n: int) -> pd.DataFrame:
    """A complete typed frame; a column the file did not have takes its default."""
    data = {}
    for spec in COLUMNS:
        values = columns.get(spec.name)
        if values is None:
            values = _default_column(spec, n)
        data[spec.name] = typed_column(spec, values)
    # copy=False keeps each column its own block: no copy into 2-D blocks of a million rows.
    return pd.DataFrame(data, index=pd.RangeIndex(n), copy=False)


def _default_column(spec: ColumnSpec, n: int) -> np.ndarray:
    if spec.kind is Kind.NUMBER:
        return np.full(n, np.nan if spec.default is None else spec.default, dtype=np.float64)
    if spec.kind is Kind.FLAG:
        return np.full(n, bool(spec.default), dtype=bool)
    out = np.empty(n, dtype=object)
    if spec.kind is Kind.CHOICES:
        out[:] = [()] * n
    else:
        out[:] = [spec.default if spec.default is not None else ""] * n
    return out


def product_record(frame: pd.DataFrame, position: int) -> dict[str, object]:
    """One product as plain Python values (lists for multi-value columns, None for unknown numbers)."""
    record: dict[str, object] = {}
    for spec in COLUMNS:
        value: Any = frame[spec.name].iat[position]
        if spec.kind is Kind.CHOICES:
            record[spec.name] = list(values_of_mask(spec.name, int(value)))
        elif spec.kind is Kind.NUMBER:
            record[spec.name] = None if pd.isna(value) else float(value)
        elif spec.kind is Kind.FLAG:
            record[spec.name] = bool(value)
        else:
            record[spec.name] = str(value)
    return record
