"""The criteria a profile switches on: its fit rules and what each maker says a product suits.

A criterion's credit for a product is `lookup[source[position]]`: `source` is one of the catalog
index's small-integer arrays (choice codes, bit masks, flags) and `lookup` a table over its
values, so it can be gathered for a million products at once and read back for one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from catalog_app.finder.fit_rules import (
    EVIDENCE_WEIGHT,
    FIT_RULES,
    MAKER_SUITED_WEIGHT,
    STRONG_EVIDENCE,
    THIN_LIMIT_MM,
    THIN_SOURCE,
    WEAK_CONCERNS,
    Evidence,
    Test,
    When,
)
from catalog_app.model.catalog_frame import choice_values, mask_of
from catalog_app.model.profile import FootProfile
from catalog_app.model.schema import COLUMN_BY_NAME
from catalog_app.model.vocabulary import label


@dataclass(frozen=True)
class Criterion:
    weight: float  # the rule's weight times its evidence grade's weight
    evidence: Evidence
    source: str  # key into CatalogIndex.scoring_sources
    lookup: np.ndarray  # float32 credit per source value; code -1 (not given) reads the last slot
    reason: str  # full credit
    missing: str  # no credit ("" says nothing)
    partial: str = ""  # part credit; "{value}" is the product's value
    values: tuple[str, ...] = ()  # the source column's values, for "{value}"

    @property
    def strong(self) -> bool:
        return self.evidence in STRONG_EVIDENCE

    def reason_for(self, code: int) -> tuple[str, str] | None:
        """(text, effect) for a product whose source value is `code`, or None when there is nothing to say."""
        credit = float(self.lookup[code])
        if credit >= 1.0:
            return (self.reason, "+") if self.reason else None
        if credit > 0.0:
            value = self.values[code] if 0 <= code < len(self.values) else ""
            text = self.partial.replace("{value}", label(value).lower()) if self.partial else f"partly: {self.reason}"
            return text, "~"
        return (self.missing, "-") if self.missing else None


def applies(when: When, profile: FootProfile) -> bool:
    """Whether a rule's profile condition holds (see `When`)."""
    if any(applies(other, profile) for other in when.unless):
        return False
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
    if when.match == "every":
        listed = (when.arches, when.pronation, when.concerns, when.activities, when.shoe_types)
        return len(checks) == sum(bool(values) for values in listed) and all(checks)
    return all(checks) if when.match == "all" else any(checks)


def profile_criteria(profile: FootProfile) -> list[Criterion]:
    criteria = []
    for rule in FIT_RULES:
        if applies(rule.when, profile):
            source, lookup, values = test_lookup(rule.test)
            weight = rule.weight * EVIDENCE_WEIGHT[rule.evidence]
            criteria.append(
                Criterion(weight, rule.evidence, source, lookup, rule.reason, rule.missing, rule.partial, values)
            )
    criteria.extend(_maker_criteria(profile))
    return criteria


def _maker_criteria(profile: FootProfile) -> list[Criterion]:
    """What the catalog entry says a product suits: a maker's claim. An entry that says nothing earns half."""
    out: list[Criterion] = []
    if profile.arch:
        reason = f"its maker says it suits a {label(profile.arch).lower()} arch"
        out.append(_suits("suited_arches", (profile.arch,), reason, "which arches it suits"))
    if profile.pronation:
        reason = f"its maker says it suits {label(profile.pronation).lower()}"
        out.append(_suits("suited_pronation", (profile.pronation,), reason, "which gait it suits"))
    for concern in profile.concerns:
        words = label(concern).lower()
        if concern in WEAK_CONCERNS:
            reason = f"its maker lists {words}; it may help, but evidence is weak"
        else:
            reason = f"its maker lists {words}"
        out.append(_suits("concerns", (concern,), reason, f"whether it is made with {words} in mind"))
    if profile.activities:
        words = ", ".join(label(activity).lower() for activity in profile.activities)
        out.append(
            _suits(
                "activities",
                profile.activities,
                f"its maker says it suits {words}",
                "which activities it suits",
                missing=f"its maker does not list it for {words}",
            )
        )
    return out


def _suits(column: str, values: tuple[str, ...], reason: str, unknown_topic: str, *, missing: str = "") -> Criterion:
    """Full credit where the entry lists one of `values`, half where it lists nothing, else none."""
    wanted = mask_of(column, values)
    masks = np.arange(1 << len(choice_values(COLUMN_BY_NAME[column])), dtype=np.int64)
    lookup = np.where(masks & wanted, 1.0, np.where(masks == 0, 0.5, 0.0)).astype(np.float32)
    partial = f"its maker does not say {unknown_topic}"
    weight = MAKER_SUITED_WEIGHT * EVIDENCE_WEIGHT[Evidence.MAKER_CLAIM]
    return Criterion(weight, Evidence.MAKER_CLAIM, column, lookup, reason, missing, partial)


def test_lookup(test: Test) -> tuple[str, np.ndarray, tuple[str, ...]]:
    """The source a rule's test reads, its credit for each value of that source, and the values."""
    if test.kind == "levels":
        values = choice_values(COLUMN_BY_NAME[test.column])
        credits = dict(test.credits)
        unknown = [name for name in credits if name not in values]
        if unknown:
            raise ValueError(f"{test.column} has no value {unknown[0]!r}")
        lookup = np.zeros(len(values) + 1, dtype=np.float32)  # the last slot is code -1: not given
        for code, value in enumerate(values):
            lookup[code] = credits.get(value, 0.0)
        return test.column, lookup, values
    if test.kind == "flag":
        return test.column, np.array([0.0, 1.0], dtype=np.float32), ()
    if test.kind == "thin":
        if test.limit != THIN_LIMIT_MM:
            raise ValueError(f"thin tests read a {THIN_LIMIT_MM} mm limit, not {test.limit}")
        return THIN_SOURCE, np.array([0.0, 1.0, 0.5], dtype=np.float32), ()  # thicker, thin, unknown
    raise ValueError(f"unknown test kind {test.kind!r}")
