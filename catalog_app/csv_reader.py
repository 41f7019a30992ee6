"""Read CSV text into a RawTable: encodings, delimiters, a fast parser and an exact one."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np

from catalog_app.raw_table import RawTable
from catalog_app.read_errors import CatalogReadError
from catalog_app.table_rows import header_and_records, table_from_rows
from catalog_app.validation_report import HEADER_ROW, Problem

DELIMITERS = (",", ";", "\t")


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


def read_csv(path: Path) -> RawTable:
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
            parse_options=pa_csv.ParseOptions(delimiter=delimiter, newlines_in_values=True, ignore_empty_lines=False),
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
    header, records = header_and_records(rows, name)
    return table_from_rows(header, records, name)
