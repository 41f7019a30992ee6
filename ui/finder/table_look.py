"""How the results table looks: its rows, cells and column sizing. Shared by the window's table
and the first screen's, which must look the same and paints before the core is imported (Qt only)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTableView

ROW_HEIGHT = 24  # fixed: nothing measures every row, so a million rows stay fast


def set_results_look(view: QTableView) -> None:
    """Alternating rows of one fixed height, one line per cell elided at the right, no row
    numbers, and columns the user sizes."""
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    vertical = view.verticalHeader()
    vertical.setVisible(False)
    vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    vertical.setDefaultSectionSize(ROW_HEIGHT)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
