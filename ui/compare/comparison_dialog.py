"""The comparison in its own window, so the results stay in view beside it."""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget

from catalog_app.finder.fit_score import FitResult
from catalog_app.io.catalog import Catalog
from ui.compare.comparison_view import ComparisonView


class ComparisonDialog(QDialog):
    def __init__(self, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Compare insoles")
        self.setObjectName("ComparisonDialog")
        self.resize(1100, 720)
        self.view = ComparisonView(catalog, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.view)
        self._catalog = catalog

    def show_products(self, catalog: Catalog, product_ids: list[str], fit: FitResult | None) -> None:
        if catalog is not self._catalog:
            self._catalog = catalog
            self.view.set_catalog(catalog)
        self.set_fit(fit)
        self.view.set_products(product_ids)
        self.show()
        self.raise_()
        self.activateWindow()

    def set_fit(self, fit: FitResult | None) -> None:
        """Fit scores for the "best fit" row; products that cannot fit are never suggested (NaN)."""
        if fit is None or fit.profile.is_empty:
            self.view.set_fit_scores(None)
        else:
            self.view.set_fit_scores(np.where(fit.excluded, np.nan, fit.scores))
