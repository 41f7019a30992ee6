"""Rows of cells (from CSV or a worksheet) into a RawTable, with header and ragged-row checks."""

from __future__ import annotations

import numpy as np

from catalog_app.io.read_errors import CatalogReadError
from catalog_app.model.raw_table import RawTable
from catalog_app.model.validation_report import HEADER_ROW, Problem


def header_and_records(rows: list[list[str]], name: str) -> tuple[list[str], list[list[str]]]:
    header = [cell.strip() for cell in rows[0]]
    if not any(header):
        raise CatalogReadError(f"{name} has an empty header row; the first row must name the columns.")
    return header, rows[1:]


def table_from_rows(header: list[str], records: list[list[str]], name: str, first_row: int = 2) -> RawTable:
    """Blank headers are dropped with a warning, a repeated header refuses the file, and a row
    with more or fewer cells than the header is kept for validation to report."""
    keep, warnings = kept_columns(header, name)
    width = len(header)
    clean_records: list[list[str]] = []
    row_numbers: list[int] = []
    ragged: list[Problem] = []
    for offset, record in enumerate(records):
        if not any(cell.strip() for cell in record):
            continue  # a blank line is not a product; later rows keep their numbers
        row_numbers.append(first_row + offset)
        if len(record) != width:
            ragged.append(
                Problem(
                    first_row + offset,
                    "",
                    "",
                    f"row has {len(record)} cells but the header has {width}; cells may be shifted",
                )
            )
            record = (record + [""] * width)[:width]
        clean_records.append([record[position] for position in keep])
    table = RawTable.from_records([header[position] for position in keep], clean_records, name)
    table.row_numbers = np.array(row_numbers, dtype=np.int64)
    table.warnings.extend(warnings)
    table.row_errors.extend(ragged)
    return table


def kept_columns(header: list[str], name: str) -> tuple[list[int], list[Problem]]:
    """The positions of the columns kept, and a warning for each blank header (dropped); a
    repeated header refuses the file."""
    warnings: list[Problem] = []
    seen: dict[str, int] = {}
    keep: list[int] = []
    for position, column in enumerate(header):
        if not column:
            warnings.append(
                Problem(HEADER_ROW, f"#{position + 1}", "", f"column {position + 1} has no header and is ignored")
            )
            continue
        if column in seen:
            raise CatalogReadError(
                f"{name} names the column '{column}' twice (columns {seen[column] + 1} and {position + 1}); keep one."
            )
        seen[column] = position
        keep.append(position)
    return keep, warnings
