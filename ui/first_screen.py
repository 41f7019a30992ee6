"""The first screen: the main window as it will look, its results table filled from a snapshot
(`catalog_app.storage.first_screen`), painted while the finder's libraries are still being imported.

It needs only Qt and the standard library. It has the main window's title, place and size, its menus,
panes and columns (as the settings left them), and says in its status bar and search box that the
finder is getting ready. Nothing in it takes input: the menus, search box and panes are disabled, the
table takes no focus or selection, and the pointer is a wait cursor, so nothing typed or clicked seems
to do something and is then lost. The real window takes its place as soon as it is built.
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QByteArray,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSettings,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from catalog_app.model.version import app_version
from catalog_app.model.wording import APP_TITLE
from catalog_app.storage.first_screen import (
    FirstScreen,
    StartKey,
    bundled_catalog_identity,
    first_screen_for,
    profile_key_text,
    shipped_first_screen_path,
    user_first_screen_path,
)
from ui.finder.column_widths import FIRST_START_TABLE_WIDTH, default_keys, fitted_widths
from ui.finder.table_look import set_results_look
from ui.screen_fit import clamp_to_screen, fit_small_screens
from ui.settings_location import (
    GEOMETRY_KEY,
    LAST_PROFILE_KEY,
    LAYOUT_VERSION,
    STATE_KEY,
    saved_columns,
)
from ui.store_opening import opening_placeholder
from ui.widgets.plain_text import plain_label

FIRST_SCREEN = "firstScreen"  # the window's object name, and a property of its table (for the benchmark)
GETTING_READY = "Getting the finder ready… the products can be searched and chosen in a moment."
SEARCH_WAIT = "Search opens in a moment…"
WINDOW_SIZE = (1280, 800)  # the main window's own first size
# The main window's panes: (title, area, width or height); the object names follow `MainWindow.add_dock`.
LEFT_WIDTH, RIGHT_WIDTH, SHORTLIST_HEIGHT = 320, 360, 250
RIGHT_ALIGNED = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
ModelIndex = QModelIndex | QPersistentModelIndex


def start_key(settings: QSettings) -> StartKey | None:
    """This start's key when it opens the bundled catalog; None if the catalog cannot be read."""
    catalog = bundled_catalog_identity()
    if catalog is None:
        return None
    return StartKey(catalog, profile_key_text(settings.value(LAST_PROFILE_KEY, "")), app_version())


def first_screen_for_start(catalog_path: object, settings: QSettings) -> tuple[StartKey | None, FirstScreen | None]:
    """This start's key and the snapshot to show for it. No key when the start opens another catalog (it
    loads in the background: the window's first paint would not show its rows) or the bundled one cannot
    be read; no snapshot (the plain frame) when none is for this start."""
    key = start_key(settings) if catalog_path is None else None
    if key is None:
        return None, None
    return key, first_screen_for(key, [user_first_screen_path(), shipped_first_screen_path()])


class FirstScreenModel(QAbstractTableModel):
    """The snapshot's rows, read-only; every cell is its text as written (display text is never rich text)."""

    def __init__(self, screen: FirstScreen, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._screen = screen

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._screen.rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._screen.columns)

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._screen.rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and self._screen.columns[index.column()].align == "right":
            return int(RIGHT_ALIGNED.value)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._screen.columns[section].header
        return None

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        return Qt.ItemFlag.ItemIsEnabled if index.isValid() else Qt.ItemFlag.NoItemFlags


class FirstScreenTable(QTableView):
    """Looks like the results table (`ui.finder.results_view.ResultsTable`); takes no focus or selection."""

    def __init__(self, screen: FirstScreen, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._screen = screen
        self._shown: list[str] = []
        self._widths: dict[str, int] = {}
        self._first_start = True
        self.setObjectName("resultsTable")  # what the benchmark watches for a filled paint
        self.setProperty(FIRST_SCREEN, True)  # … and how it tells this table from the real one
        self.setAccessibleName("Products (getting ready)")
        self.setModel(FirstScreenModel(screen, self))
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        set_results_look(self)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionsClickable(False)
        keys = [column.key for column in screen.columns]
        header.setSortIndicatorShown(True)
        order = Qt.SortOrder.DescendingOrder if screen.sort_descending else Qt.SortOrder.AscendingOrder
        header.setSortIndicator(keys.index(screen.sort_key), order)

    def lay_out_columns(self, saved: tuple[list[str], dict[str, int]] | None) -> None:
        """The columns as `ColumnChooser` lays them out: the saved ones, in their order, at their saved
        widths; on a first start the snapshot's, at their own widths fitted to the table. Narrowed again
        to fit whenever the table is sized, as the window's own are until a user drags one."""
        own = {column.key: column.width for column in self._screen.columns}
        keys = list(own)
        shown, widths = saved if saved is not None else (list(self._screen.shown), {})
        self._shown = [key for key in shown if key in keys] or default_keys(keys) or keys[:1]
        self._widths = {key: widths[key] if widths.get(key, 0) > 0 else own[key] for key in keys}
        self._first_start = saved is None
        header = self.horizontalHeader()
        for visual, key in enumerate(self._shown + [key for key in keys if key not in self._shown]):
            logical = keys.index(key)
            header.moveSection(header.visualIndex(logical), visual)
            header.setSectionHidden(logical, key not in self._shown)
        self._fit(FIRST_START_TABLE_WIDTH if self._first_start else None)
        self.viewport().installEventFilter(self)

    def _fit(self, available: int | None) -> None:
        own = {column.key: column.width for column in self._screen.columns}
        widths = own if self._first_start else dict(self._widths)
        if available is not None:
            if not self._first_start:  # the last column stretches: its own width, not the stretched one
                widths[self._shown[-1]] = min(widths[self._shown[-1]], own[self._shown[-1]])
            widths = fitted_widths(self._shown, widths, available)
        header = self.horizontalHeader()
        header.setStretchLastSection(False)
        for logical, key in enumerate(own):
            header.resizeSection(logical, widths[key])
        header.setStretchLastSection(True)  # the last column fills the table again, at its new width

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # a Qt override
        if event.type() == QEvent.Type.Resize and watched is self.viewport() and self.isVisible():
            self._fit(self.viewport().width())
        return super().eventFilter(watched, event)


class FirstScreenWindow(QMainWindow):
    """The window as it will look, read-only, with the snapshot's rows, until the real one is built."""

    def __init__(self, screen: FirstScreen, settings: QSettings) -> None:
        super().__init__()
        self.setObjectName(FIRST_SCREEN)
        self.setWindowTitle(APP_TITLE)
        self.resize(*WINDOW_SIZE)
        self.setCursor(Qt.CursorShape.WaitCursor)  # the honest pointer: nothing here answers yet
        self.table = FirstScreenTable(screen, self)
        self.setCentralWidget(self._results(self.table))
        for title in ("&File", "&Edit", "&View", "&Help"):
            self.menuBar().addMenu(title).setEnabled(False)
        self.setTabPosition(Qt.DockWidgetArea.LeftDockWidgetArea, QTabWidget.TabPosition.North)
        shortlist = self._docks()
        self.ready_line = plain_label(GETTING_READY, self)
        self.ready_line.setObjectName("firstScreenReady")
        self.statusBar().addWidget(self.ready_line, 1)
        self.statusBar().addPermanentWidget(plain_label(screen.count, self))
        fit_small_screens(self, table=self.table, shortlist_dock=shortlist, side_docks={})
        self._restore(settings, screen)

    def _results(self, table: FirstScreenTable) -> QWidget:
        """The search row (disabled, saying it opens in a moment) above the table, as `ResultsView` lays them out."""
        results = QWidget(self)
        search = QLineEdit(results)
        search.setPlaceholderText(SEARCH_WAIT)
        search.setEnabled(False)
        excluded = QCheckBox("Show products that don't fit", results)
        excluded.setEnabled(False)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(QLabel("Search:", results))
        top.addWidget(search, 1)
        top.addWidget(excluded)
        layout = QVBoxLayout(results)
        layout.setContentsMargins(4, 4, 4, 0)
        layout.addLayout(top)
        layout.addWidget(table, 1)
        return results

    def _docks(self) -> QDockWidget:
        """The panes where the main window has them (a restored layout moves them alike); returns the shortlist dock."""
        profile = self._dock("Profile", Qt.DockWidgetArea.LeftDockWidgetArea)
        filters = self._dock("Filters", Qt.DockWidgetArea.LeftDockWidgetArea)
        self.tabifyDockWidget(profile, filters)
        profile.raise_()
        details = self._dock("Details", Qt.DockWidgetArea.RightDockWidgetArea)
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        shortlist = self._dock("Shortlist", Qt.DockWidgetArea.BottomDockWidgetArea, opening_placeholder())
        self.resizeDocks([shortlist], [SHORTLIST_HEIGHT], Qt.Orientation.Vertical)
        self.resizeDocks([profile, details], [LEFT_WIDTH, RIGHT_WIDTH], Qt.Orientation.Horizontal)
        return shortlist

    def _dock(self, title: str, area: Qt.DockWidgetArea, content: QWidget | None = None) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(re.sub(r"\W+", "", title.title()) + "Dock")
        if content is None:
            content = plain_label("Getting ready…")
            content.setAlignment(Qt.AlignmentFlag.AlignCenter)
            content.setStyleSheet("color: palette(placeholder-text);")
        dock.setWidget(content)
        # Neither floated nor closed: the real window would not follow, and the click would be lost.
        dock.setFeatures(QDockWidget.DockWidgetFeature.NoDockWidgetFeatures)
        self.addDockWidget(area, dock)
        return dock

    def _restore(self, settings: QSettings, screen: FirstScreen) -> None:
        """The saved place, pane layout and columns, as the main window restores them."""
        geometry = settings.value(GEOMETRY_KEY)
        if isinstance(geometry, QByteArray) and not geometry.isEmpty() and self.restoreGeometry(geometry):
            clamp_to_screen(self)
        state = settings.value(STATE_KEY)
        if isinstance(state, QByteArray) and not state.isEmpty():
            self.restoreState(state, LAYOUT_VERSION)
        self.table.lay_out_columns(saved_columns(settings))
