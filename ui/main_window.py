"""The main window: assembles the panes, menus and docks and wires their signals. No domain rules live here."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QFrame,
    QLabel,
    QMainWindow,
    QMenu,
    QScrollArea,
    QTabWidget,
    QWidget,
)

from catalog_app.finder.catalog_index import index_of
from catalog_app.finder.finder import FinderResult, SearchRequest, find_products
from catalog_app.finder.fit_score import FitResult
from catalog_app.io.catalog import Catalog, load_bundled_catalog
from catalog_app.io.catalog_source import CatalogSource, parse_catalog_source
from catalog_app.model.profile import FootProfile
from catalog_app.model.wording import APP_TITLE
from catalog_app.storage.database import display_url, resolve_database_url
from catalog_app.storage.profile_store import ProfileStore
from ui.about_box import app_icon, show_about
from ui.finder.catalog_table_model import COLUMN_INDEX, TABLE_COLUMNS, CatalogTableModel
from ui.finder.column_chooser import ColumnChooser
from ui.finder.detail_pane import DetailPane
from ui.finder.filter_pane import FilterPane
from ui.finder.profile_pane import ProfilePane
from ui.finder.results_view import CLEAR_ALL, PROFILE, ResultsView, hold_width
from ui.loading.catalog_loader import CatalogLoader
from ui.loading.load_progress import LoadProgress
from ui.loading.shop_catalog import NewerCatalogWatch, shop_title
from ui.loading.validation_dialog import ValidationDialog
from ui.screen_fit import SHORTLIST_MIN_ROWS, fit_small_screens, show_rows
from ui.store_connection import OpenedStores, first_stores, is_shared
from ui.store_opening import AfterFirstPaint, opening_placeholder
from ui.store_status import NewerCatalogNotice, StorePlaceLabel
from ui.store_switch import StoreSwitch
from ui.widgets.plain_text import show_warning, window_title
from ui.window_settings import WindowSettings

if TYPE_CHECKING:
    from catalog_app.io.catalog_database import CatalogVersion
    from catalog_app.shortlist.store import ShortlistStore
    from ui.compare.comparison_dialog import ComparisonDialog
    from ui.shortlist.shortlist_pane import ShortlistPane

CATALOG_FILTER = "Catalogs (*.csv *.tsv *.xlsx *.json *.parquet);;All files (*)"
PROFILE_SAVE_DELAY_MS = 1000  # the last profile is saved this long after the last answer changed
COMPARE_MIN, COMPARE_MAX = 2, 6
LEFT_WIDTH, RIGHT_WIDTH, SHORTLIST_HEIGHT = 320, 360, 250
SHOP_NEEDS_SERVER = (
    "The shop catalog is kept in a shared store: connect to one first (File → Connect to shared store…)."
)


class MainWindow(QMainWindow):
    fitChanged = Signal(object)  # FitResult, each time a new one is computed
    compareRequested = Signal(list)  # product ids, 2–6 of them
    addToShortlistRequested = Signal(str)  # product id
    catalogShown = Signal(object)  # Catalog, once it is in the table
    catalogRefused = Signal(str)  # the sentence shown when a file cannot be opened
    storeChanged = Signal(object)  # the database URL lists are now kept in (None: this computer)
    storeRefused = Signal(str)  # the sentence shown when a chosen store cannot be opened
    _store_opening: AfterFirstPaint | None  # opens the stores after the first paint, until it has

    def __init__(
        self,
        store: ShortlistStore | None = None,
        *,
        database_url: str | None = None,
        open_stores_later: bool = False,
    ) -> None:
        """`open_stores_later`: open the shortlist and profile stores just after the results first
        paint (the app's start), not before the window is built; see `ui.store_opening`."""
        super().__init__()
        self.setWindowTitle(APP_TITLE)
        self.resize(1280, 800)
        self.settings = WindowSettings()
        self.shop_version: CatalogVersion | None = None  # the published version shown (None: not the shop's)
        opened = self._plan_stores(store, database_url, open_stores_later)
        self.setWindowIcon(app_icon())
        self._catalog = Catalog.empty()
        self._profile = FootProfile()
        self._fit: FitResult | None = None
        self._result: FinderResult | None = None
        # The profile is written to the settings once the user pauses (and on close), not on every
        # answer: writing the settings file took 2-9 ms of each profile change's repaint.
        self._profile_saver = QTimer(self)
        self._profile_saver.setSingleShot(True)
        self._profile_saver.setInterval(PROFILE_SAVE_DELAY_MS)
        self._profile_saver.timeout.connect(self._save_profile)
        self.model = CatalogTableModel(self._catalog)
        # Until the stores are open, this computer's profiles file (a shared store's profiles follow).
        self.profile_pane = ProfilePane(opened[0].profiles if opened else ProfileStore())
        self._offer_saved_profiles(opened is not None or not is_shared(self.store_url))  # not the local names
        self.filter_pane = FilterPane()
        self.detail_pane = DetailPane()
        self.results = ResultsView(self.model, self.filter_pane.search_box, self)
        self.table = self.results.table
        self.table.sortByColumn(COLUMN_INDEX["name"], Qt.SortOrder.AscendingOrder)
        self.setCentralWidget(self.results)
        self.setTabPosition(Qt.DockWidgetArea.LeftDockWidgetArea, QTabWidget.TabPosition.North)
        self._build_menus()
        self.columns = ColumnChooser(self.table, [column.key for column in TABLE_COLUMNS], self.settings)
        self.view_menu.addMenu(self.columns.menu)
        self._build_docks()
        self.loader = CatalogLoader(self)
        self.load_progress = LoadProgress(self)
        self._build_store_parts()
        self._build_status_bar()
        self._wire()
        self._set_tab_order()
        if opened is not None:  # before the saved layout is restored, as the shortlist's minimum size counts
            self._attach_stores(*opened)
        self.screen_fit = fit_small_screens(
            self,
            table=self.table,
            shortlist_dock=self.shortlist_dock,
            side_docks={self.profile_dock: LEFT_WIDTH, self.filter_dock: LEFT_WIDTH, self.detail_dock: RIGHT_WIDTH},
        )
        self.settings.restore_window(self)
        profile, name = self.settings.last_profile()
        self._start_profile_name = name  # a shared store's saved name, selected once its names are in
        if not profile.is_empty:
            self.profile_pane.set_profile(profile, name)
        self._refresh()
        if opened is None:
            self._store_opening = AfterFirstPaint(self.table, self._open_stores)

    def _plan_stores(
        self, store: ShortlistStore | None, database_url: str | None, later: bool
    ) -> tuple[OpenedStores, str] | None:
        """The stores opened now (and a sentence if the chosen one could not be), or None: after the first paint."""
        # --database / INSOLE_CATALOG_DATABASE first, then the store chosen in the connect dialog.
        self.store_url = resolve_database_url(database_url) or self.settings.store_url()
        self._given_store = store
        self._shortlist_pane: ShortlistPane | None = None
        self._store_opening = None
        # Called instead of raising when the stores cannot be opened after the window is up (the app's start).
        self.on_stores_failed: Callable[[Exception], None] | None = None
        return None if later else first_stores(store, self.store_url)

    # ---- assembling ---------------------------------------------------------------------------

    def _build_docks(self) -> None:
        self.profile_dock = self.add_dock(_scrolled(self.profile_pane), "Profile", Qt.DockWidgetArea.LeftDockWidgetArea)
        self.filter_dock = self.add_dock(_scrolled(self.filter_pane), "Filters", Qt.DockWidgetArea.LeftDockWidgetArea)
        self.tabifyDockWidget(self.profile_dock, self.filter_dock)
        self.profile_dock.raise_()
        self.detail_dock = self.add_dock(self.detail_pane, "Details", Qt.DockWidgetArea.RightDockWidgetArea)
        # Along the bottom, under the results and the details: wide enough for notes, always in view.
        # (Tabbed with the details it would hide them, and in Qt 6.12 a second group of tabified
        # docks made before the window is shown leaves a stray tab bar on screen.)
        self.setCorner(Qt.Corner.BottomLeftCorner, Qt.DockWidgetArea.LeftDockWidgetArea)
        # The pane itself comes with the store (`_attach_stores`); until then the dock says it is opening.
        self.shortlist_dock = self.add_dock(opening_placeholder(), "Shortlist", Qt.DockWidgetArea.BottomDockWidgetArea)
        self.resizeDocks([self.shortlist_dock], [SHORTLIST_HEIGHT], Qt.Orientation.Vertical)
        self.resizeDocks([self.profile_dock, self.detail_dock], [LEFT_WIDTH, RIGHT_WIDTH], Qt.Orientation.Horizontal)

    def _build_status_bar(self) -> None:
        self.statusBar().addWidget(self.load_progress)
        self.count_label = QLabel(self)
        self.count_label.setAccessibleName("Product count")
        self.hidden_label = QLabel(self)
        self.hidden_label.setAccessibleName("Products that don't fit")
        # Permanent, so that a passing status message never covers the notice (nor the notice the message).
        self.statusBar().addPermanentWidget(self.catalog_notice)
        self.statusBar().addPermanentWidget(self.hidden_label)
        self.statusBar().addPermanentWidget(self.count_label)
        self.statusBar().addPermanentWidget(self.store_place)

    def _build_store_parts(self) -> None:
        self.store_place = StorePlaceLabel(self)
        self.catalog_notice = NewerCatalogNotice(self)
        self.catalog_watch = NewerCatalogWatch(self)
        self.store_switch = StoreSwitch(self)

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        self._action(file_menu, "&Open catalog…", self.choose_catalog, QKeySequence.StandardKey.Open)
        self._action(file_menu, "Open &bundled catalog", lambda: self.show_catalog(load_bundled_catalog()))
        self.shop_action = self._action(
            file_menu, "&Shop catalog", lambda: self.open_shop_catalog(), QKeySequence("Ctrl+Shift+O")
        )
        file_menu.addSeparator()
        self.connect_action = self._action(file_menu, "Co&nnect to shared store…", self.choose_store)
        file_menu.addSeparator()
        self._action(file_menu, "&Export shortlist…", lambda: self.shortlist_pane.ask_export(), QKeySequence("Ctrl+E"))
        self._action(
            file_menu, "&Print shortlist…", lambda: self.shortlist_pane.print_current(), QKeySequence.StandardKey.Print
        )
        file_menu.addSeparator()
        self._action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit)
        edit_menu = self.menuBar().addMenu("&Edit")
        self.edit_menu = edit_menu
        self.find_action = self._action(edit_menu, "&Find", self.focus_search, QKeySequence.StandardKey.Find)
        self.clear_filters_action = self._action(edit_menu, "&Clear filters", lambda: self.filter_pane.clear_all())
        edit_menu.addSeparator()
        self.shortlist_action = self._action(
            edit_menu, "&Add to shortlist", self._request_shortlist, QKeySequence("Ctrl+D")
        )
        self.compare_action = self._action(
            edit_menu, "Co&mpare selected", self._request_compare, QKeySequence("Ctrl+K")
        )
        self.shortlist_action.setEnabled(False)
        self.compare_action.setEnabled(False)
        self.view_menu = self.menuBar().addMenu("&View")
        help_menu = self.menuBar().addMenu("&Help")
        self._action(help_menu, f"&About {APP_TITLE}", self.show_about)

    def _action(
        self,
        menu: QMenu,
        text: str,
        slot: Callable[[], object],
        shortcut: QKeySequence | QKeySequence.StandardKey | None = None,
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def add_dock(self, widget: QWidget, title: str, area: Qt.DockWidgetArea) -> QDockWidget:
        """Add a pane as a dock with a View-menu toggle; its saved place is restored if there is one."""
        dock = QDockWidget(title, self)
        dock.setObjectName(re.sub(r"\W+", "", title.title()) + "Dock")
        dock.setWidget(widget)
        dock.setAccessibleName(f"{title} pane")
        self.addDockWidget(area, dock)
        toggle = dock.toggleViewAction()
        toggle.setText(f"{title} pane")
        self.view_menu.addAction(toggle)
        self.restoreDockWidget(dock)
        return dock

    def _wire(self) -> None:
        self.addToShortlistRequested.connect(self.add_to_shortlist)
        self.compareRequested.connect(self.open_comparison)
        self.loader.first_search = self._search_request
        self.loader.first_sort_keys = lambda: (self.model.sort_rank_key(scored=not self._profile.is_empty),)
        self.loader.progress.connect(self.load_progress.update_progress)
        self.loader.loaded.connect(self._on_loaded)
        self.loader.failed.connect(self._on_load_failed)
        self.loader.cancelled.connect(self._on_load_cancelled)
        self.loader.finished.connect(self.load_progress.hide)
        self.load_progress.cancelRequested.connect(self.loader.cancel)
        self.profile_pane.profileChanged.connect(self._on_profile_changed)
        self.filter_pane.filtersChanged.connect(lambda _state: self._refresh())
        self.results.show_excluded.toggled.connect(lambda _on: self._refresh())
        self.results.hint.relaxRequested.connect(self._relax)
        self.table.selectionModel().currentRowChanged.connect(lambda _current, _previous: self._show_detail())
        self.table.selectionModel().selectionChanged.connect(lambda _selected, _deselected: self._update_actions())
        self.detail_pane.addToShortlistRequested.connect(self.addToShortlistRequested)
        self.store_switch.opened.connect(self._use_stores)
        self.store_switch.refused.connect(self._on_store_refused)
        self.catalog_watch.newerPublished.connect(self._on_newer_catalog)
        self.catalog_notice.switchRequested.connect(self.open_shop_catalog)

    def _wire_shortlists(self, pane: ShortlistPane) -> None:
        self.edit_menu.insertActions(self.find_action, [pane.undo_action, pane.redo_action])
        self.edit_menu.insertSeparator(self.find_action)
        pane.compareRequested.connect(self.open_comparison)
        pane.productActivated.connect(self.select_product)
        pane.controller.connectionChanged.connect(self._show_store_connection)
        # One listening connection per window: the shortlist's watcher also brings the catalog's news.
        pane.controller.storeEvent.connect(self.catalog_watch.on_store_event)

    @cached_property
    def comparison(self) -> ComparisonDialog:
        """The comparison window, built when first wanted (its charts import matplotlib)."""
        from ui.compare.comparison_dialog import ComparisonDialog

        dialog = ComparisonDialog(self._catalog, self)
        dialog.set_fit(self._fit)
        dialog.view.addToShortlistRequested.connect(self.add_to_shortlist)
        self.fitChanged.connect(dialog.set_fit)
        return dialog

    # ---- the stores: opened before the window is built, or just after its first paint --------

    @property
    def shortlist_pane(self) -> ShortlistPane:
        """The shortlist pane; asking for it before the stores are open opens them now (nothing waits lost)."""
        if self._shortlist_pane is None:
            self.open_stores_now()
        if self._shortlist_pane is None:
            raise RuntimeError("The shortlists could not be opened.")
        return self._shortlist_pane

    @property
    def stores_open(self) -> bool:
        return self._shortlist_pane is not None

    def open_stores_now(self) -> None:
        """Open the stores if they are still waiting for the window's first paint."""
        if self._store_opening is not None:
            self._store_opening.run()

    def _open_stores(self) -> None:
        try:
            stores, notice = first_stores(self._given_store, self.store_url)
        except Exception as error:  # as when they were opened before the window: the start fails with it
            if self.on_stores_failed is None:
                raise
            self.on_stores_failed(error)
            return
        self._attach_stores(stores, notice)

    def _attach_stores(self, stores: OpenedStores, notice: str) -> None:
        """The shortlist pane on the opened store, in the dock; the profile pane on its store."""
        from ui.shortlist.shortlist_pane import ShortlistPane
        from ui.shortlist.store_retry import StoreRetry

        if stores.url != self.store_url:  # a shared store that could not be opened: this computer's meanwhile
            self.catalog_watch.watch(None, None)
        self.store_url = stores.url
        if stores.profiles is not self.profile_pane.store:
            self._use_profile_store(stores.profiles)
        pane = ShortlistPane(stores.shortlists, settings=self.settings)
        self._shortlist_pane = pane
        # A read-only store (locked, full disk, cannot be opened) is tried again quietly; the pane says why.
        self.store_retry = StoreRetry(pane.store, self)
        self.store_retry.writable.connect(self._on_store_writable)
        placeholder = self.shortlist_dock.widget()
        self.shortlist_dock.setWidget(pane)
        if placeholder is not None:
            placeholder.deleteLater()
        show_rows(pane.table, SHORTLIST_MIN_ROWS)
        self._wire_shortlists(pane)
        pane.set_catalog(self._catalog)
        if not self._profile.is_empty:
            pane.set_profile(self._profile)
        self._show_store_place()
        if notice:
            self.statusBar().showMessage(notice, 15000)

    def _use_profile_store(self, store: ProfileStore) -> None:
        old = self.profile_pane.store
        self.profile_pane.replace_store(store)
        old.close()
        self._offer_saved_profiles(True)
        if not self.profile_pane.profile_name() and self._start_profile_name:
            self.profile_pane.reload_names(select=self._start_profile_name)
            if self.profile_pane.profile_name():
                self.settings.save_profile(self._profile, self.profile_pane.profile_name())

    def _offer_saved_profiles(self, enabled: bool) -> None:
        box = self.profile_pane.names.parentWidget()
        if box is not None:
            box.setEnabled(enabled)

    def _set_tab_order(self) -> None:
        chain = [
            self.filter_pane.search_box,
            self.results.show_excluded,
            self.table,
            self.detail_pane.browser,
            self.detail_pane.add_button,
        ]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    # ---- catalog ------------------------------------------------------------------------------

    def open_initial_catalog(self, path: CatalogSource | str | None) -> None:
        """The catalog to start with: a file, the bundled one (None), or `db:`/`db:N` for the shop's."""
        try:
            source = parse_catalog_source(path) if isinstance(path, str) else path
        except ValueError as error:
            source = None
            self.statusBar().showMessage(f"--catalog {error}.", 15000)
        if isinstance(source, Path):
            self.open_catalog_file(source)
        elif source is not None and is_shared(self.store_url):
            self.open_shop_catalog(source.version)  # the window is empty until it has loaded
        else:
            self.show_catalog(load_bundled_catalog())
            if source is not None:
                self.statusBar().showMessage(SHOP_NEEDS_SERVER, 15000)

    def open_shop_catalog(self, version: int | None = None) -> None:
        """Load the shop's published catalog (the latest, or `version`) from the shared store, in the background."""
        if not is_shared(self.store_url) or self.store_url is None:
            self.statusBar().showMessage(SHOP_NEEDS_SERVER, 8000)
            return
        self.catalog_notice.hide()
        self.load_progress.start("the shop catalog")
        self.loader.start_shop(self.store_url, version or None)

    def choose_catalog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open catalog", "", CATALOG_FILTER)
        if path:
            self.open_catalog_file(Path(path))

    def open_catalog_file(self, path: Path) -> None:
        """Load in the background; the current catalog stays usable until the new one is ready."""
        self.load_progress.start(Path(path).name)
        self.loader.start(path)

    def _on_loaded(self, catalog: Catalog) -> None:
        if not catalog.report.is_clean:
            dialog = ValidationDialog(catalog.report, self)
            if dialog.exec() != ValidationDialog.DialogCode.Accepted or not len(catalog):
                self.statusBar().showMessage(f"Kept {self._catalog.source}; {catalog.source} was not loaded.", 8000)
                return
        self.show_catalog(catalog)

    def _on_load_failed(self, sentence: str) -> None:
        self.catalogRefused.emit(sentence)
        show_warning(self, "Cannot open catalog", sentence)

    def _on_load_cancelled(self) -> None:
        self.statusBar().showMessage(f"Loading cancelled; still showing {self._catalog.source}.", 8000)

    def show_catalog(self, catalog: Catalog) -> None:
        self._catalog = catalog
        self._fit = None
        self.detail_pane.clear()
        self.model.set_catalog(catalog, rows_follow=True)  # _refresh below sets the rows
        self.profile_pane.set_currencies(index_of(catalog).currency_codes[1])  # prepared by the loader
        if self.stores_open:  # else the pane is given the catalog when it is built
            self.shortlist_pane.set_catalog(catalog)
        self._refresh()
        self._show_catalog_origin(catalog)
        self.catalogShown.emit(catalog)

    def _show_catalog_origin(self, catalog: Catalog) -> None:
        """The title says which shop catalog version is shown (the loader knows who published it and when)."""
        shop_version = self.loader.shop_version
        if shop_version is None or shop_version.number != catalog.published_version:
            shop_version = None
        self.shop_version = shop_version
        title = APP_TITLE if shop_version is None else f"{APP_TITLE} — {shop_title(shop_version)}"
        self.setWindowTitle(window_title(title))
        self.statusBar().showMessage(f"Loaded {len(catalog):,} products from {catalog.source}", 5000)
        self.catalog_notice.hide()
        self.catalog_watch.watch(self.store_url, None if shop_version is None else shop_version.number)

    # ---- finding ------------------------------------------------------------------------------

    def _on_profile_changed(self, profile: FootProfile) -> None:
        was_empty = self._profile.is_empty
        self._profile = profile
        self._fit = None
        self._profile_saver.start()
        if self.stores_open:  # else the pane is given the profile when it is built
            self.shortlist_pane.set_profile(profile)
        self.results.set_profile(profile)
        self._refresh()
        if was_empty and not profile.is_empty:
            self.table.sortByColumn(COLUMN_INDEX["fit_score"], Qt.SortOrder.DescendingOrder)

    def _save_profile(self) -> None:
        self.settings.save_profile(self._profile, self.profile_pane.profile_name())

    def _search_request(self) -> SearchRequest:
        """The finder's question as the window stands (the loader answers it ahead for a new catalog)."""
        return SearchRequest(self._profile, self.filter_pane.state(), self.results.show_excluded.isChecked())

    def _refresh(self) -> None:
        """One call to the finder; the model, the filter counts, the hint and the status follow."""
        current = self.current_product_id()
        request = self._search_request()
        include_excluded = request.include_excluded
        result = find_products(
            self._catalog, request.profile, request.filters, include_excluded=include_excluded, fit=self._fit
        )
        new_fit = result.fit is not self._fit
        self._fit = result.fit
        self._result = result
        scores = None if self._profile.is_empty else result.fit.scores
        confidence = None if self._profile.is_empty else result.fit.confidence_codes
        excluded = result.fit.excluded if include_excluded else None
        ranks = None if self._profile.is_empty else result.fit.score_ranks
        self.model.set_results(result.positions, scores, excluded, confidence, score_ranks=ranks, best_first=True)
        self.filter_pane.set_facets(result.facets, result.total)
        if result.count:
            self.results.show_table()
        else:
            self.results.show_hints(result.hints, catalog_empty=not len(self._catalog))
        self._update_status(result)
        self._restore_current(current)
        self._update_actions()
        if new_fit:
            self.fitChanged.emit(result.fit)

    def _update_status(self, result: FinderResult) -> None:
        hold_width(self.count_label, f"{result.total:,} of {result.total:,} products")
        self.count_label.setText(f"{result.count:,} of {result.total:,} products")
        hidden = 0 if self.results.show_excluded.isChecked() else result.held_back
        if hidden:
            hold_width(self.hidden_label, f"{result.total:,} hidden (wrong shoe type or over budget)")
        self.hidden_label.setText(f"{hidden:,} hidden (wrong shoe type or over budget)" if hidden else "")
        self.hidden_label.setVisible(bool(hidden))

    def _restore_current(self, product_id: str | None) -> None:
        """Keep the product the user was looking at, if it is still listed; the details follow the table."""
        row = self.model.row_of(product_id) if product_id else None
        if row is not None:
            self.table.selectionModel().setCurrentIndex(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
        self._show_detail()

    def _relax(self, field: str) -> None:
        if field == PROFILE:
            self.results.show_excluded.setChecked(True)
        elif field == CLEAR_ALL:
            self.filter_pane.clear_all()
        else:
            self.filter_pane.clear_field(field)

    def _show_detail(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            self.detail_pane.clear()
        else:
            position = self.model.position(index.row())
            self.detail_pane.show_product(self._catalog, position, self._fit, profile_set=not self._profile.is_empty)
        self._update_actions()

    # ---- what other panes and the lead's docks use --------------------------------------------

    def current_profile(self) -> FootProfile:
        return self._profile

    def current_fit(self) -> FitResult | None:
        return self._fit

    def current_product_id(self) -> str | None:
        index: QModelIndex = self.table.currentIndex()
        if not index.isValid() or index.row() >= self.model.rowCount():
            return None
        return self.model.product_id(index.row())

    def selected_product_ids(self) -> list[str]:
        return [self.model.product_id(int(row)) for row in self.table.selected_rows()]

    def focus_search(self) -> None:
        box = self.filter_pane.search_box
        box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        box.selectAll()

    def _update_actions(self) -> None:
        selected = self.table.selected_row_count()
        self.compare_action.setEnabled(COMPARE_MIN <= selected <= COMPARE_MAX)
        self.shortlist_action.setEnabled(self.current_product_id() is not None)

    def _request_compare(self) -> None:
        ids = self.selected_product_ids()
        if COMPARE_MIN <= len(ids) <= COMPARE_MAX:
            self.compareRequested.emit(ids)

    def _request_shortlist(self) -> None:
        product_id = self.current_product_id()
        if product_id:
            self.addToShortlistRequested.emit(product_id)

    def add_to_shortlist(self, product_id: str) -> None:
        if self.shortlist_pane.add_product(product_id):
            self.statusBar().showMessage(f"Added to the shortlist '{self.shortlist_pane.current_list()}'.", 5000)
        self.shortlist_dock.show()

    def open_comparison(self, product_ids: list[str]) -> None:
        self.comparison.show_products(self._catalog, list(product_ids), self._fit)

    def select_product(self, product_id: str) -> None:
        """Show a product (e.g. from the shortlist) in the table, if the current filters list it."""
        row = self.model.row_of(product_id)
        if row is None:
            self.statusBar().showMessage(
                "That product is not among the current results; clear filters to see it.", 8000
            )
            return
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(self.model.index(row, 0))
        self.detail_dock.raise_()

    def show_about(self) -> None:
        show_about(self)

    def _on_store_writable(self) -> None:
        self.shortlist_pane.store_reopened()
        self.statusBar().showMessage("Shortlists can be changed again.", 8000)

    def _show_store_connection(self, sentence: str) -> None:
        """The shared store's server was lost (one sentence, until it is back) or is back."""
        self.statusBar().showMessage(sentence or "Connected to the shared store again.", 0 if sentence else 8000)

    def _on_newer_catalog(self, version: int) -> None:
        self.statusBar().clearMessage()  # a passing message would crowd the notice
        self.catalog_notice.tell(version)

    # ---- where lists are kept ------------------------------------------------------------------

    def choose_store(self) -> None:
        """File → Connect to shared store…: the dialog, then the chosen store (opened in the background)."""
        from ui.shared_store_dialog import SharedStoreDialog

        dialog = SharedStoreDialog(self.store_url, self)
        if dialog.exec() == SharedStoreDialog.DialogCode.Accepted:
            self.use_store(dialog.chosen_url)

    def use_store(self, url: str | None) -> None:
        """Keep lists and profiles on `url` (None: this computer) from now on, and at the next start."""
        self.statusBar().showMessage(f"Opening the store on {display_url(url)}…")
        self.store_switch.open(url)

    def _use_stores(self, stores: OpenedStores) -> None:
        old, old_profiles = self.shortlist_pane.store, self.profile_pane.store
        self.store_retry.stop()
        if stores.url != self.store_url:  # a shop catalog shown came from the old store: no news of it here
            self.catalog_watch.watch(None, None)
            self.catalog_notice.hide()
        self.store_url = stores.url
        self.settings.save_store_url(stores.url)
        self.shortlist_pane.replace_store(stores.shortlists)
        self.profile_pane.replace_store(stores.profiles)
        old.close()
        old_profiles.close()
        from ui.shortlist.store_retry import StoreRetry

        self.store_retry = StoreRetry(stores.shortlists, self)
        self.store_retry.writable.connect(self._on_store_writable)
        self._show_store_place()
        self.statusBar().showMessage(f"Lists and profiles are now kept in {display_url(stores.url)}.", 8000)
        self.storeChanged.emit(stores.url)

    def _on_store_refused(self, sentence: str) -> None:
        self.statusBar().clearMessage()
        self.storeRefused.emit(sentence)
        show_warning(self, "Cannot open the shared store", sentence)

    def _show_store_place(self) -> None:
        self.store_place.show_place(self.store_url, self.shortlist_pane.store.location)
        self.shop_action.setEnabled(is_shared(self.store_url))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.loader.shutdown()
        self.store_switch.stop()
        self.catalog_watch.stop()
        if self._store_opening is not None:
            self._store_opening.cancel()  # a window closed before its first paint opens no store
        if self._shortlist_pane is not None:
            self.store_retry.stop()
            self._shortlist_pane.stop_watching()
            self._shortlist_pane.store.close()
        self.profile_pane.store.close()
        self._profile_saver.stop()
        self.settings.save_window(self)
        self._save_profile()
        self.settings.sync()
        super().closeEvent(event)


def _scrolled(pane: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidget(pane)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the controls; the area scrolls to the focused one
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    return area
