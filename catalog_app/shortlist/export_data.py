"""What a shortlist export shows, gathered once from the store, the catalog and the list's profile.

Every format (CSV, XLSX, JSON, the printable document) is written from a `ShortlistExport`; this
module is what `export` and `document` both import, so neither imports the other's internals.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from catalog_app.costs.cost_notes import CostOptions, ProductCost, cost_notes, product_costs
from catalog_app.finder.fit_score import FitResult, score_products
from catalog_app.io.catalog import Catalog
from catalog_app.model.catalog_frame import product_record
from catalog_app.model.profile import FootProfile
from catalog_app.model.red_flags import advice_notes
from catalog_app.model.wording import HEALTH_NOTE
from catalog_app.shortlist.store import ShortlistItem, ShortlistStore, item_changes

NOT_IN_CATALOG = "no longer in the catalog; shown as it was when added"


@dataclass(frozen=True)
class ExportRow:
    position: int  # 1 = first pick
    item: ShortlistItem
    in_catalog: bool
    product: dict[str, Any]  # every catalog field; only the snapshot fields for a dropped product
    catalog_status: str = ""  # why the catalog differs from the snapshot, or ""
    cost_per_month: float | None = None
    cost_over_horizon: float | None = None
    cost_over_horizon_range: tuple[float, float] | None = None  # where the catalog gives a lifespan range
    cost_notes: tuple[str, ...] = ()
    fit_score: float | None = None
    fit_reasons: tuple[str, ...] = ()
    exclusion_reason: str | None = None
    fit_confidence: str | None = None  # "high", "medium" or "low": how much of the score rests on moderate evidence
    monthly_over_horizon: float | None = None  # cost_over_horizon / horizon: fee, replacements and pairs included

    @property
    def currency(self) -> str:
        return str(self.product.get("currency") or self.item.currency)


@dataclass(frozen=True)
class ShortlistExport:
    """Everything an export shows, gathered once and written in any format."""

    name: str
    when: dt.datetime
    profile: FootProfile | None
    options: CostOptions
    catalog_source: str
    rows: tuple[ExportRow, ...] = ()
    health_note: str = HEALTH_NOTE
    chart_costs: tuple[ProductCost, ...] = ()  # the picks still in the catalog, for the cost chart

    @property
    def warnings(self) -> list[str]:
        """The note of each warning sign ticked in the shortlist's profile (the urgent one first),
        and other "see a professional" advice for it."""
        return advice_notes(self.profile)

    @property
    def profile_summary(self) -> str:
        return self.profile.summary() if self.profile is not None else "no profile set"

    @property
    def date_text(self) -> str:
        return f"{self.when.day} {self.when:%B %Y}"

    @property
    def costs_text(self) -> str:
        pairs = self.options.pairs
        shoes = "1 pair of shoes" if pairs == 1 else f"{pairs} pairs of shoes"
        return f"over {self.options.horizon_months} months, for {shoes}"


def gather_export(
    store: ShortlistStore,
    name: str,
    catalog: Catalog,
    *,
    options: CostOptions,
    when: dt.datetime | None = None,
) -> ShortlistExport:
    """Collect the shortlist's items with their costs and fit against the shortlist's profile."""
    items = store.items(name)
    profile = store.profile(name)
    changes = item_changes(items, catalog)
    present = [item.product_id for item in items if catalog.position_of(item.product_id) is not None]
    fit = _fit_result(catalog, profile)
    scores = None if fit is None else fit.scores
    costs = {cost.product_id: cost for cost in product_costs(catalog, present, options)}
    notes = cost_notes(catalog, present, options, scores) if present else {}
    rows = []
    for number, item in enumerate(items, start=1):
        position = catalog.position_of(item.product_id)
        if position is None:
            rows.append(_dropped_row(number, item))
            continue
        cost = costs[item.product_id]
        status = changes.get(item.product_id, "")
        rows.append(
            ExportRow(
                position=number,
                item=item,
                in_catalog=True,
                product=product_record(catalog.frame, position),
                catalog_status=status,
                cost_per_month=round(cost.cost_per_month, 2),
                cost_over_horizon=cost.cost_over_horizon,
                cost_over_horizon_range=cost.cost_over_horizon_range,
                monthly_over_horizon=round(cost.monthly_over_horizon, 2),
                cost_notes=tuple(notes.get(item.product_id, ())),
                fit_score=None if fit is None else float(fit.scores[position]),
                fit_confidence=None if fit is None else fit.confidence(position),
                fit_reasons=() if fit is None else tuple(fit.reasons(position)),
                exclusion_reason=None if fit is None else fit.exclusion_reason(position),
            )
        )
    return ShortlistExport(
        name=name,
        when=when or dt.datetime.now().astimezone(),
        profile=profile,
        options=options,
        catalog_source=catalog.source,
        rows=tuple(rows),
        chart_costs=tuple(costs[product_id] for product_id in present),
    )


def _dropped_row(number: int, item: ShortlistItem) -> ExportRow:
    """A pick the catalog no longer has, from the snapshot kept when it was added."""
    snapshot = {"id": item.product_id, "name": item.name, "brand": item.brand, "price": item.price}
    return ExportRow(
        position=number,
        item=item,
        in_catalog=False,
        product={**snapshot, "currency": item.currency},
        catalog_status=NOT_IN_CATALOG,
    )


def _fit_result(catalog: Catalog, profile: FootProfile | None) -> FitResult | None:
    """The fit of every catalog product against the shortlist's profile; None without a profile."""
    if profile is None or profile.is_empty or len(catalog) == 0:
        return None
    return score_products(catalog, profile)
