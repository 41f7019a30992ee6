"""The main window: assembles the panes and wires their signals. No domain rules live here."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QHeaderView, QLabel, QMainWindow, QMessageBox, QTableView

from catalog_app.catalog import Catalog, CatalogReadError, load_bundled_catalog, load_catalog
from catalog_app.wording import ABOUT_TEXT, APP_TITLE
from ui.catalog_table_model import COLUMN_INDEX, TABLE_COLUMNS, CatalogTableModel
from ui.validation_dialog import ValidationDialog

CATALOG_FILTER = "Catalogs (*.csv *.tsv *.xlsx *.json *.parquet);;All files (*)"


class MainWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle(APP_TITLE)
        self.resize(1280, 800)
        self.model = CatalogTableModel(Catalog.empty())
        self.table = QTableView(self)
        self.table.setObjectName("resultsTable")
        self.table.setAccessibleName("Products")
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COLUMN_INDEX["name"], Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for position, column in enumerate(TABLE_COLUMNS):
            self.table.setColumnWidth(position, column.width)
        self.setCentralWidget(self.table)
        self.count_label = QLabel(self)
        self.count_label.setAccessibleName("Product count")
        self.statusBar().addPermanentWidget(self.count_label)
        self._build_menus()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        open_action = QAction("&Open catalog…", self)
        open_action.setShortcut(QKeySequence.StandardKey.Open)
        open_action.triggered.connect(self.choose_catalog)
        file_menu.addAction(open_action)
        bundled_action = QAction("Open &bundled catalog", self)
        bundled_action.triggered.connect(lambda: self.show_catalog(load_bundled_catalog()))
        file_menu.addAction(bundled_action)
        file_menu.addSeparator()
        quit_action = QAction("&Quit", self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu("&Help")
        about_action = QAction("&About Insole Catalog", self)
        about_action.triggered.connect(self.show_about)
        help_menu.addAction(about_action)

    # ---- catalog ---------------------------------------------------------------------------

    def open_initial_catalog(self, path: Path | None) -> None:
        if path is None:
            self.show_catalog(load_bundled_catalog())
        else:
            self.open_catalog_file(path)

    def choose_catalog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open catalog", "", CATALOG_FILTER)
        if path:
            self.open_catalog_file(Path(path))

    def open_catalog_file(self, path: Path) -> None:
        try:
            catalog = load_catalog(path, invalid_rows="load-valid")
        except CatalogReadError as error:
            QMessageBox.warning(self, "Cannot open catalog", str(error))
            return
        if not catalog.report.is_clean:
            dialog = ValidationDialog(catalog.report, self)
            if dialog.exec() != ValidationDialog.DialogCode.Accepted or not len(catalog):
                return
        self.show_catalog(catalog)

    def show_catalog(self, catalog: Catalog) -> None:
        self.model.set_catalog(catalog)
        self._update_count()

    def _update_count(self) -> None:
        total = len(self.model.catalog)
        shown = self.model.rowCount()
        self.count_label.setText(f"{shown:,} of {total:,} products")
        self.statusBar().showMessage(f"Loaded {total:,} products from {self.model.catalog.source}", 5000)

    def show_about(self) -> None:
        QMessageBox.about(self, f"About {APP_TITLE}", ABOUT_TEXT)
