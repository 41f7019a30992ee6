"""Read a catalog file (CSV, XLSX, JSON, Parquet) into a `RawTable` of text cells.

Reading never validates values; it only turns a file into rows and columns, or raises
`CatalogReadError` with one sentence saying why the file is not a table at all.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

from catalog_app.io.csv_reader import read_csv
from catalog_app.io.json_reader import read_json
from catalog_app.io.parquet_reader import read_parquet
from catalog_app.io.read_errors import CatalogReadError, csv_reason
from catalog_app.io.xlsx_reader import read_xlsx
from catalog_app.model import limits
from catalog_app.model.limits import MAX_COLUMNS, MAX_FILE_BYTES, MAX_ROWS
from catalog_app.model.raw_table import RawTable
from catalog_app.model.schema import COLUMN_NAMES, REQUIRED_COLUMNS
from catalog_app.storage.error_log import log_exception

CSV_SUFFIXES = {".csv", ".tsv", ".txt"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
SUPPORTED_SUFFIXES = CSV_SUFFIXES | XLSX_SUFFIXES | {".json", ".parquet"}


def read_catalog_file(path: Path | str) -> RawTable:
    path = Path(path)
    suffix = path.suffix.lower()
    # What the path is comes first: a folder or a missing file is that, whatever its name.
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise CatalogReadError(f"{path} does not exist.") from None
    except OSError as error:
        raise CatalogReadError(f"{path} cannot be opened: {error.strerror or error}.") from None
    if path.is_dir():
        raise CatalogReadError(f"{path} is a folder, not a catalog file; give the catalog file inside it.")
    if suffix == ".xls":
        raise CatalogReadError(f"{path.name} is an old Excel .xls file; save it as .xlsx or CSV and open that instead.")
    if suffix not in SUPPORTED_SUFFIXES:
        kind = f"has the suffix '{suffix}'" if suffix else "has no suffix to say what kind of file it is"
        raise CatalogReadError(f"{path.name} {kind}; open a .csv, .tsv, .xlsx, .json or .parquet file.")
    if size > MAX_FILE_BYTES:
        raise CatalogReadError(
            f"{path.name} is {size / 2**20:,.0f} MB; a catalog file may be at most {MAX_FILE_BYTES / 2**20:,.0f} MB."
        )
    if size == 0:
        raise CatalogReadError(f"{path.name} is empty.")
    reader = _READERS[suffix]
    if suffix == ".parquet":
        _check_parquet_rows(path)
    try:
        table = reader(path)
    except CatalogReadError:
        raise
    except MemoryError:
        raise CatalogReadError(f"{path.name} is too large to load in the memory available.") from None
    except OSError as error:
        raise CatalogReadError(f"{path.name} cannot be read: {error.strerror or error}.") from None
    except csv.Error as error:
        raise CatalogReadError(f"{path.name} is not a readable CSV table: {csv_reason(error)}.") from None
    except UnicodeError:
        raise CatalogReadError(
            f"{path.name} is not text in an encoding a catalog can be in (UTF-8, UTF-16 or Windows-1252)."
        ) from None
    except Exception as error:  # the file is the user's, not ours: any failure is "cannot read it"
        log_path = log_exception(error)
        where = f"; the details are in {log_path}" if log_path else ""
        raise CatalogReadError(f"{path.name} could not be read as a {_KINDS[suffix]}{where}.") from None
    _check_shape(table, path.name)
    return table


def _check_parquet_rows(path: Path) -> None:
    """Parquet says how many rows it holds before any is read: a 1 GB file can hold far more than
    a catalog may, so the count is checked first (a file whose footer cannot be read is left to
    the reader, which says so)."""
    import pyarrow.parquet as pq

    try:
        rows = pq.read_metadata(path).num_rows
    except Exception:  # the reader reports an unreadable file in its own words
        return
    if rows > limits.MAX_ROWS:
        raise CatalogReadError(f"{path.name} has {rows:,} rows; a catalog has at most {limits.MAX_ROWS:,}.")


def _check_shape(table: RawTable, name: str) -> None:
    columns = len(table.column_names)
    if columns > MAX_COLUMNS:
        raise CatalogReadError(f"{name} has {columns:,} columns; a catalog has at most {MAX_COLUMNS:,}.")
    if len(table) > MAX_ROWS:
        raise CatalogReadError(f"{name} has {len(table):,} rows; a catalog has at most {MAX_ROWS:,}.")
    header = {str(column).strip() for column in table.column_names}
    if not header & set(COLUMN_NAMES):
        raise CatalogReadError(
            f"{name} has none of the catalog's columns ({', '.join(REQUIRED_COLUMNS[:4])}, ...); "
            "is it an insole catalog? See the catalog format in the README."
        )
    if len(table) == 0 and not table.row_errors:
        raise CatalogReadError(f"{name} has a header row but no product rows.")


_KINDS = {**dict.fromkeys(CSV_SUFFIXES, "CSV table"), **dict.fromkeys(XLSX_SUFFIXES, "workbook")}
_KINDS.update({".json": "JSON catalog", ".parquet": "Parquet table"})

_READERS: dict[str, Callable[[Path], RawTable]] = {
    **dict.fromkeys(CSV_SUFFIXES, read_csv),
    **dict.fromkeys(XLSX_SUFFIXES, read_xlsx),
    ".json": read_json,
    ".parquet": read_parquet,
}

__all__ = ["SUPPORTED_SUFFIXES", "CatalogReadError", "read_catalog_file"]
