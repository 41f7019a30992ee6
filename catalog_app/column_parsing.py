"""Parse one whole catalog column at a time, with exactly the rules of the per-cell parsers.

Every answer here must equal what `schema.PARSERS` (which the pydantic `Product` model calls)
gives cell by cell. Two ways keep that true without a Python call per cell:

- Columns with few distinct cells (choices, lists, flags, most numbers, brands) are parsed once
  per distinct cell *by the per-cell parser itself*, and the result is spread over the rows.
- Columns of mostly distinct text (ids, names, descriptions) are checked on their bytes: a cell
  whose first and last bytes cannot be whitespace is unchanged by strip(), an id whose bytes are
  all in the id alphabet matches the id pattern; the rare other cells go to the per-cell parser.

Numbers with many distinct values are converted by pyarrow when they are plain decimals
(`123` or `12.50`, which Python's float() and pyarrow round identically); anything else goes to
`parse_number`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from catalog_app.arrow_text import byte_table, data_of, may_strip, offsets_of, rows_with_bytes_in
from catalog_app.catalog_frame import choice_values, mask_of
from catalog_app.limits import MAX_CELL_CHARS
from catalog_app.raw_table import cell_text_of
from catalog_app.schema import ID_PATTERN, PARSERS, CellError, ColumnSpec, Kind

PLAIN_DECIMAL = r"^[0-9]{1,20}(\.[0-9]{1,20})?$"
NOT_ID_BYTES = ~byte_table(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-")
ID_FIRST_BYTES = byte_table(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
ID_MAX_CHARS = 100
assert ID_PATTERN == r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}", "update NOT_ID_BYTES with the id pattern"

# What a parsed column holds: float64 numbers, bool flags, a Categorical of choices, uint16 bit
# masks of multi-value cells, or (text) a pyarrow array of stripped strings.
Values = Any


@dataclass
class ParsedColumn:
    values: Values
    bad: np.ndarray  # per row: the cell fails its column's rules


def parse_column(spec: ColumnSpec, column: pa.ChunkedArray) -> ParsedColumn:
    """Typed values and the cells that fail, for one whole column of a raw table."""
    column_type = column.type
    if pa.types.is_dictionary(column_type) and _is_text(column_type.value_type):
        return _parse_distinct(spec, *_dictionary_of(column))
    if _is_text(column_type):
        if spec.kind in (Kind.TEXT, Kind.ID):
            return _parse_text_rows(spec, column)
        return _parse_distinct(spec, *_dictionary_of(column.dictionary_encode()))
    if spec.kind is Kind.NUMBER and (pa.types.is_floating(column_type) or pa.types.is_integer(column_type)):
        return _parse_typed_numbers(spec, column)
    return _parse_distinct(spec, *_typed_as_text(column))


def _is_text(arrow_type: pa.DataType) -> bool:
    return bool(pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type))


def _dictionary_of(column: pa.ChunkedArray) -> tuple[pa.Array, np.ndarray]:
    """The distinct cells and, per row, the position of its cell among them."""
    if column.num_chunks == 0 or len(column) == 0:
        return pa.array([], type=pa.string()), np.zeros(0, dtype=np.int64)
    unified = column.unify_dictionaries()
    dictionary = unified.chunk(0).dictionary
    if column.null_count:
        # A missing cell (Parquet null) reads as an empty cell.
        dictionary = pa.concat_arrays([dictionary, pa.array([""], type=dictionary.type)])
    parts = []
    for chunk in unified.chunks:
        indices = chunk.indices
        if indices.null_count:
            indices = pc.fill_null(indices, len(dictionary) - 1)
        parts.append(indices.to_numpy(zero_copy_only=False))
    if pa.types.is_large_string(dictionary.type):
        dictionary = dictionary.cast(pa.string())
    return dictionary, np.concatenate(parts)


def _typed_as_text(column: pa.ChunkedArray) -> tuple[pa.Array, np.ndarray]:
    """Typed cells (Parquet flags, numbers in a text column, lists) as the text a user would type."""
    values = column.to_pylist()
    codes, uniques = pd.factorize(np.array([cell_text_of(value) for value in values], dtype=object))
    return pa.array(list(uniques), type=pa.string()), codes.astype(np.int64)


# ---- columns with few distinct cells ----------------------------------------------------------


def _parse_distinct(spec: ColumnSpec, distinct: pa.Array, codes: np.ndarray) -> ParsedColumn:
    """Parse each distinct cell once, then spread the results over the rows."""
    texts: list[str] = distinct.to_pylist()
    if not texts:
        texts, codes = [""], np.zeros(len(codes), dtype=np.int32)  # no rows: any one cell will do
    if spec.kind is Kind.NUMBER:
        numbers, bad = _numbers(spec, distinct, texts)
        values: Values = numbers[codes]
    elif spec.kind in (Kind.TEXT, Kind.ID, Kind.CURRENCY):
        parsed, bad = _each(spec, texts, "")
        if spec.kind is not Kind.CURRENCY:
            parsed = [text.strip() for text in texts]  # kept even where the cell fails: ids are compared
        values = pa.array(parsed, type=pa.string()).take(pa.array(codes))
    elif spec.kind is Kind.CHOICE:
        parsed, bad = _each(spec, texts, None)
        position = {value: code for code, value in enumerate(choice_values(spec))}
        choice_codes = np.array([position.get(value, -1) for value in parsed], dtype=np.int8)
        values = pd.Categorical.from_codes(choice_codes[codes], categories=list(choice_values(spec)), validate=False)
    elif spec.kind is Kind.CHOICES:
        parsed, bad = _each(spec, texts, ())
        values = np.array([mask_of(spec.name, choices) for choices in parsed], dtype=np.uint16)[codes]
    else:
        parsed, bad = _each(spec, texts, False)
        values = np.array(parsed, dtype=bool)[codes]
    bad |= np.array([len(text) > MAX_CELL_CHARS for text in texts], dtype=bool)
    return ParsedColumn(values, bad[codes] if bad.any() else np.zeros(len(codes), dtype=bool))


def _each(spec: ColumnSpec, texts: list[str], placeholder: object) -> tuple[list[Any], np.ndarray]:
    parser: Callable[[ColumnSpec, str], object] = PARSERS[spec.kind]
    parsed: list[Any] = []
    bad = np.zeros(len(texts), dtype=bool)
    for position, text in enumerate(texts):
        try:
            parsed.append(parser(spec, text))
        except CellError:
            parsed.append(placeholder)
            bad[position] = True
    return parsed, bad


def _numbers(spec: ColumnSpec, distinct: pa.Array, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    values = np.full(len(texts), np.nan, dtype=np.float64)
    bad = np.zeros(len(texts), dtype=bool)
    plain = pc.match_substring_regex(distinct, PLAIN_DECIMAL).to_numpy(zero_copy_only=False).astype(bool)
    if plain.any():
        values[plain] = pc.cast(distinct.filter(pa.array(plain)), pa.float64()).to_numpy(zero_copy_only=False)
        bad[plain] = _out_of_range(spec, values[plain])
    for position in np.flatnonzero(~plain):
        try:
            number = PARSERS[Kind.NUMBER](spec, texts[position])
        except CellError:
            bad[position] = True
        else:
            values[position] = np.nan if number is None else number
    return values, bad


def _out_of_range(spec: ColumnSpec, values: np.ndarray) -> np.ndarray:
    """The checks `parse_number` makes after reading a well-formed number."""
    with np.errstate(invalid="ignore"):
        bad = ~np.isfinite(values)
        if spec.minimum is not None:
            bad |= values <= spec.minimum if spec.strict_minimum else values < spec.minimum
    return bad


def _parse_typed_numbers(spec: ColumnSpec, column: pa.ChunkedArray) -> ParsedColumn:
    """Numbers stored as numbers (Parquet): no text to parse; a missing value is an empty cell."""
    missing = column.is_null().to_numpy(zero_copy_only=False) if column.null_count else np.zeros(len(column), bool)
    values = column.cast(pa.float64()).to_numpy(zero_copy_only=False).astype(np.float64, copy=True)
    bad = _out_of_range(spec, values) & ~missing
    if spec.required:
        bad |= missing
    values[missing] = np.nan if spec.default is None else spec.default
    return ParsedColumn(values, bad)


# ---- columns of mostly distinct text -----------------------------------------------------------


def _parse_text_rows(spec: ColumnSpec, column: pa.ChunkedArray) -> ParsedColumn:
    chunks: list[pa.Array] = []
    bads: list[np.ndarray] = []
    for chunk in column.chunks:
        if pa.types.is_large_string(chunk.type):
            chunk = chunk.cast(pa.string())
        stripped, bad = _text_chunk(spec, chunk)
        chunks.append(stripped)
        bads.append(bad)
    values = pa.chunked_array(chunks, type=pa.string())
    return ParsedColumn(values, np.concatenate(bads) if bads else np.zeros(0, dtype=bool))


def _text_chunk(spec: ColumnSpec, chunk: pa.Array) -> tuple[pa.Array, np.ndarray]:
    """`parse_text` / `parse_id` over one chunk: byte checks for the many, the parser for the few."""
    offsets = offsets_of(chunk)
    lengths = np.diff(offsets)
    bad = lengths == 0 if spec.required else np.zeros(len(chunk), dtype=bool)
    if spec.kind is Kind.ID:
        bad |= (lengths > ID_MAX_CHARS) | rows_with_bytes_in(chunk, NOT_ID_BYTES)
        nonempty = np.flatnonzero(lengths > 0)
        bad[nonempty] |= ~ID_FIRST_BYTES[data_of(chunk)[offsets[nonempty]]]
    long = np.flatnonzero(lengths > MAX_CELL_CHARS)
    if len(long):
        # Bytes overcount characters; count characters where the bytes say a cell may be too long.
        characters = pc.utf8_length(chunk.take(pa.array(long))).to_numpy(zero_copy_only=False)
        long = long[characters > MAX_CELL_CHARS]
    odd = np.flatnonzero(may_strip(chunk))
    if len(odd):
        # The byte checks above saw these cells unstripped: the parser has the last word on them.
        texts = chunk.take(pa.array(odd)).to_pylist()
        _parsed, bad[odd] = _each(spec, texts, "")
        mask = np.zeros(len(chunk), dtype=bool)
        mask[odd] = True
        stripped = pa.array([text.strip() for text in texts], type=pa.string())
        chunk = pc.replace_with_mask(chunk, pa.array(mask), stripped)
    bad[long] = True
    return chunk, bad
