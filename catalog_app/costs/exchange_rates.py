"""Exchange rates: a dated table that converts prices for budget checks and tie-breaks only.

Prices are always shown in their own currency; a converted amount is shown beside them as
"≈ $34.50 at rates of 30 November 2026". The table is a plain CSV with the columns
`currency,per_euro,date` (units of the currency for one euro, and the day the rates are from),
like the ECB's euro reference rates. The bundled file (`catalog_data/exchange_rates.csv`) holds
rounded, approximate rates; a file of the same name in the user's data folder replaces it.

A missing or malformed file gives one clear sentence (`RatesLoad.problem`) and no rates: the app
keeps running, budgets then hold only products priced in the budget's own currency, and
tie-breaks never compare two currencies.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np

from catalog_app.model.display import format_money
from catalog_app.storage.user_data import user_data_dir

RATES_FILE_NAME = "exchange_rates.csv"
RATES_COLUMNS = ("currency", "per_euro", "date")
MAX_RATES_FILE_BYTES = 1_000_000


class RatesFileError(ValueError):
    """A rates file that cannot be used; the message is one sentence for the user."""


@dataclass(frozen=True)
class ExchangeRates:
    per_euro: dict[str, float]  # units of each currency for one euro; EUR is 1
    date: dt.date
    source: str = ""

    @property
    def date_text(self) -> str:
        return f"{self.date.day} {self.date:%B %Y}"

    def factor(self, from_currency: str, to_currency: str) -> float | None:
        """What one unit of `from_currency` is worth in `to_currency`, or None if either is unknown."""
        if from_currency == to_currency:
            return 1.0
        source = self.per_euro.get(from_currency)
        target = self.per_euro.get(to_currency)
        if source is None or target is None:
            return None
        return target / source

    def convert(self, amount: float, from_currency: str, to_currency: str) -> float | None:
        factor = self.factor(from_currency, to_currency)
        return None if factor is None else amount * factor

    def approx_text(self, amount: float, from_currency: str, to_currency: str) -> str | None:
        """'≈ $34.50 at rates of 30 November 2026', or None when the currencies are the same or unknown."""
        if from_currency == to_currency:
            return None
        converted = self.convert(amount, from_currency, to_currency)
        if converted is None:
            return None
        return f"≈ {format_money(converted, to_currency)} at rates of {self.date_text}"

    def factors(self, currencies: Sequence[str], to_currency: str) -> np.ndarray:
        """One factor per currency (NaN where it cannot be converted): for vectorized conversion."""
        return np.array(
            [math.nan if (value := self.factor(code, to_currency)) is None else value for code in currencies],
            dtype=np.float64,
        )


@dataclass(frozen=True)
class RatesLoad:
    """The rates in use, or None with the sentence that says why not."""

    rates: ExchangeRates | None
    problem: str | None = None
    path: Path | None = field(default=None)


def parse_exchange_rates(text: str, source: str) -> ExchangeRates:
    """Read a rates file's text; raises RatesFileError with one sentence."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip().lower() for name in reader.fieldnames or []]
    if any(name not in header for name in RATES_COLUMNS):
        raise RatesFileError(
            f"The exchange rates file {source} needs the columns currency, per_euro and date, "
            "so prices in other currencies are not converted."
        )
    per_euro: dict[str, float] = {"EUR": 1.0}
    dates: set[dt.date] = set()
    for number, row in enumerate(reader, start=2):
        cells = {key.strip().lower(): (value or "").strip() for key, value in row.items() if key}
        currency = cells["currency"].upper()
        try:
            rate = float(cells["per_euro"])
            day = dt.date.fromisoformat(cells["date"])
        except ValueError:
            raise RatesFileError(
                f"Row {number} of the exchange rates file {source} is not a currency, a rate and a date "
                "(e.g. USD,1.08,2026-11-30), so prices in other currencies are not converted."
            ) from None
        if len(currency) != 3 or not currency.isalpha() or not (math.isfinite(rate) and rate > 0):
            raise RatesFileError(
                f"Row {number} of the exchange rates file {source} has no valid currency code or positive rate, "
                "so prices in other currencies are not converted."
            )
        per_euro[currency] = rate
        dates.add(day)
    if not dates:
        raise RatesFileError(
            f"The exchange rates file {source} holds no rates, so prices in other currencies are not converted."
        )
    return ExchangeRates(per_euro=per_euro, date=max(dates), source=source)


def load_exchange_rates(path: Path) -> ExchangeRates:
    try:
        if path.stat().st_size > MAX_RATES_FILE_BYTES:
            raise RatesFileError(f"The exchange rates file {path} is too large to be a table of rates.")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RatesFileError(
            f"The exchange rates file {path} is missing, so prices in other currencies are not converted."
        ) from None
    except (OSError, UnicodeDecodeError) as error:
        raise RatesFileError(
            f"The exchange rates file {path} could not be read ({type(error).__name__}), "
            "so prices in other currencies are not converted."
        ) from None
    return parse_exchange_rates(text, str(path))


def user_rates_path() -> Path:
    """Where a user's own rates file goes: it replaces the bundled one."""
    return user_data_dir(create=False) / RATES_FILE_NAME


def bundled_rates_path() -> Path:
    return Path(str(resources.files("catalog_data").joinpath(RATES_FILE_NAME)))


_cache: dict[tuple[str, int, int], RatesLoad] = {}


def current_exchange_rates(path: Path | None = None) -> RatesLoad:
    """The rates in use: `path`, else the user's file in the data folder, else the bundled one.

    Read again only when the file changes (its size or modification time)."""
    if path is None:
        user = user_rates_path()
        path = user if user.exists() else bundled_rates_path()
    try:
        stat = path.stat()
        key = (str(path), stat.st_mtime_ns, stat.st_size)
    except OSError:
        key = (str(path), -1, -1)
    cached = _cache.get(key)
    if cached is not None:
        return cached
    try:
        loaded = RatesLoad(rates=load_exchange_rates(path), path=path)
    except RatesFileError as error:
        loaded = RatesLoad(rates=None, problem=str(error), path=path)
    _cache.clear()
    _cache[key] = loaded
    return loaded
