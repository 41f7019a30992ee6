"""Sort ranks: every column sorts like Python would, ties keep their order, missing values go last."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from catalog_app.finder.sorting import SortRanks, column_rank, column_ranks_of, sort_positions
from catalog_app.io.catalog import load_bundled_catalog


def python_order(values: list[object], *, descending: bool) -> list[int]:
    """The reference: a stable sort of positions, missing last in either direction."""
    present = [position for position, value in enumerate(values) if value is not None]
    missing = [position for position, value in enumerate(values) if value is None]
    present.sort(key=lambda position: values[position], reverse=descending)  # ties stay in order
    return present + missing


def check(values: list[object], series: pd.Series) -> None:
    rank = column_rank(series)
    positions = np.arange(len(values), dtype=np.int64)
    for descending in (False, True):
        got = sort_positions(positions, rank, descending=descending).tolist()
        assert got == python_order(values, descending=descending)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.one_of(st.none(), st.floats(allow_nan=False, allow_infinity=False, width=32)), max_size=60))
def test_numbers_sort_like_python_with_missing_last(values: list[float | None]) -> None:
    check(values, pd.Series([np.nan if value is None else value for value in values], dtype=np.float64))


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.one_of(st.none(), st.integers(0, 1000).map(lambda tenths: tenths / 10), st.sampled_from([0.05, 600.0])),
        max_size=60,
    )
)
def test_scores_in_tenths_sort_like_python_with_missing_last(values: list[float | None]) -> None:
    """Fit scores take a short cut (ranked by their tenths); a value off the tenths or out of range does not."""
    check(values, pd.Series([np.nan if value is None else value for value in values], dtype=np.float64))


@settings(max_examples=80, deadline=None)
@given(st.lists(st.text(alphabet="aAbB ßẞéÉz1", max_size=4), max_size=60))
def test_text_sorts_by_casefold_like_python(values: list[str]) -> None:
    folded = [value.casefold() for value in values]
    rank = column_rank(pd.Series(values, dtype="str"))
    for descending in (False, True):
        got = sort_positions(np.arange(len(values)), rank, descending=descending).tolist()
        want = sorted(range(len(values)), key=lambda position: folded[position], reverse=descending)
        assert got == want


def test_many_distinct_values_use_two_radix_passes_and_stay_exact() -> None:
    rng = np.random.default_rng(1)
    values = rng.integers(0, 200_000, 300_000).astype(np.float64)
    rank = column_rank(pd.Series(values))
    assert rank.dtype == np.uint32
    positions = rng.permutation(len(values))
    got = sort_positions(positions, rank, descending=True)
    want = positions[np.argsort(-values[positions], kind="stable")]
    assert np.array_equal(got, want)


def test_choices_sort_in_vocabulary_order_not_alphabetically() -> None:
    frame = load_bundled_catalog().frame
    ranks = SortRanks(frame)
    order = sort_positions(np.arange(len(frame)), ranks.rank("arch_support"), descending=False)
    levels = [str(value) for value in frame["arch_support"].to_numpy()[order]]
    assert levels == sorted(levels, key=["none", "low", "medium", "high"].index)


def test_ranks_of_a_catalog_are_computed_once_and_shared() -> None:
    catalog = load_bundled_catalog()
    frame = catalog.frame
    first = SortRanks(frame, column_ranks_of(catalog))
    first.prepare(["name", "price"])
    second = SortRanks(frame, column_ranks_of(catalog))
    assert second.rank("name") is first.rank("name")
    scores = np.linspace(0, 100, len(frame))
    assert second.rank("fit_score", lambda: scores) is not None
    assert "fit_score" not in first._own  # derived keys stay with their own SortRanks


BRANDS = ["Ambergait", "ambergait", "Étoile", "zephyr", "Zephyr", "", "Hallow Pine"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(BRANDS), max_size=60))
def test_repeated_text_sorts_like_python_ignoring_case(values: list[str]) -> None:
    """Brands are kept as a Categorical of their distinct texts (in order of first appearance);
    they still sort as text does, by str.casefold, not by that order."""
    from catalog_app.model.catalog_frame import repeated_text

    series = pd.Series(repeated_text(np.array(values, dtype=object)), name="brand")
    rank = column_rank(series)
    positions = np.arange(len(values), dtype=np.int64)
    for descending in (False, True):
        got = sort_positions(positions, rank, descending=descending).tolist()
        assert got == python_order([value.casefold() for value in values], descending=descending)


@settings(max_examples=120, deadline=None)
@given(
    st.lists(st.text(alphabet="aAbz ß\x00é\U0001f600", max_size=70), min_size=1, max_size=40),
    st.integers(0, 5),
)
def test_names_sort_like_python_however_long_or_odd_their_text(values: list[str], skip: int) -> None:
    """Text is ranked as numpy byte strings up to 64 bytes (UTF-8 orders as code points do); a
    longer text, or one holding a NUL byte, sends the column to pyarrow's rank: either way the
    order is Python's, also for a column that is a slice of a longer one."""
    series = pd.Series(["padding"] * skip + values, dtype="str").iloc[skip:].reset_index(drop=True)
    folded = [value.casefold() for value in values]
    rank = column_rank(series)
    got = sort_positions(np.arange(len(values)), rank, descending=False).tolist()
    assert got == sorted(range(len(values)), key=lambda position: folded[position])
    assert [folded[a] == folded[b] for a, b in itertools.pairwise(got)] == [
        rank[a] == rank[b] for a, b in itertools.pairwise(got)
    ]  # equal texts, equal ranks


def test_a_million_names_are_ranked_as_byte_strings_without_pyarrow_rank(monkeypatch: pytest.MonkeyPatch) -> None:
    """The names of a large catalog take the byte-string path (pyarrow's rank is not called)."""
    import pyarrow.compute as pc

    def refused(*args: object, **kwargs: object) -> None:
        raise AssertionError("pc.rank was called")

    monkeypatch.setattr(pc, "rank", refused)
    rng = np.random.default_rng(3)
    names = [f"Brand {rng.integers(0, 10**9)} Gel (US M{rng.integers(4, 14)})" for _ in range(200_000)]
    rank = column_rank(pd.Series(names, dtype="str"))
    order = sort_positions(np.arange(len(names)), rank, descending=False)
    assert [names[position].casefold() for position in order] == sorted(name.casefold() for name in names)
