"""`insole-catalog compare ID ID [ID ...]`: products side by side, with what each costs over time."""

from __future__ import annotations

import argparse
import csv
import shutil
import sys
import textwrap
from collections.abc import Sequence
from typing import Any, TextIO

from catalog_app.cli.common import (
    CommandError,
    add_catalog_argument,
    add_cost_arguments,
    database_url,
    open_catalog,
    write_json,
)
from catalog_app.cli.terminal import terminal_text
from catalog_app.costs.comparison import MAX_COMPARED, MIN_COMPARED, Comparison, compare_products
from catalog_app.costs.cost_notes import CostOptions, UnknownProductError
from catalog_app.io.cell_safety import neutralize

NAME = "compare"
HELP = "compare 2 to 6 products side by side, with their cost per month and over a horizon"

ATTRIBUTE_WIDTH = 30
MIN_COLUMN_WIDTH = 14
MAX_COLUMN_WIDTH = 28
PIPE_WIDTH = 120


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("ids", nargs="+", metavar="ID", help=f"product ids, {MIN_COMPARED} to {MAX_COMPARED}")
    add_catalog_argument(parser)
    add_cost_arguments(parser)
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table", help="output format")


def check_ids(ids: Sequence[str]) -> None:
    if len(ids) < MIN_COMPARED:
        raise CommandError(f"compare needs at least {MIN_COMPARED} product ids, got {len(ids)}")
    if len(ids) > MAX_COMPARED:
        raise CommandError(f"compare takes at most {MAX_COMPARED} product ids, got {len(ids)}")
    repeated = [product_id for position, product_id in enumerate(ids) if product_id in ids[:position]]
    if repeated:
        raise CommandError(f"'{repeated[0]}' is listed more than once; list each product once")


def run(args: argparse.Namespace) -> int:
    ids = list(args.ids)
    check_ids(ids)
    catalog = open_catalog(args.catalog, database_url(args))
    options = CostOptions(horizon_months=args.horizon_months, pairs=args.pairs)
    try:
        comparison = compare_products(catalog, ids, options)
    except UnknownProductError as error:
        raise CommandError(error.message) from None
    if args.format == "json":
        write_json(comparison.as_dict())
    elif args.format == "csv":
        write_csv(comparison, sys.stdout)
    else:
        # A pipe or a file gets the full width; a terminal gets its own.
        width = shutil.get_terminal_size(fallback=(120, 40)).columns if sys.stdout.isatty() else PIPE_WIDTH
        print(format_table(comparison, width=width))
    return 0


def _csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    if isinstance(value, float):
        return round(value, 4)
    return value


def write_csv(comparison: Comparison, out: TextIO) -> None:
    """One row per attribute, one column per product id: typed values a spreadsheet can sum."""
    writer = csv.writer(out, lineterminator="\n")
    rows: list[list[Any]] = [["attribute", "label", "differs", "best", *comparison.product_ids]]
    data = comparison.as_dict()
    for row in data["rows"]:
        best = "" if row["best"] is None else comparison.product_ids[row["best"]]
        rows.append(
            [row["attribute"], row["label"], row["differs"], best, *(_csv_value(value) for value in row["values"])]
        )
    rows.append(["notes", "Notes", "", "", *("; ".join(item["notes"]) for item in data["products"])])
    for cells in rows:  # a spreadsheet opening this never runs a cell as a formula
        writer.writerow([neutralize(cell) for cell in cells])


def format_table(comparison: Comparison, *, width: int = 120) -> str:
    """A terminal table: attributes down, products across; '*' marks rows that differ, [..] the best value."""
    count = len(comparison.products)
    column_width = (width - ATTRIBUTE_WIDTH - 3 * count) // max(count, 1)
    column_width = max(MIN_COLUMN_WIDTH, min(MAX_COLUMN_WIDTH, column_width))
    lines: list[str] = []

    def emit(heading: str, cells: list[str]) -> None:
        # Catalog text is shown, never acted on by the terminal (escaped before it is measured).
        wrapped_heading = textwrap.wrap(terminal_text(heading), ATTRIBUTE_WIDTH) or [""]
        wrapped = [textwrap.wrap(terminal_text(cell), column_width) or [""] for cell in cells]
        height = max(len(wrapped_heading), *(len(cell) for cell in wrapped))
        for line in range(height):
            head = wrapped_heading[line] if line < len(wrapped_heading) else ""
            parts = [cell[line] if line < len(cell) else "" for cell in wrapped]
            text = head.ljust(ATTRIBUTE_WIDTH) + "".join(" | " + part.ljust(column_width) for part in parts)
            lines.append(text.rstrip())

    emit("", [cost.name for cost in comparison.products])
    rule = "-" * ATTRIBUTE_WIDTH + ("-+-" + "-" * column_width) * count
    lines.append(rule)
    for row in comparison.rows:
        cells = [f"[{text}]" if index == row.best else text for index, text in enumerate(row.display)]
        emit(("* " if row.differs else "  ") + row.label, cells)
    lines.append(rule)
    options = comparison.options
    shoes = "pair of shoes" if options.pairs == 1 else "pairs of shoes"
    legend = (
        f"* the products differ on this line; [ ] the best value. Costs over {options.horizon_months} months "
        f"for {options.pairs} {shoes}, replacements included; each in its own currency."
    )
    lines.extend(textwrap.wrap(legend, width))
    for cost in comparison.products:
        lines.append("")
        lines.append(terminal_text(f"{cost.name} ({cost.product_id}):"))
        for note in comparison.notes[cost.product_id]:
            lines.extend(textwrap.wrap(terminal_text(note), width - 4, initial_indent="  - ", subsequent_indent="    "))
    return "\n".join(lines)
