"""The money spent on each compared product month by month: a step at every replacement.

Also home of `ChartView`, the matplotlib canvas both comparison charts use, which follows the window's
palette (light or dark). The figures themselves are drawn by the Qt-free core
(`catalog_app.costs.cost_chart_figure`), which the printed shortlist uses too.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QPalette, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

from catalog_app.costs.chart_style import ChartColours, colours_for
from catalog_app.costs.comparison import Comparison
from catalog_app.costs.cost_chart_figure import draw_cost_chart
from catalog_app.model.display import format_money

if TYPE_CHECKING:
    from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
    from matplotlib.figure import Figure


def palette_colours(palette: QPalette) -> ChartColours:
    """The chart colours of a Qt palette: its window, text and mid (grid) colours."""
    return colours_for(
        background=palette.color(QPalette.ColorRole.Window).name(),
        text=palette.color(QPalette.ColorRole.WindowText).name(),
        grid=palette.color(QPalette.ColorRole.Mid).name(),
    )


class ChartView(QWidget):
    """A matplotlib canvas that redraws its figure when the data or the palette changes.

    matplotlib is imported when a chart is first shown or given products, not at start-up.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._canvas: FigureCanvasQTAgg | None = None
        self._comparison: Comparison | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setMinimumSize(280, 200)

    @property
    def canvas(self) -> FigureCanvasQTAgg:
        if self._canvas is None:
            from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
            from matplotlib.figure import Figure

            self._canvas = FigureCanvasQTAgg(Figure(figsize=(4.0, 3.0), layout="constrained"))
            self._canvas.setParent(self)
            self._canvas.setAccessibleName(self.accessibleName())
            self._canvas.setMinimumSize(1, 1)
            layout = self.layout()
            assert layout is not None
            layout.addWidget(self._canvas)
        return self._canvas

    @property
    def figure(self) -> Figure:
        return self.canvas.figure

    def set_comparison(self, comparison: Comparison | None) -> None:
        self._comparison = comparison
        self.setAccessibleDescription(self.describe(comparison))
        self.redraw()

    def redraw(self) -> None:
        has_data = self._comparison is not None and bool(self._comparison.products)
        if self._canvas is None and not (has_data or self.isVisible()):
            return  # drawn when first shown
        self.draw(self.figure, self._comparison, palette_colours(self.palette()))
        self.canvas.draw_idle()

    def draw(self, figure: Figure, comparison: Comparison | None, colours: ChartColours) -> None:
        raise NotImplementedError

    def describe(self, comparison: Comparison | None) -> str:
        """The chart in words, for a screen reader."""
        return ""

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._canvas is None:
            self.redraw()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._canvas is not None:
            self.redraw()  # the legend takes as many columns as the new width holds

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._canvas is not None:
            self.redraw()


class CostChartView(ChartView):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("costChart")
        self.setAccessibleName("Cumulative cost chart")
        self.set_comparison(None)

    def draw(self, figure: Figure, comparison: Comparison | None, colours: ChartColours) -> None:
        costs = [] if comparison is None else comparison.products
        horizon = 24 if comparison is None else comparison.options.horizon_months
        draw_cost_chart(costs, horizon, colours=colours, figure=figure)

    def describe(self, comparison: Comparison | None) -> str:
        if comparison is None or not comparison.products:
            return ""
        totals = [f"{cost.name} {format_money(cost.cost_over_horizon, cost.currency)}" for cost in comparison.products]
        return "Cost over the horizon: " + "; ".join(totals)
