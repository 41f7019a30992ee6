"""Cold start: start the app as `python -m catalog_app` (no command) does, and print the wall-clock
times (time.time()) of its first painted frame and of its first painted FILLED window (a results
table painted with the bundled catalog's rows in it: the first screen's, from its snapshot, or the
real window's), the number of rows, which heavy modules were already imported when the first frame
painted ("-" for none), and which of the modules that the filled window should not wait for (the
shortlist store's SQLAlchemy and Alembic, the charts' matplotlib) were imported when it painted
("-" for none); then the time the real window became USABLE (its own results table, over the
finder's model, painted with rows), which heavy modules were imported when the filled window
painted, and which of the store's and charts' modules when the usable one did; then exit.

Started by run.py, which notes the time just before starting this process: the differences are
the times from process start. Only the QApplication is made here, before the command line runs,
so that a watcher sees every paint; the rest is the app's own start-up path.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QAbstractItemView, QApplication

RESULTS_TABLE = "resultsTable"  # the object name of the window's results table
FIRST_SCREEN = "firstScreen"  # a property of the first screen's table (`ui.first_screen`): not the real one
HEAVY = {"pandas", "pyarrow", "pydantic", "ui.main_window"}  # what the first frame should not wait for
NOT_FOR_THE_CATALOG = {"sqlalchemy", "alembic", "matplotlib"}  # what the filled window should not wait for


class Paints(QObject):
    """Watches every paint in the app: the first of any window, the first of a filled table, and the
    first of the real window's filled table (the same paint when there is no first screen)."""

    def __init__(self, app: QApplication) -> None:
        super().__init__()
        self._app = app
        self.first_frame_at: float | None = None
        self.filled_at: float | None = None
        self.usable_at: float | None = None
        self.rows = 0
        self.heavy_at_first_frame: list[str] = []
        self.heavy_when_filled: list[str] = []
        self.heavy_at_filled: list[str] = []
        self.heavy_when_usable: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - a Qt override
        if event.type() != QEvent.Type.Paint or self.usable_at is not None:
            return False
        now = time.time()
        if self.first_frame_at is None:
            self.first_frame_at = now
            self.heavy_at_first_frame = sorted(HEAVY & set(sys.modules))
        table = watched.parent()
        if isinstance(table, QAbstractItemView) and table.objectName() == RESULTS_TABLE and table.model().rowCount():
            if self.filled_at is None:
                self.filled_at = now
                self.heavy_when_filled = sorted(NOT_FOR_THE_CATALOG & set(sys.modules))
                self.heavy_at_filled = sorted(HEAVY & set(sys.modules))
                self.rows = table.model().rowCount()
            if not table.property(FIRST_SCREEN):
                self.usable_at = now
                self.heavy_when_usable = sorted(NOT_FOR_THE_CATALOG & set(sys.modules))
                # The times are taken; the app's own work for the turn after this paint (opening the
                # stores, remembering the first screen for the next start) runs before the exit, as
                # it does for a user, so that launches sharing a --home folder start as a returning user.
                QTimer.singleShot(0, lambda: QTimer.singleShot(0, lambda: self._app.exit(0)))
        return False


def main() -> None:
    app = QApplication(sys.argv[:1])
    paints = Paints(app)
    app.installEventFilter(paints)
    from catalog_app.cli.main import main as command_line

    command_line([])
    heavy = ",".join(paints.heavy_at_first_frame) or "-"
    heavy_filled = ",".join(paints.heavy_when_filled) or "-"
    heavy_at_filled = ",".join(paints.heavy_at_filled) or "-"
    heavy_usable = ",".join(paints.heavy_when_usable) or "-"
    print(
        f"{paints.first_frame_at:.6f} {paints.filled_at:.6f} {paints.rows} {heavy} {heavy_filled} "
        f"{paints.usable_at:.6f} {heavy_at_filled} {heavy_usable}"
    )
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
