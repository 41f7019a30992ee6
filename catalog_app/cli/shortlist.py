"""`insole-catalog shortlist list|show|add|remove|export`: the same shortlists as the app."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from catalog_app.cli.common import (
    CommandError,
    add_catalog_argument,
    add_cost_arguments,
    database_url,
    open_catalog,
)
from catalog_app.cli.gui import qt_pdf_renderer
from catalog_app.cli.terminal import terminal_text
from catalog_app.costs.cost_notes import CostOptions
from catalog_app.model.catalog_frame import product_record
from catalog_app.shortlist.export import ShortlistExportError, export_shortlist
from catalog_app.shortlist.store import ShortlistError, ShortlistStore, normalise_name

NAME = "shortlist"
READ_ONLY_ACTIONS = frozenset({"list", "show", "export"})
HELP = "keep shortlists of products with notes, and export them (CSV, XLSX, JSON, PDF)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="list the shortlists", description="list the shortlists")
    show = actions.add_parser("show", help="show a shortlist's products and notes", description="show a shortlist")
    show.add_argument("name", metavar="NAME", help="shortlist name")
    add = actions.add_parser(
        "add", help="add a product (creates the shortlist if needed)", description="add a product to a shortlist"
    )
    add.add_argument("name", metavar="NAME", help="shortlist name")
    add.add_argument("product_id", metavar="ID", help="product id")
    add.add_argument("--note", default="", metavar="TEXT", help="a note to keep beside the product")
    add_catalog_argument(add)
    remove = actions.add_parser("remove", help="remove a product", description="remove a product from a shortlist")
    remove.add_argument("name", metavar="NAME", help="shortlist name")
    remove.add_argument("product_id", metavar="ID", help="product id")
    export = actions.add_parser(
        "export",
        help="export a shortlist to CSV, XLSX, JSON or PDF (by the file's suffix)",
        description="export a shortlist; the format follows the file's suffix: .csv, .xlsx, .json or .pdf",
    )
    export.add_argument("name", metavar="NAME", help="shortlist name")
    export.add_argument("--to", required=True, type=Path, metavar="FILE", help="file to write")
    add_cost_arguments(export)
    add_catalog_argument(export)
    for action in (listing, show, add, remove, export):
        action.set_defaults(command_parser=action)  # the parser that reports options it does not take


def run(args: argparse.Namespace) -> int:
    if hasattr(args, "name"):
        args.name = normalise_name(args.name)  # the form the store keeps, so messages match the list
    # Commands that only read open the store read-only: they work on a full or read-only disk and
    # never wait for another window that is saving (SQLite's WAL lets readers go on).
    store = ShortlistStore(database_url=database_url(args), read_only=args.action in READ_ONLY_ACTIONS)
    try:
        if not store.available or (store.read_only and args.action not in READ_ONLY_ACTIONS):
            raise CommandError(store.message or "The shortlist store cannot be read.")
        if store.message:
            print(terminal_text(f"note: {store.message}"), file=sys.stderr)
        action = {"list": _list, "show": _show, "add": _add, "remove": _remove, "export": _export}[args.action]
        return action(store, args)
    except (ShortlistError, ShortlistExportError) as error:
        raise CommandError(str(error)) from None
    finally:
        store.close()


def _list(store: ShortlistStore, args: argparse.Namespace) -> int:
    names = store.list_names()
    if not names:
        print("No shortlists yet. Add a product with: insole-catalog shortlist add NAME ID")
        return 0
    for name in names:
        count = len(store.items(name))
        print(terminal_text(f"{name} ({count} {'product' if count == 1 else 'products'})"))
    return 0


def _show(store: ShortlistStore, args: argparse.Namespace) -> int:
    items = store.items(args.name)
    if not items:
        print(terminal_text(f"The shortlist '{args.name}' is empty."))
        return 0
    # Names and notes are shown, never acted on by the terminal (escaped before they are measured).
    ids = [terminal_text(item.product_id) for item in items]
    names = [terminal_text(item.name) for item in items]
    id_width = max(len(text) for text in ids)
    name_width = max(len(text) for text in names)
    price_width = max(len(item.price_text()) for item in items)
    for item, product_id, name in zip(items, ids, names, strict=True):
        price = item.price_text()
        line = f"{item.position + 1:>2}. {product_id:<{id_width}}  {name:<{name_width}}  {price:>{price_width}}"
        if item.note:
            line += "  " + terminal_text(" / ".join(item.note.splitlines()))
        print(line.rstrip())
    return 0


def _add(store: ShortlistStore, args: argparse.Namespace) -> int:
    catalog = open_catalog(args.catalog, database_url(args))
    position = catalog.position_of(args.product_id)
    if position is None:
        raise CommandError(f"There is no product with id '{args.product_id}' in {catalog.source}.")
    if not store.exists(args.name):
        name = store.create(args.name)
        print(terminal_text(f"Created the shortlist '{name}'."))
    else:
        name = args.name
    item = store.add(name, product_record(catalog.frame, position), note=args.note)
    print(terminal_text(f"Added {item.name} ({item.product_id}) to '{name}'."))
    return 0


def _remove(store: ShortlistStore, args: argparse.Namespace) -> int:
    item = store.remove(args.name, args.product_id)
    print(terminal_text(f"Removed {item.name} ({item.product_id}) from '{args.name}'."))
    return 0


def _export(store: ShortlistStore, args: argparse.Namespace) -> int:
    if not store.exists(args.name):
        raise CommandError(f"There is no shortlist called '{args.name}'.")
    catalog = open_catalog(args.catalog, database_url(args))
    for message in store.check_against(args.name, catalog):
        print(terminal_text(f"note: {message}"), file=sys.stderr)
    options = CostOptions(horizon_months=args.horizon_months, pairs=args.pairs)
    render_pdf = qt_pdf_renderer() if args.to.suffix.lower() == ".pdf" else None
    path = export_shortlist(store, args.name, catalog, args.to, options=options, render_pdf=render_pdf)
    print(terminal_text(f"Exported '{args.name}' to {path}."))
    return 0
