"""The results column chooser: defaults that fit at 1280 px, show/hide and order remembered, full text on hover."""

from __future__ import annotations

import csv
from pathlib import Path

from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from catalog_app.io.catalog import bundled_catalog_path, load_catalog
from ui.finder.column_chooser import DEFAULT_COLUMNS, cell_tooltip, default_keys, fitted_widths

# The columns another branch adds (Confidence, Monthly (2 yr)), with that branch's widths.
WIDER_MODEL = {
    "fit_score": 44,
    "confidence": 85,
    "name": 180,
    "brand": 125,
    "category": 115,
    "price": 80,
    "monthly_over_horizon": 105,
    "lifespan_months": 95,
    "cost_per_month": 85,
}


def test_the_defaults_are_named_by_key_and_fit_a_1280_pixel_window_with_or_without_the_new_columns() -> None:
    keys = default_keys(list(WIDER_MODEL))
    assert keys == list(DEFAULT_COLUMNS)
    assert sum(fitted_widths(keys, WIDER_MODEL, 560)[key] for key in keys) <= 560
    today = default_keys(["fit_score", "name", "brand", "category", "price", "lifespan_months", "cost_per_month"])
    assert today == ["fit_score", "name", "brand", "category", "price", "cost_per_month"]


def test_the_default_columns_fit_the_window_at_1280_without_scrolling_sideways(window) -> None:  # type: ignore[no-untyped-def]
    window.resize(1280, 800)
    assert window.columns.visible_keys() == default_keys(window.columns.keys)
    assert window.table.horizontalScrollBar().maximum() == 0


def test_hidden_and_moved_columns_are_remembered(qtbot: QtBot) -> None:
    from ui.main_window import MainWindow

    first = MainWindow()
    qtbot.addWidget(first)
    chooser = first.columns
    assert chooser.menu.menuAction() in first.view_menu.actions()  # View → Columns
    chooser.menu.aboutToShow.emit()
    brand = next(action for action in chooser.menu.actions() if action.text() == "Brand")
    brand.toggle()  # the user unticks Brand
    header = chooser.header
    header.moveSection(header.visualIndex(chooser.keys.index("price")), 0)  # and drags Price to the front
    header.resizeSection(chooser.keys.index("name"), 222)
    expected = ["price", "fit_score", "confidence", "name", "category", "monthly_over_horizon"]
    assert chooser.visible_keys() == expected
    first.close()

    second = MainWindow()
    qtbot.addWidget(second)
    assert second.columns.visible_keys() == expected
    assert second.columns.header.sectionSize(second.columns.keys.index("name")) == 222
    second.columns.reset()
    assert second.columns.visible_keys() == default_keys(second.columns.keys)
    second.close()


def test_a_saved_layout_naming_unknown_columns_skips_them_and_the_last_column_stays(qtbot: QtBot) -> None:
    from ui.main_window import MainWindow
    from ui.window_settings import WindowSettings

    WindowSettings().save_columns(["gone_column", "name", "price"], {"gone_column": 50, "price": 90})
    window = MainWindow()
    qtbot.addWidget(window)
    chooser = window.columns
    assert chooser.visible_keys() == ["name", "price"]
    chooser.set_column_shown("price", False)
    chooser.set_column_shown("name", False)  # refused: a table keeps one column
    assert chooser.visible_keys() == ["name"]
    chooser.menu.aboutToShow.emit()
    name_action = next(action for action in chooser.menu.actions() if action.text() == "Name")
    assert not name_action.isEnabled()
    window.close()


def test_cut_off_text_shows_in_full_on_hover_escaped(qtbot: QtBot, tmp_path: Path) -> None:
    from ui.main_window import MainWindow

    source = bundled_catalog_path()
    with source.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    rows[0]["name"] = "A very long product name <b>bold</b> that never fits its column"
    path = tmp_path / "long.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.show_catalog(load_catalog(path))
    row = window.model.row_of(rows[0]["id"])
    assert row is not None
    index = window.model.index(row, window.columns.keys.index("name"))
    text = cell_tooltip(window.table, index)
    assert "A very long product name &lt;b&gt;bold&lt;/b&gt; that never fits its column" in text
    assert "<b>" not in text and text.startswith("<p>")
    short = window.model.index(row, window.columns.keys.index("price"))
    assert window.model.data(short) not in cell_tooltip(window.table, short)  # not cut: no tooltip
    rect = window.table.visualRect(index)
    assert window.columns.tooltip_at(QPoint(rect.center())) == text
    assert index.data(Qt.ItemDataRole.DisplayRole).startswith("A very long")
    window.close()
