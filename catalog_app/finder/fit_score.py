"""The fit score: 0–100 for every product against a foot profile, with the reasons behind it.

Vectorized over the whole catalog: each applicable rule of `fit_rules.FIT_RULES` (and each thing
the maker says the product suits) gives a credit between 0 and 1 per product, read from a small
table over the values of one catalog column. Criteria reading the same column are summed into
one table per column, so scoring a million products is one gather per column and channel.

How the score is built (see fit_rules for the grades and constants):
- each criterion weighs its rule weight times its evidence grade's weight;
- weak rules and maker claims together make up at most `WEAK_SHARE` of the scale; when nothing
  else applies they move the score between `WEAK_ONLY_FLOOR` and `WEAK_ONLY_CAP`;
- a product with no full-credit reason of moderate or common-practice evidence scores at most
  `WEAK_ONLY_CAP`: it cannot rank as a confident fit;
- custom orthotics rank `CUSTOM_POINTS` below (or, where the profile says a podiatrist-made
  insole is worth asking about, above) what their features alone would give;
- `confidence` (high / medium / low) says how much of the points rest on moderate evidence.

Reasons for one product are read back from the same criteria on demand, so they always agree
with the score. Products that cannot fit (wrong shoe type, over budget counting the clinic fee,
not made in the profile's size) are marked excluded, with the reason.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from catalog_app.costs.exchange_rates import ExchangeRates, current_exchange_rates
from catalog_app.finder.catalog_index import CatalogIndex, group_radices, index_of, recall, remember
from catalog_app.finder.fit_criteria import Criterion, profile_criteria
from catalog_app.finder.fit_exclusion import Exclusion, exclusion_of
from catalog_app.finder.fit_rules import (
    CUSTOM_POINTS,
    KEY_GROUPS,
    WEAK_ONLY_CAP,
    WEAK_ONLY_FLOOR,
    WEAK_SHARE,
    Evidence,
)
from catalog_app.io.catalog import Catalog
from catalog_app.model.profile import FootProfile
from catalog_app.model.schema import COLUMN_BY_NAME, Kind

NEUTRAL_SCORE = 50.0
CONFIDENCE_LEVELS = ("low", "medium", "high")  # confidence_codes index this
HIGH_CONFIDENCE_SHARE = 0.5  # at least half the points rest on moderate evidence
MEDIUM_CONFIDENCE_SHARE = 0.2  # ... or a fifth, or half on moderate and common practice together
RECENT_SCORES = 2  # the scores shown and the ones before (about 20 MB each at a million products)
EFFECTS = ("+", "-", "~")  # raised the score, lowered it, partly
_EFFECT_ORDER = {"+": 0, "~": 1, "-": 2}  # how reasons are listed


@dataclass(frozen=True)
class Reason:
    text: str
    effect: str  # "+" raised the score, "-" lowered it, "~" partly
    evidence: Evidence  # a StrEnum: compares equal to "moderate", "common-practice", "weak", "maker-claim"


@dataclass
class FitResult:
    excluded: np.ndarray
    profile: FootProfile
    index: CatalogIndex = field(repr=False)
    scored: ScoredCriteria = field(repr=False, compare=False)
    criteria: list[Criterion] = field(repr=False, default_factory=list)
    exclusion: Exclusion | None = field(repr=False, default=None)
    rates: ExchangeRates | None = field(repr=False, default=None)
    rates_problem: str | None = None
    _order: np.ndarray | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def scores(self) -> np.ndarray:
        """Every product's score, 0 to 100 in tenths (read-only, shared with other results)."""
        return self.scored.scores

    @property
    def confidence_codes(self) -> np.ndarray:
        """Every product's confidence, an index into CONFIDENCE_LEVELS."""
        return self.scored.confidence

    @property
    def score_ranks(self) -> np.ndarray:
        """The scores as uint16 sort ranks (their tenths), computed with the scores."""
        return self.scored.ranks

    @property
    def has_order(self) -> bool:
        """Whether `best_first` has ranked this result already."""
        return self._order is not None

    def best_first(self, rank: Callable[[], np.ndarray]) -> np.ndarray:
        """Every catalog position, best fit first: ranked by `rank` on first use and kept with this
        result, so a filter change orders its matches with one gather instead of a sort."""
        if self._order is None:
            self._order = rank()
        return self._order

    def confidence(self, position: int) -> str:
        """How much this product's score rests on moderate evidence: "high", "medium" or "low"."""
        return CONFIDENCE_LEVELS[int(self.confidence_codes[position])]

    def confidence_texts(self, positions: np.ndarray | None = None) -> np.ndarray:
        """The confidence words of many products at once (for a table column)."""
        codes = self.confidence_codes if positions is None else self.confidence_codes[positions]
        return np.asarray(np.asarray(CONFIDENCE_LEVELS, dtype=object)[codes])

    def reason_items(self, position: int) -> list[Reason]:
        """What raised and what lowered this product's score: "+" first, then "~", then "-",
        each by weight."""
        items: list[tuple[float, Reason]] = []
        sources = self.index.scoring_sources
        for criterion in self.criteria:
            found = criterion.reason_for(int(sources[criterion.source][position]))
            if found is not None:
                items.append((criterion.weight, Reason(found[0], found[1], criterion.evidence)))
        custom = self.custom_reason(position)
        if custom is not None:
            items.append((0.0, custom))
        items.sort(key=lambda item: (_EFFECT_ORDER[item[1].effect], -item[0]))
        return [reason for _weight, reason in items]

    def reasons(self, position: int) -> list[str]:
        return [reason.text for reason in self.reason_items(position)]

    def custom_reason(self, position: int) -> Reason | None:
        """Why a custom orthotic ranks lower (or, where the profile says so, why it is worth asking
        about), and, in that case, why an off-the-shelf insole ranks lower."""
        if not self.criteria:
            return None
        custom = bool(self.index.is_custom[position])
        if custom:
            return custom_orthotic_reason(self.profile)
        if self.profile.custom_worth_asking:
            return Reason(
                f"off-the-shelf: as {_why_custom(self.profile)}, a podiatrist-made insole may suit you better",
                "-",
                Evidence.COMMON_PRACTICE,
            )
        return None

    def exclusion_reason(self, position: int) -> str | None:
        return None if self.exclusion is None else self.exclusion.reason(position)

    def size_note(self, position: int) -> str | None:
        """How the product's sizes meet the profile's: "made in EU 43", "trim to fit", "one size",
        "made to order", "sizes not stated", "not made in EU 43"; None without a readable size."""
        return None if self.exclusion is None else self.exclusion.size_note(position)


def custom_orthotic_reason(profile: FootProfile) -> Reason:
    if profile.custom_worth_asking:
        text = (
            f"a podiatrist-made insole is worth asking about, as {_why_custom(profile)}: "
            "it is shaped to your foot after an assessment"
        )
        return Reason(text, "+", Evidence.COMMON_PRACTICE)
    return Reason(
        "custom orthotic: for most people, off-the-shelf insoles with similar support work as well for far "
        "less; worth asking a podiatrist about if pain is severe, your foot shape unusual, or off-the-shelf "
        "insoles have not helped",
        "-",
        Evidence.COMMON_PRACTICE,
    )


def _why_custom(profile: FootProfile) -> str:
    why = []
    if profile.severity == "severe":
        why.append("your pain is severe")
    if profile.unusual_foot_shape:
        why.append("your foot shape is unusual")
    if profile.tried_off_the_shelf:
        why.append("off-the-shelf insoles have not helped")
    return _joined(why)


def _joined(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def score_products(
    catalog_or_frame: Catalog | pd.DataFrame,
    profile: FootProfile,
    *,
    rates: ExchangeRates | None = None,
) -> FitResult:
    """Score every product against `profile`. `rates` convert other currencies for the budget
    check; by default the current exchange rates file (costs/exchange_rates.py).

    The scores of the last few sets of criteria are kept with the catalog's index, so a change
    that does not touch them (budget, size, currency) only recomputes the exclusions."""
    index = index_of(catalog_or_frame) if isinstance(catalog_or_frame, Catalog) else CatalogIndex(catalog_or_frame)
    problem = None
    if rates is None:
        loaded = current_exchange_rates()
        rates, problem = loaded.rates, loaded.problem
    criteria = profile_criteria(profile)
    _ = index.scoring_sources  # derived once per catalog; built here so an empty profile prepares it too
    scored = scored_criteria(index, criteria, profile)
    exclusion = exclusion_of(index, profile, rates)
    return FitResult(
        excluded=exclusion.excluded,
        profile=profile,
        index=index,
        scored=scored,
        criteria=criteria,
        exclusion=exclusion,
        rates=rates,
        rates_problem=problem,
    )


class ScoredCriteria:
    """The scores one set of criteria gives the catalog, shared (read-only) by every fit result
    made with the same criteria, with the catalog's order best first per cost conversion.

    Scored per combination of values (`ids` gives each product's combination), the per-product
    scores, confidence codes and ranks are spread from the combinations' on first use, under a
    lock: ranking, which reads only `combination_ranks`, can begin in another thread first."""

    def __init__(
        self,
        scores: np.ndarray,
        confidence: np.ndarray,
        ranks: np.ndarray,
        *,
        ids: np.ndarray | None = None,
    ) -> None:
        # Per combination with `ids`: ranking sorts small keys gathered from this short table.
        self.combination_ranks = ranks if ids is not None else None
        self.orders: dict[bytes, np.ndarray] = {}  # every position best first, per cost conversion
        self._ids = ids
        self._tables = (scores, confidence, ranks)
        self._spread = None if ids is not None else _read_only(self._tables)
        self._lock = threading.Lock()

    @property
    def scores(self) -> np.ndarray:
        return self.spread()[0]

    @property
    def confidence(self) -> np.ndarray:
        return self.spread()[1]

    @property
    def ranks(self) -> np.ndarray:
        """The scores in tenths of a point, as uint16 sort ranks."""
        return self.spread()[2]

    def spread(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(scores, confidence codes, ranks) per product, spread now if not yet."""
        spread = self._spread
        if spread is None:
            with self._lock:
                if self._spread is None and self._ids is not None:
                    # np.take spreads a short table in about two thirds of the time of `table[ids]`.
                    self._spread = _read_only(tuple(np.take(table, self._ids) for table in self._tables))
                spread = self._spread
        assert spread is not None
        return spread


def _read_only(arrays: tuple[np.ndarray, ...]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    for array in arrays:
        array.flags.writeable = False  # shared by every fit result with these criteria
    scores, confidence, ranks = arrays
    return scores, confidence, ranks


def scored_criteria(index: CatalogIndex, criteria: list[Criterion], profile: FootProfile) -> ScoredCriteria:
    """The scores of `criteria` over the catalog: one of the last few kept, or computed now."""
    key = _criteria_key(criteria, profile)
    kept = recall(index.recent_scores, key)
    if isinstance(kept, ScoredCriteria):
        return kept
    if criteria:
        scored = _graded(index, criteria, profile)
    else:
        scored = ScoredCriteria(
            np.full(index.size, NEUTRAL_SCORE),
            np.zeros(index.size, dtype=np.int8),
            np.full(index.size, round(NEUTRAL_SCORE * 10), dtype=np.uint16),
        )
    remember(index.recent_scores, key, scored, keep=RECENT_SCORES)
    return scored


def _criteria_key(criteria: list[Criterion], profile: FootProfile) -> tuple[object, ...]:
    """What the scores depend on: each criterion's source, weight, grade and credits, and which of
    custom or off-the-shelf insoles lose points."""
    parts = tuple((c.source, c.weight, str(c.evidence), c.lookup.tobytes()) for c in criteria)
    return (*parts, bool(profile.custom_worth_asking))


def score_ranks(scores: np.ndarray) -> np.ndarray:
    """Scores (0 to 100, one decimal) as their tenths: uint16 ranks that sort like the scores."""
    return np.rint(np.asarray(scores, dtype=np.float64) * 10).astype(np.uint16)


CHANNELS = ("points", "moderate", "strong", "strong_full")


@dataclass
class _Channels:
    """Tables of credit in four channels: the score points a value earns; how many of them rest
    on moderate evidence; on moderate or common practice; and how many strong rules give it full
    credit. One table per key group and channel, over the group's combinations of values
    (`CatalogIndex.composite_keys`), so each costs one gather; a source outside every group
    (none today) gets a table of its own."""

    tables: dict[tuple[tuple[str, ...], str], np.ndarray] = field(default_factory=dict)

    def add(self, channel: str, criterion: Criterion, values: np.ndarray) -> None:
        group = next((group for group in KEY_GROUPS if criterion.source in group), (criterion.source,))
        radices = group_radices(group) if group in KEY_GROUPS else (len(values),)
        table = self.tables.get((group, channel))
        if table is None:
            table = self.tables[(group, channel)] = np.zeros(radices, dtype=np.float32)
        shape = [1] * len(group)
        shape[group.index(criterion.source)] = -1
        table += _digit_order(criterion.source, values).reshape(shape) if group in KEY_GROUPS else values

    def gather(self, keys: dict[tuple[str, ...], np.ndarray], size: int, channel: str) -> np.ndarray:
        """The channel's credit for each entry of `keys` (each group's key per product or per
        combination of groups)."""
        total: np.ndarray | None = None
        for (group, name), table in self.tables.items():
            if name == channel:
                part = np.take(table.ravel(), keys[group])
                total = part if total is None else np.add(total, part, out=total)
        return np.zeros(size, dtype=np.float32) if total is None else total


def _digit_order(source: str, lookup: np.ndarray) -> np.ndarray:
    """A choice lookup keeps "not given" (code -1) last; the composite key has it as digit 0."""
    if source in COLUMN_BY_NAME and COLUMN_BY_NAME[source].kind is Kind.CHOICE:
        return np.concatenate((lookup[-1:], lookup[:-1]))
    return lookup


def _scales(criteria: list[Criterion]) -> tuple[float, float, float]:
    """(offset, points per strong weight, points per weak weight)."""
    strong = sum(criterion.weight for criterion in criteria if criterion.strong)
    weak = sum(criterion.weight for criterion in criteria if not criterion.strong)
    if strong == 0:
        return WEAK_ONLY_FLOOR, 0.0, (WEAK_ONLY_CAP - WEAK_ONLY_FLOOR) / weak
    shrink = min(1.0, WEAK_SHARE / (1 - WEAK_SHARE) * strong / weak) if weak else 1.0
    total = strong + shrink * weak
    return 0.0, 100.0 / total, 100.0 * shrink / total


def _channels(criteria: list[Criterion]) -> tuple[float, _Channels]:
    offset, per_strong, per_weak = _scales(criteria)
    channels = _Channels()
    for criterion in criteria:
        points = np.float32((per_strong if criterion.strong else per_weak) * criterion.weight) * criterion.lookup
        channels.add("points", criterion, points)
        if criterion.evidence is Evidence.MODERATE:
            channels.add("moderate", criterion, points)
        if criterion.strong:
            channels.add("strong", criterion, points)
            channels.add("strong_full", criterion, (criterion.lookup >= 1.0).astype(np.float32))
    return offset, channels


def _graded(index: CatalogIndex, criteria: list[Criterion], profile: FootProfile) -> ScoredCriteria:
    """Scores, confidence codes and score ranks per product. Computed once per distinct
    combination of the scored columns and gathered, or, when the catalog has too many
    combinations (or a criterion reads a column outside the key groups), per product."""
    combinations = index.scoring_combinations
    grouped = all(any(c.source in group for group in KEY_GROUPS) for c in criteria)
    if combinations is None or not grouped:
        keys = dict(index.composite_keys)
        keys.update({(c.source,): index.scoring_sources[c.source] for c in criteria if (c.source,) not in keys})
        scores, confidence = graded_scores(keys, index.is_custom, criteria, profile)
        return ScoredCriteria(scores, confidence, score_ranks(scores))
    keys = dict(zip(KEY_GROUPS, combinations.parts, strict=False))
    scores, confidence = graded_scores(keys, combinations.parts[-1].astype(bool), criteria, profile)
    ranks = score_ranks(scores)
    return ScoredCriteria(scores, confidence, ranks, ids=combinations.ids)


def graded_scores(
    keys: dict[tuple[str, ...], np.ndarray], is_custom: np.ndarray, criteria: list[Criterion], profile: FootProfile
) -> tuple[np.ndarray, np.ndarray]:
    """Scores and confidence codes for entries (products, or combinations of products' values)
    given by their key per group and whether they are custom orthotics."""
    offset, channels = _channels(criteria)
    size = len(is_custom)
    points = channels.gather(keys, size, "points")
    scores = points + np.float32(offset)
    # Off-the-shelf first, unless the profile says a podiatrist-made insole is worth asking about.
    lowered = ~is_custom if profile.custom_worth_asking else is_custom
    np.subtract(scores, np.float32(CUSTOM_POINTS), out=scores, where=lowered)
    no_strong_reason = channels.gather(keys, size, "strong_full") == 0
    np.minimum(scores, np.float32(WEAK_ONLY_CAP), out=scores, where=no_strong_reason)
    np.clip(scores, 0.0, 100.0, out=scores)
    rounded = np.round(scores.astype(np.float64), 1)
    confidence = _confidence(points, channels.gather(keys, size, "moderate"), channels.gather(keys, size, "strong"))
    confidence[no_strong_reason] = 0  # raised by nothing stronger than weak evidence or a maker's claim
    return rounded, confidence


def _confidence(points: np.ndarray, moderate: np.ndarray, strong: np.ndarray) -> np.ndarray:
    """2 high: at least half the points rest on moderate evidence; 1 medium: a fifth do, or half
    rest on moderate and common practice together; 0 low: otherwise, or no points at all (and,
    set by the caller, where no moderate or common-practice rule gives full credit)."""
    high = moderate >= np.float32(HIGH_CONFIDENCE_SHARE) * points
    medium = (moderate >= np.float32(MEDIUM_CONFIDENCE_SHARE) * points) | (
        strong >= np.float32(HIGH_CONFIDENCE_SHARE) * points
    )
    earned = points > 0
    return ((medium & earned).view(np.int8) + (high & earned).view(np.int8)).astype(np.int8)
