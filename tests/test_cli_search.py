"""`insole-catalog search`: ranked matches with reasons, clear errors, table/CSV/JSON output."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from catalog_app.cli.main import main
from catalog_app.io.catalog import load_bundled_catalog
from catalog_app.model.catalog_frame import product_record
from catalog_app.model.wording import HEALTH_NOTE

MUST_SHOW = ["--arch", "flat", "--pronation", "overpronation", "--concern", "lower-back-pain", "--shoe", "work-boots"]


def search(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["search", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_the_issue_command_puts_supportive_work_boot_insoles_first_with_reasons() -> None:
    # The exact command of the issue, as a user types it.
    result = subprocess.run(
        [sys.executable, "-m", "catalog_app", "search", *MUST_SHOW, "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert list(document) == ["profile", "warnings", "red_flags", "health_note", "results"]
    assert document["health_note"] == HEALTH_NOTE
    assert document["profile"]["arch"] == "flat" and document["profile"]["shoe_types"] == ["work-boots"]
    rows = document["results"]
    assert len(rows) >= 5
    for row in rows:
        assert {"id", "name", "brand", "category", "price", "currency", "fit_score", "reasons"} <= row.keys()
        assert row["confidence"] in ("high", "medium", "low")
        assert row["monthly_over_horizon"] > 0
        assert row["reasons"]
        for reason in row["reasons"]:
            assert set(reason) == {"text", "effect", "evidence"}
            assert reason["effect"] in ("+", "-", "~")
            assert reason["evidence"] in ("moderate", "common-practice", "weak", "maker-claim")
    top = rows[:5]
    assert all(row["arch_support"] in ("medium", "high") for row in top)
    scores = [row["fit_score"] for row in rows]
    assert scores == sorted(scores, reverse=True)
    may_help = [reason for row in top for reason in row["reasons"] if "may help" in reason["text"]]
    assert may_help and all(reason["evidence"] in ("weak", "maker-claim") for reason in may_help)


def test_every_listed_product_fits_work_boots(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _err = search(capsys, *MUST_SHOW, "--format", "json", "--limit", "0")
    assert status == 0
    catalog = load_bundled_catalog()
    for row in json.loads(out)["results"]:
        position = catalog.position_of(row["id"])
        assert position is not None
        assert "work-boots" in product_record(catalog.frame, position)["shoe_types"]  # type: ignore[operator]


@pytest.mark.parametrize(
    ("option", "value", "valid"),
    [
        ("--arch", "flatt", "flat, low, medium, high"),
        ("--pronation", "inward", "overpronation, neutral, supination"),
        ("--shoe", "sandals", "athletic, dress, work-boots, casual, hiking-boots, cleats, flats-heels"),
        ("--concern", "bunions", "lower-back-pain, plantar-fasciitis, metatarsalgia"),
        ("--category", "wood", "memory-foam, gel, carbon-fiber"),
    ],
)
def test_unknown_values_exit_2_and_list_the_valid_ones(
    capsys: pytest.CaptureFixture[str], option: str, value: str, valid: str
) -> None:
    status, out, err = search(capsys, option, value)
    assert status == 2
    assert out == ""
    assert f"'{value}' is not a valid {option}" in err
    assert valid in err
    assert "Traceback" not in err


def test_values_are_forgiving_about_case_and_spaces(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _err = search(capsys, "--shoe", "Work Boots", "--arch", "FLAT", "--format", "json", "--limit", "3")
    assert status == 0
    assert len(json.loads(out)["results"]) == 3


def test_csv_output_has_a_header_and_one_row_per_product(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = search(capsys, *MUST_SHOW, "--format", "csv", "--limit", "4")
    assert status == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 4
    assert list(rows[0]) == [
        "id",
        "name",
        "brand",
        "category",
        "price",
        "currency",
        "fit_score",
        "confidence",
        "monthly_over_horizon",
        "size",
        "reasons",
    ]
    assert all(row["reasons"] and row["confidence"] for row in rows)
    assert HEALTH_NOTE in err  # beside the table, so the file stays a plain table


def test_table_output_names_the_profile_and_the_count(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _err = search(capsys, *MUST_SHOW, "--limit", "2")
    assert status == 0
    assert out.startswith("Profile: flat arch; overpronation; concerns: lower back pain; shoes: work boots")
    assert f"of {len(load_bundled_catalog())} products match; showing 2." in out


def test_filters_and_text_narrow_the_list(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _err = search(
        capsys, "--category", "gel", "--max-price", "30", "--format", "json", "--limit", "0", "--text", "gel"
    )
    assert status == 0
    rows = json.loads(out)["results"]
    assert rows
    assert all(row["category"] == "gel" and row["price"] <= 30 for row in rows)


def test_nothing_matching_says_which_filter_to_clear(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _err = search(capsys, "--category", "cork", "--shoe", "cleats")
    assert status == 0
    assert f"0 of {len(load_bundled_catalog())} products match" in out
    assert "Widen the shoe types or budget in your foot profile" in out


def test_a_missing_catalog_file_is_one_clear_sentence(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, _out, err = search(capsys, "--catalog", str(tmp_path / "missing.csv"))
    assert status == 2
    assert "missing.csv" in err
    assert "Traceback" not in err
