"""The status-bar progress of a catalog loading in the background, with its Cancel button."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget


class LoadProgress(QWidget):
    cancelRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(self)
        self.label.setAccessibleName("Loading stage")
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # shows the file name
        self.bar = QProgressBar(self)
        self.bar.setAccessibleName("Catalog loading progress")
        self.bar.setRange(0, 100)
        self.bar.setFixedWidth(180)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setAccessibleName("Cancel loading")
        self.cancel_button.setToolTip("Stop loading and keep the current catalog")
        self.cancel_button.clicked.connect(self.cancelRequested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self.hide()

    def start(self, name: str) -> None:
        self.label.setText(f"Opening {name}…")
        self.bar.setValue(0)
        self.show()

    def update_progress(self, percent: int, stage: str) -> None:
        self.bar.setValue(percent)
        self.label.setText(stage)
