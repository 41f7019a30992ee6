"""Shows a catalog's validation report and offers to load the valid rows."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from catalog_app.model.validation_report import ValidationReport
from ui.widgets.plain_text import window_title


class ValidationDialog(QDialog):
    def __init__(self, report: ValidationReport, parent: Any = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(window_title(f"Problems in {report.source}"))
        self.resize(820, 460)
        layout = QVBoxLayout(self)
        summary = QLabel(
            f"<b>{html.escape(report.summary())}.</b> Rows with problems are listed below; "
            "you can load the valid rows or cancel and fix the file."
        )
        summary.setTextFormat(Qt.TextFormat.RichText)  # our markup around an escaped summary
        summary.setWordWrap(True)
        layout.addWidget(summary)
        problems = [*report.errors, *report.warnings]
        table = QTableWidget(len(problems), 4, self)
        table.setObjectName("problemTable")
        table.setAccessibleName("Problems found")
        table.setHorizontalHeaderLabels(["Row", "Column", "Value", "Problem"])
        for row, problem in enumerate(problems):
            kind = "" if problem in report.errors else "warning: "
            for column, text in enumerate((str(problem.row), problem.column, problem.value, kind + problem.message)):
                table.setItem(row, column, QTableWidgetItem(text))
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        table.setColumnWidth(0, 50)
        table.setColumnWidth(1, 130)
        table.setColumnWidth(2, 160)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout.addWidget(table)
        buttons = QDialogButtonBox(self)
        self.load_button = buttons.addButton(f"Load {report.valid} valid rows", QDialogButtonBox.ButtonRole.AcceptRole)
        self.load_button.setEnabled(report.valid > 0)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.table = table
