"""Colours and text settings shared by the comparison charts, in the window and in the printed shortlist.

Product names are catalog data: matplotlib would read "$24.95 … $99" as mathematics, so every text
these charts draw is made with `parse_math=False` (`plain_text`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from matplotlib.figure import Figure

# Line and bar colours that read on a light background (matplotlib's "tab10", first six).
LIGHT_SERIES = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b")
# The same hues, lighter, so that they read on a dark background.
DARK_SERIES = ("#6cb4ee", "#ffb061", "#6fd36f", "#ff7b7b", "#c6a5e6", "#d19a89")
LEGEND_POINTS = 9.0
LEGEND_NAME_CHARS = 34  # longer names are cut with "…" in a legend; the table and tooltip give them in full


@dataclass(frozen=True)
class ChartColours:
    """The figure's colours as "#rrggbb" strings; the window reads them from its palette."""

    background: str = "#ffffff"
    text: str = "#1d2630"
    grid: str = "#c8cdd2"
    series: tuple[str, ...] = LIGHT_SERIES

    def series_colour(self, number: int) -> str:
        return self.series[number % len(self.series)]


PRINT_COLOURS = ChartColours()


def is_dark(colour: str) -> bool:
    """True for a dark "#rrggbb" colour (perceived lightness under half)."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return (0.299 * red + 0.587 * green + 0.114 * blue) < 128


def colours_for(background: str, text: str, grid: str) -> ChartColours:
    """Colours that follow a window palette: lighter series on a dark background."""
    series = DARK_SERIES if is_dark(background) else LIGHT_SERIES
    return ChartColours(background=background, text=text, grid=grid, series=series)


def short_name(name: str) -> str:
    return name if len(name) <= LEGEND_NAME_CHARS else name[: LEGEND_NAME_CHARS - 1].rstrip() + "…"


def plain_text(**properties: Any) -> dict[str, Any]:
    """Keyword arguments for a matplotlib text that shows `$` and `<` as they are."""
    return {"parse_math": False, **properties}


def new_figure(figure: Figure | None, colours: ChartColours) -> Figure:
    """A cleared figure (a new one when none is given) with the palette's background."""
    if figure is None:
        figure = Figure(figsize=(6.0, 3.4), layout="constrained")
    else:
        figure.clear()
    figure.set_facecolor(colours.background)
    return figure


def style_axes(axes: Any, colours: ChartColours) -> None:
    """Background, spines, ticks and grid in the palette's colours."""
    axes.set_facecolor(colours.background)
    for spine in axes.spines.values():
        spine.set_color(colours.grid)
    axes.tick_params(colors=colours.text, labelcolor=colours.text)
    axes.grid(True, color=colours.grid, linewidth=0.6, alpha=0.8)
    axes.set_axisbelow(True)


def legend_columns(figure: Figure, labels: list[str]) -> int:
    """As many names side by side as fit across the figure (a legend wider than the figure is cut off)."""
    font_points = LEGEND_POINTS
    widest = max(len(label) for label in labels)
    entry_points = widest * font_points * 0.58 + 3.5 * font_points  # text, plus the line sample and the gap
    fits = int(figure.get_figwidth() * 72 * 0.95 // entry_points)
    return max(1, min(len(labels), fits))


def add_legend(figure: Figure, axes: Any, colours: ChartColours) -> None:
    """The products' names under the plot, in as many columns as fit, never read as mathematics."""
    handles, labels = axes.get_legend_handles_labels()
    if not handles:
        return
    labels = [short_name(label) for label in labels]
    legend = figure.legend(
        handles,
        labels,
        loc="outside lower center",
        ncols=legend_columns(figure, labels),
        frameon=False,
        fontsize=LEGEND_POINTS,
        labelcolor=colours.text,
    )
    for text in legend.get_texts():
        text.set_parse_math(False)
