"""The main window opens on the bundled catalog with a filled, readable table."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from catalog_app.io.catalog import load_bundled_catalog
from ui.finder.catalog_table_model import COLUMN_INDEX, CatalogTableModel, ProductRole
from ui.main_window import MainWindow

BROKEN = Path(__file__).parent / "data" / "broken"


def test_main_window_shows_the_bundled_catalog(qtbot: QtBot) -> None:
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.open_initial_catalog(None)
    total = len(load_bundled_catalog())
    assert window.model.rowCount() == total
    assert window.count_label.text() == f"{total} of {total} products"
    names = [window.model.index(row, COLUMN_INDEX["name"]).data() for row in range(window.model.rowCount())]
    assert names == sorted(names, key=str.casefold)
    assert all(names)


def test_table_model_passes_qtmodeltester_and_sorts(qtmodeltester, qtbot: QtBot) -> None:  # type: ignore[no-untyped-def]
    model = CatalogTableModel(load_bundled_catalog())
    qtmodeltester.check(model)
    price = COLUMN_INDEX["price"]
    model.sort(price, Qt.SortOrder.DescendingOrder)
    prices = [model.index(row, price).data(ProductRole.RAW) for row in range(model.rowCount())]
    assert prices == sorted(prices, reverse=True)
    model.set_visible(model.visible_positions[:10])
    qtmodeltester.check(model)
    assert model.rowCount() == 10


def test_money_shows_its_currency(qtbot: QtBot) -> None:
    model = CatalogTableModel(load_bundled_catalog())
    texts = {model.index(row, COLUMN_INDEX["price"]).data() for row in range(model.rowCount())}
    assert any(text.startswith("$") for text in texts)
    assert any(text.startswith(("€", "£")) for text in texts)
