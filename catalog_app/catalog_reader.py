"""Read a catalog file (CSV, XLSX, JSON, Parquet) into a `RawTable` of text cells.

Reading never validates values; it only turns a file into rows and columns, or raises
`CatalogReadError` with one sentence saying why the file is not a table at all.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from catalog_app.limits import (
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    MAX_JSON_DEPTH,
    MAX_ROWS,
    MAX_XLSX_UNCOMPRESSED_BYTES,
)
from catalog_app.raw_table import RawTable
from catalog_app.schema import cell_text
from catalog_app.validation_report import HEADER_ROW, Problem

CSV_SUFFIXES = {".csv", ".tsv", ".txt"}
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
SUPPORTED_SUFFIXES = CSV_SUFFIXES | XLSX_SUFFIXES | {".json", ".parquet"}
DELIMITERS = (",", ";", "\t")


class CatalogReadError(Exception):
    """The file cannot be read as a catalog at all. The message is one sentence for the user."""


def read_catalog_file(path: Path | str) -> RawTable:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise CatalogReadError(
            f"{path.name} is an old Excel .xls file; save it as .xlsx or CSV and open that instead."
        )
    if suffix not in SUPPORTED_SUFFIXES:
        raise CatalogReadError(
            f"{path.name} has the suffix '{suffix or '(none)'}'; open a .csv, .tsv, .xlsx, .json or .parquet file."
        )
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise CatalogReadError(f"{path} does not exist.") from None
    except OSError as error:
        raise CatalogReadError(f"{path} cannot be opened: {error.strerror or error}.") from None
    if path.is_dir():
        raise CatalogReadError(f"{path} is a folder, not a catalog file.")
    if size > MAX_FILE_BYTES:
        raise CatalogReadError(
            f"{path.name} is {size / 2**20:,.0f} MB; a catalog file may be at most {MAX_FILE_BYTES / 2**20:,.0f} MB."
        )
    if size == 0:
        raise CatalogReadError(f"{path.name} is empty.")
    reader = _READERS[suffix]
    try:
        table = reader(path)
    except CatalogReadError:
        raise
    except MemoryError:
        raise CatalogReadError(f"{path.name} is too large to load in the memory available.") from None
    except OSError as error:
        raise CatalogReadError(f"{path.name} cannot be read: {error.strerror or error}.") from None
    _check_shape(table, path.name)
    return table


def _check_shape(table: RawTable, name: str) -> None:
    columns = len(table.frame.columns)
    if columns > MAX_COLUMNS:
        raise CatalogReadError(f"{name} has {columns:,} columns; a catalog has at most {MAX_COLUMNS:,}.")
    if len(table.frame) > MAX_ROWS:
        raise CatalogReadError(f"{name} has {len(table.frame):,} rows; a catalog has at most {MAX_ROWS:,}.")


# ---- CSV ----------------------------------------------------------------------------------


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with a BOM, else cp1252, else Latin-1."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise CatalogReadError("the file starts like UTF-16 text but cannot be decoded as UTF-16.") from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def sniff_delimiter(header_line: str) -> str:
    """The delimiter that splits the header best (a header has no quoted delimiters in practice)."""
    counts = {delimiter: header_line.count(delimiter) for delimiter in DELIMITERS}
    best = max(DELIMITERS, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def _read_csv(path: Path) -> RawTable:
    text = decode_text(path.read_bytes())
    if "\x00" in text:
        text = text.replace("\x00", "")
        nul_warning = [Problem(HEADER_ROW, "", "", "the file contains NUL bytes; they were removed")]
    else:
        nul_warning = []
    if not text.strip():
        raise CatalogReadError(f"{path.name} has no text in it.")
    delimiter = sniff_delimiter(text.split("\n", 1)[0])
    table = _csv_fast(text, delimiter, path.name)
    if table is None:
        table = _csv_exact(text, delimiter, path.name)
    table.warnings[:0] = nul_warning
    return table


def _csv_fast(text: str, delimiter: str, name: str) -> RawTable | None:
    """pyarrow's parser for well-formed files; None when the file needs the exact reader
    (ragged rows, blank lines, repeated or blank headers, broken quoting)."""
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    header = next(csv.reader(io.StringIO(text.split("\n", 1)[0]), delimiter=delimiter), [])
    try:
        table = pa_csv.read_csv(
            io.BytesIO(text.encode("utf-8")),
            read_options=pa_csv.ReadOptions(block_size=1 << 24),
            parse_options=pa_csv.ParseOptions(
                delimiter=delimiter, newlines_in_values=True, ignore_empty_lines=False
            ),
            convert_options=pa_csv.ConvertOptions(
                column_types={column: pa.string() for column in header},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                null_values=[],
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
        return None
    names = list(table.column_names)
    if len(set(names)) != len(names) or any(not column.strip() for column in names):
        return None
    if any(table.column(column).type != pa.string() for column in names):
        return None
    frame = table.to_pandas()
    frame.columns = [column.strip() for column in names]
    return RawTable(frame, np.arange(2, 2 + len(frame), dtype=np.int64), name)


def _csv_exact(text: str, delimiter: str, name: str) -> RawTable:
    """Python's csv module: slower, but says exactly which row is ragged or unterminated."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    try:
        rows = list(reader)
    except csv.Error as error:
        raise CatalogReadError(f"{name} is not a readable CSV table near line {reader.line_num}: {error}.") from None
    if not rows:
        raise CatalogReadError(f"{name} has no header row.")
    header, records = _header_and_records(rows, name)
    return _table_from_rows(header, records, name)


def _header_and_records(rows: list[list[str]], name: str) -> tuple[list[str], list[list[str]]]:
    header = [cell.strip() for cell in rows[0]]
    if not any(header):
        raise CatalogReadError(f"{name} has an empty header row; the first row must name the columns.")
    return header, rows[1:]


def _table_from_rows(header: list[str], records: list[list[str]], name: str, first_row: int = 2) -> RawTable:
    """Blank headers are dropped with a warning, a repeated header refuses the file, and a row
    with more or fewer cells than the header is kept for validation to report."""
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


# ---- XLSX ---------------------------------------------------------------------------------


def _read_xlsx(path: Path) -> RawTable:
    if not zipfile.is_zipfile(path):
        raise CatalogReadError(
            f"{path.name} is not an Excel .xlsx workbook (it may be a renamed CSV, an old .xls, or encrypted)."
        )
    with zipfile.ZipFile(path) as archive:
        expanded = sum(info.file_size for info in archive.infolist())
    if expanded > MAX_XLSX_UNCOMPRESSED_BYTES:
        raise CatalogReadError(
            f"{path.name} would expand to {expanded / 2**20:,.0f} MB; a workbook may expand to at most "
            f"{MAX_XLSX_UNCOMPRESSED_BYTES / 2**20:,.0f} MB."
        )
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a malformed workbook
        raise CatalogReadError(f"{path.name} is not a readable .xlsx workbook ({type(error).__name__}).") from None
    try:
        sheet = workbook.worksheets[0]
        rows = [[cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
        other_sheets = workbook.sheetnames[1:]
    finally:
        workbook.close()
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    if not rows:
        raise CatalogReadError(f"{path.name}: the first sheet is empty.")
    header, records = _header_and_records(rows, path.name)
    while header and not header[-1]:
        header.pop()
    table = _table_from_rows(header, [record[: len(header)] for record in records], path.name)
    if other_sheets:
        table.warnings.insert(
            0,
            Problem(
                HEADER_ROW,
                "",
                "",
                f"read the first sheet '{workbook.sheetnames[0]}'; other sheets ignored: {', '.join(other_sheets)}",
            ),
        )
    return table


# ---- JSON ---------------------------------------------------------------------------------


def _read_json(path: Path) -> RawTable:
    text = decode_text(path.read_bytes())
    duplicate_keys: list[tuple[int, str]] = []
    counter = {"objects": 0}

    def pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        counter["objects"] += 1
        obj: dict[str, Any] = {}
        for key, value in pairs:
            if key in obj:
                duplicate_keys.append((counter["objects"], key))
            obj[key] = value
        return obj

    _check_json_depth(text, path.name)
    try:
        data = json.loads(text, object_pairs_hook=pairs_hook)
    except json.JSONDecodeError as error:
        raise CatalogReadError(
            f"{path.name} is not valid JSON (line {error.lineno}, column {error.colno}: {error.msg})."
        ) from None
    except RecursionError:
        raise CatalogReadError(f"{path.name} is nested too deeply to be a catalog.") from None
    if isinstance(data, dict) and isinstance(data.get("products"), list):
        data = data["products"]
    if not isinstance(data, list):
        raise CatalogReadError(f"{path.name} must hold a JSON array of product objects, not {_json_kind(data)}.")
    header: list[str] = []
    for item in data:
        if isinstance(item, dict):
            header.extend(key for key in item if key not in header)
    records: list[list[str]] = []
    warnings: list[Problem] = []
    for position, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            warnings.append(Problem(position, "", "", "item is not a product object and is skipped"))
            records.append([""] * len(header))
            continue
        records.append([_json_cell(item.get(key)) for key in header])
    if duplicate_keys:
        warnings.append(
            Problem(HEADER_ROW, duplicate_keys[0][1], "", "a key appears twice in one object; the last value is used")
        )
    if not header:
        raise CatalogReadError(f"{path.name} holds no product objects.")
    table = RawTable.from_records([key.strip() for key in header], records, path.name, first_row=1)
    table.warnings.extend(warnings)
    return table


def _json_cell(value: Any) -> str:
    if isinstance(value, dict):
        return json.dumps(value)
    return cell_text(value)


def _check_json_depth(text: str, name: str) -> None:
    depth = deepest = 0
    in_string = escaped = False
    for char in text if len(text) < 50_000_000 else text[:50_000_000]:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_JSON_DEPTH:
                raise CatalogReadError(
                    f"{name} is nested more than {MAX_JSON_DEPTH} levels deep; a catalog is a flat list of products."
                )
        elif char in "]}":
            depth -= 1


# ---- Parquet ------------------------------------------------------------------------------


def _read_parquet(path: Path) -> RawTable:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except (pa.ArrowException, OSError) as error:
        raise CatalogReadError(f"{path.name} is not a readable Parquet file ({error}).") from None
    frame = table.to_pandas()
    columns = {str(name): [cell_text(_unwrap(value)) for value in frame[name].tolist()] for name in frame.columns}
    text_frame = pd.DataFrame(columns, dtype=object) if columns else pd.DataFrame()
    return RawTable(text_frame, np.arange(2, 2 + len(text_frame), dtype=np.int64), path.name)


def _unwrap(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    return value


_READERS: dict[str, Callable[[Path], RawTable]] = {
    **dict.fromkeys(CSV_SUFFIXES, _read_csv),
    **dict.fromkeys(XLSX_SUFFIXES, _read_xlsx),
    ".json": _read_json,
    ".parquet": _read_parquet,
}


def _json_kind(data: Any) -> str:
    kinds = {dict: "an object", str: "a string", int: "a number", float: "a number", bool: "true or false"}
    return kinds.get(type(data), "null" if data is None else "something else")
