"""One product's attributes as the labelled lines a person reads: the detail pane and exports use them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from catalog_app.costs.cost_notes import CostOptions, horizon_cost
from catalog_app.costs.exchange_rates import ExchangeRates
from catalog_app.model.display import format_choice, format_choices, format_money, format_months, format_number

FEATURE_LABELS = {
    "metatarsal_pad": "metatarsal pad",
    "trim_to_fit": "trim to fit",
    "transferable": "moves between shoes",
    "washable": "washable",
}


def product_facts(
    record: Mapping[str, Any], *, rates: ExchangeRates | None = None, currency: str | None = None
) -> list[tuple[str, str]]:
    """(label, text) pairs for every attribute the product gives, in reading order.

    `record` is one product as plain values (`catalog_frame.product_record`). With `rates` and
    the profile's `currency`, a price in another currency shows "≈ $34.50 at rates of DATE"
    beside it; the price itself stays in its own currency.
    """
    own = str(record["currency"])
    price = record["price"]
    facts: list[tuple[str, str]] = [
        ("Brand", str(record["brand"])),
        ("Category", format_choice(str(record["category"]))),
        ("Price", _price_text(price, own, rates, currency)),
    ]
    facts += _cost_facts(record)
    facts += [
        ("Lifespan", format_months(record["lifespan_months"], record.get("lifespan_months_max"))),
        ("Arch support", format_choice(str(record["arch_support"]))),
        ("Cushioning", format_choice(str(record["cushioning"]))),
        ("Rigidity", format_choice(str(record["rigidity"]))),
        ("Volume", format_choice(str(record["volume"]))),
        ("Heel cup", format_choice(str(record["heel_cup"]))),
        ("Length", format_choice(str(record["length"]))),
        ("Shoe types", format_choices(record["shoe_types"])),
        ("Thickness", format_number(record.get("thickness_mm"), "mm")),
        ("Weight (pair)", format_number(record.get("weight_g"), "g")),
        ("Features", features_text(record)),
        ("Suits arches", format_choices(record.get("suited_arches") or ())),
        ("Suits pronation", format_choices(record.get("suited_pronation") or ())),
        ("Maker lists for", format_choices(record.get("concerns") or ())),
        ("Activities", format_choices(record.get("activities") or ())),
        ("Sizes", str(record.get("sizes") or "—")),
        ("Warranty", warranty_text(record.get("warranty_months"))),
    ]
    if record.get("url"):
        facts.append(("Web page", str(record["url"])))
    return facts


def _price_text(price: float, own: str, rates: ExchangeRates | None, currency: str | None) -> str:
    text = format_money(price, own)
    converted = None if rates is None or currency is None else rates.approx_text(price, own, currency)
    return f"{text} ({converted})" if converted else text


def _cost_facts(record: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The clinic fee, the cost per month of wear, and the true monthly cost over 24 months."""
    currency = str(record["currency"])
    price = record["price"]
    lifespan = record["lifespan_months"]
    facts: list[tuple[str, str]] = []
    fee = record.get("assessment_fee") or 0.0
    if fee > 0:
        facts.append(("Clinic visit", f"{format_money(fee, currency)} on top of the price"))
    if price and lifespan:
        facts.append(("Cost per month of wear", format_money(price / lifespan, currency)))
        options = CostOptions()
        total = horizon_cost(price, lifespan, 1, fee, options.horizon_months)
        monthly = format_money(total / options.horizon_months, currency)
        facts.append((f"Per month over {options.horizon_months} months", f"{monthly}, fee and replacements included"))
    return facts


def features_text(record: Mapping[str, Any]) -> str:
    present = [text for key, text in FEATURE_LABELS.items() if record.get(key)]
    return ", ".join(present).capitalize() if present else "—"


def warranty_text(months: float | None) -> str:
    if not months:
        return "None stated"
    return format_months(months)


def break_in_note(days: float | None) -> str:
    """How to start wearing it; the seed article: starting out may feel strange, build up over days."""
    if not days:
        return "No break-in period stated. If it feels strange at first, wear it for a few hours a day to start."
    count = f"{days:g} day" + ("" if days == 1 else "s")
    return f"Allow about {count} to get used to it: start with a few hours a day and build up wear time."


def care_note(record: Mapping[str, Any]) -> str:
    care = str(record.get("care") or "").strip()
    return care or "Clean it regularly and replace it when it is worn."
