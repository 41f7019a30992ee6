"""Arrays derived once per catalog for fast filtering, scoring and search.

Choice columns become small integer codes (vocabulary order), multi-value columns stay bit masks,
and the search text (name, brand, description) is lower-cased once, on first use.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from catalog_app.catalog import Catalog
from catalog_app.schema import COLUMNS, Kind

SEARCH_COLUMNS = ("name", "brand", "description")


class CatalogIndex:
    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        self.size = len(frame)
        self.codes: dict[str, np.ndarray] = {}
        self.masks: dict[str, np.ndarray] = {}
        self.numbers: dict[str, np.ndarray] = {}
        self.flags: dict[str, np.ndarray] = {}
        for spec in COLUMNS:
            column = frame[spec.name]
            if spec.kind is Kind.CHOICE:
                self.codes[spec.name] = column.cat.codes.to_numpy().astype(np.int8, copy=False)
            elif spec.kind is Kind.CHOICES:
                self.masks[spec.name] = column.to_numpy(dtype=np.uint16)
            elif spec.kind is Kind.NUMBER:
                self.numbers[spec.name] = column.to_numpy(dtype=np.float64)
            elif spec.kind is Kind.FLAG:
                self.flags[spec.name] = column.to_numpy(dtype=bool)

    @cached_property
    def search_text(self) -> pa.Array:
        """Lower-cased "name brand description" for every product, built on the first search."""
        parts = [
            pa.array(self.frame[name].astype(str).to_numpy(dtype=object), type=pa.large_string())
            for name in SEARCH_COLUMNS
        ]
        joined = pc.binary_join_element_wise(*parts, pa.scalar(" ", type=pa.large_string()))
        return pc.utf8_lower(joined)

    @cached_property
    def currency(self) -> np.ndarray:
        return self.frame["currency"].to_numpy(dtype=object)

    def contains_all(self, words: list[str]) -> np.ndarray:
        mask = np.ones(self.size, dtype=bool)
        for word in words:
            hits = pc.match_substring(self.search_text, word.lower())
            mask &= hits.to_numpy(zero_copy_only=False)
        return mask


def index_of(catalog: Catalog) -> CatalogIndex:
    """The catalog's index, built once and kept with the catalog."""
    cached = catalog.__dict__.get("_catalog_index")
    if cached is None or cached.frame is not catalog.frame:
        cached = CatalogIndex(catalog.frame)
        catalog.__dict__["_catalog_index"] = cached
    return cached
