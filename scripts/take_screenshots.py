"""Render the app's views offscreen to docs/screenshots/ for the README.

Run: python scripts/take_screenshots.py [NAME.png ...]   (no names: all of them)

- main-window.png: a profile filled in (flat arch, overpronation, lower back pain, work boots)
  and the best-fitting product selected, so the detail pane shows its reasons.
- empty-result.png: filters that match nothing, with the hint that says which one to clear.
- arch-helper-footprint.png, arch-helper-shoe-wear.png: the "Not sure?" helper's two steps.
- red-flag-note.png: a profile with a warning sign ticked; its note shows above the results.
- results-confidence.png: the results with the Confidence and Monthly (2 yr) columns in view.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("INSOLE_CATALOG_HOME", tempfile.mkdtemp(prefix="insole-shots-"))

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from ui.main_window import MainWindow

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
SIZE = (1280, 800)


WANTED: set[str] = set()


def main() -> int:
    WANTED.update(arg for arg in sys.argv[1:] if arg.endswith(".png"))
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
    window.filter_pane.clear_all()
    take_arch_helper(window)
    take_red_flag_note(window)
    take_results_confidence(window)
    window.close()
    return 0


def take_arch_helper(window: MainWindow) -> None:
    """The helper opened from the profile pane, on each step with an answer picked."""
    app = QApplication.instance()
    window.profile_dock.raise_()
    helper = window.profile_pane.open_arch_helper()
    helper.footprint.set_value("medium")
    app.processEvents()
    save(helper, "arch-helper-footprint.png")
    helper.show_step(1)
    helper.shoe_wear.set_value("overpronation")
    app.processEvents()
    save(helper, "arch-helper-shoe-wear.png")
    helper.reject()


def take_red_flag_note(window: MainWindow) -> None:
    """Heel pain with numbness ticked: the note above the results and first in the details; the results stay."""
    from catalog_app.model.profile import FootProfile

    window.profile_pane.set_profile(
        FootProfile(
            arch="medium",
            concerns=("heel-pain",),
            activities=("walking",),
            shoe_types=("athletic",),
            red_flags=("numbness-tingling",),
        )
    )
    window.table.selectRow(0)
    area = window.profile_dock.widget()
    area.ensureWidgetVisible(window.profile_pane.red_flags)  # type: ignore[attr-defined]
    QApplication.processEvents()
    save(window, "red-flag-note.png")


def take_results_confidence(window: MainWindow) -> None:
    """The README example profile, wide enough that Fit, Confidence, Price and Monthly (2 yr) are all in view."""
    from catalog_app.model.profile import FootProfile

    window.resize(1600, 800)
    window.profile_pane.set_profile(
        FootProfile(arch="flat", pronation="overpronation", concerns=("lower-back-pain",), shoe_types=("work-boots",))
    )
    window.table.selectRow(0)
    QApplication.processEvents()
    save(window.results, "results-confidence.png")
    window.resize(*SIZE)


def save(window: QApplication | object, name: str) -> None:
    if WANTED and name not in WANTED:
        return
    path = OUT / name
    window.grab().save(str(path))  # type: ignore[attr-defined]
    print(f"wrote {path}")


if __name__ == "__main__":
    raise SystemExit(main())
