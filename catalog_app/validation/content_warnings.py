"""Warnings about what valid rows say: health claims, and sizes cells that cannot be read.

Neither rejects a row. A claim ("cures back pain") is reported and the product is shown with
"claims not checked"; a `sizes` cell that cannot be read is reported and the product counts as
"sizes not stated" (never excluded for its size). Both are found over whole columns; at most
`MAX_LISTED` rows are listed per kind, then one line says how many more.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial

import numpy as np
import pandas as pd

from catalog_app.model.sizes import parse_sizes_cell, unreadable_sizes_message
from catalog_app.model.validation_report import HEADER_ROW, Problem
from catalog_app.validation.claims import CLAIM_COLUMNS, arrow_text, claim_message, claims_in

MAX_LISTED = 50
SHOWN_CHARS = 80


def _listed(
    rows: np.ndarray, column: pd.Series, name: str, message: Callable[[str], str], row_numbers: np.ndarray
) -> list[Problem]:
    found = np.flatnonzero(rows)
    problems = []
    for position in found[:MAX_LISTED].tolist():
        text = str(column.iat[position])
        shown = text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"
        problems.append(Problem(int(row_numbers[position]), name, shown, message(text)))
    if len(found) > MAX_LISTED:
        problems.append(Problem(HEADER_ROW, name, "", f"and {len(found) - MAX_LISTED:,} more rows like these"))
    return problems


def content_warnings(
    frame: pd.DataFrame, row_numbers: np.ndarray, claims_found: Mapping[str, np.ndarray] | None = None
) -> list[Problem]:
    """Warnings for the loaded rows of `frame`; `row_numbers[i]` is the row the user sees for row i.
    `claims_found`: per column, which of the frame's cells make a claim, where that is known already."""
    problems: list[Problem] = []
    for name in CLAIM_COLUMNS:
        if name in frame:
            found = (claims_found or {}).get(name)
            claims = found if found is not None else claims_in(arrow_text(frame[name]))
            problems += _listed(claims, frame[name], name, partial(claim_message, name), row_numbers)
    if "sizes" in frame:
        problems += _listed(
            unreadable_sizes(frame["sizes"]), frame["sizes"], "sizes", unreadable_sizes_message, row_numbers
        )
    return problems


def unreadable_sizes(column: pd.Series) -> np.ndarray:
    """Which `sizes` cells cannot be read (each distinct cell is parsed once)."""
    codes, cells = pd.factorize(column.fillna(""), use_na_sentinel=False) if len(column) else ([], [])
    unreadable = np.array([not parse_sizes_cell(str(cell)).readable for cell in cells], dtype=bool)
    return unreadable[codes] if len(unreadable) else np.zeros(len(column), dtype=bool)
