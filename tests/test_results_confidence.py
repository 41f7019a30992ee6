"""The results table's Confidence and Monthly (2 yr) columns, and what the detail pane says about the score."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from catalog_app.costs.cost_notes import monthly_over_horizon_array
from catalog_app.costs.exchange_rates import current_exchange_rates
from catalog_app.finder.filters import FilterState
from catalog_app.finder.finder import find_products
from catalog_app.finder.fit_score import custom_orthotic_reason, score_products
from catalog_app.io.catalog import Catalog, load_bundled_catalog, load_catalog
from catalog_app.model.display import format_money
from catalog_app.model.profile import FootProfile
from ui.finder.catalog_table_model import COLUMN_INDEX, CatalogTableModel, ProductRole
from ui.finder.detail_pane import EVIDENCE_WORDS, DetailPane

README_PROFILE = FootProfile(
    arch="flat", pronation="overpronation", concerns=("lower-back-pain",), shoe_types=("work-boots",)
)
CONFIDENCE = COLUMN_INDEX["confidence"]
MONTHLY = COLUMN_INDEX["monthly_over_horizon"]


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_bundled_catalog()


def column(model: CatalogTableModel, key: str, role: int = Qt.ItemDataRole.DisplayRole) -> list[Any]:
    return [model.index(row, COLUMN_INDEX[key]).data(role) for row in range(model.rowCount())]


def test_confidence_and_monthly_columns_sit_beside_fit_and_price(catalog: Catalog) -> None:
    model = CatalogTableModel(catalog)
    header = [model.headerData(n, Qt.Orientation.Horizontal) for n in range(model.columnCount())]
    assert header[CONFIDENCE - 1 : CONFIDENCE + 1] == ["Fit", "Confidence"]
    assert header[MONTHLY - 1 : MONTHLY + 1] == ["Price", "Monthly (2 yr)"]
    tooltip = model.headerData(MONTHLY, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "2 years" in tooltip and "clinic fee" in tooltip


def test_the_new_columns_show_each_products_values_and_pass_the_model_tester(
    qtmodeltester: Any, catalog: Catalog
) -> None:
    model = CatalogTableModel(catalog)
    fit = score_products(catalog, README_PROFILE)
    result = find_products(catalog, README_PROFILE, FilterState(), include_excluded=True, fit=fit)
    model.set_results(result.positions, fit.scores, fit.excluded, fit.confidence_codes)
    qtmodeltester.check(model)
    positions = [model.position(row) for row in range(model.rowCount())]
    assert column(model, "confidence") == [fit.confidence(p).capitalize() for p in positions]
    assert {"High", "Medium", "Low"} & set(column(model, "confidence"))
    monthly = monthly_over_horizon_array(catalog.frame)
    currency = catalog.frame["currency"].to_numpy()
    assert column(model, "monthly_over_horizon") == [format_money(monthly[p], currency[p]) for p in positions]
    assert column(model, "monthly_over_horizon", ProductRole.RAW) == pytest.approx([monthly[p] for p in positions])
    custom = catalog.position_of("ottervale-work-custom")
    assert custom is not None and monthly[custom] > catalog.frame["price"].iloc[custom] / 24  # the clinic fee counts


def test_sorting_by_the_new_columns(qtmodeltester: Any, catalog: Catalog) -> None:
    model = CatalogTableModel(catalog)
    fit = score_products(catalog, README_PROFILE)
    model.set_results(np.arange(len(catalog)), fit.scores, None, fit.confidence_codes)
    model.sort(CONFIDENCE, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model)
    order = {"High": 2, "Medium": 1, "Low": 0}
    ranks = [order[text] for text in column(model, "confidence")]
    assert ranks == sorted(ranks, reverse=True)
    model.sort(MONTHLY, Qt.SortOrder.AscendingOrder)
    values = column(model, "monthly_over_horizon", ProductRole.RAW)
    assert values == sorted(values)
    model.set_results(np.arange(len(catalog)), None, None, None)  # no profile: no confidence to show
    qtmodeltester.check(model)
    assert set(column(model, "confidence")) == {""}


def test_the_window_fills_confidence_once_a_profile_is_set(window: Any) -> None:
    assert set(column(window.model, "confidence")) == {""}
    window.profile_pane.set_profile(README_PROFILE)
    assert "" not in column(window.model, "confidence")
    assert all(text.startswith(("$", "€", "£")) for text in column(window.model, "monthly_over_horizon"))
    window.profile_pane.clear_profile()
    assert set(column(window.model, "confidence")) == {""}


# ---- the detail pane --------------------------------------------------------------------------


def details(qtbot: QtBot, catalog: Catalog, product_id: str, profile: FootProfile) -> str:
    pane = DetailPane()
    qtbot.addWidget(pane)
    position = catalog.position_of(product_id)
    assert position is not None
    pane.show_product(catalog, position, score_products(catalog, profile), profile_set=not profile.is_empty)
    return pane.browser.toPlainText()


def test_details_show_confidence_beside_the_score_and_each_reasons_evidence(qtbot: QtBot, catalog: Catalog) -> None:
    fit = score_products(catalog, README_PROFILE)
    position = catalog.position_of("northmarch-carbon-ridge")
    assert position is not None
    text = details(qtbot, catalog, "northmarch-carbon-ridge", README_PROFILE)
    assert f"Fit {fit.scores[position]:.0f} / 100 for your profile · confidence {fit.confidence(position)}" in text
    for reason in fit.reason_items(position):
        line = reason.text if "evidence" in reason.text else f"{reason.text} ({EVIDENCE_WORDS[str(reason.evidence)]})"
        assert line in text
    assert "(weak evidence)" in text or "evidence is weak" in text
    assert "(moderate evidence)" in text


def test_prices_in_other_currencies_show_an_approximate_converted_line(qtbot: QtBot, catalog: Catalog) -> None:
    rates = current_exchange_rates().rates
    assert rates is not None
    text = details(qtbot, catalog, "ravensholm-gel-stand", README_PROFILE)
    assert "€29.90" in text
    assert f"≈ {format_money(29.90 * rates.factor('EUR', 'USD'), 'USD')} at rates of {rates.date_text}" in text
    assert "at rates of" not in details(qtbot, catalog, "northmarch-carbon-ridge", README_PROFILE)


def test_custom_orthotic_reasons_read_as_the_core_words_them(qtbot: QtBot, catalog: Catalog) -> None:
    plain = details(qtbot, catalog, "ottervale-work-custom", README_PROFILE)
    assert custom_orthotic_reason(README_PROFILE).text in plain
    severe = README_PROFILE.model_copy(update={"severity": "severe", "tried_off_the_shelf": True})
    worth_asking = details(qtbot, catalog, "ottervale-work-custom", severe)
    assert custom_orthotic_reason(severe).text in worth_asking
    assert "worth asking about, as your pain is severe and off-the-shelf insoles have not helped" in worth_asking


def claiming_catalog(tmp_path: Path) -> Catalog:
    """The bundled catalog with one description that claims to cure, and a name with markup in it."""
    source = Path(__file__).parent.parent / "catalog_data" / "insoles.csv"
    with source.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    rows[0]["description"] = "Cures back pain <b>for good</b>."
    target = tmp_path / "claims.csv"
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return load_catalog(target)


def test_a_claiming_product_carries_the_claims_not_checked_mark(
    qtbot: QtBot, qtmodeltester: Any, tmp_path: Path
) -> None:
    catalog = claiming_catalog(tmp_path)
    claimed = str(catalog.frame["id"].iloc[0])
    text = details(qtbot, catalog, claimed, FootProfile())
    assert "Claims not checked: its name or description claims an effect (cures)" in text
    assert "<b>for good</b>" in text  # catalog text stays plain text
    other = str(catalog.frame["id"].iloc[1])
    assert "Claims not checked" not in details(qtbot, catalog, other, FootProfile())
    model = CatalogTableModel(catalog)
    qtmodeltester.check(model)
    row = model.row_of(claimed)
    assert row is not None
    assert model.index(row, COLUMN_INDEX["name"]).data().endswith("[claims not checked]")
    assert model.index(row, COLUMN_INDEX["name"]).data(ProductRole.RAW) == catalog.frame["name"].iloc[0]
    assert "Claims not checked" in model.index(row, COLUMN_INDEX["name"]).data(Qt.ItemDataRole.ToolTipRole)
