"""Finding products for a profile: filter, score, rank. The window and `insole-catalog search` both call this."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from catalog_app.costs.cost_notes import monthly_over_horizon_array
from catalog_app.finder.catalog_index import index_of
from catalog_app.finder.filters import FilterState, RelaxHint, facet_counts, field_masks, filter_mask, relax_hints
from catalog_app.finder.fit_exclusion import budget_factors
from catalog_app.finder.fit_score import FitResult, score_products
from catalog_app.io.catalog import Catalog
from catalog_app.model.profile import FootProfile


@dataclass
class FinderResult:
    positions: np.ndarray  # matching catalog positions, best fit first
    fit: FitResult
    facets: dict[str, dict[str, int]]
    hints: list[RelaxHint]
    total: int

    @property
    def count(self) -> int:
        return len(self.positions)


def prepare_catalog(catalog: Catalog) -> None:
    """Build what the first search and score would otherwise build in the UI thread."""
    index = index_of(catalog)
    _ = index.search_terms
    # What the fit score, its exclusions and the "claims not checked" mark read, per catalog.
    _ = (index.composite_keys, index.is_off_the_shelf, index.first_outlay, index.currency_codes)
    _ = (index.size_cells, index.claims_not_checked)
    score_products(catalog, FootProfile())


def find_products(
    catalog: Catalog,
    profile: FootProfile,
    filters: FilterState,
    *,
    include_excluded: bool = False,
    with_facets: bool = True,
    fit: FitResult | None = None,
) -> FinderResult:
    """Products passing the filters (and fitting the profile's shoes and budget), ranked by fit.

    Pass `fit` to reuse a score already computed for the same profile (filters changed only).
    """
    index = index_of(catalog)
    if fit is None:
        fit = score_products(catalog, profile)
    base = None if include_excluded else ~fit.excluded
    masks = field_masks(index, filters)
    mask = filter_mask(index, filters, base, masks)
    order = fit_order(fit, catalog)
    positions = order[mask[order]]
    facets = facet_counts(index, filters, base, masks) if with_facets else {}
    hints = relax_hints(index, filters, base) if not len(positions) else []
    return FinderResult(positions=positions, fit=fit, facets=facets, hints=hints, total=len(catalog))


def fit_order(fit: FitResult, catalog: Catalog) -> np.ndarray:
    """Every catalog position, best fit first; computed once per fit result, so a filter change
    ranks its matches with one gather instead of a sort."""
    return fit.best_first(lambda: rank_by_fit(np.arange(len(catalog), dtype=np.int64), fit, catalog))


def rank_by_fit(positions: np.ndarray, fit: FitResult, catalog: Catalog) -> np.ndarray:
    """Best fit first; among equal fits, the lower true monthly cost first.

    The monthly cost (`monthly_over_horizon`: fee, replacements and pairs over 24 months) is
    converted into the profile's currency at the current exchange rates; a product whose currency
    cannot be converted comes after the ones that can, never compared as if currencies were one.
    """
    monthly = tie_break_costs(fit, catalog)[positions]
    order = np.lexsort((monthly, -fit.scores[positions]))  # NaN (cannot convert) sorts last
    return positions[order]


def tie_break_costs(fit: FitResult, catalog: Catalog) -> np.ndarray:
    """Every product's `monthly_over_horizon` in the profile's currency (NaN where it cannot be converted)."""
    index = index_of(catalog)
    return np.asarray(
        monthly_over_horizon_array(catalog.frame) * budget_factors(index, fit.rates, fit.profile.currency)
    )
