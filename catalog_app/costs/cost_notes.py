"""What an insole really costs: per month, over a horizon once replacements are counted, and in words.

The arithmetic (DOMAIN.md, issue 4):

    cost_per_month    = price / lifespan_months
    cost_over_horizon = price * ceil(H / lifespan_months) * pairs_needed + assessment_fee
    monthly_over_horizon = cost_over_horizon / H   (fee, replacements and pairs included)

`pairs_needed` is 1 for a transferable insole (one pair moves between shoes) and otherwise the
number of pairs of shoes the person wants to fit. The assessment fee (a clinic visit for custom
orthotics) is paid once. Where the catalog gives a lifespan range, the longest lifespan gives the
low end of each cost range and the typical (shortest) lifespan the high end.

Currencies are never converted or mixed: "cheapest" is judged among products priced in the same
currency, and the cheaper alternatives come from the same currency.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from catalog_app.io.catalog import Catalog
from catalog_app.model.display import format_money
from catalog_app.model.vocabulary import CUSTOM_CATEGORIES

# Floating-point division can land a hair above a whole number (24 / 6 must buy 4 pairs, not 5).
CEIL_TOLERANCE = 1e-9
# Fit scores within this many points count as "a similar fit".
SIMILAR_FIT_POINTS = 10.0

# Categories close enough in feel that one can stand in for another when no fit score is known.
CATEGORY_FAMILY: dict[str, str] = {
    "memory-foam": "foam",
    "eva-foam": "foam",
    "pu-foam": "foam",
    "gel": "gel",
    "carbon-fiber": "carbon-fiber",
    "metatarsal-pad": "metatarsal-pad",
    "cork": "natural",
    "leather": "natural",
    "custom-orthotic": "custom-orthotic",
}


class UnknownProductError(KeyError):
    """A product id that is not in the catalog; the message is one sentence for the user."""

    def __init__(self, product_id: str, source: str) -> None:
        super().__init__(product_id)
        self.product_id = product_id
        self.message = f"no product with id '{product_id}' in {source}"

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class CostOptions:
    horizon_months: int = 24  # user-set, >= 1
    pairs: int = 1  # pairs of shoes to fit, >= 1

    def __post_init__(self) -> None:
        if self.horizon_months < 1:
            raise ValueError("the horizon must be at least 1 month")
        if self.pairs < 1:
            raise ValueError("the number of pairs of shoes must be at least 1")


@dataclass(frozen=True)
class ProductCost:
    product_id: str
    name: str
    currency: str
    price: float
    lifespan_months: float
    lifespan_months_max: float | None
    pairs_needed: int
    assessment_fee: float
    cost_per_month: float
    cost_over_horizon: float
    cost_per_month_range: tuple[float, float] | None  # only where the catalog gives a lifespan range
    cost_over_horizon_range: tuple[float, float] | None
    purchases: int = 1  # how many times a pair is bought within the horizon (typical lifespan)
    transferable: bool = False
    horizon_months: int = 24

    @property
    def monthly_over_horizon(self) -> float:
        """The true monthly cost: everything spent over the horizon (fee, replacements, pairs) / H.

        `cost_per_month` (price / lifespan) stays the cost per month of wear."""
        return self.cost_over_horizon / self.horizon_months

    @property
    def pairs_bought(self) -> int:
        return self.purchases * self.pairs_needed


def _number(frame: pd.DataFrame, column: str, position: int) -> float:
    return float(frame[column].to_numpy(dtype=np.float64)[position])


def purchases_within(horizon_months: float, lifespan_months: float) -> int:
    """How many times a pair is bought within the horizon: the first one, then each replacement."""
    return max(1, math.ceil(horizon_months / lifespan_months - CEIL_TOLERANCE))


def horizon_cost(price: float, lifespan_months: float, pairs_needed: int, fee: float, horizon_months: int) -> float:
    """The money spent over the horizon, to the cent (rounding only drops float noise such as 99.80000000000001)."""
    return round(price * purchases_within(horizon_months, lifespan_months) * pairs_needed + fee, 2)


def product_cost(catalog: Catalog, product_id: str, options: CostOptions) -> ProductCost:
    position = catalog.position_of(product_id)
    if position is None:
        raise UnknownProductError(product_id, catalog.source)
    frame = catalog.frame
    price = _number(frame, "price", position)
    lifespan = _number(frame, "lifespan_months", position)
    raw_max = _number(frame, "lifespan_months_max", position)
    lifespan_max = None if math.isnan(raw_max) else raw_max
    fee_value = _number(frame, "assessment_fee", position)
    fee = 0.0 if math.isnan(fee_value) else fee_value
    transferable = bool(frame["transferable"].iat[position])
    pairs_needed = 1 if transferable else options.pairs
    horizon = options.horizon_months
    has_range = lifespan_max is not None and lifespan_max > lifespan
    per_month_range = None
    horizon_range = None
    if has_range:
        assert lifespan_max is not None
        per_month_range = (price / lifespan_max, price / lifespan)
        horizon_range = (
            horizon_cost(price, lifespan_max, pairs_needed, fee, horizon),
            horizon_cost(price, lifespan, pairs_needed, fee, horizon),
        )
    return ProductCost(
        product_id=product_id,
        name=str(frame["name"].iat[position]),
        currency=str(frame["currency"].iat[position]),
        price=price,
        lifespan_months=lifespan,
        lifespan_months_max=lifespan_max,
        pairs_needed=pairs_needed,
        assessment_fee=fee,
        cost_per_month=price / lifespan,
        cost_over_horizon=horizon_cost(price, lifespan, pairs_needed, fee, horizon),
        cost_per_month_range=per_month_range,
        cost_over_horizon_range=horizon_range,
        purchases=purchases_within(horizon, lifespan),
        transferable=transferable,
        horizon_months=horizon,
    )


def monthly_over_horizon_array(frame: pd.DataFrame, options: CostOptions | None = None) -> np.ndarray:
    """`monthly_over_horizon` of every product, vectorized (for the table, ranking and tie-breaks),
    each in the product's own currency."""
    options = options or CostOptions()
    horizon = float(options.horizon_months)
    price = frame["price"].to_numpy(dtype=np.float64)
    lifespan = frame["lifespan_months"].to_numpy(dtype=np.float64)
    fee = np.nan_to_num(frame["assessment_fee"].to_numpy(dtype=np.float64), nan=0.0)
    purchases = np.maximum(1.0, np.ceil(horizon / lifespan - CEIL_TOLERANCE))
    pairs = np.where(frame["transferable"].to_numpy(dtype=bool), 1.0, float(options.pairs))
    return np.asarray((price * purchases * pairs + fee) / horizon)


def product_costs(catalog: Catalog, product_ids: Sequence[str], options: CostOptions) -> list[ProductCost]:
    return [product_cost(catalog, product_id, options) for product_id in product_ids]


def cumulative_cost_points(cost: ProductCost, horizon_months: int) -> list[tuple[float, float]]:
    """(month, money spent so far) corners of a step line: a jump at each purchase, flat in between.

    The first pair (and any assessment fee) is paid at month 0; each replacement at a multiple of
    the typical lifespan. The last point is at the horizon and equals `cost_over_horizon`.
    """
    step = cost.price * cost.pairs_needed
    spent = round(step + cost.assessment_fee, 2)
    points = [(0.0, spent)]
    for purchase in range(1, cost.purchases):
        month = purchase * cost.lifespan_months
        points.append((month, spent))
        spent = round(spent + step, 2)
        points.append((month, spent))
    points.append((float(horizon_months), spent))
    return points


# ---- notes in words --------------------------------------------------------------------------------


def _is_custom(category: str, fee: float) -> bool:
    return category in CUSTOM_CATEGORIES or fee > 0


def _per_month(amount: float, currency: str) -> str:
    return f"{format_money(amount, currency)} a month"


def _cheapest_notes(costs: list[ProductCost], options: CostOptions) -> dict[str, list[str]]:
    """Cheapest per month and over the horizon, judged only among products in the same currency."""
    notes: dict[str, list[str]] = {cost.product_id: [] for cost in costs}
    currencies = list(dict.fromkeys(cost.currency for cost in costs))
    mixed = len(currencies) > 1
    for currency in currencies:
        group = [cost for cost in costs if cost.currency == currency]
        if len(group) < 2:
            if mixed:
                others = ", ".join(other for other in currencies if other != currency)
                notes[group[0].product_id].append(
                    f"priced in {currency}: not compared on cost with the others, priced in {others} "
                    "(no currency conversion)"
                )
            continue
        within = f" in {currency}" if mixed else ""
        cheapest_month = min(cost.cost_per_month for cost in group)
        # Cheapest over the horizon is cheapest in monthly_over_horizon too: the true monthly cost.
        cheapest_total = min(cost.cost_over_horizon for cost in group)
        for cost in group:
            month_best = math.isclose(cost.cost_per_month, cheapest_month, abs_tol=1e-9)
            total_best = math.isclose(cost.cost_over_horizon, cheapest_total, abs_tol=0.005)
            horizon = f"over {options.horizon_months} months"
            true_monthly = f" ({_per_month(cost.monthly_over_horizon, cost.currency)}, all costs included)"
            if month_best and total_best:
                notes[cost.product_id].append(
                    f"cheapest per month of wear and {horizon} of those compared{within}{true_monthly}"
                )
            elif month_best:
                notes[cost.product_id].append(f"cheapest per month of wear of those compared{within}")
            elif total_best:
                notes[cost.product_id].append(f"cheapest {horizon} of those compared{within}{true_monthly}")
    return notes


def _pairs_note(cost: ProductCost, options: CostOptions) -> str:
    if cost.transferable:
        return "one pair can move between your shoes"
    if options.pairs > 1:
        return f"needs a pair for each of your {options.pairs} pairs of shoes"
    return "made to stay in one pair of shoes; more shoes need more pairs"


def _lifespan_note(cost: ProductCost, options: CostOptions) -> str:
    horizon = options.horizon_months
    if cost.lifespan_months > horizon:
        return f"lasts longer than the horizon: no replacement needed within {horizon} months"
    if cost.purchases == 1:
        return f"lasts about the whole horizon: no replacement needed within {horizon} months"
    every = f"{cost.lifespan_months:g}"
    if cost.cost_per_month_range is not None and cost.lifespan_months_max is not None:
        fewest = purchases_within(horizon, cost.lifespan_months_max)
        every = f"{every}–{cost.lifespan_months_max:g}"
        if fewest != cost.purchases:
            return f"replaced every {every} months: bought {fewest} to {cost.purchases} times over {horizon} months"
    return f"replaced every {every} months: bought {cost.purchases} times over {horizon} months"


def cheaper_alternatives(
    catalog: Catalog,
    product_ids: Sequence[str],
    fit_scores: np.ndarray | None = None,
    options: CostOptions | None = None,
) -> dict[str, int | None]:
    """For each product, the catalog position of a cheaper option with a similar fit, or None.

    Searched over the whole catalog (vectorized), leaving out the products being compared: same
    currency and a lower true monthly cost (`monthly_over_horizon`: fee, replacements and pairs
    over the horizon), and a similar fit. With fit scores, "similar" means within
    10 points (NaN marks a product that cannot fit and is never suggested), and the best-fitting
    one wins, then the cheapest. Without them, it means the same category family, the same arch
    support and at least one shoe type in common, and the cheapest wins (on a tie, the first listed).
    """
    frame = catalog.frame
    per_month = monthly_over_horizon_array(frame, options)
    currency, _currencies = pd.factorize(frame["currency"])
    category = frame["category"]
    family_of_code = pd.factorize(
        pd.Series([CATEGORY_FAMILY.get(str(value), str(value)) for value in category.cat.categories])
    )[0]
    family = family_of_code[category.cat.codes.to_numpy()]
    arch = frame["arch_support"].cat.codes.to_numpy()
    shoes = frame["shoe_types"].to_numpy()
    candidates = np.ones(len(frame), dtype=bool)
    positions: dict[str, int] = {}
    for product_id in product_ids:
        position = catalog.position_of(product_id)
        if position is None:
            raise UnknownProductError(product_id, catalog.source)
        positions[product_id] = position
        candidates[position] = False
    scores = None if fit_scores is None else np.asarray(fit_scores, dtype=np.float64)
    found: dict[str, int | None] = {}
    for product_id, position in positions.items():
        mask = candidates & (currency == currency[position]) & (per_month < per_month[position] * (1 - 1e-9))
        if scores is not None and not math.isnan(scores[position]):
            mask &= np.abs(scores - scores[position]) <= SIMILAR_FIT_POINTS  # NaN compares False
            order_keys: tuple[np.ndarray, ...] = (per_month, -scores)
        else:
            mask &= (family == family[position]) & (arch == arch[position]) & ((shoes & shoes[position]) != 0)
            order_keys = (np.arange(len(frame)), per_month)  # the cheapest; on a tie, the first in the catalog
        hits = np.flatnonzero(mask)
        if len(hits) == 0:
            found[product_id] = None
            continue
        # lexsort sorts by the last key first: best fit (or lowest cost), then the tie-breaker.
        order = np.lexsort(tuple(key[hits] for key in order_keys))
        found[product_id] = int(hits[order[0]])
    return found


def cost_notes(
    catalog: Catalog,
    product_ids: Sequence[str],
    options: CostOptions,
    fit_scores: np.ndarray | None = None,
) -> dict[str, list[str]]:
    """Plain, honest notes on each product's cost and practicalities, keyed by product id."""
    costs = product_costs(catalog, product_ids, options)
    notes = _cheapest_notes(costs, options)
    alternatives = cheaper_alternatives(catalog, product_ids, fit_scores, options)
    monthly = monthly_over_horizon_array(catalog.frame, options)
    frame = catalog.frame
    for cost in costs:
        position = catalog.position_of(cost.product_id)
        assert position is not None
        items = notes[cost.product_id]
        category = str(frame["category"].iat[position])
        if _is_custom(category, cost.assessment_fee):
            if cost.assessment_fee > 0:
                fee = format_money(cost.assessment_fee, cost.currency)
                items.append(f"custom: needs a podiatrist visit (fee included once: {fee})")
            else:
                items.append("custom: needs a podiatrist visit (the catalog lists no fee for it)")
        items.append(_pairs_note(cost, options))
        items.append(_lifespan_note(cost, options))
        break_in = _number(frame, "break_in_days", position)
        if break_in > 0:
            unit = "day" if break_in == 1 else "days"
            items.append(f"allow about {break_in:g} {unit} to get used to it")
        alternative = alternatives[cost.product_id]
        if alternative is not None:
            name = str(frame["name"].iat[alternative])
            brand = str(frame["brand"].iat[alternative])
            per_month = _per_month(float(monthly[alternative]), cost.currency)
            items.append(
                f"a cheaper option with a similar fit: {name} ({brand}), {per_month} over "
                f"{options.horizon_months} months, all costs included"
            )
    return notes
