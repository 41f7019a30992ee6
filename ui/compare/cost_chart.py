"""The money spent on each compared product month by month: a step at every replacement.

Also home of `follow_palette`, which both comparison charts use to match the window's palette.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCharts import QChart, QChartView, QLineSeries, QValueAxis
from PySide6.QtCore import QEvent, QMargins, QPointF, Qt
from PySide6.QtGui import QBrush, QPainter, QPalette, QPen

from catalog_app.costs.comparison import Comparison
from catalog_app.costs.cost_notes import cumulative_cost_points
from catalog_app.model.display import format_money
from ui.widgets.plain_text import rich_escape

LEGEND_BELOW_AT_MOST = 3


def follow_palette(chart: QChart, palette: QPalette) -> None:
    """Pick the light or dark chart theme from the window colour, then take colours from the palette itself."""
    window = palette.color(QPalette.ColorRole.Window)
    text = palette.color(QPalette.ColorRole.WindowText)
    dark = window.lightness() < 128
    chart.setTheme(QChart.ChartTheme.ChartThemeDark if dark else QChart.ChartTheme.ChartThemeLight)
    chart.setBackgroundBrush(QBrush(window))
    chart.setBackgroundRoundness(0)
    chart.setTitleBrush(QBrush(text))
    chart.legend().setLabelColor(text)
    grid = palette.color(QPalette.ColorRole.Mid)
    for axis in chart.axes():
        axis.setLabelsColor(text)
        axis.setTitleBrush(QBrush(text))
        axis.setLinePenColor(grid)
        axis.setGridLineColor(grid)


def month_tick_count(horizon: int) -> int:
    """Ticks at a whole number of months that divides the horizon, at most 9 of them (every 3 of 24 months)."""
    for step in (1, 2, 3, 4, 6, 12, 24, 36, 48, 60):
        if horizon % step == 0 and horizon // step <= 8:
            return horizon // step + 1
    return 5


def new_chart(series_count: int) -> QChart:
    """An empty chart; more than three names do not fit side by side under it, so they go on the right."""
    chart = QChart()
    chart.setMargins(QMargins(4, 4, 4, 4))
    crowded = series_count > LEGEND_BELOW_AT_MOST
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight if crowded else Qt.AlignmentFlag.AlignBottom)
    return chart


class PaletteChartView(QChartView):
    """A chart view that restyles its chart when the palette changes (light/dark switch)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setMinimumSize(280, 200)

    def restyle(self) -> None:
        follow_palette(self.chart(), self.palette())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.restyle()


class CostChartView(PaletteChartView):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("costChart")
        self.setAccessibleName("Cumulative cost chart")
        self.set_comparison(None)

    def set_comparison(self, comparison: Comparison | None) -> None:
        chart = new_chart(0 if comparison is None else len(comparison.products))
        self.setChart(chart)  # the view owns the chart and deletes the previous one
        if comparison is None or not comparison.products:
            chart.setTitle("Cumulative cost: add products to compare")
            self.restyle()
            return
        horizon = comparison.options.horizon_months
        currencies = comparison.currencies
        chart.setTitle(f"Money spent over {horizon} months, replacements included")
        highest = 0.0
        descriptions = []
        lines: list[QLineSeries] = []
        for cost in comparison.products:
            series = QLineSeries()
            lines.append(series)
            total = format_money(cost.cost_over_horizon, cost.currency)
            # The totals are in the table; a longer legend gets cut off. Legends are HTML: escaped.
            series.setName(rich_escape(cost.name))
            for month, spent in cumulative_cost_points(cost, horizon):
                series.append(QPointF(month, spent))
            highest = max(highest, cost.cost_over_horizon)
            chart.addSeries(series)
            descriptions.append(f"{cost.name} {total}")
        x_axis = QValueAxis()
        x_axis.setTitleText("Months")
        x_axis.setRange(0, horizon)
        x_axis.setLabelFormat("%d")
        x_axis.setTickCount(month_tick_count(horizon))
        y_axis = QValueAxis()
        # Each line in its own currency, never summed.
        y_axis.setTitleText(rich_escape(f"Spent ({', '.join(currencies)})"))
        y_axis.setRange(0, highest * 1.08 if highest > 0 else 1)
        y_axis.setLabelFormat("%.0f")
        y_axis.applyNiceNumbers()
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        for line in lines:
            line.attachAxis(x_axis)
            line.attachAxis(y_axis)
        self.restyle()
        # Thicker lines after the theme, which resets pens.
        for line in lines:
            pen = QPen(line.pen())
            pen.setWidthF(2.5)
            line.setPen(pen)
        self.setAccessibleDescription("Cost over the horizon: " + "; ".join(descriptions))
