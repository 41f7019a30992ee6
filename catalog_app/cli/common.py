"""What every subcommand shares: loading the catalog it works on, clear errors, safe terminal text."""

from __future__ import annotations

import argparse
import re
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
            terminal_text(
                f"note: {catalog.report.summary()} in {catalog.source}; "
                f"run 'insole-catalog validate {path}' for the list"
            ),
            file=sys.stderr,
        )
    return catalog


# Characters a terminal acts on instead of showing: C0 controls (escape sequences start with ESC),
# DEL, C1 controls (0x9b is a one-byte CSI), line and paragraph separators, and text-direction
# overrides and isolates, which make a terminal show text in an order it was not written in.
_NOT_FOR_TERMINALS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def terminal_text(text: str) -> str:
    """Text from a catalog, a note, a name or a file name, safe to print as one line: every
    character a terminal would act on is shown as a visible escape instead (ESC as \\x1b)."""
    return _NOT_FOR_TERMINALS.sub(_visible_escape, text)


def _visible_escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[char]
    return f"\\x{ord(char):02x}" if ord(char) <= 0xFF else f"\\u{ord(char):04x}"


def report_unexpected(error: BaseException) -> str:
    log_path = log_exception(error)
    where = f"; details are in {log_path}" if log_path else ""
    return f"something went wrong ({type(error).__name__}: {error}){where}"
