"""Exporting a shortlist to CSV, XLSX, JSON or PDF, chosen by the file's suffix.

Every format carries the same content: the product fields, the notes, the cost notes for the
chosen horizon and pairs, the fit score and reasons against the shortlist's profile, the date
and the health-professional line. A product the catalog no longer has is exported from the
snapshot kept when it was added, with a note saying so.

Spreadsheet cells that begin with = + - @ tab or carriage return are prefixed with a single quote
(`catalog_app.io.cell_safety`) so that a spreadsheet never runs them as formulas; numbers stay numbers.
JSON keeps the exact text. Files are written atomically (see atomic_write).

PDF is rendered by the Qt layer (`ui.shortlist.print_document.write_pdf`), passed in as `render_pdf`, so
that this module never imports Qt.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from catalog_app.costs.cost_notes import CostOptions
from catalog_app.io.catalog import Catalog
from catalog_app.io.cell_safety import neutralize
from catalog_app.model.schema import COLUMN_NAMES, LIST_SEPARATOR
from catalog_app.shortlist.document import shortlist_html
from catalog_app.shortlist.export_data import ExportRow, ShortlistExport, gather_export
from catalog_app.shortlist.store import ShortlistError, ShortlistStore
from catalog_app.storage.atomic_write import (
    AtomicWriteError,
    atomic_output,
    refuse_to_overwrite,
    write_bytes_atomically,
    write_text_atomically,
)

EXPORT_SUFFIXES = (".csv", ".xlsx", ".json", ".pdf")
SNAPSHOT_FIELDS = ("id", "name", "brand", "price", "currency")
SHORTLIST_FIELDS = (
    "position",
    "id",
    "name",
    "brand",
    "price",
    "currency",
    "note",
    "date_added",
    "fit_score",
    "fit_confidence",
    "fit_reasons",
    "cost_per_month",
    "cost_over_horizon",
    "monthly_over_horizon",
    "cost_notes",
    "catalog_status",
)
# The spreadsheet columns: the shortlist's own first, then every other catalog field in schema order.
SPREADSHEET_FIELDS = SHORTLIST_FIELDS + tuple(name for name in COLUMN_NAMES if name not in SNAPSHOT_FIELDS)
# Characters XML 1.0 (and so XLSX) cannot hold; tab, line feed and carriage return are allowed.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

PdfRenderer = Callable[[str, Path], object]


class ShortlistExportError(Exception):
    """An export that could not be written; the message is one plain sentence."""


def export_shortlist(
    store: ShortlistStore,
    name: str,
    catalog: Catalog,
    path: Path,
    *,
    options: CostOptions,
    when: dt.datetime | None = None,
    render_pdf: PdfRenderer | None = None,
) -> Path:
    """Write the shortlist to `path` in the format its suffix names; returns the path written."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in EXPORT_SUFFIXES:
        raise ShortlistExportError(
            f"Cannot export to '{path.name}': choose a file name ending in .csv, .xlsx, .json or .pdf."
        )
    if suffix == ".pdf" and render_pdf is None:
        raise ShortlistExportError(
            "PDF export needs the app's document renderer; export from the app or the command line."
        )
    try:
        refuse_to_overwrite(path, catalog.path, "catalog file that is open")
        refuse_to_overwrite(path, store.path, "shortlist store")
        data = gather_export(store, name, catalog, options=options, when=when)
        if suffix == ".csv":
            write_text_atomically(path, csv_text(data), newline="")
        elif suffix == ".json":
            write_text_atomically(path, json_text(data))
        elif suffix == ".xlsx":
            _write_xlsx(data, path)
        else:
            assert render_pdf is not None
            _write_pdf(data, path, render_pdf)
    except (AtomicWriteError, ShortlistError) as error:
        raise ShortlistExportError(str(error)) from None
    except OSError as error:
        raise ShortlistExportError(f"Cannot write {path.name}: {error.strerror or error}.") from None
    return path


def document_html(
    store: ShortlistStore,
    name: str,
    catalog: Catalog,
    *,
    options: CostOptions,
    when: dt.datetime | None = None,
) -> str:
    """The printable document (for Print and PDF) as HTML that QTextDocument can lay out."""
    return shortlist_html(gather_export(store, name, catalog, options=options, when=when))


# ---- spreadsheet rows ------------------------------------------------------------------------------


def spreadsheet_rows(data: ShortlistExport) -> list[list[Any]]:
    """The header and one row per pick, raw values (numbers as numbers, lists joined)."""
    rows: list[list[Any]] = [list(SPREADSHEET_FIELDS)]
    for row in data.rows:
        values = _row_values(row)
        rows.append([values.get(key) for key in SPREADSHEET_FIELDS])
    return rows


def footer_rows(data: ShortlistExport) -> list[list[Any]]:
    """Below the table, after an empty row: what the export is, when, for whom, and the health line."""
    return [
        ["shortlist", data.name],
        ["exported", data.when.isoformat(timespec="seconds")],
        ["profile", data.profile_summary],
        *[[f"warning {number}", text] for number, text in enumerate(data.warnings, start=1)],
        ["costs", data.costs_text],
        ["catalog", data.catalog_source],
        ["note", data.health_note],
    ]


def _row_values(row: ExportRow) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for key, value in row.product.items():
        values[key] = LIST_SEPARATOR.join(value) if isinstance(value, list) else value
    values.update(
        position=row.position,
        id=row.item.product_id,
        name=row.product.get("name", row.item.name),
        brand=row.product.get("brand", row.item.brand),
        price=row.product.get("price", row.item.price),
        currency=row.currency,
        note=row.item.note,
        date_added=row.item.added_date,
        fit_score=row.fit_score,
        fit_confidence=row.fit_confidence,
        fit_reasons="; ".join(row.fit_reasons),
        cost_per_month=row.cost_per_month,
        cost_over_horizon=row.cost_over_horizon,
        monthly_over_horizon=row.monthly_over_horizon,
        cost_notes="; ".join(row.cost_notes),
        catalog_status=row.catalog_status,
    )
    if row.exclusion_reason:
        values["fit_reasons"] = "; ".join((f"cannot fit: {row.exclusion_reason}", *row.fit_reasons))
    return values


def csv_text(data: ShortlistExport) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for values in [*spreadsheet_rows(data), [], *footer_rows(data)]:
        writer.writerow([_csv_cell(value) for value in values])
    return buffer.getvalue()


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    return neutralize(value)


def _write_xlsx(data: ShortlistExport, path: Path) -> None:
    # XlsxWriter builds the whole workbook in memory (no temporary files that a full disk could break
    # half-way) and writes every string as a string, never as a formula or a link.
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    )
    sheet = workbook.add_worksheet("Shortlist")
    header, wrapped = workbook.add_format({"bold": True}), workbook.add_format({"text_wrap": True, "valign": "top"})
    rows = spreadsheet_rows(data)
    for number, values in enumerate(rows):
        style = header if number == 0 else wrapped
        for column, value in enumerate(values):
            _write_cell(sheet, number, column, _xlsx_cell(value), style)
    for number, values in enumerate(footer_rows(data), start=len(rows) + 1):  # after one empty row
        for column, value in enumerate(values):
            _write_cell(sheet, number, column, _xlsx_cell(value), None)
    sheet.freeze_panes(1, 0)
    widths = {"position": 8, "id": 28, "name": 26, "brand": 16, "note": 40, "fit_reasons": 60, "cost_notes": 60}
    for column, key in enumerate(SPREADSHEET_FIELDS):
        sheet.set_column(column, column, widths.get(key, 14))
    workbook.close()
    # Written in one go: a failing disk then fails a plain atomic write, not a half-closed zip.
    write_bytes_atomically(path, buffer.getvalue())


def _write_cell(sheet: Any, row: int, column: int, value: Any, style: Any) -> None:
    if value is None:
        if style is not None:
            sheet.write_blank(row, column, None, style)
    elif isinstance(value, str):
        sheet.write_string(row, column, value, style)
    elif isinstance(value, bool):
        sheet.write_boolean(row, column, value, style)
    elif isinstance(value, int | float):
        sheet.write_number(row, column, value, style)
    else:
        sheet.write(row, column, value, style)


def _xlsx_cell(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, str):
        # XML turns a bare carriage return into a line feed when read; say so here rather than let it happen.
        return neutralize(_XML_ILLEGAL.sub("", value)).replace("\r\n", "\n").replace("\r", "\n")
    return value


# ---- JSON ------------------------------------------------------------------------------------------


def json_document(data: ShortlistExport) -> dict[str, Any]:
    return {
        "shortlist": data.name,
        "exported": data.when.isoformat(timespec="seconds"),
        "profile": None if data.profile is None else json.loads(data.profile.to_json()),
        "profile_summary": data.profile_summary,
        "warnings": data.warnings,
        "costs": {"horizon_months": data.options.horizon_months, "pairs": data.options.pairs},
        "catalog": data.catalog_source,
        "health_note": data.health_note,
        "items": [_json_item(row) for row in data.rows],
    }


def _json_item(row: ExportRow) -> dict[str, Any]:
    product = {key: _json_value(value) for key, value in row.product.items()}
    return {
        "position": row.position,
        "id": row.item.product_id,
        "note": row.item.note,
        "date_added": row.item.added,
        "in_catalog": row.in_catalog,
        "catalog_status": row.catalog_status,
        "snapshot": {
            "name": row.item.name,
            "brand": row.item.brand,
            "price": row.item.price,
            "currency": row.item.currency,
        },
        "product": product,
        "fit_score": row.fit_score,
        "fit_confidence": row.fit_confidence,
        "fit_reasons": list(row.fit_reasons),
        "cannot_fit": row.exclusion_reason,
        "cost_per_month": row.cost_per_month,
        "cost_over_horizon": row.cost_over_horizon,
        "monthly_over_horizon": row.monthly_over_horizon,
        "cost_notes": list(row.cost_notes),
    }


def _json_value(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def json_text(data: ShortlistExport) -> str:
    return json.dumps(json_document(data), indent=2, ensure_ascii=False) + "\n"


# ---- PDF -------------------------------------------------------------------------------------------


def _write_pdf(data: ShortlistExport, path: Path, render_pdf: PdfRenderer) -> None:
    html = shortlist_html(data)
    with atomic_output(path) as temp:
        render_pdf(html, temp)
        if temp.stat().st_size == 0:
            raise ShortlistExportError(f"The PDF for {path.name} came out empty.")
