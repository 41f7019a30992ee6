"""Parse one whole catalog column at a time, with exactly the rules of the per-cell parsers.

Every answer here must equal what `schema.PARSERS` (which the pydantic `Product` model calls)
gives cell by cell. Two ways keep that true without a Python call per cell:

- Columns read dictionary-encoded (choices, lists, flags, currencies) are parsed once per distinct
  cell *by the per-cell parser itself*, and the result is spread over the rows.
- Text columns (ids, names, brands, descriptions) are checked on their bytes: a cell
  whose first and last bytes cannot be whitespace is unchanged by strip(), an id whose bytes are
  all in the id alphabet matches the id pattern; the rare other cells go to the per-cell parser.

Numbers arrive as numbers when the CSV reader could read them faithfully (then only the range
checks run), or as text: distinct texts that are plain decimals (`123`, `12.50`, which Python's
float() and pyarrow round identically) are converted by pyarrow, anything else by `parse_number`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from catalog_app.model.catalog_frame import choice_values, mask_of
from catalog_app.model.limits import MAX_CELL_CHARS
from catalog_app.model.raw_table import cell_text_of
from catalog_app.model.schema import ID_PATTERN, PARSERS, CellError, ColumnSpec, Kind
from catalog_app.validation.arrow_text import (
    byte_table,
    data_of,
    longest_cell_bytes,
    may_strip,
    offsets_of,
    rows_with_bytes_outside,
)

PLAIN_DECIMAL = r"^[0-9]{1,20}(\.[0-9]{1,20})?$"
ID_BYTES = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-"
ID_FIRST_BYTES = byte_table(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
ID_MAX_CHARS = 100
assert ID_PATTERN == r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}", "update ID_BYTES with the id pattern"

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
        return _parse_coded(spec, column)
    if _is_text(column_type):
        if spec.kind in (Kind.TEXT, Kind.ID):
            return _parse_text_rows(spec, column)
        return _parse_coded(spec, column.dictionary_encode())
    if spec.kind is Kind.NUMBER and (pa.types.is_floating(column_type) or pa.types.is_integer(column_type)):
        return _parse_typed_numbers(spec, column)
    return _parse_coded(spec, _typed_as_text(column))


def _is_text(arrow_type: pa.DataType) -> bool:
    return bool(pa.types.is_string(arrow_type) or pa.types.is_large_string(arrow_type))


def _typed_as_text(column: pa.ChunkedArray) -> pa.ChunkedArray:
    """Typed cells (Parquet flags, numbers in a text column, lists) as the text a user would type:
    each distinct value is written once where pyarrow can find the distinct values."""
    try:
        encoded = column.dictionary_encode()
    except (pa.ArrowNotImplementedError, pa.ArrowInvalid, pa.ArrowTypeError):
        encoded = None
    if encoded is not None:
        chunks = []
        for chunk in encoded.chunks:
            distinct = pa.array([cell_text_of(value) for value in chunk.dictionary.to_pylist()], type=pa.string())
            chunks.append(pa.DictionaryArray.from_arrays(chunk.indices, distinct))
        return pa.chunked_array(chunks, type=pa.dictionary(pa.int32(), pa.string()))
    codes, uniques = pd.factorize(np.array([cell_text_of(value) for value in column.to_pylist()], dtype=object))
    distinct = pa.array(list(uniques), type=pa.string())
    return pa.chunked_array([pa.DictionaryArray.from_arrays(pa.array(codes, type=pa.int32()), distinct)])


# ---- columns with few distinct cells ----------------------------------------------------------


def _parse_coded(spec: ColumnSpec, column: pa.ChunkedArray) -> ParsedColumn:
    """Each chunk of a dictionary-encoded column: parse its dictionary (each distinct text once for
    the whole column), then spread the results over the chunk's rows with one gather."""
    n = len(column)
    bad = np.zeros(n, dtype=bool)
    out = _output_for(spec, n)
    text_chunks: list[pa.Array] = []
    memo: dict[str, tuple[Any, bool]] = {}
    start = 0
    for chunk in column.chunks:
        dictionary, indices = chunk.dictionary, chunk.indices
        if pa.types.is_large_string(dictionary.type):
            dictionary = dictionary.cast(pa.string())
        if indices.null_count:
            # A missing cell (Parquet null) reads as an empty cell.
            dictionary = pa.concat_arrays([dictionary, pa.array([""], type=pa.string())])
            indices = pc.fill_null(indices, len(dictionary) - 1)
        end = start + len(chunk)
        codes = indices.to_numpy(zero_copy_only=False)
        if spec.kind is Kind.NUMBER:
            values, chunk_bad = _numbers(spec, dictionary)
        else:
            values, chunk_bad = _memoized(spec, dictionary.to_pylist(), memo)
        if longest_cell_bytes(dictionary) > MAX_CELL_CHARS:  # bytes overcount characters: count these
            chunk_bad |= pc.greater(pc.utf8_length(dictionary), MAX_CELL_CHARS).to_numpy(zero_copy_only=False)
        if isinstance(values, pa.Array):
            # Repeated text stays encoded (the frame keeps it so); other text is spread over the rows.
            encoded = pa.DictionaryArray.from_arrays(indices, values) if spec.repeats else None
            text_chunks.append(encoded if encoded is not None else values.take(indices))
        else:
            out[start:end] = values[codes]
        if chunk_bad.any():
            bad[start:end] = chunk_bad[codes]
        start = end
    if spec.kind in TEXT_KINDS:
        text_type = pa.dictionary(pa.int32(), pa.large_string()) if spec.repeats else pa.large_string()
        return ParsedColumn(pa.chunked_array(text_chunks, type=text_type), bad)
    if spec.kind is Kind.CHOICE:
        categories = pd.Index(list(choice_values(spec)))
        return ParsedColumn(pd.Categorical.from_codes(out, categories=categories, validate=False), bad)
    return ParsedColumn(out, bad)


TEXT_KINDS = (Kind.TEXT, Kind.ID, Kind.CURRENCY)


def _output_for(spec: ColumnSpec, n: int) -> np.ndarray:
    if spec.kind is Kind.NUMBER:
        return np.empty(n, dtype=np.float64)
    if spec.kind is Kind.CHOICE:
        return np.empty(n, dtype=np.int8)
    if spec.kind is Kind.CHOICES:
        return np.empty(n, dtype=np.uint16)
    if spec.kind is Kind.FLAG:
        return np.empty(n, dtype=bool)
    return np.empty(0)


def _memoized(spec: ColumnSpec, texts: list[str], memo: dict[str, tuple[Any, bool]]) -> tuple[Any, np.ndarray]:
    """Per text: its typed value (as the array to gather from) and whether it fails; each distinct
    text is parsed once per column, by the per-cell parser."""
    results = []
    for text in texts:
        result = memo.get(text)
        if result is None:
            result = memo[text] = _parse_one(spec, text)
        results.append(result)
    bad = np.array([failed for _value, failed in results], dtype=bool)
    values = [value for value, _failed in results]
    if spec.kind in TEXT_KINDS:
        return pa.array(values, type=pa.large_string()), bad
    return np.array(values, dtype=_output_for(spec, 0).dtype), bad


def _parse_one(spec: ColumnSpec, text: str) -> tuple[Any, bool]:
    try:
        value = PARSERS[spec.kind](spec, text)
    except CellError:
        failed = True
        value = None
    else:
        failed = False
    if spec.kind is Kind.CHOICE:
        return (-1 if value is None else choice_values(spec).index(str(value))), failed
    if spec.kind is Kind.CHOICES:
        return (0 if value is None else mask_of(spec.name, value)), failed  # type: ignore[arg-type]
    if spec.kind is Kind.FLAG:
        return bool(value), failed
    if spec.kind is Kind.CURRENCY:
        return ("" if value is None else value), failed
    return text.strip(), failed  # text and ids keep their stripped text even where they fail: ids are compared


def _each(spec: ColumnSpec, texts: list[str]) -> np.ndarray:
    """Which texts the per-cell parser refuses."""
    return np.array([_parse_one(spec, text)[1] for text in texts], dtype=bool)


def _numbers(spec: ColumnSpec, distinct: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    values = np.full(len(distinct), np.nan, dtype=np.float64)
    bad = np.zeros(len(distinct), dtype=bool)
    plain = pc.match_substring_regex(distinct, PLAIN_DECIMAL).to_numpy(zero_copy_only=False).astype(bool)
    if plain.any():
        values[plain] = pc.cast(distinct.filter(pa.array(plain)), pa.float64()).to_numpy(zero_copy_only=False)
        bad[plain] = number_fails(spec, values[plain])
    others = np.flatnonzero(~plain)
    for position, text in zip(others, distinct.take(pa.array(others)).to_pylist(), strict=True):
        try:
            number = PARSERS[Kind.NUMBER](spec, text)
        except CellError:
            bad[position] = True
        else:
            values[position] = np.nan if number is None else number
    return values, bad


def number_fails(spec: ColumnSpec, values: np.ndarray) -> np.ndarray:
    """The checks `parse_number` makes after reading a well-formed number."""
    with np.errstate(invalid="ignore"):
        bad = ~np.isfinite(values)
        if spec.minimum is not None:
            bad |= values <= spec.minimum if spec.strict_minimum else values < spec.minimum
    return np.asarray(bad)


def _parse_typed_numbers(spec: ColumnSpec, column: pa.ChunkedArray) -> ParsedColumn:
    """Numbers stored as numbers (CSV read by pyarrow, Parquet): no text to parse; a missing
    value is an empty cell. Filled chunk by chunk into one array: no intermediate copies."""
    values = np.empty(len(column), dtype=np.float64)
    missing = np.zeros(len(column), dtype=bool)
    start = 0
    for chunk in column.chunks:
        end = start + len(chunk)
        if not pa.types.is_float64(chunk.type):
            chunk = chunk.cast(pa.float64())
        values[start:end] = chunk.to_numpy(zero_copy_only=False)  # nulls arrive as NaN
        if chunk.null_count:
            missing[start:end] = chunk.is_null().to_numpy(zero_copy_only=False)
        start = end
    bad = number_fails(spec, values) & ~missing
    if spec.required:
        bad |= missing
    values[missing] = np.nan if spec.default is None else spec.default
    return ParsedColumn(values, bad)


# ---- columns of mostly distinct text -----------------------------------------------------------


def _parse_text_rows(spec: ColumnSpec, column: pa.ChunkedArray) -> ParsedColumn:
    chunks: list[pa.Array] = []
    bads: list[np.ndarray] = []
    for chunk in column.chunks:
        stripped, bad = _text_chunk(spec, chunk)
        chunks.append(stripped)
        bads.append(bad)
    values = pa.chunked_array(chunks, type=column.type)
    return ParsedColumn(values, np.concatenate(bads) if bads else np.zeros(0, dtype=bool))


def _text_chunk(spec: ColumnSpec, chunk: pa.Array) -> tuple[pa.Array, np.ndarray]:
    """`parse_text` / `parse_id` over one chunk: byte checks for the many, the parser for the few."""
    offsets = offsets_of(chunk)
    lengths = np.diff(offsets)
    bad = lengths == 0 if spec.required else np.zeros(len(chunk), dtype=bool)
    if spec.kind is Kind.ID:
        bad |= (lengths > ID_MAX_CHARS) | rows_with_bytes_outside(chunk, ID_BYTES)
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
        bad[odd] = _each(spec, texts)
        mask = np.zeros(len(chunk), dtype=bool)
        mask[odd] = True
        stripped = pa.array([text.strip() for text in texts], type=chunk.type)
        chunk = pc.replace_with_mask(chunk, pa.array(mask), stripped)
    bad[long] = True
    return chunk, bad
