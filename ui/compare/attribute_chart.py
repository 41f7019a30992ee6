"""Arch support, cushioning and rigidity of the compared products, side by side as bars on one level scale."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from catalog_app.costs.attribute_chart_figure import draw_attribute_chart
from catalog_app.costs.chart_style import ChartColours
from catalog_app.costs.comparison import LEVEL_ATTRIBUTES, Comparison
from ui.compare.cost_chart import ChartView

if TYPE_CHECKING:
    from matplotlib.figure import Figure


class AttributeChartView(ChartView):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("attributeChart")
        self.setAccessibleName("Support, cushioning and rigidity chart")
        self.set_comparison(None)

    def draw(self, figure: Figure, comparison: Comparison | None, colours: ChartColours) -> None:
        draw_attribute_chart(comparison, colours=colours, figure=figure)

    def describe(self, comparison: Comparison | None) -> str:
        if comparison is None:
            return ""
        descriptions = []
        for column, cost in enumerate(comparison.products):
            words = ", ".join(
                f"{label.lower()} {comparison.records[column][attribute]!s}"
                for attribute, label, _scale in LEVEL_ATTRIBUTES
            )
            descriptions.append(f"{cost.name}: {words}")
        return "; ".join(descriptions)
