"""Warnings about what valid rows say: health claims, and sizes cells that cannot be read.

Neither rejects a row. A claim ("cures back pain") is reported and the product is shown with
"claims not checked"; a `sizes` cell that cannot be read is reported and the product counts as
"sizes not stated" (never excluded for its size). Both are found over whole columns; at most
`MAX_LISTED` rows are listed per kind, then one line says how many more.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from catalog_app.model.sizes import parse_sizes_cell, unreadable_sizes_message
from catalog_app.model.validation_report import HEADER_ROW, Problem
from catalog_app.validation.claims import CLAIM_COLUMNS, claim_message, claims_in

MAX_LISTED = 50
SHOWN_CHARS = 80


def _arrow(column: pd.Series) -> pa.Array:
    try:
        text = pa.array(column.array)
    except (TypeError, pa.ArrowInvalid):
        text = pa.array(column.astype(str).to_numpy(dtype=object))
    if isinstance(text, pa.ChunkedArray):
        text = text.combine_chunks()
    if not (pa.types.is_string(text.type) or pa.types.is_large_string(text.type)):
        text = pc.cast(text, pa.string())
    return pc.fill_null(text, "")


def _listed(
    rows: np.ndarray, column: str, texts: pa.Array, message: Callable[[str], str], row_numbers: np.ndarray
) -> list[Problem]:
    found = np.flatnonzero(rows)
    problems = []
    for position in found[:MAX_LISTED].tolist():
        text = str(texts[position].as_py())
        shown = text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"
        problems.append(Problem(int(row_numbers[position]), column, shown, message(text)))
    if len(found) > MAX_LISTED:
        problems.append(Problem(HEADER_ROW, column, "", f"and {len(found) - MAX_LISTED:,} more rows like these"))
    return problems


def content_warnings(frame: pd.DataFrame, row_numbers: np.ndarray) -> list[Problem]:
    """Warnings for the loaded rows of `frame`; `row_numbers[i]` is the row the user sees for row i."""
    problems: list[Problem] = []
    for column in CLAIM_COLUMNS:
        if column in frame:
            texts = _arrow(frame[column])
            problems += _listed(claims_in(texts), column, texts, partial(claim_message, column), row_numbers)
    if "sizes" in frame:
        texts = _arrow(frame["sizes"])
        encoded = pc.dictionary_encode(texts)
        unreadable = np.array([not parse_sizes_cell(str(cell)).readable for cell in encoded.dictionary.to_pylist()])
        codes = encoded.indices.to_numpy(zero_copy_only=False)
        rows = unreadable[codes] if len(unreadable) else np.zeros(len(texts), dtype=bool)
        problems += _listed(rows, "sizes", texts, unreadable_sizes_message, row_numbers)
    return problems
