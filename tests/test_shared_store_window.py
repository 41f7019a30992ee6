"""The window on a shared store (a real PostgreSQL): connecting, remembering, two desks, the shop catalog."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from catalog_app.io.catalog_source import PublishedCatalog
from catalog_app.model.profile import FootProfile
from ui.main_window import MainWindow
from ui.window_settings import WindowSettings

CATALOG = Path(__file__).parent.parent / "catalog_data" / "insoles.csv"


@pytest.fixture(autouse=True)
def boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes are recorded, not shown (a modal box would wait for a click forever)."""
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()))
    return shown


@pytest.fixture
def windows(qtbot: Any) -> Iterator[list[MainWindow]]:
    """Make windows with `windows.append(open_window(...))`; each is closed after the test."""
    made: list[MainWindow] = []
    yield made
    for window in made:
        window.close()


def open_window(qtbot: Any, **kwargs: Any) -> MainWindow:
    window = MainWindow(**kwargs)
    qtbot.addWidget(window)
    window.show()
    window.open_initial_catalog(None)
    return window


def connect(qtbot: Any, window: MainWindow, url: str | None) -> None:
    """Use the store at `url` as the dialog's Connect does, and wait until it is in use (or refused)."""
    heard: list[tuple[str, object]] = []
    window.storeChanged.connect(lambda now: heard.append(("changed", now)))
    window.storeRefused.connect(lambda sentence: heard.append(("refused", sentence)))
    window.use_store(url)
    qtbot.waitUntil(lambda: bool(heard), timeout=15000)
    assert heard == [("changed", url)]


def host_and_database(url: str) -> tuple[str, str]:
    rest = url.split("@", 1)[1]
    return rest.split(":", 1)[0].split("/", 1)[0], rest.rsplit("/", 1)[1]


def test_connecting_swaps_the_stores_and_the_status_bar_says_where(
    qtbot: Any, windows: list[MainWindow], postgres_url: str
) -> None:
    window = open_window(qtbot)
    windows.append(window)
    assert window.store_place.text() == "Lists: this computer"
    assert not window.shop_action.isEnabled()
    assert window.shop_action.shortcut().toString() == "Ctrl+Shift+O"
    connect(qtbot, window, postgres_url)
    host, database = host_and_database(postgres_url)
    assert window.store_place.text() == f"Lists: shared store {database} on {host}"
    assert database in window.store_place.label.toolTip()
    assert window.shortlist_pane.store.shared
    assert window.shop_action.isEnabled()
    connect(qtbot, window, None)
    assert window.store_place.text() == "Lists: this computer"
    assert not window.shortlist_pane.store.shared


def test_a_list_made_at_one_desk_is_seen_by_another_desk_on_the_same_store(
    qtbot: Any, windows: list[MainWindow], postgres_url: str
) -> None:
    front_desk, room_two = open_window(qtbot), open_window(qtbot)
    windows += [front_desk, room_two]
    connect(qtbot, front_desk, postgres_url)
    product_id = front_desk.model.product_id(0)
    assert front_desk.shortlist_pane.add_product(product_id)
    made = front_desk.shortlist_pane.current_list()
    assert room_two.shortlist_pane.current_list() != made or not room_two.shortlist_pane.store.shared
    connect(qtbot, room_two, postgres_url)
    assert room_two.shortlist_pane.current_list() == made
    assert [item.product_id for item in room_two.shortlist_pane.store.items(made)] == [product_id]


def test_the_saved_profiles_follow_the_store(qtbot: Any, windows: list[MainWindow], postgres_url: str) -> None:
    front_desk, room_two = open_window(qtbot), open_window(qtbot)
    windows += [front_desk, room_two]
    connect(qtbot, front_desk, postgres_url)
    front_desk.profile_pane.store.save("Mrs Okafor", FootProfile(arch="flat"))
    connect(qtbot, room_two, postgres_url)
    names = [room_two.profile_pane.names.itemText(row) for row in range(room_two.profile_pane.names.count())]
    assert "Mrs Okafor" in names


def test_the_choice_is_used_at_the_next_start_and_the_command_line_overrides_it(
    qtbot: Any, windows: list[MainWindow], postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = open_window(qtbot)
    windows.append(first)
    connect(qtbot, first, postgres_url)
    first.close()
    assert WindowSettings().store_url() == postgres_url
    again = open_window(qtbot)
    windows.append(again)
    assert again.store_url == postgres_url and again.shortlist_pane.store.shared
    local = str(Path(WindowSettings().location()).parent / "elsewhere.sqlite3")
    overridden = open_window(qtbot, database_url=local)
    windows.append(overridden)
    assert not overridden.shortlist_pane.store.shared
    assert overridden.store_place.text() == "Lists: this computer"
    monkeypatch.setenv("INSOLE_CATALOG_DATABASE", local)
    by_env = open_window(qtbot)
    windows.append(by_env)
    assert not by_env.shortlist_pane.store.shared


def test_a_store_that_cannot_be_opened_is_one_sentence_and_the_lists_stay(
    qtbot: Any, windows: list[MainWindow], boxes: list[str]
) -> None:
    window = open_window(qtbot)
    windows.append(window)
    store = window.shortlist_pane.store
    with qtbot.waitSignal(window.storeRefused, timeout=15000) as refused:
        window.use_store("postgresql://desk@127.0.0.1:1/insoles")
    sentence = refused.args[0]
    assert boxes == [sentence]
    assert "Traceback" not in sentence and sentence.count("\n") == 0
    assert window.shortlist_pane.store is store
    assert window.store_place.text() == "Lists: this computer"
    assert WindowSettings().store_url() is None


# ---- the shop's catalog ---------------------------------------------------------------------------


def open_shop(qtbot: Any, window: MainWindow, version: int | None = None) -> None:
    with qtbot.waitSignal(window.catalogShown, timeout=30000):
        window.open_shop_catalog(version)


def shop_window(qtbot: Any, windows: list[MainWindow], url: str) -> MainWindow:
    """A window connected to the shared store at `url`, showing the shop's latest catalog."""
    window = open_window(qtbot)
    windows.append(window)
    connect(qtbot, window, url)
    open_shop(qtbot, window)
    return window


def test_shop_catalog_opens_the_published_version_and_says_which(
    qtbot: Any, windows: list[MainWindow], postgres_url: str
) -> None:
    from catalog_app.io.catalog_database import publish_catalog

    published = publish_catalog(postgres_url, CATALOG, publisher="head office")
    window = shop_window(qtbot, windows, postgres_url)
    assert window.model.rowCount() == published.product_count
    assert window.shop_version is not None and window.shop_version.number == published.number
    assert f"Shop catalog, version {published.number} (published by head office on " in window.windowTitle()


def test_a_newer_shop_catalog_is_noticed_and_switching_keeps_profile_filters_and_shortlist(
    qtbot: Any, windows: list[MainWindow], postgres_url: str
) -> None:
    from catalog_app.io.catalog_database import publish_catalog

    first = publish_catalog(postgres_url, CATALOG, publisher="head office")
    window = shop_window(qtbot, windows, postgres_url)
    window.profile_pane.set_profile(FootProfile(arch="flat"))
    with qtbot.waitSignal(window.filter_pane.filtersChanged, timeout=5000):
        qtbot.keyClicks(window.filter_pane.search_box, "gel")
    product_id = window.model.product_id(0)
    window.shortlist_pane.add_product(product_id)
    shown_rows = window.model.rowCount()
    assert 0 < shown_rows < first.product_count
    newer = publish_catalog(postgres_url, CATALOG, publisher="head office")
    # Heard from the store's LISTEN/NOTIFY event, not the minute's check (that is tested on its own).
    notice = f"A newer shop catalog (version {newer.number}) was published."
    qtbot.waitUntil(lambda: window.catalog_notice.text() == notice, timeout=10000)
    assert newer.number == first.number + 1
    with qtbot.waitSignal(window.catalogShown, timeout=30000):
        window.catalog_notice.switch_button.click()
    assert f"version {newer.number} " in window.windowTitle()
    assert window.catalog_notice.text() == ""
    assert window.current_profile().arch == "flat"
    assert window.filter_pane.search_box.text() == "gel"
    assert window.model.rowCount() == shown_rows
    assert [item.product_id for item in window.shortlist_pane.model.items()] == [product_id]


def test_gui_catalog_db_opens_the_shop_catalog_at_start(
    qtbot: Any, windows: list[MainWindow], postgres_url: str
) -> None:
    from catalog_app.io.catalog_database import publish_catalog

    published = publish_catalog(postgres_url, CATALOG, publisher="head office")
    window = MainWindow(database_url=postgres_url)
    qtbot.addWidget(window)
    windows.append(window)
    window.show()
    with qtbot.waitSignal(window.catalogShown, timeout=30000):
        window.open_initial_catalog("db:")
    assert window.shop_version is not None and window.shop_version.number == published.number
    # As `gui --catalog db:1` hands it over from the command line's parser.
    with qtbot.waitSignal(window.catalogShown, timeout=30000):
        window.open_initial_catalog(PublishedCatalog(published.number))
    assert window.shop_version is not None and window.shop_version.number == published.number


def test_shop_catalog_without_a_published_version_says_how_to_publish(
    qtbot: Any, windows: list[MainWindow], postgres_url: str
) -> None:
    window = open_window(qtbot, database_url=postgres_url)
    windows.append(window)
    with qtbot.waitSignal(window.catalogRefused, timeout=30000) as refused:
        window.open_shop_catalog()
    assert "insole-catalog catalog publish" in refused.args[0]
    assert window.model.rowCount() > 0  # the bundled catalog stays in use


def test_file_connect_opens_the_dialog_and_uses_the_url_it_builds(
    qtbot: Any, windows: list[MainWindow], postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.shared_store_dialog import URL, SharedStoreDialog

    def type_url_and_connect(dialog: SharedStoreDialog) -> int:
        assert dialog.chosen_url is None  # it opens on where lists are kept now: this computer
        dialog.set_way(URL)
        qtbot.keyClicks(dialog.url_edit, postgres_url)
        dialog.connect_button.click()
        return dialog.result()

    monkeypatch.setattr(SharedStoreDialog, "exec", type_url_and_connect)
    window = open_window(qtbot)
    windows.append(window)
    with qtbot.waitSignal(window.storeChanged, timeout=15000):
        window.connect_action.trigger()
    assert window.store_url == postgres_url and window.shortlist_pane.store.shared


def test_a_remembered_store_whose_server_is_away_still_opens_the_window(qtbot: Any, windows: list[MainWindow]) -> None:
    away = "postgresql://desk@127.0.0.1:1/insoles"
    WindowSettings().save_store_url(away)
    window = open_window(qtbot)
    windows.append(window)
    assert window.model.rowCount() > 0  # the catalog is usable
    assert window.store_url == away and window.shortlist_pane.store.offline
    assert window.store_place.text() == "Lists: shared store insoles on 127.0.0.1"
