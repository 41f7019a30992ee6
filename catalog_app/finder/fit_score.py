"""The fit score: 0–100 for every product against a foot profile, with the reasons behind it.

Vectorized over the whole catalog: each applicable rule of `fit_rules.FIT_RULES` yields a credit
array (0, 0.5 or 1 per product) and the score is the weighted share of the credit available.
Reasons for one product are read back from the same rules on demand, so they always agree with
the score. Products that cannot fit (wrong shoe type, over budget) are marked excluded, with
the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from catalog_app.finder.catalog_index import CatalogIndex, index_of
from catalog_app.finder.fit_rules import FIT_RULES, MAKER_SUITED_WEIGHT, WEAK_CONCERNS, Strength, Test, When
from catalog_app.io.catalog import Catalog
from catalog_app.model.catalog_frame import choice_values, mask_of, values_of_mask
from catalog_app.model.display import format_money
from catalog_app.model.profile import FootProfile
from catalog_app.model.schema import COLUMN_BY_NAME
from catalog_app.model.vocabulary import label

NEUTRAL_SCORE = 50.0


@dataclass(frozen=True)
class Reason:
    text: str
    effect: int  # +1 raised the score, 0 partly, -1 lowered it
    strength: Strength


@dataclass(frozen=True)
class _Criterion:
    """One applicable scoring criterion: a rule, or what the maker says the product suits.

    A product's credit (0, 0.5 or 1) is `lookup[source[position]]`: `source` is one of the
    catalog index's small-integer arrays (choice codes, bit masks, flags) and `lookup` a table
    over its values, so scoring a million products is one gather per source column.
    """

    weight: float
    source: str  # key into the catalog index's scoring sources
    lookup: np.ndarray  # float32 credit per source value; code -1 reads the trailing slot
    reason: str
    missing: str
    strength: Strength
    partial: str = ""


@dataclass
class FitResult:
    scores: np.ndarray
    excluded: np.ndarray
    profile: FootProfile
    index: CatalogIndex = field(repr=False)
    criteria: list[_Criterion] = field(repr=False, default_factory=list)

    def reason_items(self, position: int) -> list[Reason]:
        """What raised and what lowered this product's score, strongest weight first."""
        items: list[tuple[float, Reason]] = []
        for criterion in self.criteria:
            credit = float(criterion.lookup[_sources(self.index)[criterion.source][position]])
            if credit >= 1.0:
                items.append((criterion.weight, Reason(criterion.reason, +1, criterion.strength)))
            elif credit > 0.0:
                text = criterion.partial or f"partly: {criterion.reason}"
                items.append((criterion.weight / 2, Reason(text, 0, criterion.strength)))
            elif criterion.missing:
                items.append((criterion.weight, Reason(criterion.missing, -1, criterion.strength)))
        items.sort(key=lambda item: (-item[1].effect, -item[0]))
        return [reason for _weight, reason in items]

    def reasons(self, position: int) -> list[str]:
        return [reason.text for reason in self.reason_items(position)]

    def exclusion_reason(self, position: int) -> str | None:
        parts = []
        profile = self.profile
        if profile.shoe_types:
            fits = int(self.index.masks["shoe_types"][position])
            if not fits & mask_of("shoe_types", profile.shoe_types):
                made_for = ", ".join(label(value).lower() for value in values_of_mask("shoe_types", fits))
                wanted = ", ".join(label(value).lower() for value in profile.shoe_types)
                parts.append(f"made for {made_for}, not for {wanted}")
        if profile.budget is not None:
            price = float(self.index.numbers["price"][position])
            currency = str(self.index.currency[position])
            if price > profile.budget and currency == profile.currency:
                budget = format_money(profile.budget, currency)
                parts.append(f"costs {format_money(price, currency)}, over your budget of {budget}")
        return "; ".join(parts) if parts else None


def score_products(catalog_or_frame: Catalog | pd.DataFrame, profile: FootProfile) -> FitResult:
    index = index_of(catalog_or_frame) if isinstance(catalog_or_frame, Catalog) else CatalogIndex(catalog_or_frame)
    criteria = _criteria(index, profile)
    _sources(index)  # derived once per catalog; built here so an empty profile prepares it too
    scores = _weighted_share(index, criteria) if criteria else np.full(index.size, NEUTRAL_SCORE)
    return FitResult(scores=scores, excluded=_excluded(index, profile), profile=profile, index=index, criteria=criteria)


def _weighted_share(index: CatalogIndex, criteria: list[_Criterion]) -> np.ndarray:
    """100 x (credit earned / credit available), rounded to 0.1: criteria reading the same source
    column are summed into one table first, then each column costs a single gather."""
    total = sum(criterion.weight for criterion in criteria)
    tables: dict[str, np.ndarray] = {}
    for criterion in criteria:
        table = tables.setdefault(criterion.source, np.zeros(len(criterion.lookup), dtype=np.float32))
        table += np.float32(100.0 * criterion.weight / total) * criterion.lookup
    sources = _sources(index)
    earned = np.zeros(index.size, dtype=np.float32)
    for source, table in tables.items():
        earned += table[sources[source]]
    scores = earned.astype(np.float64)
    np.round(scores, 1, out=scores)
    return scores


def applies(when: When, profile: FootProfile) -> bool:
    """Whether a rule's profile condition holds (see `When`)."""
    checks = []
    if when.arches and profile.arch:
        checks.append(profile.arch in when.arches)
    if when.pronation and profile.pronation:
        checks.append(profile.pronation in when.pronation)
    if when.concerns and profile.concerns:
        checks.append(any(concern in when.concerns for concern in profile.concerns))
    if when.activities and profile.activities:
        checks.append(any(activity in when.activities for activity in profile.activities))
    if when.shoe_types and profile.shoe_types:
        checks.append(any(shoe in when.shoe_types for shoe in profile.shoe_types))
    if not checks:
        return False
    return all(checks) if when.match == "all" else any(checks)


def _criteria(index: CatalogIndex, profile: FootProfile) -> list[_Criterion]:
    criteria = [
        _Criterion(rule.weight, *_test_lookup(rule.test), rule.reason, rule.missing, rule.strength)
        for rule in FIT_RULES
        if applies(rule.when, profile)
    ]
    criteria.extend(_maker_criteria(index, profile))
    return criteria


def _maker_criteria(index: CatalogIndex, profile: FootProfile) -> list[_Criterion]:
    """What the catalog entry says a product suits; an entry that says nothing earns half."""
    out: list[_Criterion] = []
    if profile.arch:
        reason = f"made for a {label(profile.arch).lower()} arch"
        out.append(_suits(index, "suited_arches", (profile.arch,), reason, "which arches it suits"))
    if profile.pronation:
        reason = f"made for {label(profile.pronation).lower()}"
        out.append(_suits(index, "suited_pronation", (profile.pronation,), reason, "which gait it suits"))
    for concern in profile.concerns:
        words = label(concern).lower()
        if concern in WEAK_CONCERNS:
            reason = f"its maker lists {words}; it may help, but evidence is weak"
            strength = Strength.WEAK
        else:
            reason = f"its maker lists {words}"
            strength = Strength.COMMON_PRACTICE
        out.append(_suits(index, "concerns", (concern,), reason, f"whether it is made with {words} in mind", strength))
    if profile.activities:
        words = ", ".join(label(activity).lower() for activity in profile.activities)
        out.append(
            _suits(
                index,
                "activities",
                profile.activities,
                f"suits {words}",
                "which activities it suits",
                missing=f"not made for {words}",
            )
        )
    return out


def _suits(
    index: CatalogIndex,
    column: str,
    values: tuple[str, ...],
    reason: str,
    unknown_topic: str,
    strength: Strength = Strength.COMMON_PRACTICE,
    *,
    missing: str = "",
) -> _Criterion:
    """Full credit where the entry lists one of `values`, half where it lists nothing, else none."""
    wanted = mask_of(column, values)
    masks = np.arange(1 << len(choice_values(COLUMN_BY_NAME[column])), dtype=np.int64)
    lookup = np.where(masks & wanted, 1.0, np.where(masks == 0, 0.5, 0.0)).astype(np.float32)
    partial = f"its maker does not say {unknown_topic}"
    return _Criterion(MAKER_SUITED_WEIGHT, column, lookup, reason, missing, strength, partial=partial)


THIN_SOURCE = "thickness_mm<=4"


def _test_lookup(test: Test) -> tuple[str, np.ndarray]:
    """The source column a rule's test reads and its credit for each value of that column."""
    if test.kind in ("at_least", "at_most", "one_of"):
        values = choice_values(COLUMN_BY_NAME[test.column])
        lookup = np.zeros(len(values) + 1, dtype=np.float32)  # the last slot is code -1: not given
        for code, value in enumerate(values):
            if test.kind == "one_of":
                lookup[code] = 1.0 if value in test.values else 0.0
                continue
            level = values.index(test.level)
            distance = code - level if test.kind == "at_least" else level - code
            lookup[code] = 1.0 if distance >= 0 else 0.5 if distance == -1 else 0.0
        return test.column, lookup
    if test.kind == "flag":
        return test.column, np.array([0.0, 1.0], dtype=np.float32)
    if test.kind == "thin":
        if test.limit != THIN_LIMIT_MM:
            raise ValueError(f"thin tests read a {THIN_LIMIT_MM} mm limit, not {test.limit}")
        return THIN_SOURCE, np.array([0.0, 1.0, 0.5], dtype=np.float32)  # thicker, thin, unknown
    raise ValueError(f"unknown test kind {test.kind!r}")


THIN_LIMIT_MM = 4.0


def _sources(index: CatalogIndex) -> dict[str, np.ndarray]:
    """Small-integer arrays the criteria read, derived once per catalog index."""
    cached = index.__dict__.get("_fit_sources")
    if cached is None:
        cached = {**index.codes, **index.masks}
        cached.update({name: flags.view(np.uint8) for name, flags in index.flags.items()})
        thickness = index.numbers["thickness_mm"]
        with np.errstate(invalid="ignore"):
            thin = np.where(np.isnan(thickness), 2, thickness <= THIN_LIMIT_MM).astype(np.uint8)
        cached[THIN_SOURCE] = thin
        index.__dict__["_fit_sources"] = cached
    return cached


def _excluded(index: CatalogIndex, profile: FootProfile) -> np.ndarray:
    excluded = np.zeros(index.size, dtype=bool)
    if profile.shoe_types:
        wanted = np.uint16(mask_of("shoe_types", profile.shoe_types))
        excluded |= (index.masks["shoe_types"] & wanted) == 0
    if profile.budget is not None:
        excluded |= (index.numbers["price"] > profile.budget) & (index.currency == profile.currency)
    return excluded
