"""Write a loaded catalog back to a file (CSV, TSV, XLSX, JSON or Parquet), as a person would type it.

Choice and list columns become their vocabulary words (lists joined with ';'), unknown numbers
become empty cells, flags become true/false. Reading the file back gives the same products.

CSV and TSV are for spreadsheets: a text cell that a spreadsheet would run as a formula (it
begins with = + - @, see `cell_safety`) is written with a single quote in front, as the
shortlist export does. Read back, such a cell keeps its quote: the one difference a round trip
through CSV or TSV makes, and only to cells that begin with one of those characters. XLSX keeps
the exact text in cells typed as text (never formulas); JSON and Parquet keep the exact text.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from catalog_app.io.cell_safety import neutralize_text_column
from catalog_app.io.generator import write_catalog
from catalog_app.model.catalog_frame import values_of_mask
from catalog_app.model.schema import COLUMNS, LIST_SEPARATOR, Kind
from catalog_app.storage.atomic_write import atomic_output, write_text_atomically

EXPORT_SUFFIXES = (".csv", ".tsv", ".xlsx", ".json", ".parquet")


def catalog_file_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The typed catalog frame in the form a catalog file holds it."""
    data: dict[str, Any] = {}
    for spec in COLUMNS:
        column = frame[spec.name]
        if spec.kind is Kind.CHOICE:
            data[spec.name] = column.astype(str).to_numpy(dtype=object)
        elif spec.kind is Kind.CHOICES:
            codes, uniques = pd.factorize(column.to_numpy())
            words = np.array(
                [LIST_SEPARATOR.join(values_of_mask(spec.name, int(mask))) for mask in uniques], dtype=object
            )
            data[spec.name] = words[codes] if len(codes) else np.array([], dtype=object)
        elif spec.kind is Kind.NUMBER:
            data[spec.name] = column.to_numpy(dtype=np.float64)
        elif spec.kind is Kind.FLAG:
            data[spec.name] = column.to_numpy(dtype=bool)
        else:
            data[spec.name] = column.astype(str).to_numpy(dtype=object)
    return pd.DataFrame(data)


def export_catalog(frame: pd.DataFrame, path: Path) -> Path:
    """Write the catalog to `path` atomically; the format follows the suffix."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in EXPORT_SUFFIXES:
        raise ValueError(f"cannot write '{suffix}'; use one of {', '.join(EXPORT_SUFFIXES)}")
    table = catalog_file_frame(frame)
    if suffix == ".json":
        write_text_atomically(path, json.dumps(_json_records(table), ensure_ascii=False, indent=1))
    else:
        arrow = _file_table(table, for_spreadsheet=suffix in (".csv", ".tsv"))
        with atomic_output(path) as temp:
            # The writer picks the format by suffix; the temporary file has its own, so rename around it.
            staged = temp.with_name(temp.name + suffix)
            try:
                write_catalog(arrow, staged)
                staged.replace(temp)
            finally:
                staged.unlink(missing_ok=True)
    return path


def _file_table(table: pd.DataFrame, *, for_spreadsheet: bool) -> pa.Table:
    arrow = pa.Table.from_pandas(table, preserve_index=False)
    # Text as plain `string` (pandas may hand over `large_string`), which the writer quotes.
    arrow = arrow.cast(
        pa.schema(
            [
                pa.field(field.name, pa.string()) if pa.types.is_large_string(field.type) else field
                for field in arrow.schema
            ]
        )
    )
    if for_spreadsheet:
        columns = [neutralize_text_column(column.combine_chunks()) for column in arrow.columns]
        arrow = pa.Table.from_arrays(columns, schema=arrow.schema)
    return arrow


def _json_records(table: pd.DataFrame) -> list[dict[str, Any]]:
    records = []
    for row in table.to_dict(orient="records"):
        records.append(
            {key: (None if isinstance(value, float) and np.isnan(value) else value) for key, value in row.items()}
        )
    return records
