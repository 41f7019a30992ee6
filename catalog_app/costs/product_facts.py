"""One product's attributes as the labelled lines a person reads: the detail pane and exports use them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from catalog_app.model.display import format_choice, format_choices, format_money, format_months, format_number

FEATURE_LABELS = {
    "metatarsal_pad": "metatarsal pad",
    "trim_to_fit": "trim to fit",
    "transferable": "moves between shoes",
    "washable": "washable",
}


def product_facts(record: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(label, text) pairs for every attribute the product gives, in reading order.

    `record` is one product as plain values (`catalog_frame.product_record`).
    """
    currency = str(record["currency"])
    price = record["price"]
    lifespan = record["lifespan_months"]
    facts: list[tuple[str, str]] = [
        ("Brand", str(record["brand"])),
        ("Category", format_choice(str(record["category"]))),
        ("Price", format_money(price, currency)),
    ]
    fee = record.get("assessment_fee") or 0.0
    if fee > 0:
        facts.append(("Clinic visit", f"{format_money(fee, currency)} on top of the price"))
    if price and lifespan:
        facts.append(("Cost per month", format_money(price / lifespan, currency)))
    facts += [
        ("Lifespan", format_months(lifespan, record.get("lifespan_months_max"))),
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
