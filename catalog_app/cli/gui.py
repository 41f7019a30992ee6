"""`insole-catalog [--database URL] gui [--catalog FILE]`: open the app (also what no command does).

This module is the command line's only door into the Qt layer (the import contracts name it as the one
exception): it starts the window, and lends the window's document renderer to `shortlist export` for PDF.
Both import Qt only when called, so every other command runs without loading it.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

# Nothing heavy at import: with no command, `insole-catalog` starts the window through this
# module, and the window's first frame should not wait for pandas and pyarrow.
if TYPE_CHECKING:
    from catalog_app.shortlist.export import PdfRenderer

NAME = "gui"
HELP = "open the Insole Catalog window"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from catalog_app.cli.common import add_catalog_argument

    add_catalog_argument(parser)


def run(args: argparse.Namespace) -> int:
    # The one place the core reaches into the Qt layer: the command line is the composition root.
    from catalog_app.storage.database import resolve_database_url
    from ui.app import run_app

    # `insole-catalog --database URL gui` (or INSOLE_CATALOG_DATABASE); else the window uses the saved choice.
    return run_app(catalog_path=args.catalog, database_url=resolve_database_url(getattr(args, "database", None)))


def qt_pdf_renderer() -> PdfRenderer:
    """The window's document renderer (Qt), for `shortlist export FILE.pdf` in a terminal."""
    headless = sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if headless:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from catalog_app.cli.common import CommandError

    try:
        from ui.shortlist.print_document import write_pdf
    except ImportError as error:
        raise CommandError(f"PDF export needs Qt, which could not be loaded ({error}).") from None
    return write_pdf
