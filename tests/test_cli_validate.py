"""`insole-catalog validate`: a line per problem, a summary, the right exit status, no traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from catalog_app.cli.main import main
from catalog_app.io.catalog import bundled_catalog_path

BROKEN = Path(__file__).parent / "data" / "broken"


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "catalog_app", *args], capture_output=True, text=True, check=False, timeout=120
    )


def test_bundled_catalog_validates_with_exit_0() -> None:
    result = run_cli("validate", str(bundled_catalog_path()))
    assert result.returncode == 0, result.stderr
    valid = int(result.stdout.strip().splitlines()[-1].split()[0])
    assert valid >= 60
    assert result.stdout.strip().endswith("products valid, 0 rows rejected")


def test_invalid_rows_print_row_and_column_and_exit_1() -> None:
    result = run_cli("validate", str(BROKEN / "negative_price_unknown_arch.csv"))
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "row 2, column price: price must be greater than 0",
        "row 3, column arch_support: 'extra-firm' is not a known arch support; use one of: none, low, medium, high",
        "1 product valid, 2 rows rejected",
    ]


def test_json_report_has_the_documented_keys() -> None:
    result = run_cli("validate", str(BROKEN / "wrong_types.csv"), "--format", "json")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert (report["valid"], report["rejected"]) == (0, 3)
    assert report["errors"][0] == {
        "row": 2,
        "column": "lifespan_months",
        "value": "about a year",
        "message": "'about a year' is not a number",
    }


@pytest.mark.parametrize("name", ["empty.csv", "object.json", "catalog.pdf", "no-such-file.csv"])
def test_unreadable_file_is_one_sentence_on_stderr_and_exit_2(name: str) -> None:
    result = run_cli("validate", str(BROKEN / name))
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("insole-catalog: ")
    assert "Traceback" not in result.stderr


# Every file in tests/data/broken: its exact status, and what it prints (stdout lines, or the one
# sentence on stderr after "insole-catalog: ").
BROKEN_FILES = {
    "catalog.pdf": (2, "catalog.pdf has the suffix '.pdf'; open a .csv, .tsv, .xlsx, .json or .parquet file."),
    "duplicate_id.csv": (
        1,
        [
            "row 4, column id: duplicate id 'tidewell-cloudrest-full' (first used on row 2)",
            "2 products valid, 1 row rejected",
        ],
    ),
    "empty.csv": (2, "empty.csv is empty."),
    "extra_column.csv": (
        0,
        ["warning: row 1, column shelf: unknown column 'shelf' is ignored", "3 products valid, 0 rows rejected"],
    ),
    "lifespan_range_inverted.csv": (
        1,
        [
            "row 2, column lifespan_months_max: lifespan_months_max must not be less than lifespan_months",
            "2 products valid, 1 row rejected",
        ],
    ),
    "missing_price_column.csv": (
        1,
        ["row 1, column price: required column 'price' is missing", "0 products valid, 3 rows rejected"],
    ),
    "negative_price_unknown_arch.csv": (
        1,
        [
            "row 2, column price: price must be greater than 0",
            "row 3, column arch_support: 'extra-firm' is not a known arch support; use one of: none, low, medium, high",
            "1 product valid, 2 rows rejected",
        ],
    ),
    "object.json": (2, "object.json must hold a JSON array of product objects, not an object."),
    "products.json": (
        1,
        [
            "row 2, column shoe_types: 'moon-boots' is not a known shoe types value; use one or more of: athletic, "
            "dress, work-boots, casual, hiking-boots, cleats, flats-heels",
            "2 products valid, 1 row rejected",
        ],
    ),
    "ragged_row.csv": (
        1,
        ["row 3: row has 5 cells but the header has 32; cells may be shifted", "2 products valid, 1 row rejected"],
    ),
    "semicolon_cp1252.csv": (0, ["3 products valid, 0 rows rejected"]),
    "tab_bom.tsv": (0, ["3 products valid, 0 rows rejected"]),
    "wrong_types.csv": (
        1,
        [
            "row 2, column lifespan_months: 'about a year' is not a number",
            "row 3, column washable: 'maybe' is not yes or no; use true/false, yes/no or 1/0",
            "row 4, column price: 'NaN' is not a number",
            "0 products valid, 3 rows rejected",
        ],
    ),
}


def validate(capsys: pytest.CaptureFixture[str], path: Path) -> tuple[int, str, str]:
    status = main(["validate", str(path)])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def assert_says(result: tuple[int, str, str], status: int, says: str | list[str]) -> None:
    """`says` is the one sentence on stderr (status 2), or the report's lines on stdout."""
    got_status, out, err = result
    assert got_status == status
    if isinstance(says, str):
        assert (out, err) == ("", f"insole-catalog: {says}\n")
    else:
        assert (out.splitlines(), err) == (says, "")


def test_the_table_names_every_broken_file() -> None:
    assert sorted(path.name for path in BROKEN.iterdir()) == sorted(BROKEN_FILES)


@pytest.mark.parametrize("name", sorted(BROKEN_FILES))
def test_each_broken_file_gives_its_status_and_its_words(capsys: pytest.CaptureFixture[str], name: str) -> None:
    status, says = BROKEN_FILES[name]
    assert_says(validate(capsys, BROKEN / name), status, says)


def test_a_folder_is_called_a_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    for folder in (tmp_path / "catalogs", tmp_path / "catalog.csv"):
        folder.mkdir()
        assert_says(
            validate(capsys, folder), 2, f"{folder} is a folder, not a catalog file; give the catalog file inside it."
        )


def test_a_file_without_a_suffix_is_told_so(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "catalog"
    path.write_text("id,name\n", encoding="utf-8")
    assert_says(
        validate(capsys, path),
        2,
        "catalog has no suffix to say what kind of file it is; open a .csv, .tsv, .xlsx, .json or .parquet file.",
    )


UNREADABLE = {
    # Old Mac line endings: the csv module asks whether to "open the file in universal-newline mode".
    "old_mac.csv": (
        b"id,name,brand\rp1,a,b\rp2,c,d\r",
        "old_mac.csv is not a readable CSV table: a line ends in a carriage return alone, as old Mac files do; "
        "save it again with ordinary line endings (Windows or Unix) and open that.",
    ),
    # A ragged row with a cell past the csv module's "field limit (131072)".
    "huge_cell.csv": (
        b'id,name,brand,price\np1,"' + b"x" * 200_000 + b'",b\n',
        "huge_cell.csv is not a readable CSV table near line 2: a cell is far longer than a catalog cell may be "
        "(10,000 characters).",
    ),
    # pyarrow: "Parquet magic bytes not found in footer. Either the file is corrupted or this is not a parquet file."
    "not_parquet.parquet": (
        b"id,name\np1,a\n",
        "not_parquet.parquet is not a readable Parquet file; it may be damaged, cut short, or not Parquet at all.",
    ),
    # json: "Expecting property name enclosed in double quotes".
    "trailing_comma.json": (
        b'[{"id": "p1",}]',
        "trailing_comma.json is not valid JSON at line 1, column 14: a name in an object is not in double quotes, "
        "or a comma is left over.",
    ),
}


@pytest.mark.parametrize("name", sorted(UNREADABLE))
def test_unreadable_files_are_told_in_our_words_not_the_parsers(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str
) -> None:
    content, sentence = UNREADABLE[name]
    path = tmp_path / name
    path.write_bytes(content)
    assert_says(validate(capsys, path), 2, sentence)
