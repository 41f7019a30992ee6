"""`insole-catalog presets list|show|save|rename|delete`: the same named filter presets as the window."""

from __future__ import annotations

import argparse
from dataclasses import replace

from catalog_app.cli.common import CommandError
from catalog_app.finder.filter_presets import (
    PresetError,
    delete_preset,
    describe_filters,
    load_preset,
    narrowed,
    preset_names,
    rename_preset,
    save_preset,
)
from catalog_app.finder.filters import FLAG_FIELDS, FilterState
from catalog_app.model.catalog_frame import choice_values
from catalog_app.model.schema import COLUMN_BY_NAME

NAME = "presets"
HELP = "keep named filter presets (the filters and search text of the window's filter pane)"
# (option, filter field) for the option boxes of the filter pane.
CHOICE_OPTIONS = (
    ("--category", "category"),
    ("--shoe-type", "shoe_types"),
    ("--arch-support", "arch_support"),
    ("--cushioning", "cushioning"),
    ("--rigidity", "rigidity"),
    ("--length", "length"),
    ("--heel-cup", "heel_cup"),
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("list", help="list the saved presets", description="list the saved presets")
    show = actions.add_parser("show", help="show a preset's filters", description="show a preset's filters")
    show.add_argument("name", metavar="NAME", help="preset name")
    save = actions.add_parser(
        "save",
        help="save filters under a name (replaces a preset of that name)",
        description="save filters under a name; each option narrows, options repeat to allow several values",
    )
    save.add_argument("name", metavar="NAME", help="preset name")
    add_filter_arguments(save)
    rename = actions.add_parser("rename", help="rename a preset", description="rename a preset")
    rename.add_argument("name", metavar="NAME", help="preset name")
    rename.add_argument("new_name", metavar="NEW_NAME", help="its new name")
    delete = actions.add_parser("delete", help="delete a preset", description="delete a preset")
    delete.add_argument("name", metavar="NAME", help="preset name")


def add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    for option, field_name in CHOICE_OPTIONS:
        values = ", ".join(choice_values(COLUMN_BY_NAME[field_name]))
        parser.add_argument(option, action="append", default=[], dest=field_name, help=f"one of: {values} (repeatable)")
    parser.add_argument(
        "--feature", action="append", default=[], help="one of: " + ", ".join(FLAG_FIELDS) + " (repeatable)"
    )
    parser.add_argument("--min-price", type=float, help="lowest price (in each product's own currency)")
    parser.add_argument("--max-price", type=float, help="highest price")
    parser.add_argument("--min-lifespan", type=float, help="shortest lifespan in months")
    parser.add_argument("--max-lifespan", type=float, help="longest lifespan in months")
    parser.add_argument("--text", default="", help="words to find in the name, brand or description")


def _value(raw: str, known: tuple[str, ...] | list[str], option: str) -> str:
    value = raw.strip().lower().replace(" ", "-").replace("_", "-")
    if value not in known:
        value = raw.strip().lower().replace(" ", "_").replace("-", "_")  # feature names use underscores
    if value not in known:
        raise CommandError(f"'{raw}' is not a valid {option}; use one of: {', '.join(known)}.")
    return value


def filters_from_args(args: argparse.Namespace) -> FilterState:
    """The filters the options name (the one parser behind `presets save`)."""
    state = FilterState()
    for option, field_name in CHOICE_OPTIONS:
        known = choice_values(COLUMN_BY_NAME[field_name])
        values = frozenset(_value(raw, known, option) for raw in getattr(args, field_name))
        state = state.with_choice(field_name, values)
    bounds = {}
    for name in ("min_price", "max_price", "min_lifespan", "max_lifespan"):
        value = getattr(args, name)
        if value is not None and not value > 0:
            raise CommandError(f"--{name.replace('_', '-')} must be a positive number.")
        bounds[name] = value
    return replace(
        state,
        flags=frozenset(_value(raw, FLAG_FIELDS, "--feature") for raw in args.feature),
        price_min=bounds["min_price"],
        price_max=bounds["max_price"],
        lifespan_min=bounds["min_lifespan"],
        lifespan_max=bounds["max_lifespan"],
        text=args.text,
    )


def preset_with(name: str, extra: FilterState) -> FilterState:
    """A saved preset narrowed by further filters: `search --preset NAME [options]`."""
    try:
        _saved_name, filters = load_preset(name)
        return narrowed(filters, extra)
    except PresetError as error:
        raise CommandError(str(error)) from None


def run(args: argparse.Namespace) -> int:
    try:
        if args.action == "list":
            names = preset_names()
            print("\n".join(names) if names else "No saved presets yet: save one with `insole-catalog presets save`.")
        elif args.action == "show":
            saved_name, filters = load_preset(args.name)
            print(f"Preset: {saved_name}")
            for line in describe_filters(filters) or ["no filters: every product"]:
                print(f"  {line}")
        elif args.action == "save":
            filters = filters_from_args(args)
            print(f"Saved preset “{save_preset(args.name, filters)}”: {_summary(filters)}")
        elif args.action == "rename":
            print(f"Renamed preset to “{rename_preset(args.name, args.new_name)}”.")
        else:
            print(f"Deleted preset “{delete_preset(args.name)}”.")
    except PresetError as error:
        raise CommandError(str(error)) from None
    return 0


def _summary(filters: FilterState) -> str:
    lines = describe_filters(filters)
    return "; ".join(lines) if lines else "no filters (every product)"
