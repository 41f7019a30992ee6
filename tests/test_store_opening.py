"""At the app's start the window paints the catalog first and opens the shortlist store just after;
nothing the user does in that moment is lost, and a remembered store's lists still show."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, QObject
from pytestqt.qtbot import QtBot

from catalog_app.io.catalog import load_bundled_catalog
from catalog_app.model.catalog_frame import product_record
from catalog_app.model.profile import FootProfile
from catalog_app.shortlist.store import ShortlistStore
from catalog_app.storage.profile_store import ProfileStore
from ui.main_window import MainWindow
from ui.shortlist.shortlist_pane import ShortlistPane
from ui.store_opening import OPENING_SHORTLISTS
from ui.window_settings import WindowSettings

PICK = "ironbark-shift-cushion"


class FirstPaint(QObject):
    """Notes whether the stores were open when the results table first painted."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window = window
        self.stores_open_then: bool | None = None
        self.rows_then = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.stores_open_then is None:
            self.stores_open_then = self.window.stores_open
            self.rows_then = self.window.model.rowCount()
        return False


@pytest.fixture
def starting(qtbot: QtBot) -> Iterator[MainWindow]:
    """The window as the app starts it: stores opened after the first paint, catalog shown, not yet painted."""
    window = MainWindow(open_stores_later=True)
    qtbot.addWidget(window)
    window.open_initial_catalog(None)
    yield window
    window.close()


def test_the_results_paint_before_the_store_opens_and_the_pane_then_fills(starting: MainWindow, qtbot: QtBot) -> None:
    watch = FirstPaint(starting)
    starting.table.viewport().installEventFilter(watch)
    assert not starting.stores_open
    placeholder = starting.shortlist_dock.widget()
    assert placeholder is not None and placeholder.text() == OPENING_SHORTLISTS  # type: ignore[attr-defined]
    starting.show()
    qtbot.waitUntil(lambda: starting.stores_open)
    assert watch.stores_open_then is False, "the store opened before the results were painted"
    assert watch.rows_then == len(load_bundled_catalog())
    assert isinstance(starting.shortlist_dock.widget(), ShortlistPane)
    assert starting.shortlist_pane.store.location == str(starting.shortlist_pane.store.path)
    assert starting.store_place.text()  # the status bar says where lists are kept, as before


def test_an_add_to_the_shortlist_before_the_store_opens_is_kept(starting: MainWindow, qtbot: QtBot) -> None:
    starting.show()
    assert not starting.stores_open
    starting.add_to_shortlist(PICK)  # before the first paint: the store opens now, the product goes in
    assert starting.stores_open
    assert starting.shortlist_pane.model.product_ids() == [PICK]
    pane = starting.shortlist_pane
    starting.open_stores_now()  # the deferred opening finds the store open and opens nothing twice
    qtbot.waitUntil(lambda: starting.table.viewport().isVisible())
    assert starting.shortlist_pane is pane
    assert starting.shortlist_pane.model.product_ids() == [PICK]
    assert [item.product_id for item in pane.store.items(pane.current_list() or "")] == [PICK]


def test_a_remembered_store_and_profile_show_once_the_store_opens(qtbot: QtBot) -> None:
    catalog = load_bundled_catalog()
    store = ShortlistStore()
    position = catalog.position_of(PICK)
    assert position is not None
    store.create("Running")
    store.add("Running", product_record(catalog.frame, position))
    store.close()
    profiles = ProfileStore()
    remembered = WindowSettings()
    profile = FootProfile(arch="flat")
    profiles.save("Anna", profile)
    remembered.save_profile(profile, "Anna")
    remembered.sync()
    window = MainWindow(open_stores_later=True)
    qtbot.addWidget(window)
    window.open_initial_catalog(None)
    window.show()
    qtbot.waitUntil(lambda: window.stores_open)
    assert window.shortlist_pane.current_list() == "Running"
    assert window.shortlist_pane.model.product_ids() == [PICK]
    assert window.profile_pane.profile_name() == "Anna"
    assert window.current_profile().arch == "flat"
    window.close()


def test_a_store_that_cannot_be_opened_after_the_first_paint_fails_the_start_as_before(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ui.main_window

    def broken(*_args: object) -> None:
        raise RuntimeError("no store today")

    monkeypatch.setattr(ui.main_window, "first_stores", broken)
    failures: list[Exception] = []
    window = MainWindow(open_stores_later=True)
    qtbot.addWidget(window)
    window.on_stores_failed = failures.append
    window.open_initial_catalog(None)
    window.show()
    qtbot.waitUntil(lambda: bool(failures))
    assert str(failures[0]) == "no store today"
    with pytest.raises(RuntimeError, match="could not be opened"):
        _ = window.shortlist_pane
    window.close()


def test_where_lists_are_kept_is_readable_once_the_store_opens(starting: MainWindow, qtbot: QtBot) -> None:
    starting.show()
    qtbot.waitUntil(lambda: starting.stores_open)
    place = starting.store_place
    assert place.text() == "Lists: this computer"
    assert place.width() >= place.sizeHint().width(), "the status bar clipped where lists are kept"
    right_edge = place.mapTo(starting, place.rect().topRight()).x()
    assert right_edge < starting.width(), "where lists are kept runs off the window's edge"


def test_the_placeholder_keeps_the_results_where_they_will_stay(starting: MainWindow, qtbot: QtBot) -> None:
    starting.show()
    qtbot.waitExposed(starting)
    height_before = starting.table.height()
    qtbot.waitUntil(lambda: starting.stores_open)
    qtbot.waitUntil(lambda: starting.shortlist_pane.isVisible())
    assert abs(starting.table.height() - height_before) <= 8, "the results jumped when the shortlist pane came"
