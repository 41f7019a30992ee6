"""Turning typed values into the text a person reads. Used by the UI, the command line and exports."""

from __future__ import annotations

import math

from catalog_app.model.vocabulary import label

CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}


def format_money(amount: float | None, currency: str) -> str:
    if amount is None or (isinstance(amount, float) and math.isnan(amount)):
        return "—"
    symbol = CURRENCY_SYMBOLS.get(currency)
    return f"{symbol}{amount:,.2f}" if symbol else f"{amount:,.2f} {currency}"


def format_money_range(low: float, high: float, currency: str) -> str:
    if math.isclose(low, high):
        return format_money(low, currency)
    return f"{format_money(low, currency)}–{format_money(high, currency)}"


def format_number(value: float | None, unit: str = "") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    text = f"{value:g}"
    return f"{text} {unit}".strip()


def format_months(low: float, high: float | None = None) -> str:
    if high is None or (isinstance(high, float) and math.isnan(high)) or math.isclose(low, high):
        return f"{low:g} months"
    return f"{low:g}–{high:g} months"


def format_choice(value: str) -> str:
    return label(value) if value else "—"


def format_choices(values: tuple[str, ...] | list[str]) -> str:
    return ", ".join(label(value) for value in values) if values else "—"


def format_flag(value: bool) -> str:
    return "Yes" if value else "No"
