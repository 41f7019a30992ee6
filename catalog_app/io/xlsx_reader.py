"""Read the first sheet of an .xlsx workbook into a RawTable (openpyxl, read-only)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from catalog_app.io.read_errors import CatalogReadError
from catalog_app.io.table_rows import header_and_records, table_from_rows
from catalog_app.model.limits import MAX_XLSX_UNCOMPRESSED_BYTES
from catalog_app.model.raw_table import RawTable
from catalog_app.model.schema import cell_text
from catalog_app.model.validation_report import HEADER_ROW, Problem
from catalog_app.validation.text_hygiene import clean_cell


def read_xlsx(path: Path) -> RawTable:
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
    rows, sheet_names = _read_first_sheet(path)
    other_sheets = sheet_names[1:]
    while rows and not any(cell.strip() for cell in rows[-1]):
        rows.pop()
    if not rows:
        raise CatalogReadError(f"{path.name}: the first sheet is empty.")
    header, records = header_and_records(rows, path.name)
    while header and not header[-1]:
        header.pop()
    table = table_from_rows(header, [record[: len(header)] for record in records], path.name)
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
    unsaved = _formulas_without_values(path)
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


def _read_first_sheet(path: Path) -> tuple[list[list[str]], list[str]]:
    # openpyxl parses with defusedxml when it is installed (a dependency of ours), so a workbook
    # that declares XML entities ("billion laughs") is refused instead of expanded.
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a malformed workbook
        raise CatalogReadError(f"{path.name} is not a readable .xlsx workbook ({_why(error)}).") from None
    try:
        sheet = workbook.worksheets[0]
        rows = [[clean_cell(cell_text(value)) for value in row] for row in sheet.iter_rows(values_only=True)]
        return rows, list(workbook.sheetnames)
    except Exception as error:  # the sheet XML is parsed lazily, while iterating
        raise CatalogReadError(f"{path.name} is not a readable .xlsx workbook ({_why(error)}).") from None
    finally:
        workbook.close()


def _why(error: BaseException) -> str:
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and len(chain) < 5:
        chain.append(current)
        current = current.__cause__ or current.__context__
    kinds = {type(item).__name__ for item in chain}
    if kinds & {"EntitiesForbidden", "DTDForbidden", "ExternalReferenceForbidden"}:
        return "it declares XML entities, which workbooks do not need and attacks use to exhaust memory"
    if "IndexError" in kinds:
        return "it has no worksheet"
    if kinds & {"BadZipFile", "KeyError"}:
        return "parts of the workbook are missing or damaged"
    return "its contents are damaged or not a spreadsheet"


_UNSAVED_FORMULA = re.compile(rb"<f[ >][^<]*</f>(?!<v>[^<])")


def _formulas_without_values(path: Path) -> int:
    """Formula cells with no cached value (written by a program that does not calculate)."""
    count = 0
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                count += len(_UNSAVED_FORMULA.findall(archive.read(info)))
    return count
