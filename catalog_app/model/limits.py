"""Named limits on what a catalog file may hold; each has a clear message when exceeded."""

from __future__ import annotations

MAX_FILE_BYTES = 1024 * 1024 * 1024  # 1 GiB: a million-product CSV is about 450 MB (Parquet: ~30 MB)
MAX_ROWS = 5_000_000
MAX_COLUMNS = 500
MAX_CELL_CHARS = 10_000
MAX_XLSX_UNCOMPRESSED_BYTES = 1024 * 1024 * 1024  # guards against zip bombs
MAX_JSON_DEPTH = 64


def too_many_rows(name: str) -> str:
    """The sentence for a file refused as soon as its rows pass MAX_ROWS (before it is all read)."""
    return f"{name} has more than {MAX_ROWS:,} rows; a catalog has at most {MAX_ROWS:,}."
