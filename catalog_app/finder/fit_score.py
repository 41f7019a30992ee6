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

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from catalog_app.costs.exchange_rates import ExchangeRates, current_exchange_rates
from catalog_app.finder.catalog_index import CatalogIndex, index_of
from catalog_app.finder.fit_criteria import Criterion, profile_criteria
from catalog_app.finder.fit_exclusion import Exclusion, exclusion_of
from catalog_app.finder.fit_rules import (
    CUSTOM_POINTS,
    WEAK_ONLY_CAP,
    WEAK_ONLY_FLOOR,
    WEAK_SHARE,
    Evidence,
)
from catalog_app.io.catalog import Catalog
from catalog_app.model.profile import FootProfile
from catalog_app.model.vocabulary import CUSTOM_CATEGORIES

NEUTRAL_SCORE = 50.0
CONFIDENCE_LEVELS = ("low", "medium", "high")  # confidence_codes index this
HIGH_CONFIDENCE_SHARE = 0.5  # at least half the points rest on moderate evidence
MEDIUM_CONFIDENCE_SHARE = 0.2  # ... or a fifth, or half on moderate and common practice together
EFFECTS = ("+", "-", "~")  # raised the score, lowered it, partly
_EFFECT_ORDER = {"+": 0, "~": 1, "-": 2}  # how reasons are listed


@dataclass(frozen=True)
class Reason:
    text: str
    effect: str  # "+" raised the score, "-" lowered it, "~" partly
    evidence: Evidence  # a StrEnum: compares equal to "moderate", "common-practice", "weak", "maker-claim"


@dataclass
class FitResult:
    scores: np.ndarray
    excluded: np.ndarray
    profile: FootProfile
    index: CatalogIndex = field(repr=False)
    criteria: list[Criterion] = field(repr=False, default_factory=list)
    confidence_codes: np.ndarray = field(repr=False, default_factory=lambda: np.zeros(0, dtype=np.int8))
    exclusion: Exclusion | None = field(repr=False, default=None)
    rates: ExchangeRates | None = field(repr=False, default=None)
    rates_problem: str | None = None

    def confidence(self, position: int) -> str:
        """How much this product's score rests on moderate evidence: "high", "medium" or "low"."""
        return CONFIDENCE_LEVELS[int(self.confidence_codes[position])]

    def confidence_texts(self, positions: np.ndarray | None = None) -> np.ndarray:
        """The confidence words of many products at once (for a table column)."""
        codes = self.confidence_codes if positions is None else self.confidence_codes[positions]
        return np.asarray(CONFIDENCE_LEVELS, dtype=object)[codes]

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
        custom = bool(_is_custom(self.index)[position])
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
    check; by default the current exchange rates file (costs/exchange_rates.py)."""
    index = index_of(catalog_or_frame) if isinstance(catalog_or_frame, Catalog) else CatalogIndex(catalog_or_frame)
    problem = None
    if rates is None:
        loaded = current_exchange_rates()
        rates, problem = loaded.rates, loaded.problem
    criteria = profile_criteria(profile)
    _ = index.scoring_sources  # derived once per catalog; built here so an empty profile prepares it too
    if criteria:
        scores, confidence = _graded_scores(index, criteria, profile)
    else:
        scores = np.full(index.size, NEUTRAL_SCORE)
        confidence = np.zeros(index.size, dtype=np.int8)
    exclusion = exclusion_of(index, profile, rates)
    return FitResult(
        scores=scores,
        excluded=exclusion.excluded,
        profile=profile,
        index=index,
        criteria=criteria,
        confidence_codes=confidence,
        exclusion=exclusion,
        rates=rates,
        rates_problem=problem,
    )


def _is_custom(index: CatalogIndex) -> np.ndarray:
    categories = index.frame["category"].cat.categories
    custom_codes = [code for code, value in enumerate(categories) if value in CUSTOM_CATEGORIES]
    return np.isin(index.codes["category"], custom_codes)


@dataclass
class _Channels:
    """Per source column: the points a value earns, and how many of them rest on moderate
    evidence, on moderate or common practice, and whether it earns a full-credit strong reason."""

    points: dict[str, np.ndarray] = field(default_factory=dict)
    moderate: dict[str, np.ndarray] = field(default_factory=dict)
    strong: dict[str, np.ndarray] = field(default_factory=dict)
    strong_full: dict[str, np.ndarray] = field(default_factory=dict)

    def add(self, name: str, source: str, values: np.ndarray) -> None:
        tables: dict[str, np.ndarray] = getattr(self, name)
        table = tables.setdefault(source, np.zeros(len(values), dtype=np.float32))
        table += values


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
        channels.add("points", criterion.source, points)
        if criterion.evidence is Evidence.MODERATE:
            channels.add("moderate", criterion.source, points)
        if criterion.strong:
            channels.add("strong", criterion.source, points)
            channels.add("strong_full", criterion.source, (criterion.lookup >= 1.0).astype(np.float32))
    return offset, channels


def _gathered(index: CatalogIndex, tables: dict[str, np.ndarray]) -> np.ndarray:
    sources = index.scoring_sources
    total = np.zeros(index.size, dtype=np.float32)
    for source, table in tables.items():
        total += table[sources[source]]
    return total


def _graded_scores(
    index: CatalogIndex, criteria: list[Criterion], profile: FootProfile
) -> tuple[np.ndarray, np.ndarray]:
    offset, channels = _channels(criteria)
    points = _gathered(index, channels.points)
    moderate = _gathered(index, channels.moderate)
    strong = _gathered(index, channels.strong)
    has_strong_reason = _gathered(index, channels.strong_full) > 0
    scores = points.astype(np.float64) + offset
    custom = _is_custom(index)
    # Off-the-shelf first, unless the profile says a podiatrist-made insole is worth asking about.
    scores[~custom if profile.custom_worth_asking else custom] -= CUSTOM_POINTS
    np.minimum(scores, WEAK_ONLY_CAP, out=scores, where=~has_strong_reason)
    np.clip(scores, 0.0, 100.0, out=scores)
    np.round(scores, 1, out=scores)
    return scores, _confidence(points, moderate, strong)


def _confidence(points: np.ndarray, moderate: np.ndarray, strong: np.ndarray) -> np.ndarray:
    """2 high: at least half the points rest on moderate evidence; 1 medium: a fifth do, or half
    rest on moderate and common practice together; 0 low: otherwise, or no points at all."""
    with np.errstate(invalid="ignore", divide="ignore"):
        moderate_share = np.where(points > 0, moderate / points, 0.0)
        strong_share = np.where(points > 0, strong / points, 0.0)
    medium = (moderate_share >= MEDIUM_CONFIDENCE_SHARE) | (strong_share >= HIGH_CONFIDENCE_SHARE)
    high = moderate_share >= HIGH_CONFIDENCE_SHARE
    return (medium.astype(np.int8) + high.astype(np.int8)).astype(np.int8)
