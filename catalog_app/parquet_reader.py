"""Read a Parquet file (large catalogs) into a RawTable."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from catalog_app.raw_table import RawTable
from catalog_app.read_errors import CatalogReadError
from catalog_app.schema import cell_text


def read_parquet(path: Path) -> RawTable:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except (pa.ArrowException, OSError) as error:
        raise CatalogReadError(f"{path.name} is not a readable Parquet file ({error}).") from None
    frame = table.to_pandas()
    columns = {str(name): [cell_text(_unwrap(value)) for value in frame[name].tolist()] for name in frame.columns}
    text_frame = pd.DataFrame(columns, dtype=object) if columns else pd.DataFrame()
    return RawTable(text_frame, np.arange(2, 2 + len(text_frame), dtype=np.int64), path.name)


def _unwrap(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    return value
