"""The first screen: the window painted at start, filled with the bundled catalog from a snapshot, before
the finder is imported. It shows what the real window then shows, takes no input meanwhile, and gives
way to the real window; a start it has no snapshot for gets the plain frame."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QDockWidget, QLabel, QMenu, QTableView, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

import ui.app
import ui.first_screen
from catalog_app.model.profile import FootProfile
from catalog_app.storage.first_screen import (
    FirstScreen,
    ScreenColumn,
    StartKey,
    read_first_screen,
    shipped_first_screen_path,
    user_first_screen_path,
    write_first_screen,
)
from ui.first_screen import GETTING_READY, FirstScreenModel, FirstScreenWindow, first_screen_for_start, start_key
from ui.first_screen_memory import FirstScreenMemory, capture_first_screen, shipped_first_screen
from ui.main_window import MainWindow
from ui.settings_location import LAST_PROFILE_KEY, open_settings
from ui.window_settings import WindowSettings

REGENERATE = "the shipped first screen is stale: run `python scripts/write_first_screen.py`"
FLAT_FEET = FootProfile(arch="flat", pronation="overpronation", concerns=("plantar-fasciitis",))


@pytest.fixture
def real_window(qtbot: QtBot) -> Iterator[MainWindow]:
    """The real window as the app starts it on the bundled catalog, shown and painted."""
    window = MainWindow(open_stores_later=True)
    qtbot.addWidget(window)
    window.show()
    window.open_initial_catalog(None)
    qtbot.waitExposed(window)
    yield window
    window.close()


def shown_first_screen(qtbot: QtBot) -> FirstScreenWindow:
    settings = open_settings()
    key, screen = first_screen_for_start(None, settings)
    assert key is not None and screen is not None, "no first screen for this start"
    first = FirstScreenWindow(screen, settings)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    return first


def visible_texts(table: QTableView) -> list[list[str]]:
    """Header texts, then every row's texts, of the shown columns left to right; alignment marked."""
    header = table.horizontalHeader()
    model = table.model()
    shown = [header.logicalIndex(visual) for visual in range(header.count())]
    shown = [logical for logical in shown if not header.isSectionHidden(logical)]
    lines = [[str(model.headerData(logical, Qt.Orientation.Horizontal)) for logical in shown]]
    for row in range(model.rowCount()):
        cells = []
        for logical in shown:
            index = model.index(row, logical)
            alignment = index.data(Qt.ItemDataRole.TextAlignmentRole)
            right = isinstance(alignment, int) and bool(alignment & int(Qt.AlignmentFlag.AlignRight.value))
            cells.append(f"{index.data() or ''}{' >' if right else ''}")
        lines.append(cells)
    return lines


def test_the_shipped_snapshot_is_what_the_real_window_shows_for_the_bundled_catalog(real_window: MainWindow) -> None:
    screen, key, profiles = shipped_first_screen(real_window)
    for profile in profiles:  # no profile saved yet, and the empty one the window saves on closing
        shipped = read_first_screen(shipped_first_screen_path(), StartKey(key.catalog, profile, key.app_version))
        assert shipped is not None, REGENERATE
        assert shipped.same_content(screen), REGENERATE
        assert shipped.shown == screen.shown, REGENERATE
    assert FootProfile.from_json(profiles[1]).is_empty


def test_the_first_screen_shows_the_real_tables_rows_columns_and_order(qtbot: QtBot, real_window: MainWindow) -> None:
    first = shown_first_screen(qtbot)
    expected = visible_texts(real_window.table)
    assert len(expected) == 1 + 76
    assert visible_texts(first.table) == expected
    real_header, first_header = real_window.table.horizontalHeader(), first.table.horizontalHeader()
    assert (first_header.sortIndicatorSection(), first_header.sortIndicatorOrder()) == (
        real_header.sortIndicatorSection(),
        real_header.sortIndicatorOrder(),
    )
    assert first.windowTitle() == real_window.windowTitle()
    assert first.statusBar().findChildren(QLabel)[-1].text() == real_window.count_label.text()


def test_the_first_screen_has_the_table_where_the_real_window_has_it(qtbot: QtBot, real_window: MainWindow) -> None:
    first = shown_first_screen(qtbot)
    real_table, first_table = real_window.table, first.table
    real_place = real_table.mapTo(real_window, QPoint(0, 0))
    first_place = first_table.mapTo(first, QPoint(0, 0))
    assert abs(real_place.x() - first_place.x()) <= 4 and abs(real_place.y() - first_place.y()) <= 4
    assert abs(real_table.width() - first_table.width()) <= 8
    header = first_table.horizontalHeader()
    for logical in range(header.count()):
        if not header.isSectionHidden(logical):
            # No header text is cut short: every shown header fits its column.
            text = str(first_table.model().headerData(logical, Qt.Orientation.Horizontal))
            assert header.fontMetrics().horizontalAdvance(text) + 8 <= header.sectionSize(logical), text


def test_a_returning_users_columns_show_as_the_real_window_shows_them(qtbot: QtBot) -> None:
    WindowSettings().save_columns(
        ["price", "name", "brand", "category", "lifespan_months", "monthly_over_horizon"],
        {"name": 190, "price": 90, "brand": 125, "category": 115, "lifespan_months": 95, "monthly_over_horizon": 105},
    )
    real = MainWindow(open_stores_later=True)
    qtbot.addWidget(real)
    real.show()
    real.open_initial_catalog(None)
    qtbot.waitExposed(real)
    first = shown_first_screen(qtbot)
    assert visible_texts(first.table)[0] == ["Price", "Name", "Brand", "Category", "Lifespan (mo)", "Monthly (2 yr)"]
    assert visible_texts(first.table) == visible_texts(real.table)
    # Narrowed to fit the table as the window's are: the same widths, and no sideways scrolling.
    real_header, first_header = real.table.horizontalHeader(), first.table.horizontalHeader()
    for visual in range(5):  # the last one stretches to the table's edge
        logical = real_header.logicalIndex(visual)
        assert first_header.sectionSize(logical) == real_header.sectionSize(logical)
    assert not first.table.horizontalScrollBar().isVisible()
    real.close()


def test_nothing_on_the_first_screen_takes_input_and_it_says_the_finder_is_getting_ready(qtbot: QtBot) -> None:
    first = shown_first_screen(qtbot)
    assert first.ready_line.isVisible() and first.ready_line.text() == GETTING_READY
    assert first.ready_line.textFormat() == Qt.TextFormat.PlainText
    menus = [menu for menu in first.menuBar().findChildren(QMenu) if menu.title()]
    assert [menu.title() for menu in menus] == ["&File", "&Edit", "&View", "&Help"]
    assert not any(menu.isEnabled() for menu in menus)
    central = first.centralWidget()
    assert central is not None
    controls = [widget for widget in central.findChildren(QWidget) if widget is not first.table]
    takes_focus = [widget for widget in controls if widget.focusPolicy() != Qt.FocusPolicy.NoFocus]
    assert takes_focus and not any(widget.isEnabled() for widget in takes_focus)  # the search box, the check box
    assert first.table.focusPolicy() == Qt.FocusPolicy.NoFocus
    assert first.table.selectionMode() == QAbstractItemView.SelectionMode.NoSelection
    docks = first.findChildren(QDockWidget)
    assert len(docks) == 4
    assert all(dock.features() == QDockWidget.DockWidgetFeature.NoDockWidgetFeatures for dock in docks)
    assert first.cursor().shape() == Qt.CursorShape.WaitCursor
    qtbot.mouseClick(first.table.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(60, 10))
    assert not first.table.selectionModel().hasSelection()  # a click selects nothing that could then vanish


def test_snapshot_texts_are_shown_as_plain_text(qtbot: QtBot) -> None:
    hostile = "<img src='/etc/passwd'><b>bold</b>"
    screen = FirstScreen(
        columns=(ScreenColumn("name", hostile, 180, "left"),),
        shown=("name",),
        sort_key="name",
        sort_descending=False,
        count=f"<i>{hostile}</i>",
        rows=((hostile,),),
    )
    first = FirstScreenWindow(screen, QSettings())
    qtbot.addWidget(first)
    model = first.table.model()
    assert model.index(0, 0).data() == hostile
    assert model.headerData(0, Qt.Orientation.Horizontal) == hostile
    labels = first.statusBar().findChildren(QLabel)
    assert any(label.text() == f"<i>{hostile}</i>" for label in labels)
    assert all(label.textFormat() == Qt.TextFormat.PlainText for label in labels)


# ---- which start gets which first screen --------------------------------------------------------


def test_a_start_with_no_matching_snapshot_gets_the_plain_frame(
    qapp: QApplication, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = user_first_screen_path(create=True)
    user.write_text('{"format": "insole-catalog first screen", "version": 1, "key": [', encoding="utf-8")  # broken
    monkeypatch.setattr(ui.first_screen, "app_version", lambda: "99.0")  # the shipped snapshot is another version's
    assert first_screen_for_start(None, open_settings())[1] is None
    startup = ui.app._Startup(qapp, None, None)
    try:
        assert not isinstance(startup.frame, FirstScreenWindow)
        assert [label.text() for label in startup.frame.findChildren(QLabel)] == ["Opening the catalog…"]
    finally:
        startup._fallback.stop()
        startup.frame.close()
        startup.frame.deleteLater()


def test_a_catalog_given_on_the_command_line_gets_the_plain_frame(data_dir: Path) -> None:
    """It loads in the background: the real window's first paint would not show its rows."""
    assert first_screen_for_start(str(data_dir / "anything.csv"), open_settings()) == (None, None)


TAKING_PLACE = """
import sys
from PySide6.QtWidgets import QApplication
import ui.app

app = QApplication(sys.argv[:1])
build, report, FirstScreenWindow = ui.app._main_window, ui.app._report_and_quit, ui.app.FirstScreenWindow


class Placed(FirstScreenWindow):
    def __init__(self, *args):
        super().__init__(*args)
        self.move(37, 41)  # as a window manager may place it


def name(widget):
    return "FirstScreenWindow" if isinstance(widget, FirstScreenWindow) else type(widget).__name__


def visible():
    return ",".join(sorted(name(widget) for widget in QApplication.topLevelWidgets() if widget.isVisible()))


def building(*args):
    print("before:", visible())
    (first,) = [widget for widget in QApplication.topLevelWidgets() if widget.isVisible()]
    print("first screen at:", first.geometry().getRect())
    return build(*args)


def reporting(window):
    print("after:", visible())
    print("window at:", window.geometry().getRect())
    report(window)


ui.app._main_window, ui.app._report_and_quit, ui.app.FirstScreenWindow = building, reporting, Placed
sys.exit(ui.app.run_app())
"""


def test_the_real_window_takes_the_first_screens_place() -> None:
    """In a process of its own, as the app runs (the app's start twice in one process upsets PySide6 6.12)."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **{ui.app.SMOKE_TEST_ENV: "1"})
    root = Path(__file__).resolve().parent.parent
    env["PYTHONPATH"] = os.pathsep.join([str(root), env.get("PYTHONPATH", "")])
    result = subprocess.run(
        [sys.executable, "-c", TAKING_PLACE], capture_output=True, text=True, env=env, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    before, first_at, after, window_at, shown = result.stdout.splitlines()
    assert (before, after, shown) == (
        "before: FirstScreenWindow",
        "after: MainWindow",
        "window shown: Insole Catalog, 76 products",
    )
    assert first_at.endswith(", 1280, 800)") and first_at != "first screen at: (0, 0, 1280, 800)"
    assert window_at.removeprefix("window at: ") == first_at.removeprefix("first screen at: ")  # in its place


# ---- a returning user: the window's first results are remembered ---------------------------------


def started_with_memory(qtbot: QtBot, key: StartKey, shown: FirstScreen | None) -> tuple[MainWindow, FirstScreenMemory]:
    """The real window started on the bundled catalog as the app starts it, once its first-screen
    memory has decided whether to write a snapshot."""
    window = MainWindow(open_stores_later=True)
    qtbot.addWidget(window)
    memory = FirstScreenMemory(window, key, shown)
    window.show()
    window.open_initial_catalog(None)
    qtbot.waitUntil(lambda: memory.written is not None)
    return window, memory


def test_a_saved_profiles_first_results_are_remembered_and_shown_at_the_next_start(qtbot: QtBot) -> None:
    settings = open_settings()
    settings.setValue(LAST_PROFILE_KEY, FLAT_FEET.to_json())
    settings.sync()
    key, shown = first_screen_for_start(None, settings)
    assert key is not None and shown is None  # the shipped snapshot is for no profile: the plain frame
    window, memory = started_with_memory(qtbot, key, shown)
    assert memory.written is True
    again = first_screen_for_start(None, open_settings())[1]
    assert again is not None and again.same_content(capture_first_screen(window))
    assert again.sort_key == "fit_score" and again.sort_descending and any(row[0] for row in again.rows)
    window.close()


def test_a_profile_with_warning_signs_keeps_the_plain_frame(qtbot: QtBot) -> None:
    """Its notes sit above the results, which the first screen cannot show: its table would jump."""
    settings = open_settings()
    settings.setValue(LAST_PROFILE_KEY, FootProfile(arch="flat", red_flags=("numbness-tingling",)).to_json())
    settings.sync()
    key, shown = first_screen_for_start(None, settings)
    assert key is not None and shown is None
    window, memory = started_with_memory(qtbot, key, shown)
    assert window.results.red_flags.texts()
    assert memory.written is False and not user_first_screen_path().exists()
    window.close()


def test_a_remembered_first_screen_for_another_profile_is_not_shown(qtbot: QtBot) -> None:
    settings = open_settings()
    settings.setValue(LAST_PROFILE_KEY, FLAT_FEET.to_json())
    key = start_key(settings)
    assert key is not None
    screen = read_first_screen(shipped_first_screen_path(), StartKey(key.catalog, "", key.app_version))
    assert screen is not None
    assert write_first_screen(user_first_screen_path(create=True), screen, key)
    assert first_screen_for_start(None, settings)[1] == screen
    settings.setValue(LAST_PROFILE_KEY, FootProfile(arch="high").to_json())  # the profile changed since
    assert first_screen_for_start(None, settings)[1] is None


def test_nothing_is_written_when_the_first_screen_already_said_the_same(qtbot: QtBot) -> None:
    key, shown = first_screen_for_start(None, open_settings())
    assert key is not None and shown is not None  # the shipped one
    window, memory = started_with_memory(qtbot, key, shown)
    assert memory.written is False
    assert not user_first_screen_path().exists()
    window.close()


def test_the_snapshot_file_keeps_the_shape_the_app_writes() -> None:
    data = json.loads(shipped_first_screen_path().read_text(encoding="utf-8"))
    assert sorted(data) == ["columns", "count", "format", "key", "rows", "shown", "sort", "version"]


def test_the_first_screens_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    _key, screen = first_screen_for_start(None, open_settings())
    assert screen is not None
    qtmodeltester.check(FirstScreenModel(screen))


def test_the_first_screen_needs_only_qt_and_the_standard_library() -> None:
    code = (
        "import sys, ui.app, ui.first_screen, catalog_app.storage.first_screen\n"
        "heavy = ('pandas', 'pyarrow', 'pydantic', 'numpy', 'sqlalchemy', 'matplotlib', 'ui.main_window')\n"
        "print(','.join(sorted(name for name in heavy if name in sys.modules)) or '-')\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env["PYTHONPATH"] = os.pathsep.join([str(Path(__file__).resolve().parent.parent), env.get("PYTHONPATH", "")])
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "-", f"imported with the first screen: {result.stdout.strip()}"
