"""Write the first screen shipped with the bundled catalog: `python scripts/write_first_screen.py`.

Starts the real window offscreen, with no saved settings, on the bundled catalog, and writes what its
results table shows (`ui.first_screen_memory.shipped_first_screen`) to catalog_data/first_screen.json.
Run it after changing the bundled catalog, the table's columns or formatting, or the app's version:
`tests/test_first_screen.py` fails until the shipped file says what the window shows.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
SCRATCH = tempfile.mkdtemp(prefix="insole-first-screen-")
os.environ["INSOLE_CATALOG_HOME"] = SCRATCH  # no saved settings: the first start of a new user
os.environ["XDG_CONFIG_HOME"] = str(Path(SCRATCH) / "config")

from PySide6.QtTest import QTest  # noqa: E402 - after the environment above
from PySide6.QtWidgets import QApplication  # noqa: E402


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from catalog_app.storage.first_screen import shipped_first_screen_path, write_first_screen
    from ui.app import configure_application_names
    from ui.first_screen_memory import shipped_first_screen
    from ui.main_window import MainWindow

    configure_application_names(version=False)
    window = MainWindow(open_stores_later=True)
    window.show()
    window.open_initial_catalog(None)
    QTest.qWaitForWindowExposed(window)
    app.processEvents()
    screen, key, profiles = shipped_first_screen(window)
    target = shipped_first_screen_path()
    if not write_first_screen(target, screen, key, profiles=profiles):
        print(f"could not write {target}", file=sys.stderr)
        return 1
    window.close()
    print(f"wrote {target}: {len(screen.rows)} rows, {len(screen.shown)} of {len(screen.columns)} columns shown")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
