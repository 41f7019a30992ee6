"""What every subcommand shares: loading the catalog it works on, and clear errors."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from catalog_app.io.catalog import Catalog, CatalogReadError, load_bundled_catalog, load_catalog
from catalog_app.storage.error_log import log_exception


class CommandError(Exception):
    """A user error: printed as one sentence, exit status 2."""


def add_catalog_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--catalog",
        metavar="FILE",
        type=Path,
        help="catalog file (CSV, XLSX, JSON or Parquet); default: the bundled catalog",
    )


def open_catalog(path: Path | None) -> Catalog:
    """The catalog a command works on; rows that fail validation are left out, with a note."""
    if path is None:
        return load_bundled_catalog()
    try:
        catalog = load_catalog(path, invalid_rows="load-valid")
    except CatalogReadError as error:
        raise CommandError(str(error)) from None
    if catalog.report.rejected:
        print(
            f"note: {catalog.report.summary()} in {catalog.source}; run 'insole-catalog validate {path}' for the list",
            file=sys.stderr,
        )
    return catalog


def report_unexpected(error: BaseException) -> str:
    log_path = log_exception(error)
    where = f"; details are in {log_path}" if log_path else ""
    return f"something went wrong ({type(error).__name__}: {error}){where}"
