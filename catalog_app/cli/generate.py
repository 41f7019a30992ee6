"""`insole-catalog generate --rows N [--seed S] --to FILE`: a synthetic catalog for demos and benchmarks."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from catalog_app.cli.common import CommandError
from catalog_app.model.limits import MAX_ROWS

NAME = "generate"
HELP = "write a synthetic catalog of N products (CSV, TSV, XLSX or Parquet, by the file's suffix)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rows", type=int, required=True, metavar="N", help="how many products (rows) to write")
    parser.add_argument("--seed", type=int, default=0, metavar="S", help="the same seed writes the same catalog")
    parser.add_argument(
        "--to", type=Path, required=True, metavar="FILE", help="where to write: .csv, .tsv, .xlsx or .parquet"
    )


def run(args: argparse.Namespace) -> int:
    from catalog_app.io.generator import (
        WRITABLE_SUFFIXES,
        XLSX_MAX_ROWS,
        WorkbookTooLargeError,
        generate_table,
        write_catalog,
    )

    path: Path = args.to
    suffix = path.suffix.lower()
    if suffix not in WRITABLE_SUFFIXES:
        raise CommandError(f"cannot write '{path.name}'; give a file ending in {', '.join(WRITABLE_SUFFIXES)}.")
    if not 1 <= args.rows <= MAX_ROWS:
        raise CommandError(f"--rows must be between 1 and {MAX_ROWS:,}.")
    if suffix == ".xlsx" and args.rows > XLSX_MAX_ROWS:
        raise CommandError(f"an .xlsx sheet holds at most {XLSX_MAX_ROWS:,} products; write .csv or .parquet instead.")
    if args.seed < 0:
        raise CommandError("--seed must not be negative.")
    if not path.parent.is_dir():
        raise CommandError(f"the folder {path.parent} does not exist.")
    started = time.perf_counter()
    table = generate_table(args.rows, args.seed)
    try:
        write_catalog(table, path)
    except OSError as error:
        raise CommandError(f"cannot write {path}: {error.strerror or error}.") from None
    except WorkbookTooLargeError as error:  # the reader would refuse it: say so before writing it
        raise CommandError(str(error)) from None
    seconds = time.perf_counter() - started
    print(f"wrote {args.rows:,} products to {path} in {seconds:.1f} s (seed {args.seed})")
    return 0
