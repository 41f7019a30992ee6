"""`insole-catalog catalog publish FILE` and `catalog versions`: the shop catalog in the shared store.

Publishing checks the file as `insole-catalog validate` does and refuses one with broken rows,
with the same report; every desk then opens it with `--catalog db:` (or File → Shop catalog).
The store is the one given by the global `--database URL`, this command's own `--database`, or
INSOLE_CATALOG_DATABASE. A store that cannot be reached, holds no catalog or refuses the role is
one sentence and exit status 1.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import TYPE_CHECKING

from catalog_app.cli.common import (
    CatalogUnavailableError,
    CommandError,
    add_database_argument,
    database_url,
    write_json,
)
from catalog_app.cli.terminal import terminal_text
from catalog_app.cli.validate import print_report

if TYPE_CHECKING:
    from catalog_app.io.catalog_database import CatalogVersion

NAME = "catalog"
HELP = "publish a catalog to the shared store for every desk, and list the published versions"
TIME_FORMAT = "%Y-%m-%d %H:%M %Z"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    publish = actions.add_parser(
        "publish",
        help="check a catalog file and store it as the next version of the shop catalog",
        description="check a catalog file as 'validate' does; a clean one becomes the next version of the shop "
        "catalog in the shared store (older versions are kept)",
    )
    publish.add_argument("file", type=Path, metavar="FILE", help="catalog file (CSV, XLSX, JSON or Parquet)")
    versions = actions.add_parser(
        "versions",
        help="list the published versions of the shop catalog",
        description="list the published versions: number, who published it, when, products, source file",
    )
    versions.add_argument("--format", choices=("text", "json"), default="text", help="list format")
    for action in (publish, versions):
        add_database_argument(action)
        action.set_defaults(command_parser=action)


def run(args: argparse.Namespace) -> int:
    from catalog_app.io.catalog_connection import NEEDS_POSTGRES, CatalogDatabaseError
    from catalog_app.storage.database import is_postgres

    url = database_url(args)
    if url is None or not is_postgres(url):
        raise CatalogUnavailableError(NEEDS_POSTGRES)
    try:
        return _publish(url, args.file) if args.action == "publish" else _versions(url, args.format)
    except CatalogDatabaseError as error:
        raise CatalogUnavailableError(str(error)) from None


def _publish(url: str, path: Path) -> int:
    from catalog_app.io.catalog import CatalogReadError, CatalogRejectedError
    from catalog_app.io.catalog_connection import CatalogDatabaseError
    from catalog_app.io.catalog_database import publish_catalog

    started = time.perf_counter()
    try:
        version = publish_catalog(url, path)
    except CatalogRejectedError as error:
        print_report(error.report)
        print(terminal_text(f"{path.name} was not published: fix the rows above and publish it again."))
        return 1
    except CatalogDatabaseError:
        raise
    except CatalogReadError as error:
        raise CommandError(str(error)) from None
    seconds = time.perf_counter() - started
    print(
        terminal_text(
            f"published shop catalog version {version.number}: {version.product_count:,} products from "
            f"{version.source_name}, by {version.published_by} ({seconds:.1f} s)"
        )
    )
    return 0


def _versions(url: str, output: str) -> int:
    from catalog_app.io.catalog_database import catalog_versions

    versions = catalog_versions(url)
    if output == "json":
        write_json([_as_dict(version) for version in versions])
        return 0
    if not versions:
        print("No shop catalog has been published yet. Publish one with: insole-catalog catalog publish FILE")
        return 0
    rows = [("version", "published by", "published", "products", "source")]
    rows += [
        (
            str(version.number),
            version.published_by,
            version.published_at.astimezone().strftime(TIME_FORMAT),
            f"{version.product_count:,}",
            version.source_name,
        )
        for version in versions
    ]
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    for row in rows:
        cells = [
            cell.rjust(width) if column in (0, 3) else cell.ljust(width)
            for column, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        print(terminal_text("  ".join(cells).rstrip()))
    return 0


def _as_dict(version: CatalogVersion) -> dict[str, object]:
    return {
        "number": version.number,
        "published_by": version.published_by,
        "published_at": version.published_at.isoformat(),
        "product_count": version.product_count,
        "source_name": version.source_name,
    }


__all__ = ["HELP", "NAME", "add_arguments", "run"]
