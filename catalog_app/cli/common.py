"""What every subcommand shares: loading the catalog it works on, clear errors, safe terminal text."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from catalog_app.cli.terminal import terminal_text
from catalog_app.costs.cost_notes import CostOptions
from catalog_app.io.catalog import Catalog, CatalogReadError, load_bundled_catalog
from catalog_app.io.catalog_connection import CatalogDatabaseError
from catalog_app.io.catalog_source import CatalogSource, open_catalog_source, parse_catalog_source
from catalog_app.storage.error_log import log_exception


class CommandError(Exception):
    """A user error: printed as one sentence, exit status 2."""

    exit_status = 2


class CatalogUnavailableError(CommandError):
    """The shop catalog could not be had from the store (unreachable, none published, no right):
    one sentence, exit status 1, as for a catalog that fails validation."""

    exit_status = 1


def add_catalog_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--catalog",
        metavar="FILE",
        type=_catalog_source,
        help="catalog file (CSV, XLSX, JSON or Parquet), or db: for the shop catalog published to the "
        "shared store (db:N for version N); default: the bundled catalog",
    )


def _catalog_source(text: str) -> CatalogSource:
    try:
        return parse_catalog_source(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def add_database_argument(parser: argparse.ArgumentParser) -> None:
    """`--database URL` after a command too; it never hides one given before the command."""
    parser.add_argument(
        "--database",
        metavar="URL",
        default=argparse.SUPPRESS,
        help="the store to use (a postgresql:// server or an SQLite file); default: $INSOLE_CATALOG_DATABASE",
    )


def database_url(args: argparse.Namespace) -> str | None:
    """The database a command works on: --database, then $INSOLE_CATALOG_DATABASE; None for the SQLite file."""
    from catalog_app.storage.database import resolve_database_url

    return resolve_database_url(getattr(args, "database", None))


def add_cost_arguments(parser: argparse.ArgumentParser) -> None:
    """--horizon-months and --pairs, checked and worded the same wherever costs are shown."""
    parser.add_argument(
        "--horizon-months",
        type=_one_or_more,
        default=CostOptions.horizon_months,
        metavar="N",
        help="months to count replacements over (default: %(default)s)",
    )
    parser.add_argument(
        "--pairs",
        type=_one_or_more,
        default=CostOptions.pairs,
        metavar="N",
        help="pairs of shoes to fit; an insole that cannot move between shoes is bought for each (default: 1)",
    )


def _one_or_more(text: str) -> int:
    # Worded to follow the option's name: "--pairs must be 1 or more, not 0".
    try:
        value = int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"takes a whole number of 1 or more, not '{text}'") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def open_catalog(path: CatalogSource | None, database: str | None = None) -> Catalog:
    """The catalog a command works on; rows that fail validation are left out, with a note.
    `db:` sources are read from the store at `database` (or INSOLE_CATALOG_DATABASE)."""
    if path is None:
        return load_bundled_catalog()
    try:
        catalog = open_catalog_source(path, database_url=database, invalid_rows="load-valid")
    except CatalogDatabaseError as error:
        raise CatalogUnavailableError(str(error)) from None
    except CatalogReadError as error:
        raise CommandError(str(error)) from None
    if catalog.report.rejected:
        print(
            terminal_text(
                f"note: {catalog.report.summary()} in {catalog.source}; "
                f"run 'insole-catalog validate {path}' for the list"
            ),
            file=sys.stderr,
        )
    return catalog


def write_json(data: Any) -> None:
    """JSON on standard output. Where its encoding cannot hold every character (cp1252, a C
    locale), characters are written as \\u escapes, so the JSON still reads back exactly."""
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "").replace("_", "")
    json.dump(data, sys.stdout, indent=2, ensure_ascii=not encoding.startswith("utf"))
    print()


def report_unexpected(error: BaseException) -> str:
    log_path = log_exception(error)
    where = f"; details are in {log_path}" if log_path else ""
    return f"something went wrong ({type(error).__name__}: {error}){where}"
