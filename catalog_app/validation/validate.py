"""Validate a raw catalog table into typed product columns and a report of every problem.

Two paths give the same answer:
- `validate_table` checks whole columns at once (column_parsing.py, over pyarrow columns); only
  the rows that fail are handed to the pydantic `Product` model, whose errors word the report.
  This is what the app uses.
- `validate_table_per_row` runs `Product` on every row. It is the reference the tests hold the
  fast path to, and is far too slow for large catalogs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import ValidationError

from catalog_app.model.catalog_frame import typed_frame
from catalog_app.model.limits import MAX_CELL_CHARS
from catalog_app.model.raw_table import RawTable
from catalog_app.model.schema import (
    COLUMN_BY_NAME,
    COLUMN_NAMES,
    LIFESPAN_RANGE_MESSAGE,
    REQUIRED_COLUMNS,
    ColumnSpec,
    Kind,
    Product,
)
from catalog_app.model.validation_report import HEADER_ROW, Problem, ValidationReport
from catalog_app.validation.claims import CLAIM_COLUMNS, claims_in
from catalog_app.validation.column_parsing import parse_column
from catalog_app.validation.content_warnings import content_warnings

Parsed = dict[str, Any]  # column name -> typed values (see column_parsing.Values)


def validate_table(
    raw: RawTable,
    *,
    checkpoint: Callable[[float], None] | None = None,
    drop_cells: bool = False,
    frame_built: Callable[[pd.DataFrame], None] | None = None,
) -> tuple[pd.DataFrame, ValidationReport]:
    """The fast path: whole-column checks, pydantic wording for the rows that fail.

    `checkpoint(fraction)` is called between columns; it may raise to stop the work (cancel).
    `drop_cells`: `raw` lets go of its cells once every problem is found, before the typed frame
    is built (a loader that keeps nothing else of them: at a million rows the cells are 241 MB of
    Arrow, 98 MB of it shared with the frame's text; the peak itself comes earlier, at the end of
    the column loop, where the cells are still needed to word the problems).
    `frame_built(frame)` is called once the typed frame is built, while the ids may still be
    being hashed and claims searched: a caller may start deriving from it. It is the frame this
    function returns unless rows repeat an id (then another is built without them).
    """
    report, present = _check_header(raw)
    n = len(raw)
    table = raw.arrow
    bad = np.zeros(n, dtype=bool)
    parsed: Parsed = {}
    # Finding repeated ids hashes every id: it runs beside the other columns' checks and the
    # building of the typed frame (pyarrow releases the GIL), and the pool is joined before this
    # function returns or raises.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="catalog-ids") as pool:
        repeated: Future[RepeatedIds] | None = None
        # Claims in names are searched there too, after the ids (a regular expression over a
        # million names: a tenth of a second that the typed frame need not wait for).
        claims: dict[str, Future[np.ndarray]] = {}
        for step, name in enumerate(present):
            if checkpoint is not None:
                checkpoint(step / max(len(present), 1))
            column = parse_column(COLUMN_BY_NAME[name], table.column(name))
            parsed[name] = column.values
            bad |= column.bad
            if name == "id":
                repeated = pool.submit(_repeated_ids, column.values)
            if name in CLAIM_COLUMNS:
                claims[name] = pool.submit(claims_in, column.values)
        bad |= _inverted_lifespans(parsed)
        _word_problems(raw, report, bad, present)
        rejected = bad | _missing_required(raw)
        if drop_cells:
            del table
            raw.drop_cells()
        # Usually no row repeats an id: the frame is built while the ids are still being hashed,
        # and built again without the repeats when there are some.
        built = _build(raw, parsed, rejected, claims, frame_built)
        duplicate = _duplicate_ids(raw, None if repeated is None else repeated.result(), report)
    if duplicate.any():
        built = _build(raw, parsed, rejected | duplicate, claims)
    return _finish(raw, report, built)


def _inverted_lifespans(parsed: Parsed) -> np.ndarray | bool:
    if "lifespan_months" not in parsed or "lifespan_months_max" not in parsed:
        return False
    low, high = parsed["lifespan_months"], parsed["lifespan_months_max"]
    with np.errstate(invalid="ignore"):
        return np.asarray(~np.isnan(high) & ~np.isnan(low) & (high < low))


def _word_problems(raw: RawTable, report: ValidationReport, bad: np.ndarray, present: list[str]) -> None:
    """Every problem of the `bad` rows, worded by the pydantic model from the cells as read."""
    for index in np.flatnonzero(bad):
        row = int(raw.row_numbers[index])
        report.errors.extend(_check_row(row, raw.row_cells(int(index), present), present)[0])


def validate_table_per_row(raw: RawTable) -> tuple[pd.DataFrame, ValidationReport]:
    """The reference path: pydantic on every row."""
    report, present = _check_header(raw)
    frame = raw.frame
    n = len(frame)
    bad = np.zeros(n, dtype=bool)
    missing_column = _missing_required(raw)
    products: list[Product | None] = []
    texts = [[str(cell) for cell in frame[name].tolist()] for name in present]
    for index, cells in enumerate(zip(*texts, strict=True)) if present else enumerate([()] * n):
        problems, product = _check_row(int(raw.row_numbers[index]), dict(zip(present, cells, strict=True)), present)
        report.errors.extend(problems)
        bad[index] = bool(problems)
        products.append(None if missing_column else product)
    ids = None
    if "id" in present:
        ids = _repeated_ids(pa.array([str(cell).strip() for cell in frame["id"]], type=pa.string()))
    duplicate = _duplicate_ids(raw, ids, report)
    rejected = bad | duplicate | _missing_required(raw)
    parsed: Parsed = {}
    for name in present:
        spec = COLUMN_BY_NAME[name]
        parsed[name] = _from_products(spec, products)
    return _finish(raw, report, _build(raw, parsed, rejected))


@dataclass(frozen=True)
class _Built:
    """The typed frame of the rows kept, and what the report says of the rows."""

    frame: pd.DataFrame
    rejected: np.ndarray  # per row as read: rejected (invalid, a repeated id, ragged)
    ragged: frozenset[int]  # the user's row numbers of ragged rows
    warnings: list[Problem]  # about what the kept rows say


def _build(
    raw: RawTable,
    parsed: Parsed,
    rejected: np.ndarray | bool,
    claims: Mapping[str, Future[np.ndarray]] | None = None,
    frame_built: Callable[[pd.DataFrame], None] | None = None,
) -> _Built:
    """The frame without the `rejected` rows (and the ragged ones), and its content warnings;
    the report is not touched, so a frame built ahead can be thrown away. `claims`: which cells
    of a column (every row as read) make a claim, being found elsewhere. `frame_built` hears of
    the frame before the claims are waited for."""
    n = len(raw)
    rejected_mask = np.broadcast_to(np.asarray(rejected, dtype=bool), (n,)).copy()
    ragged = frozenset(problem.row for problem in raw.row_errors)
    if ragged:
        rejected_mask |= np.isin(raw.row_numbers, list(ragged))
    keep = ~rejected_mask
    if rejected_mask.any():
        parsed = {name: _keep_rows(values, keep) for name, values in parsed.items()}
    frame = typed_frame(parsed, int(keep.sum()))
    if frame_built is not None:
        frame_built(frame)
    found = {name: future.result()[keep] for name, future in (claims or {}).items()}
    return _Built(frame, rejected_mask, ragged, content_warnings(frame, raw.row_numbers[keep], found))


def _finish(raw: RawTable, report: ValidationReport, built: _Built) -> tuple[pd.DataFrame, ValidationReport]:
    if built.ragged:
        # A ragged row's other errors follow from its shifted cells; its own sentence says it all.
        report.errors = [problem for problem in report.errors if problem.row not in built.ragged]
        report.errors.extend(raw.row_errors)
    report.total_rows = len(raw)
    report.rejected_rows = raw.row_numbers[built.rejected].tolist()
    report.errors.sort(key=lambda problem: (problem.row, _column_order(problem.column)))
    report.warnings.extend(built.warnings)
    return built.frame, report


def _keep_rows(values: Any, keep: np.ndarray) -> Any:
    if isinstance(values, (pa.Array, pa.ChunkedArray)):
        return values.filter(pa.array(keep))
    return values[keep]


def _column_order(name: str) -> int:
    return COLUMN_NAMES.index(name) if name in COLUMN_BY_NAME else len(COLUMN_NAMES)


def _check_header(raw: RawTable) -> tuple[ValidationReport, list[str]]:
    report = ValidationReport(source=raw.source, warnings=list(raw.warnings))
    header = raw.column_names
    for name in REQUIRED_COLUMNS:
        if name not in header:
            report.errors.append(Problem(HEADER_ROW, name, "", f"required column '{name}' is missing"))
    for name in header:
        if name not in COLUMN_BY_NAME:
            report.warnings.append(Problem(HEADER_ROW, name, name, f"unknown column '{name}' is ignored"))
    return report, [name for name in COLUMN_NAMES if name in header]


def _missing_required(raw: RawTable) -> bool:
    """A required column is missing, so no row can be a product. (Asked of the header itself: in
    JSON, row 1 is the first product, so an error on "row 1" says nothing about the header.)"""
    header = set(raw.column_names)
    return any(name not in header for name in REQUIRED_COLUMNS)


@dataclass(frozen=True)
class RepeatedIds:
    """Rows whose (stripped, non-empty) id an earlier row already uses, with that earlier row."""

    rows: np.ndarray  # positions of the repeats, in file order
    first: np.ndarray  # for each repeat, the position of the first row with its id
    values: list[str]


def _repeated_ids(ids: pa.Array | pa.ChunkedArray) -> RepeatedIds:
    """By hashing every id (pyarrow's dictionary encoding). A stable sort finds the same with a
    fifth of the memory, but took 0.1 s longer at a million rows, and this is the slowest check."""
    n = len(ids)
    none = RepeatedIds(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), [])
    encoded = ids.dictionary_encode()
    chunks = encoded.chunks if isinstance(encoded, pa.ChunkedArray) else [encoded]
    if not chunks or len(chunks[0].dictionary) == n:
        return none
    dictionary = chunks[0].dictionary  # shared by every chunk, in order of first use
    # The codes in one call: a call per chunk paid for the GIL after each one, which beside the
    # loader's Python took 174 ms at a million ids instead of 2.
    codes = pa.chunked_array([chunk.indices for chunk in chunks], type=chunks[0].indices.type).to_numpy()
    _, first_of_code = np.unique(codes, return_index=True)
    repeated = np.ones(n, dtype=bool)
    repeated[first_of_code] = False
    empty = pc.index(dictionary, "").as_py()
    if empty >= 0:
        repeated &= codes != empty  # a missing id is reported as missing, not as repeated
    if not repeated.any():
        return none
    rows = np.flatnonzero(repeated)
    values = dictionary.take(pa.array(codes[rows])).to_pylist()
    return RepeatedIds(rows, first_of_code[codes[rows]], values)


def _duplicate_ids(raw: RawTable, repeated: RepeatedIds | None, report: ValidationReport) -> np.ndarray:
    duplicate = np.zeros(len(raw), dtype=bool)
    if repeated is None:
        return duplicate
    duplicate[repeated.rows] = True
    for index, first, value in zip(repeated.rows, repeated.first, repeated.values, strict=True):
        first_row = int(raw.row_numbers[first])
        report.errors.append(
            Problem(int(raw.row_numbers[index]), "id", value, f"duplicate id '{value}' (first used on row {first_row})")
        )
    return duplicate


def _check_row(row: int, cells: dict[str, str], present: list[str]) -> tuple[list[Problem], Product | None]:
    """Every problem of one row (`row` as the user counts), worded by the pydantic model; or,
    when it has none, the product."""
    problems = [
        Problem(row, name, _shorten(cell), f"cell is {len(cell):,} characters long; at most {MAX_CELL_CHARS:,}")
        for name, cell in cells.items()
        if len(cell) > MAX_CELL_CHARS
    ]
    long_cells = {problem.column for problem in problems}
    try:
        product = Product.model_validate({name: cell for name, cell in cells.items() if name not in long_cells})
    except ValidationError as error:
        for detail in error.errors(include_url=False):
            column = str(detail["loc"][0]) if detail["loc"] else "lifespan_months_max"
            if detail["type"] == "missing" and column not in present:
                continue  # reported once for the whole file as a missing column
            if column in long_cells:
                continue
            message = str(detail["msg"]).removeprefix("Value error, ")
            problems.append(Problem(row, column, _shorten(cells.get(column, "")), message))
        return problems, None
    return problems, None if problems else product


def _shorten(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _from_products(spec: ColumnSpec, products: list[Product | None]) -> np.ndarray:
    values = [getattr(product, spec.name) if product is not None else _placeholder(spec) for product in products]
    if spec.kind is Kind.NUMBER:
        return np.array([np.nan if value is None else value for value in values], dtype=np.float64)
    if spec.kind is Kind.FLAG:
        return np.array(values, dtype=bool)
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _placeholder(spec: ColumnSpec) -> object:
    if spec.kind is Kind.NUMBER:
        return None
    if spec.kind is Kind.FLAG:
        return False
    if spec.kind is Kind.CHOICES:
        return ()
    return ""


__all__ = ["LIFESPAN_RANGE_MESSAGE", "validate_table", "validate_table_per_row"]
