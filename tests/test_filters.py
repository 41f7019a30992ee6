"""Filters, facet counts, relax hints and text search on a small hand-made catalog."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog_app.finder.catalog_index import index_of
from catalog_app.finder.filters import FilterState, facet_counts, filter_mask, text_mask
from catalog_app.finder.finder import find_products
from catalog_app.finder.fit_score import score_products
from catalog_app.io.catalog import Catalog, load_catalog
from catalog_app.model.profile import FootProfile

HEADER = (
    "id,name,brand,category,price,currency,lifespan_months,arch_support,cushioning,heel_cup,length,"
    "shoe_types,metatarsal_pad,washable,description"
)
ROWS = """\
gel-run,Gel Runner,Springa,gel,30,USD,9,medium,high,shallow,full,athletic,false,true,Shock absorbing GEL for running
gel-walk,Gel Walker,Springa,gel,25,USD,9,low,high,shallow,full,casual;athletic,false,false,Soft gel for walking
gel-boot,Boot Gel,Ironhide,gel,45,USD,12,high,medium,deep,full,work-boots,false,false,Gel for roomy work boots
foam-dress,Dress Foam,Slimline,memory-foam,15,USD,6,low,medium,none,three-quarter,dress,false,true,Thin foam for dress
cork-boot,Cork Boot,Ironhide,cork,70,EUR,24,high,low,deep,full,work-boots;hiking-boots,true,false,Cork bed that moulds
met-pad,Forefoot Pad,Slimline,metatarsal-pad,12,USD,6,none,low,none,forefoot,dress;casual,true,true,Ball of foot pad
"""


@pytest.fixture
def catalog(tmp_path: Path) -> Catalog:
    path = tmp_path / "filters.csv"
    path.write_text(HEADER + "\n" + ROWS, encoding="utf-8")
    loaded = load_catalog(path, invalid_rows="reject-file")
    assert len(loaded) == 6
    return loaded


def ids(catalog: Catalog, mask: np.ndarray) -> set[str]:
    return set(catalog.frame["id"].to_numpy(dtype=object)[mask].tolist())


def test_no_filters_keep_every_product(catalog: Catalog) -> None:
    assert filter_mask(index_of(catalog), FilterState()).all()


def test_or_within_a_field_and_across_fields(catalog: Catalog) -> None:
    index = index_of(catalog)
    gel_or_cork = FilterState().with_choice("category", {"gel", "cork"})
    assert ids(catalog, filter_mask(index, gel_or_cork)) == {"gel-run", "gel-walk", "gel-boot", "cork-boot"}
    for_boots = gel_or_cork.with_choice("shoe_types", {"work-boots"})
    assert ids(catalog, filter_mask(index, for_boots)) == {"gel-boot", "cork-boot"}
    boots_or_dress = FilterState().with_choice("shoe_types", {"work-boots", "dress"})
    assert ids(catalog, filter_mask(index, boots_or_dress)) == {"gel-boot", "foam-dress", "cork-boot", "met-pad"}


def test_flags_and_ranges(catalog: Catalog) -> None:
    index = index_of(catalog)
    washable_pads = FilterState(flags=frozenset({"metatarsal_pad", "washable"}))
    assert ids(catalog, filter_mask(index, washable_pads)) == {"met-pad"}
    mid_price = FilterState(price_min=20, price_max=45)
    assert ids(catalog, filter_mask(index, mid_price)) == {"gel-run", "gel-walk", "gel-boot"}
    long_lived = FilterState(lifespan_min=12)
    assert ids(catalog, filter_mask(index, long_lived)) == {"gel-boot", "cork-boot"}


def test_facet_counts_show_what_each_option_would_give_with_the_other_filters_kept(catalog: Catalog) -> None:
    index = index_of(catalog)
    state = FilterState().with_choice("category", {"gel"}).with_choice("shoe_types", {"athletic"})
    counts = facet_counts(index, state)
    # Category counts keep the shoe filter (athletic: gel-run, gel-walk) but not the category filter.
    assert counts["category"]["gel"] == 2
    assert counts["category"]["cork"] == 0
    assert counts["category"]["memory-foam"] == 0
    # Shoe counts keep the category filter (gel: three products) but not the shoe filter.
    assert counts["shoe_types"] == {
        "athletic": 2,
        "dress": 0,
        "work-boots": 1,
        "casual": 1,
        "hiking-boots": 0,
        "cleats": 0,
        "flats-heels": 0,
    }
    # Other fields keep both filters: the two athletic gels.
    assert counts["arch_support"] == {"none": 0, "low": 1, "medium": 1, "high": 0}
    assert counts["washable"] == {"true": 1}
    assert sum(counts["category"].values()) == 2


def test_facet_counts_with_a_selected_option_in_the_same_field(catalog: Catalog) -> None:
    state = FilterState().with_choice("category", {"gel", "cork"})
    counts = facet_counts(index_of(catalog), state)
    assert counts["category"]["gel"] == 3
    assert counts["category"]["cork"] == 1
    assert counts["heel_cup"] == {"none": 0, "shallow": 2, "deep": 2}


def test_when_nothing_matches_the_hints_say_which_filter_to_clear(catalog: Catalog) -> None:
    state = FilterState().with_choice("category", {"cork"}).with_choice("shoe_types", {"dress"})
    result = find_products(catalog, FootProfile(), state)
    assert result.count == 0
    sentences = [hint.sentence() for hint in result.hints]
    # Clearing the shoe filter gives the one cork product; clearing the category gives the two dress products.
    assert sentences == [
        "Clear the Category filter to see 2 products.",
        "Clear the Shoe type filter to see 1 product.",
    ]


def test_hints_point_at_the_profile_when_it_hides_everything(catalog: Catalog) -> None:
    profile = FootProfile(shoe_types=("cleats",))
    result = find_products(catalog, profile, FilterState())
    assert result.count == 0
    assert [hint.field for hint in result.hints] == ["profile"]
    shown = find_products(catalog, profile, FilterState(), include_excluded=True)
    assert shown.count == 6


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("gel", {"gel-run", "gel-walk", "gel-boot"}),
        ("GEL running", {"gel-run"}),  # several words: all must be there, any case
        ("  boots   ironhide ", {"gel-boot"}),
        ("slimline foot", {"met-pad"}),  # brand and description together
        ("cork moulds", {"cork-boot"}),
        ("nothing-like-this", set()),
        ("", {"gel-run", "gel-walk", "gel-boot", "foam-dress", "cork-boot", "met-pad"}),
    ],
)
def test_text_search_matches_every_word_in_name_brand_or_description(
    catalog: Catalog, text: str, expected: set[str]
) -> None:
    assert ids(catalog, filter_mask(index_of(catalog), FilterState(text=text))) == expected


def test_clearing_one_field_keeps_the_others() -> None:
    state = FilterState(text="gel", price_max=40).with_choice("category", {"gel"})
    assert state.active_fields() == ["category", "price", "text"]
    assert state.without("price").active_fields() == ["category", "text"]
    assert state.without("category").without("text").active_fields() == ["price"]


def test_searching_while_typing_gives_the_same_answers_as_searching_afresh(catalog: Catalog) -> None:
    index = index_of(catalog)
    for typed in ["g", "ge", "gel", "gel ", "gel r", "gel ru", "gel run", "gel", "boot gel", "GEL BOOT", "o", "oo"]:
        words = typed.split()
        if not words:
            continue
        fresh = index.contains_all(words)
        assert np.array_equal(text_mask(index, words), fresh), typed


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(keep=st.lists(st.booleans(), min_size=1, max_size=100))
def test_facet_counts_equal_a_plain_count_of_the_rows_kept(catalog: Catalog, keep: list[bool]) -> None:
    """Mostly-kept selections count the dropped rows and subtract; the counts are the same either way."""
    index = index_of(catalog)
    base = np.resize(np.array(keep), len(catalog))
    counts = facet_counts(index, FilterState(), base)
    frame = catalog.frame[base]
    for name in ("category", "arch_support", "heel_cup"):
        plain = frame[name].astype(str).value_counts().to_dict()
        assert {value: count for value, count in counts[name].items() if count} == {
            value: count for value, count in plain.items() if value in counts[name]
        }
    shoe_masks = index.masks["shoe_types"][base]
    for bit, value in enumerate(counts["shoe_types"]):
        assert counts["shoe_types"][value] == int(np.count_nonzero(shoe_masks & (1 << bit)))
    assert counts["washable"]["true"] == int(frame["washable"].sum())


def test_a_search_answered_ahead_by_the_loader_is_used_once_and_only_for_the_same_question(
    catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:
    import catalog_app.finder.finder as finder
    from catalog_app.finder.finder import SearchRequest, prepare_catalog

    profile = FootProfile(arch="flat")
    filters = FilterState().with_choice("category", {"gel"})
    prepare_catalog(catalog, SearchRequest(profile, filters))
    expected = find_products(catalog, profile, filters, fit=score_products(catalog, profile))

    def no_scoring(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("scored on the UI thread")

    monkeypatch.setattr(finder, "score_products", no_scoring)
    ahead = find_products(catalog, profile, filters)  # answered by the loader: nothing scored here
    assert ahead.positions.tolist() == expected.positions.tolist()
    assert ahead.facets == expected.facets
    with pytest.raises(AssertionError, match="scored"):
        find_products(catalog, profile, filters)  # used once: the next change asks the finder
    monkeypatch.undo()
    prepare_catalog(catalog, SearchRequest(profile, filters))
    monkeypatch.setattr(finder, "score_products", no_scoring)
    with pytest.raises(AssertionError, match="scored"):
        find_products(catalog, profile, FilterState())  # another question is answered afresh
