"""A catalog file as read, before validation: text cells and the row numbers the user sees."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from catalog_app.validation_report import Problem


@dataclass
class RawTable:
    """Every cell is a `str` ("" when empty); `row_numbers[i]` is the user's row for record i."""

    frame: pd.DataFrame
    row_numbers: np.ndarray
    source: str
    warnings: list[Problem] = field(default_factory=list)
    # Rows the reader could not split cleanly (ragged rows); validation rejects them.
    row_errors: list[Problem] = field(default_factory=list)

    @classmethod
    def from_records(
        cls,
        header: list[str],
        records: list[list[str]],
        source: str,
        *,
        first_row: int = 2,
        warnings: list[Problem] | None = None,
    ) -> RawTable:
        frame = pd.DataFrame(records, columns=header, dtype=object) if records else _empty(header)
        return cls(
            frame=frame.fillna(""),
            row_numbers=np.arange(first_row, first_row + len(records), dtype=np.int64),
            source=source,
            warnings=list(warnings or []),
        )


def _empty(header: list[str]) -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series([], dtype=object) for name in header})
