"""Import and validation: every problem reported by row, column and reason; nothing dropped silently."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from catalog_app.io.catalog import CatalogRejectedError, bundled_catalog_path, load_catalog
from catalog_app.io.reader import CatalogReadError, read_catalog_file
from catalog_app.validation.validate import validate_table, validate_table_per_row

BROKEN = Path(__file__).parent / "data" / "broken"

# file -> (valid, rejected, [(row, column, words in the message)])
EXPECTED: dict[str, tuple[int, int, list[tuple[int, str, str]]]] = {
    "negative_price_unknown_arch.csv": (
        1,
        2,
        [(2, "price", "must be greater than 0"), (3, "arch_support", "'extra-firm' is not a known arch support")],
    ),
    "missing_price_column.csv": (0, 3, [(1, "price", "required column 'price' is missing")]),
    "duplicate_id.csv": (2, 1, [(4, "id", "duplicate id 'tidewell-cloudrest-full' (first used on row 2)")]),
    "wrong_types.csv": (
        0,
        3,
        [
            (2, "lifespan_months", "'about a year' is not a number"),
            (3, "washable", "use true/false, yes/no or 1/0"),
            (4, "price", "'NaN' is not a number"),
        ],
    ),
    "extra_column.csv": (3, 0, []),
    "semicolon_cp1252.csv": (3, 0, []),
    "tab_bom.tsv": (3, 0, []),
    "products.json": (2, 1, [(2, "shoe_types", "'moon-boots' is not a known shoe types value")]),
    "ragged_row.csv": (2, 1, [(3, "", "row has 5 cells but the header has 32")]),
    "lifespan_range_inverted.csv": (2, 1, [(2, "lifespan_months_max", "must not be less than lifespan_months")]),
}

UNREADABLE = {
    "empty.csv": "is empty",
    "object.json": "must hold a JSON array of product objects, not an object",
    "catalog.pdf": "open a .csv, .tsv, .xlsx, .json or .parquet file",
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_file_reports_each_problem_by_row_and_column(name: str) -> None:
    valid, rejected, problems = EXPECTED[name]
    catalog = load_catalog(BROKEN / name, invalid_rows="load-valid")
    report = catalog.report
    assert (report.valid, report.rejected) == (valid, rejected)
    assert len(catalog) == valid
    found = [(problem.row, problem.column, problem.message) for problem in report.errors]
    assert len(found) == len(problems), found
    for (row, column, words), (got_row, got_column, message) in zip(problems, found, strict=True):
        assert (got_row, got_column) == (row, column)
        assert words in message


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fast_validation_reports_exactly_what_per_row_pydantic_reports(name: str) -> None:
    raw = read_catalog_file(BROKEN / name)
    fast_frame, fast_report = validate_table(raw)
    slow_frame, slow_report = validate_table_per_row(raw)
    assert fast_report.errors == slow_report.errors
    assert fast_report.rejected_rows == slow_report.rejected_rows
    assert fast_frame.equals(slow_frame)


@pytest.mark.parametrize(("name", "words"), sorted(UNREADABLE.items()))
def test_unreadable_file_is_one_clear_sentence(name: str, words: str) -> None:
    with pytest.raises(CatalogReadError, match=words):
        load_catalog(BROKEN / name)


def test_extra_column_is_a_warning_not_an_error() -> None:
    report = load_catalog(BROKEN / "extra_column.csv").report
    assert report.is_clean
    assert [(warning.column, warning.message) for warning in report.warnings] == [
        ("shelf", "unknown column 'shelf' is ignored")
    ]


def test_caller_can_reject_the_whole_file() -> None:
    with pytest.raises(CatalogRejectedError) as caught:
        load_catalog(BROKEN / "duplicate_id.csv", invalid_rows="reject-file")
    assert caught.value.report.rejected_rows == [4]


def test_cp1252_text_is_decoded() -> None:
    catalog = load_catalog(BROKEN / "semicolon_cp1252.csv")
    assert "€30" in catalog.frame["description"].iat[0]


def test_xlsx_round_trip_of_the_bundled_catalog(tmp_path: Path) -> None:
    source = load_catalog(bundled_catalog_path())
    raw = read_catalog_file(bundled_catalog_path()).frame
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(raw.columns))
    for row in raw.itertuples(index=False):
        sheet.append([_typed(cell) for cell in row])
    path = tmp_path / "catalog.xlsx"
    workbook.save(path)
    loaded = load_catalog(path)
    assert loaded.report.is_clean, loaded.report.errors[:3]
    assert loaded.frame.equals(source.frame)


def test_json_with_typed_values_loads(tmp_path: Path) -> None:
    raw = read_catalog_file(bundled_catalog_path()).frame.head(5)
    items = []
    for record in raw.to_dict(orient="records"):
        record["price"] = float(record["price"])
        record["shoe_types"] = record["shoe_types"].split(";")
        record["washable"] = record["washable"] == "true"
        items.append(record)
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(items), encoding="utf-8")
    catalog = load_catalog(path)
    assert catalog.report.is_clean, catalog.report.errors
    assert len(catalog) == 5


def _typed(cell: str) -> object:
    try:
        return float(cell)
    except ValueError:
        return cell


def test_repeated_text_is_held_once_per_distinct_text(tmp_path: Path) -> None:
    """A catalog listing each product in every size repeats brands, descriptions and care notes:
    the catalog holds each distinct text once, and every product still reads its own text."""
    from catalog_app.io.catalog import load_catalog
    from catalog_app.io.generator import generate_table, write_catalog

    path = tmp_path / "sizes.csv"
    table = generate_table(2_000, seed=7)
    write_catalog(table, path)
    frame = load_catalog(path).frame
    for name in ("brand", "currency", "sizes", "care", "description"):
        column = frame[name]
        assert isinstance(column.dtype, pd.CategoricalDtype), name
        assert len(column.cat.categories) == len(set(table.column(name).to_pylist())), name
        assert column.astype(str).tolist() == [text.strip() for text in table.column(name).to_pylist()], name
    text_bytes = sum(len(text.encode()) for text in table.column("description").to_pylist())
    assert frame["description"].memory_usage(deep=True) < text_bytes / 4


def test_repeated_text_that_differs_only_by_spaces_is_one_text(tmp_path: Path) -> None:
    import csv

    with bundled_catalog_path().open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[0]["brand"], rows[1]["brand"] = "Tidewell", "  Tidewell "
    path = tmp_path / "spaces.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    brands = load_catalog(path, invalid_rows="reject-file").frame["brand"]
    assert brands.iat[0] == brands.iat[1] == "Tidewell"
    assert list(brands.cat.categories).count("Tidewell") == 1
