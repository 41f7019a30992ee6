"""The shortlist pane while the shared store's server is away, with a store whose "server" the test
takes away and gives back at will (the real stopped-server test is in test_shortlist_desks.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from catalog_app.io.catalog import Catalog, load_bundled_catalog
from catalog_app.shortlist.store import ShortlistOfflineError, ShortlistStore
from ui.shortlist.shortlist_model import NOT_SAVED_MARK, NOTE_COLUMN
from ui.shortlist.shortlist_pane import DEFAULT_LIST_NAME, ShortlistPane

IDS = ["ironbark-shift-cushion", "tidewell-cloudrest-plus"]
LOST = "The shared store on dbhost cannot be reached; shortlists are shown as last read."


class FlakyStore(ShortlistStore):
    """An SQLite store standing in for a server that can be lost: changes fail while `down`."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.down = False
        self.offline = False
        self.tries = 0

    def _check(self) -> None:
        if self.down:
            self.offline = True
            raise ShortlistOfflineError(LOST)

    def set_note(self, *args: Any, **kwargs: Any) -> Any:
        self._check()
        return super().set_note(*args, **kwargs)

    def add(self, *args: Any, **kwargs: Any) -> Any:
        self._check()
        return super().add(*args, **kwargs)

    # Reads come from the file as last written, as the real store's come from what it read last.
    def items(self, name: str) -> Any:
        return self._as_last_read(lambda: super(FlakyStore, self).items(name))

    def list_names(self) -> Any:
        return self._as_last_read(lambda: super(FlakyStore, self).list_names())

    def profile(self, name: str) -> Any:
        return self._as_last_read(lambda: super(FlakyStore, self).profile(name))

    def _as_last_read(self, read: Callable[[], Any]) -> Any:
        offline, self.offline = self.offline, False
        try:
            return read()
        finally:
            self.offline = offline

    @property
    def message(self) -> str | None:
        return LOST if self.offline else None

    def reconnect(self) -> bool:
        self.tries += 1
        self.offline = self.down
        return not self.down


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_bundled_catalog()


@pytest.fixture
def flaky(tmp_path: Path) -> Iterator[FlakyStore]:
    store = FlakyStore(tmp_path / "shortlists.sqlite3")
    yield store
    store.close()


@pytest.fixture
def pane(qtbot: QtBot, flaky: FlakyStore, catalog: Catalog) -> ShortlistPane:
    pane = ShortlistPane(flaky, watcher_factory=lambda store, on_event: _NoWatcher())
    qtbot.addWidget(pane)
    pane.set_catalog(catalog)
    pane.resize(620, 420)
    pane.show()
    for product_id in IDS:
        assert pane.add_product(product_id)
    return pane


class _NoWatcher:
    def start(self) -> None: ...

    def stop(self) -> None: ...


def note_cell(pane: ShortlistPane, row: int) -> str:
    return str(pane.model.data(pane.model.index(row, NOTE_COLUMN)))


def test_a_note_written_while_offline_waits_marked_and_is_saved_on_return(
    pane: ShortlistPane, flaky: FlakyStore
) -> None:
    flaky.down = True
    assert not pane.set_note(IDS[1], "call back on Tuesday")
    assert pane.controller.is_offline()
    assert pane.message_text() == LOST  # one sentence
    assert note_cell(pane, 1) == "call back on Tuesday" + NOT_SAVED_MARK
    assert [item.product_id for item in pane.model.items()] == IDS  # the list as last read
    assert not pane.new_button.isEnabled() and not pane.undo_action.isEnabled()
    assert pane.controller.reconnect().is_waiting()
    # Written again before the server is back: still one note waiting, the latest text.
    pane.controller.set_note(IDS[1], "call back on Wednesday")
    assert [note.note for note in pane.controller.pending_notes()] == ["call back on Wednesday"]
    assert not pane.controller.reconnect().try_now()  # still away: the next try waits longer
    flaky.down = False
    assert pane.controller.reconnect().try_now()
    assert not pane.controller.is_offline() and pane.message_text() == ""
    assert note_cell(pane, 1) == "call back on Wednesday"
    assert flaky.items(DEFAULT_LIST_NAME)[1].note == "call back on Wednesday"
    assert "saved 1 note" in pane.status_label.text()
    assert pane.new_button.isEnabled() and pane.undo_action.isEnabled()
    pane.undo_stack.undo()  # the saved note is an ordinary undo step
    assert flaky.items(DEFAULT_LIST_NAME)[1].note == ""


def test_a_note_changed_elsewhere_while_offline_asks_on_return(
    qtbot: QtBot, pane: ShortlistPane, flaky: FlakyStore
) -> None:
    flaky.down = True
    pane.set_note(IDS[0], "mine, typed offline")
    with ShortlistStore(flaky.path) as other_desk:
        other_desk.set_note(DEFAULT_LIST_NAME, IDS[0], "theirs, saved meanwhile")
    flaky.down = False
    pane.controller.reconnect().try_now()
    qtbot.waitUntil(lambda: pane.conflict_dialog is not None and pane.conflict_dialog.isVisible(), timeout=1000)
    dialog = pane.conflict_dialog
    assert dialog is not None
    assert dialog.mine_edit.toPlainText() == "mine, typed offline"
    assert dialog.theirs_view.toPlainText() == "theirs, saved meanwhile"
    dialog.mine_button.click()
    assert flaky.items(DEFAULT_LIST_NAME)[0].note == "mine, typed offline"


def test_the_watcher_saying_offline_makes_the_pane_read_only_until_it_says_online(
    qtbot: QtBot, pane: ShortlistPane, flaky: FlakyStore
) -> None:
    pane.controller.on_store_event("offline", LOST)
    assert pane.controller.is_read_only() and pane.message_text() == LOST
    assert not pane.remove_button.isEnabled()
    with qtbot.waitSignal(pane.controller.connectionChanged, timeout=1000) as back:
        pane.controller.on_store_event("online", "")
    assert back.args == [""]
    assert not pane.controller.is_read_only() and pane.message_text() == ""


def test_a_list_another_desk_changed_is_reloaded_and_said(pane: ShortlistPane, flaky: FlakyStore) -> None:
    with ShortlistStore(flaky.path) as other_desk:
        other_desk.set_note(DEFAULT_LIST_NAME, IDS[0], "from room 2")
    pane.controller.on_store_event("shortlist", DEFAULT_LIST_NAME)
    assert note_cell(pane, 0) == "from room 2"
    assert pane.status_label.text().startswith("Changed at another desk")
    pane.controller.on_store_event("shortlist", DEFAULT_LIST_NAME)  # our own echo: nothing new to say


def test_any_change_that_finds_the_server_gone_turns_the_pane_read_only(pane: ShortlistPane, flaky: FlakyStore) -> None:
    flaky.down = True
    assert not pane.add_product("ambergait-firm-heel-cradle")
    assert pane.controller.is_offline() and pane.message_text() == LOST
    assert [item.product_id for item in pane.model.items()] == IDS
    assert not pane.up_button.isEnabled()
    assert pane.list_combo.isEnabled()  # other lists can still be looked at
    flaky.down = False
    assert pane.controller.reconnect().try_now()
    assert pane.add_product("ambergait-firm-heel-cradle")


def test_the_window_says_the_lost_server_in_its_status_bar(qtbot: QtBot, flaky: FlakyStore) -> None:
    from ui.main_window import MainWindow

    window = MainWindow(flaky)
    qtbot.addWidget(window)
    window.show()
    window.open_initial_catalog(None)
    window.shortlist_pane.controller.on_store_event("offline", LOST)
    assert window.statusBar().currentMessage() == LOST
    assert window.model.rowCount() > 0  # the catalog is still there to use
    window.shortlist_pane.controller.on_store_event("online", "")
    assert window.statusBar().currentMessage() == "Connected to the shared store again."
