"""Read the first sheet of an .xlsx workbook into a RawTable.

The archive is checked before any XML in it is parsed: its parts may expand to at most
MAX_XLSX_UNCOMPRESSED_BYTES (zip bombs), and no part may declare a document type or XML entities
("billion laughs", external references). Only then does python-calamine (a Rust reader, tens of
times faster than openpyxl on large sheets) read the values; it does not expand entities either,
but the guarantee does not rest on that. Cells are gathered column by column into pyarrow arrays,
a batch of rows at a time, so no Python list of every row is kept. One more pass over the sheet
XML, in blocks, counts formulas saved without values (calamine reads them as empty).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from catalog_app.io.read_errors import CatalogReadError
from catalog_app.io.table_rows import kept_columns
from catalog_app.model import limits
from catalog_app.model.raw_table import RawTable
from catalog_app.model.schema import COLUMN_BY_NAME, Kind, cell_text
from catalog_app.model.validation_report import HEADER_ROW, Problem
from catalog_app.validation.arrow_text import has_invisible, without_invisible
from catalog_app.validation.text_hygiene import clean_cell

BATCH_ROWS = 50_000
XML_HEAD_BYTES = 1 << 16  # a part's prolog (where a document type is declared) lies well within this
XML_BLOCK_BYTES = 1 << 20
ENTITIES = "it declares XML entities, which workbooks do not need and attacks use to exhaust memory"
DAMAGED = "parts of the workbook are missing or damaged"
NOT_A_SHEET = "its contents are damaged or not a spreadsheet"


def read_xlsx(path: Path) -> RawTable:
    if not zipfile.is_zipfile(path):
        raise CatalogReadError(
            f"{path.name} is not an Excel .xlsx workbook (it may be a renamed CSV, an old .xls, or encrypted)."
        )
    unsaved = _check_archive(path)
    sheet, sheet_names = _first_sheet(path)
    table = _sheet_table(sheet, path.name)
    other_sheets = sheet_names[1:]
    if other_sheets:
        table.warnings.insert(
            0,
            Problem(
                HEADER_ROW,
                "",
                "",
                f"read the first sheet '{sheet_names[0]}'; other sheets ignored: {', '.join(other_sheets)}",
            ),
        )
    if unsaved:
        table.warnings.insert(
            0,
            Problem(
                HEADER_ROW,
                "",
                "",
                f"{unsaved} cells hold formulas without saved values, so they read as empty; "
                "open the workbook in a spreadsheet program and save it again",
            ),
        )
    return table


def _unreadable(name: str, why: str) -> CatalogReadError:
    return CatalogReadError(f"{name} is not a readable .xlsx workbook ({why}).")


def _check_archive(path: Path) -> int:
    """Refuse a zip bomb or a part that declares entities; the count of formulas without values."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
            expanded = sum(info.file_size for info in parts)
            if expanded > limits.MAX_XLSX_UNCOMPRESSED_BYTES:
                raise CatalogReadError(
                    f"{path.name} would expand to {expanded / 2**20:,.0f} MB; a workbook may expand to at most "
                    f"{limits.MAX_XLSX_UNCOMPRESSED_BYTES / 2**20:,.0f} MB."
                )
            for info in parts:
                if info.filename.lower().endswith((".xml", ".rels", ".vml")) and _declares_entities(archive, info):
                    raise _unreadable(path.name, ENTITIES)
            return _formulas_without_values(archive)
    except CatalogReadError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError, RuntimeError) as error:
        # RuntimeError: a part needs a password; NotImplementedError: a compression zipfile lacks.
        raise _unreadable(path.name, DAMAGED) from error
    except Exception as error:  # zlib.error and the like: the archive is damaged
        raise _unreadable(path.name, DAMAGED) from error


_ROOT_START = re.compile(rb"<[A-Za-z_]")


def _declares_entities(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Whether the part declares a document type (where entities are declared) before its root
    element; a part whose root does not start within its first 64 KB is refused too."""
    with archive.open(info) as part:
        head = part.read(XML_HEAD_BYTES)
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        head = head.decode("utf-16", errors="ignore").encode("utf-8")
    root = _ROOT_START.search(head)
    if root is None:
        return len(head) == XML_HEAD_BYTES
    prolog = head[: root.start()]
    return b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog


_UNSAVED_FORMULA = re.compile(rb"<f[ >][^<]*</f>(?!<v>[^<])")


def _formulas_without_values(archive: zipfile.ZipFile) -> int:
    """Formula cells with no cached value (written by a program that does not calculate); the
    sheet XML is read in blocks cut before a cell starts, so a cell is never split."""
    count = 0
    for info in archive.infolist():
        if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
            continue
        with archive.open(info) as part:
            held = b""
            while block := part.read(XML_BLOCK_BYTES):
                data = held + block
                cut = data.rfind(b"<c")
                if cut <= 0 and len(data) < 4 * XML_BLOCK_BYTES:
                    held = data
                    continue
                cut = cut if cut > 0 else len(data)
                count += len(_UNSAVED_FORMULA.findall(data, 0, cut))
                held = data[cut:]
            count += len(_UNSAVED_FORMULA.findall(held))
    return count


def _first_sheet(path: Path) -> tuple[Any, list[str]]:
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as error:  # calamine raises its own types for a malformed workbook
        raise _unreadable(path.name, _why(error)) from None
    try:
        names = list(workbook.sheet_names)
        worksheets = [sheet.name for sheet in workbook.sheets_metadata if sheet.typ == SheetTypeEnum.WorkSheet]
        if not worksheets:
            raise _unreadable(path.name, "it has no worksheet")
        return workbook.get_sheet_by_name(worksheets[0]), names
    except CatalogReadError:
        raise
    except Exception as error:  # the sheet XML is parsed here
        raise _unreadable(path.name, _why(error)) from None
    finally:
        workbook.close()


def _why(error: BaseException) -> str:
    kind = type(error).__name__
    if kind in ("WorksheetNotFound", "IndexError"):
        return "it has no worksheet"
    if kind in ("ZipError", "PasswordError"):
        return DAMAGED
    return NOT_A_SHEET


def _rows(sheet: Any) -> Iterator[list[Any]]:
    """The sheet's rows from A1, as a spreadsheet shows them (calamine starts at the first used cell)."""
    start = sheet.start or (0, 0)
    width = start[1] + sheet.width
    for _ in range(start[0]):
        yield [""] * width
    lead = [""] * start[1]
    for row in sheet.iter_rows():
        yield lead + row if lead else row


def _shows_text(cells: list[Any]) -> bool:
    """Whether a row has a cell with something in it (a blank line is not a product)."""
    return any(value is not None and (type(value) is not str or clean_cell(value).strip()) for value in cells)


def _sheet_table(sheet: Any, name: str) -> RawTable:
    rows = _rows(sheet)
    first = next(rows, None)
    header = [clean_cell(cell_text(value)).strip() for value in first or []]
    while header and not header[-1]:
        header.pop()
    if not header:
        if first is not None and any(_shows_text(row) for row in rows):
            raise CatalogReadError(f"{name} has an empty header row; the first row must name the columns.")
        raise CatalogReadError(f"{name}: the first sheet is empty.")
    keep, warnings = kept_columns(header, name)
    width = len(header)
    chunks: list[list[pa.Array]] = [[] for _ in keep]
    row_numbers: list[int] = []
    batch: list[list[Any]] = []
    for offset, row in enumerate(rows):
        cells = row[:width]
        if _shows_text(cells):
            row_numbers.append(2 + offset)
            batch.append(cells if len(cells) == width else cells + [""] * (width - len(cells)))
            if len(batch) == BATCH_ROWS:
                _add_batch(chunks, batch, keep)
                batch = []
    _add_batch(chunks, batch, keep)
    columns = {header[position]: _column(header[position], chunks[index]) for index, position in enumerate(keep)}
    table = RawTable(None, np.array(row_numbers, dtype=np.int64), name, arrow=pa.table(columns))
    table.warnings.extend(warnings)
    return table


def _add_batch(chunks: list[list[pa.Array]], batch: list[list[Any]], keep: list[int]) -> None:
    if not batch:
        return
    by_column = list(zip(*batch, strict=True))
    for index, position in enumerate(keep):
        chunks[index].append(_text_array(by_column[position]))


def _text_array(cells: tuple[Any, ...]) -> pa.Array:
    try:  # a column of text goes to pyarrow as it is
        array = pa.array(cells, type=pa.large_string())
    except (pa.ArrowTypeError, pa.ArrowInvalid):  # numbers, flags or dates among the text
        array = None
    if array is None or array.null_count:
        array = pa.array(list(map(_cell_text, cells)), type=pa.large_string())
    return array


def _cell_text(value: Any) -> str:
    """A cell as the text openpyxl gave: calamine reads every number as a float, and a whole
    number in a sheet ("24") is written without ".0"."""
    if type(value) is str:
        return value
    if type(value) is float and value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    return cell_text(value)


def _column(name: str, chunks: list[pa.Array]) -> pa.ChunkedArray:
    """Invisible characters removed where a chunk holds any; columns of few distinct values
    dictionary-encoded (validation parses each distinct value once), as the CSV reader does."""
    cleaned = [without_invisible(chunk) if has_invisible(chunk) else chunk for chunk in chunks]
    column = pa.chunked_array(cleaned, type=pa.large_string())
    spec = COLUMN_BY_NAME.get(name)
    if spec is None or spec.kind in (Kind.TEXT, Kind.ID):
        return column
    return column.cast(pa.string()).dictionary_encode()
