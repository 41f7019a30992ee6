"""Cold start: open the app's main window on the bundled catalog and print the wall-clock time
(time.time()) at which the window's first paint event arrives, then exit.

Started by run.py, which notes the time just before starting this process: the difference is
the time from process start to the first painted window. It starts the window as `ui.app.run_app`
does (application names, the window, the error handler, show, then the first catalog).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

from ui.app import configure_application_names
from ui.error_handler import install_error_handler
from ui.main_window import MainWindow


class FirstPaint(QObject):
    def __init__(self, app: QApplication) -> None:
        super().__init__()
        self._app = app
        self.painted_at: float | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - a Qt override
        if event.type() == QEvent.Type.Paint and self.painted_at is None:
            self.painted_at = time.time()
            self._app.exit(0)
        return False


def main() -> None:
    configure_application_names()
    app = QApplication(sys.argv[:1])
    first_paint = FirstPaint(app)
    window = MainWindow()
    window.installEventFilter(first_paint)
    install_error_handler(window)
    window.show()
    window.open_initial_catalog(None)
    app.exec()
    print(f"{first_paint.painted_at:.6f} {window.model.rowCount()}")
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
