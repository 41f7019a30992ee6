"""Render the app's views offscreen to docs/screenshots/ for the README.

Run: python scripts/take_screenshots.py

- main-window.png: a profile filled in (flat arch, overpronation, lower back pain, work boots)
  and the best-fitting product selected, so the detail pane shows its reasons.
- empty-result.png: filters that match nothing, with the hint that says which one to clear.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("INSOLE_CATALOG_HOME", tempfile.mkdtemp(prefix="insole-shots-"))

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
SIZE = (1280, 800)


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    # Settings go to the throwaway folder too: a screenshot never starts from someone's saved layout.
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(Path(os.environ["INSOLE_CATALOG_HOME"]) / "settings")
    )
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from catalog_app.finder.filters import FilterState
    from catalog_app.model.profile import FootProfile
    from ui.app import configure_application_names
    from ui.main_window import MainWindow

    configure_application_names()
    window = MainWindow()
    window.resize(*SIZE)
    window.show()
    window.open_initial_catalog(None)
    window.profile_pane.set_profile(
        FootProfile(
            arch="flat",
            pronation="overpronation",
            concerns=("lower-back-pain",),
            activities=("standing",),
            shoe_types=("work-boots",),
            shoe_size="EU 43",
        )
    )
    notes = ("try in work boots first", "for the weekend hiking boots", "")
    for row, note in enumerate(notes):
        window.shortlist_pane.add_product(window.model.product_id(row), note)
    window.table.selectRow(0)
    app.processEvents()
    save(window, "main-window.png")

    window.profile_pane.clear_profile()
    window.filter_dock.raise_()
    window.filter_pane.set_state(FilterState().with_choice("category", {"cork"}).with_choice("shoe_types", {"cleats"}))
    app.processEvents()
    save(window, "empty-result.png")
    window.close()
    return 0


def save(window: QApplication | object, name: str) -> None:
    path = OUT / name
    window.grab().save(str(path))  # type: ignore[attr-defined]
    print(f"wrote {path}")


if __name__ == "__main__":
    raise SystemExit(main())
