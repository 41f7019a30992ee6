"""Issue 11, item 7: large workbooks read fast and bounded; the generator writes none the reader refuses.

A 600k-row workbook took 332 s and 3.7 GB through openpyxl, and `generate` wrote 1M-row
workbooks the reader then refused. Values are now read by python-calamine, column by column into
pyarrow; the zip-bomb and entity checks run before calamine opens the file.
"""

from __future__ import annotations

import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest
import python_calamine

from catalog_app.cli.main import main as cli_main
from catalog_app.io import xlsx_reader
from catalog_app.io.generator import generate_table, write_catalog, xlsx_expanded_bytes
from catalog_app.io.reader import CatalogReadError, read_catalog_file
from catalog_app.model import limits
from catalog_app.validation.validate import validate_table

CORPUS = Path(__file__).parent / "data" / "hostile"


def no_openpyxl_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("openpyxl parsed the workbook (minutes and gigabytes for a large one)")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


def test_a_generated_workbook_gives_the_catalog_its_csv_gives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    table = generate_table(3_000, seed=5)
    write_catalog(table, tmp_path / "catalog.xlsx")
    write_catalog(table, tmp_path / "catalog.csv")
    no_openpyxl_reading(monkeypatch)
    from_xlsx, xlsx_report = validate_table(read_catalog_file(tmp_path / "catalog.xlsx"))
    from_csv, _csv_report = validate_table(read_catalog_file(tmp_path / "catalog.csv"))
    assert xlsx_report.is_clean and xlsx_report.warnings == []
    assert from_xlsx.equals(from_csv)


def test_reading_keeps_a_batch_of_rows_not_every_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "large.xlsx"
    write_catalog(generate_table(8_000, seed=6), path)
    monkeypatch.setattr(xlsx_reader, "BATCH_ROWS", 1_000)
    monkeypatch.setattr(xlsx_reader, "XML_BLOCK_BYTES", 1 << 16)
    tracemalloc.start()
    try:
        raw = read_catalog_file(path)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(raw) == 8_000
    # The sheet's XML read whole, and a Python list of every row of cells, took 17 MB here.
    assert peak < 8 * 2**20, f"Python memory peaked at {peak / 2**20:.0f} MB"


def test_cells_read_as_a_spreadsheet_shows_them(tmp_path: Path) -> None:
    """Whole numbers without ".0", ids typed as numbers, a blank first column and blank rows
    (later rows keep their numbers), invisible characters removed."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    header = ["", *next(generate_table(1).to_pandas().itertuples(index=False)).__class__._fields]
    rows = generate_table(2, seed=1).to_pandas().astype(object).where(lambda frame: frame.notna(), None)
    sheet.append(header)
    sheet.append(["", *rows.iloc[0].tolist()])
    sheet.append([])
    second = ["", *rows.iloc[1].tolist()]
    second[header.index("id")] = 7
    second[header.index("name")] = "Zero\u200bwidth"
    sheet.append(second)
    path = tmp_path / "shown.xlsx"
    workbook.save(path)
    raw = read_catalog_file(path)
    frame, report = validate_table(raw)
    assert list(raw.row_numbers) == [2, 4]
    assert report.warnings[0].message == "column 1 has no header and is ignored"
    assert frame["id"].iat[1] == "7"
    assert frame["name"].iat[1] == "Zerowidth"
    assert raw.row_cells(0, ["lifespan_months"])["lifespan_months"] == str(int(rows.iloc[0]["lifespan_months"]))


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("entity_expansion.xlsx", "it declares XML entities"),
        ("zip_bomb.xlsx", "would expand to"),
    ],
)
def test_hostile_workbooks_are_refused_before_calamine_opens_them(
    monkeypatch: pytest.MonkeyPatch, name: str, message: str
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("calamine opened a workbook the checks should have refused")

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_path", refuse)
    with pytest.raises(CatalogReadError, match=message):
        read_catalog_file(CORPUS / name)


def test_formula_cells_are_counted_across_block_edges(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx_reader, "XML_BLOCK_BYTES", 7)
    with zipfile.ZipFile(CORPUS / "formulas_without_values.xlsx") as archive:
        small_blocks = xlsx_reader._formulas_without_values(archive)
    monkeypatch.setattr(xlsx_reader, "XML_BLOCK_BYTES", 1 << 20)
    with zipfile.ZipFile(CORPUS / "formulas_without_values.xlsx") as archive:
        assert small_blocks == xlsx_reader._formulas_without_values(archive) > 0


def test_the_size_estimate_is_close_to_the_written_workbook(tmp_path: Path) -> None:
    table = generate_table(5_000, seed=2)
    path = tmp_path / "estimate.xlsx"
    write_catalog(table, path)
    with zipfile.ZipFile(path) as archive:
        actual = sum(info.file_size for info in archive.infolist())
    estimate, _per_row = xlsx_expanded_bytes(table)
    assert abs(estimate - actual) / actual < 0.01


def test_generate_refuses_a_workbook_the_reader_would_refuse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(limits, "MAX_XLSX_UNCOMPRESSED_BYTES", 4 * 2**20)  # about 2,400 generated rows
    too_many = tmp_path / "too_many.xlsx"
    assert cli_main(["generate", "--rows", "5000", "--to", str(too_many)]) == 2
    error = capsys.readouterr().err.strip()
    assert len(error.splitlines()) == 1
    assert "5,000 products would make a workbook that expands to about 8 MB" in error
    assert "write at most about 2," in error and ".csv or .parquet" in error
    assert not too_many.exists()
    fits = tmp_path / "fits.xlsx"
    assert cli_main(["generate", "--rows", "2000", "--to", str(fits)]) == 0
    assert len(read_catalog_file(fits)) == 2_000
