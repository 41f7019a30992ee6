"""Render a three-product comparison (memory foam, carbon fiber, custom orthotic) with its charts.

Run: python scripts/screenshot_comparison.py  (writes docs/screenshots/comparison.png)
The lead's screenshot script calls `render_comparison(path)`.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("INSOLE_CATALOG_HOME", tempfile.mkdtemp(prefix="insole-shots-"))

from PySide6.QtWidgets import QApplication

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots" / "comparison.png"
# Three contrasting bundled products: a memory foam, a carbon fiber and a custom orthotic.
PRODUCTS = ["tidewell-cloudrest-full", "corvane-carbon-stride", "larkmoor-functional-custom"]
SIZE = (1100, 700)


def render_comparison(path: Path) -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from catalog_app.io.catalog import load_bundled_catalog
    from ui.compare.comparison_view import ComparisonView

    view = ComparisonView(load_bundled_catalog())
    view.setWindowTitle("Compare")
    view.set_products(PRODUCTS)
    view.resize(*SIZE)
    view.show()
    app.processEvents()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not view.grab().save(str(path)):
        raise OSError(f"could not write {path}")
    view.close()
    view.deleteLater()
    app.processEvents()


def main() -> int:
    render_comparison(OUT)
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
