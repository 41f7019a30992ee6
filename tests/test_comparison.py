"""The comparison rows: one value per product, which rows differ, which value is best."""

from __future__ import annotations

import json

import numpy as np
import pytest

from catalog_app.costs.comparison import best_index, compare_products, support_levels
from catalog_app.costs.cost_notes import CostOptions, UnknownProductError
from catalog_app.io.catalog import Catalog, load_bundled_catalog

FOAM, CARBON, CUSTOM = "tidewell-cloudrest-full", "corvane-carbon-stride", "larkmoor-functional-custom"


@pytest.fixture(scope="module")
def bundled() -> Catalog:
    return load_bundled_catalog()


def test_rows_hold_one_value_per_product_in_the_order_given(bundled: Catalog) -> None:
    comparison = compare_products(bundled, [FOAM, CARBON, CUSTOM], CostOptions())
    assert comparison.product_ids == [FOAM, CARBON, CUSTOM]
    assert all(len(row.values) == len(row.display) == 3 for row in comparison.rows)
    assert comparison.row("brand").values == ["Tidewell", "Corvane Labs", "Larkmoor Gait Lab"]
    assert comparison.row("price").display == ["$24.95", "$104.95", "$450.00"]
    assert comparison.row("lifespan_months").display == ["6–9 months", "24–36 months", "36–60 months"]
    assert comparison.row("cost_over_horizon").label == "Cost over 24 months"


def test_differs_marks_rows_where_the_products_differ(bundled: Catalog) -> None:
    comparison = compare_products(bundled, [FOAM, CARBON, CUSTOM], CostOptions())
    assert comparison.row("arch_support").differs  # low, medium, high
    assert not comparison.row("length").differs  # all full length
    assert not comparison.row("currency").differs


def test_best_is_the_lowest_cost_and_the_longest_lifespan(bundled: Catalog) -> None:
    comparison = compare_products(bundled, [FOAM, CARBON, CUSTOM], CostOptions())
    assert comparison.row("price").best == 0
    assert comparison.row("cost_per_month").best == 0  # $4.16 against $4.37 and $12.50
    assert comparison.row("cost_over_horizon").best == 0
    assert comparison.row("lifespan_months").best == 2
    assert comparison.row("warranty_months").best == 2  # 24 months
    assert comparison.row("arch_support").best is None  # not ranked: more support is not better for everyone


def test_a_tie_for_best_marks_no_single_best() -> None:
    assert best_index([3.0, 3.0, 5.0], "lower") is None
    assert best_index([3.0, 2.0, 2.0 + 1e-12], "lower") is None
    assert best_index([12.0, None, 24.0], "higher") == 2
    assert best_index([None, 24.0], "higher") is None  # fewer than two known values
    assert best_index([1.0, 2.0], "") is None


def test_more_pairs_of_shoes_change_the_best_cost_over_the_horizon(bundled: Catalog) -> None:
    # The carbon insole moves between shoes; the foam one (cloudrest plus) does not.
    ids = ["tidewell-cloudrest-plus", CARBON]
    one = compare_products(bundled, ids, CostOptions(horizon_months=24, pairs=1))
    three = compare_products(bundled, ids, CostOptions(horizon_months=24, pairs=3))
    assert one.row("cost_over_horizon").values == pytest.approx([119.85, 104.95])
    assert three.row("cost_over_horizon").values == pytest.approx([359.55, 104.95])
    assert three.row("cost_over_horizon").best == 1
    assert three.row("pairs_bought").display == ["9 (3 pairs × 3)", "1"]


def test_money_rows_across_currencies_have_no_best(bundled: Catalog) -> None:
    comparison = compare_products(bundled, [FOAM, "ravensholm-gel-stand"], CostOptions())
    assert comparison.currencies == ["USD", "EUR"]
    assert comparison.row("price").display == ["$24.95", "€29.90"]
    assert comparison.row("cost_per_month").best is None
    assert comparison.row("cost_over_horizon").best is None
    assert comparison.row("warranty_months").best == 1  # months compare across currencies


def test_a_fit_score_row_appears_with_a_profile_and_the_highest_is_best(bundled: Catalog) -> None:
    without = compare_products(bundled, [FOAM, CARBON], CostOptions())
    assert "fit_score" not in [row.attribute for row in without.rows]
    scores = np.zeros(len(bundled))
    scores[bundled.position_of(FOAM)] = 55.0
    scores[bundled.position_of(CARBON)] = 81.0
    comparison = compare_products(bundled, [FOAM, CARBON], CostOptions(), fit_scores=scores)
    row = comparison.row("fit_score")
    assert row.display == ["55 / 100", "81 / 100"]
    assert row.best == 1


def test_json_has_plain_numbers_ranges_and_notes(bundled: Catalog) -> None:
    data = json.loads(json.dumps(compare_products(bundled, [FOAM, CUSTOM], CostOptions(pairs=2)).as_dict()))
    foam, custom = data["products"]
    assert foam["cost_per_month"] == 4.16
    assert foam["cost_per_month_range"] == [2.77, 4.16]
    assert foam["cost_over_horizon_range"] == [74.85, 99.8]
    assert custom["cost_over_horizon"] == 450 * 1 * 2 + 150
    assert custom["notes"][0] == "custom: needs a podiatrist visit (fee included once: $150.00)"
    assert {"attribute", "values", "differs", "best"} <= set(data["rows"][0])


def test_support_levels_put_the_three_attributes_on_one_scale(bundled: Catalog) -> None:
    comparison = compare_products(bundled, [FOAM, CARBON, CUSTOM], CostOptions())
    assert support_levels(comparison) == {
        "arch_support": [1, 2, 3],  # low, medium, high
        "cushioning": [3, 1, 1],  # high, low, low
        "rigidity": [1, 3, 3],  # soft, rigid, rigid
    }


def test_an_unknown_id_is_refused(bundled: Catalog) -> None:
    with pytest.raises(UnknownProductError):
        compare_products(bundled, [FOAM, "nope"], CostOptions())
