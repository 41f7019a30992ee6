"""The main window and the comparison at laptop sizes (1280×720 and 1366×768), for docs/screenshots/.

Run: python scripts/screenshot_small_screens.py
Writes main-window-1280x720.png, main-window-1366x768.png, comparison-1280x720.png and
comparison-1366x768.png. The main window is shown with a profile, five shortlisted picks and a saved
filter preset applied, after a restart that restores a layout saved on a 1920×1200 screen (the case
that used to leave the search box 28 pixels wide).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("INSOLE_CATALOG_HOME", tempfile.mkdtemp(prefix="insole-shots-"))

from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtWidgets import QApplication

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
SIZES = ((1280, 720), (1366, 768))
COMPARED = ["tidewell-cloudrest-full", "corvane-carbon-stride", "larkmoor-functional-custom"]
TITLE_BAR = 30  # what a window manager's title bar takes from the screen's height


def settle(app: QApplication) -> None:
    for _ in range(3):
        QCoreApplication.sendPostedEvents()
        app.processEvents()


def big_screen_layout(app: QApplication) -> None:
    """Leave a layout saved on a big screen, as a restart on a laptop finds it."""
    from ui.main_window import MainWindow

    window = MainWindow()
    window.resize(1920, 1200)
    window.show()
    window.open_initial_catalog(None)
    window.resizeDocks([window.profile_dock, window.detail_dock], [560, 620], Qt.Orientation.Horizontal)
    window.resizeDocks([window.shortlist_dock], [560], Qt.Orientation.Vertical)
    settle(app)
    window.close()


def main_window(app: QApplication, size: tuple[int, int]) -> Path:
    from catalog_app.finder.filter_presets import save_preset
    from catalog_app.finder.filters import FilterState
    from catalog_app.model.profile import FootProfile
    from ui.main_window import MainWindow

    window = MainWindow()
    window.resize(*size)
    window.show()
    window.open_initial_catalog(None)
    profile = FootProfile(arch="flat", pronation="overpronation", activities=("standing",), shoe_types=("work-boots",))
    window.profile_pane.set_profile(profile)
    save_preset("Work boots under $60", FilterState(price_max=60.0).with_choice("shoe_types", {"work-boots"}))
    window.filter_pane.presets.reload()
    window.filter_pane.presets.apply("Work boots under $60")
    for row, note in enumerate(("try in work boots first", "", "for the weekend", "", "")):
        window.shortlist_pane.add_product(window.model.product_id(row), note)
    window.table.selectRow(0)
    window.filter_dock.raise_()
    settle(app)
    path = OUT / f"main-window-{size[0]}x{size[1]}.png"
    window.grab().save(str(path))
    window.close()
    return path


def comparison(app: QApplication, size: tuple[int, int]) -> Path:
    from catalog_app.io.catalog import load_bundled_catalog
    from ui.compare.comparison_dialog import ComparisonDialog

    catalog = load_bundled_catalog()
    dialog = ComparisonDialog(catalog)
    dialog.show_products(catalog, COMPARED, None)
    dialog.resize(size[0], size[1] - TITLE_BAR)
    settle(app)
    path = OUT / f"comparison-{size[0]}x{size[1]}.png"
    dialog.grab().save(str(path))
    dialog.close()
    return path


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    home = Path(os.environ["INSOLE_CATALOG_HOME"])
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(home / "settings"))
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from ui.app import configure_application_names

    configure_application_names()
    big_screen_layout(app)
    for size in SIZES:
        print(f"wrote {main_window(app, size)}")
        print(f"wrote {comparison(app, size)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
