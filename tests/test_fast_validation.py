"""The fast column-wise validator reports exactly what per-row pydantic validation reports.

Broken catalogs are made here from a generated one plus mutations (bad numbers, blanks, unknown
choices, bad list values and flags, NaN/inf/1e309, duplicate ids, inverted lifespans, long cells,
odd whitespace) and read the way the app reads them: CSV through pyarrow, CSV through Python's csv
module, Parquet with typed columns. For each, both validators must give the same errors (row,
column, value, message), the same rejected rows and the same typed frame.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog_app.io import csv_reader
from catalog_app.io.csv_reader import read_csv
from catalog_app.io.generator import generate_catalog
from catalog_app.io.reader import CatalogReadError, read_catalog_file
from catalog_app.io.table_rows import table_from_rows
from catalog_app.model.raw_table import RawTable
from catalog_app.model.schema import COLUMN_BY_NAME, COLUMN_NAMES, Kind
from catalog_app.validation.arrow_text import PYTHON_SPACES
from catalog_app.validation.validate import validate_table, validate_table_per_row

ROWS = 50

# (row position, column, cell text): each is a way a shop's spreadsheet goes wrong (or looks
# wrong but is fine: "+5", " 12 ", "Work Boots", "TRUE").
MUTATIONS: list[tuple[int, str, str]] = [
    (0, "price", "abc"),
    (1, "price", "12,5"),
    (2, "price", "1_000"),
    (3, "price", "0x10"),
    (4, "price", " 12 "),
    (5, "price", "+5"),
    (6, "price", ".5"),
    (7, "price", "5."),
    (8, "price", "\u0663"),  # an Arabic-Indic 3: Python's float() reads it
    (9, "price", "1e309"),
    (10, "price", "nan"),
    (11, "price", "-inf"),
    (12, "price", "0"),
    (13, "price", ""),
    (14, "lifespan_months", "-3"),
    (15, "weight_g", "NaN"),
    (16, "break_in_days", "-1"),
    (17, "warranty_months", "1e-400"),
    (18, "name", ""),
    (19, "brand", "\u3000"),
    (20, "category", "foam"),
    (21, "category", "MEMORY_FOAM"),
    (22, "arch_support", "extra-firm"),
    (23, "shoe_types", "athletic;moon-boots"),
    (24, "shoe_types", " ; "),
    (25, "shoe_types", "Work Boots;casual"),
    (26, "concerns", "back pain"),
    (27, "metatarsal_pad", "maybe"),
    (28, "washable", "TRUE"),
    (29, "transferable", "2"),
    (30, "id", "bad-id!"),
    (31, "id", ""),
    (32, "id", "-dash-first"),
    (33, "id", "x" * 101),
    (34, "id", "\u00fcnicode-id"),
    (35, "currency", "usd"),
    (35, "rigidity", ""),
    (36, "currency", "\u20ac"),
    (37, "description", "x" * 10_001),
    (38, "name", "\u00e9" * 10_001),
    (39, "description", "\u00e9" * 5_001),  # 10,002 bytes but 5,001 characters: allowed
    (1, "name", "\x1cPadded name\x85"),
    (2, "name", " Name\u200b"),
    (3, "care", "  Wipe clean.  "),
    (4, "sizes", "\t"),
    (6, "brand", "Tidewell\u2028"),  # only the last character is (Python) whitespace
    (7, "name", "Name\x1f"),
    (5, "url", "x" * 10_001),
]


def base_cells(rows: int = ROWS, seed: int = 11) -> pd.DataFrame:
    """A valid generated catalog as the text cells a CSV file holds."""
    frame = generate_catalog(rows, seed)
    cells = pd.DataFrame(index=frame.index)
    for name in COLUMN_NAMES:
        column = frame[name]
        if COLUMN_BY_NAME[name].kind is Kind.NUMBER:
            cells[name] = [("" if np.isnan(value) else f"{value:g}") for value in column]
        elif COLUMN_BY_NAME[name].kind is Kind.FLAG:
            cells[name] = ["true" if value else "false" for value in column]
        else:
            cells[name] = column.astype(object)
    return cells.astype(object)


def broken_cells() -> pd.DataFrame:
    cells = base_cells()
    for row, column, text in MUTATIONS:
        cells.at[row, column] = text
    cells.at[42, "id"] = cells.at[40, "id"]  # a duplicate id
    cells.at[43, "id"] = f"  {cells.at[40, 'id']} "  # a duplicate once stripped
    cells.at[44, "id"] = cells.at[40, "id"]  # and a third use
    cells.at[45, "lifespan_months"], cells.at[45, "lifespan_months_max"] = "12", "6"
    cells.at[46, "lifespan_months"], cells.at[46, "lifespan_months_max"] = "6", "6"
    cells.at[44, "name"] = "Insole that cures heel pain"  # a claim in a row rejected for its id
    cells.at[47, "description"] = "Guaranteed to end arch pain."  # a claim in a loaded row
    return cells


def write_text_csv(cells: pd.DataFrame, path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(cells.columns)
        writer.writerows(cells.itertuples(index=False))


def assert_same_verdict(raw: RawTable) -> None:
    fast_frame, fast_report = validate_table(raw)
    slow_frame, slow_report = validate_table_per_row(raw)
    assert fast_report.errors == slow_report.errors
    assert fast_report.rejected_rows == slow_report.rejected_rows
    assert fast_report.warnings == slow_report.warnings
    assert fast_frame.equals(slow_frame)
    assert list(fast_frame.dtypes) == list(slow_frame.dtypes)


def test_the_broken_csv_is_read_by_pyarrow(tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    write_text_csv(broken_cells(), path)
    assert read_csv(path)._arrow is not None  # the fast reader took it, not the fallback


def test_fast_and_per_row_agree_on_a_broken_csv(tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    write_text_csv(broken_cells(), path)
    raw = read_catalog_file(path)
    assert_same_verdict(raw)
    _frame, report = validate_table(raw)
    found = {(problem.row, problem.column) for problem in report.errors}
    assert (2, "price") in found  # "abc"
    assert (6, "price") not in found  # " 12 " reads as 12
    duplicates = [problem.row for problem in report.errors if "duplicate id" in problem.message]
    assert duplicates == [44, 45, 46]  # first used on row 42
    assert (47, "lifespan_months_max") in found
    assert not any(problem.row == 48 for problem in report.errors)  # an equal upper lifespan is fine
    assert (40, "name") in found  # 10,001 characters
    assert (41, "description") not in found  # 10,002 bytes, 5,001 characters
    assert report.rejected == len({problem.row for problem in report.errors})
    # A claim is warned about where the product is loaded, not in a row that was rejected.
    claims = {(problem.row, problem.column) for problem in report.warnings if "claim" in problem.message}
    assert claims == {(49, "description")}


def test_the_pyarrow_reader_and_the_exact_reader_give_the_same_report(tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    write_text_csv(broken_cells(), path)
    fast_frame, fast_report = validate_table(read_csv(path))
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    exact = table_from_rows(rows[0], rows[1:], path.name)
    exact_frame, exact_report = validate_table(exact)
    assert fast_report.errors == exact_report.errors
    assert fast_frame.equals(exact_frame)


def test_fast_and_per_row_agree_on_typed_parquet(tmp_path: Path) -> None:
    frame = generate_catalog(ROWS, seed=5)
    frame.loc[0, "price"] = np.nan
    frame.loc[1, "price"] = np.inf
    frame.loc[2, "price"] = -4.0
    frame.loc[3, "lifespan_months"] = 0.0
    frame.loc[4, "break_in_days"] = -0.0
    frame.loc[5, "category"] = "foam"
    frame.loc[6, "id"] = frame.loc[7, "id"]
    frame.loc[8, "lifespan_months_max"] = frame.loc[8, "lifespan_months"] - 1
    table = pa.Table.from_pandas(frame, preserve_index=False)
    table = table.set_column(
        COLUMN_NAMES.index("weight_g"), "weight_g", pa.array([None, *range(1, ROWS)], type=pa.int64())
    )
    path = tmp_path / "typed.parquet"
    pq.write_table(table, path)
    raw = read_catalog_file(path)
    assert_same_verdict(raw)
    _frame, report = validate_table(raw)
    assert {problem.row for problem in report.errors} == {2, 3, 4, 5, 7, 9, 10}


def test_an_empty_catalog_agrees() -> None:
    raw = RawTable.from_records(list(COLUMN_NAMES), [], "empty.csv")
    assert_same_verdict(raw)


def test_the_strip_table_is_every_python_space() -> None:
    assert "".join(chr(code) for code in range(sys.maxunicode + 1) if chr(code).isspace()) == PYTHON_SPACES


# ---- any mutation of any cell ------------------------------------------------------------------

INTERESTING = [
    "", " ", "0", "-0", "1", "+1", "1.5", "1e3", "1E-3", "1e309", "-1e309", "inf", "nan", ".", "1.", ".1",
    "1_0", "0x1", "\u0661", "\u00bd", "true", "no", "YES", "0.0", "low", "High", "work_boots", "Work Boots",
    "athletic;", ";", "flat;flat", "memory foam", "USD", "usd", "us", "a-b.c_d", "-x", "x" * 100, "x" * 101,
    "\x1c", "\x85x\x85", "\u2028", "\u200b", "\u00e9", "a;b", '"', "\t1\t", "1 000", "x\t", "x\u3000", "x\x1c",
    "\u3000x", "x\x85", "1\xa0", "ab!", "a/b",
]  # fmt: skip
cell_texts = st.one_of(
    st.sampled_from(INTERESTING),
    st.text(alphabet=st.sampled_from(list("0123456789.eE+-_ ;aAxX\t\u00a0\u3000\x1f\u00e9")), max_size=12),
    st.text(max_size=8),
)
mutations = st.lists(st.tuples(st.integers(0, 11), st.sampled_from(COLUMN_NAMES), cell_texts), min_size=1, max_size=12)


def arrow_raw(cells: pd.DataFrame) -> RawTable:
    """The cells as the pyarrow CSV reader hands them over: choice-like columns dictionary-encoded,
    text columns plain, in two chunks (a large file arrives in many)."""
    columns = {}
    for name in cells.columns:
        array = pa.array(cells[name].tolist(), type=pa.string())
        halves = [array.slice(0, 5), array.slice(5)]
        if COLUMN_BY_NAME[name].kind not in (Kind.TEXT, Kind.ID):
            halves = [half.dictionary_encode() for half in halves]
        columns[name] = pa.chunked_array(halves)
    table = pa.table(columns)
    return RawTable(None, np.arange(2, 2 + len(cells), dtype=np.int64), "mutated.csv", arrow=table)


BASE = base_cells(12, seed=3)
NUMBER_COLUMNS = [name for name in COLUMN_NAMES if COLUMN_BY_NAME[name].kind is Kind.NUMBER]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutations)
def test_any_mutated_cells_get_the_same_verdict_from_both_paths(changes: list[tuple[int, str, str]]) -> None:
    cells = BASE.copy()
    for row, column, text in changes:
        cells.at[row, column] = text
    assert_same_verdict(arrow_raw(cells))
    assert_same_verdict(RawTable.from_records(list(cells.columns), cells.values.tolist(), "mutated.csv"))


@pytest.mark.parametrize("drop", ["price", "rigidity", "id"])
def test_a_missing_column_agrees(drop: str) -> None:
    cells = BASE.drop(columns=[drop])
    assert_same_verdict(arrow_raw(cells))


number_texts = st.one_of(
    st.sampled_from(["", " ", "5", "+5", " 5 ", "\t5", ".5", "5.", "1e5", "1E-400", "-0", "0", "nan", "Infinity"]),
    st.text(alphabet=st.sampled_from(list("0123456789.eE+- \tiInNfaA")), min_size=1, max_size=10),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.integers(0, 11), st.sampled_from(NUMBER_COLUMNS), number_texts), max_size=6))
def test_numbers_read_by_pyarrow_as_numbers_get_the_exact_readers_verdict(
    tmp_path: Path, changes: list[tuple[int, str, str]]
) -> None:
    cells = BASE.copy()
    for row, column, text in changes:
        cells.at[row, column] = text
    path = tmp_path / "numbers.csv"
    write_text_csv(cells, path)
    fast_frame, fast_report = validate_table(read_csv(path))
    exact = RawTable.from_records(list(cells.columns), cells.values.tolist(), path.name)
    exact_frame, exact_report = validate_table_per_row(exact)
    assert fast_report.errors == exact_report.errors
    assert fast_frame.equals(exact_frame)


@pytest.mark.parametrize("block_bytes", [4_096, 65_536])
def test_line_breaks_inside_quoted_cells_survive_any_block_split(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block_bytes: int
) -> None:
    monkeypatch.setattr(csv_reader, "BLOCK_BYTES", block_bytes)
    cells = base_cells(200, seed=8)
    cells["description"] = [f"First line,\nsecond line {row}." for row in range(200)]
    cells.at[199, "description"] = "One line."  # a line break in the last row sends the file to the exact reader
    cells.at[5, "price"] = "-2"  # and a failing number, so numbers are read again as text
    path = tmp_path / "multiline.csv"
    write_text_csv(cells, path)
    raw = read_csv(path)
    assert raw._arrow is not None  # pyarrow read it
    fast_frame, fast_report = validate_table(raw)
    exact = RawTable.from_records(list(cells.columns), cells.values.tolist(), path.name)
    exact_frame, exact_report = validate_table(exact)
    assert fast_report.errors == exact_report.errors
    assert [problem.value for problem in fast_report.errors] == ["-2"]
    assert fast_frame.equals(exact_frame)
    assert fast_frame["description"].iat[0] == "First line,\nsecond line 0."


def test_decimal_commas_in_a_semicolon_file_read_as_the_comma_file_does(tmp_path: Path) -> None:
    cells = base_cells(300, seed=12)
    plain = tmp_path / "plain.csv"
    write_text_csv(cells, plain)
    european = cells.copy()
    for name in NUMBER_COLUMNS:
        european[name] = european[name].str.replace(".", ",", regex=False)
    semicolons = tmp_path / "semicolons.csv"
    with semicolons.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";", lineterminator="\n")
        writer.writerow(european.columns)
        writer.writerows(european.itertuples(index=False))
    expected, _ = validate_table(read_csv(plain))
    raw = read_csv(semicolons)
    frame, report = validate_table(raw)
    assert report.is_clean
    assert frame.equals(expected)
    assert any("decimal commas" in warning.message and "price" in warning.message for warning in report.warnings)


def test_invisible_characters_give_the_same_catalog_on_both_readers(tmp_path: Path) -> None:
    cells = base_cells(50, seed=13)
    cells.at[3, "name"] = "Gel \u202eevil\u202c Arch"
    cells.at[4, "description"] = "zero\u200bwidth"
    path = tmp_path / "invisible.csv"
    write_text_csv(cells, path)
    raw = read_csv(path)
    frame, report = validate_table(raw)
    assert frame["name"].iat[3] == "Gel evil Arch"
    assert "removed 3 invisible characters" in report.warnings[0].message
    assert_same_verdict(raw)


def test_a_quote_left_open_at_the_end_is_refused_with_its_line(tmp_path: Path) -> None:
    cells = base_cells(5, seed=14)
    path = tmp_path / "open_quote.csv"
    write_text_csv(cells, path)
    text = path.read_text(encoding="utf-8")
    assert text.endswith(",\n")  # the last cell (url) is empty
    path.write_text(text[:-1] + '"still open\nmore\n', encoding="utf-8")
    with pytest.raises(CatalogReadError, match=r"quote that is never closed .* line 6"):
        read_catalog_file(path)


def test_claims_and_repeated_ids_are_found_in_every_block_of_a_large_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pyarrow reads a large file in blocks (columns of many chunks, each repeated-text chunk with a
    dictionary of its own); the claims and the repeated ids are searched over all of them at once."""
    monkeypatch.setattr(csv_reader, "BLOCK_BYTES", 8_192)
    cells = base_cells(400, seed=14)
    cells.at[350, "name"] = "Arch Gel that cures plantar pain"
    cells.at[7, "description"] = "Clinically proven comfort."
    cells.at[390, "description"] = "Heals heel pain."
    cells.at[380, "id"] = cells.at[2, "id"]
    path = tmp_path / "blocks.csv"
    write_text_csv(cells, path)
    raw = read_csv(path)
    assert raw._arrow is not None and raw.arrow.column("name").num_chunks > 10  # read in many blocks
    frame, report = validate_table(raw)
    claims = {(warning.row, warning.column) for warning in report.warnings if "claims an effect" in warning.message}
    assert claims == {(352, "name"), (9, "description"), (392, "description")}  # rows as the user counts, header 1
    assert [(problem.row, problem.column) for problem in report.errors] == [(382, "id")]
    assert "first used on row 4" in report.errors[0].message
    assert len(frame) == 399
    assert_same_verdict(raw)
