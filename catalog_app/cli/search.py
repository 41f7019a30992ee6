"""`insole-catalog search`: the ranked matches for a foot profile and filters.

Every format carries the health-professional line and a sentence for each warning sign ticked
(`--red-flag`), the urgent one first. JSON: `{"profile", "warnings", "health_note", "results"}`;
table: the warnings above the list and the health line below it; CSV: one row per product on
standard output, the warnings and the health line on standard error so the file stays a table.
"""

from __future__ import annotations

import argparse
import csv
import sys
from enum import StrEnum
from typing import Any

from catalog_app.cli.common import CommandError, add_catalog_argument, database_url, open_catalog, write_json
from catalog_app.cli.presets import preset_with
from catalog_app.cli.terminal import terminal_text
from catalog_app.costs.cost_notes import monthly_over_horizon_array
from catalog_app.finder.catalog_index import index_of
from catalog_app.finder.filters import FilterState
from catalog_app.finder.finder import FinderResult, find_products
from catalog_app.io.catalog import Catalog
from catalog_app.io.cell_safety import neutralize
from catalog_app.model.display import format_money
from catalog_app.model.profile import FootProfile
from catalog_app.model.red_flags import advice_notes, red_flag_notes
from catalog_app.model.sizes import parse_shoe_size, size_problem
from catalog_app.model.vocabulary import (
    Activity,
    Category,
    Concern,
    FootArch,
    Pronation,
    RedFlag,
    Severity,
    ShoeType,
)
from catalog_app.model.wording import HEALTH_NOTE

NAME = "search"
HELP = "list the products that fit a foot profile, best fit first"
TABLE_REASONS = 6
CSV_COLUMNS = (
    "id",
    "name",
    "brand",
    "category",
    "price",
    "currency",
    "fit_score",
    "confidence",
    "monthly_over_horizon",
    "size",
    "reasons",
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_catalog_argument(parser)
    parser.add_argument("--arch", help=_choices_help(FootArch))
    parser.add_argument("--pronation", help=_choices_help(Pronation))
    parser.add_argument("--concern", action="append", default=[], help=_choices_help(Concern) + " (repeatable)")
    parser.add_argument("--activity", action="append", default=[], help=_choices_help(Activity) + " (repeatable)")
    parser.add_argument("--shoe", action="append", default=[], help=_choices_help(ShoeType) + " (repeatable)")
    parser.add_argument("--category", action="append", default=[], help=_choices_help(Category) + " (repeatable)")
    parser.add_argument("--size", default="", help="your shoe size, e.g. 'EU 43', 'UK 9', 'US M10', 'US W11.5'")
    parser.add_argument(
        "--red-flag",
        action="append",
        default=[],
        help="a warning sign you have, " + _choices_help(RedFlag) + " (repeatable)",
    )
    parser.add_argument("--severity", help="how bad the pain is, " + _choices_help(Severity))
    parser.add_argument("--tried-off-the-shelf", action="store_true", help="off-the-shelf insoles have not helped")
    parser.add_argument("--unusual-foot-shape", action="store_true", help="your foot shape is unusual")
    parser.add_argument("--budget", type=float, help="most you want to pay up front (price plus any clinic fee)")
    parser.add_argument("--currency", default="USD", help="your budget's currency, e.g. USD, EUR, GBP (default USD)")
    parser.add_argument("--min-price", type=float, help="lowest price")
    parser.add_argument("--max-price", type=float, help="highest price")
    parser.add_argument("--text", default="", help="words to find in the name, brand or description")
    parser.add_argument("--preset", metavar="NAME", help="start from a saved filter preset; other options narrow it")
    parser.add_argument("--limit", type=int, default=20, help="how many products to list (default 20; 0 = all)")
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table")


def _choices_help(choices: type[StrEnum]) -> str:
    return "one of: " + ", ".join(member.value for member in choices)


def _check(value: str | None, choices: type[StrEnum], option: str) -> Any:
    if value is None:
        return None
    normalized = value.strip().lower().replace(" ", "-").replace("_", "-")
    if normalized not in choices._value2member_map_:
        valid = ", ".join(member.value for member in choices)
        raise CommandError(f"'{value}' is not a valid {option}; use one of: {valid}.")
    return normalized


def _currency(value: str) -> str:
    code = value.strip().upper()
    if len(code) != 3 or not code.isalpha():
        raise CommandError(f"'{value}' is not a currency code; use three letters such as USD, EUR or GBP.")
    return code


def profile_and_filters(args: argparse.Namespace) -> tuple[FootProfile, FilterState]:
    if args.limit < 0:
        raise CommandError("--limit must be 0 (all) or more.")
    for name in ("budget", "min_price", "max_price"):
        value = getattr(args, name)
        if value is not None and not value > 0:
            raise CommandError(f"--{name.replace('_', '-')} must be a positive number.")
    profile = FootProfile(
        arch=_check(args.arch, FootArch, "--arch"),
        pronation=_check(args.pronation, Pronation, "--pronation"),
        concerns=tuple(_check(value, Concern, "--concern") for value in args.concern),
        activities=tuple(_check(value, Activity, "--activity") for value in args.activity),
        shoe_types=tuple(_check(value, ShoeType, "--shoe") for value in args.shoe),
        budget=args.budget,
        currency=_currency(args.currency),
        shoe_size=args.size.strip(),
        red_flags=tuple(dict.fromkeys(_check(value, RedFlag, "--red-flag") for value in args.red_flag)),
        severity=_check(args.severity, Severity, "--severity"),
        tried_off_the_shelf=args.tried_off_the_shelf,
        unusual_foot_shape=args.unusual_foot_shape,
    )
    categories = frozenset(_check(value, Category, "--category") for value in args.category)
    filters = FilterState(price_min=args.min_price, price_max=args.max_price, text=args.text)
    if categories:
        filters = filters.with_choice("category", categories)
    return profile, filters


def search_warnings(profile: FootProfile, result: FinderResult) -> list[str]:
    """Sentences to read before the results: each warning sign's note (the urgent one first) and
    other "see a professional" advice, then anything that changes how the list was made (an
    unreadable size, no exchange rates)."""
    warnings = advice_notes(profile)
    if profile.shoe_size and parse_shoe_size(profile.shoe_size) is None:
        warnings.append(size_problem(profile.shoe_size))
    if result.fit.rates_problem:
        warnings.append(result.fit.rates_problem)
    elif result.fit.rates is not None and profile.currency not in result.fit.rates.per_euro:
        warnings.append(
            f"No exchange rate for {profile.currency}: only products priced in {profile.currency} are held "
            "to your budget, and costs in other currencies are not compared with them."
        )
    return warnings


def result_rows(catalog: Catalog, result: FinderResult, limit: int) -> list[dict[str, Any]]:
    frame = catalog.frame
    fit = result.fit
    positions = result.positions if limit == 0 else result.positions[:limit]
    monthly = monthly_over_horizon_array(frame)
    unchecked = index_of(catalog).claims_not_checked
    rows = []
    for position in positions.tolist():
        price = float(frame["price"].iat[position])
        currency = str(frame["currency"].iat[position])
        fee = float(frame["assessment_fee"].iat[position])
        approx = None if fit.rates is None else fit.rates.approx_text(price, currency, fit.profile.currency)
        rows.append(
            {
                "id": str(frame["id"].iat[position]),
                "name": str(frame["name"].iat[position]),
                "brand": str(frame["brand"].iat[position]),
                "category": str(frame["category"].iat[position]),
                "price": price,
                "currency": currency,
                "price_converted": approx,
                "assessment_fee": 0.0 if fee != fee else fee,
                "arch_support": str(frame["arch_support"].iat[position]),
                "heel_cup": str(frame["heel_cup"].iat[position]),
                "fit_score": float(fit.scores[position]),
                "confidence": fit.confidence(position),
                "monthly_over_horizon": round(float(monthly[position]), 2),
                "size": fit.size_note(position),
                "claims_not_checked": bool(unchecked[position]),
                "reasons": [
                    {"text": reason.text, "effect": reason.effect, "evidence": str(reason.evidence)}
                    for reason in fit.reason_items(position)
                ],
            }
        )
    return rows


def run(args: argparse.Namespace) -> int:
    profile, filters = profile_and_filters(args)
    if args.preset:
        filters = preset_with(args.preset, filters)
    catalog = open_catalog(args.catalog, database_url(args))
    result = find_products(catalog, profile, filters, with_facets=False)
    rows = result_rows(catalog, result, args.limit)
    warnings = search_warnings(profile, result)
    if args.format == "json":
        document = {
            "profile": {**profile.model_dump(mode="json"), "summary": profile.summary()},
            "warnings": warnings,
            "red_flags": [
                {"flag": str(note.flag), "text": note.text, "urgent": note.urgent} for note in red_flag_notes(profile)
            ],
            "health_note": HEALTH_NOTE,
            "results": rows,
        }
        write_json(document)
    elif args.format == "csv":
        _write_csv(rows)
        for sentence in (*warnings, HEALTH_NOTE):
            print(sentence, file=sys.stderr)
    else:
        _print_table(rows, result, profile, warnings)
    return 0


def _write_csv(rows: list[dict[str, Any]]) -> None:
    writer = csv.writer(sys.stdout)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        values = [row[name] for name in CSV_COLUMNS[:-2]]
        reasons = " | ".join(f"{reason['effect']} {reason['text']} [{reason['evidence']}]" for reason in row["reasons"])
        # A spreadsheet opening this never runs a cell as a formula.
        writer.writerow([neutralize(value) for value in (*values, row["size"] or "", reasons)])


def _print_table(rows: list[dict[str, Any]], result: FinderResult, profile: FootProfile, warnings: list[str]) -> None:
    for sentence in warnings:
        print(terminal_text(f"! {sentence}"))
    if warnings:
        print()
    print(terminal_text(f"Profile: {profile.summary()}"))
    print(f"{result.count} of {result.total} products match; showing {len(rows)}.")
    for hint in result.hints[:1]:
        print(hint.sentence())
    for row in rows:
        print()
        # Catalog text is shown, never acted on by the terminal.
        print(terminal_text(_table_heading(row)))
        print(terminal_text(f"       {_table_facts(row)}"))
        for reason in row["reasons"][:TABLE_REASONS]:
            print(terminal_text(f"       {reason['effect']} {reason['text']} ({_evidence_words(reason['evidence'])})"))
        if len(row["reasons"]) > TABLE_REASONS:
            more = len(row["reasons"]) - TABLE_REASONS
            print(f"       … {more} more reason{'' if more == 1 else 's'} (--format json lists them all)")
    print()
    print(HEALTH_NOTE)


def _table_heading(row: dict[str, Any]) -> str:
    price = format_money(row["price"], row["currency"])
    if row["price_converted"]:
        price += f" ({row['price_converted']})"
    return f"{row['fit_score']:5.0f}  {row['name']} — {row['brand']} ({row['category']}), {price}  [{row['id']}]"


def _table_facts(row: dict[str, Any]) -> str:
    facts = [
        f"{row['confidence']} confidence",
        f"{format_money(row['monthly_over_horizon'], row['currency'])} a month over 24 months, all costs included",
    ]
    if row["size"]:
        facts.append(row["size"])
    if row["claims_not_checked"]:
        facts.append("claims not checked")
    return "; ".join(facts)


def _evidence_words(evidence: str) -> str:
    from catalog_app.finder.fit_rules import EVIDENCE_WORDS, Evidence

    return EVIDENCE_WORDS[Evidence(evidence)]
