"""Start the Qt application: a first screen at once, then the window, the error handler, the first catalog.

The window needs the core, and importing the core (pandas, pyarrow, pydantic) is most of a cold
start. So this module imports only Qt and the standard library: it paints, where the window will be,
the first screen (`ui.first_screen`: the window as it will look, its table filled from a snapshot of
the bundled catalog) or, when no snapshot is for this start, a plain frame with the app's title; and
imports and builds the window once that is on screen.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QCoreApplication, QEvent, QObject, QRect, QSettings, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from catalog_app.desktop.desktop_entry import APP_ID
from catalog_app.model.version import app_version
from catalog_app.model.wording import APP_TITLE
from ui.about_box import app_icon
from ui.binding_guard import guard_the_binding
from ui.first_screen import FirstScreenWindow, first_screen_for_start
from ui.import_scan import scan_imports_lightly
from ui.settings_location import APPLICATION, GEOMETRY_KEY, ORGANIZATION, open_settings

if TYPE_CHECKING:
    from catalog_app.storage.first_screen import FirstScreen, StartKey
    from ui.first_screen_memory import FirstScreenMemory
    from ui.main_window import MainWindow

SMOKE_TEST_ENV = "INSOLE_CATALOG_SMOKE_TEST"  # set: show the window, print what it shows, quit
FRAME_SIZE = (1280, 800)  # the main window's own first size
# If the frame is never exposed (e.g. started minimised), the window is built anyway after this.
FRAME_WAIT_MS = 200


def configure_application_names(*, version: bool = True) -> None:
    """The names settings are kept under; the version too unless `version` is False (see `run_app`)."""
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    if version:
        set_application_version()


def set_application_version() -> None:
    QCoreApplication.setApplicationVersion(app_version())  # from the installed metadata (pyproject.toml)


def run_app(*, catalog_path: Path | str | None = None, database_url: str | None = None) -> int:
    """Start the app; `catalog_path` may be `db:` (the shop catalog) and `database_url` the shared store to use."""
    scan_imports_lightly()  # before the core's imports: PySide6 would keep all their source lines
    # Reading the installed metadata for the version takes tens of milliseconds and nothing on the
    # first screen shows it: it is told once the window is up (the About box reads it itself).
    configure_application_names(version=False)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    guard_the_binding()
    QGuiApplication.setApplicationDisplayName(APP_TITLE)
    QGuiApplication.setDesktopFileName(APP_ID)  # matches the .desktop file `desktop-entry install` writes
    QGuiApplication.setWindowIcon(app_icon())
    startup = _Startup(app, catalog_path, database_url)
    startup.frame.show()
    status = app.exec()
    if startup.error is not None:  # the window could not be built: fail as before, not with an empty frame
        # Closing the frame, the last window, asked the app to quit after exec() had returned; that
        # request must not close the windows of whoever runs an event loop next.
        QCoreApplication.removePostedEvents(app, QEvent.Type.Quit)
        raise startup.error
    return status


class _Startup(QObject):
    """Shows the first screen (or the plain frame); once it has painted, builds the main window and puts
    it in its place, and has the window's first results remembered for the next start."""

    def __init__(self, app: QApplication, catalog_path: Path | str | None, database_url: str | None) -> None:
        super().__init__()
        self._app = app
        self._catalog_path = catalog_path
        self._database_url = database_url
        self.window: MainWindow | None = None
        self.error: BaseException | None = None
        self._started = False  # building the window may run a nested event loop (a message box)
        self.key: StartKey | None = None  # what this start's first table depends on (bundled catalog only)
        self.shown: FirstScreen | None = None  # the snapshot on the first screen (None: the plain frame)
        self.memory: FirstScreenMemory | None = None
        self._place_saved = False  # the window restores a saved place and size itself
        self.frame, self._painted = self._first_screen(catalog_path)
        self._painted.installEventFilter(self)
        self._fallback = QTimer(self)
        self._fallback.setSingleShot(True)
        self._fallback.timeout.connect(self.open_window)
        self._fallback.start(FRAME_WAIT_MS)

    def _first_screen(self, catalog_path: Path | str | None) -> tuple[QWidget, QWidget]:
        """The first screen and the part whose paint means it is on screen (its filled table); or the plain frame."""
        settings = open_settings()
        geometry = settings.value(GEOMETRY_KEY)
        self._place_saved = isinstance(geometry, QByteArray) and not geometry.isEmpty()
        self.key, self.shown = first_screen_for_start(catalog_path, settings)
        if self.shown is None:
            frame = _first_frame(settings)
            return frame, frame
        screen = FirstScreenWindow(self.shown, settings)
        return screen, screen.table.viewport()

    def _place(self) -> QRect | None:
        """Where the window goes when no place was saved: where the first screen is, so that it takes
        its place rather than opening beside it (a window manager places a second window elsewhere)."""
        return self.frame.geometry() if self.frame.isVisible() and not self._place_saved else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # a Qt override
        if watched is self._painted and event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, self.open_window)  # after this paint has reached the screen
        return False

    def open_window(self) -> None:
        if self._started:
            return
        self._started = True
        self._fallback.stop()
        self._painted.removeEventFilter(self)
        try:
            self.window = _main_window(self._database_url, self._place())
            self.window.on_stores_failed = self._fail
            self._remember_first_screen(self.window)
            self.window.open_initial_catalog(self._catalog_path)
            QTimer.singleShot(0, set_application_version)
            if os.environ.get(SMOKE_TEST_ENV):
                window = self.window
                QTimer.singleShot(0, lambda: _report_and_quit(window))
        except Exception as error:  # handed to run_app's caller once the event loop has stopped
            self.error = error
            self._app.exit(1)
        finally:
            self.frame.close()
            self.frame.deleteLater()

    def _remember_first_screen(self, window: MainWindow) -> None:
        """After the window's first results paint, they are kept for the next start's first screen."""
        if self.key is not None:
            from ui.first_screen_memory import FirstScreenMemory

            self.memory = FirstScreenMemory(window, self.key, self.shown)

    def _fail(self, error: Exception) -> None:
        """The stores could not be opened (just after the first paint): the start fails as it did when
        they were opened before the window was built."""
        self.error = error
        if self.window is not None:
            self.window.close()
        self._app.exit(1)


def _main_window(database_url: str | None = None, place: QRect | None = None) -> MainWindow:
    # The heavy imports happen here, after the first frame is on screen.
    from ui.error_handler import install_error_handler
    from ui.main_window import MainWindow

    # The stores open just after the results first paint: SQLAlchemy is not needed to show the catalog.
    window = MainWindow(database_url=database_url, open_stores_later=True)
    install_error_handler(window)
    if place is not None:
        window.setGeometry(place)
    window.show()
    return window


def _first_frame(settings: QSettings | None = None) -> QWidget:
    """A plain window with the app's title, where and as large as the main window will be (when no
    snapshot is for this start)."""
    frame = QWidget()
    frame.setWindowTitle(APP_TITLE)
    frame.resize(*FRAME_SIZE)
    settings = settings or open_settings()
    geometry = settings.value(GEOMETRY_KEY)  # what the main window restores, from where it keeps it
    if isinstance(geometry, QByteArray) and not geometry.isEmpty():
        frame.restoreGeometry(geometry)
    message = QLabel("Opening the catalog…", frame)
    message.setTextFormat(Qt.TextFormat.PlainText)
    message.setAlignment(Qt.AlignmentFlag.AlignCenter)
    layout = QVBoxLayout(frame)
    layout.addWidget(message)
    return frame


def _report_and_quit(window: MainWindow) -> None:
    """For the bundle's smoke test: say the window is up with the catalog in it, then quit."""
    print(f"window shown: {window.windowTitle()}, {window.model.rowCount()} products", flush=True)
    window.close()
    QCoreApplication.quit()
