"""`insole-catalog search`: the ranked matches for a foot profile and filters."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from enum import StrEnum
from typing import Any

from catalog_app.cli.common import CommandError, add_catalog_argument, open_catalog
from catalog_app.cli.presets import preset_with
from catalog_app.finder.filters import FilterState
from catalog_app.finder.finder import FinderResult, find_products
from catalog_app.io.catalog import Catalog
from catalog_app.model.display import format_money
from catalog_app.model.profile import FootProfile
from catalog_app.model.vocabulary import Activity, Category, Concern, FootArch, Pronation, ShoeType

NAME = "search"
HELP = "list the products that fit a foot profile, best fit first"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_catalog_argument(parser)
    parser.add_argument("--arch", help=_choices_help(FootArch))
    parser.add_argument("--pronation", help=_choices_help(Pronation))
    parser.add_argument("--concern", action="append", default=[], help=_choices_help(Concern) + " (repeatable)")
    parser.add_argument("--activity", action="append", default=[], help=_choices_help(Activity) + " (repeatable)")
    parser.add_argument("--shoe", action="append", default=[], help=_choices_help(ShoeType) + " (repeatable)")
    parser.add_argument("--category", action="append", default=[], help=_choices_help(Category) + " (repeatable)")
    parser.add_argument("--budget", type=float, help="most you want to pay for one pair")
    parser.add_argument("--min-price", type=float, help="lowest price")
    parser.add_argument("--max-price", type=float, help="highest price")
    parser.add_argument("--text", default="", help="words to find in the name, brand or description")
    parser.add_argument("--preset", metavar="NAME", help="start from a saved filter preset; other options narrow it")
    parser.add_argument("--limit", type=int, default=20, help="how many products to list (default 20; 0 = all)")
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table")


def _choices_help(choices: type[StrEnum]) -> str:
    return "one of: " + ", ".join(member.value for member in choices)


def _check(value: str | None, choices: type[StrEnum], option: str) -> str | None:
    if value is None:
        return None
    normalized = value.strip().lower().replace(" ", "-").replace("_", "-")
    if normalized not in choices._value2member_map_:
        valid = ", ".join(member.value for member in choices)
        raise CommandError(f"'{value}' is not a valid {option}; use one of: {valid}.")
    return normalized


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
        concerns=tuple(_check(value, Concern, "--concern") or "" for value in args.concern),
        activities=tuple(_check(value, Activity, "--activity") or "" for value in args.activity),
        shoe_types=tuple(_check(value, ShoeType, "--shoe") or "" for value in args.shoe),
        budget=args.budget,
    )
    categories = frozenset(_check(value, Category, "--category") or "" for value in args.category)
    filters = FilterState(price_min=args.min_price, price_max=args.max_price, text=args.text)
    if categories:
        filters = filters.with_choice("category", categories)
    return profile, filters


def result_rows(catalog: Catalog, result: FinderResult, limit: int) -> list[dict[str, Any]]:
    frame = catalog.frame
    positions = result.positions if limit == 0 else result.positions[:limit]
    rows = []
    for position in positions.tolist():
        rows.append(
            {
                "id": str(frame["id"].iat[position]),
                "name": str(frame["name"].iat[position]),
                "brand": str(frame["brand"].iat[position]),
                "category": str(frame["category"].iat[position]),
                "price": float(frame["price"].iat[position]),
                "currency": str(frame["currency"].iat[position]),
                "arch_support": str(frame["arch_support"].iat[position]),
                "heel_cup": str(frame["heel_cup"].iat[position]),
                "fit_score": float(result.fit.scores[position]),
                "reasons": result.fit.reasons(position),
            }
        )
    return rows


def run(args: argparse.Namespace) -> int:
    profile, filters = profile_and_filters(args)
    if args.preset:
        filters = preset_with(args.preset, filters)
    catalog = open_catalog(args.catalog)
    result = find_products(catalog, profile, filters, with_facets=False)
    rows = result_rows(catalog, result, args.limit)
    if args.format == "json":
        json.dump(rows, sys.stdout, indent=2, ensure_ascii=False)
        print()
    elif args.format == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(["id", "name", "brand", "category", "price", "currency", "fit_score", "reasons"])
        for row in rows:
            writer.writerow(
                [
                    row["id"],
                    row["name"],
                    row["brand"],
                    row["category"],
                    row["price"],
                    row["currency"],
                    row["fit_score"],
                    " | ".join(row["reasons"]),
                ]
            )
    else:
        _print_table(rows, result, profile)
    return 0


def _print_table(rows: list[dict[str, Any]], result: FinderResult, profile: FootProfile) -> None:
    print(f"Profile: {profile.summary()}")
    print(f"{result.count} of {result.total} products match; showing {len(rows)}.")
    for hint in result.hints[:1]:
        print(hint.sentence())
    for row in rows:
        price = format_money(row["price"], row["currency"])
        print(f"\n{row['fit_score']:5.0f}  {row['name']} — {row['brand']} ({row['category']}), {price}  [{row['id']}]")
        for reason in row["reasons"][:4]:
            print(f"       · {reason}")
