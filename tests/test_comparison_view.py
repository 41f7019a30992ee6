"""The comparison pane driven as a person would: choose products, toggle, change the horizon, remove one."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from matplotlib.colors import to_hex
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QTableView, QTextBrowser, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from catalog_app.costs.comparison import compare_products
from catalog_app.costs.cost_notes import CostOptions
from catalog_app.io.catalog import Catalog, bundled_catalog_path, load_bundled_catalog, load_catalog
from ui.compare.comparison_model import DIFFERS_MARKER, ComparisonModel, ComparisonRole
from ui.compare.comparison_view import ComparisonView

FOAM, CARBON, CUSTOM = "tidewell-cloudrest-full", "corvane-carbon-stride", "larkmoor-functional-custom"
THREE = [FOAM, CARBON, CUSTOM]


@pytest.fixture(scope="module")
def bundled() -> Catalog:
    return load_bundled_catalog()


@pytest.fixture
def view(qtbot: QtBot, bundled: Catalog) -> ComparisonView:
    widget = ComparisonView(bundled)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    return widget


def cell(view: ComparisonView, attribute: str, column: int, role: int = Qt.ItemDataRole.DisplayRole) -> object:
    row = view.model.row_of(attribute)
    assert row is not None, attribute
    return view.model.index(row, column).data(role)


def test_the_comparison_model_passes_the_model_tester(qtmodeltester: ModelTester, bundled: Catalog) -> None:
    model = ComparisonModel()
    qtmodeltester.check(model)
    model.set_comparison(compare_products(bundled, THREE, CostOptions()))
    qtmodeltester.check(model)
    model.set_only_differences(True)
    qtmodeltester.check(model)
    model.set_comparison(compare_products(bundled, THREE, CostOptions(horizon_months=36, pairs=2)))
    qtmodeltester.check(model)
    model.set_comparison(compare_products(bundled, THREE[:2], CostOptions()))
    qtmodeltester.check(model)
    model.set_comparison(None)
    qtmodeltester.check(model)


def test_choosing_three_products_shows_them_as_columns(qtbot: QtBot, view: ComparisonView) -> None:
    with qtbot.waitSignal(view.productsChanged) as changed:
        view.set_products(THREE)
    assert changed.args == [THREE]
    assert view.product_ids() == THREE
    assert view.model.columnCount() == 3
    header = view.model.headerData(0, Qt.Orientation.Horizontal)
    assert header == "Cloudrest Full\nTidewell"
    assert cell(view, "price", 1) == "$104.95"
    assert "3 products compared" in view.status_label.text()
    assert "custom: needs a podiatrist visit" in view.notes.toPlainText()


def test_differing_rows_are_marked_and_the_best_value_stands_out(view: ComparisonView) -> None:
    view.set_products(THREE)
    model = view.model
    price_row = model.row_of("price")
    length_row = model.row_of("length")
    assert price_row is not None and length_row is not None
    assert model.headerData(price_row, Qt.Orientation.Vertical) == f"{DIFFERS_MARKER} Price (one pair)"
    assert model.headerData(price_row, Qt.Orientation.Vertical, Qt.ItemDataRole.FontRole).bold()
    assert model.headerData(length_row, Qt.Orientation.Vertical) == "Length"  # all full length
    best = model.index(price_row, 0)
    assert best.data(ComparisonRole.IS_BEST) is True
    assert best.data(Qt.ItemDataRole.FontRole).bold()
    assert isinstance(best.data(Qt.ItemDataRole.BackgroundRole), QColor)
    assert model.index(price_row, 1).data(Qt.ItemDataRole.BackgroundRole) is None


def test_show_only_differences_hides_rows_that_are_the_same(qtbot: QtBot, view: ComparisonView) -> None:
    view.set_products(THREE)
    every_row = view.model.rowCount()
    assert view.model.row_of("length") is not None
    qtbot.mouseClick(view.differences_check, Qt.MouseButton.LeftButton)
    assert view.differences_check.isChecked()
    assert view.model.row_of("length") is None
    assert view.model.row_of("currency") is None
    assert view.model.row_of("cost_over_horizon") is not None
    hidden = every_row - view.model.rowCount()
    assert hidden > 0
    assert f"{hidden} rows that are the same for all are hidden" in view.status_label.text()
    qtbot.mouseClick(view.differences_check, Qt.MouseButton.LeftButton)
    assert view.model.rowCount() == every_row


def test_changing_the_horizon_updates_the_cost_cell_live(qtbot: QtBot, view: ComparisonView) -> None:
    view.set_products(THREE)
    assert cell(view, "cost_over_horizon", 0) == "$74.85–$99.80"
    view.horizon_spin.setFocus()
    view.horizon_spin.selectAll()
    qtbot.keyClicks(view.horizon_spin, "36")
    assert view.horizon_spin.value() == 36
    # 36 months of Cloudrest Full ($24.95, 6 to 9 months): 4 to 6 pairs.
    assert cell(view, "cost_over_horizon", 0) == "$99.80–$149.70"
    row = view.model.row_of("cost_over_horizon")
    assert view.model.headerData(row, Qt.Orientation.Vertical).endswith("Cost over 36 months")
    assert "over 36 months" in view.notes.toPlainText()


def test_more_pairs_of_shoes_multiply_only_the_insoles_that_cannot_move(qtbot: QtBot, view: ComparisonView) -> None:
    view.set_products(THREE)
    assert cell(view, "cost_over_horizon", 2) == "$600.00"
    qtbot.keyClick(view.pairs_spin, Qt.Key.Key_Up)
    assert view.options() == CostOptions(horizon_months=24, pairs=2)
    assert cell(view, "cost_over_horizon", 2) == "$1,050.00"  # 2 x $450 plus one $150 visit
    assert cell(view, "cost_over_horizon", 1) == "$104.95"  # one carbon insole moves between shoes


def test_removing_a_product_from_its_column(qtbot: QtBot, view: ComparisonView) -> None:
    view.set_products(THREE)
    view.column_combo.setCurrentIndex(1)
    with qtbot.waitSignal(view.productsChanged) as changed:
        qtbot.mouseClick(view.remove_button, Qt.MouseButton.LeftButton)
    assert changed.args == [[FOAM, CUSTOM]]
    assert view.model.columnCount() == 2
    assert "Carbon Stride" not in view.notes.toPlainText()
    # The column's context menu does the same.
    menu = view.column_menu(1)
    assert [action.text() for action in menu.actions()] == [
        "Remove Functional Custom from the comparison",
        "Add Functional Custom to the shortlist",
    ]
    menu.actions()[0].trigger()
    assert view.product_ids() == [FOAM]
    assert view.status_label.text() == "Add at least one more product to compare."


def test_delete_in_the_table_removes_the_current_column(qtbot: QtBot, view: ComparisonView) -> None:
    view.set_products(THREE)
    view.table.setFocus()
    view.table.setCurrentIndex(view.model.index(0, 2))
    qtbot.keyClick(view.table, Qt.Key.Key_Delete)
    assert view.product_ids() == [FOAM, CARBON]


def test_add_to_shortlist_asks_the_window(qtbot: QtBot, view: ComparisonView) -> None:
    view.set_products(THREE)
    view.column_combo.setCurrentIndex(2)
    with qtbot.waitSignal(view.addToShortlistRequested) as requested:
        qtbot.mouseClick(view.shortlist_button, Qt.MouseButton.LeftButton)
    assert requested.args == [CUSTOM]
    assert view.product_ids() == THREE


def test_adding_a_product_by_typing_its_name(qtbot: QtBot, view: ComparisonView) -> None:
    view.set_products([FOAM])
    view.add_combo.setFocus()
    qtbot.keyClicks(view.add_combo.lineEdit(), "carbon stride")  # the one product whose label holds this
    with qtbot.waitSignal(view.productsChanged) as changed:
        qtbot.keyClick(view.add_combo.lineEdit(), Qt.Key.Key_Return)
    assert changed.args == [[FOAM, CARBON]]
    assert view.add_combo.currentText() == ""
    qtbot.keyClicks(view.add_combo.lineEdit(), "Carbon")
    qtbot.keyClick(view.add_combo.lineEdit(), Qt.Key.Key_Return)
    assert view.status_label.text() == "Several products match 'Carbon': pick one from the list."
    assert view.product_ids() == [FOAM, CARBON]


def test_a_comparison_holds_at_most_six_products(view: ComparisonView, bundled: Catalog) -> None:
    ids = bundled.frame["id"].tolist()[:7]
    view.set_products(ids)
    assert view.product_ids() == ids[:6]
    assert view.add_product(ids[6]) is False
    assert "up to 6 products" in view.status_label.text()
    assert not view.add_button.isEnabled()
    assert view.add_product(ids[0]) is False  # already in


def test_fit_scores_add_a_fit_row_with_the_highest_as_best(view: ComparisonView, bundled: Catalog) -> None:
    view.set_products(THREE)
    assert view.model.row_of("fit_score") is None
    scores = np.full(len(bundled), 40.0)
    scores[bundled.position_of(CARBON)] = 90.0
    view.set_fit_scores(scores)
    assert cell(view, "fit_score", 1) == "90 / 100"
    assert cell(view, "fit_score", 1, ComparisonRole.IS_BEST) is True
    view.set_fit_scores(None)
    assert view.model.row_of("fit_score") is None


def test_the_charts_show_each_product(view: ComparisonView) -> None:
    view.set_products(THREE)
    axes = view.cost_chart.figure.axes[0]
    lines = axes.get_lines()
    assert [line.get_label() for line in lines] == ["Cloudrest Full", "Carbon Stride", "Functional Custom"]
    months, spent = lines[0].get_data()
    assert spent[-1] == pytest.approx(99.80)  # four pairs over 24 months
    assert len(months) == 8  # a start, a step at months 6, 12 and 18, and the end
    bars = view.attribute_chart.figure.axes[0].containers
    assert [container.get_label() for container in bars] == ["Cloudrest Full", "Carbon Stride", "Functional Custom"]
    assert [patch.get_height() for patch in bars[2]] == [3, 1, 3]  # high arch, low cushioning, rigid
    legend_texts = [text.get_text() for text in view.cost_chart.figure.legends[0].get_texts()]
    assert legend_texts == ["Cloudrest Full", "Carbon Stride", "Functional Custom"]


def test_the_charts_follow_a_dark_palette(view: ComparisonView) -> None:
    view.set_products(THREE)
    dark = QPalette(view.palette())
    dark.setColor(QPalette.ColorRole.Window, QColor(30, 30, 30))
    dark.setColor(QPalette.ColorRole.WindowText, QColor(230, 230, 230))
    dark.setColor(QPalette.ColorRole.Base, QColor(20, 20, 20))
    view.setPalette(dark)
    figure = view.cost_chart.figure
    assert to_hex(figure.get_facecolor()) == "#1e1e1e"
    assert to_hex(figure.axes[0].title.get_color()) == "#e6e6e6"
    line_colour = to_hex(figure.axes[0].get_lines()[0].get_color())
    assert QColor(line_colour).lightness() >= 128  # a line that reads on the dark background
    best = view.model.index(view.model.row_of("price"), 0).data(Qt.ItemDataRole.BackgroundRole)
    assert best.lightness() < 128  # the best-value background stays dark under light text


def test_a_new_catalog_keeps_only_the_products_it_has(view: ComparisonView, tmp_path: Path) -> None:
    view.set_products(THREE)
    lines = bundled_catalog_path().read_text(encoding="utf-8").splitlines()
    kept = [lines[0]] + [line for line in lines[1:] if line.startswith((FOAM + ",", CUSTOM + ","))]
    path = tmp_path / "small.csv"
    path.write_text("\n".join(kept) + "\n", encoding="utf-8")
    view.set_catalog(load_catalog(path))
    assert view.product_ids() == [FOAM, CUSTOM]
    assert view.add_combo.count() == 2


def test_every_control_has_an_accessible_name_and_the_pane_fits_1100_by_700(view: ComparisonView) -> None:
    view.set_products(THREE)
    controls = view.findChildren(QAbstractButton) + view.findChildren(QComboBox) + view.findChildren(QAbstractSpinBox)
    controls += view.findChildren(QTableView) + view.findChildren(QTextBrowser)
    controls += [view.cost_chart, view.attribute_chart]
    unnamed = [control.objectName() or type(control).__name__ for control in controls if not control.accessibleName()]
    unnamed = [name for name in unnamed if not name.startswith("qt_")]  # Qt's own inner widgets
    assert not unnamed
    for control in [view.add_combo, view.column_combo, view.horizon_spin, view.pairs_spin, view.differences_check]:
        assert control.focusPolicy() & Qt.FocusPolicy.TabFocus
    hint = view.minimumSizeHint()
    assert hint.width() <= 1100 and hint.height() <= 700
    assert all(isinstance(child, QWidget) for child in controls)
