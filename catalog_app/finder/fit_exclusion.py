"""Products that cannot fit a profile: made for other shoes, over budget, or not made in its size.

The budget is checked against the first outlay (price plus any assessment fee), converted into
the budget's currency at the current exchange rates; a product whose currency cannot be
converted is not held to the budget. Sizes follow model/sizes.py: a product not made in the
profile's size (within half a size) is excluded; unreadable sizes never exclude.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from catalog_app.costs.exchange_rates import ExchangeRates
from catalog_app.finder.catalog_index import CatalogIndex, recall, remember
from catalog_app.model.catalog_frame import mask_of, values_of_mask
from catalog_app.model.display import format_money
from catalog_app.model.profile import FootProfile
from catalog_app.model.sizes import (
    ShoeSize,
    SizeFit,
    parse_shoe_size,
    size_fit,
    size_fit_text,
)
from catalog_app.model.vocabulary import label

SIZE_FITS: tuple[SizeFit, ...] = tuple(SizeFit)
NOT_MADE_CODE = SIZE_FITS.index(SizeFit.NOT_MADE)


@dataclass
class Exclusion:
    index: CatalogIndex = field(repr=False)
    profile: FootProfile
    rates: ExchangeRates | None
    excluded: np.ndarray
    size: ShoeSize | None = None
    size_codes: np.ndarray | None = field(default=None, repr=False)  # index into SIZE_FITS per product

    def reason(self, position: int) -> str | None:
        parts = [part for part in (self._shoes(position), self._budget(position), self._size(position)) if part]
        return "; ".join(parts) if parts else None

    def size_note(self, position: int) -> str | None:
        if self.size is None or self.size_codes is None:
            return None
        return size_fit_text(SIZE_FITS[int(self.size_codes[position])], self.size)

    def _shoes(self, position: int) -> str | None:
        profile = self.profile
        if not profile.shoe_types:
            return None
        fits = int(self.index.masks["shoe_types"][position])
        if fits & mask_of("shoe_types", profile.shoe_types):
            return None
        made_for = ", ".join(label(value).lower() for value in values_of_mask("shoe_types", fits))
        wanted = ", ".join(label(value).lower() for value in profile.shoe_types)
        return f"made for {made_for}, not for {wanted}"

    def _budget(self, position: int) -> str | None:
        budget = self.profile.budget
        if budget is None:
            return None
        price = float(self.index.numbers["price"][position])
        fee = _fee(float(self.index.numbers["assessment_fee"][position]))
        currency = str(self.index.currency[position])
        outlay = _convert(self.rates, price + fee, currency, self.profile.currency)
        if outlay is None or not outlay > budget:
            return None
        text = f"costs {format_money(price, currency)}"
        if fee > 0:
            text += f" plus a {format_money(fee, currency)} clinic visit"
        if currency != self.profile.currency and self.rates is not None:
            text += f" ({self.rates.approx_text(price + fee, currency, self.profile.currency)})"
        return f"{text}, over your budget of {format_money(budget, self.profile.currency)}"

    def _size(self, position: int) -> str | None:
        if self.size_codes is None or self.size is None or int(self.size_codes[position]) != NOT_MADE_CODE:
            return None
        return size_fit_text(SizeFit.NOT_MADE, self.size)


def _fee(value: float) -> float:
    return 0.0 if math.isnan(value) else value


def _convert(rates: ExchangeRates | None, amount: float, source: str, target: str) -> float | None:
    if source == target:
        return amount
    return None if rates is None else rates.convert(amount, source, target)


def budget_factors(index: CatalogIndex, rates: ExchangeRates | None, currency: str) -> np.ndarray:
    """Per product: what one unit of its currency is worth in `currency` (NaN: cannot convert)."""
    codes, currencies = index.currency_codes
    table = budget_factors_of(currencies, rates, currency)
    return table[codes] if len(table) else np.zeros(0, dtype=np.float64)


def budget_factors_of(currencies: list[str], rates: ExchangeRates | None, currency: str) -> np.ndarray:
    if rates is None:
        return np.array([1.0 if code == currency else math.nan for code in currencies], dtype=np.float64)
    return rates.factors(currencies, currency)


def _over_budget(index: CatalogIndex, rates: ExchangeRates | None, currency: str, budget: float) -> np.ndarray:
    """First outlay (price plus fee) over the budget, in the budget's currency; a currency that
    cannot be converted is never over (NaN compares False)."""
    codes, currencies = index.currency_codes
    if len(currencies) == 1:  # the usual catalog: one currency, no gather
        factor = budget_factors_of(currencies, rates, currency)[0]
        return index.first_outlay * factor > budget if factor == factor else np.zeros(index.size, dtype=bool)
    limits = budget / budget_factors_of(currencies, rates, currency)  # NaN where it cannot convert
    with np.errstate(invalid="ignore"):
        return np.asarray(index.first_outlay > limits[codes])


def exclusion_of(index: CatalogIndex, profile: FootProfile, rates: ExchangeRates | None) -> Exclusion:
    """Which products cannot fit. Each part (shoes, budget, size) is kept with the index for the
    next few profile changes, so changing one answer recomputes only its own part."""
    excluded = np.zeros(index.size, dtype=bool)
    if profile.shoe_types:
        excluded |= _shoe_misfits(index, profile.shoe_types)
    if profile.budget is not None:
        excluded |= _budget_misfits(index, rates, profile.currency, profile.budget)
    size = parse_shoe_size(profile.shoe_size) if profile.shoe_size else None
    size_codes = None
    if size is not None:
        size_codes = _size_codes(index, size)
        excluded |= size_codes == NOT_MADE_CODE
    return Exclusion(index=index, profile=profile, rates=rates, excluded=excluded, size=size, size_codes=size_codes)


def _kept(index: CatalogIndex, key: tuple[object, ...], compute: Callable[[], np.ndarray]) -> np.ndarray:
    kept = recall(index.recent_exclusions, key)
    if isinstance(kept, np.ndarray):
        return kept
    array = np.asarray(compute())
    array.flags.writeable = False  # shared by every exclusion with the same answer
    remember(index.recent_exclusions, key, array)
    return array


def _shoe_misfits(index: CatalogIndex, shoe_types: tuple[str, ...]) -> np.ndarray:
    wanted = np.uint16(mask_of("shoe_types", shoe_types))
    return _kept(index, ("shoes", int(wanted)), lambda: (index.masks["shoe_types"] & wanted) == 0)


def _budget_misfits(index: CatalogIndex, rates: ExchangeRates | None, currency: str, budget: float) -> np.ndarray:
    _codes, currencies = index.currency_codes
    factors = np.asarray(budget_factors_of(currencies, rates, currency), dtype=np.float64).tobytes()
    return _kept(index, ("budget", budget, currency, factors), lambda: _over_budget(index, rates, currency, budget))


def _size_codes(index: CatalogIndex, size: ShoeSize) -> np.ndarray:
    def compute() -> np.ndarray:
        codes, _cells = index.size_cells
        table = np.array([SIZE_FITS.index(size_fit(spec, size)) for spec in index.parsed_size_cells], dtype=np.int8)
        return table[codes] if len(table) else np.zeros(0, dtype=np.int8)

    return _kept(index, ("size", size), compute)
