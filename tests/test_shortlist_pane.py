"""The shortlist pane driven as a person would: add, write notes, reorder, undo, switch lists, compare, export."""

from __future__ import annotations

import csv
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QSpinBox, QTableView, QWidget

import catalog_app.shortlist.store as shortlist_store
from catalog_app.costs.cost_notes import CostOptions
from catalog_app.io.catalog import Catalog, load_bundled_catalog
from catalog_app.model.profile import FootProfile
from catalog_app.shortlist.store import ShortlistStore
from ui.finder.catalog_table_model import ProductRole
from ui.shortlist.shortlist_model import NAME_COLUMN, NOTE_COLUMN, ShortlistModel
from ui.shortlist.shortlist_pane import DEFAULT_LIST_NAME, ShortlistPane

PICKS = (
    ("ironbark-shift-cushion", "try in work boots first"),
    ("tidewell-cloudrest-plus", "softest of the three"),
    ("ambergait-firm-heel-cradle", ""),
)
IDS = [product_id for product_id, _note in PICKS]
PROFILE = FootProfile(arch="flat", pronation="overpronation", shoe_types=("work-boots",))


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_bundled_catalog()


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "shortlists.sqlite3"


@pytest.fixture
def store(store_path: Path) -> ShortlistStore:
    opened = ShortlistStore(store_path)
    yield opened
    opened.close()


def make_pane(qtbot, store: ShortlistStore, catalog: Catalog) -> ShortlistPane:  # type: ignore[no-untyped-def]
    pane = ShortlistPane(store)
    qtbot.addWidget(pane)
    pane.set_catalog(catalog)
    pane.set_profile(PROFILE)
    pane.resize(560, 480)
    pane.show()
    qtbot.waitExposed(pane)
    return pane


@pytest.fixture
def pane(qtbot, store: ShortlistStore, catalog: Catalog) -> ShortlistPane:  # type: ignore[no-untyped-def]
    return make_pane(qtbot, store, catalog)


def add_picks(pane: ShortlistPane) -> None:
    for product_id, note in PICKS:
        assert pane.add_product(product_id, note)


def table_rows(pane: ShortlistPane) -> list[tuple[str, str]]:
    model = pane.model
    return [
        (model.data(model.index(row, NAME_COLUMN), ProductRole.ID), model.data(model.index(row, NOTE_COLUMN)))
        for row in range(model.rowCount())
    ]


def stored(store: ShortlistStore, name: str) -> list[tuple[str, str]]:
    return [(item.product_id, item.note) for item in store.items(name)]


def test_the_model_passes_the_model_tester(qtmodeltester, pane: ShortlistPane) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(pane.model)
    add_picks(pane)
    qtmodeltester.check(pane.model)
    pane.remove_product(IDS[1])
    pane.move_item(IDS[2], 0)
    qtmodeltester.check(pane.model)


def test_three_picks_with_notes_are_there_after_a_restart(
    qtbot, pane: ShortlistPane, store: ShortlistStore, store_path: Path, catalog: Catalog
) -> None:  # type: ignore[no-untyped-def]
    add_picks(pane)
    assert pane.current_list() == DEFAULT_LIST_NAME
    assert table_rows(pane) == list(PICKS)
    assert pane.model.data(pane.model.index(0, 2)) == "$34.99"
    store.close()
    pane.close()
    with ShortlistStore(store_path) as reopened:
        again = make_pane(qtbot, reopened, catalog)
        assert again.current_list() == DEFAULT_LIST_NAME
        assert table_rows(again) == list(PICKS)
        assert reopened.profile(DEFAULT_LIST_NAME) == PROFILE  # the list remembers who it was for


def test_a_note_edited_in_place_is_saved_and_can_be_undone(qtbot, pane: ShortlistPane, store: ShortlistStore) -> None:  # type: ignore[no-untyped-def]
    add_picks(pane)
    index = pane.model.index(2, NOTE_COLUMN)
    pane.table.setCurrentIndex(index)
    pane.table.edit(index)
    editor = pane.table.findChild(QLineEdit)
    assert editor is not None
    editor.selectAll()
    qtbot.keyClicks(editor, "cheapest; ask about sizes")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: stored(store, DEFAULT_LIST_NAME)[2][1] == "cheapest; ask about sizes")
    assert table_rows(pane)[2][1] == "cheapest; ask about sizes"
    pane.undo_stack.undo()
    assert stored(store, DEFAULT_LIST_NAME)[2][1] == ""
    assert table_rows(pane)[2][1] == ""
    pane.undo_stack.redo()
    assert stored(store, DEFAULT_LIST_NAME)[2][1] == "cheapest; ask about sizes"


def test_reorder_by_drag_and_by_buttons_with_undo(qtbot, pane: ShortlistPane, store: ShortlistStore) -> None:  # type: ignore[no-untyped-def]
    add_picks(pane)
    model = pane.model
    # A drag of the first row dropped below the last one: what the view hands the model.
    mime = model.mimeData([model.index(0, NAME_COLUMN)])
    assert model.canDropMimeData(mime, Qt.DropAction.MoveAction, 3, 0, QModelIndex())
    assert not model.dropMimeData(mime, Qt.DropAction.MoveAction, 3, 0, QModelIndex())  # the view must not delete
    assert [pid for pid, _ in stored(store, DEFAULT_LIST_NAME)] == [IDS[1], IDS[2], IDS[0]]
    assert model.product_ids() == [IDS[1], IDS[2], IDS[0]]
    assert [note for _, note in table_rows(pane)] == [PICKS[1][1], PICKS[2][1], PICKS[0][1]]

    pane.table.selectRow(2)
    qtbot.mouseClick(pane.up_button, Qt.MouseButton.LeftButton)
    assert model.product_ids() == [IDS[1], IDS[0], IDS[2]]
    assert pane.table.selectionModel().selectedRows()[0].row() == 1  # the selection follows the product

    pane.undo_stack.undo()
    assert [pid for pid, _ in stored(store, DEFAULT_LIST_NAME)] == [IDS[1], IDS[2], IDS[0]]
    pane.undo_stack.undo()
    assert [pid for pid, _ in stored(store, DEFAULT_LIST_NAME)] == IDS


def test_remove_and_undo_bring_back_the_note_and_place(qtbot, pane: ShortlistPane, store: ShortlistStore) -> None:  # type: ignore[no-untyped-def]
    add_picks(pane)
    pane.table.selectRow(0)
    qtbot.mouseClick(pane.remove_button, Qt.MouseButton.LeftButton)
    assert pane.model.product_ids() == IDS[1:]
    assert pane.undo_action.text() == "&Undo Remove Shift Cushion"
    pane.undo_action.trigger()
    assert stored(store, DEFAULT_LIST_NAME) == list(PICKS)
    assert table_rows(pane) == list(PICKS)
    pane.redo_action.trigger()
    assert pane.model.product_ids() == IDS[1:]


def test_switching_lists_and_undo_shows_the_list_it_changes(qtbot, pane: ShortlistPane, store: ShortlistStore) -> None:  # type: ignore[no-untyped-def]
    add_picks(pane)
    assert pane.create_list("Running club")
    assert pane.current_list() == "Running club"
    assert pane.model.rowCount() == 0 and pane.empty_label.isVisible()
    assert [pane.list_combo.itemText(row) for row in range(pane.list_combo.count())] == [
        DEFAULT_LIST_NAME,
        "Running club",
    ]
    assert pane.add_product(IDS[0], "for the half marathon")
    pane.list_combo.setCurrentIndex(0)
    pane.list_combo.activated.emit(0)
    assert pane.current_list() == DEFAULT_LIST_NAME
    assert table_rows(pane) == list(PICKS)
    # Undo the last change, made on the other list: the pane shows that list as it undoes it.
    pane.undo_stack.undo()
    assert pane.current_list() == "Running club"
    assert pane.model.rowCount() == 0
    assert stored(store, DEFAULT_LIST_NAME) == list(PICKS)


def test_rename_and_delete_a_list_with_undo(qtbot, pane: ShortlistPane, store: ShortlistStore) -> None:  # type: ignore[no-untyped-def]
    add_picks(pane)
    assert pane.rename_current("Client A")
    assert store.list_names() == ["Client A"] and pane.list_combo.currentText() == "Client A"
    assert pane.delete_current()
    assert store.list_names() == [] and pane.current_list() is None
    assert pane.model.rowCount() == 0
    pane.undo_stack.undo()
    assert pane.current_list() == "Client A"
    assert stored(store, "Client A") == list(PICKS)
    assert store.profile("Client A") == PROFILE
    pane.undo_stack.undo()
    assert store.list_names() == [DEFAULT_LIST_NAME] and pane.current_list() == DEFAULT_LIST_NAME


def test_the_first_add_makes_a_list_and_one_undo_takes_both_back(pane: ShortlistPane, store: ShortlistStore) -> None:
    assert pane.current_list() is None
    assert pane.add_product(IDS[0])
    assert store.list_names() == [DEFAULT_LIST_NAME]
    assert pane.undo_stack.count() == 1
    pane.undo_stack.undo()
    assert store.list_names() == [] and pane.current_list() is None


def test_refused_changes_are_explained_and_not_undoable(pane: ShortlistPane) -> None:
    add_picks(pane)
    steps = pane.undo_stack.count()
    assert not pane.add_product(IDS[0])
    assert "Shift Cushion is already on the shortlist" in pane.message_text()
    assert not pane.add_product("no-such-insole")
    assert "There is no product with id 'no-such-insole'" in pane.message_text()
    assert not pane.create_list(DEFAULT_LIST_NAME)
    assert pane.undo_stack.count() == steps


def test_compare_these_sends_the_ids_in_order(qtbot, pane: ShortlistPane) -> None:  # type: ignore[no-untyped-def]
    add_picks(pane)
    with qtbot.waitSignal(pane.compareRequested) as signal:
        qtbot.mouseClick(pane.compare_button, Qt.MouseButton.LeftButton)
    assert signal.args == [IDS]


def test_double_click_on_a_name_activates_the_product(qtbot, pane: ShortlistPane) -> None:  # type: ignore[no-untyped-def]
    add_picks(pane)
    rect = pane.table.visualRect(pane.model.index(1, NAME_COLUMN))
    with qtbot.waitSignal(pane.productActivated) as signal:
        # A real double-click starts with a press; the view ignores a double-click event on its own.
        qtbot.mouseClick(pane.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(pane.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert signal.args == [IDS[1]]


def test_products_dropped_or_repriced_by_the_catalog_are_flagged(pane: ShortlistPane, catalog: Catalog) -> None:
    add_picks(pane)
    frame = catalog.frame[catalog.frame["id"] != IDS[0]].reset_index(drop=True).copy()
    frame.loc[frame["id"] == IDS[1], "price"] = 45.0
    pane.set_catalog(Catalog(frame=frame, source="shop.csv", report=catalog.report))
    message = pane.message_text()
    assert "Shift Cushion is no longer in the catalog" in message
    assert "Cloudrest Plus's price changed from $39.95 to $45.00" in message
    assert table_rows(pane)[0] == PICKS[0]  # still on the list, from its snapshot
    model: ShortlistModel = pane.model
    assert "no longer in the catalog" in model.data(model.index(0, NAME_COLUMN), Qt.ItemDataRole.ToolTipRole)


def test_a_recovered_store_is_explained(qtbot, store_path: Path, catalog: Catalog) -> None:  # type: ignore[no-untyped-def]
    store_path.write_bytes(b"not a database" * 100)
    with ShortlistStore(store_path) as store:
        pane = make_pane(qtbot, store, catalog)
        assert "could not be used" in pane.message_text()
        assert ".corrupt-" in pane.message_text()


def test_a_read_only_store_can_be_read_not_changed(
    qtbot, store_path: Path, catalog: Catalog, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    with ShortlistStore(store_path) as writable:
        writable.create("Client A")
    monkeypatch.setattr(shortlist_store, "can_write", lambda path: False)
    with ShortlistStore(store_path) as store:
        pane = make_pane(qtbot, store, catalog)
        assert "read-only" in pane.message_text()
        assert not pane.add_product(IDS[0])
        assert not pane.new_button.isEnabled()
        assert pane.table.editTriggers() == QTableView.EditTrigger.NoEditTriggers


def test_export_current_writes_the_chosen_format(pane: ShortlistPane, tmp_path: Path) -> None:
    add_picks(pane)
    pane.set_cost_options(CostOptions(horizon_months=12, pairs=2))
    path = pane.export_current(tmp_path / "client.csv")
    with path.open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert [row["note"] for row in rows[:3]] == [note for _id, note in PICKS]
    assert "over 12 months" in rows[0]["cost_notes"]
    pdf = pane.export_current(tmp_path / "client.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    assert "Shift Cushion" in pane.document_html()


def test_every_control_has_an_accessible_name(pane: ShortlistPane) -> None:
    add_picks(pane)
    controls = pane.findChildren(QAbstractButton) + pane.findChildren(QComboBox) + pane.findChildren(QSpinBox)
    controls += pane.findChildren(QTableView)
    named: list[QWidget] = [control for control in controls if control.accessibleName()]
    assert len(controls) >= 12
    assert [control for control in controls if control not in named] == []
    assert pane.undo_action.shortcut().toString() and pane.redo_action.shortcut().toString()


def test_print_shows_a_preview_that_paints_the_document(
    pane: ShortlistPane, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

    add_picks(pane)
    painted = tmp_path / "preview.pdf"

    def show_preview(dialog: QPrintPreviewDialog) -> int:
        # What the preview does when it opens: ask for the pages to be painted on its printer.
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(painted))
        dialog.paintRequested.emit(printer)
        return int(QPrintPreviewDialog.DialogCode.Rejected)

    monkeypatch.setattr(QPrintPreviewDialog, "exec", show_preview)
    pane.print_current()
    assert painted.read_bytes().startswith(b"%PDF")
    assert pane.message_text() == ""
    pdftotext = shutil.which("pdftotext")
    if pdftotext is not None:
        text = subprocess.run([pdftotext, str(painted), "-"], capture_output=True, text=True, check=True).stdout
        assert "Shift Cushion" in text and "Cloudrest Plus" in text
