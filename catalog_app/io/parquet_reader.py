"""Read a Parquet file (large catalogs) into a RawTable, keeping its typed columns.

Numbers stored as numbers skip text parsing altogether; text columns other than free text are
read dictionary-encoded straight from Parquet's own dictionaries, so validation parses each
distinct value once. Row numbers count as in a spreadsheet export: the first product is row 2.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from catalog_app.io.allocators import parsing
from catalog_app.io.read_errors import CatalogReadError
from catalog_app.model.raw_table import RawTable
from catalog_app.model.schema import COLUMN_BY_NAME, Kind
from catalog_app.storage.error_log import log_exception


def read_parquet(path: Path) -> RawTable:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        schema = pq.read_schema(path)
        coded = [
            name
            for name, field_type in zip(schema.names, schema.types, strict=True)
            if _is_text(field_type) and _coded(name)
        ]
        with parsing():
            table = pq.read_table(path, read_dictionary=coded)
    except (pa.ArrowException, OSError) as error:
        log_exception(error)  # pyarrow's words, for whoever looks into it
        raise CatalogReadError(
            f"{path.name} is not a readable Parquet file; it may be damaged, cut short, or not Parquet at all."
        ) from None
    # A frame saved by pandas may carry its index as a column; it is not part of the catalog.
    index_columns = (table.schema.pandas_metadata or {}).get("index_columns", [])
    table = table.drop_columns([name for name in index_columns if isinstance(name, str) and name in table.column_names])
    names = [str(name).strip() for name in table.column_names]
    if len(set(names)) != len(names):
        raise CatalogReadError(f"{path.name} names a column twice; keep one of each.")
    table = table.rename_columns(names)
    return RawTable(None, np.arange(2, 2 + table.num_rows, dtype=np.int64), path.name, arrow=table)


def _is_text(field_type: object) -> bool:
    import pyarrow as pa

    assert isinstance(field_type, pa.DataType)
    return bool(pa.types.is_string(field_type) or pa.types.is_large_string(field_type))


def _coded(name: str) -> bool:
    spec = COLUMN_BY_NAME.get(name.strip())
    return spec is not None and spec.kind not in (Kind.TEXT, Kind.ID)
