"""`insole-catalog validate`: a line per problem, a summary, the right exit status, no traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

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


def test_every_broken_file_gives_a_status_and_never_a_traceback() -> None:
    for path in sorted(BROKEN.iterdir()):
        result = run_cli("validate", str(path))
        assert result.returncode in (0, 1, 2), path
        assert "Traceback" not in result.stdout + result.stderr, path
