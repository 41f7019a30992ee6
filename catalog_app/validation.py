"""Validate a raw catalog table into typed product columns and a report of every problem.

Two paths give the same answer:
- `validate_table` checks whole columns at once (pandas/numpy); only the rows that fail are
  handed to the pydantic `Product` model, whose errors word the report. This is what the app uses.
- `validate_table_per_row` runs `Product` on every row. It is the reference the tests hold the
  fast path to, and is far too slow for large catalogs.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
from pydantic import ValidationError

from catalog_app.catalog_frame import typed_frame
from catalog_app.limits import MAX_CELL_CHARS
from catalog_app.raw_table import RawTable
from catalog_app.schema import (
    COLUMN_BY_NAME,
    COLUMN_NAMES,
    CURRENCY_PATTERN,
    ID_PATTERN,
    LIFESPAN_RANGE_MESSAGE,
    NUMBER_PATTERN,
    PARSERS,
    REQUIRED_COLUMNS,
    CellError,
    ColumnSpec,
    Kind,
    Product,
)
from catalog_app.validation_report import HEADER_ROW, Problem, ValidationReport

Parsed = dict[str, np.ndarray]


def validate_table(raw: RawTable) -> tuple[pd.DataFrame, ValidationReport]:
    """The fast path: vectorized checks, pydantic wording for the rows that fail."""
    report, present = _check_header(raw)
    n = len(raw.frame)
    bad = np.zeros(n, dtype=bool)
    parsed: Parsed = {}
    for name in present:
        values, column_bad = _parse_column(COLUMN_BY_NAME[name], raw.frame[name])
        parsed[name] = values
        bad |= column_bad
    if "lifespan_months" in parsed and "lifespan_months_max" in parsed:
        low, high = parsed["lifespan_months"], parsed["lifespan_months_max"]
        with np.errstate(invalid="ignore"):
            bad |= ~np.isnan(high) & ~np.isnan(low) & (high < low)
    for index in np.flatnonzero(bad):
        report.errors.extend(_row_problems(raw, int(index), present))
    duplicate = _duplicate_ids(raw, present, report)
    rejected = bad | duplicate | _missing_required(report)
    return _finish(raw, report, parsed, rejected)


def validate_table_per_row(raw: RawTable) -> tuple[pd.DataFrame, ValidationReport]:
    """The reference path: pydantic on every row."""
    report, present = _check_header(raw)
    n = len(raw.frame)
    bad = np.zeros(n, dtype=bool)
    missing_column = _missing_required(report)
    products: list[Product | None] = []
    for index in range(n):
        problems = _row_problems(raw, index, present)
        report.errors.extend(problems)
        bad[index] = bool(problems)
        products.append(None if problems or missing_column else _product(raw, index, present))
    duplicate = _duplicate_ids(raw, present, report)
    rejected = bad | duplicate | _missing_required(report)
    parsed: Parsed = {}
    for name in present:
        spec = COLUMN_BY_NAME[name]
        parsed[name] = _from_products(spec, products)
    return _finish(raw, report, parsed, rejected)


def _finish(
    raw: RawTable, report: ValidationReport, parsed: Parsed, rejected: np.ndarray | bool
) -> tuple[pd.DataFrame, ValidationReport]:
    n = len(raw.frame)
    rejected_mask = np.broadcast_to(np.asarray(rejected, dtype=bool), (n,)).copy()
    if raw.row_errors:
        # A ragged row's other errors follow from its shifted cells; its own sentence says it all.
        ragged = {problem.row for problem in raw.row_errors}
        report.errors = [problem for problem in report.errors if problem.row not in ragged]
        report.errors.extend(raw.row_errors)
        rejected_mask |= np.isin(raw.row_numbers, list(ragged))
    keep = ~rejected_mask
    report.total_rows = n
    report.rejected_rows = raw.row_numbers[rejected_mask].tolist()
    report.errors.sort(key=lambda problem: (problem.row, _column_order(problem.column)))
    columns = {name: values[keep] for name, values in parsed.items()}
    return typed_frame(columns, int(keep.sum())), report


def _column_order(name: str) -> int:
    return COLUMN_NAMES.index(name) if name in COLUMN_BY_NAME else len(COLUMN_NAMES)


def _check_header(raw: RawTable) -> tuple[ValidationReport, list[str]]:
    report = ValidationReport(source=raw.source, warnings=list(raw.warnings))
    header = [str(name) for name in raw.frame.columns]
    for name in REQUIRED_COLUMNS:
        if name not in header:
            report.errors.append(Problem(HEADER_ROW, name, "", f"required column '{name}' is missing"))
    for name in header:
        if name not in COLUMN_BY_NAME:
            report.warnings.append(Problem(HEADER_ROW, name, name, f"unknown column '{name}' is ignored"))
    return report, [name for name in COLUMN_NAMES if name in header]


def _missing_required(report: ValidationReport) -> bool:
    return any(problem.row == HEADER_ROW and problem.column in REQUIRED_COLUMNS for problem in report.errors)


def _duplicate_ids(raw: RawTable, present: list[str], report: ValidationReport) -> np.ndarray:
    n = len(raw.frame)
    if "id" not in present or n == 0:
        return np.zeros(n, dtype=bool)
    ids = raw.frame["id"].astype(str).str.strip()
    duplicate = ids.duplicated(keep="first").to_numpy() & (ids != "").to_numpy()
    if duplicate.any():
        first_index = ids[~ids.duplicated(keep="first")]
        first_row = dict(zip(first_index.to_numpy(), raw.row_numbers[first_index.index.to_numpy()], strict=True))
        for index in np.flatnonzero(duplicate):
            value = ids.iat[index]
            report.errors.append(
                Problem(
                    int(raw.row_numbers[index]),
                    "id",
                    value,
                    f"duplicate id '{value}' (first used on row {first_row[value]})",
                )
            )
    return duplicate


def _row_problems(raw: RawTable, index: int, present: list[str]) -> list[Problem]:
    """Every problem of one row, worded by the pydantic model."""
    row = int(raw.row_numbers[index])
    cells = {name: raw.frame[name].iat[index] for name in present}
    problems = [
        Problem(row, name, _shorten(cell), f"cell is {len(cell):,} characters long; at most {MAX_CELL_CHARS:,}")
        for name, cell in cells.items()
        if len(cell) > MAX_CELL_CHARS
    ]
    long_cells = {problem.column for problem in problems}
    try:
        Product.model_validate({name: cell for name, cell in cells.items() if name not in long_cells})
    except ValidationError as error:
        for detail in error.errors(include_url=False):
            column = str(detail["loc"][0]) if detail["loc"] else "lifespan_months_max"
            if detail["type"] == "missing" and column not in present:
                continue  # reported once for the whole file as a missing column
            if column in long_cells:
                continue
            message = str(detail["msg"]).removeprefix("Value error, ")
            problems.append(Problem(row, column, _shorten(cells.get(column, "")), message))
    return problems


def _product(raw: RawTable, index: int, present: list[str]) -> Product:
    return Product.model_validate({name: raw.frame[name].iat[index] for name in present})


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


# ---- vectorized column checks -------------------------------------------------------------


def _parse_column(spec: ColumnSpec, cells: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Parsed values and a mask of the cells that fail, for one whole column."""
    text = cells.astype(object).to_numpy()
    too_long = pd.Series(cells, copy=False).str.len().to_numpy() > MAX_CELL_CHARS
    if spec.kind is Kind.NUMBER:
        values, bad = _parse_numbers(spec, cells)
    elif spec.kind in (Kind.TEXT, Kind.ID, Kind.CURRENCY):
        values, bad = _parse_texts(spec, cells)
    else:
        values, bad = _parse_by_unique(spec, text)
    return values, bad | too_long


def _parse_by_unique(spec: ColumnSpec, text: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Low-cardinality columns: parse each distinct cell once, with the per-row parser itself."""
    codes, uniques = pd.factorize(text, use_na_sentinel=False)
    parser: Callable[[ColumnSpec, str], object] = PARSERS[spec.kind]
    parsed_uniques = np.empty(len(uniques), dtype=object)
    bad_uniques = np.zeros(len(uniques), dtype=bool)
    for position, cell in enumerate(uniques):
        try:
            parsed_uniques[position] = parser(spec, str(cell))
        except CellError:
            parsed_uniques[position] = _placeholder(spec)
            bad_uniques[position] = True
    values = parsed_uniques[codes]
    if spec.kind is Kind.FLAG:
        values = values.astype(bool)
    return values, bad_uniques[codes]


def _parse_numbers(spec: ColumnSpec, cells: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    text = cells.astype(str).str.strip()
    empty = (text == "").to_numpy()
    well_formed = text.str.fullmatch(NUMBER_PATTERN).fillna(False).to_numpy(dtype=bool)
    values = np.full(len(text), np.nan, dtype=np.float64)
    if well_formed.any():
        values[well_formed] = pd.to_numeric(text[well_formed], errors="coerce").to_numpy(dtype=np.float64)
    with np.errstate(invalid="ignore"):
        bad = ~empty & ~(well_formed & np.isfinite(values))
        if spec.minimum is not None:
            bad |= well_formed & (values <= spec.minimum if spec.strict_minimum else values < spec.minimum)
    if spec.required:
        bad |= empty
    elif spec.default is not None:
        values[empty] = spec.default
    return values, bad


def _parse_texts(spec: ColumnSpec, cells: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    text = cells.astype(str).str.strip()
    empty = (text == "").to_numpy()
    bad = empty.copy() if spec.required else np.zeros(len(text), dtype=bool)
    if spec.kind is Kind.ID:
        bad |= ~text.str.fullmatch(ID_PATTERN).fillna(False).to_numpy(dtype=bool)
    elif spec.kind is Kind.CURRENCY:
        bad |= ~text.str.fullmatch(CURRENCY_PATTERN).fillna(False).to_numpy(dtype=bool)
        text = text.str.upper()
    return text.to_numpy(dtype=object), bad


__all__ = ["LIFESPAN_RANGE_MESSAGE", "validate_table", "validate_table_per_row"]
