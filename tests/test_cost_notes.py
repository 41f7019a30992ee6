"""Cost per month and over a horizon, to the cent, and the notes a person reads about each product."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from catalog_app.costs.cost_notes import (
    CostOptions,
    UnknownProductError,
    cheaper_alternatives,
    cost_notes,
    cumulative_cost_points,
    product_cost,
    product_costs,
    purchases_within,
)
from catalog_app.io.catalog import Catalog, load_bundled_catalog, load_catalog
from catalog_app.model.wording import FORBIDDEN_CLAIMS

DEFAULTS: dict[str, Any] = {
    "brand": "Testbrand",
    "category": "memory-foam",
    "currency": "USD",
    "arch_support": "medium",
    "cushioning": "medium",
    "length": "full",
    "shoe_types": "casual",
    "transferable": "true",
}


def write_catalog(path: Path, rows: list[dict[str, Any]]) -> Catalog:
    """A small catalog file with just the products a test needs."""
    full = [{**DEFAULTS, "name": row["id"].replace("-", " ").title(), **row} for row in rows]
    fields = list(dict.fromkeys(key for row in full for key in row))
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields)
        writer.writeheader()
        writer.writerows(full)
    catalog = load_catalog(path, invalid_rows="reject-file")
    return catalog


@pytest.fixture(scope="module")
def bundled() -> Catalog:
    return load_bundled_catalog()


# ---- arithmetic --------------------------------------------------------------------------------


def test_an_exact_multiple_buys_exactly_that_many_pairs(tmp_path: Path) -> None:
    catalog = write_catalog(tmp_path / "c.csv", [{"id": "six", "price": "20.00", "lifespan_months": "6"}])
    cost = product_cost(catalog, "six", CostOptions(horizon_months=24))
    assert cost.purchases == 4  # 24 / 6 is 4 pairs, not 5
    assert cost.cost_over_horizon == 80.00
    assert cost.cost_per_month == pytest.approx(20 / 6)


def test_float_division_just_above_a_whole_number_does_not_buy_an_extra_pair() -> None:
    assert 21 / 0.7 > 30  # 30.000000000000004 in floating point
    assert purchases_within(21, 0.7) == 30
    assert purchases_within(24, 9) == 3
    assert purchases_within(24, 100) == 1


def test_a_lifespan_range_gives_cost_ranges_low_first(bundled: Catalog) -> None:
    # Cloudrest Full: $24.95, lasts 6 to 9 months.
    cost = product_cost(bundled, "tidewell-cloudrest-full", CostOptions(horizon_months=24))
    assert (cost.price, cost.lifespan_months, cost.lifespan_months_max) == (24.95, 6.0, 9.0)
    assert cost.cost_per_month == pytest.approx(24.95 / 6)
    assert cost.cost_per_month_range == pytest.approx((24.95 / 9, 24.95 / 6))
    assert cost.cost_over_horizon == pytest.approx(99.80, abs=0.001)  # 4 pairs at the typical 6 months
    assert cost.cost_over_horizon_range == pytest.approx((74.85, 99.80), abs=0.001)  # 3 pairs at 9 months


def test_a_product_without_a_range_has_no_cost_range(bundled: Catalog) -> None:
    cost = product_cost(bundled, "tidewell-cloudrest-plus", CostOptions())
    assert cost.lifespan_months_max is None
    assert cost.cost_per_month_range is None and cost.cost_over_horizon_range is None


def test_the_assessment_fee_of_a_custom_orthotic_is_paid_once(tmp_path: Path) -> None:
    catalog = write_catalog(
        tmp_path / "c.csv",
        [
            {
                "id": "custom",
                "category": "custom-orthotic",
                "price": "400",
                "lifespan_months": "12",
                "assessment_fee": "150",
                "transferable": "false",
            }
        ],
    )
    cost = product_cost(catalog, "custom", CostOptions(horizon_months=36, pairs=2))
    # 3 purchases (36 / 12) x 2 pairs of shoes x $400, plus one $150 clinic visit.
    assert cost.cost_over_horizon == 400 * 3 * 2 + 150
    assert cost.cost_per_month == pytest.approx(400 / 12)  # the fee is not spread into the monthly figure


def test_a_transferable_insole_is_bought_once_for_all_your_shoes(tmp_path: Path) -> None:
    catalog = write_catalog(
        tmp_path / "c.csv",
        [
            {"id": "moves", "price": "30", "lifespan_months": "8", "transferable": "true"},
            {"id": "stays", "price": "30", "lifespan_months": "8", "transferable": "false"},
        ],
    )
    moves, stays = product_costs(catalog, ["moves", "stays"], CostOptions(horizon_months=24, pairs=3))
    assert (moves.pairs_needed, moves.cost_over_horizon) == (1, 90.0)
    assert (stays.pairs_needed, stays.cost_over_horizon) == (3, 270.0)
    assert stays.pairs_bought == 9


def test_a_lifespan_longer_than_the_horizon_buys_one_pair(bundled: Catalog) -> None:
    # Ottervale Carbon Custom: $780 plus a $200 visit, lasts 48 to 60 months.
    cost = product_cost(bundled, "ottervale-carbon-custom", CostOptions(horizon_months=24))
    assert cost.purchases == 1
    assert cost.cost_over_horizon == 980.0
    assert cost.cost_over_horizon_range == (980.0, 980.0)


def test_cumulative_cost_steps_up_at_each_replacement(bundled: Catalog) -> None:
    cost = product_cost(bundled, "tidewell-cloudrest-full", CostOptions(horizon_months=24))
    points = cumulative_cost_points(cost, 24)
    assert points[0] == (0.0, 24.95)
    assert (6.0, 24.95) in points and (6.0, 49.90) in points  # flat, then a jump at month 6
    assert points[-1] == (24.0, cost.cost_over_horizon)
    months = [month for month, _spent in points]
    assert months == sorted(months)


def test_options_below_one_are_refused() -> None:
    with pytest.raises(ValueError, match="horizon"):
        CostOptions(horizon_months=0)
    with pytest.raises(ValueError, match="pairs"):
        CostOptions(pairs=0)


def test_an_unknown_id_names_the_id_in_one_sentence(bundled: Catalog) -> None:
    with pytest.raises(UnknownProductError) as raised:
        product_cost(bundled, "no-such-insole", CostOptions())
    assert str(raised.value) == "no product with id 'no-such-insole' in insoles.csv"


# ---- notes ---------------------------------------------------------------------------------------


def test_notes_name_the_cheapest_the_custom_visit_the_break_in_and_the_horizon(bundled: Catalog) -> None:
    ids = ["tidewell-cloudrest-full", "corvane-carbon-stride", "larkmoor-functional-custom"]
    notes = cost_notes(bundled, ids, CostOptions(horizon_months=24, pairs=2))
    foam, carbon, custom = (notes[product_id] for product_id in ids)
    assert "cheapest per month of wear and over 24 months of those compared ($4.16 a month, all costs included)" in foam
    assert "one pair can move between your shoes" in foam
    assert "custom: needs a podiatrist visit (fee included once: $150.00)" in custom
    assert "needs a pair for each of your 2 pairs of shoes" in custom
    assert "lasts longer than the horizon: no replacement needed within 24 months" in custom
    assert "allow about 14 days to get used to it" in carbon
    assert not any(note.startswith("cheapest") for note in carbon + custom)


def test_cheapest_is_judged_only_within_one_currency(bundled: Catalog) -> None:
    # Two USD products and one in EUR.
    ids = ["tidewell-cloudrest-full", "tidewell-cloudrest-plus", "ravensholm-gel-stand"]
    notes = cost_notes(bundled, ids, CostOptions())
    assert (
        "cheapest per month of wear and over 24 months of those compared in USD ($4.16 a month, all costs included)"
        in notes[ids[0]]
    )
    assert notes[ids[2]][0] == (
        "priced in EUR: not compared on cost with the others, priced in USD (no currency conversion)"
    )
    assert not any("cheapest" in note for note in notes[ids[2]])


def test_a_cheaper_option_with_a_similar_fit_comes_from_the_whole_catalog(tmp_path: Path) -> None:
    catalog = write_catalog(
        tmp_path / "c.csv",
        [
            {"id": "dear", "price": "60", "lifespan_months": "6"},  # $10 a month
            {"id": "other", "price": "30", "lifespan_months": "6", "category": "gel"},  # $5, another family
            {"id": "similar", "price": "48", "lifespan_months": "6", "category": "pu-foam"},  # $8
            {"id": "similar-cheapest", "price": "42", "lifespan_months": "6", "category": "eva-foam"},  # $7
            {"id": "in-euros", "price": "12", "lifespan_months": "6", "currency": "EUR"},  # cheaper, but EUR
            {"id": "no-arch", "price": "6", "lifespan_months": "6", "arch_support": "none"},  # not a similar fit
            {"id": "compared", "price": "36", "lifespan_months": "6"},  # already in the comparison
        ],
    )
    notes = cost_notes(catalog, ["dear", "other", "compared"], CostOptions())
    assert (
        "a cheaper option with a similar fit: Similar Cheapest (Testbrand), "
        "$7.00 a month over 24 months, all costs included" in notes["dear"]
    )
    assert not any(note.startswith("a cheaper option") for note in notes["other"])


def test_with_fit_scores_the_best_fitting_cheaper_option_within_10_points_wins(tmp_path: Path) -> None:
    catalog = write_catalog(
        tmp_path / "c.csv",
        [
            {"id": "dear", "price": "60", "lifespan_months": "6"},
            {"id": "cheapest-far-fit", "price": "12", "lifespan_months": "6"},
            {"id": "close-fit", "price": "54", "lifespan_months": "6", "category": "gel"},
            {"id": "closer-fit-cheaper", "price": "30", "lifespan_months": "6", "category": "cork"},
            {"id": "cannot-fit", "price": "6", "lifespan_months": "6"},
        ],
    )
    scores = np.array([80.0, 60.0, 72.0, 85.0, np.nan])
    found = cheaper_alternatives(catalog, ["dear"], scores)
    assert found["dear"] == catalog.position_of("closer-fit-cheaper")
    notes = cost_notes(catalog, ["dear", "close-fit"], CostOptions(), scores)
    assert (
        "a cheaper option with a similar fit: Closer Fit Cheaper (Testbrand), "
        "$5.00 a month over 24 months, all costs included" in notes["dear"]
    )


def test_no_note_claims_to_treat_or_cure(bundled: Catalog) -> None:
    ids = bundled.frame["id"].tolist()
    for first in range(0, len(ids), 3):
        group = ids[first : first + 3]
        if len(group) < 2:
            group = [*group, ids[0]]
        for notes in cost_notes(bundled, group, CostOptions(pairs=2)).values():
            words = " ".join(notes).lower().replace(",", " ").replace(":", " ").split()
            assert not set(words) & set(FORBIDDEN_CLAIMS), notes
