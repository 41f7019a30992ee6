"""Several desks on one store, as people use them: two windows (or panes) open on the same PostgreSQL
database or the same SQLite file. A note typed at one desk shows at the other within 1 s; two desks
writing one note get the conflict dialog; a lost server leaves the lists readable and the note typed
meanwhile "not saved" until the server is back."""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QLineEdit, QTableView
from pytestqt.qtbot import QtBot

from catalog_app.io.catalog import Catalog, load_bundled_catalog
from catalog_app.shortlist.store import ShortlistStore
from ui.shortlist.shortlist_model import NOT_SAVED_MARK, NOTE_COLUMN
from ui.shortlist.shortlist_pane import DEFAULT_LIST_NAME, ShortlistPane

IDS = ["ironbark-shift-cushion", "tidewell-cloudrest-plus", "ambergait-firm-heel-cradle"]
NOTE = "Mrs Okafor: try in work boots first, size 39"
TIMINGS = Path("/tmp/livelists-timings.txt")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_bundled_catalog()


@pytest.fixture(params=["postgresql", "sqlite"])
def shared_store(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[], ShortlistStore]:
    """Opens one more desk's store on the same database (a fresh one for this test)."""
    if request.param == "postgresql":
        url = request.getfixturevalue("postgres_url")
        return lambda: ShortlistStore(database_url=url)
    path = tmp_path / "shortlists.sqlite3"
    return lambda: ShortlistStore(path)


def open_pane(qtbot: QtBot, store: ShortlistStore, catalog: Catalog) -> ShortlistPane:
    pane = ShortlistPane(store)
    qtbot.addWidget(pane)
    pane.set_catalog(catalog)
    pane.resize(620, 420)
    pane.show()
    qtbot.waitExposed(pane)
    return pane


@pytest.fixture
def desks(
    qtbot: QtBot, shared_store: Callable[[], ShortlistStore], catalog: Catalog
) -> Iterator[tuple[ShortlistPane, ShortlistPane]]:
    stores = [shared_store(), shared_store()]
    panes = [open_pane(qtbot, store, catalog) for store in stores]
    yield panes[0], panes[1]
    for pane, store in zip(panes, stores, strict=True):
        pane.close()  # stops its watcher before the store closes
        store.close()


def notes(pane: ShortlistPane) -> list[tuple[str, str]]:
    model = pane.model
    return [(model.item(row).product_id, model.data(model.index(row, NOTE_COLUMN))) for row in range(model.rowCount())]


def note_of(pane: ShortlistPane, product_id: str) -> str | None:
    return dict(notes(pane)).get(product_id)


def stored_note(store: ShortlistStore, product_id: str) -> str:
    return next(item.note for item in store.items(DEFAULT_LIST_NAME) if item.product_id == product_id)


def open_note_editor(pane: ShortlistPane, row: int) -> QLineEdit:
    index = pane.model.index(row, NOTE_COLUMN)
    pane.table.setCurrentIndex(index)
    pane.table.edit(index)
    editor = pane.table.findChild(QLineEdit)
    assert editor is not None
    return editor


def type_note(qtbot: QtBot, pane: ShortlistPane, row: int, text: str) -> QLineEdit:
    editor = open_note_editor(pane, row)
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    return editor


def record_timing(what: str, seconds: float) -> None:
    with TIMINGS.open("a", encoding="utf-8") as out:
        out.write(f"{what}: {seconds * 1000:.0f} ms\n")


def side_by_side(left: QPixmap, right: QPixmap, captions: tuple[str, str], path: str) -> None:
    """Both windows in one picture, each under a caption, as two desks would see them."""
    caption_height, gap = 30, 16
    width = left.width() + gap + right.width()
    height = caption_height + max(left.height(), right.height())
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(QColor("#d8dde3"))
    painter = QPainter(image)
    font = QFont()
    font.setPointSize(12)
    font.setBold(True)
    painter.setFont(font)
    for x, pixmap, caption in ((0, left, captions[0]), (left.width() + gap, right, captions[1])):
        painter.drawText(x + 8, 0, pixmap.width() - 16, caption_height, Qt.AlignmentFlag.AlignVCenter, caption)
        painter.drawPixmap(QPoint(x, caption_height), pixmap)
    painter.end()
    assert image.save(path)


# ---- the must-show: two app windows on one PostgreSQL ---------------------------------------------


def test_a_note_typed_in_one_window_appears_in_the_other_within_a_second(qtbot: QtBot, postgres_url: str) -> None:
    from ui.main_window import MainWindow

    windows = []
    for _desk in range(2):
        window = MainWindow(ShortlistStore(database_url=postgres_url))
        qtbot.addWidget(window)
        window.resize(1280, 800)
        window.show()
        window.open_initial_catalog(None)
        qtbot.waitExposed(window)
        windows.append(window)
    front, room = windows
    front.add_to_shortlist(IDS[0])
    front.add_to_shortlist(IDS[1])
    qtbot.waitUntil(lambda: [pid for pid, _ in notes(room.shortlist_pane)] == IDS[:2], timeout=1000)
    editor = type_note(qtbot, front.shortlist_pane, 1, NOTE)
    start = time.perf_counter()
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: note_of(room.shortlist_pane, IDS[1]) == NOTE, timeout=1000)
    elapsed = time.perf_counter() - start
    record_timing("PostgreSQL, window to window (Return pressed -> shown in the other window)", elapsed)
    assert elapsed < 1.0
    assert note_of(front.shortlist_pane, IDS[1]) == NOTE
    assert "Changed at another desk" in room.shortlist_pane.status_label.text()
    room.shortlist_pane.table.selectRow(1)
    front.shortlist_pane.table.selectRow(1)
    side_by_side(front.grab(), room.grab(), ("Front desk", "Treatment room 2"), "/tmp/livelists-two-windows.png")


# ---- both backends -------------------------------------------------------------------------------


def test_a_note_typed_at_one_desk_shows_at_the_other_within_a_second(
    qtbot: QtBot, desks: tuple[ShortlistPane, ShortlistPane], request: pytest.FixtureRequest
) -> None:
    front, room = desks
    assert front.add_product(IDS[0])
    qtbot.waitUntil(lambda: note_of(room, IDS[0]) == "", timeout=1000)
    editor = type_note(qtbot, front, 0, NOTE)
    start = time.perf_counter()
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: note_of(room, IDS[0]) == NOTE, timeout=1000)
    record_timing(f"{request.node.callspec.id}, pane to pane", time.perf_counter() - start)


def test_another_desks_change_keeps_my_selection_and_my_half_typed_note(
    qtbot: QtBot, desks: tuple[ShortlistPane, ShortlistPane]
) -> None:
    front, room = desks
    for product_id in IDS[:2]:
        assert front.add_product(product_id)
    qtbot.waitUntil(lambda: len(notes(room)) == 2, timeout=1000)
    editor = type_note(qtbot, room, 1, "half-typed")
    # The front desk adds a product at the top and notes the other one.
    assert front.add_product(IDS[2])
    assert front.move_item(IDS[2], 0)
    assert front.set_note(IDS[0], "from the front desk")
    qtbot.waitUntil(lambda: note_of(room, IDS[0]) == "from the front desk", timeout=1000)
    assert [pid for pid, _ in notes(room)] == [IDS[2], IDS[0], IDS[1]]
    assert room.table.state() == QTableView.State.EditingState
    assert editor.text() == "half-typed"
    assert room.table.currentIndex().row() == 2  # still on the product being noted
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: note_of(front, IDS[1]) == "half-typed", timeout=1000)


def make_conflict(qtbot: QtBot, front: ShortlistPane, room: ShortlistPane) -> None:
    """Both desks write the note on one product; the room saves second and gets the dialog."""
    assert front.add_product(IDS[0], note="first words")
    qtbot.waitUntil(lambda: note_of(room, IDS[0]) == "first words", timeout=1000)
    editor = type_note(qtbot, room, 0, "room: soft top cover")
    assert front.set_note(IDS[0], "front: firm heel cup")
    qtbot.waitUntil(lambda: room.model.item(0).note == "front: firm heel cup", timeout=1000)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: room.conflict_dialog is not None and room.conflict_dialog.isVisible(), timeout=1000)
    dialog = room.conflict_dialog
    assert dialog is not None
    assert dialog.theirs_view.toPlainText() == "front: firm heel cup"
    assert dialog.mine_edit.toPlainText() == "room: soft top cover"


def test_keep_mine_saves_over_the_other_desk_and_undo_brings_theirs_back(
    qtbot: QtBot, desks: tuple[ShortlistPane, ShortlistPane]
) -> None:
    front, room = desks
    make_conflict(qtbot, front, room)
    room.conflict_dialog.grab().save("/tmp/livelists-conflict-dialog.png")  # type: ignore[union-attr]
    room.conflict_dialog.mine_button.click()  # type: ignore[union-attr]
    assert stored_note(room.store, IDS[0]) == "room: soft top cover"
    qtbot.waitUntil(lambda: note_of(front, IDS[0]) == "room: soft top cover", timeout=1000)
    room.undo_stack.undo()
    assert stored_note(room.store, IDS[0]) == "front: firm heel cup"
    qtbot.waitUntil(lambda: note_of(front, IDS[0]) == "front: firm heel cup", timeout=1000)
    room.undo_stack.redo()
    assert stored_note(room.store, IDS[0]) == "room: soft top cover"


def test_use_theirs_keeps_the_other_desks_note(qtbot: QtBot, desks: tuple[ShortlistPane, ShortlistPane]) -> None:
    front, room = desks
    make_conflict(qtbot, front, room)
    steps = room.undo_stack.count()
    room.conflict_dialog.theirs_button.click()  # type: ignore[union-attr]
    assert stored_note(room.store, IDS[0]) == "front: firm heel cup"
    assert note_of(room, IDS[0]) == "front: firm heel cup"
    assert room.undo_stack.count() == steps
    assert room.conflict_dialog is None


def test_an_edited_note_from_the_dialog_is_saved(qtbot: QtBot, desks: tuple[ShortlistPane, ShortlistPane]) -> None:
    front, room = desks
    make_conflict(qtbot, front, room)
    dialog = room.conflict_dialog
    assert dialog is not None
    dialog.mine_edit.setPlainText("soft top cover, firm heel cup")
    dialog.mine_button.click()
    assert stored_note(front.store, IDS[0]) == "soft top cover, firm heel cup"
    qtbot.waitUntil(lambda: note_of(front, IDS[0]) == "soft top cover, firm heel cup", timeout=1000)


# ---- the server goes away and comes back ----------------------------------------------------------


@pytest.fixture
def own_server(postgres_server: str) -> Iterator[object]:
    """A PostgreSQL cluster of this test's own, which it may stop and start."""
    from postgres_cluster import Cluster

    cluster = Cluster(Path(tempfile.mkdtemp(prefix="insole-catalog-livelists-")))
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.remove()


def test_a_lost_server_leaves_the_list_readable_and_the_typed_note_is_saved_on_return(
    qtbot: QtBot, own_server: object, catalog: Catalog
) -> None:
    cluster = own_server
    url = cluster.url()  # type: ignore[attr-defined]
    store = ShortlistStore(database_url=url)
    pane = open_pane(qtbot, store, catalog)
    try:
        assert pane.add_product(IDS[0]) and pane.add_product(IDS[1])
        pane.table.selectRow(0)
        editor = type_note(qtbot, pane, 1, "call back on Tuesday")
        cluster.stop()  # type: ignore[attr-defined]
        qtbot.waitUntil(lambda: pane.controller.is_offline(), timeout=10_000)
        assert pane.message_text() and "\n" not in pane.message_text()  # one sentence
        assert not pane.new_button.isEnabled() and not pane.remove_button.isEnabled()
        assert pane.table.editTriggers() == QTableView.EditTrigger.NoEditTriggers
        assert [pid for pid, _ in notes(pane)] == IDS[:2]  # as last read
        assert editor.text() == "call back on Tuesday" and "#a11d1d" in editor.styleSheet()  # kept, marked
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: note_of(pane, IDS[1]) == "call back on Tuesday" + NOT_SAVED_MARK, timeout=3000)
        pane.grab().save("/tmp/livelists-offline.png")
        cluster.start()  # type: ignore[attr-defined]
        start = time.perf_counter()
        qtbot.waitUntil(lambda: not pane.controller.is_offline(), timeout=40_000)
        record_timing("server restarted -> pane online and the note saved", time.perf_counter() - start)
        assert note_of(pane, IDS[1]) == "call back on Tuesday"
        assert pane.message_text() == ""
        with ShortlistStore(database_url=url) as other:
            assert stored_note(other, IDS[1]) == "call back on Tuesday"
        assert pane.new_button.isEnabled()
    finally:
        pane.close()
        store.close()


def test_a_replaced_store_is_the_one_followed(qtbot: QtBot, tmp_path: Path, catalog: Catalog) -> None:
    first, second = ShortlistStore(tmp_path / "here.sqlite3"), ShortlistStore(tmp_path / "there.sqlite3")
    second.create("Client B")
    pane = open_pane(qtbot, first, catalog)
    try:
        assert pane.add_product(IDS[0])
        pane.replace_store(second)
        first.close()
        assert pane.current_list() == "Client B"
        assert pane.undo_stack.count() == 0  # no step of the old store runs on the new one
        with ShortlistStore(tmp_path / "there.sqlite3") as other_desk:
            other_desk.create("Client C")
        combo = pane.list_combo
        qtbot.waitUntil(lambda: "Client C" in [combo.itemText(i) for i in range(combo.count())], timeout=1000)
    finally:
        pane.close()
        second.close()


def test_a_server_unreachable_at_start_is_said_and_reached_when_it_starts(
    qtbot: QtBot, own_server: object, catalog: Catalog
) -> None:
    cluster = own_server
    url = cluster.url()  # type: ignore[attr-defined]
    with ShortlistStore(database_url=url) as first_desk:
        first_desk.create("Client A")
    cluster.stop()  # type: ignore[attr-defined]
    store = ShortlistStore(database_url=url)
    pane = open_pane(qtbot, store, catalog)
    try:
        assert pane.controller.is_offline()
        assert "cannot be reached" in pane.message_text() and "\n" not in pane.message_text()
        assert not pane.new_button.isEnabled()
        cluster.start()  # type: ignore[attr-defined]
        qtbot.waitUntil(lambda: not pane.controller.is_offline(), timeout=40_000)
        assert pane.current_list() == "Client A"
        assert pane.new_button.isEnabled() and pane.message_text() == ""
    finally:
        pane.close()
        store.close()


def test_undo_does_not_overwrite_a_note_another_desk_changed_since(
    qtbot: QtBot, desks: tuple[ShortlistPane, ShortlistPane]
) -> None:
    front, room = desks
    assert front.add_product(IDS[0])
    assert front.set_note(IDS[0], "front's note")
    qtbot.waitUntil(lambda: note_of(room, IDS[0]) == "front's note", timeout=1000)
    assert room.set_note(IDS[0], "room's note")
    qtbot.waitUntil(lambda: note_of(front, IDS[0]) == "room's note", timeout=1000)
    front.undo_stack.undo()  # would put back "" over the room's note
    assert stored_note(front.store, IDS[0]) == "room's note"
    assert "Another desk has changed this note" in front.message_text()
    front.undo_stack.undo()  # the step before still undoes: the product leaves the list
    assert notes(front) == []


def test_another_desks_change_keeps_my_scroll_position(
    qtbot: QtBot, desks: tuple[ShortlistPane, ShortlistPane], catalog: Catalog
) -> None:
    front, room = desks
    many = [str(product_id) for product_id in catalog.frame["id"][:14]]
    for product_id in many:
        assert front.add_product(product_id)
    qtbot.waitUntil(lambda: len(notes(room)) == len(many), timeout=1000)
    bar = room.table.verticalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(bar.maximum() // 2)
    where = bar.value()
    room.table.selectRow(8)
    assert front.add_product(str(catalog.frame["id"][20]))  # a new row at the end: no reset, no jump
    assert front.set_note(many[10], "seen in the middle of a long list")
    qtbot.waitUntil(lambda: note_of(room, many[10]) == "seen in the middle of a long list", timeout=1000)
    assert len(notes(room)) == len(many) + 1
    assert bar.value() == where
    assert room.table.selectionModel().selectedRows()[0].row() == 8
