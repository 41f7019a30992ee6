"""Arch support, cushioning and rigidity of the compared products as grouped bars on one level scale."""

from __future__ import annotations

from matplotlib.figure import Figure

from catalog_app.costs.chart_style import (
    PRINT_COLOURS,
    ChartColours,
    add_legend,
    new_figure,
    plain_text,
    style_axes,
)
from catalog_app.costs.comparison import LEVEL_ATTRIBUTES, LEVEL_NAMES, Comparison, support_levels

EMPTY_TITLE = "Support and cushioning: add products to compare"
TITLE = "Arch support, cushioning and rigidity\nrigidity: low = soft, high = rigid"
GROUP_WIDTH = 0.8  # of the space for one attribute, shared by the products' bars


def draw_attribute_chart(
    comparison: Comparison | None,
    *,
    colours: ChartColours = PRINT_COLOURS,
    figure: Figure | None = None,
) -> Figure:
    """One group of bars per attribute, one bar per product, on the levels none/low/medium/high."""
    figure = new_figure(figure, colours)
    axes = figure.add_subplot()
    style_axes(axes, colours)
    axes.grid(False, axis="x")
    if comparison is None or not comparison.products:
        axes.set_title(EMPTY_TITLE, **plain_text(color=colours.text, fontsize="medium"))
        axes.set_xticks([])
        axes.set_yticks([])
        return figure
    levels = support_levels(comparison)
    count = len(comparison.products)
    width = GROUP_WIDTH / count
    for number, cost in enumerate(comparison.products):
        heights = [levels[attribute][number] for attribute, _label, _scale in LEVEL_ATTRIBUTES]
        offsets = [group - GROUP_WIDTH / 2 + width * (number + 0.5) for group in range(len(LEVEL_ATTRIBUTES))]
        axes.bar(offsets, heights, width=width * 0.92, label=cost.name, color=colours.series_colour(number))
    axes.set_xticks(range(len(LEVEL_ATTRIBUTES)), [label for _attribute, label, _scale in LEVEL_ATTRIBUTES])
    axes.set_yticks(range(len(LEVEL_NAMES)), list(LEVEL_NAMES))
    axes.set_ylim(0, 3.2)
    axes.set_title(TITLE, **plain_text(color=colours.text, fontsize="medium"))
    add_legend(figure, axes, colours)
    return figure
