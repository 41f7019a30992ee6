"""One walk through the app as a clinic assistant would: profile → filter → compare → shortlist → export."""

from __future__ import annotations

import csv
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel, Qt
from pytestqt.qtbot import QtBot

from catalog_app.finder.filters import FilterState
from catalog_app.model.profile import FootProfile
from catalog_app.model.wording import HEALTH_NOTE
from catalog_app.shortlist.store import ShortlistStore
from ui.finder.catalog_table_model import COLUMN_INDEX, ProductRole
from ui.main_window import MainWindow


def select_rows(window: MainWindow, rows: list[int]) -> None:
    selection = window.table.selectionModel()
    selection.clearSelection()
    for row in rows:
        selection.select(
            window.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
    selection.setCurrentIndex(window.model.index(rows[0], 0), QItemSelectionModel.SelectionFlag.NoUpdate)


def test_profile_filter_compare_shortlist_export(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    profile = FootProfile(
        arch="flat", pronation="overpronation", concerns=("lower-back-pain",), shoe_types=("work-boots",)
    )
    window.profile_pane.set_profile(profile)
    window.filter_pane.set_state(FilterState(price_max=150.0))
    rows = window.model.rowCount()
    assert rows > 3
    scores = [window.model.index(row, COLUMN_INDEX["fit_score"]).data(ProductRole.RAW) for row in range(rows)]
    assert scores == sorted(scores, reverse=True)

    # Compare the three best fits.
    select_rows(window, [0, 1, 2])
    assert window.compare_action.isEnabled()
    window.compare_action.trigger()
    view = window.comparison.view
    qtbot.waitUntil(lambda: window.comparison.isVisible())
    chosen = [window.model.product_id(row) for row in range(3)]
    assert view.product_ids() == chosen
    comparison = view.comparison()
    assert comparison is not None and [cost.product_id for cost in comparison.products] == chosen

    # Add two of them to the shortlist from the comparison, one from the table with Ctrl+D.
    view.addToShortlistRequested.emit(chosen[0])
    view.addToShortlistRequested.emit(chosen[1])
    window.comparison.close()
    window.table.setFocus()
    select_rows(window, [2])
    qtbot.keyClick(window.table, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    pane = window.shortlist_pane
    assert [item.product_id for item in pane.model.items()] == chosen
    assert pane.set_note(chosen[0], "try in work boots first")

    # Export for the client and read it back.
    target = tmp_path / "client.csv"
    pane.export_current(target)
    with target.open(encoding="utf-8", newline="") as handle:
        rows_out = list(csv.reader(handle))
    text = "\n".join(",".join(row) for row in rows_out)
    for product_id in chosen:
        assert product_id in text
    assert "try in work boots first" in text
    assert HEALTH_NOTE in text

    # The picks are kept: a new store on the same file sees them with the note.
    window.close()
    with ShortlistStore() as store:
        [name] = store.list_names()
        items = store.items(name)
    assert [item.product_id for item in items] == chosen
    assert items[0].note == "try in work boots first"
