"""Arrays derived once per catalog for fast filtering, scoring and search.

Choice columns become small integer codes (vocabulary order), multi-value columns stay bit masks,
and the search text (name, brand, description) is lower-cased once, on first use.
"""

from __future__ import annotations

import math
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from catalog_app.finder.fit_rules import KEY_GROUPS, THIN_LIMIT_MM, THIN_SOURCE
from catalog_app.finder.text_search import SearchColumn
from catalog_app.io.catalog import Catalog
from catalog_app.model.catalog_frame import choice_values
from catalog_app.model.schema import COLUMN_BY_NAME, COLUMNS, Kind
from catalog_app.model.sizes import SizeSpec, parse_sizes_cell
from catalog_app.model.vocabulary import CUSTOM_CATEGORIES
from catalog_app.validation.claims import arrow_text, claims_mask

SEARCH_COLUMNS = ("name", "brand", "description")
DISTINCT_SAMPLE = 10_000  # rows sampled to tell a column of mostly distinct texts


def _prefer_small_pages() -> None:
    """Ask numpy for ordinary pages. numpy asks the kernel for transparent huge pages on every
    array of 4 MB or more; where the kernel compacts memory for them on demand (THP "madvise"
    with defrag "madvise", a common setting), a fault in a fresh array stalls for tens of
    milliseconds. The finder allocates several such arrays per change (a million scores, masks,
    orders): measured on a million products, the slowest of 30 profile changes went from 118 ms
    to 59-68 ms without them. A user's own NUMPY_MADVISE_HUGEPAGE is left as it is."""
    if "NUMPY_MADVISE_HUGEPAGE" in os.environ:
        return
    toggle = getattr(getattr(getattr(np, "_core", None), "multiarray", None), "_set_madvise_hugepage", None)
    if callable(toggle):
        toggle(False)


_prefer_small_pages()
# Above this many combinations a composite key would not fit in 62 bits: work per product instead.
COMBINATION_LIMIT = 1 << 62
RECENT_RESULTS = 8  # fit scores and exclusions kept for the next profile change


@dataclass(frozen=True)
class Combinations:
    """Every product's combination of a few small-integer columns, as an index into the distinct
    combinations that occur. A catalog repeats few (a million products hold a few hundred), so a
    figure that depends only on those columns is computed once per combination and gathered."""

    ids: np.ndarray  # per product: its combination (numpy's index type)
    parts: tuple[np.ndarray, ...]  # per column given: its value in each combination
    sizes: np.ndarray = field(init=False, repr=False, compare=False)  # how many products hold each

    def __post_init__(self) -> None:
        object.__setattr__(self, "sizes", np.bincount(self.ids, minlength=self.count))

    @property
    def count(self) -> int:
        return len(self.parts[0]) if self.parts else 0


def combinations_of(columns: Sequence[tuple[np.ndarray, int]]) -> Combinations | None:
    """The distinct combinations of `columns` (each an array of values in `range(radix)`), or None
    when the combinations are too many to key as one integer."""
    radices = [radix for _values, radix in columns]
    if not columns or math.prod(radices) >= COMBINATION_LIMIT:
        return None
    key = np.zeros(len(columns[0][0]), dtype=np.int64)
    for values, radix in columns:
        key *= radix
        key += values
    ids, distinct = pd.factorize(key)
    parts = []
    remaining = np.asarray(distinct, dtype=np.int64)
    for radix in reversed(radices):
        remaining, digit = np.divmod(remaining, radix)
        parts.append(digit.astype(np.intp))
    return Combinations(ids.astype(np.intp, copy=False), tuple(reversed(parts)))


class CatalogIndex:
    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        # The last few text searches (words -> mask), for narrowing while the user types.
        self.recent_searches: OrderedDict[tuple[str, ...], np.ndarray] = OrderedDict()
        # The last few fit scores (by the criteria that made them) and exclusions (by what the
        # profile says about shoes, budget or size): a profile change recomputes only what it touched.
        self.recent_scores: OrderedDict[object, object] = OrderedDict()
        self.recent_exclusions: OrderedDict[object, object] = OrderedDict()
        self.recent_masks: OrderedDict[object, object] = OrderedDict()  # filters' range masks
        self._combinations: dict[str, Combinations | None] = {}
        self._combinations_lock = threading.Lock()  # the loader's thread prepares them while the UI may ask
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
    def parsed_size_cells(self) -> list[SizeSpec]:
        """The distinct `sizes` cells (`size_cells`), parsed once for every profile size."""
        return [parse_sizes_cell(cell) for cell in self.size_cells[1]]

    @cached_property
    def claims_not_checked(self) -> np.ndarray:
        """Products whose name or description claims to cure, treat, heal, ... (validation/claims.py)."""
        return claims_mask(arrow_text(self.frame["name"]), arrow_text(self.frame["description"]))

    @property
    def composite_keys(self) -> dict[tuple[str, ...], np.ndarray]:
        """For each group of `KEY_GROUPS`: every product's combination of the group's columns as one
        integer, so the fit score reads the group with one gather from a table over combinations.

        Digit i of a key (radix `group_radices(group)[i]`) is the source's value; choice codes
        are shifted up by one so that "not given" (-1) is digit 0. Keys are numpy's index type: a
        gather with them is ten times faster than one that converts small integers. Computed on
        each use and not kept (three arrays of a million): the score reads the few distinct
        combinations (`scoring_combinations`), built from these once."""
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
    def scoring_combinations(self) -> Combinations | None:
        """The distinct combinations of the fit score's key groups and custom-or-not: the score is
        computed once per combination. Parts: one per `KEY_GROUPS` group, then `is_custom`."""
        keys = self.composite_keys
        columns = [(keys[group], math.prod(group_radices(group))) for group in KEY_GROUPS]
        return combinations_of([*columns, (self.is_custom.view(np.uint8), 2)])

    def combinations(self, name: str, columns: Callable[[], Sequence[tuple[np.ndarray, int]]]) -> Combinations | None:
        """The combinations of `columns()` (see `combinations_of`), built once and kept under `name`."""
        if name not in self._combinations:
            with self._combinations_lock:
                if name not in self._combinations:
                    self._combinations[name] = combinations_of(columns())
        return self._combinations[name]

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
                if len(column.texts) <= 2 * count:  # search the distinct texts once, then gather
                    _gather_hits(found, column, column.matches(word.lower()), rows)
                else:  # far fewer rows than distinct texts: read just the rows' texts
                    found |= column.matches_at(word.lower(), column.indices[rows])
            mask &= found
        return mask


def _gather_hits(found: np.ndarray, column: SearchColumn, hits: np.ndarray, rows: np.ndarray | None) -> None:
    """`found |= hits[each product's text]` (for `rows`, or every product), skipping the gather
    where no text or every text holds the word, or where each product has a text of its own."""
    if not hits.any():
        return
    if hits.all():
        found[:] = True
    elif column.own_texts:
        found |= hits if rows is None else hits[rows]
    else:
        found |= np.take(hits, column.indices if rows is None else column.indices[rows])


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


@cache
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


def recall(cache: OrderedDict[object, object], key: object) -> object | None:
    """A recent result kept under `key` (now the newest), or None."""
    value = cache.get(key)
    if value is not None:
        cache.move_to_end(key)
    return value


def remember(cache: OrderedDict[object, object], key: object, value: object, keep: int = RECENT_RESULTS) -> None:
    """Keep `value` as the newest of the `keep` most recent results."""
    cache[key] = value
    cache.move_to_end(key)
    while len(cache) > keep:
        cache.popitem(last=False)


def index_of(catalog: Catalog) -> CatalogIndex:
    """The catalog's index, built once and kept with the catalog."""
    return catalog.derived(CatalogIndex, CatalogIndex)
