"""The money spent on each compared product month by month, a step at every replacement, as a matplotlib figure.

The window shows it on a Qt canvas; the printed shortlist embeds it as SVG (vector), from the same code.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from catalog_app.costs.chart_style import (
    PRINT_COLOURS,
    ChartColours,
    add_legend,
    new_figure,
    plain_text,
    style_axes,
)
from catalog_app.costs.cost_notes import ProductCost, cumulative_cost_points

EMPTY_TITLE = "Cumulative cost: add products to compare"


def month_ticks(horizon: int) -> list[int]:
    """Ticks at a whole number of months that divides the horizon, at most 9 of them (every 3 of 24 months)."""
    for step in (1, 2, 3, 4, 6, 12, 24, 36, 48, 60):
        if horizon % step == 0 and horizon // step <= 8:
            return list(range(0, horizon + 1, step))
    return [round(horizon * part / 4) for part in range(5)]


def cost_chart_title(horizon: int) -> str:
    return f"Money spent over {horizon} months, replacements included"


def draw_cost_chart(
    costs: Sequence[ProductCost],
    horizon: int,
    *,
    colours: ChartColours = PRINT_COLOURS,
    figure: Figure | None = None,
) -> Figure:
    """One step line per product: the first pair at month 0, a jump at each replacement, flat in between."""
    figure = new_figure(figure, colours)
    axes = figure.add_subplot()
    style_axes(axes, colours)
    if not costs:
        axes.set_title(EMPTY_TITLE, **plain_text(color=colours.text, fontsize="medium"))
        axes.set_xticks([])
        axes.set_yticks([])
        return figure
    highest = 0.0
    for number, cost in enumerate(costs):
        months, spent = zip(*cumulative_cost_points(cost, horizon), strict=True)
        axes.plot(months, spent, label=cost.name, color=colours.series_colour(number), linewidth=2.2)
        highest = max(highest, cost.cost_over_horizon)
    axes.set_xlim(0, horizon)
    axes.set_ylim(0, highest * 1.08 if highest > 0 else 1)
    axes.set_xticks(month_ticks(horizon))
    axes.yaxis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]))
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _position: f"{value:,.0f}"))
    axes.set_title(cost_chart_title(horizon), **plain_text(color=colours.text, fontsize="medium"))
    axes.set_xlabel("Months", **plain_text(color=colours.text))
    # Each line in its own currency, never summed or converted.
    currencies = ", ".join(dict.fromkeys(cost.currency for cost in costs))
    axes.set_ylabel(f"Spent ({currencies})", **plain_text(color=colours.text))
    add_legend(figure, axes, colours)
    return figure


def figure_svg(figure: Figure) -> str:
    """The figure as SVG text, its words kept as text (so that the PDF is searchable and stays vector)."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", facecolor=figure.get_facecolor(), metadata={"Date": None})
    return buffer.getvalue()


def cost_chart_svg(costs: Sequence[ProductCost], horizon: int, *, width_inches: float, height_inches: float) -> str:
    """The cumulative-cost chart for print: light colours, the given size, as SVG."""
    figure = Figure(figsize=(width_inches, height_inches), layout="constrained")
    draw_cost_chart(costs, horizon, figure=figure)
    from matplotlib import rc_context

    with rc_context({"svg.fonttype": "none"}):
        return figure_svg(figure)
