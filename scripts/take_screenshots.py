"""Render the app's views offscreen to docs/screenshots/ for the README.

Run: python scripts/take_screenshots.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("INSOLE_CATALOG_HOME", tempfile.mkdtemp(prefix="insole-shots-"))

from PySide6.QtWidgets import QApplication

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from ui.app import configure_application_names
    from ui.main_window import MainWindow

    configure_application_names()
    window = MainWindow()
    window.resize(1280, 800)
    window.show()
    window.open_initial_catalog(None)
    app.processEvents()
    window.grab().save(str(OUT / "main-window.png"))
    print(f"wrote {OUT / 'main-window.png'}")
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
