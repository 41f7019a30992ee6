"""`insole-catalog validate FILE`: every problem of a catalog file, by row and column."""

from __future__ import annotations

import argparse
from pathlib import Path

from catalog_app.cli.common import CommandError, write_json
from catalog_app.cli.terminal import terminal_text
from catalog_app.io.reader import CatalogReadError, read_catalog_file
from catalog_app.model.validation_report import ValidationReport
from catalog_app.validation.validate import validate_table

NAME = "validate"
HELP = "check a catalog file and list every problem by row and column"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, metavar="FILE", help="catalog file (CSV, XLSX, JSON or Parquet)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="report format")


def run(args: argparse.Namespace) -> int:
    try:
        raw = read_catalog_file(args.file)
    except CatalogReadError as error:
        raise CommandError(str(error)) from None
    _frame, report = validate_table(raw)
    if args.format == "json":
        write_json(report.as_dict())
    else:
        print_report(report)
    return 0 if report.is_clean else 1


def print_report(report: ValidationReport) -> None:
    """Every warning and problem, one per line, then the summary (also what `catalog publish`
    prints for a catalog it refuses)."""
    # A problem line quotes the cell it is about: shown, never acted on by the terminal.
    for problem in report.warnings:
        print(terminal_text(f"warning: {problem.line()}"))
    for problem in report.errors:
        print(terminal_text(problem.line()))
    print(report.summary())
