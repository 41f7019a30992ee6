"""Screenshots of a start: the first screen as it paints, then the real window that takes its place.

Run: python scripts/screenshot_first_screen.py [OUT_FOLDER] [--home DIR]
Writes first-screen.png and first-screen-window.png (default folder: /tmp). Without `--home` the
start is a new user's (a scratch data folder); with it, that folder's settings, profile and
snapshot are used (a returning user). The two should look like one window getting ready.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WINDOW_SETTLE_MS = 300  # the real window's turn after its first paint (the stores open) is over by then


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out", nargs="?", type=Path, default=Path(tempfile.gettempdir()))
    parser.add_argument("--home", type=Path, help="the data folder to start from (default: a new, empty one)")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["INSOLE_CATALOG_HOME"] = str(args.home or tempfile.mkdtemp(prefix="insole-first-screen-"))
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    import ui.app

    app = QApplication.instance() or QApplication(sys.argv[:1])
    build = ui.app._main_window
    saved: list[Path] = []

    def grab(widget: object, name: str) -> None:
        path = args.out / name
        if widget is not None and widget.grab().save(str(path)):  # type: ignore[attr-defined]
            saved.append(path)

    def building(*build_args: object) -> object:
        shown = [widget for widget in QApplication.topLevelWidgets() if widget.isVisible()]
        grab(shown[0] if shown else None, "first-screen.png")
        window = build(*build_args)  # type: ignore[arg-type]

        def then() -> None:
            grab(window, "first-screen-window.png")
            window.close()
            app.quit()

        QTimer.singleShot(WINDOW_SETTLE_MS, then)
        return window

    ui.app._main_window = building  # type: ignore[assignment]
    ui.app.run_app()
    for path in saved:
        print(f"wrote {path}")
    return 0 if len(saved) == 2 else 1


if __name__ == "__main__":
    raise SystemExit(main())
