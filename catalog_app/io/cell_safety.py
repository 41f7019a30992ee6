"""Spreadsheet cells that can never run as formulas ("CSV injection", OWASP).

A spreadsheet reads a cell that begins with = + - @ tab or carriage return as a formula, and
LibreOffice and Excel will evaluate `=HYPERLINK(...)` or `=WEBSERVICE(...)` from a CSV file.
Every text cell this app writes for a spreadsheet (the catalog export's CSV and TSV, the
shortlist export, `search` and `compare --format csv`) goes through `neutralize`, which puts a
single quote in front of such a cell; numbers, flags and empty cells pass unchanged. The quote
is what a spreadsheet shows, and it is kept when the file is read back: the text is then the
cell as the spreadsheet shows it, never a formula.
"""

from __future__ import annotations

import re
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_QUOTE = "'"
# The same first characters as a regular expression, for whole columns at once.
_FORMULA_START_PATTERN = "^[" + "".join(re.escape(start) for start in FORMULA_STARTS) + "]"


def neutralize(value: Any) -> Any:
    """A text cell that a spreadsheet would read as a formula gets a leading quote; numbers pass."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return FORMULA_QUOTE + value
    return value


def neutralize_text_column(column: pa.Array) -> pa.Array:
    """`neutralize` over a whole text column: only the cells that need it are touched, each by
    `neutralize` itself, so that one rule decides for every export."""
    if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
        return column
    risky = pc.fill_null(pc.match_substring_regex(column, _FORMULA_START_PATTERN), False)
    if not pc.any(risky).as_py():
        return column
    changed = pa.array([neutralize(value) for value in column.filter(risky).to_pylist()], type=column.type)
    return pc.replace_with_mask(column, risky, changed)


__all__ = ["FORMULA_QUOTE", "FORMULA_STARTS", "neutralize", "neutralize_text_column"]
