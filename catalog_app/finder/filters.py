"""Filters over the whole catalog, vectorized: AND across fields, OR within a field.

Also the facet counts (how many products each option would give with the other filters kept)
and, when nothing matches, which filter to relax.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any, NamedTuple

import numpy as np

from catalog_app.finder.catalog_index import CatalogIndex, Combinations, recall, remember
from catalog_app.model.catalog_frame import bit_of, choice_values
from catalog_app.model.schema import COLUMN_BY_NAME

CHOICE_FIELDS = ("category", "arch_support", "cushioning", "rigidity", "length", "heel_cup")
LIST_FIELDS = ("shoe_types",)
FLAG_FIELDS = ("metatarsal_pad", "trim_to_fit", "transferable", "washable")
RANGE_FIELDS = {"price": "price", "lifespan": "lifespan_months"}

FIELD_LABELS = {
    "category": "Category",
    "shoe_types": "Shoe type",
    "arch_support": "Arch support",
    "cushioning": "Cushioning",
    "rigidity": "Rigidity",
    "length": "Length",
    "heel_cup": "Heel cup",
    "metatarsal_pad": "Metatarsal pad",
    "trim_to_fit": "Trim to fit",
    "transferable": "Transferable",
    "washable": "Washable",
    "price": "Price",
    "lifespan": "Lifespan",
    "text": "Search text",
}


@dataclass(frozen=True)
class FilterState:
    """What the user has chosen. Empty selections and None bounds filter nothing."""

    choices: dict[str, frozenset[str]] = field(default_factory=dict)  # CHOICE_FIELDS and LIST_FIELDS
    flags: frozenset[str] = frozenset()  # each flag is its own field: required true
    price_min: float | None = None
    price_max: float | None = None
    lifespan_min: float | None = None
    lifespan_max: float | None = None
    text: str = ""

    def with_choice(self, name: str, values: frozenset[str] | set[str]) -> FilterState:
        choices = dict(self.choices)
        if values:
            choices[name] = frozenset(values)
        else:
            choices.pop(name, None)
        return replace(self, choices=choices)

    def without(self, name: str) -> FilterState:
        """The same filters with one field cleared."""
        if name in CHOICE_FIELDS or name in LIST_FIELDS:
            return self.with_choice(name, frozenset())
        if name in FLAG_FIELDS:
            return replace(self, flags=self.flags - {name})
        if name == "price":
            return replace(self, price_min=None, price_max=None)
        if name == "lifespan":
            return replace(self, lifespan_min=None, lifespan_max=None)
        if name == "text":
            return replace(self, text="")
        raise KeyError(name)

    def active_fields(self) -> list[str]:
        active = [name for name in (*CHOICE_FIELDS, *LIST_FIELDS) if self.choices.get(name)]
        active += [name for name in FLAG_FIELDS if name in self.flags]
        if self.price_min is not None or self.price_max is not None:
            active.append("price")
        if self.lifespan_min is not None or self.lifespan_max is not None:
            active.append("lifespan")
        if self.text.strip():
            active.append("text")
        return active

    def as_dict(self) -> dict[str, Any]:
        return {
            "choices": {name: sorted(values) for name, values in self.choices.items()},
            "flags": sorted(self.flags),
            "price_min": self.price_min,
            "price_max": self.price_max,
            "lifespan_min": self.lifespan_min,
            "lifespan_max": self.lifespan_max,
            "text": self.text,
        }


def field_masks(index: CatalogIndex, state: FilterState) -> dict[str, np.ndarray]:
    """One boolean mask per active field."""
    masks: dict[str, np.ndarray] = {}
    for name in CHOICE_FIELDS:
        selected = state.choices.get(name)
        if selected:
            values = choice_values(COLUMN_BY_NAME[name])
            lookup = np.zeros(len(values) + 1, dtype=bool)  # the extra slot is code -1 (unknown)
            for value in selected:
                lookup[values.index(value)] = True
            masks[name] = lookup[index.codes[name]]
    for name in LIST_FIELDS:
        selected = state.choices.get(name)
        if selected:
            wanted = np.uint16(sum(bit_of(name, value) for value in selected))
            masks[name] = (index.masks[name] & wanted) != 0
    for name in FLAG_FIELDS:
        if name in state.flags:
            masks[name] = index.flags[name]
    return masks | row_masks(index, state)


def row_masks(index: CatalogIndex, state: FilterState) -> dict[str, np.ndarray]:
    """The masks of the active fields that are not facets (price and lifespan ranges, search
    text): they differ product by product, not just by a product's facet values. The last few
    are kept with the index (text searches by `text_mask`)."""
    masks: dict[str, np.ndarray] = {}
    for name, (low, high) in {
        "price": (state.price_min, state.price_max),
        "lifespan": (state.lifespan_min, state.lifespan_max),
    }.items():
        if low is not None or high is not None:
            masks[name] = _range_mask(index, RANGE_FIELDS[name], low, high)
    words = state.text.split()
    if words:
        masks["text"] = text_mask(index, words)
    return masks


def _range_mask(index: CatalogIndex, column: str, low: float | None, high: float | None) -> np.ndarray:
    key = ("range", column, low, high)
    kept = recall(index.recent_masks, key)
    if isinstance(kept, np.ndarray):
        return kept
    numbers = index.numbers[column]
    mask = np.ones(index.size, dtype=bool)
    if low is not None:
        mask &= numbers >= low
    if high is not None:
        mask &= numbers <= high
    mask.flags.writeable = False  # shared by every change that keeps this range
    remember(index.recent_masks, key, mask)
    return mask


# The last few text searches, kept by the catalog index. Typing narrows a search ("clou" -> "cloud"
# -> "cloud r"), so a new search only scans the rows an earlier, broader search matched.
TEXT_CACHE_SIZE = 8


def text_mask(index: CatalogIndex, words: list[str]) -> np.ndarray:
    """Products whose name, brand or description contains every word (any case)."""
    key = tuple(sorted({word.lower() for word in words}))
    cache = index.recent_searches
    if key in cache:
        cache.move_to_end(key)
        return cache[key]
    # A cached search whose every word lies inside one of the new words matched a superset of
    # rows: typing "gel" after "ge" only looks again at what "ge" found.
    broader = [mask for old, mask in cache.items() if all(any(word in new for new in key) for word in old)]
    narrowest = min(broader, key=np.count_nonzero) if broader else None
    if narrowest is not None and np.count_nonzero(narrowest) < index.size // 2:
        rows = np.flatnonzero(narrowest)
        mask = np.zeros(index.size, dtype=bool)
        mask[rows[index.contains_all(list(key), rows)]] = True
    else:
        mask = index.contains_all(list(key))
    mask.flags.writeable = False  # shared by every caller that asks for the same words
    cache[key] = mask
    if len(cache) > TEXT_CACHE_SIZE:
        cache.popitem(last=False)
    return mask


def _combine(index: CatalogIndex, masks: dict[str, np.ndarray], base: np.ndarray | None) -> np.ndarray:
    result = np.ones(index.size, dtype=bool) if base is None else base.copy()
    for mask in masks.values():
        result &= mask
    return result


def filter_mask(
    index: CatalogIndex,
    state: FilterState,
    base: np.ndarray | None = None,
    masks: dict[str, np.ndarray] | None = None,
) -> np.ndarray:
    """Products that pass every active filter (and `base`, e.g. "fits the profile").
    Pass `masks` (from `field_masks`) when they are already at hand."""
    return _combine(index, field_masks(index, state) if masks is None else masks, base)


def facet_counts(
    index: CatalogIndex,
    state: FilterState,
    base: np.ndarray | None = None,
    masks: dict[str, np.ndarray] | None = None,
    passing: np.ndarray | None = None,
) -> dict[str, dict[str, int]]:
    """For every option of every field: how many products it would give with the other filters kept.
    `masks` (from `field_masks`) and `passing` (the products passing them and `base`) may be
    passed when they are already at hand.

    Counted per combination of facet values (see `filter_and_count`); on a catalog with too many
    combinations, per product: a field with no filter of its own sees the products that pass
    every filter, and only the few active fields need a mask that leaves their own filter out.
    """
    if facet_combinations(index) is not None:
        return filter_and_count(index, state, base).facets
    masks = field_masks(index, state) if masks is None else masks
    passing = _combine(index, masks, base) if passing is None else passing
    counts: dict[str, dict[str, int]] = {}
    for name in FACET_FIELDS:
        if name in masks:
            others = _combine(index, {key: mask for key, mask in masks.items() if key != name}, base)
            counts[name] = _tally_products(index, name, others)
        else:
            counts[name] = _tally_products(index, name, passing)
    return counts


class FilterAnswer(NamedTuple):
    mask: np.ndarray  # the products passing every filter and the base
    facets: dict[str, dict[str, int]]  # per field and option: how many products it would give
    held_back: int  # products passing every filter that the base holds back (0 without a base)


def filter_and_count(
    index: CatalogIndex, state: FilterState, base: np.ndarray | None = None, *, with_facets: bool = True
) -> FilterAnswer:
    """The products passing every filter (and `base`), the facet counts (empty without
    `with_facets`), and how many products pass the filters but not `base`.

    A facet filter (category, shoe types, a feature...) passes or fails a whole combination of
    facet values at once, so it is decided per combination (a few thousand) and gathered; only
    `base`, ranges and search text are per product. The products passing those are counted per
    combination in one pass, and every option of every field is tallied from that short list:
    leaving a field's own filter out is a product of two short arrays, not another pass.
    """
    combinations = facet_combinations(index)
    if combinations is None:
        masks = field_masks(index, state)
        filtered = _combine(index, masks, None)
        mask = filtered if base is None else filtered & base
        counts = facet_counts(index, state, base, masks, mask) if with_facets else {}
        return FilterAnswer(mask, counts, 0 if base is None else _held_back(filtered, mask))
    filtered = _combine(index, row_masks(index, state), None)  # `rows` before the base
    rows = filtered if base is None else filtered & base
    tables = _facet_tables(combinations, state)
    passing = _all_of(tables.values(), combinations.count)[combinations.ids] if tables else None
    mask = rows if passing is None else rows & passing
    held_back = 0 if base is None else _held_back(filtered if passing is None else filtered & passing, mask)
    if not with_facets:
        return FilterAnswer(mask, {}, held_back)
    per_combination = _per_combination(combinations, rows)
    counts = {}
    for name in FACET_FIELDS:
        others = _all_of([table for key, table in tables.items() if key != name], combinations.count)
        counts[name] = _tally(combinations, name, per_combination * others)
    return FilterAnswer(mask, counts, held_back)


def _held_back(filtered: np.ndarray, mask: np.ndarray) -> int:
    """How many of the products passing the filters (`filtered`) the base left out of `mask`."""
    return int(np.count_nonzero(filtered)) - int(np.count_nonzero(mask))


def _facet_tables(combinations: Combinations, state: FilterState) -> dict[str, np.ndarray]:
    """Per active facet field: which combinations of facet values pass its filter."""
    tables: dict[str, np.ndarray] = {}
    for name in (*CHOICE_FIELDS, *LIST_FIELDS):
        selected = state.choices.get(name)
        if not selected:
            continue
        part = combinations.parts[FACET_FIELDS.index(name)]
        values = _values(name)
        if name in CHOICE_FIELDS:  # part 0 is "not given", never chosen
            lookup = np.zeros(len(values) + 1, dtype=bool)
            lookup[[values.index(value) + 1 for value in selected]] = True
            tables[name] = lookup[part]
        else:
            tables[name] = (part & sum(bit_of(name, value) for value in selected)) != 0
    for name in FLAG_FIELDS:
        if name in state.flags:
            tables[name] = combinations.parts[FACET_FIELDS.index(name)] == 1
    return tables


def _all_of(tables: Iterable[np.ndarray], count: int) -> np.ndarray:
    passing = np.ones(count, dtype=bool)
    for table in tables:
        passing &= table
    return passing


FACET_FIELDS = (*CHOICE_FIELDS, *LIST_FIELDS, *FLAG_FIELDS)


def facet_combinations(index: CatalogIndex) -> Combinations | None:
    """Every product's combination of the facet fields' values (choice codes shifted so that "not
    given" is 0, list bit masks, flags), kept with the index; parts in `FACET_FIELDS` order."""

    def columns() -> list[tuple[np.ndarray, int]]:
        parts = [(index.codes[name] + 1, len(_values(name)) + 1) for name in CHOICE_FIELDS]
        parts += [(index.masks[name], 1 << len(_values(name))) for name in LIST_FIELDS]
        parts += [(index.flags[name], 2) for name in FLAG_FIELDS]
        return parts

    return index.combinations("facets", columns)


@cache
def _values(name: str) -> tuple[str, ...]:
    """A field's options (the vocabulary's, fixed): looked up once, not on every filter change."""
    return tuple(choice_values(COLUMN_BY_NAME[name]))


def _per_combination(combinations: Combinations, rows: np.ndarray) -> np.ndarray:
    """How many of `rows` hold each combination. When most rows are kept (no range or search,
    a profile that excludes a few), every product's count less the dropped rows' counts: about
    half the time of counting a million rows with weights."""
    if np.count_nonzero(rows) > len(rows) // 2:
        return combinations.sizes - np.bincount(combinations.ids[~rows], minlength=combinations.count)
    return np.bincount(combinations.ids[rows], minlength=combinations.count)


def _tally(combinations: Combinations, name: str, per_combination: np.ndarray) -> dict[str, int]:
    """A field's counts from how many products each combination of facet values gives."""
    part = combinations.parts[FACET_FIELDS.index(name)]
    if name in FLAG_FIELDS:
        return {"true": int(per_combination[part == 1].sum())}
    values = _values(name)
    if name in CHOICE_FIELDS:  # part 0 is "not given"
        tally = _whole(np.bincount(part, weights=per_combination, minlength=len(values) + 1))
        return {value: int(tally[position + 1]) for position, value in enumerate(values)}
    tally = _whole(np.bincount(part, weights=per_combination, minlength=1 << len(values)))
    patterns = np.arange(len(tally))
    return {value: int(tally[(patterns >> bit) & 1 == 1].sum()) for bit, value in enumerate(values)}


def _whole(counts: np.ndarray) -> np.ndarray:
    """Counts summed as float64 weights, back as integers (exact below 2**53)."""
    return np.asarray(np.rint(counts), dtype=np.int64)


def _tally_products(index: CatalogIndex, name: str, rows: np.ndarray) -> dict[str, int]:
    """The same tally counted over the products themselves (a catalog with too many combinations)."""
    if name in FLAG_FIELDS:
        return {"true": int(np.count_nonzero(index.flags[name] & rows))}
    values = choice_values(COLUMN_BY_NAME[name])
    if name in CHOICE_FIELDS:
        # Code -1 (not given) is shifted to 0 and dropped.
        tally = _counts(index, name, rows, lambda picked: index.codes[name][picked].astype(np.int64) + 1)
        tally = np.pad(tally, (0, max(0, len(values) + 1 - len(tally))))
        return {value: int(tally[position + 1]) for position, value in enumerate(values)}
    # One pass over the rows counts each combination of options; each option's count is then a sum
    # over the few combinations that hold it (a pass per option cost ~5x as much).
    combinations = _counts(index, name, rows, lambda picked: index.masks[name][picked])
    patterns = np.arange(len(combinations))
    return {value: int(combinations[(patterns >> bit) & 1 == 1].sum()) for bit, value in enumerate(values)}


def _counts(
    index: CatalogIndex, name: str, rows: np.ndarray, values_of: Callable[[np.ndarray], np.ndarray]
) -> np.ndarray:
    """`np.bincount` of a field's values over `rows`. When most rows are kept (the usual case: no
    filter, or a profile that excludes a few), the whole catalog's counts less the dropped rows'
    counts: picking 90% of a million values out costs several times picking 10%."""
    if np.count_nonzero(rows) <= len(rows) // 2:
        return np.bincount(values_of(rows))
    whole = index.whole_tallies[name]
    dropped = np.bincount(values_of(~rows), minlength=len(whole))
    return whole - dropped


@dataclass(frozen=True)
class RelaxHint:
    field: str
    count: int

    def sentence(self) -> str:
        products = "product" if self.count == 1 else "products"
        if self.field == "profile":
            return f"Widen the shoe types or budget in your foot profile to see {self.count:,} {products}."
        return f"Clear the {FIELD_LABELS[self.field]} filter to see {self.count:,} {products}."


def relax_hints(index: CatalogIndex, state: FilterState, base: np.ndarray | None = None) -> list[RelaxHint]:
    """Which single filter to clear to get results back, the most helpful first."""
    masks = field_masks(index, state)
    hints = []
    for name in masks:
        count = int(np.count_nonzero(_combine(index, {k: m for k, m in masks.items() if k != name}, base)))
        if count:
            hints.append(RelaxHint(name, count))
    if base is not None:
        count = int(np.count_nonzero(_combine(index, masks, None)))
        if count:
            hints.append(RelaxHint("profile", count))
    return sorted(hints, key=lambda hint: -hint.count)
