"""What the finder keeps between changes gives the same answers as computing afresh.

A profile change reuses the scores of the criteria it did not touch, the exclusions of the answers
it did not change and the order best first; the score is computed once per combination of the
scored columns; the facet counts are tallied per combination of facet values. Each is checked
here against the plain computation on a catalog that has kept nothing.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from profile_strategies import foot_profiles

from catalog_app.finder.catalog_index import index_of
from catalog_app.finder.filters import FilterState, facet_counts, filter_and_count, filter_mask
from catalog_app.finder.finder import find_products, fit_order, rank_by_fit
from catalog_app.finder.fit_criteria import profile_criteria
from catalog_app.finder.fit_score import graded_scores, score_products
from catalog_app.io.catalog import Catalog, load_bundled_catalog
from catalog_app.model.profile import FootProfile

PROFILES = foot_profiles(
    budget=st.none() | st.sampled_from([15.0, 40.0, 80.0, 150.0, 400.0]),
    currency=st.sampled_from(["USD", "EUR", "GBP"]),
    shoe_size=st.sampled_from(["", "EU 38", "EU 43", "UK 9", "US W7"]),
    severity=st.none() | st.sampled_from(["mild", "severe"]),
    tried_off_the_shelf=st.booleans(),
)
FILTERS = st.sampled_from(
    [
        FilterState(),
        FilterState().with_choice("category", {"gel", "memory-foam"}),
        FilterState(flags=frozenset({"washable"}), price_max=60.0),
        FilterState().with_choice("shoe_types", {"athletic"}).with_choice("arch_support", {"high"}),
        FilterState(text="foam"),
        FilterState(flags=frozenset({"metatarsal_pad", "trim_to_fit"})).with_choice("cushioning", {"high", "low"}),
        FilterState(lifespan_min=6.0, lifespan_max=24.0, price_min=20.0).with_choice("length", {"full"}),
    ]
)


@pytest.fixture(scope="module")
def bundled() -> Catalog:
    return load_bundled_catalog()


def afresh(catalog: Catalog) -> Catalog:
    """The same products in a catalog that has kept nothing (no index, no scores, no orders)."""
    return Catalog(frame=catalog.frame, source=catalog.source, report=catalog.report)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(profile=PROFILES)
def test_scoring_once_per_combination_equals_scoring_every_product(bundled: Catalog, profile: FootProfile) -> None:
    index = index_of(bundled)
    criteria = profile_criteria(profile)
    fit = score_products(bundled, profile)
    if not criteria:
        assert np.all(fit.scores == 50.0)
        return
    scores, confidence = graded_scores(index.composite_keys, index.is_custom, criteria, profile)
    assert np.array_equal(fit.scores, scores)
    assert np.array_equal(fit.confidence_codes, confidence)
    assert np.array_equal(fit.score_ranks, np.rint(scores * 10).astype(np.uint16))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(profiles=st.lists(PROFILES, min_size=2, max_size=6), filters=FILTERS)
def test_a_run_of_profile_changes_gives_what_a_fresh_catalog_gives(
    bundled: Catalog, profiles: list[FootProfile], filters: FilterState
) -> None:
    """One catalog answering a run of profile changes (keeping scores, exclusions and orders
    between them) answers each exactly as a catalog that has kept nothing."""
    kept = afresh(bundled)
    for profile in profiles:
        fit = score_products(kept, profile)
        fresh_catalog = afresh(bundled)
        fresh = score_products(fresh_catalog, profile)
        assert np.array_equal(fit.scores, fresh.scores)
        assert np.array_equal(fit.confidence_codes, fresh.confidence_codes)
        assert np.array_equal(fit.excluded, fresh.excluded)
        assert [fit.size_note(p) for p in range(0, len(kept), 7)] == [
            fresh.size_note(p) for p in range(0, len(kept), 7)
        ]
        every = np.arange(len(kept), dtype=np.int64)
        plain = every[np.lexsort((_monthly(fresh, fresh_catalog), -fresh.scores))]
        assert fit_order(fit, kept).tolist() == plain.tolist()
        for include_excluded in (False, True):
            ours = find_products(kept, profile, filters, include_excluded=include_excluded, fit=fit)
            theirs = find_products(fresh_catalog, profile, filters, include_excluded=include_excluded, fit=fresh)
            assert ours.positions.tolist() == theirs.positions.tolist()
            assert ours.facets == theirs.facets


def _monthly(fit: object, catalog: Catalog) -> np.ndarray:
    from catalog_app.finder.finder import tie_break_costs

    return tie_break_costs(fit, catalog)  # type: ignore[arg-type]


def test_a_budget_change_keeps_the_scores_and_the_order_it_did_not_touch(bundled: Catalog) -> None:
    catalog = afresh(bundled)
    first = score_products(catalog, FootProfile(arch="flat", budget=80.0))
    order = fit_order(first, catalog)
    second = score_products(catalog, FootProfile(arch="flat", budget=40.0))
    assert second.scores is first.scores  # not scored again
    assert fit_order(second, catalog) is order  # not ranked again
    assert np.count_nonzero(second.excluded) > np.count_nonzero(first.excluded)
    third = score_products(catalog, FootProfile(arch="high", budget=40.0))
    assert third.scores is not first.scores
    assert third.excluded is not second.excluded and np.array_equal(third.excluded, second.excluded)


def test_kept_scores_cannot_be_changed_by_whoever_reads_them(bundled: Catalog) -> None:
    fit = score_products(afresh(bundled), FootProfile(arch="flat"))
    with pytest.raises(ValueError, match="read-only"):
        fit.scores[0] = 100.0


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(keep=st.lists(st.booleans(), min_size=1, max_size=300), filters=FILTERS)
def test_facet_counts_per_combination_equal_counting_every_product(
    bundled: Catalog, keep: list[bool], filters: FilterState, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Facet filters decided per combination of facet values, and counts tallied from them, give
    the plain per-product mask and counts, and the same number of matches the base holds back."""
    index = index_of(bundled)
    base = np.resize(np.array(keep), len(bundled))
    mask, counts, held_back = filter_and_count(index, filters, base)
    assert np.array_equal(mask, filter_mask(index, filters, base))
    assert facet_counts(index, filters, base) == counts
    assert held_back == np.count_nonzero(filter_mask(index, filters) & ~base)
    with monkeypatch.context() as patched:
        import catalog_app.finder.filters as filters_module

        patched.setattr(filters_module, "facet_combinations", lambda _index: None)
        plain = facet_counts(index, filters, base)
        plain_answer = filter_and_count(index, filters, base)
    assert counts == plain == plain_answer.facets
    assert np.array_equal(plain_answer.mask, mask)
    assert plain_answer.held_back == held_back


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(profile=PROFILES, keep=st.lists(st.booleans(), min_size=1, max_size=200))
def test_ranking_a_part_of_the_catalog_matches_the_plain_sort(
    bundled: Catalog, profile: FootProfile, keep: list[bool]
) -> None:
    catalog = afresh(bundled)
    fit = score_products(catalog, profile)
    positions = np.flatnonzero(np.resize(np.array(keep), len(catalog)))
    reference = positions[np.lexsort((_monthly(fit, catalog)[positions], -fit.scores[positions]))]
    assert rank_by_fit(positions, fit, catalog).tolist() == reference.tolist()


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(profiles=st.lists(PROFILES, min_size=1, max_size=4), filters=FILTERS)
def test_ranking_beside_the_filters_gives_the_order_of_the_plain_sort(
    bundled: Catalog, profiles: list[FootProfile], filters: FilterState, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a large catalog the order best first is ranked in another thread while the filters and
    facet counts are computed; the answer is the one of the plain two-key sort, filtered."""
    import catalog_app.finder.finder as finder_module

    monkeypatch.setattr(finder_module, "RANK_AHEAD_MIN", 0)  # the bundled catalog counts as large
    kept = afresh(bundled)
    for profile in profiles:
        ours = find_products(kept, profile, filters)
        assert ours.fit.has_order
        fresh_catalog = afresh(bundled)
        fresh = score_products(fresh_catalog, profile)
        every = np.arange(len(kept), dtype=np.int64)
        plain = every[np.lexsort((_monthly(fresh, fresh_catalog), -fresh.scores))]
        mask = filter_mask(index_of(fresh_catalog), filters, ~fresh.excluded)
        assert ours.positions.tolist() == plain[mask[plain]].tolist()
