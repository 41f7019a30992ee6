"""Finding products for a profile: filter, score, rank. The window and `insole-catalog search` both call this."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import numpy as np
import pandas as pd

from catalog_app.costs.cost_notes import monthly_over_horizon_array
from catalog_app.finder.catalog_index import SEARCH_COLUMNS, CatalogIndex, index_of
from catalog_app.finder.filters import (
    FilterState,
    RelaxHint,
    facet_combinations,
    filter_and_count,
    relax_hints,
)
from catalog_app.finder.fit_exclusion import budget_factors, budget_factors_of
from catalog_app.finder.fit_score import FitResult, score_products
from catalog_app.finder.sorting import ColumnRanks, column_ranks_of
from catalog_app.io.allocators import give_back_freed_memory
from catalog_app.io.catalog import Catalog
from catalog_app.model.profile import FootProfile

SCORE_STEPS = 1000  # a score of 100.0 in tenths
WARM_RANKS = ("name", "brand")  # the text columns a results table sorts by
RANK_AHEAD_MIN = 200_000  # below this many products ranking takes a millisecond or two: no thread


@dataclass
class FinderResult:
    positions: np.ndarray  # matching catalog positions, best fit first
    fit: FitResult
    facets: dict[str, dict[str, int]]
    hints: list[RelaxHint]
    total: int
    # Products passing the filters but left out for not fitting the profile (shoe type, budget);
    # 0 when such products are listed.
    held_back: int = 0

    @property
    def count(self) -> int:
        return len(self.positions)


@dataclass(frozen=True)
class SearchRequest:
    """What the window will ask the finder first, so the loader can answer it in the background."""

    profile: FootProfile
    filters: FilterState
    include_excluded: bool = False


class PreparedResult:
    """A finder answer computed ahead (by the loader's thread) and kept with the catalog until the
    same question is asked once; any other question is answered afresh."""

    def __init__(self, _frame: pd.DataFrame) -> None:
        self._kept: tuple[SearchRequest, FinderResult] | None = None

    def keep(self, request: SearchRequest, result: FinderResult) -> None:
        self._kept = (request, result)

    def take(self, request: SearchRequest) -> FinderResult | None:
        kept, self._kept = self._kept, None
        return kept[1] if kept is not None and kept[0] == request else None


def prepare_catalog(catalog: Catalog, request: SearchRequest | None = None) -> None:
    """Build what the first search and score would otherwise build in the UI thread; with a
    `request`, answer it too, so handing the catalog to the window needs no search there.

    Only what that first answer reads is built here (a user waits for it); what later searches
    and sorts read is `warm_ranks`' and `warm_search`'s, which can run once the catalog is on screen."""
    index = index_of(catalog)
    # What the fit score, its exclusions and the facet counts read, per catalog.
    _ = (index.scoring_combinations, index.is_off_the_shelf, index.first_outlay, index.currency_codes)
    _ = (index.size_cells, index.parsed_size_cells, index.whole_tallies, facet_combinations(index))
    if request is not None and request.filters.text.strip():
        _ = index.search_terms
    if request is None:
        fit_order(score_products(catalog, FootProfile()), catalog)  # and the order by cost it ranks ties with
        return
    result = find_products(catalog, request.profile, request.filters, include_excluded=request.include_excluded)
    catalog.derived(PreparedResult, PreparedResult).keep(request, result)


def warm_ranks(catalog: Catalog, cancelled: Callable[[], bool] = lambda: False) -> None:
    """The ranks of the text columns, which a header click on them waits for (the names': 0.66 s
    alone at a million, lower-casing included). Safe beside the UI thread, as every piece below:
    each is built once under its own lock, and a caller that needs one first waits for it rather
    than building it twice. Stops between pieces when `cancelled()` says so."""
    warm_column_ranks(column_ranks_of(catalog), cancelled)


def warm_column_ranks(ranks: ColumnRanks, cancelled: Callable[[], bool] = lambda: False) -> None:
    """`warm_ranks` for ranks that may not have their catalog yet (begun as soon as its frame exists)."""
    _run_steps([partial(ranks.prepare, (key,)) for key in WARM_RANKS], cancelled)


def warm_search(catalog: Catalog, cancelled: Callable[[], bool] = lambda: False) -> None:
    """The lower-cased search texts, which every typed word waits for (0.11 s alone at a
    million names), then, column by column, the index that makes a typed word take a
    millisecond there."""
    index = index_of(catalog)
    steps: list[Callable[[], object]] = [lambda: index.search_terms]
    steps += [partial(_prepare_tokens, index, number) for number in range(len(SEARCH_COLUMNS))]
    _run_steps(steps, cancelled)


def _run_steps(steps: list[Callable[[], object]], cancelled: Callable[[], bool]) -> None:
    for step in steps:
        if cancelled():
            return
        step()
    give_back_freed_memory()  # what the load and these steps freed, in one go, off the UI thread


def _prepare_tokens(index: CatalogIndex, number: int) -> None:
    index.search_terms[number].prepare_tokens()


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
    An answer `prepare_catalog` computed ahead for the same question is used once.
    """
    if fit is None:
        prepared = catalog.derived(PreparedResult, PreparedResult).take(
            SearchRequest(profile, filters, include_excluded)
        )
        if prepared is not None:
            return prepared
    index = index_of(catalog)
    if fit is None:
        fit = score_products(catalog, profile)
    ranking = _rank_ahead(fit, catalog)
    base = None if include_excluded else ~fit.excluded
    mask, facets, held_back = filter_and_count(index, filters, base, with_facets=with_facets)
    if ranking is not None:
        fit.scored.spread()  # the scores the table shows, spread over the catalog meanwhile
        ranking.result()  # the order is kept with the scores now; raises what the ranking raised
    order = fit_order(fit, catalog)
    positions = order[mask[order]]
    hints = relax_hints(index, filters, base) if not len(positions) else []
    return FinderResult(
        positions=positions, fit=fit, facets=facets, hints=hints, total=len(catalog), held_back=held_back
    )


def _rank_ahead(fit: FitResult, catalog: Catalog) -> RankingAhead | None:
    """On a large catalog, start ranking by fit in another thread when the order is not yet
    known, so that it runs beside the filters and facet counts (numpy lets go of the GIL while
    it gathers and sorts): a profile change at a million products waits for the longer of the
    two, not their sum. None when there is nothing to rank or the catalog is small."""
    if len(catalog) < RANK_AHEAD_MIN or fit.has_order:
        return None
    costs = catalog.derived(CostOrders, CostOrders)  # built here, so the thread only reads it
    if costs.key(index_of(catalog), fit) in fit.scored.orders:
        return None
    ranking = RankingAhead(fit, catalog)
    ranking.start()
    return ranking


class RankingAhead(threading.Thread):
    """`_shared_order(fit, catalog)` in a thread of its own, which ends with it (kept with the scores)."""

    def __init__(self, fit: FitResult, catalog: Catalog) -> None:
        super().__init__(name="fit-order", daemon=True)
        self._fit, self._catalog = fit, catalog
        self._error: BaseException | None = None

    def run(self) -> None:
        try:
            _shared_order(self._fit, self._catalog)
        except BaseException as error:  # handed to the caller of `result`
            self._error = error

    def result(self) -> None:
        """Wait for the order; raise what ranking raised."""
        self.join()
        if self._error is not None:
            raise self._error


def fit_order(fit: FitResult, catalog: Catalog) -> np.ndarray:
    """Every catalog position, best fit first; computed once per fit result, so a filter change
    ranks its matches with one gather instead of a sort. Fit results with the same scores (a
    budget or size change) share it, per currency conversion."""
    return fit.best_first(lambda: _shared_order(fit, catalog))


def _shared_order(fit: FitResult, catalog: Catalog) -> np.ndarray:
    key = catalog.derived(CostOrders, CostOrders).key(index_of(catalog), fit)
    order = fit.scored.orders.get(key)
    if order is None:
        order = fit.scored.orders[key] = _rank_everything(fit, catalog)
        order.flags.writeable = False  # shared by every fit result with these scores
    return order


def _rank_everything(fit: FitResult, catalog: Catalog) -> np.ndarray:
    """`rank_by_fit` of every catalog position. Scored per combination of values, the catalog's
    order by cost is stably sorted by small keys read from the combinations' ranks (uint8 when
    they take at most 256 values: one radix pass), with no full comparison sort."""
    index = index_of(catalog)
    combinations = index.scoring_combinations
    ranks = fit.scored.combination_ranks
    if combinations is None or ranks is None:
        return rank_by_fit(np.arange(len(catalog), dtype=np.int64), fit, catalog)
    costs = catalog.derived(CostOrders, CostOrders)
    keys = np.take(best_first_keys(ranks), costs.combinations(index, fit, combinations.ids))
    return costs.order(index, fit)[np.argsort(keys, kind="stable")]


def rank_by_fit(positions: np.ndarray, fit: FitResult, catalog: Catalog) -> np.ndarray:
    """Best fit first; among equal fits, the lower true monthly cost first.

    The monthly cost (`monthly_over_horizon`: fee, replacements and pairs over 24 months) is
    converted into the profile's currency at the current exchange rates; a product whose currency
    cannot be converted comes after the ones that can, never compared as if currencies were one.

    The catalog's order by cost is kept per currency conversion (`CostOrders`), so ranking is one
    gather and a stable radix sort of the scores as small integers: about a tenth of a two-key
    lexsort on a million products. Ties beyond score and cost keep the order of `positions`.
    """
    if len(positions) > 1 and not np.all(positions[1:] > positions[:-1]):
        monthly = tie_break_costs(fit, catalog)[positions]
        return positions[np.lexsort((monthly, -fit.scores[positions]))]  # NaN (cannot convert) sorts last
    index = index_of(catalog)
    costs = catalog.derived(CostOrders, CostOrders)
    by_cost = costs.order(index, fit)
    if (
        len(positions) == len(by_cost)
        and fit.scored.combination_ranks is not None
        and index.scoring_combinations is not None
    ):
        return _rank_everything(fit, catalog)
    if len(positions) != len(by_cost):
        wanted = np.zeros(len(by_cost), dtype=bool)
        wanted[positions] = True
        by_cost = by_cost[wanted[by_cost]]
    keys = (SCORE_STEPS - fit.score_ranks.astype(np.int16))[by_cost]  # best first: numpy sorts int16 by radix
    return by_cost[np.argsort(keys, kind="stable")]


def best_first_keys(ranks: np.ndarray) -> np.ndarray:
    """Dense keys that order `ranks` (few, e.g. one per combination) from the highest: uint8 when
    there are at most 256 distinct ranks, as numpy radix-sorts them in one pass."""
    distinct = np.unique(ranks)
    keys = len(distinct) - 1 - np.searchsorted(distinct, ranks)
    return keys.astype(np.uint8 if len(distinct) <= 256 else np.uint16)


class CostOrders:
    """Every catalog position by true monthly cost in a currency (NaN, cannot convert, last), kept
    with the catalog per conversion table: a profile change re-ranks without sorting costs again."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.monthly = np.asarray(monthly_over_horizon_array(frame), dtype=np.float64)
        self._orders: dict[bytes, np.ndarray] = {}
        self._combinations: dict[bytes, np.ndarray] = {}

    def key(self, index: CatalogIndex, fit: FitResult) -> bytes:
        """What the order by cost depends on: the conversion of each of the catalog's currencies."""
        _codes, currencies = index.currency_codes
        return np.asarray(budget_factors_of(currencies, fit.rates, fit.profile.currency), dtype=np.float64).tobytes()

    def order(self, index: CatalogIndex, fit: FitResult) -> np.ndarray:
        key = self.key(index, fit)
        if key not in self._orders:
            codes, _currencies = index.currency_codes
            table = np.frombuffer(key, dtype=np.float64)
            costs = self.monthly * table[codes] if len(table) else self.monthly
            self._orders[key] = np.argsort(costs, kind="stable")
        return self._orders[key]

    def combinations(self, index: CatalogIndex, fit: FitResult, ids: np.ndarray) -> np.ndarray:
        """Each product's scoring combination (`ids`), in the order by cost: ranking reads small
        keys from it front to back instead of gathering scores all over the catalog."""
        key = self.key(index, fit)
        if key not in self._combinations:
            self._combinations[key] = ids[self.order(index, fit)]
        return self._combinations[key]


def monthly_costs(catalog: Catalog) -> np.ndarray:
    """Every product's true monthly cost in its own currency (`monthly_over_horizon_array`), computed
    once per catalog (the loader's ranking by fit computes it) and shared with whoever shows it."""
    return catalog.derived(CostOrders, CostOrders).monthly


def tie_break_costs(fit: FitResult, catalog: Catalog) -> np.ndarray:
    """Every product's `monthly_over_horizon` in the profile's currency (NaN where it cannot be converted)."""
    index = index_of(catalog)
    return np.asarray(monthly_costs(catalog) * budget_factors(index, fit.rates, fit.profile.currency))
