"""Render the shortlist pane and the first page of its PDF export to docs/screenshots/.

Run: python scripts/screenshot_shortlist.py
Uses a throw-away data folder, so the user's own shortlists are never touched.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("INSOLE_CATALOG_HOME", tempfile.mkdtemp(prefix="insole-shots-"))

from PySide6.QtWidgets import QApplication

from catalog_app.costs.cost_notes import CostOptions
from catalog_app.io.catalog import Catalog, load_bundled_catalog
from catalog_app.model.profile import FootProfile
from catalog_app.shortlist.store import ShortlistStore

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
PANE_SIZE = (560, 400)
EXAMPLE_PROFILE = FootProfile(
    arch="flat",
    pronation="overpronation",
    concerns=("plantar-fasciitis",),
    activities=("standing", "walking"),
    shoe_types=("work-boots", "athletic"),
)
# (product id, note): a clinic assistant's picks for a client on her feet all day.
EXAMPLE_PICKS = (
    ("ironbark-shift-cushion", "try in work boots first"),
    ("tidewell-cloudrest-plus", "softest of the three; check heel fit"),
    ("ironbark-met-guard-boot", "if the budget allows"),
)
WHEN = dt.datetime(2025, 3, 14, 10, 30).astimezone()


def _example_store(folder: Path, catalog: Catalog) -> ShortlistStore:
    store = ShortlistStore(folder / "shortlists.sqlite3")
    store.create("Maria, clinic visit", EXAMPLE_PROFILE)
    for product_id, note in EXAMPLE_PICKS:
        position = catalog.position_of(product_id)
        if position is None:
            raise SystemExit(f"the example product {product_id} is not in the bundled catalog")
        from catalog_app.model.catalog_frame import product_record

        store.add("Maria, clinic visit", product_record(catalog.frame, position), note=note)
    store.create("Running club")
    return store


def _application() -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    return app


def render_shortlist_pane(path: Path) -> Path:
    """The pane with three picks and notes, as the assistant sees it."""
    app = _application()
    from ui.shortlist.shortlist_pane import ShortlistPane

    catalog = load_bundled_catalog()
    with tempfile.TemporaryDirectory() as folder:
        store = _example_store(Path(folder), catalog)
        pane = ShortlistPane(store)
        pane.set_catalog(catalog)
        pane.set_profile(EXAMPLE_PROFILE)
        pane.switch_to("Maria, clinic visit")
        pane.resize(*PANE_SIZE)
        pane.show()
        pane.table.selectRow(0)
        app.processEvents()
        path.parent.mkdir(parents=True, exist_ok=True)
        pane.grab().save(str(path))
        pane.close()
        pane.deleteLater()
        store.close()
    return path


def render_pdf_first_page(path: Path) -> Path:
    """Export the example shortlist to PDF and render its first page to PNG with pdftoppm."""
    _application()
    from catalog_app.shortlist.export import export_shortlist
    from ui.shortlist.print_document import write_pdf

    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise SystemExit("pdftoppm is needed to render the PDF page (apt-get install poppler-utils)")
    catalog = load_bundled_catalog()
    with tempfile.TemporaryDirectory() as folder:
        store = _example_store(Path(folder), catalog)
        pdf = Path(folder) / "shortlist.pdf"
        export_shortlist(
            store,
            "Maria, clinic visit",
            catalog,
            pdf,
            options=CostOptions(horizon_months=24, pairs=2),
            when=WHEN,
            render_pdf=write_pdf,
        )
        store.close()
        stem = Path(folder) / "page"
        subprocess.run([pdftoppm, "-png", "-r", "80", "-f", "1", "-l", "1", str(pdf), str(stem)], check=True)
        rendered = sorted(Path(folder).glob("page*.png"))
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(rendered[0], path)
    return path


def main() -> int:
    for path in (
        render_shortlist_pane(OUT / "shortlist-pane.png"),
        render_pdf_first_page(OUT / "shortlist-pdf-page1.png"),
    ):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
