"""Arch support, cushioning and rigidity of the compared products, side by side as bars on one level scale."""

from __future__ import annotations

from typing import Any

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QCategoryAxis
from PySide6.QtCore import Qt

from catalog_app.costs.comparison import LEVEL_ATTRIBUTES, LEVEL_NAMES, Comparison, support_levels
from ui.compare.cost_chart import LEGEND_BELOW_AT_MOST, PaletteChartView, new_chart
from ui.widgets.plain_text import rich_escape


class AttributeChartView(PaletteChartView):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("attributeChart")
        self.setAccessibleName("Support, cushioning and rigidity chart")
        self.set_comparison(None)

    def set_comparison(self, comparison: Comparison | None) -> None:
        chart = new_chart(0 if comparison is None else len(comparison.products))
        self.setChart(chart)
        if comparison is None or not comparison.products:
            chart.setTitle("Support and cushioning: add products to compare")
            self.restyle()
            return
        chart.setTitle("Arch support, cushioning and rigidity<br><small>rigidity: low = soft, high = rigid</small>")
        levels = support_levels(comparison)
        series = QBarSeries()
        descriptions = []
        for column, cost in enumerate(comparison.products):
            bar_set = QBarSet(rich_escape(cost.name))  # legends are HTML
            values = [levels[attribute][column] for attribute, _label, _scale in LEVEL_ATTRIBUTES]
            bar_set.append([float(value) for value in values])
            series.append(bar_set)
            words = ", ".join(
                f"{label.lower()} {comparison.records[column][attribute]!s}"
                for attribute, label, _scale in LEVEL_ATTRIBUTES
            )
            descriptions.append(f"{cost.name}: {words}")
        chart.addSeries(series)
        x_axis = QBarCategoryAxis()
        labels = [label for _attribute, label, _scale in LEVEL_ATTRIBUTES]
        if len(comparison.products) > LEGEND_BELOW_AT_MOST:
            labels[0] = "Arch"  # the legend on the right leaves too little room for "Arch support"
        x_axis.append(labels)
        x_axis.setTruncateLabels(False)  # "Arch support" fits; the default cuts it to "Arch sup..."
        y_axis = QCategoryAxis()
        y_axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        y_axis.setStartValue(-0.5)
        for value, name in enumerate(LEVEL_NAMES):
            y_axis.append(name, float(value))
        y_axis.setRange(0, 3.2)
        chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x_axis)
        series.attachAxis(y_axis)
        self.restyle()
        self.setAccessibleDescription("; ".join(descriptions))
