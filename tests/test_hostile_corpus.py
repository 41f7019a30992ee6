"""Hostile catalogs: each gives its expected outcome with a clear message, never a crash.

The corpus is written by tests/data/hostile/make_corpus.py; expected.json pairs each file with
its outcome (loads, loads-with-warnings, rows-rejected, refused) and a fragment of the message.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog_app.cli.main import main as cli_main
from catalog_app.io.catalog import CatalogReadError, load_catalog
from catalog_app.model.limits import MAX_CELL_CHARS, MAX_COLUMNS, MAX_FILE_BYTES, MAX_XLSX_UNCOMPRESSED_BYTES

CORPUS = Path(__file__).parent / "data" / "hostile"
EXPECTED: dict[str, dict[str, str]] = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))


def outcome_of(path: Path) -> tuple[str, str]:
    try:
        catalog = load_catalog(path, invalid_rows="load-valid")
    except CatalogReadError as error:
        return "refused", str(error)
    report = catalog.report
    messages = " | ".join(problem.line() for problem in [*report.warnings, *report.errors])
    if report.rejected:
        return "rows-rejected", messages
    if report.warnings:
        return "loads-with-warnings", messages
    return "loads", messages


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_file_gives_its_expected_outcome_and_message(name: str) -> None:
    outcome, message = outcome_of(CORPUS / name)
    assert outcome == EXPECTED[name]["outcome"], message
    assert EXPECTED[name]["message"] in message


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_validate_command_never_shows_a_traceback(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    status = cli_main(["validate", str(CORPUS / name)])
    captured = capsys.readouterr()
    want = {"loads": 0, "loads-with-warnings": 0, "rows-rejected": 1, "refused": 2}[EXPECTED[name]["outcome"]]
    assert status == want
    assert "Traceback" not in captured.out + captured.err
    if status == 2:
        assert len(captured.err.strip().splitlines()) == 1


def rejected_rows_without_a_reason(path: Path) -> set[int]:
    try:
        report = load_catalog(path).report
    except CatalogReadError:
        return set()
    if any(problem.message.startswith("required column") for problem in report.errors):
        return set()  # the header explains every row
    return set(report.rejected_rows) - {problem.row for problem in report.errors}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_no_row_is_rejected_without_its_reason(name: str) -> None:
    assert rejected_rows_without_a_reason(CORPUS / name) == set()


def test_text_that_looks_like_missing_values_stays_text() -> None:
    frame = load_catalog(CORPUS / "na_none_null_text.csv").frame
    assert list(frame["name"][:2]) == ["NA", "None"]
    assert frame["brand"].iat[2] == "null"
    assert frame["description"].iat[3] == "NaN"


def test_ids_keep_their_leading_zeros() -> None:
    assert list(load_catalog(CORPUS / "leading_zero_ids.csv").frame["id"]) == ["007", "008", "009", "0010"]


def test_formula_like_cells_load_as_exact_text() -> None:
    frame = load_catalog(CORPUS / "formula_prefixes.csv").frame
    assert frame["name"].iat[0].startswith("=HYPERLINK(")
    assert frame["description"].iat[1] == "+1 insole"


def test_newlines_and_quotes_inside_fields_survive() -> None:
    frame = load_catalog(CORPUS / "newlines_and_quotes.csv").frame
    assert frame["description"].iat[0] == 'Line one\nline two with "quoted" words, and a comma'


def test_invisible_characters_are_removed_from_names() -> None:
    frame = load_catalog(CORPUS / "nul_bidi_zero_width.csv").frame
    assert list(frame["name"][:2]) == ["NightRest", "Gel evil Arch"]
    assert frame["brand"].iat[2] == "ZeroWidth"


def test_limits_are_named_and_generous_enough_for_real_catalogs() -> None:
    assert MAX_FILE_BYTES >= 500 * 2**20  # a million-product CSV is about 300 MB
    assert MAX_COLUMNS >= 100
    assert MAX_CELL_CHARS >= 2_000
    assert MAX_XLSX_UNCOMPRESSED_BYTES >= 100 * 2**20


SUFFIXES = [".csv", ".tsv", ".txt", ".xlsx", ".json", ".parquet", ".xls"]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=4096), suffix=st.sampled_from(SUFFIXES))
def test_any_bytes_give_a_catalog_or_our_own_error(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"catalog{suffix}"
    path.write_bytes(data)
    try:
        catalog = load_catalog(path)
    except CatalogReadError as error:
        assert str(error).strip()
        return
    assert len(catalog) == catalog.report.valid


HEADER_LINE = "id,name,brand,category,price,currency,lifespan_months,arch_support,cushioning,length,shoe_types\n"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.text(max_size=600), delimiter=st.sampled_from([",", ";", "\t"]))
def test_any_text_under_a_catalog_header_gives_a_report(tmp_path: Path, body: str, delimiter: str) -> None:
    path = tmp_path / "catalog.csv"
    path.write_text(HEADER_LINE.replace(",", delimiter) + body, encoding="utf-8", errors="surrogatepass")
    try:
        catalog = load_catalog(path)
    except CatalogReadError as error:
        assert str(error).strip()
        return
    report = catalog.report
    assert report.valid + report.rejected == report.total_rows
    for problem in report.errors:
        assert problem.row >= 1 and problem.message
    assert rejected_rows_without_a_reason(path) == set()
