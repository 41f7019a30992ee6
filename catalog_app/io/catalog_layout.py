"""How a published catalog is laid out in the database, and the conversions to and from it.

One row per product in `catalog_product`, one typed column per catalog column, so the table
reads well in SQL and comes back as Arrow in one binary COPY:
- text, ids and currencies: `text`; numbers: `double precision` (NULL where the catalog has no
  figure); flags: `boolean`;
- a choice (category, arch support, ...): its vocabulary value as `text` (`'memory-foam'`);
- a multi-value column (shoe types, concerns, ...): its values in vocabulary order joined by `;`,
  as in the CSV format (`'athletic;casual'`).
Choices are kept as words, not as codes, so a stored catalog keeps its meaning when the
vocabulary grows. Loading turns them back into the app's Categoricals and bit masks, parsing
each distinct cell once (a column has a few dozen), never each row.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from catalog_app.model.catalog_frame import choice_values, mask_of, typed_frame, values_of_mask
from catalog_app.model.schema import COLUMNS, LIST_SEPARATOR, ColumnSpec, Kind

PRODUCT_TABLE = "catalog_product"
VERSION_TABLE = "catalog_version"
# Beside the catalog's own columns: which version a row belongs to, and its place in the catalog.
KEY_COLUMNS = ("version", "position")

SQL_TYPES: dict[Kind, str] = {
    Kind.TEXT: "text",
    Kind.ID: "text",
    Kind.CURRENCY: "text",
    Kind.NUMBER: "double precision",
    Kind.CHOICE: "text",
    Kind.CHOICES: "text",
    Kind.FLAG: "boolean",
}
TEXT_KINDS = (Kind.TEXT, Kind.ID, Kind.CURRENCY)
CONVERT_THREADS = 2


def product_columns() -> list[tuple[str, str, bool]]:
    """(name, SQL type, nullable) of every catalog column, in catalog order."""
    return [(spec.name, SQL_TYPES[spec.kind], spec.kind is Kind.NUMBER) for spec in COLUMNS]


def select_products_sql(version: int, start: int = 0, stop: int | None = None) -> str:
    """The query that reads one version's products `start` to `stop` (positions), in catalog
    order. The numbers are whole numbers, made so by `int()` here; they are written into the text
    because a bound parameter makes the driver give up binary COPY for a row-by-row result, three
    times slower for a million products. The order comes from the primary key's index: rows are
    not stored in the order they were copied in (a short row fills a gap left on an earlier page),
    and putting a million rows of text in order in Python costs more than the index scan does."""
    names = ", ".join(spec.name for spec in COLUMNS)
    bounds = f" AND position >= {int(start)}" + ("" if stop is None else f" AND position < {int(stop)}")
    return f"SELECT {names} FROM {PRODUCT_TABLE} WHERE version = {int(version)}{bounds} ORDER BY position"


# ---- the frame as stored ------------------------------------------------------------------------


def stored_table(frame: pd.DataFrame, version: int) -> pa.Table:
    """The typed catalog frame as the Arrow table that `adbc_ingest` copies into `catalog_product`."""
    n = len(frame)
    arrays: dict[str, Any] = {
        "version": pa.array(np.full(n, version, dtype=np.int32)),
        "position": pa.array(np.arange(n, dtype=np.int32)),
    }
    for spec in COLUMNS:
        arrays[spec.name] = _stored_column(spec, frame[spec.name])
    return pa.table(arrays)


def _stored_column(spec: ColumnSpec, column: pd.Series) -> pa.Array | pa.ChunkedArray:
    if spec.kind in TEXT_KINDS:
        return pa.array(column.array).cast(pa.large_string())
    if spec.kind is Kind.NUMBER:
        return pa.array(column.to_numpy(dtype=np.float64), from_pandas=True)  # NaN -> NULL: "not stated"
    if spec.kind is Kind.FLAG:
        return pa.array(column.to_numpy(dtype=bool))
    if spec.kind is Kind.CHOICE:
        categorical = column.array
        assert isinstance(categorical, pd.Categorical)
        words = pa.array(list(categorical.categories.astype(str)), type=pa.string())
        return words.take(pa.array(categorical.codes, mask=categorical.codes < 0))
    codes, masks = pd.factorize(column.to_numpy())
    words = pa.array([LIST_SEPARATOR.join(values_of_mask(spec.name, int(mask))) for mask in masks], type=pa.string())
    return words.take(pa.array(codes))


# ---- the stored table as a frame -----------------------------------------------------------------


def frame_from_stored(table: pa.Table) -> pd.DataFrame:
    """The typed catalog frame, exactly as the CSV path builds it, from the rows of one version.
    Columns are converted two at a time: the pyarrow and numpy work inside lets go of the GIL."""
    with ThreadPoolExecutor(max_workers=CONVERT_THREADS, thread_name_prefix="shop-catalog-columns") as pool:
        values = list(pool.map(lambda spec: _typed_values(spec, table.column(spec.name)), COLUMNS))
    return typed_frame({spec.name: value for spec, value in zip(COLUMNS, values, strict=True)}, table.num_rows)


def _typed_values(spec: ColumnSpec, column: pa.ChunkedArray) -> Any:
    if spec.kind in TEXT_KINDS:
        return pd.array(column, dtype="str")
    if spec.kind is Kind.NUMBER:
        return column.to_numpy()  # NULL arrives as NaN
    if spec.kind is Kind.FLAG:
        return column.to_numpy()
    return _from_words(spec, column)


def _from_words(spec: ColumnSpec, column: pa.ChunkedArray) -> Any:
    """A choice column's Categorical (each word looked up in the vocabulary by one pyarrow
    kernel), or a multi-value column's bit masks (each distinct cell read once, spread over the
    rows by its dictionary code)."""
    vocabulary = choice_values(spec)
    if spec.kind is Kind.CHOICE:
        found = pc.index_in(column, value_set=pa.array(vocabulary, type=column.type))
        codes = pc.fill_null(found, -1).to_numpy().astype(np.int8)  # a word the app no longer knows: unset
        return pd.Categorical.from_codes(codes, categories=list(vocabulary), validate=False)
    if not column.num_chunks:
        return np.zeros(0, dtype=np.uint16)
    encoded = column.dictionary_encode()
    distinct = encoded.chunk(0).dictionary.to_pylist()  # one dictionary, shared by every chunk
    masks = np.array([_mask(spec, cell) for cell in distinct], dtype=np.uint16)
    codes = np.concatenate([chunk.indices.to_numpy(zero_copy_only=False) for chunk in encoded.chunks])
    return masks[codes]


def _mask(spec: ColumnSpec, cell: str | None) -> int:
    known = set(choice_values(spec))
    return mask_of(spec.name, [word for word in (cell or "").split(LIST_SEPARATOR) if word in known])


__all__ = [
    "KEY_COLUMNS",
    "PRODUCT_TABLE",
    "VERSION_TABLE",
    "frame_from_stored",
    "product_columns",
    "select_products_sql",
    "stored_table",
]
