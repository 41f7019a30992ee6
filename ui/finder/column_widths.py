"""Which results columns show on first start and how they narrow to fit the table: plain rules, no Qt
widgets, shared by the column chooser and the first screen (which lays out its table the same way
before the rest of the window is imported).
"""

from __future__ import annotations

from collections.abc import Sequence

# Shown on first start, in this order; keys the model does not have (yet) are skipped.
DEFAULT_COLUMNS = ("fit_score", "confidence", "name", "brand", "category", "price", "monthly_over_horizon")
# When the model has no true monthly cost yet, the price per month of wear stands in for it.
FALLBACK_COLUMNS = {"monthly_over_horizon": "cost_per_month"}
# Columns that give up width, in this order, when the defaults do not fit the table, and the least each keeps.
SHRINKABLE = {"name": 100, "brand": 75, "category": 80, "monthly_over_horizon": 95, "confidence": 75, "price": 70}
FIRST_START_TABLE_WIDTH = 560  # the results table's width in a 1280-pixel window with both side panes


def default_keys(keys: Sequence[str]) -> list[str]:
    chosen = []
    for key in DEFAULT_COLUMNS:
        if key in keys:
            chosen.append(key)
        elif FALLBACK_COLUMNS.get(key) in keys:
            chosen.append(FALLBACK_COLUMNS[key])
    return chosen


def fitted_widths(keys: Sequence[str], widths: dict[str, int], available: int) -> dict[str, int]:
    """The widths with the shrinkable columns narrowed (each to at most its minimum) until all fit."""
    fitted = dict(widths)
    excess = sum(fitted[key] for key in keys) - available
    for key, least in SHRINKABLE.items():
        if excess <= 0:
            break
        if key in keys:
            give = min(excess, max(0, fitted[key] - least))
            fitted[key] -= give
            excess -= give
    return fitted
