"""Arrays derived once per catalog for fast filtering, scoring and search.

Choice columns become small integer codes (vocabulary order), multi-value columns stay bit masks,
and the search text (name, brand, description) is lower-cased once, on first use.
"""

from __future__ import annotations

from collections import OrderedDict
from functools import cached_property

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from catalog_app.finder.fit_rules import KEY_GROUPS, THIN_LIMIT_MM, THIN_SOURCE
from catalog_app.finder.text_search import SearchColumn
from catalog_app.io.catalog import Catalog
from catalog_app.model.catalog_frame import choice_values
from catalog_app.model.schema import COLUMN_BY_NAME, COLUMNS, Kind
from catalog_app.model.vocabulary import CUSTOM_CATEGORIES
from catalog_app.validation.claims import arrow_text, claims_mask

SEARCH_COLUMNS = ("name", "brand", "description")
DISTINCT_SAMPLE = 10_000  # rows sampled to tell a column of mostly distinct texts


class CatalogIndex:
    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        # The last few text searches (words -> mask), for narrowing while the user types.
        self.recent_searches: OrderedDict[tuple[str, ...], np.ndarray] = OrderedDict()
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
    def search_terms(self) -> list[SearchColumn]:
        """For each searched column (name, brand, description): its distinct lower-cased texts and
        each product's index into them.

        A catalog that lists every product in every size repeats brands and descriptions many
        times, so a search scans the distinct texts and gathers. Built from the Arrow columns
        without Python strings; the background loader builds it before the first search.
        """
        terms = []
        for name in SEARCH_COLUMNS:
            indices, distinct = _distinct_texts(self.frame[name])
            terms.append(SearchColumn(indices, pc.utf8_lower(distinct)))
        return terms

    @cached_property
    def whole_tallies(self) -> dict[str, np.ndarray]:
        """Per choice and list field: how many products hold each code (choice, code+1 with 0 for
        "not given") or each combination of options (list), over the whole catalog. Facet counts
        for a mostly-kept selection subtract the few dropped products from these."""
        tallies = {name: np.bincount(codes.astype(np.int64) + 1) for name, codes in self.codes.items()}
        tallies |= {name: np.bincount(masks) for name, masks in self.masks.items()}
        return tallies

    @cached_property
    def currency(self) -> np.ndarray:
        return np.asarray(self.frame["currency"].to_numpy(dtype=object))

    @cached_property
    def currency_codes(self) -> tuple[np.ndarray, list[str]]:
        """Each product's currency as a small integer, and the currencies those integers stand for."""
        return _encoded(self.frame["currency"])

    @cached_property
    def size_cells(self) -> tuple[np.ndarray, list[str]]:
        """Each product's `sizes` cell as an index into the distinct cells (a catalog repeats few)."""
        return _encoded(self.frame["sizes"])

    @cached_property
    def claims_not_checked(self) -> np.ndarray:
        """Products whose name or description claims to cure, treat, heal, ... (validation/claims.py)."""
        return claims_mask(arrow_text(self.frame["name"]), arrow_text(self.frame["description"]))

    @cached_property
    def composite_keys(self) -> dict[tuple[str, ...], np.ndarray]:
        """For each group of `KEY_GROUPS`: every product's combination of the group's columns as one
        integer, so the fit score reads the group with one gather from a table over combinations.

        Digit i of a key (radix `group_radices(group)[i]`) is the source's value; choice codes
        are shifted up by one so that "not given" (-1) is digit 0. Keys are kept as numpy's
        index type: a gather with them is ten times faster than one that converts small integers."""
        keys = {}
        sources = self.scoring_sources
        for group in KEY_GROUPS:
            key = np.zeros(self.size, dtype=np.int64)
            for name, radix in zip(group, group_radices(group), strict=True):
                key *= radix
                key += sources[name]
                if name in self.codes:
                    key += 1
            keys[group] = key.astype(np.intp, copy=False)
        return keys

    @cached_property
    def is_off_the_shelf(self) -> np.ndarray:
        return ~self.is_custom

    @cached_property
    def is_custom(self) -> np.ndarray:
        """Custom orthotics (made by a podiatrist after an assessment)."""
        categories = list(choice_values(COLUMN_BY_NAME["category"]))
        table = np.array([value in CUSTOM_CATEGORIES for value in categories] + [False])
        return np.asarray(table[self.codes["category"]])

    @cached_property
    def first_outlay(self) -> np.ndarray:
        """What a product costs to start with: its price plus any assessment fee (a clinic visit)."""
        return np.asarray(self.numbers["price"] + np.nan_to_num(self.numbers["assessment_fee"], nan=0.0))

    @cached_property
    def scoring_sources(self) -> dict[str, np.ndarray]:
        """The small-integer arrays the fit score's per-value tables are gathered from: choice codes,
        bit masks, flags as 0/1, and thickness as 0 thicker / 1 thin / 2 unknown."""
        sources: dict[str, np.ndarray] = {**self.codes, **self.masks}
        sources.update({name: flags.view(np.uint8) for name, flags in self.flags.items()})
        thickness = self.numbers["thickness_mm"]
        with np.errstate(invalid="ignore"):
            sources[THIN_SOURCE] = np.where(np.isnan(thickness), 2, thickness <= THIN_LIMIT_MM).astype(np.uint8)
        return sources

    def contains_all(self, words: list[str], rows: np.ndarray | None = None) -> np.ndarray:
        """Which products (all, or just `rows`) have every word in their name, brand or
        description; a word is matched within one column, as words hold no spaces."""
        count = self.size if rows is None else len(rows)
        mask = np.ones(count, dtype=bool)
        for word in words:
            found = np.zeros(count, dtype=bool)
            for column in self.search_terms:
                chosen = column.indices if rows is None else column.indices[rows]
                if len(column.texts) <= count:  # search the distinct texts once, then gather
                    found |= column.matches(word.lower())[chosen]
                else:  # fewer rows than distinct texts: scan just the rows' texts
                    texts = column.texts.take(pa.array(chosen))
                    found |= pc.match_substring(texts, word.lower()).to_numpy(zero_copy_only=False)
            mask &= found
        return mask


def _arrow_text(column: pd.Series) -> pa.Array | pa.ChunkedArray:
    """A text column as Arrow strings: zero-copy for Arrow-backed columns, converted otherwise."""
    try:
        text = pa.array(column.array)
    except (TypeError, pa.ArrowInvalid):
        text = pa.array(column.astype(str).to_numpy(dtype=object))
    if not (pa.types.is_string(text.type) or pa.types.is_large_string(text.type)):
        text = pc.cast(text, pa.string())
    return pc.cast(text, pa.large_string())


def source_radix(name: str) -> int:
    """How many values a scoring source takes (choices: one more, for "not given")."""
    if name == THIN_SOURCE:
        return 3  # thicker, thin, unknown
    spec = COLUMN_BY_NAME[name]
    if spec.kind is Kind.FLAG:
        return 2
    if spec.kind is Kind.CHOICES:
        return 1 << len(choice_values(spec))
    return len(choice_values(spec)) + 1


def group_radices(group: tuple[str, ...]) -> tuple[int, ...]:
    return tuple(source_radix(name) for name in group)


def _distinct_texts(column: pd.Series) -> tuple[np.ndarray, pa.Array]:
    """Each product's index into the column's distinct texts, and those texts (as Arrow strings).
    Repeated text (a Categorical) already is so; other text is encoded here."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        categories = pa.array(column.cat.categories.array).cast(pa.large_string())
        return column.cat.codes.to_numpy(), categories
    text = pc.fill_null(_arrow_text(column), "")
    text = text.combine_chunks() if isinstance(text, pa.ChunkedArray) else text
    sample = text.slice(0, DISTINCT_SAMPLE)
    if len(text) > DISTINCT_SAMPLE and len(pc.unique(sample)) > len(sample) // 2:
        # Mostly distinct (names): each product's own text, without a hash of every one or a copy.
        return np.arange(len(text), dtype=np.int32), text
    encoded = pc.dictionary_encode(text)
    return encoded.indices.to_numpy(zero_copy_only=False), encoded.dictionary


def _encoded(column: pd.Series) -> tuple[np.ndarray, list[str]]:
    indices, distinct = _distinct_texts(column)
    return indices.astype(np.int32), [str(v) for v in distinct.to_pylist()]


def index_of(catalog: Catalog) -> CatalogIndex:
    """The catalog's index, built once and kept with the catalog."""
    return catalog.derived(CatalogIndex, CatalogIndex)
