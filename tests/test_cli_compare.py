"""`insole-catalog compare`: costs that match the formula to the cent, readable tables, clear errors."""

from __future__ import annotations

import csv
import io
import json
import math
import subprocess
import sys

import pytest

from catalog_app.io.catalog import load_bundled_catalog

THREE = ["tidewell-cloudrest-full", "corvane-carbon-stride", "larkmoor-functional-custom"]


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "catalog_app", *args], capture_output=True, text=True, check=False, timeout=120
    )


def expected_total(price: float, lifespan: float, pairs_needed: int, fee: float, horizon: int) -> float:
    return price * math.ceil(horizon / lifespan - 1e-9) * pairs_needed + fee


@pytest.mark.parametrize(("horizon", "pairs"), [(24, 1), (36, 2)])
def test_json_costs_match_the_formula_to_the_cent(horizon: int, pairs: int) -> None:
    result = run_cli("compare", *THREE, "--format", "json", "--horizon-months", str(horizon), "--pairs", str(pairs))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    frame = load_bundled_catalog().frame.set_index("id")
    assert [product["id"] for product in data["products"]] == THREE
    for product in data["products"]:
        row = frame.loc[product["id"]]
        price, lifespan, longest = float(row["price"]), float(row["lifespan_months"]), float(row["lifespan_months_max"])
        fee = float(row["assessment_fee"])
        pairs_needed = 1 if bool(row["transferable"]) else pairs
        assert (product["price"], product["currency"], product["lifespan_months"]) == (price, "USD", lifespan)
        assert product["cost_per_month"] == pytest.approx(price / lifespan, abs=0.005)
        assert product["cost_over_horizon"] == pytest.approx(
            expected_total(price, lifespan, pairs_needed, fee, horizon), abs=0.005
        )
        # All three give a lifespan range in the bundled catalog.
        assert product["cost_per_month_range"] == pytest.approx([price / longest, price / lifespan], abs=0.005)
        assert product["cost_over_horizon_range"] == pytest.approx(
            [
                expected_total(price, longest, pairs_needed, fee, horizon),
                expected_total(price, lifespan, pairs_needed, fee, horizon),
            ],
            abs=0.005,
        )
        assert product["notes"]
    # The figures, worked by hand for 24 months and one pair of shoes:
    if (horizon, pairs) == (24, 1):
        totals = [product["cost_over_horizon"] for product in data["products"]]
        assert totals == [99.80, 104.95, 600.00]  # 4 x $24.95; 1 x $104.95; $450 + $150 visit
    rows = {row["attribute"]: row for row in data["rows"]}
    assert rows["cost_per_month"]["differs"] is True
    assert rows["cost_per_month"]["best"] == 0


def test_table_is_readable_in_a_terminal() -> None:
    result = run_cli("compare", *THREE)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert all(len(line) <= 120 for line in lines)
    header = lines[0]
    assert "Cloudrest Full" in header and "Carbon Stride" in header and "Functional Custom" in header
    cost_line = next(line for line in lines if line.startswith("* Cost over 24 months"))
    assert "[$74.85–$99.80]" in cost_line and "$600.00" in cost_line
    assert "  - custom: needs a podiatrist visit (fee included once: $150.00)" in lines


def test_csv_has_one_column_per_product() -> None:
    result = run_cli("compare", *THREE[:2], "--format", "csv", "--pairs", "2")
    assert result.returncode == 0, result.stderr
    table = list(csv.reader(io.StringIO(result.stdout)))
    assert table[0] == ["attribute", "label", "differs", "best", *THREE[:2]]
    cost = next(row for row in table if row[0] == "cost_over_horizon")
    assert cost[4:] == ["99.8", "104.95"]


@pytest.mark.parametrize(
    ("ids", "message"),
    [
        (["tidewell-cloudrest-full"], "compare needs at least 2 product ids, got 1"),
        (["a", "b", "c", "d", "e", "f", "g"], "compare takes at most 6 product ids, got 7"),
        (["tidewell-cloudrest-full", "no-such-insole"], "no product with id 'no-such-insole' in insoles.csv"),
        (["corvane-carbon-stride", "corvane-carbon-stride"], "'corvane-carbon-stride' is listed more than once"),
    ],
)
def test_wrong_ids_give_one_sentence_and_exit_2(ids: list[str], message: str) -> None:
    result = run_cli("compare", *ids)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"insole-catalog: {message}")


def test_a_horizon_below_one_month_is_refused_with_exit_2() -> None:
    result = run_cli("compare", *THREE[:2], "--horizon-months", "0")
    assert result.returncode == 2
    assert result.stderr == (
        "insole-catalog: --horizon-months must be 1 or more, not 0; see 'insole-catalog compare --help'.\n"
    )
