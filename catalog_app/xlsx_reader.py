"""Read the first sheet of an .xlsx workbook into a RawTable (openpyxl, read-only)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from catalog_app.limits import MAX_XLSX_UNCOMPRESSED_BYTES
from catalog_app.raw_table import RawTable
from catalog_app.read_errors import CatalogReadError
from catalog_app.schema import cell_text
from catalog_app.table_rows import header_and_records, table_from_rows
from catalog_app.validation_report import HEADER_ROW, Problem


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
                f"read the first sheet '{workbook.sheetnames[0]}'; other sheets ignored: {', '.join(other_sheets)}",
            ),
        )
    return table
