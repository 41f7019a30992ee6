"""The main window driven as a user would: describe the feet, filter, search, sort, select, come back later."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QTextBrowser,
    QWidget,
)
from pytestqt.qtbot import QtBot

from catalog_app.finder.filters import FilterState
from catalog_app.finder.finder import find_products
from catalog_app.io.catalog import load_bundled_catalog
from catalog_app.model.catalog_frame import product_record
from catalog_app.model.profile import FootProfile
from catalog_app.model.wording import HEALTH_NOTE
from ui.finder.catalog_table_model import COLUMN_INDEX, ProductRole
from ui.main_window import MainWindow

TOTAL = len(load_bundled_catalog())
NAME = COLUMN_INDEX["name"]


@pytest.fixture
def window(qtbot: QtBot) -> Iterator[MainWindow]:
    main = open_window(qtbot)
    yield main
    main.close()


def open_window(qtbot: QtBot) -> MainWindow:
    main = MainWindow()
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)
    main.activateWindow()
    main.open_initial_catalog(None)
    return main


def tick(qtbot: QtBot, box: QCheckBox) -> None:
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def column(window: MainWindow, key: str, role: int = Qt.ItemDataRole.DisplayRole) -> list[object]:
    model = window.model
    return [model.index(row, COLUMN_INDEX[key]).data(role) for row in range(model.rowCount())]


def click_row(
    qtbot: QtBot, window: MainWindow, row: int, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    table = window.table
    rect = table.visualRect(window.model.index(row, NAME))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def describe_flat_feet_in_work_boots(qtbot: QtBot, window: MainWindow) -> None:
    pane = window.profile_pane
    window.profile_dock.raise_()
    pane.arch.setCurrentIndex(pane.arch.findText("Flat"))
    pane.pronation.setCurrentIndex(pane.pronation.findText("Overpronation"))
    tick(qtbot, pane.shoe_types.box("work-boots"))


def test_setting_a_profile_ranks_the_best_fits_first(qtbot: QtBot, window: MainWindow) -> None:
    names_before = column(window, "name")
    assert names_before == sorted(names_before, key=str.casefold)  # no profile: by name
    fits: list[object] = []
    window.fitChanged.connect(fits.append)
    describe_flat_feet_in_work_boots(qtbot, window)
    assert len(fits) == 3  # one new score per answer
    scores = [float(score) for score in column(window, "fit_score")]
    assert scores == sorted(scores, reverse=True)
    assert window.table.horizontalHeader().sortIndicatorSection() == COLUMN_INDEX["fit_score"]
    top = window.model.index(0, NAME).data()
    assert top != names_before[0]
    catalog = window.model.catalog
    expected = find_products(catalog, window.current_profile(), FilterState())
    assert window.count_label.text() == f"{expected.count} of {TOTAL} products"
    assert window.hidden_label.text() == f"{TOTAL - expected.count} hidden (wrong shoe type or over budget)"
    for product_id in column(window, "name", ProductRole.ID)[:5]:
        record = product_record(catalog.frame, catalog.position_of(str(product_id)) or 0)
        assert record["arch_support"] in ("medium", "high")
        assert "work-boots" in record["shoe_types"]  # type: ignore[operator]


def test_the_hidden_count_counts_the_matches_that_do_not_fit(qtbot: QtBot, window: MainWindow) -> None:
    """With a search, "N hidden" counts only the products the search finds that do not fit the
    profile, not every misfit in the catalog."""
    describe_flat_feet_in_work_boots(qtbot, window)
    profile, catalog = window.current_profile(), window.model.catalog
    misfits = find_products(catalog, profile, FilterState(), include_excluded=True).fit.excluded
    window.filter_pane.set_state(FilterState(text="gel"))
    found = find_products(catalog, profile, FilterState(text="gel"), include_excluded=True).positions
    hidden = int(misfits[found].sum())
    assert 0 < hidden < misfits.sum()
    assert window.model.rowCount() == len(found) - hidden
    assert window.hidden_label.text() == f"{hidden} hidden (wrong shoe type or over budget)"


def test_clicking_a_category_filter_changes_the_table_counts_and_status(qtbot: QtBot, window: MainWindow) -> None:
    window.filter_dock.raise_()
    gel = window.filter_pane.groups["category"].box("gel")
    count = int(gel.text().split("(")[1].rstrip(")"))
    casual = window.filter_pane.groups["shoe_types"].box("casual")
    casual_before = casual.text()
    tick(qtbot, gel)
    assert window.model.rowCount() == count
    assert set(column(window, "category")) == {"Gel"}
    assert window.count_label.text() == f"{count} of {TOTAL} products"
    assert gel.text() == f"Gel ({count})"  # its own field's counts ignore the category filter
    assert casual.text() != casual_before  # other fields now count gels only
    tick(qtbot, gel)
    assert window.count_label.text() == f"{TOTAL} of {TOTAL} products"


def test_typing_a_search_updates_the_table_while_typing(qtbot: QtBot, window: MainWindow) -> None:
    box = window.filter_pane.search_box
    box.setFocus()
    qtbot.keyClicks(box, "carbon")
    qtbot.waitUntil(lambda: window.model.rowCount() < TOTAL, timeout=2000)
    catalog = window.model.catalog
    expected = find_products(catalog, FootProfile(), FilterState(text="carbon")).count
    assert window.model.rowCount() == expected > 0
    assert window.count_label.text() == f"{expected} of {TOTAL} products"
    qtbot.keyClicks(box, " TRAIL")  # every word must match, in any case
    narrower = find_products(catalog, FootProfile(), FilterState(text="carbon trail")).count
    assert 0 < narrower < expected
    qtbot.waitUntil(lambda: window.model.rowCount() == narrower, timeout=2000)
    assert all("trail" in str(name).lower() for name in column(window, "name"))


def test_esc_clears_the_search_and_ctrl_f_focuses_it(qtbot: QtBot, window: MainWindow) -> None:
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    box = window.filter_pane.search_box
    qtbot.waitUntil(box.hasFocus, timeout=2000)
    qtbot.keyClicks(box, "zzzz-no-such-insole")
    qtbot.waitUntil(window.results.is_showing_hint, timeout=2000)
    qtbot.keyClick(box, Qt.Key.Key_Escape)
    assert box.text() == ""
    qtbot.waitUntil(lambda: window.model.rowCount() == TOTAL, timeout=2000)
    assert not window.results.is_showing_hint()


def test_sorting_by_price_from_the_header(qtbot: QtBot, window: MainWindow) -> None:
    header = window.table.horizontalHeader()
    price = COLUMN_INDEX["price"]
    window.table.scrollTo(window.model.index(0, price))
    at = QPoint(header.sectionViewportPosition(price) + header.sectionSize(price) // 2, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=at)
    prices = [float(str(value)) for value in column(window, "price", ProductRole.RAW)]
    order = header.sortIndicatorOrder()
    assert prices == sorted(prices, reverse=order == Qt.SortOrder.DescendingOrder)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=at)
    prices = [float(str(value)) for value in column(window, "price", ProductRole.RAW)]
    assert prices == sorted(prices, reverse=header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder)
    assert header.sortIndicatorOrder() != order


def test_selecting_a_row_shows_its_details_and_arrows_follow(qtbot: QtBot, window: MainWindow) -> None:
    describe_flat_feet_in_work_boots(qtbot, window)
    click_row(qtbot, window, 0)
    detail = window.detail_pane
    name = window.model.index(0, NAME).data()
    assert detail.title.text() == name
    text = detail.browser.toPlainText()
    assert "Why this score" in text and "arch support suits a flat or low arch" in text
    assert detail.health_note.isVisible() and detail.health_note.text() == HEALTH_NOTE
    assert window.current_product_id() == window.model.product_id(0)
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Down)
    assert detail.title.text() == window.model.index(1, NAME).data()
    assert window.current_product_id() == window.model.product_id(1)


def test_the_selected_product_stays_selected_when_filters_change(qtbot: QtBot, window: MainWindow) -> None:
    row = next(
        row
        for row in range(window.model.rowCount())
        if window.model.index(row, COLUMN_INDEX["category"]).data() == "Gel"
    )
    click_row(qtbot, window, row)
    product_id = window.current_product_id()
    window.filter_dock.raise_()
    tick(qtbot, window.filter_pane.groups["category"].box("gel"))
    assert window.current_product_id() == product_id
    assert window.detail_pane.product_id() == product_id


def test_when_nothing_matches_the_hint_button_brings_results_back(qtbot: QtBot, window: MainWindow) -> None:
    window.filter_dock.raise_()
    pane = window.filter_pane
    tick(qtbot, pane.groups["category"].box("cork"))
    cheapest_cork = min(float(str(price)) for price in column(window, "price", ProductRole.RAW))
    pane.price_max.setFocus()
    pane.price_max.selectAll()
    qtbot.keyClicks(pane.price_max, f"{int(cheapest_cork) - 1}")
    qtbot.keyClick(pane.price_max, Qt.Key.Key_Return)
    assert window.results.is_showing_hint()
    assert window.count_label.text() == f"0 of {TOTAL} products"
    hint = window.results.hint
    assert hint.sentence.text().startswith("Clear the Category filter to see")
    assert [button.text() for button in hint.buttons] == ["Clear the Category filter", "Clear the Price filter"]
    qtbot.mouseClick(hint.buttons[1], Qt.MouseButton.LeftButton)
    assert not window.results.is_showing_hint()
    assert set(column(window, "category")) == {"Cork"}
    assert pane.price_max.text() == "Any"


def test_an_option_that_would_give_nothing_cannot_be_ticked(qtbot: QtBot, window: MainWindow) -> None:
    window.filter_dock.raise_()
    pane = window.filter_pane
    tick(qtbot, pane.groups["category"].box("cork"))
    cleats = pane.groups["shoe_types"].box("cleats")
    assert cleats.text() == "Cleats (0)" and not cleats.isEnabled()
    tick(qtbot, cleats)
    assert not cleats.isChecked() and window.model.rowCount() > 0


def test_a_profile_that_hides_everything_offers_the_products_that_do_not_fit(qtbot: QtBot, window: MainWindow) -> None:
    window.profile_pane.set_profile(FootProfile(shoe_types=("cleats",), budget=5))
    assert window.results.is_showing_hint()
    button = window.results.hint.buttons[0]
    assert button.text() == "Show products that don't fit"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.results.show_excluded.isChecked()
    assert window.model.rowCount() == TOTAL
    click_row(qtbot, window, 0)
    assert "Doesn't fit your profile:" in window.detail_pane.browser.toPlainText()


def test_compare_and_shortlist_actions(qtbot: QtBot, window: MainWindow) -> None:
    assert not window.compare_action.isEnabled()
    click_row(qtbot, window, 0)
    assert not window.compare_action.isEnabled()
    click_row(qtbot, window, 2, Qt.KeyboardModifier.ControlModifier)
    assert window.compare_action.isEnabled()
    assert window.selected_product_ids() == [window.model.product_id(0), window.model.product_id(2)]
    with qtbot.waitSignal(window.compareRequested) as compared:
        qtbot.keyClick(window.table, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert compared.args == [[window.model.product_id(0), window.model.product_id(2)]]
    with qtbot.waitSignal(window.addToShortlistRequested) as added:
        qtbot.keyClick(window.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert added.args == [window.current_product_id()]
    window.table.selectAll()
    assert not window.compare_action.isEnabled()  # more than six


def test_filters_alone_reuse_the_fit(qtbot: QtBot, window: MainWindow) -> None:
    window.profile_pane.set_profile(FootProfile(arch="flat"))
    fit = window.current_fit()
    fits: list[object] = []
    window.fitChanged.connect(fits.append)
    window.filter_pane.set_state(FilterState().with_choice("category", {"gel"}))
    assert window.current_fit() is fit and fits == []


def test_layout_and_the_last_profile_come_back_after_a_restart(qtbot: QtBot) -> None:
    first = open_window(qtbot)
    first.detail_dock.hide()
    first.layout().activate()  # the window's minimum size without the details pane
    first.resize(760, 560)  # within the offscreen screen, which a restored window is kept inside
    size = (first.width(), first.height())  # the panes' minimum widths may round it up
    describe_flat_feet_in_work_boots(qtbot, first)
    first.close()
    second = open_window(qtbot)
    assert second.current_profile() == FootProfile(arch="flat", pronation="overpronation", shoe_types=("work-boots",))
    assert second.profile_pane.arch.currentText() == "Flat"
    assert second.profile_pane.shoe_types.box("work-boots").isChecked()
    assert (second.width(), second.height()) == size
    assert not second.detail_dock.isVisible()
    assert second.table.horizontalHeader().sortIndicatorSection() == COLUMN_INDEX["fit_score"]
    second.close()


def test_the_model_passes_the_model_tester_after_filtering_and_sorting(
    qtmodeltester,
    qtbot: QtBot,
    window: MainWindow,  # type: ignore[no-untyped-def]
) -> None:
    describe_flat_feet_in_work_boots(qtbot, window)
    window.filter_pane.set_state(FilterState(price_max=80))
    window.table.sortByColumn(COLUMN_INDEX["price"], Qt.SortOrder.AscendingOrder)
    qtmodeltester.check(window.model)
    window.results.show_excluded.setChecked(True)
    window.table.sortByColumn(COLUMN_INDEX["shoe_types"], Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(window.model)


def test_every_control_has_an_accessible_name(window: MainWindow) -> None:
    kinds = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView, QTextBrowser)
    composite = (QComboBox, QAbstractSpinBox, QLineEdit)  # their inner parts are named by their owner
    unnamed = []
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, kinds) or widget.objectName().startswith("qt_"):
            continue
        if any(isinstance(owner, composite) for owner in ancestors(widget)):
            continue
        if not widget.accessibleName():
            unnamed.append(f"{type(widget).__name__} {widget.objectName()!r}")
    assert unnamed == []
    assert window.filter_pane.groups["category"].box("gel").accessibleName().startswith("Category: Gel (")


def ancestors(widget: QWidget) -> Iterator[QWidget]:
    parent = widget.parentWidget()
    while parent is not None:
        yield parent
        parent = parent.parentWidget()


def test_opening_another_catalog_keeps_the_profile(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    source = load_bundled_catalog().frame
    path = tmp_path / "small.csv"
    original = Path(window.model.catalog.path or "")
    lines = original.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines[:11]) + "\n", encoding="utf-8")
    window.profile_pane.set_profile(FootProfile(arch="high"))
    with qtbot.waitSignal(window.catalogShown, timeout=20_000):
        window.open_catalog_file(path)
    assert window.count_label.text() == "10 of 10 products"
    assert window.current_profile().arch == "high"
    assert window.current_fit() is not None and len(window.current_fit().scores) == 10  # type: ignore[union-attr]
    assert len(source) == TOTAL
    QApplication.processEvents()
