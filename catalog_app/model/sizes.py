"""Shoe sizes: a profile's size ("EU 43", "UK 9", "US M10", "US W11.5") and a catalog's `sizes` cell.

Both are put on one continuous scale, UK sizes, with the conversion table of ../shared/DOMAIN.md
(between its rows, linearly). Makers differ by up to half a size, so a size within half a size of
a product's range counts as made in that size.

A `sizes` cell holds parts separated by commas or semicolons, each one of: `one size`,
`trim to fit`, a range (`EU 36-46`, `UK 5-12`, `US M7-13`, `US W5-10`, `US W5-M13`), a single
size (`EU 43`), or a labelled range (`M (M7-10)`, US sizes implied inside the brackets).
`made to order` (custom orthotics) fits any size. A cell that cannot be read is a validation
warning and the product counts as "sizes not stated": it is never excluded for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

import numpy as np

# DOMAIN.md's table: UK, EU, US men, US women (13 has no US women's size there).
_UK = np.array([3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13], dtype=np.float64)
_EU = np.array([35.5, 37, 38, 39, 40.5, 42, 43, 44.5, 46, 47, 48], dtype=np.float64)
US_MEN_OFFSET = 1.0  # US men's = UK + 1
US_WOMEN_OFFSET = 2.5  # US women's = UK + 2.5
HALF_SIZE = 0.5
_TOLERANCE = 1e-9

SYSTEMS = ("EU", "UK", "US M", "US W")
SIZE_EXAMPLES = "EU 43, UK 9, US M10 or US W11.5"


def _eu_to_uk(eu: float) -> float:
    if eu < _EU[0]:
        return float(_UK[0] + (eu - _EU[0]) * (_UK[1] - _UK[0]) / (_EU[1] - _EU[0]))
    if eu > _EU[-1]:
        return float(_UK[-1] + (eu - _EU[-1]) * (_UK[-1] - _UK[-2]) / (_EU[-1] - _EU[-2]))
    return float(np.interp(eu, _EU, _UK))


def to_uk(system: str, value: float) -> float:
    """A size in any system on the UK scale."""
    if system == "EU":
        return _eu_to_uk(value)
    if system == "UK":
        return value
    if system == "US M":
        return value - US_MEN_OFFSET
    if system == "US W":
        return value - US_WOMEN_OFFSET
    raise ValueError(f"unknown size system {system!r}")


@dataclass(frozen=True)
class ShoeSize:
    system: str  # one of SYSTEMS
    value: float

    @property
    def uk(self) -> float:
        return to_uk(self.system, self.value)

    @property
    def text(self) -> str:
        number = f"{self.value:g}"
        return f"{self.system}{number}" if self.system.startswith("US") else f"{self.system} {number}"


_NUMBER = r"(\d{1,2}(?:[.,]5|[.,]0)?)"
_PROFILE_SIZE = re.compile(
    rf"^\s*(?:(?P<eu>eu)|(?P<uk>uk)|us\s*(?P<us>m|w|men'?s?|women'?s?|mens|womens)?)\s*\.?\s*{_NUMBER}\s*$",
    re.IGNORECASE,
)


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def parse_shoe_size(text: str) -> ShoeSize | None:
    """A profile's size, or None when it is empty or cannot be read ("US 10" reads as men's)."""
    match = _PROFILE_SIZE.match(text or "")
    if match is None:
        return None
    value = _number(match.group(4))
    if match.group("eu"):
        system = "EU"
    elif match.group("uk"):
        system = "UK"
    else:
        gender = (match.group("us") or "m").lower()
        system = "US W" if gender.startswith("w") else "US M"
    return ShoeSize(system, value)


def size_problem(text: str) -> str:
    """The sentence for a profile size that cannot be read."""
    return f"The shoe size '{text.strip()}' was not understood, so sizes are not checked; use {SIZE_EXAMPLES}."


# ---- the catalog's sizes cell -----------------------------------------------------------------


class SizeFit(StrEnum):
    """How a product's sizes meet the profile's size."""

    MADE_IN_SIZE = "made in size"
    TRIM_TO_FIT = "trim to fit"
    ONE_SIZE = "one size"
    MADE_TO_ORDER = "made to order"
    NOT_STATED = "sizes not stated"
    NOT_MADE = "not made in size"


@dataclass(frozen=True)
class SizeSpec:
    ranges: tuple[tuple[float, float], ...] = ()  # (low, high) on the UK scale
    trim_to_fit: bool = False
    one_size: bool = False
    made_to_order: bool = False
    readable: bool = True

    @property
    def stated(self) -> bool:
        return self.readable and bool(self.ranges or self.trim_to_fit or self.one_size or self.made_to_order)


_SYSTEM = r"(?:(?P<system>eu|uk|us)\s*)?"
_SIDE = r"(?P<{g}>m|w)?\s*(?P<{n}>\d{{1,2}}(?:[.,]5)?)"
_RANGE = re.compile(
    rf"^{_SYSTEM}{_SIDE.format(g='g1', n='n1')}(?:\s*[-–]\s*{_SIDE.format(g='g2', n='n2')})?$", re.IGNORECASE
)
_LABELLED = re.compile(r"^[a-z]{1,4}\s*\((?P<inner>[^()]*)\)$", re.IGNORECASE)


def _side_system(system: str, gender: str | None) -> str | None:
    if system in ("eu", "uk"):
        return None if gender else system.upper()
    if gender is None:
        return "US M" if system == "us" else None
    return "US W" if gender.lower() == "w" else "US M"


def _range(part: str, inside_label: bool = False) -> tuple[float, float] | None:
    match = _RANGE.match(part)
    if match is None:
        return None
    system = (match.group("system") or ("us" if inside_label or match.group("g1") else "")).lower()
    first = _side_system(system, match.group("g1"))
    if first is None:
        return None
    low = to_uk(first, _number(match.group("n1")))
    if match.group("n2") is None:
        return low, low
    second = _side_system(system, match.group("g2") or (match.group("g1") if system == "us" else None))
    if second is None:
        return None
    high = to_uk(second, _number(match.group("n2")))
    return (low, high) if low <= high else None


@lru_cache(maxsize=4096)
def parse_sizes_cell(text: str) -> SizeSpec:
    """A catalog `sizes` cell (see the module docstring); unreadable cells give `readable=False`."""
    parts = [part.strip() for part in re.split(r"[,;]", text or "") if part.strip()]
    ranges: list[tuple[float, float]] = []
    flags = {"trim to fit": False, "one size": False, "made to order": False}
    for part in parts:
        words = " ".join(part.lower().split())
        if words in flags:
            flags[words] = True
            continue
        labelled = _LABELLED.match(part)
        found = _range(labelled.group("inner").strip(), inside_label=True) if labelled else _range(part)
        if found is None:
            return SizeSpec(readable=False)
        ranges.append(found)
    return SizeSpec(
        ranges=tuple(ranges),
        trim_to_fit=flags["trim to fit"],
        one_size=flags["one size"],
        made_to_order=flags["made to order"],
    )


def size_fit(spec: SizeSpec, size: ShoeSize) -> SizeFit:
    """Whether a product with these sizes is made in `size` (within half a size), and how."""
    if not spec.stated:
        return SizeFit.NOT_STATED
    uk = size.uk
    if spec.ranges:
        inside = any(low - HALF_SIZE - _TOLERANCE <= uk <= high + HALF_SIZE + _TOLERANCE for low, high in spec.ranges)
        if inside:
            return SizeFit.TRIM_TO_FIT if spec.trim_to_fit else SizeFit.MADE_IN_SIZE
        if not (spec.one_size or spec.made_to_order):
            return SizeFit.NOT_MADE
    if spec.made_to_order:
        return SizeFit.MADE_TO_ORDER
    if spec.one_size:
        return SizeFit.ONE_SIZE
    return SizeFit.TRIM_TO_FIT


def size_fit_text(fit: SizeFit, size: ShoeSize) -> str:
    """The words a person reads: "made in EU 43", "not made in EU 43", "trim to fit", ..."""
    if fit is SizeFit.MADE_IN_SIZE:
        return f"made in {size.text}"
    if fit is SizeFit.NOT_MADE:
        return f"not made in {size.text}"
    return fit.value


def unreadable_sizes_message(text: str) -> str:
    return (
        f"sizes '{text}' could not be read, so the product counts as \"sizes not stated\"; "
        "write e.g. EU 36-46, UK 5-12, US M7-13, US W5-M13, one size or trim to fit"
    )
