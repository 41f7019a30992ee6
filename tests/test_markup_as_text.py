"""Catalog and user text that looks like HTML is shown literally everywhere: nothing renders, nothing is fetched.

Every text field of this catalog is markup: an image of 200000 x 200000 pixels (which crashed the
app at every start once such a product was on a shortlist), a local image file, a link, bold and
huge fonts, a script and entities. Each view, tooltip, legend, dialog and export must show the
literal string, at a normal size.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QTextDocument
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from catalog_app.costs.cost_notes import CostOptions
from catalog_app.io.catalog import Catalog, load_bundled_catalog, load_catalog
from catalog_app.model.catalog_frame import product_record
from catalog_app.model.profile import FootProfile
from catalog_app.shortlist.export import export_shortlist
from catalog_app.shortlist.store import ShortlistStore
from ui.compare.comparison_view import ComparisonView
from ui.error_handler import install_error_handler
from ui.finder.catalog_table_model import COLUMN_INDEX, CatalogTableModel
from ui.finder.detail_pane import DetailPane
from ui.finder.profile_pane import ProfilePane
from ui.loading.validation_dialog import ValidationDialog
from ui.main_window import MainWindow
from ui.shortlist.print_document import write_pdf
from ui.shortlist.shortlist_pane import ShortlistPane
from ui.widgets.plain_text import tooltip_text

ROOT = Path(__file__).resolve().parents[1]
NORMAL = 2000  # pixels: a label showing one of these strings as text stays well under this
HUGE_IMAGE = '<img src=x width="200000" height="200000">'
TEXT_FIELDS = ("name", "brand", "description", "care", "sizes", "url")
LIST_NAME = '<b>Client</b> <img src=x width="9000" height="9000">'
NOTE = '<font size="7">note</font> <a href="https://example.invalid/">x</a>'


def markups(local_image: Path) -> list[str]:
    return [
        HUGE_IMAGE,
        f'<img src="{local_image}">',
        '<a href="https://example.invalid/track">click me</a>',
        '<b>Bold</b> <font size="7">big</font> <span style="font-size:300pt">huge</span>',
        "<script>alert(1)</script>",
        "&amp;lt;b&amp;gt; &lt;i&gt; &copy; &#60;x&#62;",
    ]


@pytest.fixture(scope="module")
def local_image(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real 1200 px image: if any widget rendered `<img src=...>` it would grow to hold it."""
    path = tmp_path_factory.mktemp("image") / "red.png"
    image = QImage(1200, 1200, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    assert image.save(str(path))
    return path


def write_markup_catalog(path: Path, local_image: Path) -> Path:
    texts = markups(local_image)
    with (ROOT / "catalog_data" / "insoles.csv").open(encoding="utf-8", newline="") as source:
        rows = list(csv.DictReader(source))[: len(texts)]
    for number, row in enumerate(rows):
        row["id"] = f"markup-{number}"
        for offset, field in enumerate(TEXT_FIELDS):
            row[field] = texts[(number + offset) % len(texts)]
    with path.open("w", encoding="utf-8", newline="") as target:
        writer = csv.DictWriter(target, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture(scope="module")
def markup_catalog(tmp_path_factory: pytest.TempPathFactory, local_image: Path) -> Catalog:
    path = write_markup_catalog(tmp_path_factory.mktemp("catalog") / "markup.csv", local_image)
    catalog = load_catalog(path, invalid_rows="reject-file")
    assert len(catalog) == len(markups(local_image))
    return catalog


def records(catalog: Catalog) -> list[dict[str, object]]:
    return [product_record(catalog.frame, position) for position in range(len(catalog))]


def rendered(rich: str) -> str:
    """What Qt shows for a string it reads as HTML."""
    document = QTextDocument()
    document.setHtml(rich)
    return document.toPlainText()


def assert_legend_shows(chart: Any, names: list[str]) -> None:
    """The legend draws each name as written (mathtext off), shortened with "…" where it is long."""
    texts = chart.figure.legends[0].get_texts()
    assert not any(text.get_parse_math() for text in texts)
    shown = [text.get_text() for text in texts]
    assert len(shown) == len(names)
    for text, name in zip(shown, names, strict=True):
        assert text == name or (text.endswith("…") and name.startswith(text[:-1])), (text, name)


def images_in(document: QTextDocument) -> int:
    """How many images a rich-text document would load and draw."""
    count = 0
    block = document.begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            if fragments.fragment().charFormat().isImageFormat():
                count += 1
            fragments += 1
        block = block.next()
    return count


def assert_plain(label: QLabel, expected: str | None = None) -> None:
    assert label.textFormat() == Qt.TextFormat.PlainText, label.accessibleName()
    if expected is not None:
        assert expected in label.text()
    hint = label.sizeHint()
    assert hint.width() < NORMAL and hint.height() < NORMAL, (label.accessibleName(), hint)


def assert_tooltip_shows(tooltip: str, expected: str) -> None:
    assert QtGui.Qt.mightBeRichText(tooltip)  # so Qt decodes the escaped text instead of showing "&lt;"
    assert expected in rendered(tooltip)
    assert "<img" not in tooltip and "<a " not in tooltip and "<b>" not in tooltip


def test_tooltip_text_round_trips_every_markup(local_image: Path) -> None:
    for text in [*markups(local_image), "two\nlines <b>x</b>", "a & b"]:
        assert rendered(tooltip_text(text) or "") == text


def test_detail_pane_shows_every_field_literally(qtbot: QtBot, markup_catalog: Catalog) -> None:
    pane = DetailPane()
    qtbot.addWidget(pane)
    pane.resize(380, 700)
    pane.show()
    for position, record in enumerate(records(markup_catalog)):
        pane.show_product(markup_catalog, position, None, profile_set=False)
        assert pane.title.text() == record["name"]
        assert_plain(pane.title)
        for label in pane.findChildren(QLabel):
            assert_plain(label)
        shown = pane.browser.toPlainText()
        for field in ("description", "care"):
            assert str(record[field]) in shown
        assert images_in(pane.browser.document()) == 0
        size = pane.browser.document().size()
        assert size.width() < NORMAL and size.height() < NORMAL
        pane.grab()  # paints without growing or crashing


def test_results_tooltip_shows_the_description_literally(markup_catalog: Catalog) -> None:
    model = CatalogTableModel(markup_catalog)
    column = COLUMN_INDEX["name"]
    for row in range(model.rowCount()):
        position = model.position(row)
        description = str(markup_catalog.frame["description"].iat[position])
        assert model.index(row, column).data() == markup_catalog.frame["name"].iat[position]
        assert_tooltip_shows(model.index(row, column).data(Qt.ItemDataRole.ToolTipRole), description)


def make_shortlist(store: ShortlistStore, catalog: Catalog) -> None:
    store.create(LIST_NAME)
    for record in records(catalog):
        store.add(LIST_NAME, record, note=NOTE)


def test_shortlist_pane_banner_status_and_tooltips_are_plain(
    qtbot: QtBot, tmp_path: Path, markup_catalog: Catalog
) -> None:
    store = ShortlistStore(tmp_path / "lists.sqlite3")
    make_shortlist(store, markup_catalog)
    pane = ShortlistPane(store)
    qtbot.addWidget(pane)
    pane.resize(700, 420)
    pane.show()
    # On another catalog every pick is "no longer in the catalog": the banner names each one.
    pane.set_catalog(load_bundled_catalog())
    banner = pane.message_label.text()
    for record in records(markup_catalog):
        assert str(record["name"]) in banner
    assert_plain(pane.message_label, HUGE_IMAGE)
    for label in (pane.message_label, pane.status_label, pane.profile_label, pane.empty_label):
        assert_plain(label)
    pane.set_catalog(markup_catalog)
    pane.set_profile(FootProfile(arch="flat"))
    assert pane.remove_product("markup-1")
    assert pane.add_product("markup-1", NOTE)
    assert_plain(pane.status_label, str(records(markup_catalog)[1]["name"]))
    assert_plain(pane.profile_label)
    model = pane.model
    for row in range(model.rowCount()):
        name = model.index(row, 0).data()
        assert_tooltip_shows(model.index(row, 0).data(Qt.ItemDataRole.ToolTipRole), str(name))
        note_column = model.columnCount() - 1
        note_tooltip = [model.index(row, column).data(Qt.ItemDataRole.ToolTipRole) for column in range(note_column + 1)]
        assert any(tip and NOTE in rendered(tip) for tip in note_tooltip)
    assert pane.list_combo.currentText() == LIST_NAME
    pane.grab()
    store.close()


def test_comparison_headers_legends_menus_and_notes_are_literal(qtbot: QtBot, markup_catalog: Catalog) -> None:
    view = ComparisonView(markup_catalog)
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show()
    all_records = records(markup_catalog)
    view.set_products([str(record["id"]) for record in all_records])
    names = [str(record["name"]) for record in all_records]
    for column, name in enumerate(names):
        assert view.model.headerData(column, Qt.Orientation.Horizontal).startswith(name)
        assert_tooltip_shows(
            view.model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole), name
        )
        cell_tip = view.model.index(0, column).data(Qt.ItemDataRole.ToolTipRole)
        assert_tooltip_shows(cell_tip, str(view.model.index(0, column).data()))
        texts = [action.text().replace("&&", "&") for action in view.column_menu(column).actions() if action.text()]
        assert any(name in text for text in texts)
    for chart in (view.cost_chart, view.attribute_chart):
        assert_legend_shows(chart, names)
    assert images_in(view.notes.document()) == 0
    notes = view.notes.toPlainText()
    assert all(name in notes for name in names)
    view.add_product("markup-0")
    assert_plain(view.status_label, names[0])
    view.grab()


def test_the_main_window_walk_shows_markup_as_text(
    qtbot: QtBot, tmp_path: Path, local_image: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Open the catalog from a file named with markup, look at each product, shortlist it, compare."""
    boxes = capture_boxes(monkeypatch)
    path = write_markup_catalog(tmp_path / "<b>catalog<b>.csv", local_image)
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    window.open_initial_catalog(None)
    with qtbot.waitSignal(window.catalogShown, timeout=30_000) as shown:
        window.open_catalog_file(path)
        assert_plain(window.load_progress.label, path.name)
    catalog = shown.args[0]
    names = [str(record["name"]) for record in records(catalog)]
    for row in range(window.model.rowCount()):
        window.table.selectRow(row)
        assert window.detail_pane.title.text() == window.model.index(row, COLUMN_INDEX["name"]).data()
        window.add_to_shortlist(window.current_product_id() or "")
    window.open_comparison([str(record["id"]) for record in records(catalog)])
    comparison = window.comparison.view
    assert_legend_shows(comparison.cost_chart, names)
    window.shortlist_pane.set_catalog(load_bundled_catalog())  # every pick is now "no longer in the catalog"
    for widget in (window, window.comparison):
        for label in widget.findChildren(QLabel):
            hint = label.sizeHint()
            assert hint.width() < NORMAL and hint.height() < NORMAL, label.accessibleName()
            if any(mark in label.text() for mark in ("<img", "<b>", "<a ", "&amp;")):
                assert label.textFormat() == Qt.TextFormat.PlainText, label.accessibleName()
    assert all(name in window.shortlist_pane.message_text() for name in names)
    assert boxes == []
    window.grab()
    window.comparison.close()
    window.close()


def capture_boxes(monkeypatch: pytest.MonkeyPatch) -> list[QMessageBox]:
    boxes: list[QMessageBox] = []

    def answer(box: QMessageBox) -> int:
        boxes.append(box)
        return int(QMessageBox.StandardButton.Yes)

    monkeypatch.setattr(QMessageBox, "exec", answer)
    return boxes


def assert_box_plain(box: QMessageBox, expected: str) -> None:
    assert box.textFormat() == Qt.TextFormat.PlainText
    assert expected in box.text()
    hint = box.sizeHint()
    assert hint.width() < NORMAL and hint.height() < NORMAL


def test_profile_message_and_question_are_plain(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    boxes = capture_boxes(monkeypatch)
    pane = ProfilePane()
    qtbot.addWidget(pane)
    pane.show()
    pane.set_profile(FootProfile(arch="flat"))
    monkeypatch.setattr(pane, "ask_name", lambda *_args: HUGE_IMAGE)
    pane.save_profile_as()
    assert pane.profile_name() == HUGE_IMAGE
    assert_plain(pane.message, HUGE_IMAGE)
    pane.delete_profile()
    assert_box_plain(boxes[-1], HUGE_IMAGE)
    assert_plain(pane.message, HUGE_IMAGE)


@pytest.mark.qt_no_exception_capture
def test_error_box_is_plain(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    boxes = capture_boxes(monkeypatch)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    window = QWidget()
    qtbot.addWidget(window)
    install_error_handler(window)
    sys.excepthook(RuntimeError, RuntimeError(HUGE_IMAGE), None)
    assert_box_plain(boxes[-1], HUGE_IMAGE)


def test_validation_dialog_title_and_summary_are_literal(qtbot: QtBot, tmp_path: Path, local_image: Path) -> None:
    name = "<b>shop<b>[*].csv"
    path = write_markup_catalog(tmp_path / name, local_image)
    text = path.read_text(encoding="utf-8").splitlines()
    text[1] = text[1].replace("memory-foam", "<i>granite</i>", 1)
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    catalog = load_catalog(path, invalid_rows="load-valid")
    assert not catalog.report.is_clean
    dialog = ValidationDialog(catalog.report, None)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle().replace("[*][*]", "[*]") == f"Problems in {name}"
    cells = [dialog.table.item(row, 2).text() for row in range(dialog.table.rowCount())]
    assert "<i>granite</i>" in cells
    for label in dialog.findChildren(QLabel):
        assert label.sizeHint().height() < NORMAL


def test_every_export_holds_the_literal_text(tmp_path: Path, markup_catalog: Catalog) -> None:
    store = ShortlistStore(tmp_path / "lists.sqlite3")
    make_shortlist(store, markup_catalog)
    names = [str(record["name"]) for record in records(markup_catalog)]
    options = CostOptions()
    paths = {
        suffix: export_shortlist(
            store, LIST_NAME, markup_catalog, tmp_path / f"list{suffix}", options=options, render_pdf=write_pdf
        )
        for suffix in (".csv", ".xlsx", ".json", ".pdf")
    }
    store.close()
    csv_text = paths[".csv"].read_text(encoding="utf-8-sig")
    cells = {cell for row in csv.reader(csv_text.splitlines()) for cell in row}
    assert set(names) <= cells and NOTE in cells
    workbook = load_workbook(paths[".xlsx"], read_only=True)
    xlsx_cells = {cell for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for cell in row}
    workbook.close()
    assert set(names) <= xlsx_cells and NOTE in xlsx_cells
    json_text = json.dumps(json.loads(paths[".json"].read_text(encoding="utf-8")))
    assert all(json.dumps(name)[1:-1] in json_text for name in names)
    assert paths[".pdf"].stat().st_size < 2_000_000  # no 1200 px image was fetched into it
    if shutil.which("pdftotext"):
        pdf_text = subprocess.run(
            ["pdftotext", str(paths[".pdf"]), "-"], capture_output=True, text=True, check=True
        ).stdout
        flat = " ".join(pdf_text.split())
        for literal in ("<script>alert(1)</script>", '<font size="7">big</font>', HUGE_IMAGE):
            assert literal in flat


START_ONCE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import ui.main_window

shown = ui.main_window.MainWindow.show

def show_then_quit(window):
    shown(window)
    def paint_and_quit():
        window.repaint()
        window.grab()
        print("banner:", window.shortlist_pane.message_label.text().splitlines()[0])
        QApplication.quit()
    QTimer.singleShot(0, paint_and_quit)

ui.main_window.MainWindow.show = show_then_quit
from catalog_app.cli.main import main
sys.exit(main(["gui"]))
"""


@pytest.mark.slow
def test_the_app_starts_twice_with_a_markup_product_on_a_shortlist(
    tmp_path: Path, user_home: Path, markup_catalog: Catalog
) -> None:
    store = ShortlistStore()  # the store in the data folder the app opens
    make_shortlist(store, markup_catalog)
    store.close()
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "INSOLE_CATALOG_HOME": str(user_home),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "PYTHONPATH": str(ROOT),
    }
    for start in (1, 2):
        done = subprocess.run(
            [sys.executable, "-c", START_ONCE], env=env, capture_output=True, text=True, timeout=120, cwd=tmp_path
        )
        assert done.returncode == 0, (start, done.returncode, done.stderr[-2000:])
        assert "no longer in the catalog" in done.stdout or "<" in done.stdout


def test_undo_and_redo_tooltips_name_the_product_literally(
    qtbot: QtBot, tmp_path: Path, markup_catalog: Catalog
) -> None:
    store = ShortlistStore(tmp_path / "lists.sqlite3")
    pane = ShortlistPane(store)
    qtbot.addWidget(pane)
    pane.set_catalog(markup_catalog)
    assert pane.add_product("markup-0")
    assert_tooltip_shows(pane.undo_action.toolTip(), HUGE_IMAGE)
    pane.undo_stack.undo()
    assert_tooltip_shows(pane.redo_action.toolTip(), HUGE_IMAGE)
    store.close()
