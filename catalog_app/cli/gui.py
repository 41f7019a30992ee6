"""`insole-catalog gui [--catalog FILE]`: open the app (also what no command does)."""

from __future__ import annotations

import argparse

from catalog_app.cli.common import add_catalog_argument

NAME = "gui"
HELP = "open the Insole Catalog window"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_catalog_argument(parser)


def run(args: argparse.Namespace) -> int:
    # The one place the core reaches into the Qt layer: the command line is the composition root.
    from ui.app import run_app

    return run_app(catalog_path=args.catalog)
