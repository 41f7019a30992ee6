"""A change repaints only what changed, and shows the same as redrawing everything would."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from catalog_app.finder.filters import FilterState
from catalog_app.finder.finder import find_products
from catalog_app.finder.fit_score import score_products
from catalog_app.io.catalog import Catalog, load_bundled_catalog
from catalog_app.model.profile import FootProfile
from ui.finder.catalog_table_model import COLUMN_INDEX, CatalogTableModel
from ui.finder.detail_pane import DetailPane
from ui.finder.filter_pane import FilterPane
from ui.finder.results_view import RedFlagBanner

PROFILE = FootProfile(arch="flat", pronation="overpronation", concerns=("plantar-fasciitis",), budget=60.0)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_bundled_catalog()


def ids(model: CatalogTableModel) -> list[str]:
    return [model.product_id(row) for row in range(model.rowCount())]


@pytest.mark.parametrize("include_excluded", [False, True])
def test_the_finders_best_first_order_is_what_sorting_by_fit_gives(
    qtmodeltester: Any, catalog: Catalog, include_excluded: bool
) -> None:
    """The window hands the finder's best-first positions over unsorted when the table sorts by
    fit, best first; the rows are those a sort would give, in the same order."""
    fit = score_products(catalog, PROFILE)
    result = find_products(catalog, PROFILE, FilterState(), include_excluded=include_excluded, fit=fit)
    kept, sorted_again = CatalogTableModel(catalog), CatalogTableModel(catalog)
    for model in (kept, sorted_again):
        model.sort(COLUMN_INDEX["fit_score"], Qt.SortOrder.DescendingOrder)
    kept.set_results(result.positions, fit.scores, score_ranks=fit.score_ranks, best_first=True)
    sorted_again.set_results(result.positions, fit.scores)  # as before: ranked and sorted again
    qtmodeltester.check(kept)
    assert ids(kept) == ids(sorted_again)
    kept.sort(COLUMN_INDEX["fit_score"], Qt.SortOrder.AscendingOrder)  # the ranks handed over sort too
    sorted_again.sort(COLUMN_INDEX["fit_score"], Qt.SortOrder.AscendingOrder)
    assert ids(kept) == ids(sorted_again)
    scores = [kept.index(row, COLUMN_INDEX["fit_score"]).data(Qt.ItemDataRole.DisplayRole) for row in range(5)]
    assert scores == sorted(scores, key=float)


def test_best_first_positions_are_sorted_when_the_table_sorts_by_another_column(catalog: Catalog) -> None:
    fit = score_products(catalog, PROFILE)
    result = find_products(catalog, PROFILE, FilterState(), fit=fit)
    model = CatalogTableModel(catalog)
    model.sort(COLUMN_INDEX["price"], Qt.SortOrder.AscendingOrder)
    model.set_results(result.positions, fit.scores, score_ranks=fit.score_ranks, best_first=True)
    prices = catalog.frame["price"].to_numpy()[model.visible_positions]
    assert np.all(np.diff(prices) >= 0)


def test_showing_the_same_product_and_fit_again_redraws_nothing(qtbot: QtBot, catalog: Catalog) -> None:
    pane = DetailPane()
    qtbot.addWidget(pane)
    fit = score_products(catalog, PROFILE)
    pane.show_product(catalog, 3, fit, profile_set=True)
    shown = pane.browser.toHtml()
    with qtbot.assertNotEmitted(pane.browser.textChanged):
        pane.show_product(catalog, 3, fit, profile_set=True)  # a filter change keeps product and fit
    other_fit = score_products(catalog, FootProfile(arch="high"))
    with qtbot.waitSignal(pane.browser.textChanged):
        pane.show_product(catalog, 3, other_fit, profile_set=True)  # a profile change: the reasons change
    assert pane.browser.toHtml() != shown
    pane.clear()
    with qtbot.assertNotEmitted(pane.browser.textChanged):
        pane.clear()
    with qtbot.waitSignal(pane.browser.textChanged):
        pane.show_product(catalog, 3, fit, profile_set=True)  # after clearing, shown again
    assert pane.product_id() == str(catalog.frame["id"].iat[3])


def test_the_same_warning_notes_are_not_rebuilt(qtbot: QtBot) -> None:
    from catalog_app.model.red_flags import red_flag_notes

    banner = RedFlagBanner()
    qtbot.addWidget(banner)
    notes = red_flag_notes(FootProfile(red_flags=("numbness-tingling",)))
    assert notes
    banner.set_notes(notes)
    labels = list(banner.labels)
    banner.set_notes(red_flag_notes(FootProfile(red_flags=("numbness-tingling",), arch="flat")))
    assert banner.labels == labels
    banner.set_notes([])
    assert banner.labels == [] and banner.isHidden()


def test_counts_for_a_filter_pane_out_of_sight_are_shown_when_it_comes_into_view(
    qtbot: QtBot, catalog: Catalog
) -> None:
    from PySide6.QtWidgets import QTabWidget

    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    pane = FilterPane()
    tabs.addTab(pane, "Filters")
    tabs.addTab(pane.search_box, "Other")
    tabs.show()
    facets = find_products(catalog, FootProfile(), FilterState()).facets
    pane.set_facets(facets, len(catalog))
    gel = f"Gel ({facets['category']['gel']})"
    assert pane.groups["category"].text_of("gel") == gel
    width = pane.groups["category"].box("gel").width()
    tabs.setCurrentIndex(1)  # the pane is out of sight
    narrowed = find_products(catalog, FootProfile(), FilterState().with_choice("shoe_types", {"dress"})).facets
    pane.set_facets(narrowed, len(catalog))
    assert pane.groups["category"].text_of("gel") == gel  # not yet: nobody can see it
    tabs.setCurrentIndex(0)
    qtbot.waitUntil(lambda: pane.groups["category"].text_of("gel") == f"Gel ({narrowed['category']['gel']})")
    assert pane.groups["category"].box("gel").width() == width  # sized once, for the catalog's size


@settings(max_examples=40, deadline=None)
@given(
    texts=st.lists(st.none() | st.sampled_from(["", "Gel", "Cork", "Ünïcode"]) | st.text(max_size=6), min_size=1),
    categorical=st.booleans(),
    chunks=st.integers(min_value=1, max_value=3),
)
def test_a_cell_read_for_painting_is_what_pandas_reads(texts: list[str | None], categorical: bool, chunks: int) -> None:
    """The table reads text cells one at a time, past pandas' slow indexing (a categorical's
    codes, the Arrow array's cells): every cell reads as pandas reads it, a missing one too."""
    import pandas as pd
    import pyarrow as pa

    from ui.finder.catalog_table_model import TextCells

    size = max(1, len(texts) // chunks)
    pieces = [texts[start : start + size] for start in range(0, len(texts), size)]
    arrow = pa.chunked_array([pa.array(piece, type=pa.string()) for piece in pieces])
    series = pd.Series(pd.arrays.ArrowStringArray(arrow))
    if categorical:
        series = series.astype("category")
    cells = TextCells(series)
    for position in range(len(texts)):
        expected, got = series.array[position], cells[position]
        assert type(got) is type(expected), (position, got, expected)
        assert (pd.isna(got) and pd.isna(expected)) if pd.isna(expected) else got == expected
