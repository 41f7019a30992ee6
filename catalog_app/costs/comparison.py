"""Products side by side: one row per attribute, one value per product, what differs and what is best.

`best` is the index of the best value on a ranked row (lowest price and costs, longest lifespan
and warranty, highest fit score), or None when no single product is best: a tie for the best
value, fewer than two known values, or money rows across different currencies (currencies are
never compared without a conversion the app does not make). `differs` compares what a person
reads (the display text), so two costs that both show as $4.16 do not differ.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from catalog_app.costs.cost_notes import CostOptions, ProductCost, UnknownProductError, cost_notes, product_costs
from catalog_app.io.catalog import Catalog
from catalog_app.model.catalog_frame import product_record
from catalog_app.model.display import (
    format_choice,
    format_choices,
    format_flag,
    format_money,
    format_money_range,
    format_months,
    format_number,
)

MIN_COMPARED = 2
MAX_COMPARED = 6

Better = Literal["lower", "higher", ""]
# Rows whose values are amounts of money in each product's own currency.
MONEY_ATTRIBUTES = frozenset({"price", "cost_per_month", "cost_over_horizon", "monthly_over_horizon", "assessment_fee"})
Record = dict[str, Any]


@dataclass(frozen=True)
class ComparisonRow:
    attribute: str  # a stable key, e.g. "cost_over_horizon"
    values: list[Any]  # typed plain values, one per product (None where the catalog gives none)
    display: list[str]  # what a person reads, one per product
    differs: bool
    best: int | None
    label: str = ""  # the row heading, e.g. "Cost over 24 months"
    better: Better = ""  # which way is better on a ranked row; "" when the row is not ranked


@dataclass(frozen=True)
class Comparison:
    products: list[ProductCost]
    rows: list[ComparisonRow]
    notes: dict[str, list[str]]
    options: CostOptions
    records: list[Record]  # each product as plain values (catalog_frame.product_record)

    @property
    def product_ids(self) -> list[str]:
        return [cost.product_id for cost in self.products]

    @property
    def currencies(self) -> list[str]:
        return list(dict.fromkeys(cost.currency for cost in self.products))

    def row(self, attribute: str) -> ComparisonRow:
        for row in self.rows:
            if row.attribute == attribute:
                return row
        raise KeyError(attribute)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: plain numbers (money to the cent), ranges as [low, high]."""
        products = []
        for cost, record in zip(self.products, self.records, strict=True):
            item: dict[str, Any] = {
                "id": cost.product_id,
                "name": cost.name,
                "brand": record["brand"],
                "category": record["category"],
                "price": cost.price,
                "currency": cost.currency,
                "lifespan_months": cost.lifespan_months,
                "lifespan_months_max": cost.lifespan_months_max,
                "transferable": cost.transferable,
                "pairs_needed": cost.pairs_needed,
                "pairs_bought": cost.pairs_bought,
                "assessment_fee": cost.assessment_fee,
                "cost_per_month": _cents(cost.cost_per_month),
                "cost_over_horizon": _cents(cost.cost_over_horizon),
                "monthly_over_horizon": _cents(cost.monthly_over_horizon),
            }
            if cost.cost_per_month_range is not None:
                item["cost_per_month_range"] = [_cents(value) for value in cost.cost_per_month_range]
            if cost.cost_over_horizon_range is not None:
                item["cost_over_horizon_range"] = [_cents(value) for value in cost.cost_over_horizon_range]
            item["notes"] = list(self.notes[cost.product_id])
            products.append(item)
        rows = [
            {
                "attribute": row.attribute,
                "label": row.label,
                "values": [_json_value(value, money=row.attribute in MONEY_ATTRIBUTES) for value in row.values],
                "display": row.display,
                "differs": row.differs,
                "best": row.best,
            }
            for row in self.rows
        ]
        return {
            "horizon_months": self.options.horizon_months,
            "pairs": self.options.pairs,
            "products": products,
            "rows": rows,
        }


def _cents(value: float) -> float:
    return round(value, 2)


def _json_value(value: Any, *, money: bool) -> Any:
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 2 if money else 4)
    return value


# ---- the rows ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _RowSpec:
    attribute: str
    label: str
    value: Callable[[ProductCost, Record, float | None], Any]
    display: Callable[[ProductCost, Record, float | None], str]
    better: Better = ""


def _field(name: str) -> Callable[[ProductCost, Record, float | None], Any]:
    return lambda _cost, record, _score: record[name]


def _choice(name: str) -> Callable[[ProductCost, Record, float | None], str]:
    return lambda _cost, record, _score: format_choice(str(record[name]))


def _choices(name: str) -> Callable[[ProductCost, Record, float | None], str]:
    return lambda _cost, record, _score: format_choices(record[name])


def _flag(name: str) -> Callable[[ProductCost, Record, float | None], str]:
    return lambda _cost, record, _score: format_flag(bool(record[name]))


def _number(name: str, unit: str) -> Callable[[ProductCost, Record, float | None], str]:
    return lambda _cost, record, _score: format_number(record[name], unit)


def _months_or_none(value: float | None) -> str:
    if value is None or value == 0:
        return "None"
    return format_months(value)


def _days(value: float | None) -> str:
    if value is None or value == 0:
        return "None listed"
    return f"about {value:g} day" + ("" if value == 1 else "s")


def _cost_range(
    single: Callable[[ProductCost], float], spread: Callable[[ProductCost], tuple[float, float] | None]
) -> Callable[[ProductCost, Record, float | None], str]:
    def display(cost: ProductCost, _record: Record, _score: float | None) -> str:
        value_range = spread(cost)
        if value_range is None:
            return format_money(single(cost), cost.currency)
        return format_money_range(value_range[0], value_range[1], cost.currency)

    return display


def _row_specs(options: CostOptions, with_scores: bool) -> list[_RowSpec]:
    specs = _cost_row_specs(options)
    if with_scores:
        specs.append(
            _RowSpec(
                "fit_score",
                "Fit score",
                lambda _c, _r, score: score,
                lambda _c, _r, score: "—" if score is None else f"{score:.0f} / 100",
                "higher",
            )
        )
    return specs + _attribute_row_specs()


def _cost_row_specs(options: CostOptions) -> list[_RowSpec]:
    horizon = options.horizon_months
    return [
        _RowSpec("brand", "Brand", _field("brand"), lambda _c, record, _s: str(record["brand"])),
        _RowSpec("category", "Category", _field("category"), _choice("category")),
        _RowSpec(
            "price",
            "Price (one pair)",
            lambda cost, _r, _s: cost.price,
            lambda cost, _r, _s: format_money(cost.price, cost.currency),
            "lower",
        ),
        _RowSpec("currency", "Currency", lambda cost, _r, _s: cost.currency, lambda cost, _r, _s: cost.currency),
        _RowSpec(
            "lifespan_months",
            "Lifespan",
            lambda cost, _r, _s: cost.lifespan_months,
            lambda cost, _r, _s: format_months(cost.lifespan_months, cost.lifespan_months_max),
            "higher",
        ),
        _RowSpec(
            "cost_per_month",
            "Cost per month of wear",
            lambda cost, _r, _s: cost.cost_per_month,
            _cost_range(lambda cost: cost.cost_per_month, lambda cost: cost.cost_per_month_range),
            "lower",
        ),
        _RowSpec(
            "pairs_bought",
            f"Pairs bought in {horizon} months",
            lambda cost, _r, _s: cost.pairs_bought,
            lambda cost, _r, _s: _pairs_bought_text(cost),
        ),
        _RowSpec(
            "cost_over_horizon",
            f"Cost over {horizon} months",
            lambda cost, _r, _s: cost.cost_over_horizon,
            _cost_range(lambda cost: cost.cost_over_horizon, lambda cost: cost.cost_over_horizon_range),
            "lower",
        ),
        _RowSpec(
            "monthly_over_horizon",
            f"Per month over {horizon} months, all costs",
            lambda cost, _r, _s: cost.monthly_over_horizon,
            lambda cost, _r, _s: format_money(cost.monthly_over_horizon, cost.currency),
            "lower",
        ),
    ]


def _attribute_row_specs() -> list[_RowSpec]:
    return [
        _RowSpec("arch_support", "Arch support", _field("arch_support"), _choice("arch_support")),
        _RowSpec("cushioning", "Cushioning", _field("cushioning"), _choice("cushioning")),
        _RowSpec("rigidity", "Rigidity", _field("rigidity"), _choice("rigidity")),
        _RowSpec("heel_cup", "Heel cup", _field("heel_cup"), _choice("heel_cup")),
        _RowSpec("length", "Length", _field("length"), _choice("length")),
        _RowSpec("volume", "Volume (room in the shoe)", _field("volume"), _choice("volume")),
        _RowSpec("thickness_mm", "Thickness", _field("thickness_mm"), _number("thickness_mm", "mm")),
        _RowSpec("weight_g", "Weight (pair)", _field("weight_g"), _number("weight_g", "g")),
        _RowSpec("shoe_types", "Shoe types", _field("shoe_types"), _choices("shoe_types")),
        _RowSpec("suited_arches", "Suits arches", _field("suited_arches"), _choices("suited_arches")),
        _RowSpec("activities", "Activities", _field("activities"), _choices("activities")),
        _RowSpec("metatarsal_pad", "Metatarsal pad", _field("metatarsal_pad"), _flag("metatarsal_pad")),
        _RowSpec("trim_to_fit", "Trim to fit", _field("trim_to_fit"), _flag("trim_to_fit")),
        _RowSpec("transferable", "Moves between shoes", _field("transferable"), _flag("transferable")),
        _RowSpec("washable", "Washable", _field("washable"), _flag("washable")),
        _RowSpec(
            "break_in_days", "Break-in", _field("break_in_days"), lambda _c, record, _s: _days(record["break_in_days"])
        ),
        _RowSpec(
            "warranty_months",
            "Warranty",
            _field("warranty_months"),
            lambda _c, record, _s: _months_or_none(record["warranty_months"]),
            "higher",
        ),
        _RowSpec(
            "assessment_fee",
            "Assessment fee",
            lambda cost, _r, _s: cost.assessment_fee,
            lambda cost, _r, _s: _fee_text(cost),
            "lower",
        ),
        _RowSpec("sizes", "Sizes", _field("sizes"), lambda _c, record, _s: str(record["sizes"]) or "—"),
    ]


def _fee_text(cost: ProductCost) -> str:
    return "None" if cost.assessment_fee == 0 else format_money(cost.assessment_fee, cost.currency)


def _pairs_bought_text(cost: ProductCost) -> str:
    if cost.pairs_needed == 1:
        return str(cost.purchases)
    return f"{cost.pairs_bought} ({cost.pairs_needed} pairs × {cost.purchases})"


def best_index(values: Sequence[Any], better: Better) -> int | None:
    """The index of the single best value, or None on a tie for best or with fewer than two known values."""
    if not better:
        return None
    known = [(index, float(value)) for index, value in enumerate(values) if _is_number(value)]
    if len(known) < 2:
        return None
    target = min(value for _i, value in known) if better == "lower" else max(value for _i, value in known)
    winners = [index for index, value in known if math.isclose(value, target, rel_tol=1e-9, abs_tol=1e-9)]
    return winners[0] if len(winners) == 1 else None


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and not math.isnan(value)


def compare_products(
    catalog: Catalog,
    product_ids: Sequence[str],
    options: CostOptions,
    fit_scores: np.ndarray | None = None,
) -> Comparison:
    """Compare products of the catalog (any number; the CLI and the view keep it to 2–6).

    `fit_scores` holds one score per catalog row (0–100, NaN where a product cannot fit); with it
    the comparison gains a fit-score row and the cheaper alternatives must fit within 10 points.
    """
    ids = list(product_ids)
    positions = []
    for product_id in ids:
        position = catalog.position_of(product_id)
        if position is None:
            raise UnknownProductError(product_id, catalog.source)
        positions.append(position)
    costs = product_costs(catalog, ids, options)
    records = [product_record(catalog.frame, position) for position in positions]
    scores: list[float | None] = [None] * len(ids)
    if fit_scores is not None:
        array = np.asarray(fit_scores, dtype=np.float64)
        scores = [None if math.isnan(array[position]) else float(array[position]) for position in positions]
    single_currency = len({cost.currency for cost in costs}) <= 1
    rows = []
    for spec in _row_specs(options, with_scores=fit_scores is not None):
        values = [spec.value(cost, record, score) for cost, record, score in zip(costs, records, scores, strict=True)]
        display = [
            spec.display(cost, record, score) for cost, record, score in zip(costs, records, scores, strict=True)
        ]
        ranked = spec.better if (single_currency or spec.attribute not in MONEY_ATTRIBUTES) else ""
        rows.append(
            ComparisonRow(
                attribute=spec.attribute,
                values=values,
                display=display,
                differs=len(set(display)) > 1,
                best=best_index(values, ranked),
                label=spec.label,
                better=spec.better,
            )
        )
    notes = cost_notes(catalog, ids, options, fit_scores)
    return Comparison(products=costs, rows=rows, notes=notes, options=options, records=records)


# Ordered levels for the support chart: arch support none..high, cushioning low..high, rigidity soft..rigid.
LEVEL_ATTRIBUTES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("arch_support", "Arch support", ("none", "low", "medium", "high")),
    ("cushioning", "Cushioning", ("", "low", "medium", "high")),
    ("rigidity", "Rigidity", ("", "soft", "semi-rigid", "rigid")),
)
LEVEL_NAMES: tuple[str, ...] = ("none", "low", "medium", "high")


def support_levels(comparison: Comparison) -> dict[str, list[int]]:
    """Arch support, cushioning and rigidity as levels 0–3 per product, for a side-by-side chart.

    Level 1 is low (or soft), 2 medium (semi-rigid), 3 high (rigid); 0 is no arch support.
    """
    levels: dict[str, list[int]] = {}
    for attribute, _label, scale in LEVEL_ATTRIBUTES:
        levels[attribute] = [
            scale.index(str(record[attribute])) if str(record[attribute]) in scale else 0
            for record in comparison.records
        ]
    return levels
